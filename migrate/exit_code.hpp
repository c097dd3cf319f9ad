// The exit-code table every licmig command obeys (docs/usage.md lists it; `licmig --help` prints
// exit_code_table below). It lives in the library
// because the JSON reports carry the code a run ends with; cli/ returns it from main.
//
//   0  clean: nothing to report
//   1  findings of severity error, a refused plan, routers skipped; `parse`: text not recognised
//   2  usage or input error (bad arguments, unreadable or malformed file, unknown command)
//   3  some routers unreachable
//   4  some routers failed during migrate
//   5  the store is unavailable: in use by another run (busy) or not writable/full
//   130/143  `migrate` interrupted by SIGINT/SIGTERM (128 + the signal, as shells report it)
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
  exit_store_unavailable = 5,
  exit_interrupted_sigint = 130,   // 128 + SIGINT
  exit_interrupted_sigterm = 143,  // 128 + SIGTERM
};

// The table above as data, in order: `licmig --help` prints it and docs/usage.md lists the same
// words (a test compares them).
struct ExitCodeMeaning {
  ExitCode code;
  const char *meaning;
};
inline constexpr ExitCodeMeaning exit_code_table[] = {
    {exit_ok, "clean: nothing to report, every router migrated"},
    {exit_findings, "findings of severity error, a refused plan, routers skipped; `parse`: text not recognised"},
    {exit_usage, "usage or input error (bad arguments, unreadable or malformed file, unknown command)"},
    {exit_unreachable, "some routers unreachable"},
    {exit_failed, "some routers failed during `migrate`"},
    {exit_store_unavailable, "the store is unavailable: in use by another run (busy) or not writable/full"},
    {exit_interrupted_sigint,
     "`migrate` interrupted by SIGINT: routers in flight stopped at a safe point; resume with the printed command"},
    {exit_interrupted_sigterm, "`migrate` interrupted by SIGTERM: as 130"},
};

}  // namespace licmig::migrate
