#include "migrate/stage.hpp"

#include <algorithm>
#include <filesystem>

#include "base/file.hpp"
#include "base/text.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/secrets.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate {

namespace {

constexpr std::int64_t k_progress_step = std::int64_t{1} << 20;  // a progress event per MiB

std::string flash(const std::string &name) { return "bootflash:" + name; }

std::string first_line(const std::string &text) {
  for (const auto &l : snapshot::clean_lines(text)) {
    auto t = base::trim(l.text);
    if (!t.empty()) return t;
  }
  return "empty";
}

std::string marker_path(const std::string &store, const std::string &host) {
  return store + "/stage/scp-server/" + host;
}

Status undo_scp_server(RouterSession &session, const std::string &host, const StageRunOptions &options);

}  // namespace

class RouterStager::Impl {
 public:
  Impl(RouterSession &s, std::string host, const StageImage &image, const StageRunOptions &o)
      : s_(s), host_(std::move(host)), image_(image), o_(o) {
    report_.host = host_;
  }

  bool prepare() {
    report_ = StageReport{};
    report_.host = host_;
    if (auto pw = image_.pull() ? snapshot::url_password(image_.url) : std::nullopt; pw && !pw->empty())
      s_.add_secret(*pw);
    if (auto st = restore_scp_server(s_, report_.host, o_); !st) {
      fail(st);
      return false;
    }
    auto facts = read_stage_facts(s_, image_, o_.verify_timeout);
    if (!facts) {
      fail(facts.status());
      return false;
    }
    report_.decision = decide_stage(facts.value(), image_, o_.policy);
    const auto &d = report_.decision;
    if (d.action == StageAction::already_staged) {
      report_.outcome = StageOutcome::already_staged;
      report_.message = flash(image_.name) + " is already there with md5 " + image_.md5;
      return false;
    }
    if (d.action == StageAction::refuse) {
      report_.outcome = StageOutcome::refused;
      report_.message = d.reason;
      return false;
    }
    if (o_.consented_deletions) {
      for (const auto &f : d.cleanup) {
        if (std::find(o_.consented_deletions->begin(), o_.consented_deletions->end(), f.name) ==
            o_.consented_deletions->end()) {
          report_.outcome = StageOutcome::refused;
          report_.message = "bootflash changed since it was listed: " + flash(f.name) +
                            " would now be deleted, and was not confirmed";
          return false;
        }
      }
    }
    return true;
  }

  StageReport apply() {
    const auto &d = report_.decision;
    for (const auto &f : d.cleanup) {
      if (auto st = remove(f.name, "delete", "cleanup: unused image of " + std::to_string(*f.size) + " bytes"); !st)
        return fail(st);
      report_.deleted.push_back(f.name);
    }
    if (d.replace) {
      if (auto st = remove(image_.name, "delete", "the copy there has another md5"); !st) return fail(st);
      report_.deleted.push_back(image_.name);
    }
    if (d.enable_scp_server) {
      if (auto st = enable_scp_server(); !st) return fail(st);
    }
    auto st = transfer_with_retries();
    if (d.enable_scp_server) {
      auto restored = undo_scp_server(s_, report_.host, o_);
      if (st && !restored) st = restored;
    }
    if (!st) return fail(st);
    report_.outcome = StageOutcome::staged;
    report_.message = flash(image_.name) + " staged and verified (md5 " + image_.md5 + ")";
    return report_;
  }

  const StageReport &report() const { return report_; }

 private:
  void event(StageEvent::Kind kind, const std::string &text, std::int64_t bytes = 0) {
    if (!o_.on_event) return;
    StageEvent e;
    e.kind = kind;
    e.host = report_.host;
    e.text = text;
    e.bytes = bytes;
    e.total = image_.size.value_or(0);
    o_.on_event(e);
  }

  Status journal(const std::string &action, const std::string &file, const std::string &detail = "") {
    if (!o_.journal) return Status::ok();
    return o_.journal->append(StageRecord{report_.host, action, file, detail});
  }

