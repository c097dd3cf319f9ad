// The migration journal: `STORE/journal/RUN-ID.jsonl`, one record per line (journal_format.hpp
// owns the records), appended and fsynced before and after every step, so a killed licmig can
// resume exactly where it stopped. The first line records the run's options; each router's plan is
// recorded before its first step, so a resumed run walks the same plan. A reload step also writes a
// reload-sent record after the command went out: on resume a reload that was sent but not verified
// is verified, never re-sent.
//
// Thread-safety: append() is internally locked; one Journal is shared by the run's threads.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "migrate/journal_format.hpp"
#include "migrate/plan.hpp"

namespace licmig::migrate {

// What the journal says about one router.
struct HostProgress {
  std::optional<Plan> plan;
  int steps_done = 0;                        // steps [0, steps_done) completed
  bool reload_pending = false;               // step steps_done is a reload that was sent, not yet verified (also after
                                             // a failed record of it: a failure does not prove it did not happen)
  std::string reload_sent_at;                // UTC time it was sent
  std::optional<ResultRecord> result;        // the final result, when the router finished
  std::map<std::string, std::string> facts;  // e.g. "pre_snapshot" -> path
};

class Journal {
 public:
  // Creates STORE/journal/RUN-ID.jsonl (0600); fails if it exists. Lines are stamped with the
  // clock's wall time.
  static Result<Journal> create(const std::string &store, const std::string &run_id,
                                base::Clock &clock = base::system_clock());
  // Opens an existing journal for appending (resume).
  static Result<Journal> open(const std::string &store, const std::string &run_id,
                              base::Clock &clock = base::system_clock());

  Journal(Journal &&other) noexcept;
  Journal &operator=(Journal &&) = delete;
  ~Journal();

  const std::string &path() const { return path_; }
  const std::string &run_id() const { return run_id_; }
  // Ok until an append failed; then that failure.
  Status healthy() const;

  // Appends one record (with "ts") and fsyncs. The first failure (disk full: no_space; anything
  // else: io_error, naming the file) sticks: every later append returns it without writing, so a
  // run that lost a record cannot go on as if it had not (healthy() says so before a change).
  Status append(const RunRecord &r) { return append_record(r); }
  Status append(const InterruptedRecord &r) { return append_record(r); }
  Status append(const WaveRecord &r) { return append_record(r); }
  Status append(const PlanRecord &r) { return append_record(r); }
  Status append(const StepRecord &r) { return append_record(r); }
  Status append(const ResultRecord &r) { return append_record(r); }
  Status append(const StageRecord &r) { return append_record(r); }

  // Called with every record after append() wrote it (or failed to): what the run shows on the
  // terminal and writes to the log (migrate/status.hpp, migrate/run_log.hpp) follows the journal,
  // the one account of the run. Set it before the run's threads start; it is called from theirs.
  using Observer = std::function<void(const JournalRecord &)>;
  void observe(Observer observer) { observers_.push_back(std::move(observer)); }

  // Reads every line of the file. A torn last line (killed mid-write) is ignored; a bad line
  // elsewhere is an error naming its line number.
  static Result<std::vector<nlohmann::json>> read_events(const std::string &path);
  // Folds the records into per-host progress (unknown events are skipped): the migration's records,
  // or with `rollback_phase` those of the rollbacks --rollback-on-failure ran (journal_format.hpp).
  static std::map<std::string, HostProgress> progress(const std::vector<nlohmann::json> &events,
                                                      bool rollback_phase = false);
  // The run record (the first line); an error when the journal has none.
  static Result<RunRecord> run_record(const std::vector<nlohmann::json> &events);

  static std::string path_for(const std::string &store, const std::string &run_id);

 private:
  Journal(std::string path, std::string run_id, int fd, base::Clock &clock)
      : path_(std::move(path)), run_id_(std::move(run_id)), fd_(fd), clock_(&clock) {}
  Status append_json(nlohmann::json event);
  template <class Record>
  Status append_record(const Record &r) {
    Status st = append_json(r.encode());
    if (!observers_.empty()) {
      const JournalRecord record(r);
      for (const auto &o : observers_) o(record);
    }
    return st;
  }
  // Writes one record at the end (mu_ held); 0, or the errno of a write that failed (the record is
  // cut off again).
  int write_record(const std::string &line);
  std::string path_;
  std::string run_id_;
  int fd_ = -1;
  base::Clock *clock_;
  std::unique_ptr<std::mutex> mu_ = std::make_unique<std::mutex>();
  Status failure_;  // the first failed append (guarded by mu_)
  std::vector<Observer> observers_;
};

// A UTC timestamp "YYYY-MM-DDTHH:MM:SS.ffffffZ" of a wall time.
std::string utc_timestamp_of(base::WallTime t);
// The time from the timestamp `utc` (utc_timestamp_of's form; its fraction of a second counts) to
// `now`, in milliseconds; nothing when unreadable.
std::optional<std::chrono::milliseconds> time_between(const std::string &utc, base::WallTime now);

// A new run id: "YYYYMMDDTHHMMSSZ-XXXX".
std::string new_run_id();

}  // namespace licmig::migrate
