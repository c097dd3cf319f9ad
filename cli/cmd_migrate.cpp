// `licmig migrate` (apply plans in waves, resumable) and `licmig diff` (compare two snapshots).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include <tinyxml2.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "migrate/executor.hpp"
#include "migrate/fleet.hpp"
#include "migrate/fleet_snapshot.hpp"
#include "migrate/journal.hpp"
#include "migrate/plan.hpp"
#include "migrate/target_options.hpp"
#include "rules/checks.hpp"
#include "snapshot/diff.hpp"
#include "snapshot/store.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate {

namespace {

using cli::Io;

// Refusal of a router that could not be read at pre-flight (see Migration::run_unit).
const std::string k_no_snapshot = "no snapshot: ";

struct MigrateOptions {
  FleetOptions fleet;
  TargetOptions target;
  bool yes = false;
  bool dry_run = false;
  std::string serial;  // N or N%
  int canary = 0;
  int max_fail_percentage = 100;
  std::string resume;
};

// One unit of work: a router, or an HA pair that reloads together (active first).
struct Unit {
  std::size_t active = 0;
  std::optional<std::size_t> standby;
};

Result<std::string> read_token(const std::string &path) {
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

Result<std::size_t> wave_size(const std::string &serial, std::size_t units) {
  if (serial.empty()) return units;
  bool percent = serial.back() == '%';
  auto n = base::to_int(percent ? serial.substr(0, serial.size() - 1) : serial);
  if (!n || *n <= 0 || (percent && *n > 100)) {
    return Status::error(ErrorKind::invalid_input, "--serial: expected N or N% (1-100), not '" + serial + "'");
  }
  if (!percent) return static_cast<std::size_t>(*n);
  return std::max<std::size_t>(1, units * static_cast<std::size_t>(*n) / 100);
}

std::vector<Unit> make_units(const std::vector<HostSnapshot> &snaps) {
  // HA members of one group form one unit, placed where the group first appears; the active
  // leads. A standby whose active is not selected is a unit of its own.
  std::map<std::string, std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> groups;
  std::vector<std::pair<std::string, std::size_t>> order;  // group name ("" = single host), host index
  for (std::size_t i = 0; i < snaps.size(); ++i) {
    const auto *h = snaps[i].host;
    if (!h->ha_group || !h->ha_role) {
      order.emplace_back("", i);
      continue;
    }
    auto [it, fresh] = groups.try_emplace(*h->ha_group);
    if (fresh) order.emplace_back(*h->ha_group, i);
    (*h->ha_role == inventory::HaRole::active ? it->second.first : it->second.second) = i;
  }
  std::vector<Unit> units;
  for (const auto &[group, i] : order) {
    if (group.empty()) {
      units.push_back(Unit{i, std::nullopt});
      continue;
    }
    const auto &g = groups[group];
    if (g.first) {
      units.push_back(Unit{*g.first, g.second});
    } else {
      units.push_back(Unit{*g.second, std::nullopt});
    }
  }
  return units;
}

std::string run_table(const std::vector<RouterRun> &runs) {
  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"router", "result", "from -> to", "level before -> after", "time"});
  for (const auto &r : runs) {
    std::ostringstream secs;
    secs << std::fixed << std::setprecision(1) << static_cast<double>(r.elapsed.count()) / 1000.0 << "s";
    rows.push_back(
        {r.host, to_string(r.outcome), r.from.empty() ? std::string("-") : r.from + " -> " + r.to,
         (r.level_before.empty() ? "?" : r.level_before) + " -> " + (r.level_after.empty() ? "?" : r.level_after),
         secs.str()});
  }
  std::array<std::size_t, 5> width{};
  for (const auto &row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::ostringstream out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t c = 0; c < rows[i].size(); ++c) {
      out << std::left << std::setw(static_cast<int>(width[c] + 2)) << rows[i][c];
    }
    out << "\n";
    if (i > 0 && !runs[i - 1].message.empty()) out << "    " << runs[i - 1].message << "\n";
  }
  return out.str();
}

nlohmann::json run_json(const RouterRun &r) {
  return {{"host", r.host},
          {"result", to_string(r.outcome)},
          {"message", r.message},
          {"from", r.from},
          {"to", r.to},
          {"level_before", r.level_before},
          {"level_after", r.level_after},
          {"seconds", static_cast<double>(r.elapsed.count()) / 1000.0},
          {"reloads", r.reloads},
          {"pre_snapshot", r.pre_snapshot},
          {"post_snapshot", r.post_snapshot},
          {"diff", r.diff}};
}

