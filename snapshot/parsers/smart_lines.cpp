// Line-level helpers of the Smart Licensing parsers: logical lines (cleaned, unflattened), usage
// table rows, the PDF-flattened usage table and UDI values.
#include <array>
#include <cctype>

#include "snapshot/parsers/smart_scan.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot::smart {

namespace {

// Keys of the classic layout that the vendor guide's PDF ran together on one line. A flattened
// line starts with one of them (or with "Smart Licensing is ") and is cut before each later one.
constexpr std::array<std::string_view, 18> k_flattened_keys = {
    "Registration:",
    "License Authorization:",
    "License Usage:",
    "Evaluation Period Remaining:",
    "Evaluation Period:",
    "Evaluation Mode:",
    "Status:",
    "Smart Account:",
    "Virtual Account:",
    "Export-Controlled Functionality:",
    "Initial Registration:",
    "Last Renewal Attempt:",
    "Next Renewal Attempt:",
    "Registration Expires:",
    "Last Communication Attempt:",
    "Failure reason:",
    "Next Communication Attempt:",
    "Communication Deadline:",
};

constexpr std::string_view k_enabled_line = "Smart Licensing is ";
constexpr std::string_view k_usage_key = "License Usage:";

// The flattened key `s` starts with, or an empty view.
std::string_view key_at(std::string_view s) {
  for (auto key : k_flattened_keys) {
    if (base::starts_with(s, key)) return key;
  }
  return {};
}

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::size_t indent_of(std::string_view s) {
  std::size_t n = 0;
  while (n < s.size() && is_blank(s[n])) ++n;
  return n;
}

// Appends `line`, cut into one logical line per flattened key.
void unflatten(LogicalLine line, std::vector<LogicalLine> &out) {
  std::string_view t = line.text;
  std::size_t first_len = 0;
  if (base::starts_with(t, k_enabled_line)) {
    first_len = k_enabled_line.size();
  } else {
    auto key = key_at(t);
    if (key.empty() || key == k_usage_key) {
      out.push_back(std::move(line));
      return;
    }
    first_len = key.size();
  }
  std::vector<std::size_t> cuts{0};
  for (std::size_t i = first_len; i < t.size(); ++i) {
    if (!is_blank(t[i - 1]) || is_blank(t[i])) continue;
    auto key = key_at(t.substr(i));
    if (key.empty()) continue;
    cuts.push_back(i);
    if (key == k_usage_key) break;  // the rest is the usage table
    i += key.size() - 1;
  }
  cuts.push_back(t.size());
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k) {
    auto part = base::trim(t.substr(cuts[k], cuts[k + 1] - cuts[k]));
    if (!part.empty()) out.push_back(LogicalLine{line.number, line.indent, std::move(part)});
  }
}

bool is_header_noise(std::string_view t) {
  return base::starts_with(t, "Load for five sec") || base::starts_with(t, "Time source is");
}

// clean_lines drops the echoed command line; when the PDF put output on it ("Router#sh license
// summary Smart Licensing is ENABLED"), returns that output.
std::optional<LogicalLine> echo_tail(std::string_view text, const std::vector<Line> &cleaned) {
  std::size_t number = 0;
  std::size_t pos = 0;
  std::string_view first;
  while (pos <= text.size()) {
    auto nl = text.find('\n', pos);
    auto raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++number;
    auto t = base::trim_view(raw);
    if (!t.empty() && !is_header_noise(t)) {
      first = t;
      break;
    }
    if (nl == std::string_view::npos) return std::nullopt;
    pos = nl + 1;
  }
  if (first.empty()) return std::nullopt;
  for (const auto &l : cleaned) {
    if (l.number == number) return std::nullopt;  // kept: not an echo
  }
  auto at = first.find(k_enabled_line);
  for (auto key : {std::string_view("Registration:"), std::string_view("License Authorization:"), k_usage_key}) {
    auto p = first.find(key);
    if (p != std::string_view::npos && (at == std::string_view::npos || p < at)) at = p;
  }
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  return LogicalLine{number, 0, base::trim(first.substr(at))};
}

