// The options every command takes (before or after the subcommand) for what licmig says on the
// terminal and in a log file: -v / -vv, -q, --log-file FILE, --color auto|always|never; and the
// spdlog setup they make (base/log.hpp writes through it; migrate/status.hpp reads the terminal
// choices).
//
//   terminal: errors only with -q (no status display, no warning lines: quiet_filter); info by default; debug with -v
//   (each command sent to a router,
//             masked); trace with -vv (also what the routers answer, masked)
//   log file: appended; debug (trace with -vv); one event per line: UTC time, level, run ID, router,
//             and the run's account (each journal record, migrate/run_log.hpp) beside the rest
//
// Thread-safety: call setup_logging() once from the main thread before a command runs.
#pragma once

#include <iosfwd>
#include <memory>
#include <streambuf>
#include <string>

namespace CLI {
class App;
}

namespace licmig::cli {

struct GlobalOptions {
  int verbose = 0;  // -v: 1, -vv: 2
  bool quiet = false;
  std::string log_file;
  std::string color = "auto";
};

// Adds -v/--verbose, -q/--quiet, --log-file and --color to `app` (and lets its subcommands take them).
void add_global_options(CLI::App &app, GlobalOptions &options);

// Registers the loggers and the terminal choices. Returns false after printing
// `licmig: error: --log-file FILE: ...` when the file cannot be opened for appending.
bool setup_logging(const GlobalOptions &options, std::ostream &err);

// With -q: a stream buffer for stderr that drops licmig's `licmig: warning: ...` lines and passes
// everything else (errors, prompts, the resume command) as it comes. Install it with
// std::ostream::rdbuf(); it writes to `target`.
std::unique_ptr<std::streambuf> quiet_filter(std::streambuf *target);

// Flushes and drops the loggers (the end of cli::run).
void stop_logging();

}  // namespace licmig::cli
