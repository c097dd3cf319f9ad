// Reports of a fleet check: a table for people, JSON for programs and JUnit XML for CI systems (a
// testsuite per router, a testcase per rule; error findings are failures, an unreachable router is
// an error, warnings and info are passing testcases with the finding in system-out).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "rules/findings.hpp"

namespace licmig::migrate {

struct HostCheck {
  std::string host;
  bool checked = false;  // a snapshot was available and the rules ran
  bool unreachable = false;
  std::string error;  // why it was not checked
  std::string snapshot_path;
  std::vector<rules::Finding> findings;
};

std::string check_table(const std::vector<HostCheck> &checks);
std::string check_json(const std::vector<HostCheck> &checks);
std::string check_junit(const std::vector<HostCheck> &checks, const std::string &suite_name);

// Exit code for a check: 3 if any router was unreachable or unchecked, else 1 if any error
// finding, else 0.
int check_exit_code(const std::vector<HostCheck> &checks);

}  // namespace licmig::migrate
