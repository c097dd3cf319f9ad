// Is a snapshot a complete record of a router's licenses? A migration erases PAK licenses, so no
// router may be reconfigured or reloaded on the strength of a record with a hole in it: a license
// command that was denied (`% Authorization failed.`: the account lacks privilege 15 or AAA command
// authorization), answered nothing, answered an IOS error, or answered text licmig could not read;
// or a record whose license mode or level is unknown.
//
// What a complete record needs, by the router's mode and release:
//   always            show version (recognised, mode and level known), show running-config,
//                     show license udi (the router's identity)
//   traditional       show license (its PAK licenses)
//   Smart/No-License  show license summary or show license status
//   17.8.1-17.10.x    show platform software sl-infra pak-info (the router's own PAK snapshot)
// Everywhere else `pak-info` does not exist and its `% Invalid input` is expected.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "rules/matrix.hpp"
#include "snapshot/model.hpp"

namespace licmig::rules {

struct RecordGap {
  std::string command;  // the command whose record is missing or unreadable ("" for derived fields)
  std::string cause;    // why, for people: "command authorization failed: ..."
};

// The gaps in `snap`'s record of its licenses; empty when it is complete.
std::vector<RecordGap> record_gaps(const snapshot::Snapshot &snap,
                                   const SupportMatrix &matrix = SupportMatrix::builtin());

// "show license: command authorization failed (...); show license udi: no output" — for refusals.
std::string describe_gaps(const std::vector<RecordGap> &gaps);

}  // namespace licmig::rules