std::string run_junit(const std::vector<RouterRun> &runs, const std::string &name) {
  tinyxml2::XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  auto *suites = doc.NewElement("testsuites");
  doc.InsertEndChild(suites);
  suites->SetAttribute("name", name.c_str());
  auto *suite = doc.NewElement("testsuite");
  suites->InsertEndChild(suite);
  suite->SetAttribute("name", name.c_str());
  int failures = 0, errors = 0, skipped = 0;
  for (const auto &r : runs) {
    auto *tc = doc.NewElement("testcase");
    suite->InsertEndChild(tc);
    tc->SetAttribute("classname", "licmig.migrate");
    tc->SetAttribute("name", r.host.c_str());
    tc->SetAttribute("time", static_cast<double>(r.elapsed.count()) / 1000.0);
    if (r.outcome == Outcome::failed || r.outcome == Outcome::refused) {
      auto *f = doc.NewElement("failure");
      tc->InsertEndChild(f);
      f->SetAttribute("type", to_string(r.outcome));
      f->SetAttribute("message", r.message.c_str());
      ++failures;
    } else if (r.outcome == Outcome::unreachable) {
      auto *e = doc.NewElement("error");
      tc->InsertEndChild(e);
      e->SetAttribute("type", "unreachable");
      e->SetAttribute("message", r.message.c_str());
      ++errors;
    } else if (r.outcome == Outcome::skipped) {
      auto *s = doc.NewElement("skipped");
      tc->InsertEndChild(s);
      s->SetAttribute("message", r.message.c_str());
      ++skipped;
    }
  }
  for (auto *el : {suites, suite}) {
    el->SetAttribute("tests", static_cast<int>(runs.size()));
    el->SetAttribute("failures", failures);
    el->SetAttribute("errors", errors);
  }
  suite->SetAttribute("skipped", skipped);
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

int exit_code_of(const std::vector<RouterRun> &runs) {
  bool failed = false, unreachable = false, refused = false;
  for (const auto &r : runs) {
    failed = failed || r.outcome == Outcome::failed;
    unreachable = unreachable || r.outcome == Outcome::unreachable;
    refused = refused || r.outcome == Outcome::refused || r.outcome == Outcome::skipped;
  }
  if (failed) return cli::exit_failed;
  if (unreachable) return cli::exit_unreachable;
  return refused ? cli::exit_findings : cli::exit_ok;
}

bool confirm(Io io) {
  if (::isatty(0) != 1) return false;
  io.err << "Apply these plans? Type 'yes' to continue: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return base::trim(answer) == "yes";
}

// The run: waves over units, journaled.
class Migration {
 public:
  Migration(MigrateOptions &o, std::vector<HostSnapshot> snaps, Journal journal,
            std::map<std::string, HostProgress> progress, std::optional<std::string> token, Io io)
      : o_(o),
        snaps_(std::move(snaps)),
        journal_(std::move(journal)),
        progress_(std::move(progress)),
        token_(std::move(token)),
        io_(io) {}

  std::vector<RouterRun> run(const std::vector<Unit> &units, const std::map<std::string, Plan> &plans) {
    runs_.assign(snaps_.size(), RouterRun{});
    for (std::size_t i = 0; i < snaps_.size(); ++i) {
      runs_[i].host = snaps_[i].host->name;
      runs_[i].message = "not started";
    }
    auto size = wave_size(o_.serial, units.size());
    std::size_t next = 0;
    int wave = 0;
    while (next < units.size() && !stop_) {
      std::size_t count = (wave == 0 && o_.canary > 0) ? static_cast<std::size_t>(o_.canary) : size.value();
      count = std::min(count, units.size() - next);
      std::vector<Unit> batch(units.begin() + static_cast<long>(next), units.begin() + static_cast<long>(next + count));
      Progress progress(io_.err, batch.size(), "wave " + std::to_string(wave + 1));
      run_parallel(batch.size(), o_.fleet.parallel, [&](std::size_t b) {
        run_unit(batch[b], plans);
        progress.done(snaps_[batch[b].active].host->name, runs_[batch[b].active].outcome != Outcome::failed);
      });
      progress.finish();
      if (wave == 0 && o_.canary > 0 && failed_ > 0) {
        io_.err << "licmig: canary wave had failures: stopping before the rest\n";
        stop_ = true;
      }
      next += count;
      ++wave;
    }
    return runs_;
  }

 private:
  void run_unit(const Unit &u, const std::map<std::string, Plan> &plans) {
    if (stop_) {
      runs_[u.active].outcome = Outcome::skipped;
      runs_[u.active].message = "not started: the run stopped (--canary / --max-fail-percentage)";
      if (u.standby) runs_[*u.standby] = runs_[u.active], runs_[*u.standby].host = snaps_[*u.standby].host->name;
      return;
    }
    ++started_;
    const auto &host = *snaps_[u.active].host;
    auto &run = runs_[u.active];
    auto prog = progress_.find(host.name);
    const HostProgress *hp = prog == progress_.end() ? nullptr : &prog->second;
    if (hp && hp->result) {
      run = from_journal(host.name, *hp->result);
      if (hp->plan) unreadable_is_unreachable(run, *hp->plan);
      count(run);
      return;
    }
    auto plan_it = plans.find(host.name);
    if (plan_it == plans.end()) {
      run.outcome = Outcome::skipped;
      run.message = "no plan";
      return;
    }
    ExecutorOptions eo = executor_options(host);
    if (u.standby) {
      auto pre = standby_snapshot(*u.standby, eo);
      if (!pre) {
        run.outcome = Outcome::failed;
        run.message = "standby " + snaps_[*u.standby].host->name + ": no pre-change snapshot: " + pre.error_message();
        count(run);
        return;
      }
      auto &standby = runs_[*u.standby];
      standby.pre_snapshot = pre.value();
      if (auto snap = snapshot::Store(eo.store).load(pre.value())) {
        standby.level_before = snap->license_level.value_or("");
      }
    }
    auto session = make_device_session(host, o_.fleet.connect);
    if (!session) {
      run.outcome = Outcome::failed;
      run.message = session.error_message();
    } else {
      run = execute_router(*session.value(), plan_it->second, journal_, hp, eo);
    }
    unreadable_is_unreachable(run, plan_it->second);
    if (u.standby) verify_standby(*u.standby, plan_it->second, run, eo);
    count(run);
    if (u.standby) count(runs_[*u.standby]);
  }

  // A router that could not be read at pre-flight was not refused for what it is: it is
  // unreachable, and counts as a failure for --canary and --max-fail-percentage.
  static void unreadable_is_unreachable(RouterRun &run, const Plan &plan) {
    if (run.outcome == Outcome::refused && plan.refused && plan.refusal.rfind(k_no_snapshot, 0) == 0) {
      run.outcome = Outcome::unreachable;
    }
  }

  ExecutorOptions executor_options(const inventory::Host &host) {
    ExecutorOptions eo;
    eo.store = o_.fleet.connect.store;
    eo.token = token_;
    auto creds = host_credentials(host, o_.fleet.connect);
    if (creds) eo.secrets = creds->secrets();
    if (token_) eo.secrets.push_back(*token_);
    eo.reconnect_timeout = reload_timeout_for(host, o_.fleet.connect);
    return eo;
  }

  Result<std::string> standby_snapshot(std::size_t index, const ExecutorOptions &eo) {
    auto session = make_device_session(*snaps_[index].host, o_.fleet.connect);
    if (!session) return session.status();
    return store_snapshot(*session.value(), snaps_[index].host->name, eo);
  }

  // After the pair reloaded: the standby must be back on the same release, mode and level.
  void verify_standby(std::size_t index, const Plan &plan, const RouterRun &active, const ExecutorOptions &eo) {
    auto &run = runs_[index];
    run.host = snaps_[index].host->name;
    run.from = plan.from;
    run.to = plan.to;
    if (active.outcome != Outcome::migrated) {
      run.outcome = active.outcome == Outcome::unchanged ? Outcome::unchanged : Outcome::skipped;
      run.message = "moves with its active " + active.host;
      return;
    }
    auto post = standby_snapshot(index, eo);
    if (!post) {
      run.outcome = Outcome::failed;
      run.message = "after the pair's reload the standby did not answer: " + post.error_message();
      return;
    }
    auto snap = snapshot::Store(eo.store).load(post.value());
    run.post_snapshot = post.value();
    const auto *last_reload = [&]() -> const Step * {
      const Step *found = nullptr;
      for (const auto &s : plan.steps) {
        if (s.kind == StepKind::reload) found = &s;
      }
      return found;
    }();
    if (!snap || !last_reload) {
      run.outcome = snap ? Outcome::migrated : Outcome::failed;
      return;
    }
    auto r = snapshot::release_of(snap->version);
    run.level_after = snap->license_level.value_or("");
    if (!r || (last_reload->expect.release && !release_matches(r->text(), *last_reload->expect.release)) ||
        (last_reload->expect.level && base::to_lower(run.level_after) != *last_reload->expect.level)) {
      run.outcome = Outcome::failed;
      run.message =
          "standby came back as " + snap->version.version.value_or("?") + " " + run.level_after + ", not as its active";
      return;
    }
    run.outcome = Outcome::migrated;
    run.message = "moved with its active " + active.host;
  }

  static RouterRun from_journal(const std::string &host, const nlohmann::json &j) {
    RouterRun r;
    r.host = host;
    auto outcome = j.value("outcome", "failed");
    for (auto o : {Outcome::migrated, Outcome::unchanged, Outcome::refused, Outcome::failed, Outcome::unreachable,
                   Outcome::skipped}) {
      if (outcome == to_string(o)) r.outcome = o;
    }
    r.message = j.value("message", "") + " (from the journal)";
    r.level_before = j.value("level_before", "");
    r.level_after = j.value("level_after", "");
    r.pre_snapshot = j.value("pre_snapshot", "");
    r.post_snapshot = j.value("post_snapshot", "");
    r.diff = j.value("diff", "");
    return r;
  }

  void count(const RouterRun &run) {
    std::lock_guard<std::mutex> lock(mu_);
    if (run.outcome == Outcome::failed || run.outcome == Outcome::unreachable) ++failed_;
    if (o_.max_fail_percentage < 100 && started_ > 0 &&
        failed_ * 100 > o_.max_fail_percentage * static_cast<int>(snaps_.size())) {
      if (!stop_)
        io_.err << "licmig: more than " << o_.max_fail_percentage << "% of routers failed: starting no more\n";
      stop_ = true;
    }
  }

  MigrateOptions &o_;
  std::vector<HostSnapshot> snaps_;
  Journal journal_;
  std::map<std::string, HostProgress> progress_;
  std::optional<std::string> token_;
  Io io_;
  std::vector<RouterRun> runs_;
  std::mutex mu_;
  std::atomic<bool> stop_{false};
  std::atomic<int> started_{0};
  int failed_ = 0;
};

int report(const MigrateOptions &o, const std::vector<RouterRun> &runs, const std::string &run_id, Io io) {
  std::string text;
  if (o.fleet.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto &r : runs) list.push_back(run_json(r));
    text = nlohmann::json{{"run", run_id}, {"routers", list}, {"exit_code", exit_code_of(runs)}}.dump(2) + "\n";
  } else if (o.fleet.format == "junit") {
    text = run_junit(runs, "licmig migrate " + run_id);
  } else {
    text = run_table(runs) + "run " + run_id + ": journal " + Journal::path_for(o.fleet.connect.store, run_id) +
           ", snapshots and diffs under " + o.fleet.connect.store + "/snapshots/\n";
  }
  if (!write_output(o.fleet, text, io)) return cli::exit_usage;
  return exit_code_of(runs);
}

