// Is the router still the one a plan was made for, in the state the plan was made from? Compares
// the snapshot a plan was made from with a fresh one taken immediately before the first change (or
// before a resumed run's next step):
//   identity  hostname, chassis serial (processor board ID), the UDI's PID and serial number
//   state     release, license mode, license level, saved `license boot level`, `boot system`
//             lines, PAK licenses (feature, type, state)
// Any difference means the plan is stale: the router is refused, never changed on an old plan.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "snapshot/diff.hpp"
#include "snapshot/model.hpp"

namespace licmig::snapshot {

struct Identity {
  std::string hostname;
  std::string serial;  // processor board ID of `show version`
  std::string udi;     // "PID:SN" of the first UDI `show license` reports
  bool operator==(const Identity &o) const { return hostname == o.hostname && serial == o.serial && udi == o.udi; }
  bool operator!=(const Identity &o) const { return !(*this == o); }
};

Identity identity_of(const Snapshot &snap);

// The differences between the snapshot a plan was made from and the router now; identity
// differences first. Empty when the plan still holds.
std::vector<Change> drift(const Snapshot &planned_from, const Snapshot &now);

// "changed since the plan: serial was A, now B; license_level was X, now Y — run plan again"
std::string describe_drift(const std::vector<Change> &changes);

}  // namespace licmig::snapshot
