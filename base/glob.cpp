#include "base/glob.hpp"

#include <cctype>
#include <cstddef>

namespace licmig::base {

namespace {

char fold(char c, bool ignore_case) {
  return ignore_case ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Matches `c` against the set that opens at pattern[p] == '['. Returns the index after the closing
// `]` and whether `c` is in the set; npos when the set is not closed (then `[` is a literal).
std::size_t match_set(std::string_view pattern, std::size_t p, char c, bool ignore_case, bool &in_set) {
  std::size_t q = p + 1;
  const bool negate = q < pattern.size() && pattern[q] == '!';
  if (negate) ++q;
  const std::size_t first = q;
  bool found = false;
  const char fc = fold(c, ignore_case);
  while (q < pattern.size() && (pattern[q] != ']' || q == first)) {
    if (q + 2 < pattern.size() && pattern[q + 1] == '-' && pattern[q + 2] != ']') {
      if (fold(pattern[q], ignore_case) <= fc && fc <= fold(pattern[q + 2], ignore_case)) found = true;
      q += 3;
    } else {
      if (fold(pattern[q], ignore_case) == fc) found = true;
      ++q;
    }
  }
  if (q >= pattern.size()) return std::string_view::npos;
  in_set = found != negate;
  return q + 1;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, GlobSyntax syntax) {
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
      continue;
    }
    bool matched = false;
    std::size_t next = p + 1;
    if (p < pattern.size()) {
      const char pc = pattern[p];
      if (pc == '?' && syntax.any_char) {
        matched = true;
      } else if (pc == '[' && syntax.char_sets) {
        bool in_set = false;
        const std::size_t after = match_set(pattern, p, text[t], syntax.ignore_case, in_set);
        if (after != std::string_view::npos) {
          matched = in_set;
          next = after;
        } else {
          matched = text[t] == '[';
        }
      } else {
        matched = fold(pc, syntax.ignore_case) == fold(text[t], syntax.ignore_case);
      }
    }
    if (matched) {
      p = next;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace licmig::base
