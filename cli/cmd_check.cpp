// `licmig snapshot`, `licmig check` and `licmig plan`: the read-only fleet commands.
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "migrate/fleet.hpp"
#include "migrate/fleet_snapshot.hpp"
#include "migrate/plan.hpp"
#include "migrate/report.hpp"
#include "migrate/target_options.hpp"
#include "rules/checks.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

using cli::Io;

std::string today_utc() { return snapshot::utc_timestamp().substr(0, 10); }

// --- snapshot ---------------------------------------------------------------------------------

int run_snapshot(FleetOptions &o, Io io) {
  auto fleet = load_fleet(o, io);
  if (!fleet) return cli::exit_usage;
  auto snaps = acquire_snapshots(*fleet, o, false, io, "snapshot");
  nlohmann::json report = nlohmann::json::array();
  std::ostringstream table;
  bool unreachable = false;
  for (const auto &s : snaps) {
    if (s.snap) {
      table << s.host->name << ": " << s.snap->version.version.value_or("?") << " "
            << snapshot::to_string(s.snap->license_mode) << " " << s.snap->license_level.value_or("?") << " -> "
            << s.path << "\n";
      report.push_back({{"host", s.host->name}, {"ok", true}, {"path", s.path}, {"notes", s.notes}});
    } else {
      unreachable = true;
      table << s.host->name << ": FAILED — " << s.error.message() << "\n";
      report.push_back(
          {{"host", s.host->name}, {"ok", false}, {"unreachable", s.unreachable}, {"error", s.error.message()}});
    }
  }
  const std::string text = o.format == "json" ? report.dump(2) + "\n" : table.str();
  if (!write_output(o, text, io)) return cli::exit_usage;
  return unreachable ? cli::exit_unreachable : cli::exit_ok;
}

// --- check --------------------------------------------------------------------------------------

// Pairs the selected hosts by ha_group: (active, standby) indexes.
std::vector<std::pair<std::size_t, std::size_t>> ha_pairs(const std::vector<HostSnapshot> &snaps) {
  std::map<std::string, std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> groups;
  for (std::size_t i = 0; i < snaps.size(); ++i) {
    const auto *h = snaps[i].host;
    if (!h->ha_group || !h->ha_role) continue;
    auto &g = groups[*h->ha_group];
    (*h->ha_role == inventory::HaRole::active ? g.first : g.second) = i;
  }
  std::vector<std::pair<std::size_t, std::size_t>> out;
  for (const auto &[name, g] : groups) {
    if (g.first && g.second) out.emplace_back(*g.first, *g.second);
  }
  return out;
}

int run_check(FleetOptions &o, const TargetOptions &t, bool from_store, Io io) {
  auto fleet = load_fleet(o, io);
  if (!fleet) return cli::exit_usage;
  auto snaps = acquire_snapshots(*fleet, o, from_store, io, "check", t.image);
  std::vector<HostCheck> checks(snaps.size());
  for (std::size_t i = 0; i < snaps.size(); ++i) {
    const auto &s = snaps[i];
    auto &c = checks[i];
    c.host = s.host->name;
    if (!s.snap) {
      c.unreachable = s.unreachable;
      c.error = s.error.message();
      continue;
    }
    auto target = make_target(t, s.host->expected_md5);
    if (!target) {
      io.err << "licmig: error: " << target.error_message() << "\n";
      return cli::exit_usage;
    }
    rules::CheckContext ctx;
    ctx.session_via_data_port = session_via_data_port(*s.host);
    ctx.now_utc = today_utc();
    c.checked = true;
    c.snapshot_path = s.path;
    c.findings = rules::check_router(*s.snap, target.value(), ctx);
  }
  for (const auto &[a, b] : ha_pairs(snaps)) {
    if (!snaps[a].snap || !snaps[b].snap) continue;
    for (auto f : rules::check_ha_pair(*snaps[a].snap, *snaps[b].snap)) {
      checks[a].findings.push_back(f);
      f.host = snaps[b].host->name;
      checks[b].findings.push_back(f);
    }
  }
  std::string text;
  if (o.format == "json") {
    text = check_json(checks);
  } else if (o.format == "junit") {
    text = check_junit(checks, "licmig check " + t.release + " " + t.mode);
  } else {
    text = check_table(checks);
  }
  if (!write_output(o, text, io)) return cli::exit_usage;
  return check_exit_code(checks);
}

// --- plan ---------------------------------------------------------------------------------------

