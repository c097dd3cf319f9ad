#include "migrate/executor.hpp"
#include "migrate/executor_runner.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include "base/digest.hpp"
#include "migrate/collect.hpp"
#include "migrate/rollback_run.hpp"
#include "migrate/stage.hpp"
#include "rules/levels.hpp"
#include "rules/record_check.hpp"
#include "snapshot/diff.hpp"
#include "snapshot/drift.hpp"
#include "snapshot/interfaces.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/release.hpp"
#include "snapshot/store.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate {

namespace {

using std::chrono::milliseconds;

bool changes_router(StepKind k) {
  return k != StepKind::pre_snapshot && k != StepKind::post_snapshot && k != StepKind::verify_image &&
         k != StepKind::verify_restored;
}

// The lines between "configure terminal" and "end" of a step's commands.
std::vector<std::string> config_lines(const Step &step) {
  std::vector<std::string> out;
  for (const auto &c : step.commands) {
    if (c == "configure terminal" || c == "end") continue;
    out.push_back(c);
  }
  return out;
}

// The license-record command whose output was this command's but broken (Collected::malformed),
// with the collector's note about it.
std::optional<std::string> broken_license_record(const Collected &c) {
  for (const char *command :
       {"show license", "show license summary", "show license status", "show platform software sl-infra pak-info"}) {
    if (std::find(c.malformed.begin(), c.malformed.end(), command) == c.malformed.end()) continue;
    for (const auto &note : c.notes) {
      if (base::starts_with(note, std::string(command) + ":")) return note;
    }
    return std::string(command) + ": malformed";
  }
  return std::nullopt;
}

}  // namespace

