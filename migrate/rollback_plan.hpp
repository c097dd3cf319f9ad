// The rollback planner: a router's pre-change snapshot (the one a migration run journaled) and its
// snapshot now -> the Plan that returns it to its pre-change boot image (`boot system`), saved
// `license boot level` and license mode, or a refusal naming the rule (LM100-LM104, LM030). Pure:
// no router, no files. The plan uses the executor's step kinds, and ends with verify-restored: the
// router is read again and compared with the pre-change snapshot (release, image, mode, level, saved
// boot level, boot system).
//
// The way back, per the vendor guide (docs/behaviour.md "Rollback"):
//   - the image: `no boot system`, then the pre-change `boot system` lines (none saved: the image the
//     router ran), which must be on bootflash (LM100 names it: `licmig stage` puts it back);
//   - the saved boot level: the pre-change one (`license boot level X`, or `no license boot level`);
//   - the mode: Smart stays Smart on a downgrade ("Downgrading the Router operating in Default Smart
//     Licensing mode to Smart Licensing"); No-License becomes traditional below 17.7.1 ("Downgrading
//     the Router from No-license mode to Traditional Licensing"); `license smart enable` / its no form
//     switch Smart and No-License ("Switching License Modes") and Smart back to traditional where
//     the pre-change release has Smart Licensing (the no form "revert[s] to the traditional or strict
//     mode"). Smart back to a release without Smart Licensing: the guide is silent; refused (LM101).
//   - the result is predicted with rules::predict_reload; a prediction other than the pre-change mode
//     and level is refused (LM102), never planned.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/plan.hpp"
#include "rules/matrix.hpp"
#include "snapshot/drift.hpp"
#include "snapshot/model.hpp"

namespace licmig::migrate {

struct RollbackOptions {
  std::string run_id;  // the run being rolled back (named in the plan's notes)
  // The identity the run's journal recorded for the router (pre_snapshot step's facts).
  snapshot::Identity journaled;
  // The inventory's mgmt_interface (LM030: `no license smart enable` over a data port).
  std::optional<std::string> inventory_mgmt_interface;
  // licmig's record of the router's PAK licenses from when it was traditional (recorded_paks_of): with
  // the pre-change snapshot's own, they say whether a port license keeps ports down after
  // `no license smart enable` (migrate/plan.hpp ports_after_smart_disable).
  std::vector<snapshot::PakLicense> recorded_paks;
};

// The plan that takes the router in `now` back to `pre`. A router already in its pre-change state is
// a plan that changes nothing (outcome unchanged).
Plan make_rollback_plan(const snapshot::Snapshot &pre, const snapshot::Snapshot &now, const RollbackOptions &options,
                        const rules::SupportMatrix &matrix = rules::SupportMatrix::builtin());

// A refused rollback plan for `host` that has no usable pre-change record (LM104): `why` says which.
Plan rollback_without_record(const std::string &host, const std::string &run_id, const std::string &why);

// How `is` differs from `was` ("" = the same): hostname, chassis serial, UDI, each compared when both
// sides have it. `compared` is set when a serial or UDI was compared (a hostname alone proves nothing).
std::string identity_differences(const snapshot::Identity &was, const snapshot::Identity &is, bool &compared);

// The pre-change state the router must show after a rollback, as text ("" when it does): what
// verify-restored checks, on a fresh snapshot. Pure.
std::string restored_mismatch(const Expectation &expect, const snapshot::Snapshot &now);

}  // namespace licmig::migrate
