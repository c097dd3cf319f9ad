// SIGINT/SIGTERM during a migration run. The first signal asks the run to stop: no router starts,
// each router in flight reaches its next safe point (executor.hpp), the run writes an
// `interrupted` record, prints its summary and the exact --resume command, and exits 128+signal.
// A second signal exits at once (128+signal): the journal is consistent at every moment (a
// record is written whole or cut off; a reload is journaled before it is sent), so --resume goes
// on from there too.
//
// How: the constructor blocks both signals in the calling thread — and so in every thread it
// starts afterwards (the rollout's workers) — and a thread of its own takes them with
// sigtimedwait(); no code runs in a signal handler. The destructor restores the signal mask.
//
// Thread-safety: requested() may be read from any thread; construct and destroy on one thread,
// before the threads that should not see the signals are started.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace licmig::migrate {

class InterruptWatch {
 public:
  // `on_first(signo)` runs on the watcher's thread after requested() became true; `on_second(signo)`
  // runs there on a second signal, just before the process exits with 128+signo.
  InterruptWatch(std::function<void(int)> on_first, std::function<void(int)> on_second);
  ~InterruptWatch();
  InterruptWatch(const InterruptWatch &) = delete;
  InterruptWatch &operator=(const InterruptWatch &) = delete;

  const std::atomic<bool> &requested() const { return requested_; }
  // The first signal received (0 = none).
  int signal() const { return signal_.load(); }

 private:
  void watch();
  std::function<void(int)> on_first_;
  std::function<void(int)> on_second_;
  std::atomic<bool> requested_{false};
  std::atomic<int> signal_{0};
  std::atomic<bool> done_{false};
  sigset_t old_mask_{};
  std::thread thread_;
};

// "SIGINT", "SIGTERM", or "signal N".
const char *signal_name(int signo);

}  // namespace licmig::migrate
