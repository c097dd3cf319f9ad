#include "migrate/rollout.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <ostream>

#include "base/text.hpp"
#include "devices/transport.hpp"
#include "migrate/fleet.hpp"
#include "migrate/rollback_run.hpp"
#include "rules/record_check.hpp"
#include "snapshot/drift.hpp"
#include "snapshot/release.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

const char *to_string(MaxFailScope s) { return s == MaxFailScope::wave ? "wave" : "run"; }

std::optional<MaxFailScope> max_fail_scope_from_string(const std::string &s) {
  if (s == "run") return MaxFailScope::run;
  if (s == "wave") return MaxFailScope::wave;
  return std::nullopt;
}

Result<std::size_t> wave_size(const std::string &serial, std::size_t units) {
  if (serial.empty()) return std::max<std::size_t>(units, 1);
  bool percent = serial.back() == '%';
  auto n = base::to_int(percent ? serial.substr(0, serial.size() - 1) : serial);
  if (!n || *n <= 0 || (percent && *n > 100)) {
    return Status::error(ErrorKind::invalid_input, "--serial: expected N or N% (1-100), not '" + serial + "'");
  }
  if (!percent) return static_cast<std::size_t>(*n);
  return std::max<std::size_t>(1, units * static_cast<std::size_t>(*n) / 100);
}

std::size_t wave_count(const RolloutConfig &c, std::size_t units) {
  const std::size_t canary = std::min(units, static_cast<std::size_t>(std::max(c.canary, 0)));
  const std::size_t rest = units - canary;
  auto size = wave_size(c.serial, units);  // as run() sizes its waves
  const std::size_t per = size ? std::max<std::size_t>(size.value(), 1) : std::max<std::size_t>(units, 1);
  return (canary > 0 ? 1 : 0) + (rest + per - 1) / per;
}

Status validate(const RolloutConfig &c) {
  if (auto s = wave_size(c.serial, 1); !s) return s.status();
  if (c.canary < 0) return Status::error(ErrorKind::invalid_input, "--canary: must not be negative");
  if (c.max_fail_percentage < 0 || c.max_fail_percentage > 100) {
    return Status::error(ErrorKind::invalid_input, "--max-fail-percentage: expected 0-100");
  }
  return Status::ok();
}

bool retried_on_resume(const HostProgress &progress) {
  if (!progress.result || progress.reload_pending) return false;
  const auto &r = *progress.result;
  if (r.outcome != Outcome::failed && r.outcome != Outcome::unreachable) return false;
  if (progress.plan && progress.plan->unreadable) return false;  // no plan to go on with
  return r.store_failed || devices::is_connection_failure(r.cause);
}

struct Rollout::State {
  const std::vector<const inventory::Host *> &hosts;
  const std::map<std::string, Plan> &plans;
  Journal &journal;
  const std::map<std::string, HostProgress> &progress;
  std::vector<RouterRun> runs;
  std::mutex mu;
  std::atomic<bool> stop{false};
  int failed_run = 0;
  int failed_wave = 0;
  int wave_routers = 0;
  bool journal_failed = false;
  std::atomic<bool> store_failing{false};  // a router's records could not be stored

  const std::string &name(std::size_t i) const { return hosts[i]->name; }
  const HostProgress *progress_of(std::size_t i) const {
    auto it = progress.find(name(i));
    return it == progress.end() ? nullptr : &it->second;
  }
};

Rollout::Rollout(RolloutConfig config, SessionFactory sessions, ExecutorOptionsFor options, std::ostream &err)
    : config_(std::move(config)), sessions_(std::move(sessions)), options_(std::move(options)), err_(err) {}

