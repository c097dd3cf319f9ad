// Parsers for `show redundancy` and `show redundancy states` (IOS / IOS XE).
//
// Both print "Key = value" lines. `show redundancy states` is one flat block ("my state = 13
// -ACTIVE", "peer state = 8  -STANDBY HOT", "Mode = Duplex", ...); `show redundancy` has a
// "Redundant System Information :" block followed by "Current Processor Information :" and
// "Peer Processor Information :" blocks (or a "Peer (slot: N) information is not available because
// it is in 'DISABLED' state" line). Both fill the same Redundancy record with the same meanings
// (see model.hpp): `mode` is the operating redundancy mode, `hardware_mode` Duplex/Simplex.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

struct KeyValue {
  std::string key;    // squeezed, e.g. "Redundancy Mode (Configured)"
  std::string value;  // trimmed, inner spacing kept as printed
};

// "   Key words = value" -> {"Key words", "value"}; nullopt when the line has no '=' or no key.
std::optional<KeyValue> split_key_value(std::string_view line) {
  auto eq = line.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  auto key = base::squeeze(line.substr(0, eq));
  if (key.empty()) return std::nullopt;
  return KeyValue{std::move(key), base::trim(line.substr(eq + 1))};
}

// "Down      Reason: Simplex mode" -> ("Down", "Simplex mode"); no reason -> (value, nullopt).
std::pair<std::string, OptString> split_reason(const std::string &value) {
  auto pos = value.find("Reason:");
  if (pos == std::string::npos) return {value, std::nullopt};
  auto reason = base::trim(std::string_view(value).substr(pos + 7));
  return {base::trim(std::string_view(value).substr(0, pos)), reason.empty() ? OptString{} : OptString{reason}};
}

// "disabled (system is simplex (no peer unit))" -> ("disabled", "system is simplex (no peer unit)").
std::pair<std::string, OptString> split_parenthesised(const std::string &value) {
  auto open = value.find('(');
  if (open == std::string::npos) return {value, std::nullopt};
  std::string_view inner = std::string_view(value).substr(open + 1);
  if (!inner.empty() && inner.back() == ')') inner.remove_suffix(1);
  auto reason = base::trim(inner);
  return {base::trim(std::string_view(value).substr(0, open)), reason.empty() ? OptString{} : OptString{reason}};
}

// "13 -ACTIVE", "8  -STANDBY HOT": a number, spaces, '-', a state name.
bool is_rf_state(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
  if (i == 0) return false;
  while (i < v.size() && v[i] == ' ') ++i;
  return i + 1 < v.size() && v[i] == '-';
}

OptString non_empty(const std::string &v) { return v.empty() ? OptString{} : OptString{v}; }

// ---------------------------------------------------------------- show redundancy states

struct StatesScan {
  Redundancy r;
  std::size_t my_state_line = 0;
  std::size_t last_line = 0;
  bool has_mode = false;
  bool has_peer = false;
};

