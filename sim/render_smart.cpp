// Smart Licensing outputs: `show license summary|status|all|usage|tech support` in the classic
// layout (registration, authorization, evaluation period: what the vendor guide shows for the
// ASR 920 on 16.x and 17.x) and in the Smart Licensing Using Policy layout (17.3+ on platforms that
// adopted it). No-License mode answers "Smart Licensing is DISABLED".
#include "sim/render.hpp"

namespace licmig::sim::render {

namespace {

constexpr std::int64_t k_day = 86400;

bool registered(const RouterState &s) { return s.smart.registration == "REGISTERED"; }

std::string usage_status(const RouterState &s, Clock::time_point now) {
  if (s.policy_layout()) return "IN USE";
  if (registered(s)) return "AUTHORIZED";
  return s.eval_remaining(now) > 0 ? "EVAL MODE" : "EVAL EXPIRED";
}

std::string auth_status(const RouterState &s, Clock::time_point now) {
  if (registered(s)) return "AUTHORIZED";
  return s.eval_remaining(now) > 0 ? "EVAL MODE" : "EVAL EXPIRED";
}

std::string usage_table(const RouterState &s, Clock::time_point now, const char *tag_word) {
  char buf[200];
  std::string o = "License Usage:\n";
  std::snprintf(buf, sizeof buf, "  %-24s%-30s%s\n", "License", tag_word, "Count Status");
  o += buf;
  o += "  -----------------------------------------------------------------------------\n";
  std::snprintf(buf, sizeof buf, "  %-24s%-30s%5d %s\n", s.level.c_str(), ("(" + s.level + ")").c_str(), 1,
                usage_status(s, now).c_str());
  o += buf;
  return o;
}

std::string comm_lines(const RouterState &s) {
  std::string o;
  if (!s.smart.last_failure.empty()) {
    o += "  Last Communication Attempt: FAILED on " + smart_date(s.smart.last_comm_at) + "\n";
    o += "    Failure reason: " + s.smart.last_failure + "\n";
  } else if (s.smart.last_comm_at != 0) {
    o += "  Last Communication Attempt: SUCCEEDED on " + smart_date(s.smart.last_comm_at) + "\n";
  }
  return o;
}

// The Registration and License Authorization blocks of the classic layout.
std::string classic_registration(const RouterState &s, Clock::time_point now) {
  std::string o = "Registration:\n";
  if (registered(s)) {
    o += "  Status: REGISTERED\n";
    o += "  Smart Account: " + s.smart.smart_account + "\n";
    o += "  Virtual Account: " + s.smart.virtual_account + "\n";
    o += "  Export-Controlled Functionality: ALLOWED\n";
    o += "  Initial Registration: SUCCEEDED on " + smart_date(s.smart.registered_at) + "\n";
    o += "  Last Renewal Attempt: None\n";
    o += "  Next Renewal Attempt: " + smart_date(s.smart.registered_at + 180 * k_day) + "\n";
    o += "  Registration Expires: " + smart_date(s.smart.registered_at + 365 * k_day) + "\n";
    o += "\nLicense Authorization: \n";
    o += "  Status: AUTHORIZED on " + smart_date(s.smart.authorized_at) + "\n";
    o += comm_lines(s);
    o += "  Next Communication Attempt: " + smart_date(s.smart.authorized_at + 30 * k_day) + "\n";
    o += "  Communication Deadline: " + smart_date(s.smart.authorized_at + 90 * k_day) + "\n";
    return o;
  }
  o += "  Status: UNREGISTERED\n";
  o += "  Export-Controlled Functionality: NOT ALLOWED\n";
  if (!s.smart.last_failure.empty()) {
    o += "  Initial Registration: FAILED on " + smart_date(s.smart.last_comm_at) + "\n";
    o += "    Failure reason: " + s.smart.last_failure + "\n";
  }
  o += "\nLicense Authorization: \n";
  o += "  Status: " + auth_status(s, now) + "\n";
  o += "  Evaluation Period Remaining: " + eval_text(s.eval_remaining(now)) + "\n";
  return o;
}

std::string classic_status_body(const RouterState &s, Clock::time_point now) {
  std::string o = "Smart Licensing is ENABLED\n\n";
  o += "Utility:\n  Status: DISABLED\n\n";
  o += "Data Privacy:\n  Sending Hostname: yes\n    Callhome hostname privacy: DISABLED\n"
       "    Smart Licensing hostname privacy: DISABLED\n  Version privacy: DISABLED\n\n";
  o += "Transport:\n  Type: Callhome\n\n";
  o += classic_registration(s, now) + "\n";
  o += "Export Authorization Key:\n  Features Authorized:\n    <none>\n";
  return o;
}

std::string policy_status_body(const RouterState &s, Clock::time_point now) {
  const auto w = s.wall(now);
  std::string o = "Utility:\n  Status: DISABLED\n\n";
  o += "Smart Licensing Using Policy:\n  Status: ENABLED\n\n";
  o += "Account Information:\n";
  if (registered(s)) {
    o += "  Smart Account: " + s.smart.smart_account + " As of " + smart_date(s.smart.authorized_at) + "\n";
    o += "  Virtual Account: " + s.smart.virtual_account + "\n\n";
  } else {
    o += "  Smart Account: <none>\n  Virtual Account: <none>\n\n";
  }
  o += "Data Privacy:\n  Sending Hostname: yes\n    Callhome hostname privacy: DISABLED\n"
       "    Smart Licensing hostname privacy: DISABLED\n  Version privacy: DISABLED\n\n";
  o += "Transport:\n  Type: Smart\n  URL: https://smartreceiver.cisco.com/licservice/license\n"
       "  Proxy:\n    Not Configured\n  VRF:\n    Not Configured\n\n";
  o += "Policy:\n  Policy in use: Merged from multiple sources.\n  Reporting ACK required: yes (CISCO default)\n";
  for (const char *kind :
       {"Unenforced/Non-Export Perpetual Attributes", "Unenforced/Non-Export Subscription Attributes",
        "Enforced (Perpetual/Subscription) License Attributes", "Export (Perpetual/Subscription) License Attributes"}) {
    o += std::string("  ") + kind + ":\n";
    o += "    First report requirement (days): 365 (CISCO default)\n";
    o += "    Reporting frequency (days): 0 (CISCO default)\n";
    o += "    Report on change (days): 90 (CISCO default)\n";
  }
  o += "\nMiscellaneous:\n  Custom Id: <empty>\n\n";
  o += "Usage Reporting:\n";
  o += "  Last ACK received: " + (registered(s) ? smart_date(s.smart.authorized_at) : std::string("<none>")) + "\n";
  o += "  Next ACK deadline: " + smart_date(w + 90 * k_day) + "\n";
  o += "  Reporting push interval: 30  days\n";
  o += "  Next ACK push check: <none>\n";
  o += "  Next report push: " + smart_date(w + 3600) + "\n";
  o += "  Last report push: <none>\n";
  o += "  Last report file write: <none>\n\n";
  o += "Trust Code Installed: " + (registered(s) ? smart_date(s.smart.registered_at) : std::string("<none>")) + "\n";
  return o;
}

std::string usage_blocks(const RouterState &s, Clock::time_point now) {
  std::string o = s.level + " (" + s.level + "):\n";
  o += "  Description: " + s.level + "\n";
  o += "  Count: 1\n  Version: 1.0\n";
  o += "  Status: " + usage_status(s, now) + "\n";
  o += "  Export status: NOT RESTRICTED\n";
  if (s.policy_layout()) {
    o += "  Feature Name: " + s.level + "\n";
    o += "  Feature Description: " + s.level + "\n";
    o += "  Enforcement type: NOT ENFORCED\n";
    o += "  License type: Perpetual\n";
  }
  return o;
}

std::string trailer(const RouterState &s) {
  std::string o = "\nProduct Information\n===================\n";
  o += "UDI: PID:" + s.udi_pid() + ",SN:" + s.serial() + "\n\n";
  o += "Agent Version\n=============\n";
  o += std::string("Smart Agent for Licensing: ") + (s.policy_layout() ? "5.1.26_rel/120" : "4.8.5.4_rel/22") + "\n";
  return o;
}

const char *k_disabled = "Smart Licensing is DISABLED\n";

}  // namespace

std::string show_license_summary(const RouterState &s, Clock::time_point now) {
  if (s.mode == LicMode::no_license) return k_disabled;
  if (s.policy_layout()) {
    std::string o;
    if (release_at_least(s.release, "17.5.1")) {
      o += "Account Information:\n";
      o += registered(s) ? "  Smart Account: " + s.smart.smart_account + " As of " + smart_date(s.smart.authorized_at) +
                               "\n  Virtual Account: " + s.smart.virtual_account + "\n\n"
                         : std::string("  Smart Account: <none>\n  Virtual Account: <none>\n\n");
    }
    return o + usage_table(s, now, "Entitlement Tag");
  }
  std::string o = "Smart Licensing is ENABLED\n\n";
  o += "Registration:\n";
  if (registered(s)) {
    o += "  Status: REGISTERED\n";
    o += "  Smart Account: " + s.smart.smart_account + "\n";
    o += "  Virtual Account: " + s.smart.virtual_account + "\n";
    o += "  Export-Controlled Functionality: ALLOWED\n";
    o += "  Last Renewal Attempt: None\n";
    o += "  Next Renewal Attempt: " + smart_date(s.smart.registered_at + 180 * k_day) + "\n\n";
    o += "License Authorization:\n";
    o += "  Status: AUTHORIZED\n";
    o += std::string("  Last Communication Attempt: ") + (s.smart.last_failure.empty() ? "SUCCEEDED" : "FAILED") + "\n";
    o += "  Next Communication Attempt: " + smart_date(s.smart.authorized_at + 30 * k_day) + "\n\n";
  } else {
    o += "  Status: UNREGISTERED\n";
    o += "  Export-Controlled Functionality: NOT ALLOWED\n\n";
    o += "License Authorization:\n";
    o += "  Status: " + auth_status(s, now) + "\n";
    o += "  Evaluation Period Remaining: " + eval_text(s.eval_remaining(now)) + "\n\n";
  }
  return o + usage_table(s, now, "Entitlement tag");
}

std::string show_license_status(const RouterState &s, Clock::time_point now) {
  if (s.mode == LicMode::no_license) return k_disabled;
  return s.policy_layout() ? policy_status_body(s, now) : classic_status_body(s, now);
}

std::string show_license_all(const RouterState &s, Clock::time_point now) {
  if (s.mode == LicMode::no_license) return k_disabled;
  std::string o = "Smart Licensing Status\n======================\n\n";
  if (s.policy_layout()) {
    o += "Smart Licensing is ENABLED\n\nExport Authorization Key:\n  Features Authorized:\n    <none>\n\n";
    o += policy_status_body(s, now);
  } else {
    o += classic_status_body(s, now);
  }
  o += "\nLicense Usage\n==============\n\n" + usage_blocks(s, now);
  o += trailer(s);
  if (!s.policy_layout()) o += "\nReservation Info\n================\nLicense reservation: DISABLED\n";
  return o;
}

std::string show_license_usage(const RouterState &s, Clock::time_point now) {
  if (s.mode == LicMode::no_license) return k_disabled;
  std::string o = "License Authorization:\n";
  if (s.policy_layout()) {
    o += "  Status: Not Applicable\n\n";
  } else if (registered(s)) {
    o += "  Status: AUTHORIZED on " + smart_date(s.smart.authorized_at) + "\n\n";
  } else {
    o += "  Status: " + auth_status(s, now) + "\n\n";
  }
  return o + usage_blocks(s, now);
}

std::string show_license_tech_support(const RouterState &s, Clock::time_point now) {
  if (s.mode == LicMode::no_license) return k_disabled;
  std::string o = "Smart Licensing Tech Support info\n\nSmart Licensing Status\n======================\n\n";
  if (s.policy_layout()) {
    o += "Smart Licensing is ENABLED\n\nExport Authorization Key:\n  Features Authorized:\n    <none>\n\n";
    o += policy_status_body(s, now);
  } else {
    o += classic_status_body(s, now);
    o += "\nEvaluation Period:\n";
    o += std::string("  Evaluation Mode: ") + (s.eval_in_use() ? "In Use" : "Not In Use") + "\n";
    o += "  Evaluation Period Remaining: " + eval_text(s.eval_remaining(now)) + "\n";
  }
  o += "\nLicense Usage\n=============\nHandle: 1\n";
  o += "  License: " + s.level + "\n";
  o += "  Entitlement Tag: regid.2014-11.com.cisco." + s.level + ",1.0_" + "0b9f4c3e-6a1f-4c35-9f59-3c1f8e8a2d10\n";
  o += "  Description: " + s.level + "\n";
  o += "  Count: 1\n  Version: 1.0\n";
  o += "  Status: " + usage_status(s, now) + "\n";
  o += "  Export status: NOT RESTRICTED\n";
  o += trailer(s);
  return o;
}

}  // namespace licmig::sim::render
