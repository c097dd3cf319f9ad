// The exit-code table every licmig command obeys: the one place it is written. `licmig --help`
// prints exit_code_table, each command's `licmig help CMD` prints the rows of the codes that command
// can return (command_exit_codes), and docs/usage.md lists both (tests/docs_exit_codes_test.py
// compares them with the built binary's help). It lives in the library because the JSON reports
// carry the code a run ends with; cli/ returns it from main.
//
//   0  clean: nothing to report
//   1  findings: error findings, a refused plan, routers skipped; `diff`: the snapshots differ;
//      `show`: a command answered with an IOS error; `parse`: text not recognised
//   2  usage, input or no data (bad arguments, unreadable or malformed file, a router without a user
//      name, no stored snapshot to read)
//   3  some routers unreachable (connection, authentication, host key)
//   4  some routers failed after connecting (a command or session failed, a `migrate` step failed)
//   5  the store is unavailable: in use by another run (busy) or not writable/full
//   130/143  `migrate` (or `rollback`) interrupted by SIGINT/SIGTERM (128 + the signal, as shells report it)
//
// When several apply to one run (one router unreachable, another refused), the command exits with
// the highest of them (worst()), so 3 outranks 1 and 5 outranks everything but an interrupt.
//
// Thread-safety: constants.
#pragma once

#include <string>
#include <vector>

#include "base/result.hpp"

namespace licmig::migrate {

enum ExitCode : int {
  exit_ok = 0,
  exit_findings = 1,
  exit_usage = 2,  // usage, input or no data
  exit_unreachable = 3,
  exit_failed = 4,
  exit_store_unavailable = 5,
  exit_interrupted_sigint = 130,   // 128 + SIGINT
  exit_interrupted_sigterm = 143,  // 128 + SIGTERM
};

// The higher of two codes: how the outcomes of several routers combine.
inline int worst(int a, int b) { return a > b ? a : b; }

// The code of one router that could not be read or worked on: 5 the store failed, 3 unreachable
// (connection, authentication, host key), 2 an input error or no data (no user name, no stored
// snapshot: invalid_input, not_found), else 4. snapshot, check, plan, migrate and show all use it.
int router_exit_code(ErrorKind kind, bool unreachable, bool store_failed);
// The same as the "status" word of its JSON row: store-failed, unreachable, no-data or failed.
const char *router_status(ErrorKind kind, bool unreachable, bool store_failed);

// The table above as data, in order: `licmig --help` prints it and docs/usage.md lists the same
// words (a test compares them).
struct ExitCodeMeaning {
  ExitCode code;
  const char *meaning;
};
inline constexpr ExitCodeMeaning exit_code_table[] = {
    {exit_ok, "clean: nothing to report, every router migrated"},
    {exit_findings,
     "findings: error findings, a refused plan, routers skipped; `diff`: the snapshots differ; `show`: a command "
     "answered with an IOS error; `parse`: text not recognised"},
    {exit_usage,
     "usage, input or no data: bad arguments, unreadable or malformed file, a router without a user name, no stored "
     "snapshot to read"},
    {exit_unreachable, "some routers unreachable (connection, authentication or host key)"},
    {exit_failed, "some routers failed after connecting (a command or the session failed, a `migrate` step failed)"},
    {exit_store_unavailable, "the store is unavailable: in use by another run (busy) or not writable/full"},
    {exit_interrupted_sigint,
     "`migrate` (or `rollback`) interrupted by SIGINT: routers in flight stopped at a safe point; resume with the "
     "printed command"},
    {exit_interrupted_sigterm, "`migrate` interrupted by SIGTERM: as 130"},
};

// The meaning of one code (the table's words).
inline const char *exit_code_meaning(ExitCode code) {
  for (const auto &row : exit_code_table) {
    if (row.code == code) return row.meaning;
  }
  return "";
}

// The codes each command can return: its `licmig help CMD` footer and the per-command table of
// docs/usage.md. A new command adds its row here (and to docs/usage.md; a test compares them).
struct CommandExitCodes {
  const char *command;
  std::vector<ExitCode> codes;
};
inline const std::vector<CommandExitCodes> &command_exit_codes() {
  static const std::vector<CommandExitCodes> table = {
      {"snapshot", {exit_ok, exit_usage, exit_unreachable, exit_failed, exit_store_unavailable}},
      {"check", {exit_ok, exit_findings, exit_usage, exit_unreachable, exit_failed, exit_store_unavailable}},
      {"plan", {exit_ok, exit_findings, exit_usage, exit_unreachable, exit_failed, exit_store_unavailable}},
      {"migrate",
       {exit_ok, exit_findings, exit_usage, exit_unreachable, exit_failed, exit_store_unavailable,
        exit_interrupted_sigint, exit_interrupted_sigterm}},
      {"rollback",
       {exit_ok, exit_findings, exit_usage, exit_unreachable, exit_failed, exit_store_unavailable,
        exit_interrupted_sigint, exit_interrupted_sigterm}},
      {"show", {exit_ok, exit_findings, exit_usage, exit_unreachable, exit_failed}},
      {"diff", {exit_ok, exit_findings, exit_usage}},
      {"store", {exit_ok, exit_usage, exit_store_unavailable}},
      {"report", {exit_ok, exit_usage, exit_store_unavailable}},
      {"stage", {exit_ok, exit_findings, exit_usage, exit_unreachable, exit_failed, exit_store_unavailable}},
      {"inventory", {exit_ok, exit_usage}},
      {"parse", {exit_ok, exit_findings, exit_usage}},
      {"matrix", {exit_ok, exit_usage}},
      {"rules", {exit_ok, exit_usage}},
      {"help", {exit_ok, exit_usage}},
  };
  return table;
}

// "Exit codes:\n  0  meaning\n..." for one command (its rows of the table), or every code when
// `command` has no row.
inline std::string exit_codes_text(const std::string &command) {
  std::string text = "Exit codes (docs/usage.md):\n";
  for (const auto &c : command_exit_codes()) {
    if (command != c.command) continue;
    for (auto code : c.codes) {
      text += "  " + std::to_string(static_cast<int>(code)) + "  " + exit_code_meaning(code) + "\n";
    }
    return text;
  }
  for (const auto &row : exit_code_table) {
    text += "  " + std::to_string(static_cast<int>(row.code)) + "  " + row.meaning + "\n";
  }
  return text;
}

}  // namespace licmig::migrate
