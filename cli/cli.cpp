#include "cli/cli.hpp"

#include <exception>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

#ifndef LICMIG_VERSION
#define LICMIG_VERSION "0.0.0"
#endif

namespace licmig::cli {

namespace {

// The --help footer: the exit-code table of migrate/exit_code.hpp, the one place it is written.
std::string exit_code_help() {
  std::string text = "Exit codes (docs/usage.md):\n";
  for (const auto &row : migrate::exit_code_table) {
    text += "  " + std::to_string(static_cast<int>(row.code)) + "  " + row.meaning + "\n";
  }
  return text;
}

}  // namespace

int run(int argc, char **argv, std::ostream &out, std::ostream &err) {
  CLI::App app{"licmig - license state snapshot, check, plan and migration for Cisco IOS XE routers", "licmig"};
  app.footer(exit_code_help());
  app.set_version_flag("--version", std::string("licmig ") + LICMIG_VERSION);
  app.require_subcommand(1);
  int exit_code = exit_ok;
  Io io{out, err};
  add_parse_command(app, io, &exit_code);
  add_matrix_command(app, io, &exit_code);
  add_fleet_read_commands(app, io, &exit_code);
  add_migrate_commands(app, io, &exit_code);
  add_inventory_command(app, io, &exit_code);
  add_show_command(app, io, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    out << app.help();
    return exit_ok;
  } catch (const CLI::CallForAllHelp &e) {
    out << app.help("", CLI::AppFormatMode::All);
    return exit_ok;
  } catch (const CLI::CallForVersion &e) {
    out << app.version() << "\n";
    return exit_ok;
  } catch (const CLI::ParseError &e) {
    err << "licmig: error: " << e.what() << "\n";
    err << "Run 'licmig --help' for usage.\n";
    return exit_usage;
  } catch (const std::exception &e) {
    err << "licmig: error: " << e.what() << "\n";
    return exit_failed;
  }
  return exit_code;
}

}  // namespace licmig::cli
