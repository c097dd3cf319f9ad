// Registration of each `licmig` subcommand on the CLI11 app. Each adds its options and a callback
// that stores its exit code in `*exit_code`.
//
// Thread-safety: called once while the app is built.
#pragma once

#include <iosfwd>
#include <string>

#include "migrate/fleet.hpp"

namespace CLI {
class App;
}

namespace licmig::cli {

using Io = migrate::Io;

void add_parse_command(CLI::App &app, Io io, int *exit_code);
void add_matrix_command(CLI::App &app, Io io, int *exit_code);       // also `rules`
void add_fleet_read_commands(CLI::App &app, Io io, int *exit_code);  // snapshot, check, plan
void add_migrate_commands(CLI::App &app, Io io, int *exit_code);     // migrate, diff
void add_inventory_command(CLI::App &app, Io io, int *exit_code);
void add_show_command(CLI::App &app, Io io, int *exit_code);      // read-only commands on routers
void add_report_command(CLI::App &app, Io io, int *exit_code);    // the HTML fleet report
void add_store_command(CLI::App &app, Io io, int *exit_code);     // store prune
void add_stage_command(CLI::App &app, Io io, int *exit_code);     // stage an image on bootflash
void add_rollback_command(CLI::App &app, Io io, int *exit_code);  // the way back of a migration run

// Asks `question` on the terminal; true only when stdin is a terminal and the answer is "yes".
bool confirm_on_terminal(Io io, const char *question);

// Why `command` is not a read-only command `licmig show` may run, or "" when it is.
std::string read_only_refusal(const std::string &command);

}  // namespace licmig::cli
