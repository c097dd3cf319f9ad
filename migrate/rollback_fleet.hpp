// `licmig rollback RUN-ID` as one call: the run's journal (its run record for the inventory and the
// connection, each router's pre-change record), a live snapshot of every router the run changed,
// rollback plans (rollback_plan.hpp), the plans shown, consent, then the same journaled, locked,
// resumable Rollout as a migration (migration.hpp run_plans) as a run of its own whose run record
// names the run it rolls back.
//
// Thread-safety: call from one thread.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "migrate/fleet_plan.hpp"
#include "migrate/fleet_snapshot.hpp"
#include "migrate/migration.hpp"
#include "migrate/rollback_run.hpp"

namespace licmig::migrate {

// The rollback's fleet plan (pure): each router's rollback plan from its live snapshot and the run's
// pre-change record of it (`pre`, by host name; absent or failed: LM104), an unreadable router
// typed as plan_fleet types it, the units (HA pairs active first), and an HA pair refused together
// when either router's way back is refused (refuse_ha_partners, the rule of plan_fleet: one owner).
FleetPlan plan_rollback_fleet(const std::vector<HostSnapshot> &snaps,
                              const std::map<std::string, Result<PreChangeRecord>> &pre, const std::string &run_id);

// o.rollback_of: the run to roll back; o.resume: a rollback run to resume instead. o.fleet.limit
// selects among the routers the run changed (the run's own --limit is not reapplied); the rollout
// options (--serial, --canary, --max-fail-percentage) are the rollback's own.
MigrateResult rollback_fleet(MigrateOptions &o, Io io, const std::function<bool()> &confirm);

}  // namespace licmig::migrate
