#include "cli/cli.hpp"

#include <exception>
#include <ostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

#ifndef LICMIG_VERSION
#define LICMIG_VERSION "0.0.0"
#endif

namespace licmig::cli {

namespace {

constexpr const char *exit_code_help =
    "Exit codes:\n"
    "  0  success, nothing to report\n"
    "  1  findings of severity error (parse: text not recognised or malformed)\n"
    "  2  usage or input error\n"
    "  3  some routers unreachable\n"
    "  4  some routers failed during migrate\n";

}  // namespace

int run(int argc, char **argv, std::ostream &out, std::ostream &err) {
  CLI::App app{"licmig - license state snapshot, check, plan and migration for Cisco IOS XE routers", "licmig"};
  app.footer(exit_code_help);
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
