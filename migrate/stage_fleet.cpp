#include "migrate/stage_fleet.hpp"

#include "migrate/json_report.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/digest.hpp"
#include "base/text.hpp"
#include "devices/transport.hpp"
#include "migrate/exit_code.hpp"
#include "migrate/read_ahead.hpp"
#include "migrate/stage_progress.hpp"
#include "snapshot/secrets.hpp"

namespace licmig::migrate {

namespace {

bool is_md5(const std::string &s) {
  return s.size() == 32 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// The file name at the end of a URL's path ("http://h/a/b.bin?x" -> "b.bin").
std::string url_file(const std::string &url) {
  auto path = url.substr(0, url.find_first_of("?#"));
  return base::basename_of(path);
}

// One router's first pass: read and decide, nothing changed.
struct Survey {
  bool read = false;
  StageReport report;  // outcome/decision when it cannot go on (unreachable, refused, already staged)
  StageDecision decision;
};

Result<std::unique_ptr<RouterSession>> open_session(const inventory::Host &host, const ConnectOptions &c) {
  auto s = make_device_session(host, c);
  if (!s) return s.status();
  if (auto st = s.value()->open(); !st) return st;
  return s;
}

StageReport unreachable_or_failed(const std::string &host, const Status &st) {
  StageReport r;
  r.host = host;
  r.outcome = StageOutcome::failed;
  r.cause = st.kind();
  r.message = st.message();
  return r;
}

bool unreachable(const StageReport &r) {
  return r.outcome == StageOutcome::failed && devices::is_connection_failure(r.cause) && r.attempts == 0;
}

}  // namespace

bool read_again_before_apply(std::chrono::milliseconds waited, const StageDecision &decision) {
  constexpr std::chrono::seconds idle_refresh{60};
  constexpr std::chrono::seconds deleting_refresh{10};
  const bool deletes = !decision.cleanup.empty() || decision.replace;
  return waited >= idle_refresh || (deletes && waited >= deleting_refresh);
}

bool stage_url_supported(const std::string &url) {
  for (const char *scheme : {"http://", "https://", "ftp://", "tftp://", "scp://", "sftp://"}) {
    if (base::starts_with(url, scheme)) return true;
  }
  return false;
}

Status check_image_url(const std::string &url) {
  const std::string shown = snapshot::hide_url_password(url);
  if (!stage_url_supported(url)) {
    return Status::invalid_input("--image-url '" + shown +
                                 "': not a URL a router copies from (http://, https://, ftp://, tftp://, scp://, "
                                 "sftp://)");
  }
  if (snapshot::url_password(url)) {
    return Status::invalid_input("--image-url '" + shown +
                                 "' holds a password: on a command line it is in the process list, and a migration's "
                                 "journal keeps its options; name the user only (scheme://user@host/file) and give "
                                 "the password in " +
                                 k_image_url_password_variable);
  }
  return Status::ok();
}

Result<std::string> image_url_with_password(const std::string &url,
                                            const std::optional<std::string> &from_environment) {
  if (auto st = check_image_url(url); !st) return st;
  if (!from_environment || from_environment->empty()) return url;
  const std::string shown = snapshot::hide_url_password(url);
  auto with = snapshot::with_url_password(url, *from_environment);
  if (!with) {
    return Status::invalid_input(std::string(k_image_url_password_variable) + " is set but --image-url '" + shown +
                                 "' names no user for it (scheme://user@host/file)");
  }
  return *with;
}

Result<StageImage> stage_image_of(const std::string &image, const std::string &image_url_given,
                                  const std::string &image_md5, const devices::UrlSizeProbe &probe) {
  std::optional<std::string> password;
  if (const char *v = std::getenv(k_image_url_password_variable)) password = std::string(v);
  auto resolved = image_url_given.empty() ? Result<std::string>(image_url_given)
                                          : image_url_with_password(image_url_given, password);
  if (!resolved) return resolved.status();
  const std::string &image_url = resolved.value();
  const std::string shown_url = snapshot::hide_url_password(image_url);
  StageImage out;
  if (image.empty() && image_url.empty()) {
    return Status::invalid_input("stage needs --image FILE (a local image to push) or --image-url URL (to pull)");
  }
  out.url = image_url;  // checked by image_url_with_password
  if (!image_md5.empty() && !is_md5(image_md5)) {
    return Status::invalid_input("--image-md5 '" + image_md5 + "': not 32 hex digits");
  }
  out.md5 = base::to_lower(image_md5);
  std::error_code ec;
  const bool local = !image.empty() && std::filesystem::is_regular_file(image, ec);
  if (local) {
    const auto size = std::filesystem::file_size(image, ec);
    if (ec) return Status::invalid_input("--image '" + image + "': " + ec.message());
    if (size == 0) return Status::invalid_input("--image '" + image + "': the file is empty");
    out.size = static_cast<std::int64_t>(size);
    auto md5 = base::md5_of_file(image);
    if (!md5) return Status::invalid_input("--image '" + image + "': " + md5.error_message());
    if (!out.md5.empty() && out.md5 != md5.value()) {
      return Status::invalid_input("--image '" + image + "' has md5 " + md5.value() + ", --image-md5 says " + out.md5);
    }
    out.md5 = md5.value();
    out.local_path = image;
    out.name = base::basename_of(image);
  } else if (!image.empty() && out.url.empty()) {
    return Status::invalid_input("--image '" + image +
                                 "': no such local file to push (give --image-url URL for the "
                                 "routers to pull it)");
  } else {
    out.name = image.empty() ? url_file(out.url) : base::basename_of(image);
  }
  if (out.name.empty()) return Status::invalid_input("--image-url '" + shown_url + "': names no file");
  if (out.md5.empty()) {
    return Status::invalid_input("--image-md5 is needed for a pull without a local copy of the image (--image FILE)");
  }
  if (!out.size) {
    // no local copy: ask the server
    auto asked = probe ? probe(out.url) : devices::probe_url_size(out.url);
    if (!asked) {
      return Status::error(asked.status().kind(), "--image-url " + asked.error_message() +
                                                      " (give --image FILE, a local copy of the image, to pull "
                                                      "without asking the server)");
    }
    if (!asked->asked) {
      out.size_unknown_why =
          "a " + out.url.substr(0, out.url.find("://")) + ":// server is not asked for a file's size";
    } else if (!asked->bytes) {
      out.size_unknown_why = "the server of " + shown_url + " did not say it";
    } else if (*asked->bytes == 0) {
      return Status::invalid_input("--image-url " + shown_url + ": the server says the file is empty");
    } else {
      out.size = *asked->bytes;
    }
  }
  return out;
}

int stage_exit_code(const std::vector<StageReport> &reports) {
  bool failed = false, unreach = false, refused = false;
  for (const auto &r : reports) {
    if (unreachable(r)) {
      unreach = true;
    } else if (r.outcome == StageOutcome::failed) {
      failed = true;
    } else if (r.outcome == StageOutcome::refused) {
      refused = true;
    }
  }
  if (failed) return exit_failed;
  if (unreach) return exit_unreachable;
  return refused ? exit_findings : exit_ok;
}

std::string stage_table(const StageFleetResult &r) {
  std::ostringstream out;
  for (const auto &rep : r.reports) {
    out << rep.host << ": " << (unreachable(rep) ? "unreachable" : to_string(rep.outcome));
    if (!rep.message.empty()) out << " — " << rep.message;
    if (rep.attempts > 1) out << " (" << rep.attempts << " attempts)";
    out << "\n";
    for (const auto &f : rep.deleted) out << "  deleted bootflash:" << f << "\n";
  }
  if (!r.run_id.empty()) out << "run " << r.run_id << "\n";
  return out.str();
}

std::string stage_json(const StageFleetResult &r) {
  JsonReport report{"stage", r.run_id.empty() ? std::nullopt : std::optional<std::string>(r.run_id)};
  for (const auto &rep : r.reports) {
    nlohmann::json j = {{"host", rep.host},
                        {"status", unreachable(rep) ? "unreachable" : to_string(rep.outcome)},
                        {"message", rep.message},
                        {"attempts", rep.attempts},
                        {"bytes", rep.bytes},
                        {"deleted", rep.deleted},
                        {"scp_server_enabled", rep.scp_server_enabled},
                        {"free_bytes", rep.decision.free_bytes},
                        {"needed_bytes", rep.decision.needed_bytes}};
    if (rep.decision.refusal != StageRefusal::none) j["refusal"] = to_string(rep.decision.refusal);
    if (rep.cause != ErrorKind::ok) {
      j["cause"] = to_string(rep.cause);
      j["error"] = rep.message;
    }
    report.routers.push_back(std::move(j));
  }
  report.summary = count_statuses(report.routers);
  return render_json_report(std::move(report), r.exit_code);
}

StageFleetResult stage_fleet(StageOptions &o, Io io, const std::function<bool()> &confirm) {
  StageFleetResult result;
  if (o.max_rate > 0 && !o.image_url.empty()) {
    // the routers pull: licmig sends none of the bytes and cannot pace them
    io.err << "licmig: error: --max-rate paces licmig's own SCP pushes; with --image-url the routers pull the "
              "image themselves and licmig cannot pace them: bound the load with --parallel N (at most N pulls at "
              "once), or rate-limit on the image server\n";
    result.exit_code = exit_usage;
    return result;
  }
  auto image = stage_image_of(o.image, o.image_url, o.image_md5);
  if (!image) {
    io.err << "licmig: error: " << image.error_message() << "\n";
    result.exit_code = exit_usage;
    return result;
  }
  auto fleet = load_fleet(o.fleet, io);
  if (!fleet) {
    result.exit_code = exit_usage;
    return result;
  }
  const auto &hosts = fleet->hosts;
  StageRunOptions run;
  run.policy.cleanup = o.cleanup;
  run.policy.enable_scp_server = o.enable_scp_server;
  run.retries = o.retries;
  run.transfer_timeout = std::chrono::seconds(o.transfer_timeout_s);
  run.store = o.fleet.connect.store;

  // Pass 1: read every router and decide; nothing is changed. As many sessions at once as pass 2
  // may have (its transfers and the routers read ahead of them).
  const int sessions_at_once = 2 * std::max(o.fleet.parallel, 1);
  std::vector<Survey> surveys(hosts.size());
  run_parallel(hosts.size(), sessions_at_once, [&](std::size_t i) {
    auto &s = surveys[i];
    auto session = open_session(*hosts[i], o.fleet.connect);
    if (!session) {
      s.report = unreachable_or_failed(hosts[i]->name, session.status());
      return;
    }
    auto facts = read_stage_facts(*session.value(), image.value(), run.verify_timeout);
    session.value()->close();
    if (!facts) {
      s.report = unreachable_or_failed(hosts[i]->name, facts.status());
      s.report.attempts = 1;  // read, not unreachable
      return;
    }
    s.read = true;
    s.decision = decide_stage(facts.value(), image.value(), run.policy);
  });
  bool changes_config = false;
  std::ostringstream listing;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const auto &s = surveys[i];
    if (!s.read) continue;
    const auto &d = s.decision;
    listing << hosts[i]->name << ": " << to_string(d.action);
    if (d.action == StageAction::refuse) listing << " — " << d.reason;
    if (d.action == StageAction::transfer) {
      listing << " " << image->name << " (" << human_bytes(*image->size) << ") by "
              << (image->pull() ? "pull from " + snapshot::hide_url_password(image->url)
                                : std::string("push over SCP"));
    }
    listing << "\n";
    for (const auto &f : d.cleanup) {
      listing << "  delete bootflash:" << f.name << " (" << *f.size << " bytes, unused image)\n";
      changes_config = true;
    }
    if (d.replace) listing << "  delete bootflash:" << image->name << " (another md5: replaced)\n";
    if (d.enable_scp_server) {
      listing << "  configure 'ip scp server enable' for the transfer, 'no ip scp server enable' after (not saved)\n";
      changes_config = true;
    }
  }
  io.err << listing.str() << std::flush;
  if (o.dry_run) {
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      auto rep = surveys[i].read ? StageReport{} : surveys[i].report;
      if (surveys[i].read) {
        rep.host = hosts[i]->name;
        rep.decision = surveys[i].decision;
        rep.outcome = surveys[i].decision.action == StageAction::already_staged ? StageOutcome::already_staged
                      : surveys[i].decision.action == StageAction::refuse       ? StageOutcome::refused
                                                                                : StageOutcome::would_stage;
        rep.message = surveys[i].decision.action == StageAction::transfer
                          ? "would be staged (dry run): nothing was changed"
                          : surveys[i].decision.reason;
      }
      result.reports.push_back(rep);
    }
    result.exit_code = stage_exit_code(result.reports);
    result.ran = true;
    return result;
  }
  if (changes_config && !o.yes && !confirm()) {
    io.err << "licmig: nothing staged: the deletions / configuration changes above were not confirmed (give --yes "
              "to apply without asking)\n";
    result.exit_code = exit_findings;
    return result;
  }

