// The journal's on-disk format, shared by its writer and its reader (one owner, like leveldb's
// db/log_format.h): `STORE/journal/RUN-ID.jsonl` holds one JSON object per line, and every line is
// one of the records below, each with its encode() and decode() side by side.
//
//   {"event":"run", ...RunRecord}                       first line: every option a resume needs
//   {"event":"plan","host":H,"plan":{...}}              each router's plan, before its first step
//   {"event":"start"|"done"|"failed","host":H,"step":N,"kind":K,"detail":D,"facts":{...}}
//   {"event":"reload-sent","host":H,"step":N}           after `reload` went out, before its proof
//   {"event":"result","host":H,"outcome":O,...}         the router's final result (with the error
//                                                       kind of a failure: "cause")
//   {"event":"interrupted","signal":S,"in_flight":[H]}  the run stopped on SIGINT/SIGTERM
//   {"event":"wave","wave":N,"canary":B,"hosts":[H]}    a wave starts (N from 1 in each attempt;
//                                                       hosts: every router of its units)
//   {"event":"stage","host":H,"action":A,"file":F,"detail":D}  staging an image (migrate/stage.hpp):
//                                                       each deletion before and after it, the SCP
//                                                       server enabled / restored, a transfer, its
//                                                       verification, a bad copy removed
//
// The pre_snapshot step's "done" facts identify the router the run changes: "pre_snapshot" (path),
// "pre_snapshot_sha256", "address" (as the inventory gave it), "hostname", "serial", "udi". A
// resume re-reads and checks the file and the router against them before any further step.
//
// The rollback phase: `migrate --rollback-on-failure` rolls a router back inside the migration's run;
// the plan, step and result records of that rollback carry "phase":"rollback" and fold apart from the
// migration's records of the same router (Journal::progress(events, true)).
//
// Every line also carries "ts" (UTC, written by Journal::append). Unknown events are skipped by
// readers, so a newer writer's extra lines do not break an older resume. Journals written before
// this file existed read back unchanged (the same keys); their run record lacks the connection
// options (store, known_hosts, timeouts), which then keep the values given on the command line, and
// their plans lack "unreadable": a router that could not be read in such a run resumes as refused
// (exit 1), not unreachable (exit 3) — the earlier format only said so in the refusal's wording.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "devices/ios_session.hpp"
#include "migrate/plan.hpp"

namespace licmig::migrate {

// What happened to one router in a run.
// `interrupted` is never journaled: an interrupted router has no result, and a resume goes on with it.
enum class Outcome { migrated, unchanged, refused, failed, unreachable, skipped, interrupted };
const char *to_string(Outcome o);
std::optional<Outcome> outcome_from_string(const std::string &s);

nlohmann::json plan_to_json(const Plan &plan);
Result<Plan> plan_from_json(const nlohmann::json &j);

// The first line: the run's options, so `--resume RUN-ID` needs nothing else.
struct RunRecord {
  std::string run_id;
  std::string inventory;                 // absolute path (the first source)
  std::vector<std::string> inventories;  // every source, absolute (older journals: just `inventory`)
  std::vector<std::string> vault_ids;    // label@absolute-file, the vault password files of the run
  bool ask_vault_pass = false;
  std::string limit;
  std::string target_release;
  std::string target_mode;
  std::string image;
  std::string image_md5;
  std::string image_url;  // --image-url (a missing image is pulled from it)
  std::string token_file;
  std::vector<std::string> via;         // --via releases, in order
  std::vector<std::string> via_images;  // --via-image files, one per --via
  bool satellite = false;
  bool slr = false;
  bool allow_unlisted_release = false;
  std::string serial;  // N or N%
  int parallel = 20;
  int canary = 0;
  int max_fail_percentage = 100;
  std::string max_fail_scope = "run";  // "run" | "wave"
  std::string store;
  std::string credentials_file;  // a path, never the credentials
  std::string ssh_config;        // --ssh-config as given (absolute); empty: the default
  bool ask_pass = false;         // the credentials were typed: a resume asks again
  std::string known_hosts;
  bool accept_new_host_keys = false;
  int connect_timeout_s = 10;
  int command_timeout_s = 60;
  int reload_timeout_s = 0;                                  // 0 = the inventory's
  std::uint64_t max_output = devices::k_default_max_output;  // --max-output
  std::string rollback_of;           // a `licmig rollback` run: the run it rolls back ("" = a migration)
  bool rollback_on_failure = false;  // migrate --rollback-on-failure

