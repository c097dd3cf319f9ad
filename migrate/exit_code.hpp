// The exit-code table every licmig command obeys (docs/usage.md lists it). It lives in the library
// because the JSON reports carry the code a run ends with; cli/ returns it from main.
//
//   0  clean: nothing to report
//   1  findings of severity error, a refused plan, routers skipped; `parse`: text not recognised
//   2  usage or input error (bad arguments, unreadable or malformed file, unknown command)
//   3  some routers unreachable
//   4  some routers failed during migrate
//
// Thread-safety: constants.
#pragma once

namespace licmig::migrate {

enum ExitCode : int {
  exit_ok = 0,
  exit_findings = 1,
  exit_usage = 2,
  exit_unreachable = 3,
  exit_failed = 4,
};

}  // namespace licmig::migrate