  // Pass 2: stage, journaled.
  result.run_id = "stage-" + new_run_id();
  std::error_code ec;
  std::filesystem::create_directories(o.fleet.connect.store + "/journal", ec);
  auto journal = Journal::create(o.fleet.connect.store, result.run_id);
  if (!journal) {
    io.err << "licmig: error: " << journal.error_message() << "\n";
    result.exit_code = exit_store_unavailable;
    return result;
  }
  run.journal = &journal.value();
  RateCap cap(o.max_rate);
  run.rate_cap = &cap;
  TransferProgress progress(io.err, style_for(io.err), hosts.size());
  run.on_event = [&progress](const StageEvent &e) { progress.on_event(e); };
  std::vector<std::vector<std::string>> consented(hosts.size());
  std::vector<StageRunOptions> per_router(hosts.size(), run);
  result.reports.resize(hosts.size());
  std::vector<std::size_t> to_transfer;  // inventory order
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    auto &rep = result.reports[i];
    if (!surveys[i].read) {
      rep = surveys[i].report;
    } else if (surveys[i].decision.action != StageAction::transfer) {
      rep.host = hosts[i]->name;
      rep.decision = surveys[i].decision;
      rep.outcome = surveys[i].decision.action == StageAction::already_staged ? StageOutcome::already_staged
                                                                              : StageOutcome::refused;
      rep.message = surveys[i].decision.action == StageAction::already_staged
                        ? "bootflash:" + image->name + " is already there with md5 " + image->md5
                        : surveys[i].decision.reason;
    } else {
      for (const auto &f : surveys[i].decision.cleanup) consented[i].push_back(f.name);
      per_router[i].consented_deletions = &consented[i];
      to_transfer.push_back(i);
      continue;
    }
    progress.on_done(rep);
  }
  // Each router is read again over its own session before anything on it changes (the bootflash
  // may have changed since the survey); those reads run ahead of the --parallel transfer slots.
  std::vector<std::unique_ptr<RouterSession>> sessions(hosts.size());
  std::vector<std::unique_ptr<RouterStager>> stagers(hosts.size());
  auto done = [&](std::size_t i, StageReport rep) {
    if (sessions[i]) sessions[i]->close();
    stagers[i].reset();
    sessions[i].reset();
    result.reports[i] = std::move(rep);
    progress.on_done(result.reports[i]);
  };
  run_read_ahead(
      to_transfer.size(), std::max(o.fleet.parallel, 1), sessions_at_once - std::max(o.fleet.parallel, 1),
      [&](std::size_t k) {
        const auto i = to_transfer[k];
        auto session = open_session(*hosts[i], o.fleet.connect);
        if (!session) {
          done(i, unreachable_or_failed(hosts[i]->name, session.status()));
          return false;
        }
        sessions[i] = std::move(session.value());
        stagers[i] = std::make_unique<RouterStager>(*sessions[i], hosts[i]->name, image.value(), per_router[i]);
        if (stagers[i]->prepare()) return true;
        done(i, stagers[i]->report());
        return false;
      },
      [&](std::size_t k, std::chrono::milliseconds waited) {
        const auto i = to_transfer[k];
        if (read_again_before_apply(waited, stagers[i]->report().decision)) {
          sessions[i]->close();
          if (auto st = sessions[i]->open(); !st) {
            done(i, unreachable_or_failed(hosts[i]->name, st));
            return;
          }
          if (!stagers[i]->prepare()) {
            done(i, stagers[i]->report());
            return;
          }
        }
        done(i, stagers[i]->apply());
      });
  progress.finish();
  if (auto st = journal->healthy(); !st) {
    io.err << "licmig: error: " << st.message() << "\n";
    result.exit_code = exit_store_unavailable;
    result.ran = true;
    return result;
  }
  result.exit_code = stage_exit_code(result.reports);
  result.ran = true;
  return result;
}

}  // namespace licmig::migrate