// HA pairs whose active and standby hold different PAK licenses, on a target without PAK licenses
// (17.7.1 and later): the guide says the standby then reloads continuously (seed lines 992-994), so
// both routers' plans are refused with rule LM040's finding. Host index -> the finding.
std::map<std::size_t, rules::Finding> ha_pak_refusals(const std::vector<HostSnapshot> &snaps, const TargetOptions &t) {
  std::map<std::size_t, rules::Finding> out;
  auto release = snapshot::Release::parse(t.release);
  if (!release) return out;
  auto row = rules::SupportMatrix::builtin().lookup(release.value());
  if (!row || row->pak) return out;
  for (const auto &[a, b] : ha_pairs(snaps)) {
    if (!snaps[a].snap || !snaps[b].snap) continue;
    for (const auto &f : rules::check_ha_pair(*snaps[a].snap, *snaps[b].snap)) {
      if (f.rule_id != "LM040") continue;
      out[a] = f;
      out[b] = f;
    }
  }
  return out;
}

int run_plan(FleetOptions &o, const TargetOptions &t, bool from_store, Io io) {
  auto fleet = load_fleet(o, io);
  if (!fleet) return cli::exit_usage;
  auto snaps = acquire_snapshots(*fleet, o, from_store, io, "plan");
  const auto ha_refusals = ha_pak_refusals(snaps, t);
  std::ostringstream table;
  nlohmann::json report = nlohmann::json::array();
  bool unreachable = false, refused = false;
  for (std::size_t i = 0; i < snaps.size(); ++i) {
    const auto &s = snaps[i];
    if (!s.snap) {
      unreachable = true;
      table << s.host->name << ": NO PLAN — " << s.error.message() << "\n\n";
      report.push_back({{"host", s.host->name}, {"error", s.error.message()}, {"unreachable", s.unreachable}});
      continue;
    }
    auto target = make_target(t, s.host->expected_md5);
    if (!target) {
      io.err << "licmig: error: " << target.error_message() << "\n";
      return cli::exit_usage;
    }
    PlanOptions po;
    po.session_via_data_port = session_via_data_port(*s.host);
    auto plan = make_plan(*s.snap, target.value(), po);
    if (auto it = ha_refusals.find(i); it != ha_refusals.end() && !plan.refused) {
      plan.refused = true;
      plan.refusal = it->second.message;
      plan.remedy = it->second.remediation;
      plan.steps.clear();
    }
    refused = refused || plan.refused;
    table << render_plan(plan) << "\n";
    nlohmann::json steps = nlohmann::json::array();
    for (const auto &st : plan.steps) {
      nlohmann::json step = {
          {"kind", to_string(st.kind)}, {"title", st.title}, {"commands", st.commands}, {"why", st.why}};
      if (st.expect.release) step["expect_release"] = *st.expect.release;
      if (st.expect.mode) step["expect_mode"] = snapshot::to_string(*st.expect.mode);
      if (st.expect.level) step["expect_level"] = *st.expect.level;
      steps.push_back(step);
    }
    report.push_back({{"host", s.host->name},
                      {"refused", plan.refused},
                      {"refusal", plan.refusal},
                      {"remedy", plan.remedy},
                      {"from", plan.from},
                      {"to", plan.to},
                      {"steps", steps},
                      {"notes", plan.notes}});
  }
  const std::string text = o.format == "json" ? report.dump(2) + "\n" : table.str();
  if (!write_output(o, text, io)) return cli::exit_usage;
  if (unreachable) return cli::exit_unreachable;
  return refused ? cli::exit_findings : cli::exit_ok;
}

}  // namespace

}  // namespace licmig::migrate

namespace licmig::cli {

void add_fleet_read_commands(CLI::App &app, Io io, int *exit_code) {
  using namespace licmig::migrate;
  {
    auto o = std::make_shared<FleetOptions>();
    auto *sub = app.add_subcommand("snapshot", "Record each router's license state (read-only) in the store");
    cli::add_fleet_options(sub, *o, {"table", "json"});
    sub->callback([o, io, exit_code]() { *exit_code = run_snapshot(*o, io); });
  }
  {
    auto o = std::make_shared<FleetOptions>();
    auto t = std::make_shared<TargetOptions>();
    auto from_store = std::make_shared<bool>(false);
    auto *sub = app.add_subcommand("check", "Pre-flight compliance: findings per router against the target");
    cli::add_fleet_options(sub, *o, {"table", "json", "junit"});
    cli::add_target_options(sub, *t, false);
    sub->add_flag("--from-store", *from_store, "Use the newest stored snapshot instead of connecting");
    sub->callback([o, t, from_store, io, exit_code]() { *exit_code = run_check(*o, *t, *from_store, io); });
  }
  {
    auto o = std::make_shared<FleetOptions>();
    auto t = std::make_shared<TargetOptions>();
    auto from_store = std::make_shared<bool>(false);
    auto *sub = app.add_subcommand("plan", "Print each router's migration plan (changes nothing)");
    cli::add_fleet_options(sub, *o, {"table", "json"});
    cli::add_target_options(sub, *t, true);
    sub->add_flag("--from-store", *from_store, "Use the newest stored snapshot instead of connecting");
    sub->callback([o, t, from_store, io, exit_code]() { *exit_code = run_plan(*o, *t, *from_store, io); });
  }
}

}  // namespace licmig::cli