int run_migrate(MigrateOptions &o, Io io) {
  std::string run_id = o.resume;
  std::map<std::string, HostProgress> progress;
  if (!o.resume.empty()) {
    // the run's own options come from the journal's first line
    auto events = Journal::read_events(Journal::path_for(o.fleet.connect.store, o.resume));
    if (!events) {
      io.err << "licmig: error: --resume: " << events.error_message() << "\n";
      return cli::exit_usage;
    }
    if (events->empty() || events->front().value("event", "") != "run") {
      io.err << "licmig: error: --resume: journal of " << o.resume << " has no run record\n";
      return cli::exit_usage;
    }
    const auto &head = events->front();
    o.fleet.inventory = head.value("inventory", o.fleet.inventory);
    o.fleet.limit = head.value("limit", "");
    o.target.release = head.value("target_release", "");
    o.target.mode = head.value("target_mode", "");
    o.target.image = head.value("image", "");
    o.target.image_md5 = head.value("image_md5", "");
    o.target.token_file = head.value("token_file", "");
    o.serial = head.value("serial", "");
    o.canary = 0;  // the canary ran in the first attempt
    o.max_fail_percentage = head.value("max_fail_percentage", 100);
    progress = Journal::progress(events.value());
  } else if (o.target.release.empty() || o.target.mode.empty()) {
    io.err << "licmig: error: migrate needs --target-release and --target-mode (or --resume RUN-ID)\n";
    return cli::exit_usage;
  }
  std::optional<std::string> token;
  if (!o.target.token_file.empty()) {
    auto t = read_token(o.target.token_file);
    if (!t) {
      io.err << "licmig: error: --token-file: " << t.error_message() << "\n";
      return cli::exit_usage;
    }
    token = t.value();
  }
  if (auto s = wave_size(o.serial, 1); !s) {
    io.err << "licmig: error: " << s.error_message() << "\n";
    return cli::exit_usage;
  }
  auto fleet = load_fleet(o.fleet, io);
  if (!fleet) return cli::exit_usage;

  // Plans: from the journal when resuming, else from a fresh (stored) snapshot of every router.
  std::vector<HostSnapshot> snaps;
  std::map<std::string, Plan> plans;
  if (!o.resume.empty()) {
    for (const auto *h : fleet->hosts) {
      HostSnapshot hs;
      hs.host = h;
      snaps.push_back(hs);
      auto it = progress.find(h->name);
      if (it != progress.end() && it->second.plan) plans[h->name] = *it->second.plan;
    }
  } else {
    snaps = acquire_snapshots(*fleet, o.fleet, false, io, "pre-flight");
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < snaps.size(); ++i) index[snaps[i].host->name] = i;
    for (const auto &s : snaps) {
      Plan p;
      p.host = s.host->name;
      if (!s.snap) {
        p.refused = true;
        p.refusal = k_no_snapshot + s.error.message();
        plans[p.host] = p;
        continue;
      }
      auto target = make_target(o.target, s.host->expected_md5);
      if (!target) {
        io.err << "licmig: error: " << target.error_message() << "\n";
        return cli::exit_usage;
      }
      PlanOptions po;
      po.session_via_data_port = session_via_data_port(*s.host);
      plans[p.host] = make_plan(*s.snap, target.value(), po);
    }
    // HA pairs must agree before anything changes.
    for (const auto &u : make_units(snaps)) {
      if (!u.standby) continue;
      const auto &a = snaps[u.active];
      const auto &b = snaps[*u.standby];
      if (!a.snap || !b.snap) continue;
      std::string why;
      for (const auto &f : rules::check_ha_pair(*a.snap, *b.snap)) {
        if (f.severity == rules::Severity::error) why += (why.empty() ? "" : "; ") + f.rule_id + ": " + f.message;
      }
      if (!why.empty()) {
        auto &p = plans[a.host->name];
        p.refused = true;
        p.refusal = "HA pair does not agree — " + why;
        p.remedy = {"factory reset both routers and configure the licenses manually (guide, seed lines 992-994)"};
        p.steps.clear();
      }
    }
    // The plans come first, for people; with --format json|junit stdout carries only the report.
    auto &plan_out = o.fleet.format == "table" ? io.out : io.err;
    for (const auto *h : fleet->hosts) plan_out << render_plan(plans[h->name]) << "\n";
    if (o.dry_run) {
      bool refused = std::any_of(plans.begin(), plans.end(), [](const auto &p) { return p.second.refused; });
      return refused ? cli::exit_findings : cli::exit_ok;
    }
    if (!o.yes && !confirm(io)) {
      io.err << "licmig: nothing changed: give --yes, or answer 'yes' on a terminal\n";
      return cli::exit_usage;
    }
    run_id = new_run_id();
  }

  auto journal =
      o.resume.empty() ? Journal::create(o.fleet.connect.store, run_id) : Journal::open(o.fleet.connect.store, run_id);
  if (!journal) {
    io.err << "licmig: error: " << journal.error_message() << "\n";
    return cli::exit_usage;
  }
  if (o.resume.empty()) {
    auto inv_abs = o.fleet.inventory;
    if (!inv_abs.empty() && inv_abs.front() != '/') {
      char cwd[4096];
      if (::getcwd(cwd, sizeof cwd)) inv_abs = std::string(cwd) + "/" + inv_abs;
    }
    (void)journal->append({{"event", "run"},
                           {"run", run_id},
                           {"inventory", inv_abs},
                           {"limit", o.fleet.limit},
                           {"target_release", o.target.release},
                           {"target_mode", o.target.mode},
                           {"image", o.target.image},
                           {"image_md5", o.target.image_md5},
                           {"token_file", o.target.token_file},
                           {"serial", o.serial},
                           {"canary", o.canary},
                           {"max_fail_percentage", o.max_fail_percentage}});
    for (const auto &[host, plan] : plans) {
      (void)journal->append({{"event", "plan"}, {"host", host}, {"plan", plan_to_json(plan)}});
    }
    io.err << "licmig: run " << run_id << " (resume with: licmig migrate --resume " << run_id
           << (o.fleet.connect.store != "licmig-data" ? " --store " + o.fleet.connect.store : std::string()) << ")\n";
  }
  auto units = make_units(snaps);
  Migration m(o, std::move(snaps), std::move(journal).value(), std::move(progress), token, io);
  auto runs = m.run(units, plans);
  return report(o, runs, run_id, io);
}