  nlohmann::json encode() const;
  static Result<RunRecord> decode(const nlohmann::json &j);
};

struct PlanRecord {
  std::string host;
  Plan plan;
  bool rollback = false;  // of the rollback phase (see below)

  nlohmann::json encode() const;
  static Result<PlanRecord> decode(const nlohmann::json &j);
};

// A step's progress; reload_sent is written after the reload command went out.
struct StepRecord {
  enum class Event { start, done, failed, reload_sent };
  Event event = Event::start;
  std::string host;
  int step = 0;
  std::optional<StepKind> kind;              // absent on reload_sent
  std::string detail;                        // why it failed
  std::map<std::string, std::string> facts;  // on done: "pre_snapshot" -> path, "verified" -> ...
  std::string ts;                            // when it was written (read back only)
  bool rollback = false;                     // of the rollback phase (see below)

  nlohmann::json encode() const;
  static Result<StepRecord> decode(const nlohmann::json &j);
};

struct ResultRecord {
  std::string host;
  Outcome outcome = Outcome::failed;
  std::string message;
  std::string from;  // "16.9.4 traditional advancedmetroipaccess"
  std::string to;
  ErrorKind cause = ErrorKind::ok;  // the kind of error a failed/unreachable router ended on
  bool store_failed = false;        // that error was the store's (disk full, not writable)
  std::string level_before;
  std::string level_after;
  int reloads = 0;
  std::string pre_snapshot;
  std::string post_snapshot;
  std::string diff;
  bool came_back_wrong = false;  // came back after a reload in another state than planned
  std::string rolled_back;       // what --rollback-on-failure did (RouterRun::rolled_back)
  bool rollback = false;         // of the rollback phase (see below)

  nlohmann::json encode() const;
  static Result<ResultRecord> decode(const nlohmann::json &j);
};

// The run stopped on a signal; the routers in flight reached a safe point first.
struct InterruptedRecord {
  std::string signal;  // "SIGINT" | "SIGTERM"
  std::vector<std::string> in_flight;
  std::vector<std::string> not_started;

  nlohmann::json encode() const;
  static Result<InterruptedRecord> decode(const nlohmann::json &j);
};

// A wave of the rollout starts: the routers it works on (an HA pair's standby included). Numbered from
// 1 in each attempt; a resumed run's waves follow its own numbering. For reports: a resume needs none.
struct WaveRecord {
  int wave = 0;
  bool canary = false;
  std::vector<std::string> hosts;
  std::string ts;  // when it was written (read back only)

  nlohmann::json encode() const;
  static Result<WaveRecord> decode(const nlohmann::json &j);
};

// One thing staging did or is about to do on a router (the `licmig stage` journal, and a migration's
// stage_image step). `action`: "delete" (before) / "deleted" (after) of `file`; "scp-server-enabled" /
// "scp-server-restored"; "transfer" (before) / "transferred"; "verified"; "removed" (a partial or
// mismatching copy deleted, `detail` the cause); "failed" (`detail` the cause).
struct StageRecord {
  std::string host;
  std::string action;
  std::string file;
  std::string detail;

  nlohmann::json encode() const;
  static Result<StageRecord> decode(const nlohmann::json &j);
};

using JournalRecord =
    std::variant<RunRecord, PlanRecord, StepRecord, ResultRecord, InterruptedRecord, WaveRecord, StageRecord>;

// One line's record; nothing for an event this version does not know; an error for a known event
// that is malformed.
Result<std::optional<JournalRecord>> decode_record(const nlohmann::json &j);

std::optional<StepKind> step_kind_from_string(const std::string &s);

}  // namespace licmig::migrate