std::vector<RouterRun> Rollout::run(const std::vector<const inventory::Host *> &hosts, const std::vector<Unit> &units,
                                    const std::map<std::string, Plan> &plans, Journal &journal,
                                    const std::map<std::string, HostProgress> &progress) {
  State st{hosts, plans, journal, progress, {}, {}, {}, 0, 0, 0, false};
  st.runs.assign(hosts.size(), RouterRun{});
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    st.runs[i].host = hosts[i]->name;
    st.runs[i].message = "not started";
  }
  const std::size_t size = wave_size(config_.serial, units.size()).value();  // validate() checked it
  std::size_t next = 0;
  int wave = 0;
  while (next < units.size() && !st.stop && !interrupted()) {
    const bool canary = wave == 0 && config_.canary > 0;
    std::size_t count = canary ? static_cast<std::size_t>(config_.canary) : size;
    count = std::min(count, units.size() - next);
    std::vector<Unit> batch(units.begin() + static_cast<long>(next), units.begin() + static_cast<long>(next + count));
    {
      std::lock_guard<std::mutex> lock(st.mu);
      st.failed_wave = 0;
      st.wave_routers = 0;
      for (const auto &u : batch) st.wave_routers += u.standby ? 2 : 1;
    }
    WaveRecord record{wave + 1, canary, {}, {}};
    for (const auto &u : batch) {
      record.hosts.push_back(st.name(u.active));
      if (u.standby) record.hosts.push_back(st.name(*u.standby));
    }
    // A lost wave record costs the report its grouping, never a router: the journal's health is
    // checked before each router's first change (run_unit), which stops the run.
    (void)st.journal.append(record);
    // what the terminal shows follows the journal's records (migrate/status.hpp)
    run_parallel(batch.size(), config_.parallel, [&](std::size_t b) { run_unit(st, batch[b]); });
    if (canary && st.failed_wave > 0) {
      err_ << "licmig: canary wave had failures: stopping before the rest\n";
      st.stop = true;
    }
    next += count;
    ++wave;
  }
  // the units no wave reached: not started, and why (run_unit only marks them once stopped)
  for (std::size_t i = next; i < units.size(); ++i) run_unit(st, units[i]);
  return st.runs;
}