// Applies one "key = value" of `show redundancy states`; returns an error text for a garbled value.
std::optional<std::string> apply_state_field(StatesScan &scan, const KeyValue &kv, std::size_t line_no) {
  auto &r = scan.r;
  const auto &k = kv.key;
  const auto &v = kv.value;
  // Keys whose value must be present when the line is printed.
  static constexpr std::array<std::string_view, 9> required = {"my state",
                                                               "peer state",
                                                               "Mode",
                                                               "Unit",
                                                               "Unit ID",
                                                               "Redundancy Mode (Operational)",
                                                               "Redundancy Mode (Configured)",
                                                               "Redundancy State",
                                                               "Communications"};
  for (auto name : required) {
    if (base::iequals(k, name) && v.empty()) return "'" + k + " =' has no value";
  }
  if (base::iequals(k, "my state")) {
    if (!is_rf_state(v)) return "garbled state '" + v + "'";
    r.my_state = v;
    scan.my_state_line = line_no;
  } else if (base::iequals(k, "peer state")) {
    if (!is_rf_state(v)) return "garbled state '" + v + "'";
    r.peer_state = v;
    scan.has_peer = true;
  } else if (base::iequals(k, "Mode")) {
    r.hardware_mode = v;
    scan.has_mode = true;
  } else if (base::iequals(k, "Unit")) {
    r.unit = v;
  } else if (base::iequals(k, "Unit ID")) {
    if (!base::to_int(v)) return "Unit ID is not a number: '" + v + "'";
    r.unit_id = v;
  } else if (base::iequals(k, "Redundancy Mode (Operational)")) {
    r.mode = v;
  } else if (base::iequals(k, "Redundancy Mode (Configured)")) {
    r.configured_mode = v;
  } else if (base::iequals(k, "Redundancy State")) {
    r.redundancy_state = v;
  } else if (base::iequals(k, "Maintenance Mode")) {
    r.maintenance_mode = non_empty(v);
  } else if (base::iequals(k, "Manual Swact")) {
    auto [state, reason] = split_parenthesised(v);
    r.manual_swact = non_empty(state);
    r.manual_swact_reason = reason;
  } else if (base::iequals(k, "Communications")) {
    auto [state, reason] = split_reason(v);
    r.communications = non_empty(state);
    r.communications_reason = reason;
  } else if (base::iequals(k, "client count")) {
    auto n = base::to_int(v);
    if (!n) return "client count is not a number: '" + v + "'";
    r.client_count = *n;
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- show redundancy

enum class Section { none, system, current, peer };

struct RedundancyScan {
  Redundancy r;
  Section section = Section::none;
  std::size_t section_line = 0;    // where the current section header is
  bool section_has_state = false;  // "Current Software state" seen in the current processor section
  bool seen_system = false;
  bool seen_current = false;
  bool seen_any_key = false;  // a show-redundancy key outside any section (filtered output)
  std::size_t last_line = 0;
};

// Section headers: "Redundant System Information :" etc.
std::optional<Section> section_header(std::string_view t) {
  auto starts = [&](std::string_view h) { return base::starts_with(t, h) && t.find(':') != std::string_view::npos; };
  if (starts("Redundant System Information")) return Section::system;
  if (starts("Current Processor Information")) return Section::current;
  if (starts("Peer Processor Information")) return Section::peer;
  return std::nullopt;
}

// "Peer (slot: 1) information is not available because it is in 'DISABLED' state" -> "DISABLED".
std::optional<std::string> unavailable_peer_state(std::string_view t) {
  if (!base::starts_with(t, "Peer")) return std::nullopt;
  static constexpr std::string_view marker = "because it is in '";
  auto pos = t.find(marker);
  if (pos == std::string_view::npos) return std::nullopt;
  auto rest = t.substr(pos + marker.size());
  auto close = rest.find('\'');
  if (close == std::string_view::npos) return std::nullopt;
  auto state = base::trim(rest.substr(0, close));
  if (state.empty()) return std::nullopt;
  return state;
}

// Keys of the system block (and of filtered output with no block header); each needs a value
// when printed. Unknown keys are ignored.
std::optional<std::string> apply_system_field(Redundancy &r, const KeyValue &kv) {
  const auto &k = kv.key;
  const auto &v = kv.value;
  struct Target {
    std::string_view key;
    OptString Redundancy::*field;
  };
  static const std::array<Target, 8> targets = {{
      {"Available system uptime", &Redundancy::available_uptime},
      {"Switchovers system experienced", &Redundancy::switchovers},
      {"Standby failures", &Redundancy::standby_failures},
      {"Last switchover reason", &Redundancy::last_switchover_reason},
      {"Hardware Mode", &Redundancy::hardware_mode},
      {"Configured Redundancy Mode", &Redundancy::configured_mode},
      {"Operating Redundancy Mode", &Redundancy::mode},
      {"Maintenance Mode", &Redundancy::maintenance_mode},
  }};
  if (base::iequals(k, "Communications")) {
    if (v.empty()) return "'" + k + " =' has no value";
    auto [state, reason] = split_reason(v);
    r.communications = non_empty(state);
    r.communications_reason = reason;
    return std::nullopt;
  }
  // `show redundancy states` keys that some captures mix in (e.g. a session log of both commands)
  if (base::iequals(k, "Redundancy Mode (Operational)")) {
    if (!r.mode) r.mode = non_empty(v);
    return std::nullopt;
  }
  if (base::iequals(k, "Redundancy Mode (Configured)")) {
    if (!r.configured_mode) r.configured_mode = non_empty(v);
    return std::nullopt;
  }
  if (base::iequals(k, "Redundancy State")) {
    r.redundancy_state = non_empty(v);
    return std::nullopt;
  }
  if (base::iequals(k, "Manual Swact")) {
    auto [state, reason] = split_parenthesised(v);
    r.manual_swact = non_empty(state);
    r.manual_swact_reason = reason;
    return std::nullopt;
  }
  for (const auto &t : targets) {
    if (!base::iequals(k, t.key)) continue;
    if (v.empty()) return "'" + k + " =' has no value";
    if ((t.field == &Redundancy::switchovers || t.field == &Redundancy::standby_failures) && !base::to_int(v)) {
      std::string why = "'" + k + "' is not a number: '";
      why += v;
      why += '\'';
      return why;
    }
    r.*(t.field) = v;
    return std::nullopt;
  }
  return std::nullopt;
}

// Processor keys (current or peer section).
std::optional<std::string> apply_processor_field(RedundancyScan &scan, const KeyValue &kv) {
  auto &r = scan.r;
  const bool peer = scan.section == Section::peer;
  const auto &k = kv.key;
  const auto &v = kv.value;
  const bool is_location = base::iequals(k, "Active Location") || base::iequals(k, "Standby Location");
  if (is_location || base::iequals(k, "Current Software state") || base::iequals(k, "Uptime in current state") ||
      base::iequals(k, "Image Version")) {
    if (v.empty()) return "'" + k + " =' has no value";
  }
  if (is_location) {
    (peer ? r.standby_location : r.active_location) = v;
  } else if (base::iequals(k, "Current Software state")) {
    (peer ? r.peer_state : r.my_state) = v;
    scan.section_has_state = true;
  } else if (base::iequals(k, "Uptime in current state")) {
    (peer ? r.peer_uptime_in_state : r.uptime_in_state) = v;
  } else if (base::iequals(k, "Image Version")) {
    (peer ? r.peer_image_version : r.image_version) = v;
  } else if (base::iequals(k, "BOOT")) {
    (peer ? r.peer_boot : r.boot) = non_empty(v);
  } else if (base::iequals(k, "Configuration register")) {
    (peer ? r.peer_config_register : r.config_register) = non_empty(v);
  }
  return std::nullopt;
}

// Keys only `show redundancy` prints: enough to recognise output filtered with `| include`.
bool is_show_redundancy_key(const std::string &k) {
  static constexpr std::array<std::string_view, 6> keys = {
      "Available system uptime",    "Switchovers system experienced", "Hardware Mode",
      "Configured Redundancy Mode", "Operating Redundancy Mode",      "Current Software state"};
  for (auto key : keys) {
    if (base::iequals(k, key)) return true;
  }
  return false;
}

// A processor section that ended without its "Current Software state" was cut short.
std::optional<Parsed<Redundancy>> close_section(const RedundancyScan &scan) {
  if ((scan.section == Section::current || scan.section == Section::peer) && !scan.section_has_state) {
    return Parsed<Redundancy>::malformed(scan.section_line,
                                         "processor section ends before its 'Current Software state'");
  }
  return std::nullopt;
}

}  // namespace

Parsed<Redundancy> parse_show_redundancy_states(std::string_view text) {
  auto lines = clean_lines(text);
  if (auto why = not_command_output(lines)) return Parsed<Redundancy>::not_this(*why);
  StatesScan scan;
  bool seen_state_key = false;               // a "my state" / "peer state" line, even a garbled one
  std::optional<std::string> pending_error;  // the first garbled line; reported once recognised
  std::size_t pending_line = 0;
  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (t.empty()) continue;
    scan.last_line = l.number;
    auto kv = split_key_value(t);
    if (!kv) continue;
    if (base::iequals(kv->key, "my state") || base::iequals(kv->key, "peer state")) seen_state_key = true;
    auto err = apply_state_field(scan, *kv, l.number);
    if (err && !pending_error) {
      pending_error = std::move(err);
      pending_line = l.number;
    }
  }
  if (!seen_state_key) return Parsed<Redundancy>::not_this("no 'my state =' line");
  if (pending_error) return Parsed<Redundancy>::malformed(pending_line, *pending_error);
  if (!scan.my_state_line) return Parsed<Redundancy>::malformed(scan.last_line, "no 'my state =' line");
  if (!scan.has_peer) return Parsed<Redundancy>::malformed(scan.last_line, "output ends before 'peer state ='");
  if (!scan.has_mode) return Parsed<Redundancy>::malformed(scan.last_line, "output ends before 'Mode ='");
  return Parsed<Redundancy>::ok(std::move(scan.r));
}

