// The store lock: one `licmig migrate` (or `--resume`) at a time per store, so no router is
// changed by two runs. `STORE/lock` (0600) is held with an OS file lock (flock) for the whole run;
// the kernel drops it when the process dies, so a lock left by a killed run is taken over safely
// by the next one, never by two at once. While held, the file names its holder (run ID, PID, host,
// start time) so that a refused run can say who holds the store. Read-only commands never take it.
//
// flock is advisory and local: two machines sharing a store over NFS are not excluded (documented
// in docs/usage.md).
//
// Thread-safety: one RunLock per process; not copyable.
#pragma once

#include <string>

#include "base/result.hpp"

namespace licmig::migrate {

struct LockHolder {
  std::string run_id;
  long pid = 0;
  std::string host;        // the machine's name
  std::string started_at;  // UTC
};

class RunLock {
 public:
  // Takes the store's lock for `holder`, creating the store folder if needed. Fails with kind
  // `busy` naming the holder when another live process has it; io_error/no_space on a store that
  // cannot be written.
  static Result<RunLock> acquire(const std::string &store, const LockHolder &holder);

  RunLock(RunLock &&other) noexcept;
  RunLock &operator=(RunLock &&) = delete;
  RunLock(const RunLock &) = delete;
  ~RunLock();

  const std::string &path() const { return path_; }

 private:
  RunLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

// The holder recorded in a lock file (for messages); empty fields when unreadable.
LockHolder read_lock_holder(const std::string &path);

}  // namespace licmig::migrate
