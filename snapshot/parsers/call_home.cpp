// Parser for `show call-home profile all` (IOS XE).
//
// One block per profile, starting at "Profile Name: X", with indented "Key: value" lines
// ("Profile status: ACTIVE", "Transport Method: http", "HTTP  address(es): URL", "Email
// address(es): a@b" ...). Address lists continue on further, deeper-indented lines holding one
// address each. "Periodic ... info message is scheduled ..." lines and the "Alert-group" /
// "Syslog-Pattern" severity tables are skipped. `CallHome::enabled` is not printed by this command
// and stays absent.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

enum class AddressKind { none, http, email, other };

struct Scan {
  CallHome result;
  std::vector<std::size_t> profile_lines;  // where each profile's "Profile Name:" is
  std::vector<bool> profile_has_status;
  AddressKind list = AddressKind::none;  // the address list a continuation line belongs to
  std::size_t list_indent = 0;
  bool in_table = false;
  std::size_t table_line = 0;  // header line of the table being skipped
  bool table_has_rows = false;
  std::size_t last_line = 0;
};

std::size_t indent_of(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

bool has_blank(std::string_view s) { return s.find_first_of(" \t") != std::string_view::npos; }

// "HTTP  address(es)" -> "http address"; "Email address(es)" -> "email address".
std::string normalise_key(std::string_view key) {
  auto k = base::to_lower(base::squeeze(key));
  auto pos = k.find("(es)");
  if (pos != std::string::npos) k.erase(pos, 4);
  return base::trim(k);
}

// Splits an address list value; "Not yet set up" is no address. Emails may be comma-separated.
void add_addresses(std::vector<std::string> &into, std::string_view value, AddressKind kind) {
  value = base::trim_view(value);
  if (value.empty() || base::iequals(value, "Not yet set up")) return;
  std::string_view separators = kind == AddressKind::email ? std::string_view(" \t,") : std::string_view(" \t");
  std::size_t pos = 0;
  while (pos < value.size()) {
    auto end = value.find_first_of(separators, pos);
    if (end == std::string_view::npos) end = value.size();
    if (end > pos) into.emplace_back(value.substr(pos, end - pos));
    pos = end + 1;
  }
}

std::vector<std::string> &list_of(CallHomeProfile &p, AddressKind kind) {
  if (kind == AddressKind::http) return p.http_destinations;
  if (kind == AddressKind::email) return p.email_destinations;
  return p.other_destinations;
}

// "3145728 Bytes" -> 3145728.
std::optional<std::int64_t> parse_size(std::string_view v) {
  v = base::trim_view(v);
  auto space = v.find(' ');
  if (space != std::string_view::npos) {
    if (!base::iequals(base::trim_view(v.substr(space)), "Bytes")) return std::nullopt;
    v = v.substr(0, space);
  }
  auto n = base::to_int(v);
  if (!n || *n < 0) return std::nullopt;
  return static_cast<std::int64_t>(*n);
}

// Applies one "Key: value" line of a profile; returns an error text for an empty or garbled value.
std::optional<std::string> apply_field(Scan &scan, std::string_view raw_key, const std::string &value,
                                       std::size_t indent) {
  auto &p = scan.result.profiles.back();
  auto key = normalise_key(raw_key);
  struct Target {
    std::string_view key;
    OptString CallHomeProfile::*field;
  };
  static const std::array<Target, 5> targets = {{
      {"profile status", &CallHomeProfile::status},
      {"profile mode", &CallHomeProfile::mode},
      {"reporting data", &CallHomeProfile::reporting_data},
      {"preferred message format", &CallHomeProfile::preferred_message_format},
      {"transport method", &CallHomeProfile::transport_method},
  }};
  auto empty_error = [&] { return "'" + base::squeeze(raw_key) + ":' has no value"; };
  for (const auto &t : targets) {
    if (key != t.key) continue;
    if (value.empty()) return empty_error();
    p.*(t.field) = value;
    if (t.field == &CallHomeProfile::status) scan.profile_has_status.back() = true;
    return std::nullopt;
  }
  if (key == "message size limit") {
    auto n = parse_size(value);
    if (!n) return value.empty() ? empty_error() : "garbled message size '" + value + "'";
    p.message_size_limit_bytes = *n;
    return std::nullopt;
  }
  AddressKind kind = AddressKind::none;
  if (key == "http address") kind = AddressKind::http;
  if (key == "email address") kind = AddressKind::email;
  if (key == "other address") kind = AddressKind::other;
  if (kind != AddressKind::none) {
    if (value.empty()) return empty_error();
    add_addresses(list_of(p, kind), value, kind);
    scan.list = kind;
    scan.list_indent = indent;
  }
  return std::nullopt;
}

bool is_table_header(std::string_view t) {
  return (base::starts_with(t, "Alert-group") || base::starts_with(t, "Syslog-Pattern")) &&
         base::ends_with(t, "Severity");
}

std::optional<Parsed<CallHome>> table_cut_short(const Scan &scan) {
  if (scan.in_table && !scan.table_has_rows) {
    return Parsed<CallHome>::malformed(scan.table_line, "severity table ends before its first row");
  }
  return std::nullopt;
}

}  // namespace

