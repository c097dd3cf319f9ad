// Staging an image on one router, the doing part: read what decide_stage() needs from the router,
// then carry out its decision over a RouterSession — delete the files it chose (each journaled
// before and after), enable the SCP server for a push and restore it after, transfer (the router
// pulls with `copy URL bootflash:NAME`, or licmig pushes with SCP over its own connection), check
// the copy with `verify /md5`, delete a partial or mismatching copy and try again up to `retries`
// more times. An image already there with the right md5 is not sent again.
//
// SCP server restore: before `ip scp server enable` goes out, a marker file
// STORE/stage/scp-server/HOST is written (and a "scp-server-enabled" journal line); after
// `no ip scp server enable` it is removed. The line is never saved (no `write memory`), so the saved
// configuration never has it; a run killed in between leaves the marker, and the next stage of that
// router (or `licmig stage` on it) restores first.
//
// Thread-safety: stage_router() uses one session; RateCap is internally locked and shared by all
// routers of a run.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "migrate/journal.hpp"
#include "migrate/router_session.hpp"
#include "migrate/stage_plan.hpp"

namespace licmig::migrate {

// An aggregate rate cap in bytes per second across every transfer that shares it (a token bucket
// of one second's worth; waits go through the Clock seam). 0: no cap.
class RateCap {
 public:
  explicit RateCap(std::int64_t bytes_per_second, base::Clock &clock = base::system_clock());
  // Waits until `bytes` may be sent.
  void acquire(std::size_t bytes);
  std::int64_t rate() const { return rate_; }

 private:
  std::int64_t rate_;
  base::Clock &clock_;
  std::mutex mu_;
  double tokens_;
  base::SteadyTime last_;
};

// Reads `dir bootflash:`, `show version`, `show bootvar`, `show running-config` and, when the image
// is on bootflash, `verify /md5` of it. Errors: the session's, or parse_error naming the command.
Result<StageFacts> read_stage_facts(RouterSession &session, const StageImage &image,
                                    std::chrono::milliseconds verify_timeout);

enum class StageOutcome { staged, already_staged, refused, failed, would_stage /* --dry-run */ };
const char *to_string(StageOutcome outcome);

// What happens while a router is staged (progress on a terminal, or one plain line each).
struct StageEvent {
  enum class Kind { deleting, scp_server, transferring, progress, verifying, retrying, removed };
  Kind kind = Kind::progress;
  std::string host;
  std::string text;        // for people
  std::int64_t bytes = 0;  // progress: sent so far in this attempt
  std::int64_t total = 0;  // the image's size (0: unknown)
};

struct StageRunOptions {
  StagePolicy policy;
  int retries = 2;                                      // more attempts after a failed or bad transfer
  std::chrono::milliseconds transfer_timeout{3600000};  // pull: how long `copy` may take
  std::chrono::milliseconds verify_timeout{600000};     // `verify /md5` of the image
  RateCap *rate_cap = nullptr;                          // push: shared by the run's routers
  std::function<void(const StageEvent &)> on_event;
  Journal *journal = nullptr;  // each change journaled before and after; null: not journaled
  std::string store;           // STORE/stage/scp-server/HOST markers ("" = none kept)
  // The deletions that were listed and consented to; a decision that deletes anything else (the
  // bootflash changed in between) is refused. Null: whatever decide_stage() chooses.
  const std::vector<std::string> *consented_deletions = nullptr;
  std::function<bool()> interrupted;  // checked between chunks and attempts
};

struct StageReport {
  std::string host;
  StageOutcome outcome = StageOutcome::failed;
  StageDecision decision;
  std::string message;  // the cause of a refusal or failure; what was done otherwise
  ErrorKind cause = ErrorKind::ok;
  int attempts = 0;
  std::int64_t bytes = 0;  // pushed in the last attempt / reported by the router's copy
  std::vector<std::string> deleted;
  bool scp_server_enabled = false;  // enabled for the transfer (and restored)
};

// Stages `image` on the router behind `session` (open). Never deletes the running image, a boot
// image or the target unless it is a bad copy this run made. The same as RouterStager's prepare()
// then, when it returns true, apply().
StageReport stage_router(RouterSession &session, const std::string &host, const StageImage &image,
                         const StageRunOptions &options);

// stage_router() in its two halves, for a run that reads routers ahead of its transfer slots
// (stage_fleet.cpp): prepare() reads and decides, apply() carries the decision out.
class RouterStager {
 public:
  // `session` (open), `image` and `options` must outlive the stager.
  RouterStager(RouterSession &session, const std::string &host, const StageImage &image,
               const StageRunOptions &options);
  ~RouterStager();
  RouterStager(const RouterStager &) = delete;
  RouterStager &operator=(const RouterStager &) = delete;

  // Restores the SCP server setting a killed run left enabled (journaled), reads the facts,
  // decides, and checks the deletions against options.consented_deletions; changes nothing else.
  // True when a transfer is to follow (apply()); false when report() is final (already staged,
  // refused, or failed). May be called again (after the session was reopened) to read afresh.
  bool prepare();
  // Carries out the decision of the last prepare() that returned true: the deletions, the SCP
  // server for a push, the transfer with its retries and verification. Returns the final report.
  StageReport apply();
  const StageReport &report() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// Restores the SCP server setting a killed run left enabled (the marker of the header comment);
// ok when there is nothing to restore.
Status restore_scp_server(RouterSession &session, const std::string &host, const StageRunOptions &options);

}  // namespace licmig::migrate