  StageReport fail(const Status &st) {
    report_.outcome = StageOutcome::failed;
    report_.cause = st.kind();
    report_.message = st.message();
    (void)journal("failed", image_.name, st.message());
    return report_;
  }

  // `delete /force`, journaled before and after.
  Status remove(const std::string &name, const std::string &action, const std::string &why) {
    event(StageEvent::Kind::deleting, "deleting " + flash(name) + " (" + why + ")");
    if (auto st = journal(action, name, why); !st) return st;
    auto out = s_.run("delete /force " + flash(name));
    if (!out) return out.status();
    return journal(action == "delete" ? "deleted" : action, name, why);
  }

  Status enable_scp_server() {
    event(StageEvent::Kind::scp_server, "enabling the SCP server for the transfer");
    if (!o_.store.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(o_.store + "/stage/scp-server", ec);
      if (auto st = base::write_file_atomically(marker_path(o_.store, report_.host), "ip scp server enable\n"); !st)
        return st;
    }
    if (auto st = journal("scp-server-enabled", ""); !st) return st;
    report_.scp_server_enabled = true;
    return s_.configure({"ip scp server enable"});
  }

  Status transfer_with_retries() {
    Status last = Status::ok();
    for (int attempt = 0; attempt <= o_.retries; ++attempt) {
      if (o_.interrupted && o_.interrupted()) return Status::error(ErrorKind::failed, "interrupted");
      if (attempt > 0) {
        event(StageEvent::Kind::retrying, "attempt " + std::to_string(attempt + 1) + " of " +
                                              std::to_string(o_.retries + 1) + " after: " + last.message());
        if (auto st = s_.open(); !st) return st;  // the failed transfer may have taken the session with it
      }
      report_.attempts = attempt + 1;
      last = transfer_once();
      if (last) return last;
      // interrupted, or a local file that cannot be read, are not retried
      if (last.kind() == ErrorKind::io_error || (o_.interrupted && o_.interrupted())) return last;
    }
    return last;
  }

  // One transfer and its verification; a partial or mismatching copy is deleted.
  Status transfer_once() {
    const auto source = image_.pull() ? snapshot::hide_url_password(image_.url) : image_.local_path;
    if (auto st = journal("transfer", image_.name, source); !st) return st;
    event(StageEvent::Kind::transferring, (image_.pull() ? "copy " : "scp ") + source, 0);
    Status sent = image_.pull() ? pull() : push();
    if (!sent) {
      remove_bad_copy("transfer failed: " + sent.message());
      return sent;
    }
    if (auto st = journal("transferred", image_.name, std::to_string(report_.bytes) + " bytes"); !st) return st;
    event(StageEvent::Kind::verifying, "verify /md5 " + flash(image_.name));
    auto md5 = verify();
    if (!md5) {
      remove_bad_copy(md5.error_message());
      return md5.status();
    }
    if (md5.value() != base::to_lower(image_.md5)) {
      const auto why = flash(image_.name) + " arrived with md5 " + md5.value() + ", expected " + image_.md5;
      remove_bad_copy(why);
      return Status::error(ErrorKind::failed, why);
    }
    return journal("verified", image_.name, md5.value());
  }

  void remove_bad_copy(const std::string &why) {
    event(StageEvent::Kind::removed, "removing the bad copy: " + why);
    // A copy that never started leaves no file: the router's `%Error deleting` then is no failure.
    (void)journal("removed", image_.name, why);
    (void)s_.run_tolerant("delete /force " + flash(image_.name));
  }

