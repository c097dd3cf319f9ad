// Traditional (CSL / PAK) license outputs: `show license` ("Index N Feature:" blocks, as the vendor
// guide prints them), `show license udi`, and the 17.8-17.10 `show platform software sl-infra
// pak-info` snapshot.
#include <algorithm>

#include "sim/render.hpp"

namespace licmig::sim::render {

namespace {

// The features an ASR 920 image knows; those without a license are listed bare.
const std::vector<std::string> &known_features() {
  static const std::vector<std::string> f = {"metroaccess", "metroipaccess", "advancedmetroipaccess",
                                             "1GEupgradelicense", "10GEupgradelicense"};
  return f;
}

std::string priority_of(const PakSpec &p) {
  if (p.type == "Permanent") return "Medium";
  if (p.type == "EvalRightToUse") return "Low";
  return "None";
}

void pak_block(std::string &o, int index, const PakSpec &p, bool in_use) {
  o += "Index " + std::to_string(index) + " Feature: " + p.feature + "\n";
  if (p.type == "Permanent") {
    o += "        Period left: Life time\n";
  } else {
    o += "        Period left: 8 weeks 3 days\n";
    o += "        Period Used: 2 minutes 19 seconds\n";
  }
  o += "        License Type: " + p.type + "\n";
  std::string state = p.state.empty() ? "Active, In Use" : p.state;
  if (!in_use && state == "Active, In Use") state = "Active, Not in Use";
  o += "        License State: " + state + "\n";
  o += "        License Count: Non-Counted\n";
  o += "        License Priority: " + priority_of(p) + "\n";
}

}  // namespace

std::string show_license(const RouterState &s, Clock::time_point now) {
  if (s.mode != LicMode::traditional) return show_license_summary(s, now);
  std::string o;
  int index = 1;
  for (const auto &p : s.paks) pak_block(o, index++, p, p.feature == s.level);
  for (const auto &f : known_features()) {
    bool held = std::any_of(s.paks.begin(), s.paks.end(), [&](const PakSpec &p) { return p.feature == f; });
    if (!held) o += "Index " + std::to_string(index++) + " Feature: " + f + "\n";
  }
  return o;
}

std::string show_license_udi(const RouterState &s) {
  if (s.mode == LicMode::traditional || !s.policy_layout()) {
    if (s.mode == LicMode::traditional) {
      std::string o = "SlotID   PID                    SN              UDI\n";
      o += "--------------------------------------------------------------------------------\n";
      char buf[160];
      std::snprintf(buf, sizeof buf, "*        %-22s %-15s %s:%s\n", s.udi_pid().c_str(), s.serial().c_str(),
                    s.udi_pid().c_str(), s.serial().c_str());
      o += buf;
      return o;
    }
  }
  std::string o = "UDI: PID:" + s.udi_pid() + ",SN:" + s.serial() + "\n";
  if (s.is_ha() && s.peer) {
    o += "\nHA UDI List:\n";
    const RouterState &active = s.is_active() ? s : *s.peer;
    const RouterState &standby = s.is_active() ? *s.peer : s;
    o += "    Active:PID:" + active.udi_pid() + ",SN:" + active.serial() + "\n";
    o += "    Standby:PID:" + standby.udi_pid() + ",SN:" + standby.serial() + "\n";
  }
  return o;
}

std::string show_pak_info(const RouterState &s) {
  std::string o = "Pak License Snapshot Information\n";
  o += "Platform Supports PAK License snapshot\n";
  if (!s.pak_snapshot || s.pak_snapshot->licenses.empty()) {
    o += "PAK License Snapshot not available\n";
    return o;
  }
  o += "PAK License Snapshot integrity check pass\n";
  o += "PAK License Snapshot available\n";
  int index = 0;
  for (const auto &p : s.pak_snapshot->licenses) {
    const bool permanent = p.type == "Permanent";
    char buf[96];
    auto line = [&](const char *key, const std::string &value) {
      std::snprintf(buf, sizeof buf, " %-27s: ", key);
      o += buf + value + "\n";
    };
    std::snprintf(buf, sizeof buf, "%-28s: ", "License Name");
    o += buf + p.feature + "\n";
    line("Index", std::to_string(index++));
    line("In Use Count", "0");
    line("In Use Count Valid", "0");
    line("License Precedence", "0");
    line("License Type",
         permanent ? "0 - Permanent" : (p.type == "EvalRightToUse" ? "2 - EvalRightToUse" : "1 - Evaluation"));
    line("License Count", "65535 - Non-Counted");
    line("Current State", "2 - Active, Not in Use");
    line("License State",
         p.state == "Active, In Use" || p.state.empty() ? "1 - Active, In Use" : "2 - Active, Not in Use");
    const auto ts = s.pak_snapshot->taken_at;
    line("Timestamp lower 32bits", std::to_string(ts & 0xffffffffLL) + " - " + ctime_date(ts));
    line("Timestamp upper 32bits", std::to_string(ts >> 32));
    line("Trial Elapsed Period Left", "0");
  }
  return o;
}

}  // namespace licmig::sim::render
