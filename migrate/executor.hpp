// The executor: walks one router's plan over a RouterSession, journaling every step (journal.hpp),
// and resumes from the journal after a kill. Invariants it enforces itself, whatever the plan says:
//   - no change step runs before the pre-change snapshot is on disk (written, fsynced, renamed);
//   - a reload is journaled before it is sent; on resume a sent reload is checked on the router
//     (uptime since the send) and verified, never sent twice;
//   - after every reload the release, license mode and level are verified against the plan; a
//     mismatch stops that router and leaves it as it is;
//   - a resumed router is first proven to be the one the run changed: its pre-change snapshot is
//     re-read and its sha256 checked against the journal, and the router's identity (hostname,
//     chassis serial, UDI) against that snapshot; otherwise it is refused;
//   - an interrupt (ExecutorOptions::interrupt) stops a router at its next safe point: between
//     steps, never between a sent reload and its verification; such a router has no result record
//     and a resume goes on with it;
//   - a journal record that cannot be written stops the router before its next change.
//
// Timeouts (registration, reconnect after a resumed reload) run on ExecutorOptions::clock.
//
// Thread-safety: execute_router() for different routers may run on different threads sharing one
// Journal.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "devices/ios_session.hpp"
#include "migrate/journal.hpp"
#include "migrate/plan.hpp"
#include "migrate/router_session.hpp"
#include "migrate/stage_plan.hpp"

namespace licmig::migrate {

struct RouterRun {
  std::string host;
  Outcome outcome = Outcome::skipped;
  std::string message;
  std::string from;  // "16.9.4 traditional advancedmetroipaccess"
  std::string to;
  std::string level_before;
  std::string level_after;
  std::chrono::milliseconds elapsed{0};
  int reloads = 0;                  // reloads that happened (also one that never came back)
  ErrorKind cause = ErrorKind::ok;  // the kind of error a failed/unreachable router ended on
  bool store_failed = false;        // that error was the store's (disk full, not writable)
  std::string pre_snapshot;
  std::string post_snapshot;
  std::string diff;
  // The router came back after a reload but showed another state than the plan's (its verification
  // failed): what `migrate --rollback-on-failure` rolls back.
  bool came_back_wrong = false;
  // What --rollback-on-failure did for it: "rolled back to ...", "rollback failed: ...",
  // "rollback refused: ..." ("" = nothing).
  std::string rolled_back;
};

struct ExecutorOptions {
  std::string store;
  std::optional<std::string> token;  // Smart registration token (a secret)
  std::chrono::seconds registration_timeout{120};
  // waiting for a router after a resumed reload
  std::chrono::seconds reconnect_timeout{devices::k_default_reload_timeout};
  // Resuming a reload journaled as sent: how long after the send a router still showing its old
  // uptime may yet go down (the journal record precedes the command). Past it, the command is
  // taken as never sent, and sent.
  std::chrono::seconds reload_start_window{60};
  std::string address;  // the router's address as the inventory gives it (journaled)
  // Set (by a signal handler's thread) to stop at the next safe point; nullptr = never.
  const std::atomic<bool> *interrupt = nullptr;
  // Set by the rollout once the store failed for any router: this one stops at its next safe point
  // too (no change is made while records may not reach the disk); nullptr = never.
  const std::atomic<bool> *store_failing = nullptr;
  // Every wait, deadline and elapsed time goes through it; tests give a fake one.
  base::Clock *clock = &base::system_clock();
  // The image a stage-image step puts on bootflash (the run's --image / --image-url); absent: a plan
  // with such a step fails at it.
  std::optional<StageImage> stage_image;
  // The plan is a rollback run inside a migration (--rollback-on-failure): its journal records carry
  // the rollback phase (journal_format.hpp), apart from the migration's of the same router.
  bool rollback_phase = false;
};

// Runs (or resumes, when `progress` has steps done) the plan on the router. Never throws.
RouterRun execute_router(RouterSession &session, const Plan &plan, Journal &journal, const HostProgress *progress,
                         const ExecutorOptions &options);

// True when the release a router shows is the release the plan expects: the same release, or a
// letter rebuild of it when the plan names none (17.9.4a is what a "17.9.4" upgrade with the
// 17.09.04a image comes up as). Pure.
bool release_matches(const std::string &shown, const std::string &expected);

// The journal's result record of a run, and a run read back from one.
ResultRecord result_record(const RouterRun &run);
RouterRun run_of(const ResultRecord &record);

// Takes and stores a snapshot of a router that is not itself changed (the standby of an HA pair);
// returns its path.
Result<std::string> store_snapshot(RouterSession &session, const std::string &host, const ExecutorOptions &options);

}  // namespace licmig::migrate
