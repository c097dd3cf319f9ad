#include "snapshot/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace licmig::snapshot {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

// Removes "--More--" and the erase sequence a terminal pager leaves behind: backspaces, or the
// blanks it printed over the marker.
std::string strip_paging(std::string s) {
  static constexpr std::string_view more = "--More--";
  if (s.find(more) != std::string::npos) {
    // One pass, so that a line of many markers takes linear time: copy, and drop the marker as
    // soon as the copy ends with it.
    std::string out;
    out.reserve(s.size());
    std::size_t non_blank = 0;  // characters other than ' ' in `out`
    std::size_t i = 0;
    while (i < s.size()) {
      char c = s[i++];
      out.push_back(c);
      if (c != ' ') ++non_blank;
      if (out.size() < more.size() || std::string_view(out).substr(out.size() - more.size()) != more) continue;
      out.resize(out.size() - more.size());
      non_blank -= more.size();
      // blanks before the marker go with it when nothing but blanks precede it
      if (non_blank == 0) out.clear();
      // the pager's erase: backspaces and/or spaces that follow
      while (i < s.size() && (s[i] == '\b' || s[i] == ' ')) ++i;
    }
    s = std::move(out);
  }
  // Lone backspaces left by other pagers: each erases the character before it.
  if (s.find('\b') != std::string::npos) {
    std::string out;
    for (char c : s) {
      if (c == '\b') {
        if (!out.empty()) out.pop_back();
      } else {
        out.push_back(c);
      }
    }
    s = std::move(out);
  }
  return s;
}

bool is_header_noise(std::string_view t) {
  return base::starts_with(t, "Load for five secs") || base::starts_with(t, "Time source is") ||
         base::starts_with(t, "Load for five sec");
}

}  // namespace

std::optional<std::string> value_after(std::string_view line, std::string_view key) {
  auto t = base::trim_view(line);
  if (!base::starts_with(t, key)) return std::nullopt;
  auto rest = t.substr(key.size());
  std::size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
  if (i >= rest.size() || rest[i] != ':') return std::nullopt;
  return base::trim(rest.substr(i + 1));
}

bool is_prompt_line(std::string_view line, std::string *host) {
  auto t = base::trim_view(line);
  // hostname: letters, digits and -_.:/ ; then optional "(config...)" ; then # or >
  std::size_t i = 0;
  while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '-' || t[i] == '_' || t[i] == '.' ||
                          t[i] == '/' || t[i] == ':' || t[i] == '%')) {
    ++i;
  }
  if (i == 0) return false;
  std::size_t name_end = i;
  if (i < t.size() && t[i] == '(') {
    auto close = t.find(')', i);
    if (close == std::string_view::npos) return false;
    i = close + 1;
  }
  if (i >= t.size() || (t[i] != '#' && t[i] != '>')) return false;
  // "Index 1 Feature:" or "License Level:" never get here (space before any # or >)
  if (host) *host = std::string(t.substr(0, name_end));
  return true;
}

std::optional<std::string> ios_error(const std::vector<Line> &lines) {
  static constexpr std::string_view errors[] = {
      "% Invalid input", "% Incomplete command", "% Ambiguous command", "% Unknown command", "%Error", "% Error"};
  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    for (auto e : errors) {
      if (base::starts_with(t, e)) return "IOS error: " + std::string(t);
    }
  }
  return std::nullopt;
}

std::vector<Line> clean_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++number;
    std::string s(raw);
    s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
    s = strip_paging(std::move(s));
    while (!s.empty() && is_space(s.back())) s.pop_back();
    lines.push_back(Line{number, std::move(s)});
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  // Header noise anywhere; the echoed command (the first non-empty line, when it is a prompt with
  // a command or a bare "show ..." line); trailing bare prompts and blank lines.
  std::vector<Line> out;
  out.reserve(lines.size());
  bool seen_content = false;
  for (auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (is_header_noise(t)) continue;
    if (!seen_content && !t.empty()) {
      seen_content = true;
      std::string host;
      if (is_prompt_line(t, &host)) {
        auto after = t.find_first_of("#>");
        auto cmd = base::trim_view(t.substr(after + 1));
        // "R1#show version" is an echo; a bare prompt line at the top is also noise
        if (cmd.empty() || std::isalpha(static_cast<unsigned char>(cmd.front()))) continue;
      }
      if (base::starts_with(t, "show ") || base::starts_with(t, "sh ") || base::starts_with(t, "dir ")) continue;
    }
    out.push_back(std::move(l));
  }
  while (!out.empty()) {
    auto t = base::trim_view(out.back().text);
    std::string host;
    if (t.empty() || (is_prompt_line(t, &host) && t.size() == t.find_first_of("#>") + 1)) {
      out.pop_back();
      continue;
    }
    break;
  }
  return out;
}

}  // namespace licmig::snapshot
