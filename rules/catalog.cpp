// The rule catalog: every rule licmig checks, with the guide section it comes from.
#include <sstream>

#include "rules/checks.hpp"

namespace licmig::rules {

const char *to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

std::optional<Severity> severity_from_string(const std::string &text) {
  for (auto s : {Severity::error, Severity::warning, Severity::info}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

const char *to_string(TargetMode m) {
  switch (m) {
    case TargetMode::smart: return "smart";
    case TargetMode::no_license: return "no-license";
    case TargetMode::traditional: return "traditional";
  }
  return "no-license";
}

std::optional<TargetMode> target_mode_from_string(const std::string &s) {
  for (auto m : {TargetMode::smart, TargetMode::no_license, TargetMode::traditional}) {
    if (s == to_string(m)) return m;
  }
  return std::nullopt;
}

const std::vector<Rule> &rule_catalog() {
  static const std::vector<Rule> rules = {
      {"LM001", "target-outside-matrix", Severity::error,
       "The target release, or an intermediate release of the path, is not in the license support matrix (or does "
       "not parse).",
       "Table 3: License Support Matrix", "Choose an IOS XE 16.x or 17.x release."},
      {"LM002", "current-release-unknown", Severity::error,
       "The router's current release could not be read or is outside the support matrix.",
       "Table 3: License Support Matrix", "Check `show version`; licmig cannot predict the upgrade."},
      {"LM003", "record-incomplete", Severity::error,
       "The snapshot is not a complete record of the router's licenses (a license command was denied, answered "
       "nothing or could not be read); no change is made on a record with a hole in it.",
       "Recording Snapshot of Licenses",
       "Give the account privilege 15 (or fix AAA command authorization for the `show license` commands), then "
       "snapshot again."},
      {"LM010", "pak-without-boot-level", Severity::error,
       "PAK licenses, target 17.7.1 or later, no saved `license boot level`: the router comes up at another level.",
       "Upgrading to Default Smart Licensing (note on the boot level license); Recording Snapshot of Licenses",
       "Save `license boot level` at the current level."},
      {"LM011", "pak-snapshot-skipped", Severity::warning,
       "PAK router going from before 17.8 straight to 17.11 or later: no router-side PAK snapshot will ever exist.",
       "Recording Snapshot of Licenses (License Snapshot Support is Discontinued)",
       "Save `license boot level`, or hop through 17.8-17.10 (`--via`) so the router takes its snapshot."},
      {"LM012", "level-would-drop", Severity::error,
       "A reload on the path would bring the router up at a lower license level than it has now.",
       "Recording Snapshot of Licenses; Downgrading the Router from No-license mode to Traditional Licensing (note)",
       "Install a license for the current level that the target keeps, or choose a target that keeps it."},
      {"LM013", "boot-level-not-saved", Severity::error,
       "No saved `license boot level`, and a reload into the target brings the router up at a lower level (Smart "
       "Licensing and No-License mode boot the default level; a level from the router's PAK snapshot is not used "
       "from 17.11.1 on), or the target is Smart Licensing before 17.8.1.",
       "Restrictions for Smart Licensing; Upgrading to Default Smart Licensing (note on the boot level license)",
       "Save `license boot level` at the current level (the plan does it first)."},
      {"LM020", "smart-unsupported", Severity::error, "Target mode Smart on a release before 17.3.1.",
       "Table 3: License Support Matrix", "Target 17.3.1 or later for Smart Licensing."},
      {"LM021", "no-license-unsupported", Severity::error, "Target mode No-License on a release before 17.7.1.",
       "Upgrading to Default Smart Licensing (Default Smart Licensing)", "Target 17.7.1 or later for No-License mode."},
      {"LM022", "traditional-unavailable", Severity::error,
       "Target mode traditional on 17.7.1 or later, where PAK licenses no longer exist.",
       "Table 3: License Support Matrix", "Target Smart or No-License, or stay below 17.7.1."},
      {"LM030", "data-port-session", Severity::error,
       "The path needs `no license smart enable`, which puts every port admin down, and licmig reaches the "
       "router over a data port, or nothing tells which interface it reaches it on.",
       "Enable and Register Smart Licensing (step 2, note and warning)",
       "Reach the router through its management interface (GigabitEthernet0, VRF Mgmt-intf) or console. licmig "
       "asks the router which interface the session arrives on (show ip interface brief); the inventory's "
       "mgmt_interface is used only when the router cannot tell (a jump host or ProxyCommand hides the address). "
       "When neither tells, the path is refused (the guide is silent; licmig takes the conservative reading)."},
      {"LM031", "mgmt-interface-mismatch", Severity::warning,
       "The inventory's mgmt_interface names another interface than the one the router says the session arrives on.",
       "Enable and Register Smart Licensing (step 2, note and warning)",
       "Correct mgmt_interface; licmig goes by the router's answer."},
      {"LM040", "ha-pak-mismatch", Severity::error,
       "HA active and standby hold different PAK licenses: after the upgrade the standby reloads continuously.",
       "Recording Snapshot of Licenses (HA setup)", "Factory reset both routers and configure the licenses manually."},
      {"LM041", "ha-release-mismatch", Severity::error, "HA active and standby run different releases.",
       "Recording Snapshot of Licenses (HA setup)", "Bring both to the same release first."},
      {"LM042", "ha-boot-level-mismatch", Severity::error,
       "HA active and standby have different saved boot levels or license levels.",
       "Recording Snapshot of Licenses (HA setup)", "Save the same `license boot level` on both."},
      {"LM043", "ha-pair-refused", Severity::error,
       "The other router of the HA pair cannot be changed (refused, or not readable): the pair reloads together, "
       "so neither is changed.",
       "Recording Snapshot of Licenses (HA setup)",
       "Resolve the other router's finding first; then plan the pair again."},
      {"LM050", "call-home-http", Severity::error, "A call-home destination uses http://; HTTPS is required.",
       "Smart Licensing for New Deployments (note on HTTPS)", "Replace the destination with its https:// form."},
      {"LM051", "smart-comm-failed", Severity::warning,
       "%SMART_LIC-3-COMM_FAILED in the log: Smart Licensing cannot reach CSSM.",
       "Cisco Smart Software Manager (%SMART_LIC-3-COMM_FAILED)",
       "Configure `ip http client secure-trustpoint SLA-TrustPoint`."},
      {"LM052", "satellite-default-cssm", Severity::warning,
       "Satellite deployment whose call-home profile still carries the default CSSM destination.",
       "Smart Licensing for New Deployments (note on satellite deployments)", "Remove the default CSSM destination."},
      {"LM060", "smart-eval-low", Severity::warning, "Smart Licensing evaluation period nearly used up.",
       "Verify Smart Licensing Configuration (Eval Period)", "Register the router with a token."},
      {"LM061", "smart-out-of-compliance", Severity::error, "Smart Licensing reports OUT OF COMPLIANCE.",
       "Verify Smart Licensing Configuration (Out-Of-Compliance)", "Buy or assign the missing licenses in CSSM."},
      {"LM062", "registration-expiring", Severity::warning, "The Smart Licensing registration expires soon.",
       "Renew Smart Licensing Registration", "`license smart renew id`."},
      {"LM063", "reregister-17-8-1", Severity::warning,
       "17.8.1 target with a re-registration using the same token: the router can stay Unregistered.",
       "Restrictions for Smart Licensing", "Remove the router from CSSM Product Instances before registering again."},
      {"LM070", "unsaved-config", Severity::warning,
       "The running configuration differs from the saved one; a reload decides on the saved one.",
       "Switching License Modes", "`write memory`, after reviewing the difference."},
      {"LM080", "image-missing", Severity::error, "The target image is not on bootflash.",
       "Upgrading the Router with Traditional License to No-License (step 2, the image upgrade)",
       "Stage it first: `licmig stage -i INVENTORY --image FILE` (push) or `--image-url URL --image-md5 HEX` (pull), "
       "or give the same source to plan/migrate and it is staged before the reload."},
      {"LM081", "image-md5-mismatch", Severity::error, "The target image's md5 is not the expected one.",
       "Upgrading the Router with Traditional License to No-License (step 2, the image upgrade)",
       "Copy the image again and verify it."},
      {"LM082", "image-not-given", Severity::error,
       "The path changes release, but no image file was given for that release.",
       "Upgrading the Router with Traditional License to No-License (step 2, the image upgrade)",
       "Give --image FILE, a file on bootflash: of that release (one per intermediate release)."},
      {"LM083", "image-to-stage", Severity::info,
       "The target image is not on bootflash; the plan stages it (space check, transfer, verify /md5) before the "
       "reload.",
       "Upgrading the Router with Traditional License to No-License (step 2, the image upgrade)",
       "Nothing to do; `licmig stage` does the same ahead of the maintenance window."},
      {"LM084", "image-cannot-be-staged", Severity::error,
       "The target image is not on bootflash and cannot be staged as asked (bootflash short of space, no SCP "
       "server for a push, a wrong copy the router boots).",
       "Upgrading the Router with Traditional License to No-License (step 2, the image upgrade)",
       "`licmig stage` with --cleanup (unused images deleted), --enable-scp-server or --image-url, as the finding "
       "says."},
      {"LM090", "eval-license-in-use", Severity::warning,
       "Evaluation (EvalRightToUse) licenses in use, target 17.7.1 or later, and their level is not the saved "
       "`license boot level`: without it the level does not carry over.",
       "Upgrading the Router with Traditional License to No-License",
       "Save `license boot level` at the evaluation license's level."},
      {"LM091", "slr-unsupported", Severity::error, "Specific License Reservation asked for before 17.8.1.",
       "Restrictions for Smart Licensing", "Target 17.8.1 or later for SLR."},
      {"LM100", "rollback-image-missing", Severity::error,
       "Rollback: the image the router ran before the change is no longer on bootflash.",
       "Downgrading the Router from No-license mode to Traditional Licensing (step 2, the image downgrade)",
       "Stage it again: `licmig stage -i INVENTORY --image FILE -l HOST` (or --image-url URL --image-md5 HEX), then "
       "roll back."},
      {"LM101", "rollback-mode-not-allowed", Severity::error,
       "Rollback: the guide documents no way back from the router's license mode to its pre-change one (Smart "
       "Licensing to traditional licensing on a release without Smart Licensing).",
       "Downgrading the Router operating in Default Smart Licensing mode to Smart Licensing; license smart enable "
       "(no form: revert to traditional)",
       "Return by hand with the vendor's support, or roll back to a release that has Smart Licensing first."},
      {"LM102", "rollback-state-unreachable", Severity::error,
       "Rollback: the reload back would not bring the router to its pre-change license mode and level (the guide's "
       "behaviour model predicts another state).",
       "Recording Snapshot of Licenses; Downgrading the Router from No-license mode to Traditional Licensing (note)",
       "Restore the licenses the pre-change level needs (PAK license, saved `license boot level`), then roll back."},
      {"LM103", "rollback-other-router", Severity::error,
       "Rollback: the router answering is not the one the run changed (hostname, chassis serial or UDI differ "
       "from the run's journal), or that cannot be proven.",
       "Recording Snapshot of Licenses (the record belongs to one router)",
       "Correct the inventory's address for the host, then roll back."},
      {"LM104", "rollback-no-record", Severity::error,
       "Rollback: the run's journal holds no intact pre-change snapshot of the router (never taken, missing, "
       "changed since or unreadable).",
       "Recording Snapshot of Licenses", "Nothing to return to: compare the router with an older snapshot by hand."},
  };
  return rules;
}

const Rule *find_rule(const std::string &id) {
  for (const auto &r : rule_catalog()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

std::string rules_markdown() {
  std::ostringstream out;
  out << "# Compliance rules\n\n"
      << "Generated from the rule catalog (`rules/catalog.cpp`) by `licmig rules --format markdown`; a test\n"
      << "keeps this file equal to that output. Each finding of `licmig check` names its rule, the guide\n"
      << "section it comes from, and the exact commands that remedy it on that router.\n\n"
      << "| id | name | severity | finds | guide | remedy |\n|---|---|---|---|---|---|\n";
  for (const auto &r : rule_catalog()) {
    out << "| " << r.id << " | " << r.name << " | " << to_string(r.severity) << " | " << r.summary << " | " << r.guide
        << " | " << r.remedy << " |\n";
  }
  return out.str();
}

}  // namespace licmig::rules
