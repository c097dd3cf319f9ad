// gather_report(): the store, a fleet plan and a journal, read into FleetReport.
#include "migrate/fleet_report.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "base/text.hpp"
#include "migrate/journal.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

namespace fs = std::filesystem;

const char *role_name(inventory::HaRole r) { return r == inventory::HaRole::active ? "active" : "standby"; }

std::string verdict_of(const HostPlan &hp) {
  const Plan &p = hp.plan;
  if (p.unreadable) return "unreadable: " + (hp.error.empty() ? p.refusal : hp.error);
  if (p.refused) return "refused: " + p.refusal;
  if (!p.changes_router()) return "no change";
  const auto reloads =
      std::count_if(p.steps.begin(), p.steps.end(), [](const Step &s) { return s.kind == StepKind::reload; });
  return std::to_string(p.steps.size()) + " steps, " + std::to_string(reloads) +
         (reloads == 1 ? " reload" : " reloads");
}

// Fills the row from the router's newest snapshot in the store.
void read_snapshot(const snapshot::Store &store, ReportRouter &row, const std::string &path_hint,
                   std::vector<std::string> &problems) {
  std::string path = path_hint;
  if (path.empty()) {
    auto latest = store.latest(row.host);
    if (!latest) return;  // nothing recorded
    path = latest.value();
  }
  auto snap = store.load(path);
  if (!snap) {
    problems.push_back(path + ": " + snap.error_message());
    return;
  }
  const snapshot::Snapshot &s = snap.value();
  row.recorded = true;
  row.snapshot_path = path;
  row.taken_at = s.taken_at;
  row.release = s.version.release.value_or("?");
  row.mode = snapshot::to_string(s.license_mode);
  row.level = s.license_level.value_or("?");
  row.platform = s.version.platform.value_or("?");
}

// The store's routers: one folder each under snapshots/.
std::vector<std::string> stored_hosts(const std::string &store) {
  std::vector<std::string> hosts;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(store) / "snapshots", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec)) hosts.push_back(it->path().filename().string());
  }
  std::sort(hosts.begin(), hosts.end());
  return hosts;
}

void read_changes(const snapshot::Store &store, ReportMigration &m, std::vector<std::string> &problems) {
  if (m.pre_snapshot.empty() || m.post_snapshot.empty()) {
    m.diff_note = m.pre_snapshot.empty() ? "no pre-change snapshot recorded" : "no post-change snapshot recorded";
    return;
  }
  auto before = store.load(m.pre_snapshot);
  auto after = store.load(m.post_snapshot);
  if (!before || !after) {
    const std::string why =
        !before ? m.pre_snapshot + ": " + before.error_message() : m.post_snapshot + ": " + after.error_message();
    problems.push_back(why);
    m.diff_note = "cannot read " + why;
    return;
  }
  m.changes = snapshot::diff_snapshots(before.value(), after.value());
  if (m.changes.empty()) m.diff_note = "no change between the two snapshots";
}

void read_run(const std::string &store_root, const std::string &run_id, FleetReport &report) {
  const std::string path = Journal::path_for(store_root, run_id);
  auto events = Journal::read_events(path);
  if (!events) {
    report.problems.push_back(path + ": " + events.error_message());
    return;
  }
  report.run_id = run_id;
  if (auto run = Journal::run_record(events.value())) {
    report.run_target = run->target_release + " " + run->target_mode;
  }
  std::map<std::string, ReportMigration> by_host;
  std::vector<std::string> order;
  auto row = [&](const std::string &host) -> ReportMigration & {
    auto [it, added] = by_host.try_emplace(host);
    if (added) {
      it->second.host = host;
      it->second.outcome = "in progress";
      order.push_back(host);
    }
    return it->second;
  };
  std::map<std::string, int> wave_of;
  for (const auto &e : events.value()) {
    const std::string ts = e.value("ts", "");
    if (report.run_started.empty()) report.run_started = ts;
    auto record = decode_record(e);
    if (!record || !record.value()) continue;  // unknown events; the reader already refused bad lines
    const JournalRecord &r = *record.value();
    if (const auto *w = std::get_if<WaveRecord>(&r)) {
      report.waves.push_back({w->wave, w->canary, w->ts, w->hosts});
      for (const auto &h : w->hosts) wave_of[h] = w->wave;
    } else if (const auto *s = std::get_if<StepRecord>(&r)) {
      auto &m = row(s->host);
      if (m.started.empty() && s->event == StepRecord::Event::start) m.started = s->ts;
    } else if (const auto *res = std::get_if<ResultRecord>(&r)) {
      auto &m = row(res->host);
      m.finished = ts;
      m.outcome = to_string(res->outcome);
      m.message = res->message;
      m.from = res->from;
      m.to = res->to;
      m.reloads = res->reloads;
      m.pre_snapshot = res->pre_snapshot;
      m.post_snapshot = res->post_snapshot;
      if (m.started.empty()) m.started = ts;
    } else if (std::holds_alternative<InterruptedRecord>(r)) {
      report.run_interrupted = true;
    }
  }
  const snapshot::Store store(store_root);
  for (const auto &host : order) {
    auto &m = by_host[host];
    if (auto w = wave_of.find(host); w != wave_of.end()) m.wave = w->second;
    if (m.outcome == "migrated" || m.outcome == "failed") read_changes(store, m, report.problems);
    report.migrations.push_back(std::move(m));
  }
  std::stable_sort(report.migrations.begin(), report.migrations.end(),
                   [](const ReportMigration &a, const ReportMigration &b) { return a.started < b.started; });
}

}  // namespace

std::string latest_run_id(const std::string &store) {
  std::string newest;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(store) / "journal", ec), end; !ec && it != end; it.increment(ec)) {
    const auto name = it->path().filename().string();
    if (!base::ends_with(name, ".jsonl")) continue;
    const auto id = name.substr(0, name.size() - 6);
    if (id > newest) newest = id;  // run ids start with their UTC start time
  }
  return newest;
}

FleetReport gather_report(const std::string &store_root, const FleetPlan *plan, const std::string &target,
                          const std::string &run_id) {
  FleetReport report;
  report.store = store_root;
  report.generated_at = snapshot::utc_timestamp();
  const snapshot::Store store(store_root);
  if (plan != nullptr) {
    report.target = target;
    for (const auto &hp : plan->hosts) {
      ReportRouter row;
      row.host = hp.host->name;
      read_snapshot(store, row, hp.snapshot_path, report.problems);
      if (hp.host->ha_group) row.ha_group = *hp.host->ha_group;
      if (hp.host->ha_role) row.ha_role = role_name(*hp.host->ha_role);
      row.checked = hp.checked;
      row.findings = hp.findings;
      row.verdict = verdict_of(hp);
      report.routers.push_back(std::move(row));
    }
  } else {
    report.findings_note =
        "No target: findings and plans need one. Run `licmig report -i INVENTORY --target-release R "
        "--target-mode M`, or migrate once (the report then uses that run's inventory and target).";
    for (const auto &host : stored_hosts(store_root)) {
      ReportRouter row;
      row.host = host;
      read_snapshot(store, row, "", report.problems);
      if (row.recorded) report.routers.push_back(std::move(row));
    }
  }
  if (!run_id.empty()) read_run(store_root, run_id, report);
  return report;
}

}  // namespace licmig::migrate
