#include "snapshot/parser_registry.hpp"

#include <sstream>

#include "snapshot/parsers.hpp"
#include "snapshot/serialize.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

void drop_empty_lists(nlohmann::json &j) {
  if (!j.is_object()) return;
  for (auto it = j.begin(); it != j.end();) {
    if (it->is_array() && it->empty()) {
      it = j.erase(it);
    } else {
      drop_empty_lists(*it);
      ++it;
    }
  }
}

template <class T>
ParserEntry make_entry(std::string command, std::vector<std::string> aliases, std::string name,
                       Parsed<T> (*parse)(std::string_view), void (*merge)(Snapshot &, const T &)) {
  ParserEntry e;
  e.command = std::move(command);
  e.aliases = std::move(aliases);
  e.name = std::move(name);
  e.to_json = [parse](std::string_view text) -> Parsed<nlohmann::json> {
    auto p = parse(text);
    if (!p.recognised()) return forward_failure<nlohmann::json>(p);
    return Parsed<nlohmann::json>::ok(nlohmann::json(p.value));
  };
  e.into_snapshot = [parse, merge](std::string_view text, Snapshot &snap) -> Parsed<bool> {
    auto p = parse(text);
    if (!p.recognised()) return forward_failure<bool>(p);
    merge(snap, p.value);
    derive_license_fields(snap);
    return Parsed<bool>::ok(true);
  };
  return e;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  for (const auto w : base::words(s)) out.push_back(base::to_lower(w));
  return out;
}

bool matches(const std::vector<std::string> &typed, const std::string &full) {
  auto want = words_of(full);
  if (typed.size() != want.size()) return false;
  for (std::size_t i = 0; i < typed.size(); ++i) {
    if (!base::starts_with(want[i], typed[i])) return false;
  }
  return true;
}

std::vector<ParserEntry> build_table() {
  std::vector<ParserEntry> t;
  t.push_back(make_entry<VersionInfo>("show version", {}, "show_version", parse_show_version,
                                      [](Snapshot &s, const VersionInfo &v) { merge_into(s.version, v); }));
  t.push_back(make_entry<PakLicenseList>("show license", {}, "show_license", parse_show_license,
                                         [](Snapshot &s, const PakLicenseList &v) { s.pak_licenses = v.licenses; }));
  auto smart_merge = [](Snapshot &s, const SmartLicensing &v) { merge_into(s.smart, v); };
  t.push_back(make_entry<SmartLicensing>("show license summary", {}, "show_license_summary", parse_show_license_summary,
                                         smart_merge));
  t.push_back(make_entry<SmartLicensing>("show license status", {}, "show_license_status", parse_show_license_status,
                                         smart_merge));
  t.push_back(
      make_entry<SmartLicensing>("show license all", {}, "show_license_all", parse_show_license_all, smart_merge));
  t.push_back(make_entry<SmartLicensing>("show license usage", {}, "show_license_usage", parse_show_license_usage,
                                         smart_merge));
  t.push_back(
      make_entry<SmartLicensing>("show license udi", {}, "show_license_udi", parse_show_license_udi, smart_merge));
  t.push_back(make_entry<SmartLicensing>("show license tech support", {}, "show_license_tech_support",
                                         parse_show_license_tech_support, smart_merge));
  t.push_back(make_entry<PakSnapshot>("show platform software sl-infra pak-info", {}, "show_pak_info",
                                      parse_show_pak_info,
                                      [](Snapshot &s, const PakSnapshot &v) { s.pak_snapshot = v; }));
  t.push_back(make_entry<RunningConfig>("show running-config", {"show startup-config", "more system:running-config"},
                                        "show_running_config", parse_show_running_config,
                                        [](Snapshot &s, const RunningConfig &v) { merge_into(s.running_config, v); }));
  t.push_back(make_entry<Redundancy>("show redundancy", {}, "show_redundancy", parse_show_redundancy,
                                     [](Snapshot &s, const Redundancy &v) { merge_into(s.redundancy, v); }));
  t.push_back(make_entry<Redundancy>("show redundancy states", {}, "show_redundancy_states",
                                     parse_show_redundancy_states,
                                     [](Snapshot &s, const Redundancy &v) { merge_into(s.redundancy, v); }));
  t.push_back(make_entry<CallHome>("show call-home profile all", {}, "show_call_home_profile_all",
                                   parse_show_call_home_profile_all,
                                   [](Snapshot &s, const CallHome &v) { merge_into(s.call_home, v); }));
  t.push_back(make_entry<BootVar>("show bootvar", {"show boot"}, "show_bootvar", parse_show_bootvar,
                                  [](Snapshot &s, const BootVar &v) { s.boot = v; }));
  t.push_back(make_entry<DirListing>("dir bootflash:", {"dir", "dir flash:", "dir bootflash:/"}, "dir_bootflash",
                                     parse_dir, [](Snapshot &s, const DirListing &v) { s.bootflash = v; }));
  return t;
}

}  // namespace