void Rollout::run_unit(State &st, const Unit &u) {
  if (!st.stop && !interrupted()) {
    if (auto healthy = st.journal.healthy(); !healthy || st.store_failing) {
      std::lock_guard<std::mutex> lock(st.mu);
      if (!st.journal_failed) err_ << "licmig: error: the store failed: starting no more routers\n";
      st.journal_failed = true;
      st.stop = true;
    }
  }
  if (st.stop || interrupted()) {
    if (auto it = st.plans.find(st.name(u.active)); it != st.plans.end()) {
      st.runs[u.active].from = it->second.from;  // the row says what it would have done
      st.runs[u.active].to = it->second.to;
    }
    st.runs[u.active].outcome = Outcome::skipped;
    st.runs[u.active].message = interrupted()       ? "not started: interrupted"
                                : st.journal_failed ? "not started: the store failed"
                                                    : "not started: the run stopped (--canary / --max-fail-percentage)";
    if (u.standby) {
      st.runs[*u.standby] = st.runs[u.active];
      st.runs[*u.standby].host = st.name(*u.standby);
    }
    return;
  }
  const auto &host = *st.hosts[u.active];
  auto &run = st.runs[u.active];
  const HostProgress *hp = st.progress_of(u.active);
  const bool retry = hp && hp->result && retried_on_resume(*hp);
  if (hp && hp->result && !retry) {
    // finished in an earlier attempt: replayed from the journal, not worked on again
    run = run_of(*hp->result);
    run.message += " (from the journal)";
    roll_back_if_asked(st, u, run);
    if (hp->reload_pending && (run.outcome == Outcome::failed || run.outcome == Outcome::unreachable)) {
      run.message +=
          " — needs a person: a reload was sent and never verified; check the router by hand "
          "(show version, show license) before anything else; a resume does not touch it";
    }
    count(st, run);
    if (u.standby) {
      if (const auto *sp = st.progress_of(*u.standby); sp && sp->result) {
        st.runs[*u.standby] = run_of(*sp->result);
        st.runs[*u.standby].message += " (from the journal)";
        count(st, st.runs[*u.standby]);
      }
    }
    return;
  }
  auto plan_it = st.plans.find(host.name);
  if (plan_it == st.plans.end()) {
    run.outcome = Outcome::skipped;
    run.message = "no plan";
    return;
  }
  const Plan &plan = plan_it->second;
  ExecutorOptions eo = options_(host);
  eo.interrupt = config_.interrupt;
  eo.store_failing = &st.store_failing;
  // a resumed HA unit whose active already began keeps the standby's journaled pre-change snapshot
  const HostProgress *sp = u.standby ? st.progress_of(*u.standby) : nullptr;
  const auto recorded = sp ? sp->facts.find("pre_snapshot") : std::map<std::string, std::string>::const_iterator();
  if (u.standby && hp && hp->steps_done > 0 && sp && recorded != sp->facts.end()) {
    auto &standby = st.runs[*u.standby];
    standby.pre_snapshot = recorded->second;
    if (auto snap = snapshot::Store(eo.store).load(recorded->second)) {
      standby.level_before = snap->license_level.value_or("");
    }
  } else if (u.standby && !plan.refused) {
    auto pre = standby_snapshot(st, *u.standby, eo);
    if (pre) {
      if (auto checked = check_standby_record(st, *u.standby, pre.value(), eo); !checked) {
        // the pair is not touched: both refused, both on record
        run.outcome = Outcome::refused;
        run.message = "standby " + st.name(*u.standby) + ": " + checked.message();
        auto &standby = st.runs[*u.standby];
        standby.outcome = Outcome::refused;
        standby.message = checked.message();
        standby.pre_snapshot = pre.value();
        (void)st.journal.append(result_record(run));
        (void)st.journal.append(result_record(standby));
        count(st, run);
        count(st, standby);
        return;
      }
    }
    if (!pre) {
      run.outcome = Outcome::failed;
      run.message = "standby " + st.name(*u.standby) + ": no pre-change snapshot: " + pre.error_message();
      (void)st.journal.append(result_record(run));
      count(st, run);
      return;
    }
    auto &standby = st.runs[*u.standby];
    standby.pre_snapshot = pre.value();
    // on record, so that a resume keeps this snapshot as the standby's record
    StepRecord recorded_pre;
    recorded_pre.event = StepRecord::Event::done;
    recorded_pre.host = st.name(*u.standby);
    recorded_pre.step = 0;
    recorded_pre.kind = StepKind::pre_snapshot;
    recorded_pre.facts["pre_snapshot"] = pre.value();
    if (auto j = st.journal.append(recorded_pre); !j) {
      run.outcome = Outcome::failed;
      run.message = "standby " + st.name(*u.standby) + ": its pre-change snapshot is not on record: " + j.message();
      run.cause = j.kind();
      run.store_failed = true;
      count(st, run);
      return;
    }
    if (auto snap = snapshot::Store(eo.store).load(pre.value())) {
      standby.level_before = snap->license_level.value_or("");
    }
  }
  auto session = sessions_(host);
  if (!session) {
    // a router pre-flight could not read (e.g. no user name) fails here the same way: reported as
    // unreadable, with the cause `plan` reports for it
    run.outcome = plan.unreadable ? Outcome::unreachable : Outcome::failed;
    run.message = plan.unreadable ? plan.refusal : session.error_message();
    run.cause =
        plan.unreadable && plan.unreadable_cause != ErrorKind::ok ? plan.unreadable_cause : session.status().kind();
    run.from = plan.from;
    run.to = plan.to;
  } else {
    run = execute_router(*session.value(), plan, st.journal, hp, eo);
    roll_back_if_asked(st, u, run);
  }
  if (u.standby) {
    verify_standby(st, *u.standby, plan, run, eo);
    // an interrupted pair has no result yet: the resume finishes it
    if (run.outcome != Outcome::interrupted) (void)st.journal.append(result_record(st.runs[*u.standby]));
  }
  count(st, run);
  if (u.standby) count(st, st.runs[*u.standby]);
}

// --rollback-on-failure: a router that came back wrong is rolled back now (or its rollback is
// resumed, or replayed from the journal).
void Rollout::roll_back_if_asked(State &st, const Unit &u, RouterRun &run) {
  if (!config_.rollback_on_failure || !run.came_back_wrong || interrupted()) return;
  if (u.standby) {
    run.rolled_back = "not rolled back: an HA pair is rolled back with `licmig rollback`";
  } else {
    const auto &host = *st.hosts[u.active];
    auto it = config_.rollback_progress.find(host.name);
    ExecutorOptions eo = options_(host);
    eo.interrupt = config_.interrupt;
    eo.store_failing = &st.store_failing;
    roll_back_after_failure(
        run, [this, &host]() { return sessions_(host); }, st.journal,
        it == config_.rollback_progress.end() ? nullptr : &it->second, eo);
  }
  run.message += "; " + run.rolled_back;
}

