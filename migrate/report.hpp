// Reports of the fleet commands. A check: a table for people, JSON for programs and JUnit XML for CI
// systems (a testsuite per router, a testcase per rule; error findings are failures, an unreachable
// router is an error, warnings and info are passing testcases with the finding in system-out). A
// fleet plan: each router's plan as text or JSON. A migrate run: a table, JSON or JUnit (a testcase
// per router).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "migrate/executor.hpp"
#include "migrate/fleet_plan.hpp"
#include "rules/findings.hpp"

namespace licmig::migrate {

struct HostCheck {
  std::string host;
  bool checked = false;  // a snapshot was available and the rules ran
  bool unreachable = false;
  bool store_failed = false;  // not checked because the store could not hold its snapshot
  std::string error;          // why it was not checked
  ErrorKind error_kind = ErrorKind::ok;
  std::string snapshot_path;
  std::vector<rules::Finding> findings;
};

std::string check_table(const std::vector<HostCheck> &checks);
// The JSON reports are migrate/json_report.hpp's envelope (command "check", "plan", "migrate").
std::string check_json(const std::vector<HostCheck> &checks);
std::string check_junit(const std::vector<HostCheck> &checks, const std::string &suite_name);

// Exit code for a check: the worst of each unchecked router's router_exit_code (5 store, 3
// unreachable, 2 no data, 4 failed) and 1 for error findings; else 0.
int check_exit_code(const std::vector<HostCheck> &checks);

// The check of each router of a fleet plan.
std::vector<HostCheck> checks_of(const FleetPlan &plan);

// Every router's plan (`terraform plan` style; "NO PLAN" for a router that could not be read).
std::string plan_table(const FleetPlan &plan);
// `command`: "plan", or "migrate" for `migrate --dry-run`.
std::string plan_json(const FleetPlan &plan, const std::string &command = "plan");
// As check_exit_code: the worst of each unread router's router_exit_code and 1 for a refused plan.
int plan_exit_code(const FleetPlan &plan);

// `command` "rollback": a router's "migrated" outcome reads "rolled-back" (run_table and run_json).
std::string run_table(const std::vector<RouterRun> &runs, const std::string &command = "migrate");
std::string run_json(const std::vector<RouterRun> &runs, const std::string &run_id, int exit_code,
                     const std::string &command = "migrate");
std::string run_junit(const std::vector<RouterRun> &runs, const std::string &name);
// The worst of: 5 the store failed, 4 a router failed, 3 unreachable (2 when its plan could not be
// made for want of input or data: the code `plan` gives for it), 1 refused or skipped; else 0.
int run_exit_code(const std::vector<RouterRun> &runs);

}  // namespace licmig::migrate
