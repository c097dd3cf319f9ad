// Rolling routers back (issue 15): the parts of `licmig rollback RUN-ID` and of
// `migrate --rollback-on-failure` that touch routers and files — the pre-change record a run
// journaled, the verify-restored step the executor runs, and the rollback of one router right after
// its migration verified wrong. The plan itself is rollback_plan.hpp's (pure).
//
// Thread-safety: roll_back_after_failure() for different routers may run on different threads
// sharing one Journal.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "migrate/executor.hpp"
#include "migrate/journal.hpp"
#include "migrate/rollback_plan.hpp"
#include "migrate/router_session.hpp"

namespace licmig::migrate {

// The verify-restored step: reads the router (a full snapshot, not stored) and compares it with
// the pre-change state of `expect` (restored_mismatch); a difference fails the step.
Status verify_restored(RouterSession &session, const std::string &host, const Expectation &expect);

// What a run's journal holds about one router it changed: its pre-change snapshot, re-read and
// checked against the journaled sha256, and the identity the run recorded.
struct PreChangeRecord {
  std::string path;
  snapshot::Snapshot snap;
  snapshot::Identity journaled;
  // rollback_recorded_paks of the pre-change snapshot.
  std::vector<snapshot::PakLicense> recorded_paks;
};
// What the way back knows of the router's PAK licenses beyond `pre` itself (RollbackOptions::
// recorded_paks): nothing when `pre` is traditional (it shows them); else licmig's newest traditional
// record in `store` (recorded_paks_of), read only then, as plan_fleet reads it.
std::vector<snapshot::PakLicense> rollback_recorded_paks(const std::string &store, const snapshot::Snapshot &pre);
// Fails (with the reason, for LM104) when the journal records no pre-change snapshot, or the file is
// missing, changed since (sha256) or unreadable.
Result<PreChangeRecord> pre_change_record(const HostProgress &progress, const std::string &store);

// `migrate --rollback-on-failure` for one router whose migration came back after a reload and failed
// its verification (`run.came_back_wrong`): snapshots it, plans the way back to `run.pre_snapshot`,
// and runs that plan with the executor, journaled in the same run as its rollback phase. `resumed` is
// the rollback phase's progress from an earlier attempt (nullptr: none). Sets run.rolled_back.
void roll_back_after_failure(RouterRun &run, const std::function<Result<std::unique_ptr<RouterSession>>()> &session,
                             Journal &journal, const HostProgress *resumed, ExecutorOptions options);

}  // namespace licmig::migrate