namespace detail {

Runner::Runner(RouterSession &session, const Plan &plan, Journal &journal, const HostProgress *progress,
               const ExecutorOptions &options)
    : session_(session), plan_(plan), journal_(journal), progress_(progress), options_(options) {
  run_.host = plan.host;
  run_.from = plan.from;
  run_.to = plan.to;
  if (progress) {
    auto it = progress->facts.find("pre_snapshot");
    if (it != progress->facts.end()) run_.pre_snapshot = it->second;
    // resumed: the reloads an earlier attempt completed count too (the report is of the whole run)
    const auto done = static_cast<std::size_t>(std::max(progress->steps_done, 0));
    for (std::size_t i = 0; i < done && i < plan.steps.size(); ++i) {
      if (plan.steps[i].kind == StepKind::reload) ++run_.reloads;
    }
    if (progress->result) {
      // retried after a failure: its level before the run is the journal's
      if (run_.level_before.empty()) run_.level_before = progress->result->level_before;
    }
  }
}

RouterRun Runner::run() {
  const auto started = clock().now();
  finish(execute());
  run_.elapsed = std::chrono::duration_cast<milliseconds>(clock().now() - started);
  return run_;
}

Status Runner::execute() {
  if (plan_.refused) {
    // A router that could not be read at pre-flight was not refused for what it is: it is
    // unreachable (and counts as a failure for --canary and --max-fail-percentage).
    run_.outcome = plan_.unreadable ? Outcome::unreachable : Outcome::refused;
    if (plan_.unreadable) run_.cause = plan_.unreadable_cause;
    run_.message = plan_.refusal;
    return Status::ok();
  }
  const int first = progress_ ? progress_->steps_done : 0;
  const bool pending_reload = progress_ && progress_->reload_pending;
  if (first > 0) {
    // resumed: the record the run holds must be intact before the router is touched again
    if (auto st = check_recorded_pre_snapshot(); !st) return st;
  }
  if (auto st = session_.open(); !st) {
    if (pending_reload) {
      if (auto w = wait_for_router(); !w) return w;
      observed_down_ = true;  // down after the send, and back
    } else {
      run_.outcome = first == 0 ? Outcome::unreachable : Outcome::failed;
      return st;
    }
  }
  if (first > 0) {
    if (auto st = check_resumed_identity(pending_reload); !st) return st;
  }
  for (int i = first; i < static_cast<int>(plan_.steps.size()); ++i) {
    const auto &step = plan_.steps[static_cast<std::size_t>(i)];
    if (interrupted() || store_failing()) {
      // a safe point: the previous step is journaled as done, the next not started
      run_.outcome = Outcome::interrupted;
      run_.message = std::string(interrupted() ? "interrupted" : "stopped: the store failed") + " before step " +
                     std::to_string(i + 1) + " (" + to_string(step.kind) + "); --resume goes on from there";
      return Status::ok();
    }
    if (changes_router(step.kind) && run_.pre_snapshot.empty()) {
      return Status::error(ErrorKind::failed, "refusing to change the router: no pre-change snapshot on disk");
    }
    if (auto st = journal(i, step, StepRecord::Event::start); !st) return st;
    facts_.clear();
    Status st = (step.kind == StepKind::reload) ? do_reload(i, step, pending_reload && i == first) : do_step(step);
    if (!st) {
      (void)journal(i, step, StepRecord::Event::failed, st.message());
      return st;
    }
    if (auto j = journal(i, step, StepRecord::Event::done); !j) return j;
  }
  run_.outcome = plan_.changes_router() ? Outcome::migrated : Outcome::unchanged;
  return Status::ok();
}

std::string Runner::fact(const char *name) const {
  if (!progress_) return {};
  auto it = progress_->facts.find(name);
  return it == progress_->facts.end() ? std::string() : it->second;
}

Status Runner::refuse(const std::string &why) {
  run_.outcome = Outcome::refused;
  return Status::error(ErrorKind::failed, why);
}

void Runner::finish(const Status &st) {
  if (!st) {
    if (run_.outcome == Outcome::skipped || run_.outcome == Outcome::migrated) run_.outcome = Outcome::failed;
    run_.message = st.message();
    run_.cause = st.kind();
    run_.store_failed = store_failed_;
  }
  if (run_.outcome != Outcome::interrupted) {
    auto record = result_record(run_);
    record.rollback = options_.rollback_phase;
    if (auto j = journal_.append(record); !j && st) {
      // the router's work is done, but its result is not on record: say so, as the store's failure
      run_.outcome = Outcome::failed;
      run_.message = "done, but its result could not be journaled: " + j.message();
      run_.cause = j.kind();
      run_.store_failed = true;
    }
  }
  session_.close();
}

Status Runner::journal(int index, const Step &step, StepRecord::Event event, const std::string &detail) {
  StepRecord r;
  r.event = event;
  r.host = plan_.host;
  r.step = index;
  r.kind = step.kind;
  r.detail = detail;
  r.rollback = options_.rollback_phase;
  if (event == StepRecord::Event::done) r.facts = facts_;
  auto st = journal_.append(r);
  if (!st) store_failed_ = true;
  return st;
}

Status Runner::do_step(const Step &step) {
  switch (step.kind) {
    case StepKind::pre_snapshot: return take_snapshot(true);
    case StepKind::post_snapshot: return take_snapshot(false);
    case StepKind::verify_image: return verify_image(step);
    case StepKind::stage_image: return stage_image();
    case StepKind::set_boot_level:
    case StepKind::smart_enable:
    case StepKind::smart_disable:
    case StepKind::restore_ports:
    case StepKind::set_boot_image: return session_.configure(config_lines(step));
    case StepKind::save_config: return session_.save();
    case StepKind::register_smart: return register_smart(step);
    case StepKind::verify_restored: return verify_restored(session_, plan_.host, step.expect);
    case StepKind::reload: break;
  }
  return Status::error(ErrorKind::failed, "unknown step");
}

Status Runner::take_snapshot(bool pre) {
  snapshot::Store store(options_.store);
  auto c = collect_snapshot(session_, plan_.host, snapshot::utc_timestamp());
  if (!c) return c.status();
  auto path = store.save(c->snap);
  if (!path) {
    store_failed_ = true;
    return Status::error(path.status().kind(),
                         (pre ? "no pre-change snapshot: " : "no post-change snapshot: ") + path.error_message());
  }
  if (pre) {
    // The pre-change snapshot is the license record an upgrade erases: a record that came back
    // broken (cut off, garbled) is no record, and the router is not changed on it. The broken
    // snapshot stays on disk as evidence.
    if (auto broken = broken_license_record(c.value())) {
      run_.pre_snapshot = path.value();
      return Status::error(ErrorKind::parse_error,
                           "refusing to change the router: its license record is broken (" + *broken + ")");
    }
    run_.pre_snapshot = path.value();
    run_.level_before = c->snap.license_level.value_or("");
    if (plan_.changes_router()) {
      // Issue 11: a router is changed only with a complete record of its licenses on disk ...
      if (auto gaps = rules::record_gaps(c->snap); !gaps.empty()) {
        run_.outcome = Outcome::refused;
        return Status::error(ErrorKind::failed,
                             "refusing to change the router: its license record is "
                             "incomplete (" +
                                 rules::describe_gaps(gaps) + ")");
      }
      // ... and only while it is the router, in the state, the plan was made from.
      if (!plan_.source_snapshot.empty()) {
        auto planned_from = store.load(plan_.source_snapshot);
        if (!planned_from) {
          run_.outcome = Outcome::refused;
          return Status::error(ErrorKind::failed,
                               "refusing to change the router: the snapshot the plan was "
                               "made from cannot be read: " +
                                   planned_from.error_message());
        }
        if (auto changes = snapshot::drift(planned_from.value(), c->snap); !changes.empty()) {
          run_.outcome = Outcome::refused;
          return Status::error(ErrorKind::failed,
                               "refusing to change the router: " + snapshot::describe_drift(changes));
        }
      }
    }
    facts_["pre_snapshot"] = path.value();
    auto digest = base::sha256_of_file(path.value());
    if (!digest) {
      store_failed_ = true;
      return Status::error(digest.status().kind(),
                           "the pre-change snapshot cannot be read back: " + digest.error_message());
    }
    facts_["pre_snapshot_sha256"] = digest.value();
    const auto id = snapshot::identity_of(c->snap);
    facts_["address"] = options_.address;
    facts_["hostname"] = id.hostname;
    facts_["serial"] = id.serial;
    facts_["udi"] = id.udi;
    return Status::ok();
  }
  run_.post_snapshot = path.value();
  run_.level_after = c->snap.license_level.value_or("");
  if (!run_.pre_snapshot.empty()) {
    auto before = store.load(run_.pre_snapshot);
    if (before) {
      auto changes = snapshot::diff_snapshots(before.value(), c->snap);
      const std::string diff_path = path.value().substr(0, path->size() - 5) + ".diff.txt";
      if (auto st = base::write_file_atomically(diff_path, snapshot::render_diff(before.value(), c->snap, changes));
          !st) {
        store_failed_ = true;
        return st;
      }
      run_.diff = diff_path;
    }
  }
  facts_["post_snapshot"] = path.value();
  return Status::ok();
}

// The stage-image step: staging as `licmig stage` does it (no cleanup, no SCP server enabled:
// the plan refused a router that needs them, LM084), journaled in the run's journal.
Status Runner::stage_image() {
  if (!options_.stage_image) {
    return Status::error(ErrorKind::invalid_input,
                         "the plan stages the image and this run has no source for it "
                         "(--image FILE or --image-url URL)");
  }
  StageRunOptions so;
  so.store = options_.store;
  so.journal = &journal_;
  so.interrupted = [this]() { return options_.interrupt && options_.interrupt->load(); };
  auto r = stage_router(session_, plan_.host, *options_.stage_image, so);
  if (r.outcome == StageOutcome::staged || r.outcome == StageOutcome::already_staged) return Status::ok();
  return Status::error(r.cause == ErrorKind::ok ? ErrorKind::failed : r.cause, "stage-image: " + r.message);
}

Status Runner::verify_image(const Step &step) {
  for (const auto &cmd : step.commands) {
    auto out = session_.run_tolerant(cmd);
    if (!out) return out.status();
    if (base::starts_with(cmd, "dir ")) {
      const auto file = step.expect.image_file.value_or("");
      auto listing = snapshot::parse_dir(out.value());
      if (!listing.recognised()) return Status::error(ErrorKind::parse_error, "dir bootflash: not recognised");
      bool present = std::any_of(listing.value.files.begin(), listing.value.files.end(),
                                 [&](const auto &f) { return base::basename_of(f.name) == file; });
      if (!present) return Status::error(ErrorKind::failed, file + " is not on bootflash:");
    } else if (base::starts_with(cmd, "verify /md5 ")) {
      auto parsed = snapshot::parse_verify_md5(out.value());
      if (!parsed.recognised()) return Status::error(ErrorKind::failed, "verify /md5 gave no checksum");
      const auto &md5 = parsed.value;
      auto want = base::to_lower(step.expect.image_md5.value_or(""));
      if (!want.empty() && md5 != want) {
        return Status::error(ErrorKind::failed, "image md5 is " + md5 + ", expected " + want);
      }
    }
  }
  return Status::ok();
}

Status Runner::do_reload(int index, const Step &step, bool resumed) {
  bool need_send = true;
  std::string unsure;  // why a reload taken as sent could not be proven
  if (resumed) {
    if (auto st = judge_resumed_reload(step, need_send, unsure); !st) return st;
  }
  if (need_send) {
    StepRecord sent;
    sent.event = StepRecord::Event::reload_sent;
    sent.host = plan_.host;
    sent.step = index;
    sent.rollback = options_.rollback_phase;
    if (auto st = journal_.append(sent); !st) return st;
    auto proof = session_.reload();
    if (!proof) {
      if (session_.reload_went_out()) ++run_.reloads;  // it reloaded, and then went wrong
      return proof.status();
    }
    ++run_.reloads;
  }
  auto verified = verify_after_reload(step);
  if (!verified && !unsure.empty()) return Status::error(verified.kind(), unsure + "; " + verified.message());
  return verified;
}

Status Runner::wait_for_router() {
  const auto deadline = clock().now() + options_.reconnect_timeout;
  Status last;
  while (clock().now() < deadline) {
    last = session_.open();
    if (last) return Status::ok();
    if (last.is_host_key_changed() || last.is_host_key_unknown()) return last;
    clock().sleep_for(std::min(milliseconds(1000), base::remaining(clock(), deadline)));
  }
  return Status::error(ErrorKind::timed_out, "router did not come back: " + last.message());
}

Result<snapshot::VersionInfo> Runner::show_version() {
  auto out = session_.run("show version");
  if (!out) return out.status();
  auto v = snapshot::parse_show_version(out.value());
  if (!v.recognised()) return Status::error(ErrorKind::parse_error, "show version not recognised: " + v.reason);
  return v.value;
}

// How the router differs from what the reload step expects ("" = it shows exactly that).
std::string Runner::unexpected_after_reload(const Step &step, const snapshot::VersionInfo &ver) {
  std::string problems;
  if (step.expect.release) {
    if (auto shown = snapshot::release_of(ver); !shown || !release_matches(shown->text(), *step.expect.release)) {
      problems += " release " + ver.version.value_or("?") + " (expected " + *step.expect.release + ")";
    }
  }
  if (step.expect.mode) {
    auto mode = snapshot::license_mode_from_license_type(ver.license_type.value_or(""));
    if (mode != *step.expect.mode) {
      problems += std::string(" mode ") + snapshot::to_string(mode) + " (expected " +
                  snapshot::to_string(*step.expect.mode) + ")";
    }
  }
  if (step.expect.level) {
    auto level = rules::normalise_level(ver.license_level.value_or(""));
    if (level != *step.expect.level) problems += " level " + level + " (expected " + *step.expect.level + ")";
  }
  return problems;
}

Status Runner::verify_after_reload(const Step &step) {
  auto ver = show_version();
  if (!ver) return ver.status();
  const std::string problems = unexpected_after_reload(step, *ver);
  if (!problems.empty()) {
    run_.came_back_wrong = true;
    return Status::error(ErrorKind::failed,
                         "after the reload the router shows" + problems + "; stopped, left as it is");
  }
  if (!step.expect.ports_up.empty()) {
    auto brief = session_.run("show ip interface brief");
    if (!brief) return brief.status();
    const auto down = snapshot::admin_down_interfaces(brief.value());
    std::string still_down;
    for (const auto &p : step.expect.ports_up) {
      if (std::find(down.begin(), down.end(), p) != down.end()) still_down += (still_down.empty() ? "" : ", ") + p;
    }
    if (!still_down.empty()) {
      return Status::error(ErrorKind::failed, "after the reload these ports are still administratively down: " +
                                                  still_down + "; stopped, left as it is");
    }
  }
  facts_["verified"] =
      ver->version.value_or("") + " " + ver->license_type.value_or("") + " " + ver->license_level.value_or("");
  return Status::ok();
}

Status Runner::register_smart(const Step &) {
  if (!options_.token) return Status::error(ErrorKind::invalid_input, "no registration token (--token-file)");
  session_.add_secret(*options_.token);
  auto out = session_.run("license smart register idtoken " + *options_.token);
  if (!out) return Status::error(out.status().kind(), "license smart register: the router refused it");
  const auto deadline = clock().now() + options_.registration_timeout;
  std::string last;
  while (clock().now() < deadline) {
    auto summary = session_.run("show license summary");
    if (!summary) return summary.status();
    auto parsed = snapshot::parse_show_license_summary(summary.value());
    last = parsed.value.registration_status.value_or("?");
    if (last == "REGISTERED") return Status::ok();
    clock().sleep_for(std::min(milliseconds(2000), base::remaining(clock(), deadline)));
  }
  return Status::error(ErrorKind::timed_out, "registration did not complete: status " + last);
}

}  // namespace detail

