#include "migrate/rollback_run.hpp"

#include "base/digest.hpp"
#include "migrate/collect.hpp"
#include "migrate/fleet_plan.hpp"
#include "snapshot/store.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate {

Status verify_restored(RouterSession &session, const std::string &host, const Expectation &expect) {
  auto now = collect_snapshot(session, host, snapshot::utc_timestamp());
  if (!now) return now.status();
  const std::string problems = restored_mismatch(expect, now->snap);
  if (!problems.empty()) {
    return Status::error(ErrorKind::failed,
                         "the router is not back in its pre-change state: " + problems + "; stopped, left as it is");
  }
  return Status::ok();
}

std::vector<snapshot::PakLicense> rollback_recorded_paks(const std::string &store, const snapshot::Snapshot &pre) {
  if (pre.license_mode == snapshot::LicenseMode::traditional) return {};
  return recorded_paks_of(store, pre.host);
}

Result<PreChangeRecord> pre_change_record(const HostProgress &progress, const std::string &store) {
  auto fact = [&](const char *name) {
    auto it = progress.facts.find(name);
    return it == progress.facts.end() ? std::string() : it->second;
  };
  PreChangeRecord r;
  r.path = fact("pre_snapshot");
  if (r.path.empty()) return Status::error(ErrorKind::not_found, "the journal records no pre-change snapshot of it");
  auto digest = base::sha256_of_file(r.path);
  if (!digest) {
    return Status::error(ErrorKind::not_found,
                         "its pre-change snapshot " + r.path + " cannot be read (" + digest.error_message() + ")");
  }
  const std::string recorded = fact("pre_snapshot_sha256");
  if (!recorded.empty() && digest.value() != recorded) {
    return Status::error(ErrorKind::failed, "its pre-change snapshot " + r.path +
                                                " is not the file the run wrote (sha256 " + digest.value() +
                                                ", journaled " + recorded + ")");
  }
  auto snap = snapshot::Store(store).load(r.path);
  if (!snap) {
    return Status::error(ErrorKind::parse_error,
                         "its pre-change snapshot " + r.path + " is corrupt (" + snap.error_message() + ")");
  }
  r.snap = std::move(snap).value();
  r.recorded_paks = rollback_recorded_paks(store, r.snap);
  r.journaled.hostname = fact("hostname");
  r.journaled.serial = fact("serial");
  r.journaled.udi = fact("udi");
  return r;
}

namespace {

std::string summary_of(const RouterRun &rb, const std::string &to) {
  switch (rb.outcome) {
    case Outcome::migrated: return "rolled back to " + to;
    case Outcome::unchanged: return "rolled back: already in its pre-change state";
    case Outcome::refused: return "rollback refused: " + rb.message;
    case Outcome::interrupted: return "rollback interrupted: " + rb.message;
    default: return "rollback failed: " + rb.message;
  }
}

}  // namespace

void roll_back_after_failure(RouterRun &run, const std::function<Result<std::unique_ptr<RouterSession>>()> &session,
                             Journal &journal, const HostProgress *resumed, ExecutorOptions options) {
  options.rollback_phase = true;
  if (resumed && resumed->result) {
    RouterRun rb = run_of(*resumed->result);
    run.rolled_back = summary_of(rb, rb.to) + " (from the journal)";
    return;
  }
  auto s = session();
  if (!s) {
    run.rolled_back = "rollback failed: " + s.error_message();
    return;
  }
  if (resumed && resumed->plan) {
    const RouterRun rb = execute_router(*s.value(), *resumed->plan, journal, resumed, options);
    run.rolled_back = summary_of(rb, resumed->plan->to);
    return;
  }
  snapshot::Store store(options.store);
  auto pre = store.load(run.pre_snapshot);
  if (!pre) {
    run.rolled_back = "rollback failed: its pre-change snapshot cannot be read: " + pre.error_message();
    return;
  }
  if (auto st = s.value()->open(); !st) {
    run.rolled_back = "rollback failed: " + st.message();
    return;
  }
  auto now = collect_snapshot(*s.value(), run.host, snapshot::utc_timestamp());
  s.value()->close();
  if (!now) {
    run.rolled_back = "rollback failed: the router cannot be read: " + now.error_message();
    return;
  }
  auto now_path = store.save(now->snap);
  if (!now_path) {
    run.rolled_back = "rollback failed: " + now_path.error_message();
    return;
  }
  RollbackOptions ro;
  ro.run_id = journal.run_id();
  ro.journaled = snapshot::identity_of(pre.value());
  ro.recorded_paks = rollback_recorded_paks(options.store, pre.value());
  Plan plan = make_rollback_plan(pre.value(), now->snap, ro);
  plan.host = run.host;
  plan.source_snapshot = now_path.value();
  PlanRecord record{run.host, plan, true};
  if (auto j = journal.append(record); !j) {
    run.rolled_back = "rollback failed: " + j.message();
    return;
  }
  const RouterRun rb = execute_router(*s.value(), plan, journal, nullptr, options);
  run.rolled_back = summary_of(rb, plan.to);
}

}  // namespace licmig::migrate