  Status pull() {
    const auto command = "copy " + image_.url + " " + flash(image_.name);
    const auto shown = "copy " + snapshot::hide_url_password(image_.url) + " " + flash(image_.name);  // in messages
    auto out = s_.run_long(command, o_.transfer_timeout);
    if (!out) return out.status();
    auto copied = snapshot::parse_copy(out.value());
    if (!copied.recognised()) {
      return Status::error(ErrorKind::parse_error,
                           "'" + shown + "': the router's answer has no result (" + copied.reason + ")");
    }
    if (copied.value.error) return Status::error(ErrorKind::ios_error, "'" + shown + "': " + *copied.value.error);
    report_.bytes = copied.value.bytes.value_or(0);
    event(StageEvent::Kind::progress, "copied", report_.bytes);
    if (image_.size && report_.bytes != *image_.size) {
      return Status::error(ErrorKind::failed, "'" + shown + "': the router copied " + std::to_string(report_.bytes) +
                                                  " bytes of " + std::to_string(*image_.size));
    }
    return Status::ok();
  }

  Status push() {
    devices::FileSend f;
    f.local_path = image_.local_path;
    f.remote_path = flash(image_.name);
    f.remote_name = image_.name;
    f.size = image_.size.value_or(0);
    std::int64_t next_event = 0;
    f.before_chunk = [this](std::size_t n) {
      if (o_.interrupted && o_.interrupted()) return Status::error(ErrorKind::failed, "interrupted");
      if (o_.rate_cap) o_.rate_cap->acquire(n);
      return Status::ok();
    };
    f.sent = [this, &next_event](std::int64_t done) {
      report_.bytes = done;
      if (done >= next_event || done == image_.size.value_or(0)) {
        event(StageEvent::Kind::progress, "sent", done);
        next_event = done + k_progress_step;
      }
    };
    report_.bytes = 0;
    return s_.send_file(f);
  }

  Result<std::string> verify() {
    const auto command = "verify /md5 " + flash(image_.name);
    auto out = s_.run_long(command, o_.verify_timeout);
    if (!out) return out.status();
    auto md5 = snapshot::parse_verify_md5(out.value());
    if (!md5.recognised()) {
      return Status::error(ErrorKind::parse_error,
                           "'" + command + "': no checksum in the router's answer (" + first_line(out.value()) + ")");
    }
    return md5.value;
  }

  RouterSession &s_;
  std::string host_;
  const StageImage &image_;
  const StageRunOptions &o_;
  StageReport report_;
};

namespace {

Status undo_scp_server(RouterSession &session, const std::string &host, const StageRunOptions &options) {
  if (options.on_event) {
    StageEvent e;
    e.kind = StageEvent::Kind::scp_server;
    e.host = host;
    e.text = "restoring the SCP server setting (no ip scp server enable)";
    options.on_event(e);
  }
  if (auto st = session.configure({"no ip scp server enable"}); !st) return st;
  if (options.journal) {
    if (auto st = options.journal->append(StageRecord{host, "scp-server-restored", "", ""}); !st) return st;
  }
  if (options.store.empty()) return Status::ok();
  std::error_code ec;
  std::filesystem::remove(marker_path(options.store, host), ec);
  if (ec) return Status::error(ErrorKind::io_error, marker_path(options.store, host) + ": " + ec.message());
  return Status::ok();
}

}  // namespace

RateCap::RateCap(std::int64_t bytes_per_second, base::Clock &clock)
    : rate_(bytes_per_second), clock_(clock), tokens_(static_cast<double>(bytes_per_second)), last_(clock.now()) {}

void RateCap::acquire(std::size_t bytes) {
  if (rate_ <= 0) return;
  base::Millis wait{0};
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = clock_.now();
    const double elapsed = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    tokens_ = std::min(static_cast<double>(rate_), tokens_ + elapsed * static_cast<double>(rate_));
    tokens_ -= static_cast<double>(bytes);  // may go negative: this sender waits for the debt
    if (tokens_ < 0) wait = base::Millis(static_cast<long long>(-tokens_ * 1000.0 / static_cast<double>(rate_)) + 1);
  }
  if (wait.count() > 0) clock_.sleep_for(wait);
}

