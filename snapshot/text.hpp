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

// An IOS prompt at the start of a line, optionally followed by the command typed after it:
// "R1>", "PE-920-01.lab#", "R1(config-call-home)#", "R1#show version". The one prompt grammar of
// licmig (the live session in devices/ uses it too): a hostname of 1 to 64 letters, digits and
// `-_.:/`; an optional "(config...)" submode, only before '#'; then '>' or '#'. Surrounding
// whitespace is ignored.
struct PromptLine {
  std::string hostname;
  std::string submode;      // "config", "config-if", ...; empty outside configuration mode
  bool privileged = false;  // ends with '#'
  std::string command;      // the trimmed text after the prompt; empty for a bare prompt
};
std::optional<PromptLine> parse_prompt_line(std::string_view line);

// True if parse_prompt_line() recognises the line; the hostname is returned in `host` if non-null.
bool is_prompt_line(std::string_view line, std::string *host = nullptr);

// True for a syslog message line (`%SYS-5-CONFIG_I: ...`): a `%` line that is not an error.
bool is_syslog_line(std::string_view line);

// True if the (trimmed) line starts with one of the `%` lines IOS prints instead of a command's
// output: "% Invalid input", "% Incomplete command", "% Ambiguous command", "% Unknown command",
// "% Unrecognized command", "%Error", "% Error". The one list; devices/ios_session uses it too.
bool is_ios_error_line(std::string_view line);

// The first line that is an IOS error instead of output (is_ios_error_line), as "IOS error: <line>".
std::optional<std::string> ios_error(const std::vector<Line> &lines);

// The first line with text (after trimming), or nullptr when every line is blank.
const Line *first_content(const std::vector<Line> &lines);

// The checks every parser makes first: why `lines` are no command's output at all, or nullopt.
// An IOS error line anywhere (ios_error), no text ("empty output"), or a first line that starts
// with `%` ("IOS error: <line>").
std::optional<std::string> not_command_output(const std::vector<Line> &lines);

}  // namespace licmig::snapshot