std::string join(const std::vector<std::string_view> &w, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (!out.empty()) out.push_back(' ');
    out += w[i];
  }
  return out;
}

bool is_upper_word(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

void set_tag(UsageEntry &e, std::string tag) {
  if (!tag.empty()) e.entitlement_tag = std::move(tag);
}

}  // namespace

std::vector<LogicalLine> logical_lines(std::string_view text) {
  auto cleaned = clean_lines(text);
  std::vector<LogicalLine> out;
  out.reserve(cleaned.size());
  if (auto tail = echo_tail(text, cleaned)) unflatten(std::move(*tail), out);
  for (auto &l : cleaned) {
    unflatten(LogicalLine{l.number, indent_of(l.text), base::trim(l.text)}, out);
  }
  return out;
}

bool parse_usage_row(std::string_view line, UsageEntry &out) {
  auto t = base::trim_view(line);
  auto open = t.find('(');
  auto close = t.rfind(')');
  if (open == std::string_view::npos || open == 0 || close == std::string_view::npos || close < open) return false;
  auto name = base::trim(t.substr(0, open));
  auto rest = base::trim_view(t.substr(close + 1));
  auto gap = rest.find_first_of(" \t");
  if (name.empty() || gap == std::string_view::npos || !base::to_int(rest.substr(0, gap))) return false;
  auto status = base::trim(rest.substr(gap));
  if (status.empty()) return false;
  UsageEntry e;
  e.license = std::move(name);
  set_tag(e, base::trim(t.substr(open + 1, close - open - 1)));
  e.count = std::string(rest.substr(0, gap));
  e.status = std::move(status);
  out = std::move(e);
  return true;
}

bool parse_flattened_usage(std::string_view text, std::vector<UsageEntry> &out) {
  auto w = base::words(text);
  std::size_t i = 0;
  static const std::array<std::string_view, 5> header = {"License", "Entitlement", "Tag", "Count", "Status"};
  if (w.size() >= header.size()) {
    bool is_header = true;
    for (std::size_t k = 0; k < header.size(); ++k) is_header = is_header && base::iequals(w[k], header[k]);
    if (is_header) i = header.size();
  }
  bool any = false;
  while (i < w.size()) {
    std::size_t open = i;
    while (open < w.size() && w[open].front() != '(') ++open;
    std::size_t close = open;
    while (close < w.size() && w[close].back() != ')') ++close;
    if (open == i || close + 1 >= w.size() || !base::to_int(w[close + 1])) return false;
    UsageEntry e;
    e.license = join(w, i, open);
    auto tag = join(w, open, close + 1);
    set_tag(e, tag.size() >= 2 ? tag.substr(1, tag.size() - 2) : std::string());
    e.count = w[close + 1];
    std::size_t from = close + 2;
    std::size_t next_open = from;
    while (next_open < w.size() && w[next_open].front() != '(') ++next_open;
    std::size_t end = w.size();
    if (next_open < w.size()) {  // another row follows: its name starts after the status words
      end = from;
      while (end + 1 < next_open && is_upper_word(w[end])) ++end;
    }
    if (end <= from) return false;
    e.status = join(w, from, end);
    out.push_back(std::move(e));
    any = true;
    i = end;
  }
  return any;
}

bool parse_udi_value(std::string_view value, Udi &out) {
  Udi u;
  for (const auto piece : base::split(value, ',')) {
    const auto part = base::trim_view(piece);
    auto colon = part.find(':');
    if (colon != std::string_view::npos) {
      auto key = base::trim_view(part.substr(0, colon));
      auto val = base::trim(part.substr(colon + 1));
      if (!val.empty()) {
        if (base::iequals(key, "PID")) u.pid = val;
        if (base::iequals(key, "SN")) u.sn = val;
        if (base::iequals(key, "VID")) u.vid = val;
      }
    }
  }
  if (!u.pid) return false;
  out = std::move(u);
  return true;
}

}  // namespace licmig::snapshot::smart
