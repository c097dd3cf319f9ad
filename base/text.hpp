// Text helpers every layer uses: trimming, case-insensitive comparison, prefixes and suffixes,
// whitespace squeezing, whole-number parsing and the last component of a path. IOS-specific text
// handling (cleaning router output, prompts, `%` errors) lives in snapshot/text.hpp.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace licmig::base {

// Whitespace is ' ', '\t', '\r', '\n', '\f' and '\v'.
std::string trim(std::string_view s);
std::string_view trim_view(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
bool iequals(std::string_view a, std::string_view b);
// Non-empty and nothing but the ASCII digits 0-9.
bool is_digits(std::string_view s);
std::string to_lower(std::string_view s);
// Collapses runs of spaces and tabs to one space and trims.
std::string squeeze(std::string_view s);

// The pieces of `text` between the `sep` characters, untrimmed: "a;b;" -> {"a", "b", ""}, "" ->
// {""}. The views point into `text`.
std::vector<std::string_view> split(std::string_view text, char sep);
// The lines of `text`: split(text, '\n') (a '\r' stays with its line).
std::vector<std::string_view> split_lines(std::string_view text);
// The whitespace-separated words of `text`: "  a \tb " -> {"a", "b"}. The views point into `text`.
std::vector<std::string_view> words(std::string_view text);

// Parses a whole decimal integer (optionally signed, surrounding whitespace allowed); nullopt on
// anything else or overflow.
std::optional<long long> to_int(std::string_view s);

// The file name of a path or IOS file URL: "bootflash:a/b.bin" -> "b.bin", "/x/y" -> "y".
std::string basename_of(std::string_view path);

// Edit distance with adjacent transpositions (optimal string alignment): "did you mean" for a
// misspelt inventory variable, command or option.
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace licmig::base
