// `licmig rollback RUN-ID [-l PATTERN]`: the way back of a migration run (migrate/rollback_fleet.hpp).
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/settings.hpp"
#include "migrate/journal.hpp"
#include "migrate/report.hpp"
#include "migrate/rollback_fleet.hpp"

namespace licmig::cli {

namespace {

int run_rollback(migrate::MigrateOptions &o, Io io) {
  auto result = migrate::rollback_fleet(o, io, [io]() { return confirm_on_terminal(io, "Roll these routers back?"); });
  if (!result.ran) {
    if (!result.dry_run_json.empty() && !migrate::write_output(o.fleet, result.dry_run_json, io)) return exit_usage;
    return result.exit_code;
  }
  std::string text;
  if (o.fleet.format == "json") {
    text = migrate::run_json(result.runs, result.run_id, result.exit_code, "rollback");
  } else if (o.fleet.format == "junit") {
    text = migrate::run_junit(result.runs, "licmig rollback " + result.run_id);
  } else {
    text = migrate::run_table(result.runs, "rollback") + "run " + result.run_id + " (rollback of " + o.rollback_of +
           "): journal " + migrate::Journal::path_for(o.fleet.connect.store, result.run_id) +
           ", snapshots and diffs under " + o.fleet.connect.store + "/snapshots/\n";
  }
  if (!migrate::write_output(o.fleet, text, io)) return exit_usage;
  return result.exit_code;
}

}  // namespace

void add_rollback_command(CLI::App &app, Io io, int *exit_code) {
  auto o = std::make_shared<migrate::MigrateOptions>();
  auto *sub = app.add_subcommand(
      "rollback", "Return the routers a migration run changed to their pre-change image, boot level and license mode");
  sub->add_option("run", o->rollback_of, "RUN-ID of the migration to roll back (its journal in the store)");
  cli::add_fleet_options(sub, o->fleet, {"table", "json", "junit"});
  // the journal names the inventory; -i replaces it
  sub->get_option("--inventory")->required(false);
  cli::add_rollout_options(sub, *o, "Roll back");
  sub->add_option("--resume", o->resume, "Continue the rollback run RUN-ID from its journal");
  sub->footer("The routers, inventory and connection options are those of the run rolled back; -l narrows them.");
  sub->callback([o, io, exit_code, sub]() {
    if (!cli::apply_settings(*sub, o->fleet, io, false)) {
      *exit_code = exit_usage;
      return;
    }
    if (o->rollback_of.empty() == o->resume.empty()) {
      io.err << "licmig: error: rollback needs RUN-ID (the migration to roll back) or --resume RUN-ID, not both\n";
      *exit_code = exit_usage;
      return;
    }
    o->handle_signals = true;
    for (const char *name :
         {"--parallel", "--known-hosts", "--accept-new-host-keys", "--connect-timeout", "--command-timeout",
          "--reload-timeout", "--credentials-file", "--ssh-config", "--max-output"}) {
      if (sub->count(name) > 0) o->given.emplace_back(name);
    }
    *exit_code = run_rollback(*o, io);
  });
}

}  // namespace licmig::cli