Parsed<Redundancy> parse_show_redundancy(std::string_view text) {
  auto lines = clean_lines(text);
  if (auto why = not_command_output(lines)) return Parsed<Redundancy>::not_this(*why);
  RedundancyScan scan;
  std::optional<std::string> pending_error;  // a garbled line before we know this is the output
  std::size_t pending_line = 0;
  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (t.empty()) continue;
    scan.last_line = l.number;
    if (auto sec = section_header(t)) {
      if (auto cut = close_section(scan)) return *cut;
      scan.section = *sec;
      scan.section_line = l.number;
      scan.section_has_state = false;
      if (*sec == Section::system) scan.seen_system = true;
      if (*sec == Section::current) scan.seen_current = true;
      continue;
    }
    if (auto peer = unavailable_peer_state(t)) {
      if (auto cut = close_section(scan)) return *cut;
      scan.section = Section::none;
      scan.r.peer_state = *peer;
      continue;
    }
    auto kv = split_key_value(t);
    if (!kv) continue;  // separators, image banner continuation lines, the command echo
    std::optional<std::string> err;
    if (scan.section == Section::current || scan.section == Section::peer) {
      err = apply_processor_field(scan, *kv);
    } else {
      err = apply_system_field(scan.r, *kv);
      if (is_show_redundancy_key(kv->key)) scan.seen_any_key = true;
    }
    if (err && !pending_error) {
      pending_error = err;
      pending_line = l.number;
    }
  }
  if (!scan.seen_system && !scan.seen_current && !scan.seen_any_key) {
    return Parsed<Redundancy>::not_this("no 'Redundant System Information' or 'Current Processor Information'");
  }
  if (pending_error) return Parsed<Redundancy>::malformed(pending_line, *pending_error);
  if (auto cut = close_section(scan)) return *cut;
  if (scan.seen_system && !scan.seen_current) {
    return Parsed<Redundancy>::malformed(scan.last_line, "output ends before 'Current Processor Information'");
  }
  return Parsed<Redundancy>::ok(std::move(scan.r));
}

}  // namespace licmig::snapshot
