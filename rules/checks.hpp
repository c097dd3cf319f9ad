// Pre-flight compliance checks: pure functions of snapshot(s) + target -> findings. Every finding
// names its rule (rule_catalog()), the guide section it comes from and the exact commands that
// remedy it.
//
// Thread-safety: pure functions; the catalog is immutable.
#pragma once

#include <optional>
#include <vector>

#include "rules/findings.hpp"
#include "rules/levels.hpp"
#include "rules/matrix.hpp"
#include "snapshot/model.hpp"

namespace licmig::rules {

const std::vector<Rule> &rule_catalog();
const Rule *find_rule(const std::string &id);

// Which interface licmig's session arrives on, as LM030 and LM031 judge it -- the one owner of that
// decision for check, plan and migrate: the router's own answer (the snapshot's session path: the
// interface of `show ip interface brief` owning the address the session reached) when it names one;
// else the inventory's mgmt_interface; else unknown. ctx.session_via_data_port forces a data port.
struct SessionDecision {
  bool known = false;      // an interface is known (from the router or the inventory)
  bool data_port = false;  // it is not the management interface
  std::string interface;   // its name ("" unknown)
  std::string source;      // "the router" | "the inventory (mgmt_interface)" | ""
};
SessionDecision session_decision(const snapshot::Snapshot &snap, const CheckContext &ctx);

// Checks one router against the target.
std::vector<Finding> check_router(const snapshot::Snapshot &snap, const Target &target, const CheckContext &ctx,
                                  const SupportMatrix &matrix = SupportMatrix::builtin());

// LM030 for sending `no license smart enable` to this router (a migration's path or a rollback's way
// back): the session arrives on a data port, or nothing tells which interface it arrives on (the
// conservative reading: unproven is refused). nullopt: the session is on the management interface.
std::optional<Finding> smart_disable_session_finding(const snapshot::Snapshot &snap, const CheckContext &ctx);

// The findings that forbid planning any path to `target`: the target, an intermediate release (`via`)
// or the current release outside the support matrix (LM001, LM002); a mode or Specific License
// Reservation the target release lacks (LM020, LM021, LM022, LM091); a path that needs
// `no license smart enable` over a data port (LM030). The planner refuses with exactly these, in
// this order; `check_router` reports the same findings in the same words. Empty: the path may be
// planned.
std::vector<Finding> blocking_findings(const snapshot::Snapshot &snap, const Target &target, const CheckContext &ctx,
                                       const std::vector<snapshot::Release> &via = {},
                                       const SupportMatrix &matrix = SupportMatrix::builtin());

// Findings the planner meets while it walks a path (they depend on the state the path reaches).
// LM084: the target image cannot be staged on the router: `why` (with the numbers), `remedy` the
// command that would.
Finding image_cannot_be_staged(const std::string &host, const std::string &why, const std::string &remedy);
// LM082: the path changes release to `hop` and no image file was given for it.
Finding hop_without_image(const std::string &host, const snapshot::Release &hop);
// LM012: a reload into `hop` would bring the router up at `outcome.level`, below `level_now`.
Finding level_would_drop(const std::string &host, const snapshot::Release &hop, const ReloadOutcome &outcome,
                         const std::string &level_now);

// LM063: the plan registers on 17.8.1 a router that was registered before (its record shows a
// registration, or the token was used on it): "the router in Smart Licensing mode may go into an
// Unregistered-Registration state post reload ... when you try to reregister ... with the same
// token". nullopt when it does not apply. check_router reports it; the planner notes it.
std::optional<Finding> reregister_same_token(const snapshot::Snapshot &snap, const Target &target);

// Checks that the two routers of an HA pair agree (PAK licenses, release, boot level). The one HA
// policy of `check`, `plan` and `migrate` (plan_fleet applies it; every target release alike): the
// guide's continuous standby reload (LM040, "Recording Snapshot of Licenses": "if you have added,
// removed or downgraded your PAK licenses, you might face issues with the standby router reloading
// continuously") is written for the move to Smart Licensing (17.7.1 and later); for a target before
// 17.7.1 the guide is silent, and our conservative reading refuses the pair all the same — its remedy
// ("a factory reset of all routers in a HA setup") is about the pair, not the release.
std::vector<Finding> check_ha_pair(const snapshot::Snapshot &active, const snapshot::Snapshot &standby);

// LM043: `host`'s HA partner `partner` cannot be changed (`why`): the pair moves together.
Finding ha_partner_refused(const std::string &host, const std::string &partner, const std::string &why);

// A finding of rule `id` of the catalog on `host` (rules whose findings are made outside the checks:
// the rollback planner's LM100-LM104).
Finding make_finding(const std::string &id, const std::string &host, std::string message,
                     std::vector<std::string> remediation = {});

// The catalog as Markdown (docs/rules.md is this text).
std::string rules_markdown();

}  // namespace licmig::rules
