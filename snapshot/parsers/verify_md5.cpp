// verify /md5: the one reader of the router's checksum answer.
#include <algorithm>
#include <cctype>

#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

bool is_md5(std::string_view s) {
  return s.size() == 32 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

Parsed<std::string> parse_verify_md5(std::string_view text) {
  for (const auto &l : clean_lines(text)) {
    const std::string_view line = base::trim_view(l.text);
    if (!base::starts_with(line, "verify /md5 (") && !base::starts_with(line, "Verified (") &&
        !base::starts_with(line, "Computed signature")) {
      continue;
    }
    const auto eq = line.rfind('=');
    if (eq == std::string_view::npos) continue;
    const auto md5 = base::trim_view(line.substr(eq + 1));
    if (!is_md5(md5)) {
      return Parsed<std::string>::malformed(l.number, "the checksum '" + std::string(md5) + "' is not 32 hex digits");
    }
    return Parsed<std::string>::ok(base::to_lower(md5));
  }
  return Parsed<std::string>::not_this("no 'verify /md5', 'Verified' or 'Computed signature' line");
}

}  // namespace licmig::snapshot
