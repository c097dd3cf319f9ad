// The `licmig` command line: builds the CLI11 app with every subcommand and runs it.
//
// Exit codes: migrate/exit_code.hpp (`licmig --help` prints its table; docs/usage.md lists it).
//
// Thread-safety: run() is called once from main.
#pragma once

#include <iosfwd>

#include "migrate/exit_code.hpp"

namespace licmig::cli {

using migrate::exit_failed;
using migrate::exit_findings;
using migrate::exit_ok;
using migrate::exit_unreachable;
using migrate::exit_usage;
using migrate::ExitCode;

// Runs licmig with the given arguments; output goes to `out`, diagnostics to `err`.
int run(int argc, char **argv, std::ostream &out, std::ostream &err);

}  // namespace licmig::cli
