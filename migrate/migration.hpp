// `licmig migrate` as one call: the options of a run (or of a resumed one, read back from its
// journal's run record), the one pre-flight path shared with `check` and `plan`
// (acquire_and_plan: snapshots, plan_fleet's refusal policy), the plans shown, consent, the
// journal's run and plan records, and the Rollout over real SSH sessions.
//
// Thread-safety: call from one thread (the Rollout runs its own).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "migrate/executor.hpp"
#include "migrate/fleet.hpp"
#include "migrate/rollout.hpp"
#include "migrate/run_lock.hpp"
#include "migrate/target_options.hpp"

namespace licmig::migrate {

struct MigrateOptions {
  FleetOptions fleet;
  TargetOptions target;
  RolloutConfig rollout;
  std::string max_fail_scope = "run";  // as given on the command line: run | wave
  bool yes = false;
  bool dry_run = false;
  std::string resume;  // RUN-ID
  // Options the command line gave explicitly (e.g. "--connect-timeout"): on --resume they override
  // the run record's; the others come from it.
  std::vector<std::string> given;
  // Watch SIGINT/SIGTERM while the rollout runs (interrupt.hpp); the command line sets it.
  bool handle_signals = false;
  // `licmig rollback RUN-ID`: the run it rolls back (journaled in the run record; "" = a migration).
  std::string rollback_of;
};

struct MigrateResult {
  int exit_code = 0;  // exit_code.hpp; for a finished run, run_exit_code(runs)
  bool ran = false;   // a run took place: `runs` is its report
  std::string run_id;
  std::vector<RouterRun> runs;
  int interrupted_by = 0;    // the signal that stopped the run (0 = none)
  std::string dry_run_json;  // --dry-run --format json: the plans (plan_json, command "migrate")
};

// The exact command that resumes `run_id` (the store as an absolute path): `licmig COMMAND --resume`.
std::string resume_command(const std::string &run_id, const std::string &store, bool ask_pass, bool ask_vault_pass,
                           const std::string &command = "migrate");

// Reads a Smart registration token: one token on one line, in a file only its owner can read.
Result<std::string> read_token_file(const std::string &path);

// The run record of a new run (inventory made absolute).
RunRecord run_record_of(const MigrateOptions &o, const std::string &run_id);
// Takes a resumed run's options from its run record (the canary already ran in the first attempt).
void apply_run_record(const RunRecord &r, MigrateOptions &o);

// Plans (printed to io.out, or io.err with --format json|junit), then — unless --dry-run, or no
// consent (`confirm` is asked when --yes is not given) — runs them. Prints errors itself.
MigrateResult migrate_fleet(MigrateOptions &o, Io io, const std::function<bool()> &confirm);

// The part of a run after consent, shared by migrate and rollback: takes the store's run lock (unless
// `lock` holds it), creates (or, for o.resume, opens) the journal with the run and plan records, and
// runs the Rollout with signal handling. Prints errors itself.
MigrateResult run_plans(MigrateOptions &o, Io io, const std::string &run_id, std::optional<RunLock> &lock,
                        const std::vector<const inventory::Host *> &hosts, const std::vector<Unit> &units,
                        const std::map<std::string, Plan> &plans, const std::map<std::string, HostProgress> &progress);

// Takes the store's run lock for `run_id` into `lock`; prints the refusal (naming the holder) when
// it cannot.
bool take_lock(const std::string &store, const std::string &run_id, std::optional<RunLock> &lock, Io io);

// A result that only carries an exit code (nothing ran).
MigrateResult stop(int code);

}  // namespace licmig::migrate
