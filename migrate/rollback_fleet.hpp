// `licmig rollback RUN-ID` as one call: the run's journal (its run record for the inventory and the
// connection, each router's pre-change record), a live snapshot of every router the run changed,
// rollback plans (rollback_plan.hpp), the plans shown, consent, then the same journaled, locked,
// resumable Rollout as a migration (migration.hpp run_plans) as a run of its own whose run record
// names the run it rolls back.
//
// Thread-safety: call from one thread.
#pragma once

#include <functional>

#include "migrate/migration.hpp"

namespace licmig::migrate {

// o.rollback_of: the run to roll back; o.resume: a rollback run to resume instead. o.fleet.limit
// selects among the routers the run changed (the run's own --limit is not reapplied); the rollout
// options (--serial, --canary, --max-fail-percentage) are the rollback's own.
MigrateResult rollback_fleet(MigrateOptions &o, Io io, const std::function<bool()> &confirm);

}  // namespace licmig::migrate
