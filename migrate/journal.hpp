// The migration journal: `STORE/journal/RUN-ID.jsonl`, one JSON object per line, appended and
// fsynced before and after every step, so a killed licmig can resume exactly where it stopped.
// The first line records the run (inventory, limit, target, wave options); each router's plan is
// recorded before its first step, so a resumed run walks the same plan.
//
// Events: {"event":"run", ...}, {"event":"plan","host":H,"plan":{...}},
// {"event":"start"|"done"|"failed","host":H,"step":N,"kind":K,"detail":...},
// {"event":"result","host":H,...}. A reload step also writes {"event":"reload-sent"} after the
// command went out: on resume a reload that was sent but not verified is verified, never re-sent.
//
// Thread-safety: append() is internally locked; one Journal is shared by the run's threads.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "migrate/plan.hpp"

namespace licmig::migrate {

nlohmann::json plan_to_json(const Plan &plan);
Result<Plan> plan_from_json(const nlohmann::json &j);

// What the journal says about one router.
struct HostProgress {
  std::optional<Plan> plan;
  int steps_done = 0;                        // steps [0, steps_done) completed
  bool reload_pending = false;               // step steps_done is a reload that was sent, not yet verified
  std::string reload_sent_at;                // UTC time it was sent
  std::optional<nlohmann::json> result;      // the final result, when the router finished
  std::map<std::string, std::string> facts;  // e.g. "pre_snapshot" -> path
};

class Journal {
 public:
  // Creates STORE/journal/RUN-ID.jsonl (0600); fails if it exists.
  static Result<Journal> create(const std::string &store, const std::string &run_id);
  // Opens an existing journal for appending (resume).
  static Result<Journal> open(const std::string &store, const std::string &run_id);

  Journal(Journal &&other) noexcept;
  Journal &operator=(Journal &&) = delete;
  ~Journal();

  const std::string &path() const { return path_; }
  const std::string &run_id() const { return run_id_; }

  // Appends one event (adds "ts") and fsyncs.
  Status append(nlohmann::json event);

  // Reads every event of the file. A torn last line (killed mid-write) is ignored; a bad line
  // elsewhere is an error naming its line number.
  static Result<std::vector<nlohmann::json>> read_events(const std::string &path);
  // Folds events into per-host progress.
  static std::map<std::string, HostProgress> progress(const std::vector<nlohmann::json> &events);

  static std::string path_for(const std::string &store, const std::string &run_id);

 private:
  Journal(std::string path, std::string run_id, int fd) : path_(std::move(path)), run_id_(std::move(run_id)), fd_(fd) {}
  std::string path_;
  std::string run_id_;
  int fd_ = -1;
  std::unique_ptr<std::mutex> mu_ = std::make_unique<std::mutex>();
};

// A new run id: "YYYYMMDDTHHMMSSZ-XXXX".
std::string new_run_id();

}  // namespace licmig::migrate
