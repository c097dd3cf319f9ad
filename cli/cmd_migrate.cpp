// `licmig migrate` (apply plans in waves, resumable) and `licmig diff` (compare two snapshots).
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/settings.hpp"
#include "migrate/fleet.hpp"
#include "migrate/journal.hpp"
#include "migrate/json_report.hpp"
#include "migrate/migration.hpp"
#include "migrate/report.hpp"
#include "snapshot/diff.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

using cli::Io;

// parse -> one call -> render -> exit code
int run_migrate(MigrateOptions &o, Io io) {
  auto result = migrate_fleet(o, io, [io]() { return cli::confirm_on_terminal(io, "Apply these plans?"); });
  if (!result.ran) {
    if (!result.dry_run_json.empty() && !write_output(o.fleet, result.dry_run_json, io)) return cli::exit_usage;
    return result.exit_code;
  }
  std::string text;
  if (o.fleet.format == "json") {
    text = run_json(result.runs, result.run_id, result.exit_code);
  } else if (o.fleet.format == "junit") {
    text = run_junit(result.runs, "licmig migrate " + result.run_id);
  } else {
    text = run_table(result.runs) + "run " + result.run_id + ": journal " +
           Journal::path_for(o.fleet.connect.store, result.run_id) + ", snapshots and diffs under " +
           o.fleet.connect.store + "/snapshots/\n";
  }
  if (!write_output(o.fleet, text, io)) return cli::exit_usage;
  return result.exit_code;
}

// `diff BEFORE AFTER` (two snapshot files) or `diff HOST` (that router's latest two records in the
// store). Exits 1 when they differ, as diff(1) does.
int run_diff(const std::vector<std::string> &args, const std::string &store_root, const std::string &format, Io io) {
  std::string a, b;
  if (args.size() == 1) {
    snapshot::Store store(store_root);
    auto files = store.list(args[0]);
    if (files.size() < 2) {
      io.err << "licmig: error: diff " << args[0] << ": the store " << store_root << " holds "
             << (files.empty() ? "no snapshot" : "one snapshot") << " of " << args[0]
             << "; a diff needs two (licmig snapshot records one)\n";
      return cli::exit_usage;
    }
    a = files[files.size() - 2];
    b = files.back();
  } else {
    a = args.at(0);
    b = args.at(1);
  }
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
  const int code = changes.empty() ? cli::exit_ok : cli::exit_findings;
  if (format == "json") {
    JsonReport report{"diff", std::nullopt};
    auto row = snapshot::diff_json(before.value(), after.value(), changes);
    row["status"] = changes.empty() ? "same" : "changed";
    row["before_snapshot"] = a;
    row["after_snapshot"] = b;
    report.routers.push_back(std::move(row));
    report.summary = {{"changes", changes.size()}};
    io.out << render_json_report(std::move(report), code);
  } else {
    io.out << snapshot::render_diff(before.value(), after.value(), changes);
  }
  return code;
}

}  // namespace

}  // namespace licmig::migrate

namespace licmig::cli {

bool confirm_on_terminal(Io io, const char *question) {
  if (::isatty(0) != 1) return false;
  io.err << question << " Type 'yes' to continue: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return base::trim(answer) == "yes";
}

void add_migrate_commands(CLI::App &app, Io io, int *exit_code) {
  using namespace licmig::migrate;
  auto o = std::make_shared<MigrateOptions>();
  auto *sub =
      app.add_subcommand("migrate", "Apply the plans: snapshot, configure, reload, verify — in waves, resumable");
  cli::add_fleet_options(sub, o->fleet, {"table", "json", "junit"});
  // -i is not required when resuming: the journal names the inventory
  sub->get_option("--inventory")->required(false);
  // the target options of check and plan, so that a migration is given exactly what they were given
  // (plan, check and migrate --dry-run never disagree); not required with --resume (the journal has them)
  cli::add_target_options(sub, o->target, true);
  sub->get_option("--target-release")->required(false);
  sub->get_option("--target-mode")->required(false);
  sub->get_option("--image")->description(
      "Image file on bootflash: for the target release; a local file is staged (pushed) where missing");
  cli::add_rollout_options(sub, *o, "Migrate");
  sub->add_option("--resume", o->resume, "Continue the run RUN-ID from its journal");
  sub->add_flag("--rollback-on-failure", o->rollout.rollback_on_failure,
                "Roll back at once a router that came back after its reload but failed its verification");
  sub->callback([o, io, exit_code, sub]() {
    if (!cli::apply_settings(*sub, o->fleet, io, false)) {
      *exit_code = exit_usage;
      return;
    }
    if (o->fleet.inventory.empty() && o->resume.empty()) {
      io.err << "licmig: error: migrate needs -i INVENTORY (or --resume RUN-ID)\n";
      *exit_code = exit_usage;
      return;
    }
    o->handle_signals = true;
    for (const char *name :
         {"--parallel", "--known-hosts", "--accept-new-host-keys", "--connect-timeout", "--command-timeout",
          "--reload-timeout", "--credentials-file", "--ssh-config", "--max-output"}) {
      if (sub->count(name) > 0) o->given.emplace_back(name);
    }
    *exit_code = run_migrate(*o, io);
  });

  auto files = std::make_shared<std::vector<std::string>>();
  auto format = std::make_shared<std::string>("text");
  auto store = std::make_shared<std::string>("./licmig-data");
  auto *diff = app.add_subcommand(
      "diff", "What changed between two snapshots: two files (JSON or XML records), or HOST's latest two in the store");
  diff->add_option("snapshots", *files, "BEFORE AFTER, or HOST")->required()->expected(1, 2);
  diff->add_option("--store", *store, "The store HOST's records are read from")->default_str("./licmig-data");
  diff->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  diff->callback([files, store, format, io, exit_code, diff]() {
    *exit_code = cli::apply_store_setting(*diff, *store, io) ? run_diff(*files, *store, *format, io) : exit_usage;
  });
}

}  // namespace licmig::cli
