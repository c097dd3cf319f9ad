// Pre-flight compliance checks: pure functions of snapshot(s) + target -> findings. Every finding
// names its rule (rule_catalog()), the guide section it comes from and the exact commands that
// remedy it.
//
// Thread-safety: pure functions; the catalog is immutable.
#pragma once

#include <vector>

#include "rules/findings.hpp"
#include "rules/matrix.hpp"
#include "snapshot/model.hpp"

namespace licmig::rules {

const std::vector<Rule> &rule_catalog();
const Rule *find_rule(const std::string &id);

// Checks one router against the target.
std::vector<Finding> check_router(const snapshot::Snapshot &snap, const Target &target, const CheckContext &ctx,
                                  const SupportMatrix &matrix = SupportMatrix::builtin());

// Checks that the two routers of an HA pair agree (PAK licenses, release, boot level).
std::vector<Finding> check_ha_pair(const snapshot::Snapshot &active, const snapshot::Snapshot &standby);

// The catalog as Markdown (docs/rules.md is this text).
std::string rules_markdown();

}  // namespace licmig::rules
