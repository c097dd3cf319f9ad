#include "migrate/reload_proof.hpp"

namespace licmig::migrate {

ReloadVerdict judge_sent_reload(const ReloadEvidence &e) {
  using std::chrono::seconds;
  // a planned reload always changes the release, mode or level: showing them is proof
  if (e.shows_target) return ReloadVerdict::reloaded;
  if (e.uptime_seconds) {
    const seconds shown(*e.uptime_seconds);
    // the real uptime is below shown + 60 s; when even that is shorter than the time since the
    // send, it booted after the send
    if (shown + seconds(60) + k_uptime_slack <= e.since_send) return ReloadVerdict::reloaded;
    // the real uptime is at least the shown one; longer than the time since the send means it was
    // already up when the command went out, and has not reloaded since
    if (shown > e.since_send + k_uptime_slack) return ReloadVerdict::booted_before_send;
  }
  // A connection that failed is not proof on its own: a loaded router or network times out too.
  // But real routers go quiet (time out) while they reload, so it is not disproof either.
  return e.went_unreachable ? ReloadVerdict::went_unreachable : ReloadVerdict::unknown;
}

bool start_window_over(std::chrono::milliseconds since_send, std::chrono::seconds start_window) {
  return since_send >= start_window + k_uptime_slack;
}

const char *to_string(ReloadVerdict v) {
  switch (v) {
    case ReloadVerdict::reloaded: return "reloaded";
    case ReloadVerdict::booted_before_send: return "booted before the send";
    case ReloadVerdict::went_unreachable: return "went unreachable";
    case ReloadVerdict::unknown: return "unknown";
  }
  return "unknown";
}

}  // namespace licmig::migrate