ResultRecord result_record(const RouterRun &run) {
  ResultRecord r;
  r.host = run.host;
  r.outcome = run.outcome;
  r.message = run.message;
  r.from = run.from;
  r.to = run.to;
  r.cause = run.cause;
  r.store_failed = run.store_failed;
  r.level_before = run.level_before;
  r.level_after = run.level_after;
  r.reloads = run.reloads;
  r.pre_snapshot = run.pre_snapshot;
  r.post_snapshot = run.post_snapshot;
  r.diff = run.diff;
  r.came_back_wrong = run.came_back_wrong;
  r.rolled_back = run.rolled_back;
  return r;
}

RouterRun run_of(const ResultRecord &record) {
  RouterRun r;
  r.host = record.host;
  r.outcome = record.outcome;
  r.message = record.message;
  r.from = record.from;
  r.to = record.to;
  r.cause = record.cause;
  r.store_failed = record.store_failed;
  r.level_before = record.level_before;
  r.level_after = record.level_after;
  r.reloads = record.reloads;
  r.pre_snapshot = record.pre_snapshot;
  r.post_snapshot = record.post_snapshot;
  r.diff = record.diff;
  r.came_back_wrong = record.came_back_wrong;
  r.rolled_back = record.rolled_back;
  return r;
}

bool release_matches(const std::string &shown, const std::string &expected) {
  auto have = snapshot::Release::parse(shown);
  auto want = snapshot::Release::parse(expected);
  if (!have || !want) return false;
  if (have->base() == want->base()) return true;
  return want->rebuild().empty() && have->prerelease().empty() && have->is_iosxe() && want->is_iosxe() &&
         have->major() == want->major() && have->minor() == want->minor() && have->patch() == want->patch();
}

RouterRun execute_router(RouterSession &session, const Plan &plan, Journal &journal, const HostProgress *progress,
                         const ExecutorOptions &options) {
  return detail::Runner(session, plan, journal, progress, options).run();
}

Result<std::string> store_snapshot(RouterSession &session, const std::string &host, const ExecutorOptions &options) {
  if (auto st = session.open(); !st) return st;
  auto c = collect_snapshot(session, host, snapshot::utc_timestamp());
  session.close();
  if (!c) return c.status();
  return snapshot::Store(options.store).save(c->snap);
}

}  // namespace licmig::migrate