Parsed<CallHome> parse_show_call_home_profile_all(std::string_view text) {
  auto lines = clean_lines(text);
  Scan scan;
  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (t.empty()) {
      if (auto cut = table_cut_short(scan)) return *cut;
      scan.in_table = false;
      scan.list = AddressKind::none;
      continue;
    }
    scan.last_line = l.number;
    if (auto name = value_after(t, "Profile Name")) {
      if (auto cut = table_cut_short(scan)) return *cut;
      if (name->empty()) return Parsed<CallHome>::malformed(l.number, "'Profile Name:' has no value");
      CallHomeProfile p;
      p.name = *name;
      scan.result.profiles.push_back(std::move(p));
      scan.profile_lines.push_back(l.number);
      scan.profile_has_status.push_back(false);
      scan.in_table = false;
      scan.list = AddressKind::none;
      continue;
    }
    if (scan.result.profiles.empty()) {
      if (base::starts_with(t, "%")) return Parsed<CallHome>::not_this("IOS error: " + std::string(t));
      return Parsed<CallHome>::not_this("does not start with 'Profile Name:'");
    }
    if (scan.in_table) {
      if (!base::starts_with(t, "---")) scan.table_has_rows = true;
      continue;
    }
    if (is_table_header(t)) {
      scan.in_table = true;
      scan.table_line = l.number;
      scan.table_has_rows = false;
      scan.list = AddressKind::none;
      continue;
    }
    const auto indent = indent_of(l.text);
    if (scan.list != AddressKind::none && indent > scan.list_indent && !has_blank(t)) {
      add_addresses(list_of(scan.result.profiles.back(), scan.list), t, scan.list);
      continue;
    }
    scan.list = AddressKind::none;
    if (base::starts_with(t, "Periodic ")) continue;
    auto colon = t.find(':');
    if (colon == std::string_view::npos) continue;
    if (auto err = apply_field(scan, t.substr(0, colon), base::trim(t.substr(colon + 1)), indent)) {
      return Parsed<CallHome>::malformed(l.number, *err);
    }
  }
  if (scan.result.profiles.empty()) return Parsed<CallHome>::not_this("empty output");
  if (auto cut = table_cut_short(scan)) return *cut;
  // Output filtered down to the name lines has no status anywhere; otherwise every profile has one.
  const bool any_status =
      std::find(scan.profile_has_status.begin(), scan.profile_has_status.end(), true) != scan.profile_has_status.end();
  for (std::size_t i = 0; any_status && i < scan.profile_lines.size(); ++i) {
    if (!scan.profile_has_status[i]) {
      return Parsed<CallHome>::malformed(scan.profile_lines[i],
                                         "profile '" + scan.result.profiles[i].name + "' ends before its status");
    }
  }
  return Parsed<CallHome>::ok(std::move(scan.result));
}

}  // namespace licmig::snapshot
