// `licmig snapshot`, `licmig check` and `licmig plan`: the read-only fleet commands.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/spool.hpp"
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/settings.hpp"
#include "migrate/fleet.hpp"
#include "migrate/fleet_plan.hpp"
#include "migrate/fleet_snapshot.hpp"
#include "migrate/json_report.hpp"
#include "migrate/report.hpp"
#include "migrate/target_options.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

using cli::Io;

// --- snapshot ---------------------------------------------------------------------------------

// Each router's result becomes its table line or JSON row the moment it is done and goes to a spool
// on disk (base::Spool); its snapshot is dropped then. So a fleet of 10,000 routers costs neither
// 10,000 snapshots nor 10,000 rows in memory: only the report's text at the end.
int run_snapshot(FleetOptions &o, Io io) {
  auto fleet = load_fleet(o, io);
  if (!fleet) return cli::exit_usage;
  const bool json = o.format == "json";
  base::Spool rows(fleet->hosts.size());
  nlohmann::json statuses = nlohmann::json::object();  // count_status, as count_statuses counts rows
  int code = cli::exit_ok;
  each_snapshot(*fleet, o, false, io, "snapshot", "", StoreWhen::always, [&](std::size_t i, HostSnapshot &&s) {
    const std::string &name = s.host->name;
    nlohmann::json row;
    if (s.snap) {
      row = {{"host", name}, {"status", "recorded"}, {"snapshot", s.path}, {"notes", s.notes}};
    } else {
      code = worst(code, router_exit_code(s.error.kind(), s.unreachable, s.store_failed));
      row = {{"host", name},
             {"status", router_status(s.error.kind(), s.unreachable, s.store_failed)},
             {"error", s.error.message()}};
    }
    count_status(statuses, row);
    if (json) {
      rows.put(i, json_report_row_text(row));
    } else if (s.snap) {
      rows.put(i, name + ": " + s.snap->version.version.value_or("?") + " " +
                      snapshot::to_string(s.snap->license_mode) + " " + s.snap->license_level.value_or("?") + " -> " +
                      s.path + "\n");
    } else {
      rows.put(i, name + ": FAILED — " + s.error.message() + "\n");
    }
  });
  std::optional<std::string> text;
  if (json) {
    JsonReport report{"snapshot", std::nullopt};
    report.summary = statuses;
    text = render_json_report(std::move(report), code, rows);
  } else {
    text.emplace();
    text->reserve(rows.bytes());
    if (!rows.for_each([&](std::size_t, std::string_view line) { *text += line; })) text.reset();
  }
  if (!text) {
    // the snapshots are in the store; only this report could not be put together
    io.err << "licmig: error: the report's rows were lost with their temporary file (TMPDIR); every router's "
              "snapshot is in the store\n";
    return exit_store_unavailable;
  }
  if (!write_output(o, *text, io)) return cli::exit_usage;
  return code;
}

// --- check and plan: the one pre-flight path (acquire_and_plan), then render ----------------------

int run_check(FleetOptions &o, const TargetOptions &t, bool from_store, Io io) {
  auto pre = acquire_and_plan(o, t, from_store, io, "check");
  if (!pre.plan) return pre.exit_code;
  const auto checks = checks_of(*pre.plan);
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

int run_plan(FleetOptions &o, const TargetOptions &t, bool from_store, Io io) {
  auto pre = acquire_and_plan(o, t, from_store, io, "plan");
  if (!pre.plan) return pre.exit_code;
  const std::string text = o.format == "json" ? plan_json(*pre.plan) : plan_table(*pre.plan);
  if (!write_output(o, text, io)) return cli::exit_usage;
  return plan_exit_code(*pre.plan);
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
    sub->callback([o, io, exit_code, sub]() {
      *exit_code = cli::apply_settings(*sub, *o, io) ? run_snapshot(*o, io) : cli::exit_usage;
    });
  }
  {
    auto o = std::make_shared<FleetOptions>();
    auto t = std::make_shared<TargetOptions>();
    auto from_store = std::make_shared<bool>(false);
    auto *sub = app.add_subcommand("check", "Pre-flight compliance: findings per router against the target");
    cli::add_fleet_options(sub, *o, {"table", "json", "junit"});
    // --token-file: a registration is part of the migration checked (rule LM063)
    cli::add_target_options(sub, *t, true);
    sub->add_flag("--from-store", *from_store, "Use the newest stored snapshot instead of connecting");
    sub->callback([o, t, from_store, io, exit_code, sub]() {
      *exit_code = cli::apply_settings(*sub, *o, io) ? run_check(*o, *t, *from_store, io) : cli::exit_usage;
    });
  }
  {
    auto o = std::make_shared<FleetOptions>();
    auto t = std::make_shared<TargetOptions>();
    auto from_store = std::make_shared<bool>(false);
    auto *sub = app.add_subcommand("plan", "Print each router's migration plan (changes nothing)");
    cli::add_fleet_options(sub, *o, {"table", "json"});
    cli::add_target_options(sub, *t, true);
    sub->add_flag("--from-store", *from_store, "Use the newest stored snapshot instead of connecting");
    sub->callback([o, t, from_store, io, exit_code, sub]() {
      *exit_code = cli::apply_settings(*sub, *o, io) ? run_plan(*o, *t, *from_store, io) : cli::exit_usage;
    });
  }
}

}  // namespace licmig::cli
