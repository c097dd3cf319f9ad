// Text cleaning shared by every parser: router output as captured over SSH or pasted from a log
// is split into lines with the noise removed, while each line keeps its original line number so a
// parser can say where malformed text is.
//
// Removed: carriage returns, trailing spaces, `--More--` paging leftovers (with the backspaces or
// blanks that erase them), `Load for five secs` / `Time source is` headers, the echoed command
// line (with or without a prompt before it) and a trailing bare prompt.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"

namespace licmig::snapshot {

struct Line {
  std::size_t number = 0;  // 1-based line number in the original text
  std::string text;        // cleaned, without trailing whitespace
};

// Splits and cleans `text` as described above.
std::vector<Line> clean_lines(std::string_view text);

// For "Key: value" / "Key : value" lines: if the trimmed line starts with `key` followed by
// optional spaces and a colon, returns the trimmed text after the colon.
std::optional<std::string> value_after(std::string_view line, std::string_view key);

// True if the line looks like an IOS prompt followed by optional command text, e.g. "R1#",
// "Router(config)#", "R1>show version". The hostname is returned in `host` if non-null.
bool is_prompt_line(std::string_view line, std::string *host = nullptr);

// The first line that is an IOS error instead of output ("% Invalid input detected at '^' marker.",
// "% Incomplete command.", "% Ambiguous command", "%Error opening ..."), as "IOS error: <line>".
std::optional<std::string> ios_error(const std::vector<Line> &lines);

}  // namespace licmig::snapshot