template <class T>
void merge_into(T &into, const T &part) {
  nlohmann::json base = into;
  nlohmann::json patch = part;
  drop_empty_lists(patch);
  base.merge_patch(patch);
  into = base.get<T>();
}

template void merge_into<VersionInfo>(VersionInfo &, const VersionInfo &);
template void merge_into<SmartLicensing>(SmartLicensing &, const SmartLicensing &);
template void merge_into<RunningConfig>(RunningConfig &, const RunningConfig &);
template void merge_into<Redundancy>(Redundancy &, const Redundancy &);
template void merge_into<CallHome>(CallHome &, const CallHome &);
template void merge_into<Snapshot>(Snapshot &, const Snapshot &);

void derive_license_fields(Snapshot &snap) {
  const auto &v = snap.version;
  if (v.license_level) snap.license_level = v.license_level;
  if (v.license_type) snap.license_type = v.license_type;
  if (v.next_reload_license_level) snap.next_reload_level = v.next_reload_license_level;
  if (snap.running_config.boot_level) snap.configured_boot_level = snap.running_config.boot_level;
  auto mode = LicenseMode::unknown;
  if (v.license_type) mode = license_mode_from_license_type(*v.license_type);
  if (mode == LicenseMode::unknown && !snap.pak_licenses.empty()) mode = LicenseMode::traditional;
  if (mode == LicenseMode::unknown && snap.smart.smart_enabled) {
    mode = *snap.smart.smart_enabled ? LicenseMode::smart : LicenseMode::unknown;
  }
  snap.license_mode = mode;
}

const std::vector<ParserEntry> &parser_table() {
  static const std::vector<ParserEntry> table = build_table();
  return table;
}

const std::vector<std::string> &snapshot_commands() {
  static const std::vector<std::string> commands = {
      "show version",           "show license",
      "show license summary",   "show license status",
      "show license udi",       "show platform software sl-infra pak-info",
      "show running-config",    "show startup-config",
      "show redundancy states", "show call-home profile all",
      k_smart_log_command,      "show bootvar",
      "dir bootflash:",
  };
  return commands;
}

Result<const ParserEntry *> find_parser(std::string_view command) {
  auto pipe = command.find('|');
  auto typed = words_of(command.substr(0, pipe));
  if (typed.empty()) return Status::error(ErrorKind::invalid_input, "empty command");
  std::vector<const ParserEntry *> hits;
  for (const auto &e : parser_table()) {
    // An exact match of a full spelling wins over prefix matches ("show license" vs "show license all").
    bool exact = words_of(e.command) == typed;
    for (const auto &a : e.aliases) exact = exact || words_of(a) == typed;
    if (exact) return &e;
    bool hit = matches(typed, e.command);
    for (const auto &a : e.aliases) hit = hit || matches(typed, a);
    if (hit) hits.push_back(&e);
  }
  if (hits.size() == 1) return hits.front();
  std::string msg;
  if (hits.empty()) {
    msg = "no parser for command '" + base::trim(command) + "'; supported:";
    for (const auto &e : parser_table()) msg += " '" + e.command + "'";
  } else {
    msg = "ambiguous command '" + base::trim(command) + "': could be";
    for (const auto *e : hits) msg += " '" + e->command + "'";
  }
  return Status::error(ErrorKind::invalid_input, msg);
}

const ParserEntry *find_parser_by_name(std::string_view name) {
  for (const auto &e : parser_table()) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

}  // namespace licmig::snapshot

namespace licmig::snapshot {

const char *to_string(ParseOutcome outcome) {
  switch (outcome) {
    case ParseOutcome::recognised: return "recognised";
    case ParseOutcome::not_this_format: return "not this format";
    case ParseOutcome::malformed: return "malformed";
  }
  return "unknown";
}

}  // namespace licmig::snapshot
