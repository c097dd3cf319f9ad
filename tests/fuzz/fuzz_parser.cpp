// libFuzzer target for the parsers of router text: the one named by the environment variable
// LICMIG_FUZZ_PARSER (a name from snapshot/parser_registry.cpp, e.g. "show_version"), or
// Release::parse when it is "release" (scripts/fuzz sets it). Each input runs through the parser and,
// when recognised, through the snapshot merge and both serialisations, whose round trip must be exact.
// One binary for every parser: built once, not once per parser.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "snapshot/parser_registry.hpp"
#include "snapshot/release.hpp"
#include "snapshot/serialize.hpp"

using namespace licmig::snapshot;

namespace {
std::string_view which;              // LICMIG_FUZZ_PARSER
const ParserEntry *entry = nullptr;  // its parser (none for "release")
}  // namespace

extern "C" int LLVMFuzzerInitialize(int * /*argc*/, char *** /*argv*/) {
  const char *name = std::getenv("LICMIG_FUZZ_PARSER");
  if (name == nullptr || *name == '\0') {
    std::fprintf(stderr, "fuzz_parser: set LICMIG_FUZZ_PARSER to a parser name (scripts/fuzz --list)\n");
    std::exit(2);
  }
  which = name;
  if (which != "release") {
    entry = find_parser_by_name(which);
    if (entry == nullptr) {
      std::fprintf(stderr, "fuzz_parser: no parser named '%s' (scripts/fuzz --list)\n", name);
      std::exit(2);
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  if (which == "release") {
    auto r = Release::parse(text);
    if (r) {
      auto again = Release::parse(r->normalised());
      if (!again || again.value() != r.value()) std::abort();  // normalised form must re-parse equal
    }
    return 0;
  }
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
