// Did a reload that a killed run journaled as sent really happen? The journal's "reload-sent"
// record is written before the command goes out, so a run killed in between leaves a router that
// may or may not be reloading. The resume must neither send the reload twice nor take a router
// that never got the command for one that came back wrong. Pure: the executor gathers the
// evidence (migrate/executor.cpp) and acts on the verdict.
//
// IOS shows uptime in whole minutes (shown U: the real uptime is in [U, U + 60 s)), and the time
// since the send comes from the journal's timestamp (whole microseconds, our clock); both are
// durations, so the router's clock and ours need not agree.
#pragma once

#include <cstdint>
#include <optional>

namespace licmig::migrate {

struct ReloadEvidence {
  bool shows_target = false;                   // release, mode and level are what the reload brings
  bool went_unreachable = false;               // a connection to it failed since the send, and then worked
  std::optional<std::int64_t> uptime_seconds;  // as `show version` shows it (whole minutes)
  std::int64_t seconds_since_send = 0;
};

enum class ReloadVerdict {
  reloaded,            // it booted after the send
  booted_before_send,  // it has been up since before the send: whatever failed, it did not reload
  went_unreachable,    // it went away and came back, not as the reload brings it; its uptime cannot tell yet
  unknown,             // up, unchanged, uptime too short to tell: the command may not have landed yet
};

// The slack for the journal's and the clock's rounding when uptime is compared with the time since
// the send.
inline constexpr std::int64_t k_uptime_slack_seconds = 2;

ReloadVerdict judge_sent_reload(const ReloadEvidence &e);

const char *to_string(ReloadVerdict v);

}  // namespace licmig::migrate
