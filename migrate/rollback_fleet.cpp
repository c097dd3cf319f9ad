#include "migrate/rollback_fleet.hpp"

#include <algorithm>

#include "migrate/exit_code.hpp"
#include "migrate/fleet_plan.hpp"
#include "migrate/fleet_snapshot.hpp"
#include "migrate/journal.hpp"
#include "migrate/report.hpp"
#include "migrate/rollback_run.hpp"

namespace licmig::migrate {

FleetPlan plan_rollback_fleet(const std::vector<HostSnapshot> &snaps,
                              const std::map<std::string, Result<PreChangeRecord>> &pre, const std::string &run_id) {
  FleetPlan fp;
  std::vector<const inventory::Host *> hosts;
  for (const auto &s : snaps) {
    hosts.push_back(s.host);
    if (!s.snap) {
      fp.hosts.push_back(unreadable_host_plan(s));  // as plan_fleet types it
      continue;
    }
    HostPlan h;
    h.host = s.host;
    h.plan.host = s.host->name;
    h.checked = true;
    h.snapshot_path = s.path;
    auto it = pre.find(s.host->name);
    if (it == pre.end() || !it->second) {
      h.plan = rollback_without_record(s.host->name, run_id,
                                       it == pre.end() ? "no pre-change record" : it->second.error_message());
    } else {
      const auto &record = it->second.value();
      RollbackOptions ro;
      ro.run_id = run_id;
      ro.journaled = record.journaled;
      ro.inventory_mgmt_interface = s.host->mgmt_interface;
      ro.recorded_paks = record.recorded_paks;
      h.plan = make_rollback_plan(record.snap, *s.snap, ro);
      h.plan.host = s.host->name;
      h.plan.source_snapshot = s.path;
    }
    h.findings = h.plan.refused_by;
    fp.hosts.push_back(std::move(h));
  }
  fp.units = make_units(hosts);
  refuse_ha_partners(fp);  // an HA pair moves back together, as it moved (fleet_plan.hpp rule (e))
  return fp;
}

MigrateResult rollback_fleet(MigrateOptions &o, Io io, const std::function<bool()> &confirm) {
  if (!o.resume.empty()) return migrate_fleet(o, io, confirm);  // the journal holds the plans and options
  const std::string of = o.rollback_of;
  auto events = Journal::read_events(Journal::path_for(o.fleet.connect.store, of));
  if (!events) {
    io.err << "licmig: error: rollback " << of << ": " << events.error_message() << "\n";
    return stop(exit_usage);
  }
  auto record = Journal::run_record(events.value());
  if (!record) {
    io.err << "licmig: error: rollback: the journal of " << of << " has no run record\n";
    return stop(exit_usage);
  }
  // The run's inventory and connection options; the selection and the rollout are the rollback's own.
  const auto inventories = o.fleet.inventory;
  const auto limit = o.fleet.limit;
  const auto rollout = o.rollout;
  const auto scope = o.max_fail_scope;
  apply_run_record(record.value(), o);
  if (!inventories.empty()) o.fleet.inventory = inventories;
  o.fleet.limit = limit;
  o.rollout = rollout;
  o.max_fail_scope = scope;
  o.target = TargetOptions{};
  o.rollback_of = of;
  if (auto s = max_fail_scope_from_string(o.max_fail_scope)) {
    o.rollout.max_fail_scope = *s;
  } else {
    io.err << "licmig: error: --max-fail-scope: expected run or wave, not '" << o.max_fail_scope << "'\n";
    return stop(exit_usage);
  }
  o.rollout.parallel = o.fleet.parallel;
  o.rollout.rollback_on_failure = false;
  if (auto st = validate(o.rollout); !st) {
    io.err << "licmig: error: " << st.message() << "\n";
    return stop(exit_usage);
  }
  const auto progress = Journal::progress(events.value());
  auto fleet = load_fleet(o.fleet, io);
  if (!fleet) return stop(exit_usage);
  // only the routers the run changed: those with a pre-change snapshot on record
  std::vector<const inventory::Host *> changed;
  for (const auto *h : fleet->hosts) {
    auto it = progress.find(h->name);
    if (it != progress.end() && it->second.facts.count("pre_snapshot") > 0) {
      changed.push_back(h);
    } else if (it != progress.end()) {
      io.err << "licmig: " << h->name << ": run " << of << " took no pre-change snapshot of it: not rolled back\n";
    }
  }
  if (changed.empty()) {
    io.err << "licmig: error: rollback: run " << of << " changed none of the selected routers\n";
    return stop(exit_usage);
  }
  fleet->hosts = changed;
  const auto snaps = acquire_snapshots(*fleet, o.fleet, false, io, "rollback pre-flight");
  std::map<std::string, Result<PreChangeRecord>> pre;
  for (const auto &s : snaps) {
    if (s.snap) pre.emplace(s.host->name, pre_change_record(progress.at(s.host->name), o.fleet.connect.store));
  }
  FleetPlan fp = plan_rollback_fleet(snaps, pre, of);
  std::ostream &shown = o.fleet.format == "table" ? io.out : io.err;
  shown << plan_table(fp);
  if (fp.any_store_failed()) {
    io.err << "licmig: error: the store " << o.fleet.connect.store
           << " cannot hold the routers' snapshots (see above): nothing was changed\n";
    return stop(exit_store_unavailable);
  }
  if (o.dry_run) {
    auto r = stop(plan_exit_code(fp));
    if (o.fleet.format == "json") r.dry_run_json = plan_json(fp, "rollback");
    return r;
  }
  if (!o.yes && !confirm()) {
    io.err << "licmig: nothing changed: give --yes, or answer 'yes' on a terminal\n";
    return stop(exit_usage);
  }
  std::map<std::string, Plan> plans;
  for (const auto &h : fp.hosts) plans[h.host->name] = h.plan;
  std::optional<RunLock> lock;
  return run_plans(o, io, new_run_id(), lock, fleet->hosts, fp.units, plans, {});
}

}  // namespace licmig::migrate