const char *to_string(StageOutcome outcome) {
  switch (outcome) {
    case StageOutcome::staged: return "staged";
    case StageOutcome::already_staged: return "already-staged";
    case StageOutcome::refused: return "refused";
    case StageOutcome::failed: return "failed";
    case StageOutcome::would_stage: return "would-stage";
  }
  return "failed";
}

Result<StageFacts> read_stage_facts(RouterSession &session, const StageImage &image,
                                    std::chrono::milliseconds verify_timeout) {
  StageFacts facts;
  auto read = [&](const std::string &command) -> Result<std::string> {
    auto out = session.run(command);
    if (!out) return Status::error(out.status().kind(), "'" + command + "': " + out.error_message());
    return out;
  };
  auto dir = read("dir bootflash:");
  if (!dir) return dir.status();
  auto listing = snapshot::parse_dir(dir.value());
  if (!listing.recognised() || !listing.value.free_bytes) {
    return Status::error(ErrorKind::parse_error, "'dir bootflash:': no free space in the answer (" +
                                                     (listing.reason.empty() ? "no 'bytes free'" : listing.reason) +
                                                     ")");
  }
  facts.bootflash = listing.value;
  auto version = read("show version");
  if (!version) return version.status();
  auto v = snapshot::parse_show_version(version.value());
  if (!v.recognised()) return Status::error(ErrorKind::parse_error, "'show version': " + v.reason);
  facts.running_image = v.value.image.value_or("");
  auto bootvar = session.run_tolerant("show bootvar");
  if (!bootvar) return Status::error(bootvar.status().kind(), "'show bootvar': " + bootvar.error_message());
  if (auto b = snapshot::parse_show_bootvar(bootvar.value()); b.recognised()) {
    facts.boot_images = b.value.boot_images;
    facts.boot_images.insert(facts.boot_images.end(), b.value.next_boot_images.begin(), b.value.next_boot_images.end());
  }
  auto config = read("show running-config");
  if (!config) return config.status();
  if (auto rc = snapshot::parse_show_running_config(config.value()); rc.recognised()) {
    for (const auto &line : rc.value.boot_system) {
      auto w = base::words(line);
      if (!w.empty()) facts.boot_images.emplace_back(w.back());  // "boot system flash bootflash:x.bin"
    }
  }
  facts.scp_server = serves_scp(config.value());
  const bool present = std::any_of(facts.bootflash.files.begin(), facts.bootflash.files.end(),
                                   [&](const auto &f) { return same_flash_file(f.name, image.name); });
  if (present) {
    const auto command = "verify /md5 " + flash(image.name);
    auto out = session.run_long(command, verify_timeout);
    if (!out) return Status::error(out.status().kind(), "'" + command + "': " + out.error_message());
    if (auto md5 = snapshot::parse_verify_md5(out.value()); md5.recognised()) facts.present_md5 = md5.value;
  }
  return facts;
}

Status restore_scp_server(RouterSession &session, const std::string &host, const StageRunOptions &options) {
  const bool marked = !options.store.empty() && std::filesystem::exists(marker_path(options.store, host));
  if (!marked) return Status::ok();
  return undo_scp_server(session, host, options);
}

RouterStager::RouterStager(RouterSession &session, const std::string &host, const StageImage &image,
                           const StageRunOptions &options)
    : impl_(std::make_unique<Impl>(session, host, image, options)) {}
RouterStager::~RouterStager() = default;
bool RouterStager::prepare() { return impl_->prepare(); }
StageReport RouterStager::apply() { return impl_->apply(); }
const StageReport &RouterStager::report() const { return impl_->report(); }

StageReport stage_router(RouterSession &session, const std::string &host, const StageImage &image,
                         const StageRunOptions &options) {
  RouterStager stager(session, host, image, options);
  if (!stager.prepare()) return stager.report();
  return stager.apply();
}

}  // namespace licmig::migrate
