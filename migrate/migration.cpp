#include "migrate/migration.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "base/file.hpp"
#include "base/log.hpp"
#include "base/text.hpp"
#include "migrate/connect.hpp"
#include "migrate/exit_code.hpp"
#include "migrate/fleet_plan.hpp"
#include "migrate/interrupt.hpp"
#include "migrate/journal.hpp"
#include "migrate/report.hpp"
#include "migrate/run_lock.hpp"
#include "migrate/run_log.hpp"
#include "migrate/stage_fleet.hpp"
#include "migrate/status.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

Result<std::string> read_token_file(const std::string &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Status::error(ErrorKind::invalid_input, path + ": cannot read token file");
  if ((st.st_mode & 077) != 0) {
    return Status::error(ErrorKind::invalid_input, path + ": token file must not be readable by others (chmod 600)");
  }
  auto text = base::read_file(path);
  if (!text) return text.status();
  auto token = base::trim(text.value());
  if (token.empty() || token.find_first_of(" \t\n") != std::string::npos) {
    return Status::error(ErrorKind::invalid_input, path + ": expected one token on one line");
  }
  return token;
}

namespace {

std::string absolute(const std::string &path) {
  if (path.empty() || path.front() == '/') return path;
  char cwd[4096];
  if (::getcwd(cwd, sizeof cwd) == nullptr) return path;
  return std::string(cwd) + "/" + path;
}

// A shell word: as it is when it is plain, else in single quotes.
std::string shell_word(const std::string &s) {
  if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-:+@") ==
                        std::string::npos) {
    return s;
  }
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string resume_command(const std::string &run_id, const std::string &store, bool ask_pass, bool ask_vault_pass,
                           const std::string &command) {
  return "licmig " + command + " --resume " + shell_word(run_id) + " --store " + shell_word(absolute(store)) +
         (ask_pass ? " --ask-pass" : "") + (ask_vault_pass ? " --ask-vault-pass" : "");
}

RunRecord run_record_of(const MigrateOptions &o, const std::string &run_id) {
  RunRecord r;
  r.run_id = run_id;
  for (const auto &source : o.fleet.inventory) r.inventories.push_back(absolute(source));
  if (!r.inventories.empty()) r.inventory = r.inventories.front();
  // Vault secrets are recorded by where they come from, never by value: a resumed run reads the
  // same files (or asks again).
  for (const auto &id : o.fleet.vault.ids) {
    const auto [label, source] = inventory::split_vault_id(id);
    if (source == "prompt" || source == "prompt_ask_vault_pass") {
      r.ask_vault_pass = true;
    } else {
      r.vault_ids.push_back(label + "@" + absolute(source));
    }
  }
  for (const auto &file : o.fleet.vault.password_files) r.vault_ids.push_back("default@" + absolute(file));
  r.ask_vault_pass = r.ask_vault_pass || o.fleet.vault.ask;
  r.limit = o.fleet.limit;
  r.target_release = o.target.release;
  r.target_mode = o.target.mode;
  r.image = o.target.image;
  {
    // a local image to push: the resume may run from another folder
    std::error_code ec;
    if (!r.image.empty() && std::filesystem::is_regular_file(r.image, ec)) {
      r.image = std::filesystem::absolute(r.image, ec).string();
    }
  }
  r.image_md5 = o.target.image_md5;
  r.image_url = o.target.image_url;
  r.token_file = o.target.token_file;
  r.via = o.target.via;
  r.via_images = o.target.via_images;
  r.satellite = o.target.satellite;
  r.slr = o.target.slr;
  r.allow_unlisted_release = o.target.allow_unlisted_release;
  r.serial = o.rollout.serial;
  r.parallel = o.fleet.parallel;
  r.canary = o.rollout.canary;
  r.max_fail_percentage = o.rollout.max_fail_percentage;
  r.max_fail_scope = to_string(o.rollout.max_fail_scope);
  r.store = o.fleet.connect.store;
  r.credentials_file = absolute(o.fleet.credentials_file);
  r.ssh_config = absolute(o.fleet.ssh_config);
  r.ask_pass = o.fleet.ask_pass;
  r.known_hosts = o.fleet.connect.known_hosts;
  r.accept_new_host_keys = o.fleet.connect.accept_new_host_keys;
  r.connect_timeout_s = o.fleet.connect_timeout_s;
  r.command_timeout_s = o.fleet.command_timeout_s;
  r.reload_timeout_s = o.fleet.reload_timeout_s;
  r.max_output = o.fleet.connect.max_output;
  r.rollback_of = o.rollback_of;
  r.rollback_on_failure = o.rollout.rollback_on_failure;
  return r;
}

void apply_run_record(const RunRecord &r, MigrateOptions &o) {
  if (!r.inventories.empty()) o.fleet.inventory = r.inventories;
  if (!r.vault_ids.empty()) {
    o.fleet.vault.ids = r.vault_ids;
    o.fleet.vault.password_files.clear();
  }
  o.fleet.vault.ask = o.fleet.vault.ask || r.ask_vault_pass;
  o.fleet.limit = r.limit;
  o.target.release = r.target_release;
  o.target.mode = r.target_mode;
  o.target.image = r.image;
  o.target.image_md5 = r.image_md5;
  o.target.image_url = r.image_url;
  o.target.token_file = r.token_file;
  o.target.via = r.via;
  o.target.via_images = r.via_images;
  o.target.satellite = r.satellite;
  o.target.slr = r.slr;
  o.target.allow_unlisted_release = r.allow_unlisted_release;
  o.rollout.serial = r.serial;
  o.rollout.canary = 0;  // the canary ran in the first attempt
  o.rollback_of = r.rollback_of;
  o.rollout.rollback_on_failure = r.rollback_on_failure;
  o.rollout.max_fail_percentage = r.max_fail_percentage;
  o.rollout.max_fail_scope = max_fail_scope_from_string(r.max_fail_scope).value_or(MaxFailScope::run);
  o.max_fail_scope = to_string(o.rollout.max_fail_scope);
  // the connection options: the recorded ones, where the resume gives none of its own
  auto given = [&o](const char *name) { return std::find(o.given.begin(), o.given.end(), name) != o.given.end(); };
  if (!given("--parallel")) o.fleet.parallel = r.parallel;
  if (!given("--known-hosts") && !r.known_hosts.empty()) o.fleet.connect.known_hosts = r.known_hosts;
  if (!given("--accept-new-host-keys")) o.fleet.connect.accept_new_host_keys = r.accept_new_host_keys;
  if (!given("--connect-timeout")) o.fleet.connect_timeout_s = r.connect_timeout_s;
  if (!given("--command-timeout")) o.fleet.command_timeout_s = r.command_timeout_s;
  if (!given("--reload-timeout")) o.fleet.reload_timeout_s = r.reload_timeout_s;
  if (!given("--max-output")) o.fleet.connect.max_output = static_cast<std::size_t>(r.max_output);
  if (!given("--credentials-file") && !r.credentials_file.empty()) o.fleet.credentials_file = r.credentials_file;
  if (!given("--ssh-config") && !r.ssh_config.empty()) o.fleet.ssh_config = r.ssh_config;
  o.fleet.ask_pass = o.fleet.ask_pass || r.ask_pass;
}

bool take_lock(const std::string &store, const std::string &run_id, std::optional<RunLock> &lock, Io io) {
  LockHolder holder;
  holder.run_id = run_id;
  holder.pid = static_cast<long>(::getpid());
  char hostname[256] = {};
  if (::gethostname(hostname, sizeof hostname - 1) == 0) holder.host = hostname;
  holder.started_at = snapshot::utc_timestamp();
  auto acquired = RunLock::acquire(store, holder);
  if (!acquired) {
    io.err << "licmig: error: " << acquired.error_message() << "\n";
    return false;
  }
  lock.emplace(std::move(acquired).value());
  return true;
}

MigrateResult stop(int code) {
  MigrateResult r;
  r.exit_code = code;
  return r;
}

MigrateResult migrate_fleet(MigrateOptions &o, Io io, const std::function<bool()> &confirm) {
  std::string run_id = o.resume;
  std::map<std::string, HostProgress> progress;
  // One run at a time per store (issue 11): the store lock is taken before the journal is created
  // or opened (a resume: before it is read) and held until the run ends (this function returns).
  std::optional<RunLock> lock;
  if (!o.resume.empty()) {
    if (!take_lock(o.fleet.connect.store, run_id, lock, io)) return stop(exit_store_unavailable);
    // the run's own options come from the journal's run record
    auto events = Journal::read_events(Journal::path_for(o.fleet.connect.store, o.resume));
    if (!events) {
      io.err << "licmig: error: --resume: " << events.error_message() << "\n";
      return stop(exit_usage);
    }
    auto record = Journal::run_record(events.value());
    if (!record) {
      io.err << "licmig: error: --resume: journal of " << o.resume << " has no run record\n";
      return stop(exit_usage);
    }
    apply_run_record(record.value(), o);
    progress = Journal::progress(events.value());
    o.rollout.rollback_progress = Journal::progress(events.value(), true);
  } else if (o.target.release.empty() || o.target.mode.empty()) {
    io.err << "licmig: error: migrate needs --target-release and --target-mode (or --resume RUN-ID)\n";
    return stop(exit_usage);
  }
  if (auto scope = max_fail_scope_from_string(o.max_fail_scope)) {
    o.rollout.max_fail_scope = *scope;
  } else {
    io.err << "licmig: error: --max-fail-scope: expected run or wave, not '" << o.max_fail_scope << "'\n";
    return stop(exit_usage);
  }
  o.rollout.parallel = o.fleet.parallel;
  if (!o.target.token_file.empty()) {
    if (auto t = read_token_file(o.target.token_file); !t) {
      io.err << "licmig: error: --token-file: " << t.error_message() << "\n";
      return stop(exit_usage);
    }
  }
  if (auto st = validate(o.rollout); !st) {
    io.err << "licmig: error: " << st.message() << "\n";
    return stop(exit_usage);
  }

  // Plans: from the journal when resuming, else from the one pre-flight path of check and plan.
  std::unique_ptr<Fleet> fleet;
  std::vector<const inventory::Host *> hosts;
  std::map<std::string, Plan> plans;
  std::vector<Unit> units;
  if (!o.resume.empty()) {
    fleet = load_fleet(o.fleet, io);
    if (!fleet) return stop(exit_usage);
    hosts = fleet->hosts;
    for (const auto *h : hosts) {
      auto it = progress.find(h->name);
      if (it != progress.end() && it->second.plan) plans[h->name] = *it->second.plan;
    }
    units = make_units(hosts);
  } else {
    auto pre = acquire_and_plan(o.fleet, o.target, false, io, "pre-flight");
    if (!pre.plan) return stop(pre.exit_code);
    fleet = std::move(pre.fleet);
    for (const auto &h : pre.plan->hosts) {
      hosts.push_back(h.host);
      plans[h.host->name] = h.plan;
    }
    units = pre.plan->units;
    if (pre.plan->any_store_failed()) {
      // the store cannot even hold the pre-flight snapshots: no router is changed without its record
      (o.fleet.format == "table" ? io.out : io.err) << plan_table(*pre.plan);
      io.err << "licmig: error: the store " << o.fleet.connect.store
             << " cannot hold the routers' snapshots (see above): nothing was changed\n";
      return stop(exit_store_unavailable);
    }
    // The plans come first, for people; with --format json|junit stdout carries only the report.
    (o.fleet.format == "table" ? io.out : io.err) << plan_table(*pre.plan);
    if (o.dry_run) {
      auto r = stop(plan_exit_code(*pre.plan));
      if (o.fleet.format == "json") r.dry_run_json = plan_json(*pre.plan, "migrate");
      return r;
    }
    if (!o.yes && !confirm()) {
      io.err << "licmig: nothing changed: give --yes, or answer 'yes' on a terminal\n";
      return stop(exit_usage);
    }
    run_id = new_run_id();
  }
  return run_plans(o, io, run_id, lock, hosts, units, plans, progress);
}

MigrateResult run_plans(MigrateOptions &o, Io io, const std::string &run_id, std::optional<RunLock> &lock,
                        const std::vector<const inventory::Host *> &hosts, const std::vector<Unit> &units,
                        const std::map<std::string, Plan> &plans, const std::map<std::string, HostProgress> &progress) {
  std::optional<std::string> token;
  if (!o.target.token_file.empty()) {
    auto t = read_token_file(o.target.token_file);
    if (!t) {
      io.err << "licmig: error: --token-file: " << t.error_message() << "\n";
      return stop(exit_usage);
    }
    token = t.value();
  }
  // A new run takes the store lock here, after consent and before its journal is created.
  if (!lock && !take_lock(o.fleet.connect.store, run_id, lock, io)) return stop(exit_store_unavailable);
  auto journal =
      o.resume.empty() ? Journal::create(o.fleet.connect.store, run_id) : Journal::open(o.fleet.connect.store, run_id);
  if (!journal) {
    io.err << "licmig: error: " << journal.error_message() << "\n";
    const auto kind = journal.status().kind();
    return stop(kind == ErrorKind::io_error || kind == ErrorKind::no_space ? exit_store_unavailable : exit_usage);
  }
  const std::string resume =
      resume_command(run_id, o.fleet.connect.store, o.fleet.ask_pass, run_record_of(o, run_id).ask_vault_pass,
                     o.rollback_of.empty() ? "migrate" : "rollback");
  // the log follows the journal from its first record (run_log.hpp)
  base::log::set_run_id(run_id);
  journal->observe(log_record);
  if (!o.resume.empty()) base::log::record(base::log::Level::info, "", "run " + run_id + " resumes from its journal");
  if (o.resume.empty()) {
    // the run and its plans on record before any router is touched; a journal that cannot take
    // them stops the run here
    Status recorded = journal->append(run_record_of(o, run_id));
    for (const auto &[host, plan] : plans) {
      if (recorded) recorded = journal->append(PlanRecord{host, plan});
    }
    if (!recorded) {
      io.err << "licmig: error: " << recorded.message() << ": nothing was changed\n";
      return stop(exit_store_unavailable);
    }
    io.err << "licmig: run " << run_id << (o.rollback_of.empty() ? "" : " (rollback of " + o.rollback_of + ")")
           << " (resume with: " << resume << ")\n";
  }
  const ConnectOptions &connect = o.fleet.connect;
  SessionFactory sessions = [&connect](const inventory::Host &h) { return make_device_session(h, connect); };
  // the image a stage-image step sends (its md5 read once)
  std::optional<StageImage> stage_image;
  if (!o.target.image.empty() && (!o.target.image_url.empty() || std::filesystem::is_regular_file(o.target.image))) {
    if (auto img = stage_image_of(o.target.image, o.target.image_url, o.target.image_md5)) stage_image = img.value();
  }
  ExecutorOptionsFor options = [&connect, &token, &stage_image](const inventory::Host &host) {
    ExecutorOptions eo;
    eo.store = connect.store;
    eo.stage_image = stage_image;
    eo.address = host.address + ":" + std::to_string(host.port);
    eo.token = token;
    eo.reconnect_timeout = reload_timeout_for(host, connect);
    return eo;
  };
  // What the terminal shows follows the journal too (status.hpp).
  StatusConfig shown;
  shown.routers = hosts.size();
  shown.waves = wave_count(o.rollout, units.size());
  shown.parallel = o.rollout.parallel;
  for (const auto *h : hosts) {
    if (auto it = plans.find(h->name); it != plans.end()) shown.steps[h->name] = it->second.steps.size();
    shown.reload_timeouts[h->name] = reload_timeout_for(*h, connect);
  }
  StatusDisplay display(io.err, style_for(io.err), std::move(shown));
  journal->observe([&display](const JournalRecord &r) { display.on_record(r); });
  for (const auto *h : hosts) {  // a resumed run's routers that finished before count as finished
    auto it = progress.find(h->name);
    if (it != progress.end() && it->second.result && !retried_on_resume(it->second)) {
      display.replayed(*it->second.result);
    }
  }
  // From here on a signal stops the run at safe points instead of killing it.
  std::optional<InterruptWatch> watch;
  if (o.handle_signals) {
    watch.emplace(
        [&display](int signo) {
          const auto flying = display.in_flight();
          std::string names;
          for (const auto &n : flying) names += (names.empty() ? "" : ", ") + n;
          const std::string line = std::string("licmig: ") + signal_name(signo) +
                                   ": stopping at the next safe point; starting no more routers; " +
                                   (flying.empty() ? std::string("no router in flight")
                                                   : std::to_string(flying.size()) + " in flight (" + names + ")") +
                                   " finish their current step (a reload in progress is waited for). Press Ctrl-C "
                                   "again to exit at once.";
          base::log::write(base::log::Level::warn, "", line);
          display.message(line);
        },
        [&display, resume](int signo) {
          display.finish();
          display.message(std::string("licmig: ") + signal_name(signo) +
                          " again: exiting now; the journal is consistent. Resume with: " + resume);
        });
    o.rollout.interrupt = &watch->requested();
  }
  display.start_ticker();
  Rollout rollout(o.rollout, sessions, options, display.messages());
  MigrateResult result;
  result.ran = true;
  result.run_id = run_id;
  result.runs = rollout.run(hosts, units, plans, journal.value(), progress);
  display.messages().flush();
  display.finish();
  result.exit_code = run_exit_code(result.runs);
  if (watch && watch->signal() != 0) {
    result.interrupted_by = watch->signal();
    InterruptedRecord record;
    record.signal = signal_name(result.interrupted_by);
    for (const auto &r : result.runs) {
      if (r.outcome == Outcome::interrupted) record.in_flight.push_back(r.host);
      if (r.outcome == Outcome::skipped && r.message == "not started: interrupted")
        record.not_started.push_back(r.host);
    }
    const Status recorded = journal->append(record);
    io.err << "licmig: interrupted by " << record.signal << ": " << record.in_flight.size()
           << " router(s) stopped at a safe point, " << record.not_started.size() << " not started"
           << (recorded ? "" : " (the journal could not record the interruption: " + recorded.message() + ")")
           << ". Resume with: " << resume << "\n";
    result.exit_code = 128 + result.interrupted_by;
  } else if (std::any_of(result.runs.begin(), result.runs.end(), [](const RouterRun &r) { return r.store_failed; }) ||
             !journal->healthy()) {
    io.err << "licmig: error: the store failed during the run (" << o.fleet.connect.store
           << "): routers stopped before their next change. Free space, then resume with: " << resume << "\n";
    result.exit_code = exit_store_unavailable;
  }
  return result;
}

}  // namespace licmig::migrate