int run_diff(const std::string &a, const std::string &b, const std::string &format, Io io) {
  snapshot::Store store(".");
  auto before = store.load(a);
  if (!before) {
    io.err << "licmig: error: " << before.error_message() << "\n";
    return cli::exit_usage;
  }
  auto after = store.load(b);
  if (!after) {
    io.err << "licmig: error: " << after.error_message() << "\n";
    return cli::exit_usage;
  }
  auto changes = snapshot::diff_snapshots(before.value(), after.value());
  if (format == "json") {
    io.out << snapshot::diff_json(before.value(), after.value(), changes).dump(2) << "\n";
  } else {
    io.out << snapshot::render_diff(before.value(), after.value(), changes);
  }
  return cli::exit_ok;
}

}  // namespace

}  // namespace licmig::migrate

namespace licmig::cli {

void add_migrate_commands(CLI::App &app, Io io, int *exit_code) {
  using namespace licmig::migrate;
  auto o = std::make_shared<MigrateOptions>();
  auto *sub =
      app.add_subcommand("migrate", "Apply the plans: snapshot, configure, reload, verify — in waves, resumable");
  cli::add_fleet_options(sub, o->fleet, {"table", "json", "junit"});
  // -i is not required when resuming: the journal names the inventory
  sub->get_option("--inventory")->required(false);
  sub->add_option("--target-release", o->target.release, "The release to end on, e.g. 17.9.4");
  sub->add_option("--target-mode", o->target.mode, "smart | no-license | traditional")
      ->check(CLI::IsMember({"smart", "no-license", "traditional"}));
  sub->add_option("--image", o->target.image, "Image file on bootflash: for the target release");
  sub->add_option("--image-md5", o->target.image_md5, "Expected md5 of the image (else the inventory's expected_md5)");
  sub->add_option("--token-file", o->target.token_file, "File (mode 0600) holding the Smart registration token");
  sub->add_flag("--yes", o->yes, "Apply without asking");
  sub->add_flag("--dry-run", o->dry_run, "Print the plans and stop");
  sub->add_option("--serial", o->serial, "Routers per wave: N or N% (default: all in one wave)");
  sub->add_option("--canary", o->canary, "Migrate the first K routers alone first; stop if any fails")
      ->check(CLI::Range(0, 100000));
  sub->add_option("--max-fail-percentage", o->max_fail_percentage,
                  "Start no more routers once more than P% have failed")
      ->check(CLI::Range(0, 100));
  sub->add_option("--resume", o->resume, "Continue the run RUN-ID from its journal");
  sub->footer("Exit codes: 0 all migrated; 1 plans refused or routers skipped; 2 usage; 3 unreachable; 4 failed.");
  sub->callback([o, io, exit_code]() {
    if (o->fleet.inventory.empty() && o->resume.empty()) {
      io.err << "licmig: error: migrate needs -i INVENTORY (or --resume RUN-ID)\n";
      *exit_code = exit_usage;
      return;
    }
    *exit_code = run_migrate(*o, io);
  });

  auto files = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("text");
  auto *diff = app.add_subcommand("diff", "What changed between two stored snapshots (JSON or XML records)");
  diff->add_option("snapshots", *files, "BEFORE AFTER")->required()->expected(2);
  diff->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  diff->callback([files, format, io, exit_code]() { *exit_code = run_diff(files->at(0), files->at(1), *format, io); });
}

}  // namespace licmig::cli
