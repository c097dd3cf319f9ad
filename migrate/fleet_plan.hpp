// plan_fleet(): from every selected router's snapshot and the target, the fleet's plan — the units
// of work (a router, or an HA pair that moves together, active first), each router's compliance
// findings and its plan — under ONE refusal policy, which `check`, `plan` and `migrate` (dry run or
// not) all share, so they cannot disagree:
//   (a) a router with no snapshot is refused as unreadable (Plan::unreadable): it is unreachable,
//       not refused for what it is;
//   (b) an HA pair whose routers disagree (check_ha_pair's error findings) is refused as a whole:
//       both routers, each refusal naming the rule IDs;
//   (c) a router whose compliance check has an error finding that makes any change unsafe
//       (unsafe_rules(): the target image missing from bootflash, its md5 wrong) is refused with
//       the rule ID, so `check`'s errors and `plan`'s refusals agree;
//   (e) an HA pair moves together — the rollout runs the active's plan and the standby reloads with
//       it — so when one router of a pair is refused or unreadable, the other is refused too (LM043,
//       also a finding of `check`): `plan` never shows a plan that `migrate` would not run, nor a
//       refused router that `migrate` would move with its active. This holds for every target; for
//       a target before 17.7.1 see rules::check_ha_pair. `licmig rollback` applies the same rule
//       to its plans (refuse_ha_partners).
// Everything else is the planner's own verdict (make_plan).
//
// Thread-safety: pure functions, but for the image source of a stage step (stage_image_of, once per
// md5): the local image is read for its md5, and a pull without a local copy asks the image server
// for the size.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "migrate/fleet_snapshot.hpp"
#include "migrate/plan.hpp"
#include "migrate/target_options.hpp"
#include "rules/findings.hpp"

namespace licmig::migrate {

// One unit of work: a router, or an HA pair that reloads together (active first). Indexes into the
// host list.
struct Unit {
  std::size_t active = 0;
  std::optional<std::size_t> standby;
};

// HA members of one group form one unit, placed where the group first appears; the active leads.
// A standby whose active is not selected is a unit of its own.
std::vector<Unit> make_units(const std::vector<const inventory::Host *> &hosts);

// What plan_fleet() decided for one router.
struct HostPlan {
  const inventory::Host *host = nullptr;
  bool checked = false;       // a snapshot was available and the rules ran
  bool unreachable = false;   // no snapshot, because the router could not be reached
  bool store_failed = false;  // no snapshot, because the store could not hold it (disk full, ...)
  std::string error;          // why there is no snapshot
  ErrorKind error_kind = ErrorKind::ok;
  std::string snapshot_path;
  std::vector<rules::Finding> findings;  // the router's and its HA pair's
  Plan plan;
};

struct FleetPlan {
  std::vector<HostPlan> hosts;  // in inventory order
  std::vector<Unit> units;
  bool any_unreachable() const;
  bool any_store_failed() const;
  bool any_refused() const;  // refused for what it is (an unreadable router is unreachable)
};

struct FleetPlanOptions {
  std::string now_utc;  // "YYYY-MM-DD" for expiry checks ("" = skip them)
  // Per host name: the PAK licenses of licmig's newest stored record of the router from when it was
  // traditional (recorded_paks_of); the router hides them in Smart and No-License mode.
  std::map<std::string, std::vector<snapshot::PakLicense>> recorded_paks;
};

// The PAK licenses of the newest snapshot in `store_root` of `host` taken while it was in
// traditional mode with PAK licenses installed (the newest 64 records are read); empty when none.
std::vector<snapshot::PakLicense> recorded_paks_of(const std::string &store_root, const std::string &host);

// The rules whose error findings refuse a plan (c).
const std::vector<std::string> &unsafe_rules();

// Rule (e) above, on plans already made: in each HA unit where one router's plan is refused (or it
// is unreadable) and the other's is not, the other is refused too with LM043 naming its partner and
// why. plan_fleet() applies it; `licmig rollback` applies it to its rollback plans (one rule, one
// owner: a pair moves together whichever way it moves).
void refuse_ha_partners(FleetPlan &plan);

// The plan of a router that could not be read (`s.snap` empty): typed as unreachable or a store
// failure, not refused for what the router is. plan_fleet and the rollback planner share it.
HostPlan unreadable_host_plan(const HostSnapshot &s);

// plan_fleet() one router at a time, for a fleet whose snapshots arrive as routers finish
// (acquire_and_plan): add(i, s) plans host i at once and keeps its snapshot only when the host is one
// of an HA pair (rule (b) compares the two at the end); finish() applies (b)–(e) and returns the
// plan, or the first error (invalid target options). `hosts` are the selected hosts in inventory
// order; index i of add() is theirs. The same plan as plan_fleet() over the same snapshots.
// Thread-safety: one call at a time.
class FleetPlanner {
 public:
  FleetPlanner(const std::vector<const inventory::Host *> &hosts, const TargetOptions &target,
               FleetPlanOptions options = {});
  ~FleetPlanner();
  FleetPlanner(const FleetPlanner &) = delete;
  FleetPlanner &operator=(const FleetPlanner &) = delete;
  // Before add() of that host: the PAK licenses of its newest traditional record (recorded_paks_of).
  void set_recorded_paks(const std::string &host, std::vector<snapshot::PakLicense> paks);
  void add(std::size_t i, const HostSnapshot &s);
  Result<FleetPlan> finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Fails (invalid_input) when the target options are invalid.
Result<FleetPlan> plan_fleet(const std::vector<HostSnapshot> &snaps, const TargetOptions &target,
                             const FleetPlanOptions &options = {});

// The one acquisition path of `check`, `plan` and `migrate`: load the inventory, snapshot every
// selected router (with `verify /md5` of --image, read-only) or read the store, then plan_fleet().
// Errors are printed as `licmig: error: ...`; `exit_code` says which (exit_code.hpp).
struct FleetPlanRun {
  std::unique_ptr<Fleet> fleet;  // the hosts the plan points to
  std::optional<FleetPlan> plan;
  int exit_code = 0;
};
FleetPlanRun acquire_and_plan(FleetOptions &fleet, const TargetOptions &target, bool from_store, Io io,
                              const std::string &label);

}  // namespace licmig::migrate
