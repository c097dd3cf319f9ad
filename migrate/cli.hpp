// The `licmig` command line: builds the CLI11 app with every subcommand and runs it.
//
// Exit codes (documented in `licmig --help` and docs/usage.md):
//   0  success / clean
//   1  findings of severity error; for `parse`, text not recognised or malformed
//   2  usage or input error (bad arguments, unreadable file, unknown command)
//   3  some routers unreachable
//   4  some routers failed during migrate
//
// Thread-safety: run() is called once from main.
#pragma once

#include <iosfwd>

namespace licmig::cli {

enum ExitCode : int {
  exit_ok = 0,
  exit_findings = 1,
  exit_usage = 2,
  exit_unreachable = 3,
  exit_failed = 4,
};

// Runs licmig with the given arguments; output goes to `out`, diagnostics to `err`.
int run(int argc, char **argv, std::ostream &out, std::ostream &err);

}  // namespace licmig::cli
