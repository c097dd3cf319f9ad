// `licmig report`: one self-contained HTML file from the store (migrate/fleet_report.hpp). Reads,
// never connects, never writes to the store.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "migrate/fleet_plan.hpp"
#include "migrate/fleet_report.hpp"
#include "migrate/journal.hpp"
#include "migrate/migration.hpp"

namespace licmig::migrate {

namespace {

struct ReportOptions {
  MigrateOptions run;  // inventory, limit, target: given, or the shown run's
  std::string run_id;  // --run; "" = the newest journal
};

int run_report(ReportOptions &o, bool inventory_given, Io io) {
  const std::string store = o.run.fleet.connect.store;
  const std::string run_id = o.run_id.empty() ? latest_run_id(store) : o.run_id;
  if (!o.run_id.empty()) {
    if (auto events = Journal::read_events(Journal::path_for(store, run_id)); !events) {
      io.err << "licmig: error: --run " << run_id << ": " << events.error_message() << "\n";
      return cli::exit_usage;
    }
  }
  std::string derived_note;
  if (!inventory_given && !run_id.empty()) {
    // the inventory, selection and target of the run shown
    auto events = Journal::read_events(Journal::path_for(store, run_id));
    if (events) {
      if (auto record = Journal::run_record(events.value())) {
        apply_run_record(record.value(), o.run);
      } else {
        derived_note = record.error_message();
      }
    } else {
      derived_note = events.error_message();
    }
  }
  FleetPlanRun pre;
  std::string target;
  const bool have_target = !o.run.target.release.empty() && !o.run.target.mode.empty();
  if (!o.run.fleet.inventory.empty() && have_target) {
    target = o.run.target.release + " " + o.run.target.mode;
    pre = acquire_and_plan(o.run.fleet, o.run.target, true, io, "report");
    if (!pre.plan && inventory_given) return pre.exit_code;  // the error is printed
    if (!pre.plan) derived_note = "the inventory and target of run " + run_id + " could not be used (see above)";
  } else if (inventory_given) {
    io.err << "licmig: error: report -i needs --target-release and --target-mode (the target the findings are for)\n";
    return cli::exit_usage;
  }
  FleetReport report = gather_report(store, pre.plan ? &*pre.plan : nullptr, target, run_id);
  if (!derived_note.empty()) report.findings_note = "No findings: " + derived_note + ". " + report.findings_note;
  if (!write_output(o.run.fleet, render_report_html(report), io)) return cli::exit_usage;
  return cli::exit_ok;
}

}  // namespace

}  // namespace licmig::migrate

namespace licmig::cli {

void add_report_command(CLI::App &app, Io io, int *exit_code) {
  using namespace licmig::migrate;
  auto o = std::make_shared<ReportOptions>();
  auto *sub = app.add_subcommand("report", "Write the fleet report: one self-contained HTML file from the store");
  cli::add_fleet_options(sub, o->run.fleet, {"html"});
  sub->get_option("--inventory")->required(false);
  cli::add_target_options(sub, o->run.target, false);
  sub->get_option("--target-release")->required(false);
  sub->get_option("--target-mode")->required(false);
  sub->add_option("--run", o->run_id, "The migration to show (default: the newest journal in the store)");
  sub->footer(
      "Without -i, the inventory, --limit and target are those of the migration shown. Exit codes: 0 written; "
      "2 usage, an unknown --run, or -o not writable; 3 (with -i) routers the inventory names that the store "
      "cannot show.");
  sub->callback([o, io, exit_code, sub]() { *exit_code = run_report(*o, sub->count("--inventory") > 0, io); });
}

}  // namespace licmig::cli
