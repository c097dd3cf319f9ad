#include "cli/cli.hpp"

#include <cerrno>
#include <exception>
#include <new>
#include <ostream>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/logging.hpp"
#include "docgen/docgen.hpp"

#ifndef LICMIG_VERSION
#define LICMIG_VERSION "0.0.0"
#endif

namespace licmig::cli {

namespace {

// The --help footer: the exit-code table of migrate/exit_code.hpp, the one place it is written.
std::string exit_code_help() { return migrate::exit_codes_text(""); }

// An exception's text as one short line of printable characters.
std::string one_line(const char *what) {
  std::string out;
  for (const char *p = what; p && *p && out.size() < 200; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    out.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
  }
  return out;
}

// What the manual page says before the generated command and option lists.
constexpr const char *k_manual_description =
    "licmig records the license state of Cisco IOS XE routers (ASR 900/920 class) before an image "
    "upgrade, checks it against the vendor's license support matrix and rules, plans the path from the "
    "current release and license mode to the target, and applies the plan in waves: boot level, "
    "license mode, boot image, save, reload, wait, verify.\n"
    "\n"
    "A router is changed only by the one run that holds it, only while it is the router the plan was "
    "made for, in the state the plan was made from, with a complete record of its licenses on disk. "
    "Every step is journaled; an interrupted migration resumes where it stopped.\n"
    "\n"
    "Documentation: /usr/share/doc/licmig (usage.md, behaviour.md, rules.md).";

}  // namespace

int run(int argc, char **argv, std::ostream &out, std::ostream &err) {
  CLI::App app{"licmig - license state snapshot, check, plan and migration for Cisco IOS XE routers", "licmig"};
  // the whole table ends `licmig --help` (not a CLI11 footer: a subcommand's help would repeat it)
  app.set_version_flag("--version", std::string("licmig ") + LICMIG_VERSION);
  app.require_subcommand(1);
  int exit_code = exit_ok;
  Io io{out, err};
  // -v, -q, --log-file, --color (before the subcommands: they inherit taking them); set up once the
  // command line is read, before the command runs
  GlobalOptions global;
  add_global_options(app, global);
  add_parse_command(app, io, &exit_code);
  add_matrix_command(app, io, &exit_code);
  add_fleet_read_commands(app, io, &exit_code);
  add_migrate_commands(app, io, &exit_code);
  add_inventory_command(app, io, &exit_code);
  add_show_command(app, io, &exit_code);
  add_stage_command(app, io, &exit_code);
  add_rollback_command(app, io, &exit_code);
  add_report_command(app, io, &exit_code);
  add_store_command(app, io, &exit_code);
  add_help_command(app, io, &exit_code);
  add_exit_code_footers(app);
  struct LogFileFailed {};
  std::unique_ptr<std::streambuf> quiet;
  std::streambuf *const err_buf = err.rdbuf();
  app.parse_complete_callback([&global, &err, &quiet, err_buf]() {
    if (!setup_logging(global, err)) throw LogFileFailed{};
    if (global.quiet) {
      quiet = quiet_filter(err_buf);
      err.rdbuf(quiet.get());
    }
  });
  struct Restore {
    std::ostream &err;
    std::streambuf *buf;
    ~Restore() {
      err.flush();
      err.rdbuf(buf);
      stop_logging();
    }
  } restore_at_return{err, err_buf};
  const docgen::ManInfo manual{"licmig", LICMIG_VERSION,
                               "license state snapshot, check, plan and migration for Cisco IOS XE routers",
                               k_manual_description, "iosxe-sim(1)"};
  if (const auto code = docgen::handle_generate(app, manual, argc, argv, out, err)) return *code;
  if (unknown_command(app, argc, argv, io)) return exit_usage;
  try {
    app.parse(argc, argv);
  } catch (const LogFileFailed &) {
    return exit_usage;
  } catch (const CLI::CallForHelp &e) {
    out << app.help() << (app.get_subcommands().empty() ? "\n" + exit_code_help() : std::string());
    return exit_ok;
  } catch (const CLI::CallForAllHelp &e) {
    out << app.help("", CLI::AppFormatMode::All);
    return exit_ok;
  } catch (const CLI::CallForVersion &e) {
    out << app.version() << "\n";
    return exit_ok;
  } catch (const CLI::ParseError &e) {
    // an option the command does not know is named first, with the nearest one it does know: CLI11
    // may report another error (a required option "missing") that the typo caused
    err << "licmig: error: " << e.what() << option_suggestions(app, argc, argv) << "\n";
    const auto chosen = app.get_subcommands();
    err << "Run 'licmig help" << (chosen.empty() ? std::string() : " " + chosen.front()->get_name())
        << "' for usage.\n";
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
