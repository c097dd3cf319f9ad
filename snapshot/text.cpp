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

std::optional<PromptLine> parse_prompt_line(std::string_view line) {
  const auto t = base::trim_view(line);
  auto hostname_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '/' || c == ':';
  };
  std::size_t i = 0;
  while (i < t.size() && hostname_char(t[i])) ++i;
  if (i == 0 || i > 64) return std::nullopt;
  PromptLine p;
  p.hostname = std::string(t.substr(0, i));
  if (i < t.size() && t[i] == '(') {
    const auto close = t.find(')', i);
    if (close == std::string_view::npos) return std::nullopt;
    const auto inside = t.substr(i + 1, close - i - 1);
    if (!base::starts_with(inside, "config")) return std::nullopt;
    for (char c : inside) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return std::nullopt;
    }
    p.submode = std::string(inside);
    i = close + 1;
    if (i >= t.size() || t[i] != '#') return std::nullopt;
  }
  // "Index 1 Feature:" or "License Level:" never get here (a space before any # or >)
  if (i >= t.size() || (t[i] != '#' && t[i] != '>')) return std::nullopt;
  p.privileged = t[i] == '#';
  p.command = base::trim(t.substr(i + 1));
  return p;
}

bool is_prompt_line(std::string_view line, std::string *host) {
  auto p = parse_prompt_line(line);
  if (!p) return false;
  if (host) *host = std::move(p->hostname);
  return true;
}

bool is_syslog_line(std::string_view line) {
  if (line.size() < 2 || line[0] != '%') return false;
  std::size_t i = 1;
  while (i < line.size() && (std::isupper(static_cast<unsigned char>(line[i])) ||
                             std::isdigit(static_cast<unsigned char>(line[i])) || line[i] == '_'))
    ++i;
  return i > 1 && i + 2 < line.size() && line[i] == '-' && std::isdigit(static_cast<unsigned char>(line[i + 1])) &&
         line[i + 2] == '-';
}

bool is_ios_error_line(std::string_view line) {
  static constexpr std::string_view errors[] = {"% Invalid input",
                                                "% Incomplete command",
                                                "% Ambiguous command",
                                                "% Unknown command",
                                                "% Unrecognized command",
                                                "%Error",
                                                "% Error"};
  const auto t = base::trim_view(line);
  return std::any_of(std::begin(errors), std::end(errors), [&](std::string_view e) { return base::starts_with(t, e); });
}

std::optional<std::string> ios_error(const std::vector<Line> &lines) {
  for (const auto &l : lines) {
    if (is_ios_error_line(l.text)) return "IOS error: " + base::trim(l.text);
  }
  return std::nullopt;
}

const Line *first_content(const std::vector<Line> &lines) {
  for (const auto &l : lines) {
    if (!base::trim_view(l.text).empty()) return &l;
  }
  return nullptr;
}

std::optional<std::string> not_command_output(const std::vector<Line> &lines) {
  if (auto err = ios_error(lines)) return err;
  const Line *first = first_content(lines);
  if (first == nullptr) return std::string("empty output");
  const auto head = base::trim_view(first->text);
  if (base::starts_with(head, "%")) return "IOS error: " + std::string(head);
  return std::nullopt;
}

std::vector<Line> clean_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t number = 0;
  for (const auto raw : base::split_lines(text)) {
    ++number;
    std::string s(raw);
    s.erase(std::remove(s.begin(), s.end(), '\r'), s.end());
    s = strip_paging(std::move(s));
    while (!s.empty() && is_space(s.back())) s.pop_back();
    lines.push_back(Line{number, std::move(s)});
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
      if (auto p = parse_prompt_line(t)) {
        // "R1#show version" is an echo; a bare prompt line at the top is also noise
        if (p->command.empty() || std::isalpha(static_cast<unsigned char>(p->command.front()))) continue;
      }
      if (base::starts_with(t, "show ") || base::starts_with(t, "sh ") || base::starts_with(t, "dir ")) continue;
    }
    out.push_back(std::move(l));
  }
  while (!out.empty()) {
    auto t = base::trim_view(out.back().text);
    const auto p = t.empty() ? std::nullopt : parse_prompt_line(t);
    if (t.empty() || (p && p->command.empty())) {
      out.pop_back();
      continue;
    }
    break;
  }
  return out;
}

}  // namespace licmig::snapshot
