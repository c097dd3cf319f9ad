// Did a reload that a killed run journaled as sent really happen? The journal's "reload-sent"
// record is written before the command goes out, so a run killed in between leaves a router that
// may or may not be reloading. The resume must neither send the reload twice nor take a router
// that never got the command for one that came back wrong. Pure: the executor gathers the
// evidence (migrate/executor.cpp) and acts on the verdict.
//
// IOS shows uptime in whole minutes (shown U: the real uptime is in [U, U + 60 s)). The time since
// the send is measured from the journal's timestamp (microseconds, our wall clock) to our wall clock
// now. Both are durations, so the router's clock and ours need not agree.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace licmig::migrate {

struct ReloadEvidence {
  bool shows_target = false;                   // release, mode and level are what the reload brings
  bool went_unreachable = false;               // a connection to it failed since the send, and then worked
  std::optional<std::int64_t> uptime_seconds;  // as `show version` shows it (whole minutes)
  std::chrono::milliseconds since_send{0};
};

enum class ReloadVerdict {
  reloaded,            // it booted after the send
  booted_before_send,  // it has been up since before the send: whatever failed, it did not reload
  went_unreachable,    // it went away and came back, not as the reload brings it; its uptime cannot tell yet
  unknown,             // up, unchanged, uptime too short to tell: the command may not have landed yet
};

// The slack for the time between our reading of the clock and the router's of its uptime.
// Regression: the time since the send was once counted in whole seconds from a timestamp cut to the
// second, so a router up for 59.2 s ("0 minutes") 59.1 s after the send, counted as 60 s, passed
// for one that booted after it (e2e_migrate KillAndResume: the reload was never sent).
inline constexpr std::chrono::milliseconds k_uptime_slack{500};

ReloadVerdict judge_sent_reload(const ReloadEvidence &e);

// A resumed router still up and unchanged is sent the reload once `start_window` has passed since
// the send — plus the slack, so that a router that did reload right after the send has had its
// uptime's whole minute to prove it first (judge_sent_reload says "reloaded" from 60 s + slack on).
bool start_window_over(std::chrono::milliseconds since_send, std::chrono::seconds start_window);

const char *to_string(ReloadVerdict v);

}  // namespace licmig::migrate
