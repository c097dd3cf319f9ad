#include "migrate/interrupt.hpp"

#include <pthread.h>
#include <unistd.h>

#include <ctime>

namespace licmig::migrate {

namespace {

sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

const char *signal_name(int signo) {
  switch (signo) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "a signal";
  }
}

InterruptWatch::InterruptWatch(std::function<void(int)> on_first, std::function<void(int)> on_second)
    : on_first_(std::move(on_first)), on_second_(std::move(on_second)) {
  sigset_t set = watched();
  pthread_sigmask(SIG_BLOCK, &set, &old_mask_);
  thread_ = std::thread([this] { watch(); });
}

InterruptWatch::~InterruptWatch() {
  done_ = true;
  if (thread_.joinable()) thread_.join();
  // A signal that arrives between here and the restored mask is taken by its default action,
  // as it would be with no run in progress.
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

void InterruptWatch::watch() {
  const sigset_t set = watched();
  const timespec tick{0, 100 * 1000 * 1000};
  while (!done_) {
    const int signo = sigtimedwait(&set, nullptr, &tick);
    if (signo <= 0) continue;  // timeout or EINTR: look at done_ again
    if (!requested_) {
      signal_ = signo;
      requested_ = true;
      if (on_first_) on_first_(signo);
    } else {
      if (on_second_) on_second_(signo);
      ::_exit(128 + signo);
    }
  }
}

}  // namespace licmig::migrate
