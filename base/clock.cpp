// The real clock: std::chrono steady and system clocks and std::this_thread::sleep_for.
#include "base/clock.hpp"

#include <thread>

namespace licmig::base {

SteadyTime SystemClock::now() { return std::chrono::steady_clock::now(); }

WallTime SystemClock::wall_now() { return std::chrono::system_clock::now(); }

void SystemClock::sleep_for(Millis duration) {
  if (duration.count() > 0) std::this_thread::sleep_for(duration);
}

Clock &system_clock() {
  static SystemClock clock;
  return clock;
}

Millis remaining(Clock &clock, SteadyTime deadline) {
  auto left = std::chrono::duration_cast<Millis>(deadline - clock.now());
  return left.count() > 0 ? left : Millis(0);
}

}  // namespace licmig::base
