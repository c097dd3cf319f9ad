// The one JSON envelope of every licmig command's `--format json` output:
//
//   {"schema": "licmig/1", "command": "check", "run": null | "RUN-ID",
//    "routers": [ {"host": "pe1", "status": "...", ...}, ... ],
//    "summary": {"routers": N, "exit_code": C, ...counts...}}
//
// Every router row has "host" (the inventory name) and "status" (a word per command: checked,
// unreachable, no-data, store-failed, failed, migrated, ...); a router that could not be worked on
// has "error". "summary" always has "routers" (the row count) and "exit_code" (exit_code.hpp); a
// command adds its counts. A command whose output is not about routers (matrix) puts its data under
// one member named after the command, with "routers": []. Each command's shape is written down as a
// JSON Schema in docs/schema/COMMAND.schema.json and a test validates the real output against it.
//
// Adopting it in a new command takes two lines:
//   JsonReport report{"stage", run_id_or_nullopt};
//   for (...) report.routers.push_back({{"host", name}, {"status", "..."}, ...});
//   text = render_json_report(std::move(report), exit_code);
// then add docs/schema/stage.schema.json and the command to tests/e2e/schema_test.py.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/spool.hpp"

namespace licmig::migrate {

inline constexpr const char *k_json_schema = "licmig/1";

struct JsonReport {
  explicit JsonReport(std::string command_name, std::optional<std::string> run_id = std::nullopt)
      : command(std::move(command_name)), run(std::move(run_id)) {}
  std::string command;
  std::optional<std::string> run;  // the run ID of a `migrate` (null for the others)
  nlohmann::json routers = nlohmann::json::array();
  nlohmann::json summary = nlohmann::json::object();           // "routers" and "exit_code" are added
  std::optional<std::pair<std::string, nlohmann::json>> data;  // a non-router command's payload
};

// The envelope as JSON text (2-space indent, a final newline; invalid UTF-8 replaced by U+FFFD).
// Takes the report by value: pass it with std::move, so that big rows (show's outputs) are not copied.
std::string render_json_report(JsonReport report, int exit_code);

// For a command that keeps its rows out of memory until the end (`licmig snapshot`: base::Spool, as
// each router finishes): a row's text as render_json_report writes it inside "routers", and the
// envelope made of such texts, in index order. The result is the same text render_json_report
// gives with those rows in `report.routers` (which is ignored here). Empty when the spool lost a row.
std::string json_report_row_text(const nlohmann::json &row);
std::optional<std::string> render_json_report(JsonReport report, int exit_code, const base::Spool &rows);

// "ok"/"error" etc. counted per value of the rows' "status": {"migrated": 3, "failed": 1}.
nlohmann::json count_statuses(const nlohmann::json &routers);
// The same count, one row at a time (a command whose rows are spooled, not kept): adds `row`'s status
// to `counts` (an object; null becomes one).
void count_status(nlohmann::json &counts, const nlohmann::json &row);

}  // namespace licmig::migrate
