#include "cli/cli.hpp"

#include <cerrno>
#include <exception>
#include <new>
#include <ostream>
#include <string>
#include <system_error>

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

// An exception's text as one short line of printable characters.
std::string one_line(const char *what) {
  std::string out;
  for (const char *p = what; p && *p && out.size() < 200; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    out.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
  }
  return out;
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
  add_stage_command(app, io, &exit_code);
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
  } catch (const std::bad_alloc &) {
    err << "licmig: error: out of memory\n";
    return exit_failed;
  } catch (const std::system_error &e) {
    const int code = e.code().value();
    const bool store = e.code().category() == std::generic_category() || e.code().category() == std::system_category();
    err << "licmig: error: " << one_line(e.what()) << "\n";
    return store && (code == ENOSPC || code == EDQUOT || code == EROFS) ? migrate::exit_store_unavailable : exit_failed;
  } catch (const std::exception &e) {
    err << "licmig: error: unexpected: " << one_line(e.what()) << "\n";
    return exit_failed;
  } catch (...) {
    err << "licmig: error: unexpected failure (no message)\n";
    return exit_failed;
  }
  return exit_code;
}

}  // namespace licmig::cli
