// Rollout: applies a fleet's plans in waves — the policy of `licmig migrate`, configured by a plain
// RolloutConfig (the way ninja's BuildConfig configures its Builder; the command line only sets the
// fields). It owns:
//   - waves: a canary wave of `canary` units first, then waves of `serial` units (N or N%);
//   - HA units: the pair moves together — the standby's pre-change snapshot is stored before the
//     active is touched, and after the active's reload(s) the standby must be back on the release,
//     mode and level the plan expects;
//   - stops: a failure (or unreachable router) in the canary wave stops the run; more than
//     max_fail_percentage failed routers stop it (units not yet started are skipped);
//   - resume: routers the journal says finished are replayed from it, the rest resume where their
//     journal stops (the executor never re-sends a sent reload). A router that failed on a
//     connection (or on the store) is retried, from where its journal stops; one that failed with
//     a reload sent and never verified is not: it needs a person, and the report says so;
//   - interrupts: once RolloutConfig::interrupt is set no unit starts, and the executor stops each
//     router in flight at its next safe point;
//   - the journal: a record that cannot be written stops the run before the next unit starts.
//
// max-fail scope. `run` (the default, as licmig always did): more than P% of ALL the run's routers
// failed. `wave`: more than P% of the routers of the current wave failed; a wave that goes wrong
// stops the run even when the run as a whole is still below P%.
//
// The router sessions come from a SessionFactory, so tests drive a Rollout with fakes.
//
// Thread-safety: run() uses up to `parallel` threads internally; call it from one thread.
#pragma once

#include <atomic>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "migrate/executor.hpp"
#include "migrate/fleet_plan.hpp"
#include "migrate/journal.hpp"

namespace licmig::migrate {

enum class MaxFailScope { run, wave };
const char *to_string(MaxFailScope s);
std::optional<MaxFailScope> max_fail_scope_from_string(const std::string &s);

struct RolloutConfig {
  int parallel = 20;              // units worked on at once within a wave
  std::string serial;             // units per wave: N or N% ("" = all in one wave)
  int canary = 0;                 // units in the first wave, alone; 0 = no canary wave
  int max_fail_percentage = 100;  // 100 = never stop for failures
  MaxFailScope max_fail_scope = MaxFailScope::run;
  const std::atomic<bool> *interrupt = nullptr;  // set on SIGINT/SIGTERM (nullptr = never)
  // --rollback-on-failure: a router that came back after its reload but failed its verification is
  // rolled back at once (rollback_run.hpp), journaled in the same run; never one that did not come
  // back, nor an HA pair (the standby's way back is not planned: `licmig rollback` for it).
  bool rollback_on_failure = false;
  // A resumed run: the rollback phase's progress per router (Journal::progress(events, true)).
  std::map<std::string, HostProgress> rollback_progress;
};

// Whether a router whose earlier attempt ended in `result` is worked on again by a resume: a
// failure on a connection or on the store, with no reload sent and left unverified. Pure.
bool retried_on_resume(const HostProgress &progress);

// Units per wave for `serial` (N or N%, at least 1); fails (invalid_input) on anything else.
Result<std::size_t> wave_size(const std::string &serial, std::size_t units);
// How many waves `units` make with `config` (its canary wave included).
std::size_t wave_count(const RolloutConfig &config, std::size_t units);
// Checks the config before anything runs.
Status validate(const RolloutConfig &config);

// Makes (does not open) a session to a host.
using SessionFactory = std::function<Result<std::unique_ptr<RouterSession>>(const inventory::Host &)>;
// The executor's options for a host (store, token, secrets, reconnect timeout, clock).
using ExecutorOptionsFor = std::function<ExecutorOptions(const inventory::Host &)>;

class Rollout {
 public:
  // `err` receives why a run stopped (the progress on a terminal follows the journal: status.hpp).
  Rollout(RolloutConfig config, SessionFactory sessions, ExecutorOptionsFor options, std::ostream &err);

  // Runs every unit's plan (plans by host name; a host without one is skipped). `progress` is the
  // journal's view of an earlier attempt (empty for a new run). One RouterRun per host, in order.
  std::vector<RouterRun> run(const std::vector<const inventory::Host *> &hosts, const std::vector<Unit> &units,
                             const std::map<std::string, Plan> &plans, Journal &journal,
                             const std::map<std::string, HostProgress> &progress = {});

 private:
  struct State;
  void run_unit(State &st, const Unit &u);
  void verify_standby(State &st, std::size_t index, const Plan &plan, const RouterRun &active,
                      const ExecutorOptions &eo);
  Result<std::string> standby_snapshot(State &st, std::size_t index, const ExecutorOptions &eo);
  Status check_standby_record(State &st, std::size_t index, const std::string &path, const ExecutorOptions &eo);
  bool interrupted() const { return config_.interrupt && config_.interrupt->load(); }
  void count(State &st, const RouterRun &run);
  void roll_back_if_asked(State &st, const Unit &u, RouterRun &run);

  RolloutConfig config_;
  SessionFactory sessions_;
  ExecutorOptionsFor options_;
  std::ostream &err_;
};

}  // namespace licmig::migrate
