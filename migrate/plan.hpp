// The planner: snapshot + target -> an ordered list of steps, or a refusal with the reason and the
// remedy. Pure: no router, no files. The plan is data — printed by `licmig plan`, walked by the
// executor, compared in tests.
//
// Guarantees: a router is snapshotted before anything changes; no plan brings a router up at a
// lower license level than it has; every reload is followed by a verification of release, license
// mode and level; a path the vendor guide says cannot work is refused, never planned.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "migrate/stage_plan.hpp"
#include "rules/findings.hpp"
#include "rules/matrix.hpp"
#include "snapshot/model.hpp"

namespace licmig::migrate {

enum class StepKind {
  pre_snapshot,     // take and save the snapshot (before any change)
  stage_image,      // the image is missing: space check, transfer, verify /md5 (migrate/stage.hpp)
  verify_image,     // the image is on bootflash with the expected md5
  set_boot_level,   // license boot level X
  smart_enable,     // license smart enable
  smart_disable,    // no license smart enable
  set_boot_image,   // boot system bootflash:F (alone)
  save_config,      // write memory
  reload,           // reload, prove it happened, wait, verify
  register_smart,   // license smart register idtoken <token>
  post_snapshot,    // take the post-snapshot, store the diff
  restore_ports,    // interface X / no shutdown, for each interface that was up (licensed ports)
  verify_restored,  // a rollback: the router shows its pre-change state (migrate/rollback_plan.hpp)
};
// Every kind, in the order above (one list: journal reading and tests walk it).
const std::vector<StepKind> &all_step_kinds();
const char *to_string(StepKind kind);

// What must hold after a step; absent fields are not checked.
struct Expectation {
  std::optional<std::string> release;  // base release, e.g. "17.9.4"
  std::optional<snapshot::LicenseMode> mode;
  std::optional<std::string> level;
  std::optional<std::string> registration;  // "REGISTERED"
  std::optional<std::string> boot_level;    // saved `license boot level`
  std::optional<std::string> image_file;    // verify-image: the file that must be on bootflash;
                                            // verify-restored: the image file the router must run
  std::optional<std::string> image_md5;     // verify-image: the checksum the image must have
  // reload: interfaces that must not be administratively down after it (`show ip interface brief`)
  std::vector<std::string> ports_up;
  // verify-restored: the saved `boot system` values, in order (absent: not checked)
  std::optional<std::vector<std::string>> boot_system;
};

struct Step {
  StepKind kind = StepKind::pre_snapshot;
  std::string title;                  // one line for people
  std::vector<std::string> commands;  // exactly what is sent (the token is shown as <token>)
  std::string why;                    // the rule or guide section it comes from
  Expectation expect;
};

struct Plan {
  std::string host;
  std::string from;  // "17.6.1 traditional metroipaccess"
  std::string to;    // "17.9.4 no-license metroipaccess"
  std::vector<Step> steps;
  bool refused = false;
  // A refusal is always one or more findings of the rule catalog (rules/catalog.cpp): the planner
  // has no wording of its own. `refusal` and `remedy` are those findings as text, so that a plan
  // read back from the journal still says why.
  std::vector<rules::Finding> refused_by;      // the blocking findings, in rules::blocking_findings order
  std::string refusal;                         // "LM020 smart-unsupported: ..." per finding, joined by "; "
  std::vector<std::string> remedy;             // per finding: the rule's remedy (guide section), then its commands
  bool unreadable = false;                     // refused because the router could not be read: it is unreachable
  ErrorKind unreadable_cause = ErrorKind::ok;  // why it could not be read (exit_code.hpp's router_exit_code)
  std::vector<std::string> notes;              // things the engineer should know (not blocking)
  // The stored snapshot the plan was made from (plan_fleet sets it; "" for a plan made from a
  // snapshot not on disk). The executor compares the router with it before the first change.
  std::string source_snapshot;
  bool changes_router() const;
  // The rule IDs of refused_by, in order, each once.
  std::vector<std::string> refusing_rules() const;
};

struct PlanOptions {
  bool session_via_data_port = false;  // force: the session is over a data port (rules::CheckContext)
  // The inventory's mgmt_interface, for rules::session_decision (the snapshot's session path first).
  std::optional<std::string> inventory_mgmt_interface;
  std::vector<snapshot::Release> via;   // intermediate releases chosen by the engineer (hops)
  std::vector<std::string> via_images;  // their image files, one per hop
  // The PAK licenses of licmig's stored record of the router from when it was traditional (the
  // router hides them in Smart and No-License mode): what a return to traditional licensing uses.
  std::vector<snapshot::PakLicense> recorded_paks;
  // The router is one of an HA pair: "For an ASR device with redundancy enabled, you must execute
  // write memory after successful registration" — the plan saves after registering.
  bool ha_member = false;
  // The target image is missing and will be staged (plan_fleet decided it with decide_stage): the
  // final hop stages it before verifying it.
  struct Stage {
    StageImage image;
    StageDecision decision;
  };
  std::optional<Stage> stage;
};

Plan make_plan(const snapshot::Snapshot &snap, const rules::Target &target, const PlanOptions &options = {},
               const rules::SupportMatrix &matrix = rules::SupportMatrix::builtin());

// `write memory`: the step before every reload (a reload acts on the saved configuration).
Step save_config_step();

// What licmig does about the licensed ports after `no license smart enable` and its reload, for a
// migration's plan and a rollback's (one decision): `before` is the snapshot whose interfaces were up
// and whose PAK licenses (or `recorded_paks`, licmig's record) say whether a port license is held.
//   - no port license: nothing (the reload brings every port back);
//   - a port license and the interfaces on record: `restore` (restore-ports, `no shutdown` on each
//     interface that was up), after which the caller saves and reloads once more, verifying `ports`;
//   - otherwise: `note`, the manual step for the engineer.
struct PortsAfterSmartDisable {
  std::optional<Step> restore;
  std::vector<std::string> ports;  // the interfaces the next reload must show up
  std::string note;                // "" unless it is left to the engineer
};
PortsAfterSmartDisable ports_after_smart_disable(const snapshot::Snapshot &before,
                                                 const std::vector<snapshot::PakLicense> &recorded_paks);

// Refuses `plan` for `findings` of the rule catalog, added to any it was already refused for: their
// rule, words, guide section and remedy become `refusal` and `remedy`; the steps are dropped. The
// one wording of every refusal (the planner's and plan_fleet()'s).
void refuse_plan(Plan &plan, const std::vector<rules::Finding> &findings);

// The plan as text, `terraform plan` style.
std::string render_plan(const Plan &plan);

}  // namespace licmig::migrate
