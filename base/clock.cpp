// The real clock: std::chrono steady and system clocks and std::this_thread::sleep_for.
#include "base/clock.hpp"

#include <cstdio>
#include <ctime>
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

std::string utc_timestamp(WallTime t) {
  auto secs = std::chrono::system_clock::to_time_t(t);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
  return buf;
}

Millis remaining(Clock &clock, SteadyTime deadline) {
  auto left = std::chrono::duration_cast<Millis>(deadline - clock.now());
  return left.count() > 0 ? left : Millis(0);
}

}  // namespace licmig::base
