// libFuzzer target for one parser of router text, chosen at build time by LICMIG_FUZZ_PARSER (a
// name from snapshot/parser_registry.cpp, e.g. "show_version"), or for Release::parse when it is
// "release". Each input runs through the parser and, when recognised, through the snapshot merge
// and both serialisations, whose round trip must be exact.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "snapshot/parser_registry.hpp"
#include "snapshot/release.hpp"
#include "snapshot/serialize.hpp"

#ifndef LICMIG_FUZZ_PARSER
#error "define LICMIG_FUZZ_PARSER"
#endif

using namespace licmig::snapshot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  const std::string_view which = LICMIG_FUZZ_PARSER;
  if (which == "release") {
    auto r = Release::parse(text);
    if (r) {
      auto again = Release::parse(r->normalised());
      if (!again || again.value() != r.value()) std::abort();  // normalised form must re-parse equal
    }
    return 0;
  }
  static const ParserEntry *entry = find_parser_by_name(which);
  if (entry == nullptr) std::abort();
  auto parsed = entry->to_json(text);
  Snapshot snap;
  auto merged = entry->into_snapshot(text, snap);
  if (merged.recognised() != parsed.recognised()) std::abort();  // both paths must agree
  if (merged.recognised()) {
    auto back = snapshot_from_xml_text(snapshot_to_xml_text(snap));
    if (!back || nlohmann::json(back.value()) != nlohmann::json(snap)) std::abort();
  }
  return 0;
}
