// Findings of the compliance checks, the rule catalog they come from, and the target a check or a
// plan is made against.
//
// Thread-safety: value types; the catalog is immutable.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "snapshot/model.hpp"
#include "snapshot/release.hpp"

namespace licmig::rules {

enum class Severity { error, warning, info };
const char *to_string(Severity s);
std::optional<Severity> severity_from_string(const std::string &text);

struct Rule {
  std::string id;       // stable, e.g. "LM010"
  std::string name;     // kebab-case, e.g. "pak-without-boot-level"
  Severity severity;    // the severity it usually has (a check may lower it, and says why)
  std::string summary;  // one line: what the rule looks for
  std::string guide;    // the guide section (and seed line) it comes from
  std::string remedy;   // the usual remedy, in words
};

struct Finding {
  std::string rule_id;
  std::string rule_name;
  Severity severity = Severity::error;
  std::string host;
  std::string message;                   // one line, specific to this router
  std::string guide;                     // the guide section it comes from
  std::vector<std::string> remediation;  // the exact commands to run, in order ("" = none)

  bool operator==(const Finding &o) const {
    return rule_id == o.rule_id && severity == o.severity && host == o.host && message == o.message;
  }
};

enum class TargetMode { smart, no_license, traditional };
const char *to_string(TargetMode m);
std::optional<TargetMode> target_mode_from_string(const std::string &s);

// What the engineer wants the router to end up as.
struct Target {
  std::optional<snapshot::Release> release;  // absent when the text did not parse
  std::string release_text;                  // as given on the command line
  TargetMode mode = TargetMode::no_license;
  std::string image;                     // bootflash file name of the target image ("" = not given)
  std::optional<std::string> image_md5;  // expected md5 of the image
  // Where a missing image is staged from ("push of FILE" / "pull from URL"; "" = no source): then a
  // missing image is LM083 (the plan stages it) instead of LM080.
  std::string image_source;
  bool register_token = false;     // a Smart registration is part of the plan
  bool token_used_before = false;  // that token already registered this router
  bool specific_license_reservation = false;
  bool satellite = false;  // Smart through an on-premises satellite
};

// Facts about how licmig reaches the router and when the check runs.
struct CheckContext {
  // The SSH session comes in over a data port, not management, whatever the snapshot says (a
  // caller's override; licmig itself decides from the snapshot and the inventory: session_decision).
  bool session_via_data_port = false;
  // The inventory variable mgmt_interface: the interface the engineer says the session arrives on.
  // Used when the router cannot tell (snapshot::SessionPath without an interface), and cross-checked
  // against the router's answer otherwise (LM031).
  std::optional<std::string> inventory_mgmt_interface;
  std::string now_utc;  // "YYYY-MM-DD" of the check, for expiry dates ("" = skip)
  int eval_warning_days = 30;
  int registration_warning_days = 30;
  // The PAK licenses of licmig's stored record of the router from when it was traditional (empty:
  // none); see rules::known_paks.
  std::vector<snapshot::PakLicense> recorded_paks;
};

}  // namespace licmig::rules
