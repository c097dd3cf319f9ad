// What a resumed run proves before it touches a router again (executor_runner.hpp): the pre-change
// snapshot it recorded is intact, the router is the one it changed, and a reload journaled as sent is
// judged on the router's evidence (reload_proof.hpp) — never sent twice.
#include <chrono>
#include <optional>

#include "base/digest.hpp"
#include "base/log.hpp"
#include "devices/transport.hpp"
#include "migrate/collect.hpp"
#include "migrate/executor_runner.hpp"
#include "migrate/reload_proof.hpp"
#include "snapshot/store.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate::detail {

namespace {

using std::chrono::milliseconds;

// A router that went away after a reload was journaled as sent and came back unproven: how long its
// uptime gets to tell (two whole minutes of IOS's rounding, and the slack).
constexpr std::chrono::seconds k_unproven_reload_wait{125};

}  // namespace

// A resumed router's pre-change snapshot: on disk, unchanged since it was journaled (sha256),
// and readable.
Status Runner::check_recorded_pre_snapshot() {
  const std::string path = fact("pre_snapshot");
  if (path.empty()) return refuse("refusing to go on: the journal records no pre-change snapshot for it");
  auto digest = base::sha256_of_file(path);
  if (!digest) {
    return refuse("refusing to go on: its pre-change snapshot " + path + " cannot be read (" + digest.error_message() +
                  ")");
  }
  const std::string recorded = fact("pre_snapshot_sha256");
  if (!recorded.empty() && digest.value() != recorded) {
    return refuse("refusing to go on: its pre-change snapshot " + path + " is not the file the run wrote (sha256 " +
                  digest.value() + ", journaled " + recorded + ")");
  }
  auto snap = snapshot::Store(options_.store).load(path);
  if (!snap) {
    return refuse("refusing to go on: its pre-change snapshot " + path + " is corrupt (" + snap.error_message() + ")");
  }
  pre_identity_ = snapshot::identity_of(snap.value());
  run_.level_before = snap->license_level.value_or("");
  return Status::ok();
}

// A resumed router must be the router the run changed: the same hostname, chassis serial and
// UDI as its pre-change snapshot, wherever the inventory now says it is. Read-only.
Status Runner::check_resumed_identity(bool pending_reload) {
  const auto deadline = clock().now() + options_.reconnect_timeout;
  Result<Collected> now = Status::error(ErrorKind::failed, "not read");
  while (true) {
    now = collect_snapshot(session_, plan_.host, snapshot::utc_timestamp());
    if (now || !pending_reload || !devices::is_connection_failure(now.status().kind()) || clock().now() >= deadline) {
      break;
    }
    // the reload went out and the router went down under us: wait for it, then look again
    if (auto w = wait_for_router(); !w) return w;
    observed_down_ = true;
  }
  if (!now) return now.status();
  const auto id = snapshot::identity_of(now->snap);
  std::string differs;
  bool compared = false;  // a serial or UDI was compared (a hostname alone proves nothing)
  auto compare = [&](const std::string &what, const std::string &was, const std::string &is) {
    if (was.empty() || is.empty()) return;
    if (what != "hostname") compared = true;
    if (was != is) differs += (differs.empty() ? "" : "; ") + what + " was " + was + ", now " + is;
  };
  compare("hostname", pre_identity_.hostname, id.hostname);
  compare("serial", pre_identity_.serial, id.serial);
  compare("udi", pre_identity_.udi, id.udi);
  const std::string was_at = fact("address");
  const std::string moved = (!was_at.empty() && was_at != options_.address)
                                ? " (the inventory moved it from " + was_at + " to " + options_.address + ")"
                                : std::string();
  if (!differs.empty()) {
    return refuse("refusing to go on: the router at " + options_.address + " is not the one this run changed" + moved +
                  ": " + differs);
  }
  if (!compared) {
    return refuse(
        "refusing to go on: cannot prove it is the router this run changed (no chassis serial or UDI to "
        "compare)" +
        moved);
  }
  return Status::ok();
}

Status Runner::judge_resumed_reload(const Step &step, bool &need_send, std::string &unsure) {
  // The reload was journaled as sent by a run that was killed: did it happen? (judged by
  // judge_sent_reload, migrate/reload_proof.hpp). Until the evidence decides, look again once
  // a second: a router that never got the command is only sent it once the start window has
  // passed since the send; one that went away and came back unproven gets two whole minutes
  // of uptime to tell, and is then taken as reloaded — a second reload is never risked.
  const auto deadline = clock().now() + options_.reconnect_timeout;
  const auto waiting_since = clock().now();  // bounds the wait whatever the wall clocks say
  std::optional<base::SteadyTime> unsure_since;
  bool went_down = observed_down_;
  while (true) {
    auto ver = show_version();
    if (!ver) {
      if (!devices::is_connection_failure(ver.status().kind()) || clock().now() >= deadline) return ver.status();
      base::log::write(base::log::Level::info, plan_.host,
                       "unreachable while resuming a sent reload: " + ver.status().message());
      if (auto w = wait_for_router(); !w) return w;  // it went down under us: it may be reloading
      went_down = true;
      continue;
    }
    ReloadEvidence evidence;
    // a reload that only brings ports back shows the same release, mode and level before and after
    evidence.shows_target = step.expect.ports_up.empty() && unexpected_after_reload(step, *ver).empty();
    evidence.went_unreachable = went_down;
    evidence.uptime_seconds = ver->uptime_seconds;
    evidence.since_send =
        time_between(progress_->reload_sent_at, clock().wall_now()).value_or(std::chrono::milliseconds(0));
    const auto verdict = judge_sent_reload(evidence);
    if (verdict == ReloadVerdict::reloaded) {
      need_send = false;  // it rebooted after the send: verify, do not reload again
      ++run_.reloads;
      break;
    }
    const auto now = clock().now();
    if (verdict == ReloadVerdict::went_unreachable) {
      if (!unsure_since) unsure_since = now;
      if (now - *unsure_since >= k_unproven_reload_wait || now >= deadline) {
        need_send = false;
        ++run_.reloads;
        unsure = "it went unreachable after the reload was journaled as sent and came back (uptime " +
                 ver->uptime.value_or("not shown") + "), and nothing proves whether it reloaded";
        break;
      }
    } else if (start_window_over(evidence.since_send, options_.reload_start_window) ||
               start_window_over(std::chrono::duration_cast<milliseconds>(now - waiting_since),
                                 options_.reload_start_window)) {
      break;  // up since before the send, or silent for the whole start window: it never got it
    }
    clock().sleep_for(milliseconds(1000));
  }
  return Status::ok();
}

}  // namespace licmig::migrate::detail