// The standby's pre-change snapshot must be a complete record of its licenses, and the standby the
// router, in the state, its plan was made from (the same checks the executor makes of the active).
Status Rollout::check_standby_record(State &st, std::size_t index, const std::string &path, const ExecutorOptions &eo) {
  snapshot::Store store(eo.store);
  auto now = store.load(path);
  if (!now)
    return Status::error(ErrorKind::failed, "its pre-change snapshot cannot be read back: " + now.error_message());
  if (auto gaps = rules::record_gaps(now.value()); !gaps.empty()) {
    return Status::error(
        ErrorKind::failed,
        "refusing to change the pair: the standby's license record is incomplete (" + rules::describe_gaps(gaps) + ")");
  }
  auto plan_it = st.plans.find(st.name(index));
  if (plan_it == st.plans.end() || plan_it->second.source_snapshot.empty()) return Status::ok();
  auto planned_from = store.load(plan_it->second.source_snapshot);
  if (!planned_from) {
    return Status::error(ErrorKind::failed,
                         "refusing to change the pair: the standby's snapshot the plan was made "
                         "from cannot be read: " +
                             planned_from.error_message());
  }
  if (auto changes = snapshot::drift(planned_from.value(), now.value()); !changes.empty()) {
    return Status::error(ErrorKind::failed,
                         "refusing to change the pair: standby " + snapshot::describe_drift(changes));
  }
  return Status::ok();
}

Result<std::string> Rollout::standby_snapshot(State &st, std::size_t index, const ExecutorOptions &eo) {
  auto session = sessions_(*st.hosts[index]);
  if (!session) return session.status();
  return store_snapshot(*session.value(), st.name(index), eo);
}

// After the pair reloaded: the standby must be back on the same release, mode and level.
void Rollout::verify_standby(State &st, std::size_t index, const Plan &plan, const RouterRun &active,
                             const ExecutorOptions &eo) {
  auto &run = st.runs[index];
  run.host = st.name(index);
  run.from = plan.from;
  run.to = plan.to;
  if (active.outcome != Outcome::migrated) {
    if (active.outcome == Outcome::interrupted) {
      run.outcome = Outcome::interrupted;
    } else if (active.outcome == Outcome::unchanged) {
      run.outcome = Outcome::unchanged;
    } else if (active.outcome == Outcome::refused && !plan.unreadable) {
      run.outcome = Outcome::refused;  // the pair's plan is refused: the standby's too
    } else {
      run.outcome = Outcome::skipped;
    }
    run.message = "moves with its active " + active.host;
    return;
  }
  auto post = standby_snapshot(st, index, eo);
  if (!post) {
    run.outcome = Outcome::failed;
    run.message = "after the pair's reload the standby did not answer: " + post.error_message();
    return;
  }
  auto snap = snapshot::Store(eo.store).load(post.value());
  run.post_snapshot = post.value();
  const Step *last_reload = nullptr;
  for (const auto &s : plan.steps) {
    if (s.kind == StepKind::reload) last_reload = &s;
  }
  if (!snap || !last_reload) {
    run.outcome = snap ? Outcome::migrated : Outcome::failed;
    return;
  }
  auto r = snapshot::release_of(snap->version);
  run.level_after = snap->license_level.value_or("");
  if (!r || (last_reload->expect.release && !release_matches(r->text(), *last_reload->expect.release)) ||
      (last_reload->expect.level && base::to_lower(run.level_after) != *last_reload->expect.level)) {
    run.outcome = Outcome::failed;
    run.message =
        "standby came back as " + snap->version.version.value_or("?") + " " + run.level_after + ", not as its active";
    return;
  }
  run.outcome = Outcome::migrated;
  run.message = "moved with its active " + active.host;
}

void Rollout::count(State &st, const RouterRun &run) {
  if (run.store_failed) st.store_failing = true;  // routers in flight stop at their next safe point
  std::lock_guard<std::mutex> lock(st.mu);
  if (run.outcome == Outcome::failed || run.outcome == Outcome::unreachable) {
    ++st.failed_run;
    ++st.failed_wave;
  }
  if (config_.max_fail_percentage >= 100) return;
  const bool over = config_.max_fail_scope == MaxFailScope::wave
                        ? st.failed_wave * 100 > config_.max_fail_percentage * st.wave_routers
                        : st.failed_run * 100 > config_.max_fail_percentage * static_cast<int>(st.hosts.size());
  if (over && !st.stop) {
    err_ << "licmig: more than " << config_.max_fail_percentage << "% of "
         << (config_.max_fail_scope == MaxFailScope::wave ? "the wave's" : "the")
         << " routers failed: starting no more\n";
  }
  if (over) st.stop = true;
}

}  // namespace licmig::migrate
