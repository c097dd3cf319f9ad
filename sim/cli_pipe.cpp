// Output filters after a pipe: `| include X`, `| exclude X`, `| begin X`, `| section X`, each
// keyword abbreviable (`| i`, `| inc`, `| ex`, `| be`, `| sec`). Patterns are matched as plain
// substrings (case-sensitive, as IOS's regular expressions are), with `^` and `$` anchors.
#include <vector>

#include "sim/cli_session.hpp"
#include "snapshot/text.hpp"

namespace licmig::sim {

namespace {

bool one_matches(const std::string &line, const std::string &pattern) {
  std::string p = pattern;
  std::string body = line;
  if (!body.empty() && body.back() == '\n') body.pop_back();
  bool anchor_start = !p.empty() && p.front() == '^';
  if (anchor_start) p.erase(p.begin());
  bool anchor_end = !p.empty() && p.back() == '$';
  if (anchor_end) p.pop_back();
  if (anchor_start && anchor_end) return body == p;
  if (anchor_start) return body.rfind(p, 0) == 0;
  if (anchor_end) return body.size() >= p.size() && body.compare(body.size() - p.size(), p.size(), p) == 0;
  return body.find(p) != std::string::npos;
}

bool line_matches(const std::string &line, const std::string &pattern) {
  std::size_t start = 0;
  while (true) {
    auto bar = pattern.find('|', start);
    if (one_matches(line, pattern.substr(start, bar == std::string::npos ? std::string::npos : bar - start)))
      return true;
    if (bar == std::string::npos) return false;
    start = bar + 1;
  }
}

std::vector<std::string> lines_of(const std::string &s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size() - 1;
    out.push_back(s.substr(start, nl - start + 1));
    start = nl + 1;
  }
  return out;
}

std::string apply_one(const std::string &kind, const std::string &pattern, const std::string &out) {
  std::string result;
  auto lines = lines_of(out);
  if (kind == "include" || kind == "exclude") {
    const bool want = kind == "include";
    for (const auto &l : lines) {
      if (line_matches(l, pattern) == want) result += l;
    }
  } else if (kind == "begin") {
    bool on = false;
    for (const auto &l : lines) {
      on = on || line_matches(l, pattern);
      if (on) result += l;
    }
  } else {  // section: a matching top-level line and the indented lines under it
    bool in = false;
    for (const auto &l : lines) {
      const bool top = !l.empty() && l.front() != ' ';
      if (top)
        in = line_matches(l, pattern);
      else if (!in && line_matches(l, pattern)) {
        result += l;
        continue;
      }
      if (in) result += l;
    }
  }
  if (!result.empty() && result.back() != '\n') result += '\n';
  return result;
}

}  // namespace

bool apply_pipes(const std::string &pipe_text, std::string &out, std::size_t &bad_offset) {
  // pipe_text starts at the pipe: "| include boot|license". As on IOS, everything after the filter
  // word is the pattern, and '|' inside it separates alternatives.
  auto seg = pipe_text.substr(1);
  auto word_start = seg.find_first_not_of(' ');
  if (word_start == std::string::npos) {
    bad_offset = std::string::npos;
    return false;
  }
  auto word_end = seg.find(' ', word_start);
  auto word =
      base::to_lower(seg.substr(word_start, word_end == std::string::npos ? std::string::npos : word_end - word_start));
  std::string kind;
  for (const char *k : {"include", "exclude", "begin", "section"}) {
    if (std::string(k).rfind(word, 0) == 0) kind = k;
  }
  if (kind.empty()) {
    bad_offset = 1 + word_start;
    return false;
  }
  std::string pattern;
  if (word_end != std::string::npos) pattern = base::trim(seg.substr(word_end));
  if (pattern.empty()) {
    bad_offset = std::string::npos;  // "% Incomplete command."
    return false;
  }
  out = apply_one(kind, pattern, out);
  return true;
}

}  // namespace licmig::sim
