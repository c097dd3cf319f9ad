#include "migrate/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <nlohmann/json.hpp>

#include "base/file.hpp"

namespace licmig::migrate {

namespace {

Status os_error(const std::string &what, const std::string &path) {
  const int err = errno;
  const auto kind = (err == ENOSPC || err == EDQUOT) ? ErrorKind::no_space : ErrorKind::io_error;
  return Status::error(kind, path + ": " + what + ": " + std::strerror(err));
}

Status write_all(int fd, const std::string &text, const std::string &path) {
  if (::ftruncate(fd, 0) != 0) return os_error("cannot truncate", path);
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::pwrite(fd, text.data() + done, text.size() - done, static_cast<off_t>(done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return os_error("cannot write", path);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return os_error("cannot fsync", path);
  return Status::ok();
}

std::string describe(const LockHolder &h) {
  if (h.run_id.empty() && h.pid == 0) return "another licmig run (its record is unreadable)";
  return "run " + (h.run_id.empty() ? std::string("?") : h.run_id) + " (pid " + std::to_string(h.pid) + " on " +
         (h.host.empty() ? std::string("?") : h.host) + ", since " +
         (h.started_at.empty() ? std::string("?") : h.started_at) + ")";
}

}  // namespace

LockHolder read_lock_holder(const std::string &path) {
  LockHolder h;
  auto text = base::read_file(path);
  if (!text) return h;
  auto j = nlohmann::json::parse(text.value(), nullptr, false);
  if (!j.is_object()) return h;
  h.run_id = j.value("run", "");
  h.pid = j.value("pid", 0L);
  h.host = j.value("host", "");
  h.started_at = j.value("started_at", "");
  return h;
}

Result<RunLock> RunLock::acquire(const std::string &store, const LockHolder &holder) {
  if (auto st = base::make_private_dirs(store); !st) return st;
  const std::string path = store + "/lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return os_error("cannot open the store lock", path);
  // A holder writes its record right after it takes the lock, and empties it just before it lets
  // go: a run that finds the lock held and the record empty is in one of those two gaps, and looks
  // again (the lock again, then the record) for a moment before it says it cannot name the holder.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    if (err != EWOULDBLOCK) {
      ::close(fd);
      errno = err;
      return os_error("cannot lock", path);
    }
    const LockHolder current = read_lock_holder(path);
    const bool named = !current.run_id.empty() || current.pid != 0;
    if (named || std::chrono::steady_clock::now() >= give_up) {
      ::close(fd);
      return Status::error(ErrorKind::busy, "store " + store + " is in use by " + describe(current) +
                                                ": one migrate run per store at a time (" + path + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Held: whoever wrote the file before is gone (the kernel released their lock).
  const nlohmann::json record = {
      {"run", holder.run_id}, {"pid", holder.pid}, {"host", holder.host}, {"started_at", holder.started_at}};
  if (auto st = write_all(fd, record.dump() + "\n", path); !st) {
    ::close(fd);
    return st;
  }
  return RunLock(fd, path);
}

RunLock::RunLock(RunLock &&other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) { other.fd_ = -1; }

RunLock::~RunLock() {
  if (fd_ < 0) return;
  // Leave the file (its holder record is harmless once unlocked); closing releases the lock.
  (void)::ftruncate(fd_, 0);
  ::close(fd_);
}

}  // namespace licmig::migrate
