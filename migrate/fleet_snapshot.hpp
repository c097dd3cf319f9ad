// Getting a snapshot of every selected router: live over SSH (read-only; stored atomically under
// the store) or, with --from-store, the newest stored one.
//
// Two forms: each_snapshot() hands every router's result to a sink as soon as that router is done and
// keeps nothing (memory does not grow with the fleet's snapshots: `licmig snapshot` spools one row
// per router to disk, check/plan/migrate plan each router as it arrives, fleet_plan.hpp);
// acquire_snapshots() collects them all, for `rollback`, which plans from the journal's records.
//
// Thread-safety: both run hosts in parallel internally; call them from one thread. The sink is
// called from the worker threads, one call at a time (serialised internally), in completion order.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "migrate/fleet.hpp"
#include "snapshot/model.hpp"

namespace licmig::migrate {

struct HostSnapshot {
  const inventory::Host *host = nullptr;
  std::optional<snapshot::Snapshot> snap;
  std::string path;           // where it is stored
  Status error;               // why there is no snapshot
  bool unreachable = false;   // the error was reaching or logging in to the router
  bool store_failed = false;  // the error was the store's: the snapshot could not be written
  std::vector<std::string> notes;
  bool stored = false;  // a new record was written (else `path` is the latest, equal record)
};

// When a live snapshot is written to the store: `snapshot` always records; the other read-only
// commands (check, plan, migrate's pre-flight and --dry-run) only when it is not the same record
// (snapshot::same_record) as the router's latest one, whose path they then use.
enum class StoreWhen { always, when_changed };

// `verify_image` (a bootflash file name, "" = none): on a live snapshot, also record the router's
// `verify /md5` of that file when it is on bootflash (rule LM081 needs it).
using SnapshotSink = std::function<void(std::size_t host_index, HostSnapshot &&result)>;
void each_snapshot(const Fleet &fleet, const FleetOptions &options, bool from_store, Io io, const std::string &label,
                   const std::string &verify_image, StoreWhen when, const SnapshotSink &sink);

std::vector<HostSnapshot> acquire_snapshots(const Fleet &fleet, const FleetOptions &options, bool from_store, Io io,
                                            const std::string &label, const std::string &verify_image = "",
                                            StoreWhen when = StoreWhen::when_changed);

}  // namespace licmig::migrate
