// Clock: the time seam for devices/. Every wait in a router session (command timeouts, reload
// polling, reconnect back-off) asks a Clock for the time and sleeps through it, so tests can run a
// fifteen-minute reload in microseconds with a fake clock.
//
// Thread-safety: SystemClock is stateless and safe to share; fakes are single-threaded.
#pragma once

#include <chrono>
#include <string>

namespace licmig::base {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;
using Millis = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Monotonic time, for deadlines and elapsed time.
  virtual SteadyTime now() = 0;
  // Calendar time, for transcript names and log stamps.
  virtual WallTime wall_now() = 0;
  virtual void sleep_for(Millis duration) = 0;
};

class SystemClock final : public Clock {
 public:
  SteadyTime now() override;
  WallTime wall_now() override;
  void sleep_for(Millis duration) override;
};

// The process-wide real clock.
Clock &system_clock();

// UTC calendar time as licmig records it: "2026-11-28T06:48:05.123456Z".
std::string utc_timestamp(WallTime t);

// Milliseconds from now until `deadline`, never negative.
Millis remaining(Clock &clock, SteadyTime deadline);

}  // namespace licmig::base
