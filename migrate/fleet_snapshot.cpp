#include "migrate/fleet_snapshot.hpp"

#include <mutex>
#include <utility>

#include "devices/transport.hpp"
#include "migrate/collect.hpp"
#include "snapshot/diff.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

HostSnapshot snapshot_one(const inventory::Host &host, const FleetOptions &options, bool from_store,
                          const std::string &verify_image, StoreWhen when) {
  HostSnapshot hs;
  hs.host = &host;
  snapshot::Store store(options.connect.store);
  if (from_store) {
    auto path = store.latest(host.name);
    if (!path) {
      hs.error = path.status();
      return hs;
    }
    auto snap = store.load(path.value());
    if (!snap) {
      hs.error = snap.status();
      return hs;
    }
    hs.path = path.value();
    hs.snap = std::move(snap).value();
    return hs;
  }
  auto session = make_device_session(host, options.connect);
  if (!session) {
    hs.error = session.status();
    return hs;
  }
  auto &s = *session.value();
  if (auto st = s.open(); !st) {
    hs.error = st;
    hs.unreachable = devices::is_connection_failure(st.kind());
    s.close();
    return hs;
  }
  auto collected = collect_snapshot(s, host.name, snapshot::utc_timestamp());
  if (collected && !verify_image.empty()) {
    auto verified = verify_image_into(s, verify_image, collected->snap);
    if (!verified) {
      collected = verified.status();
    } else if (verified.value()) {
      collected->notes.push_back(*verified.value());
    }
  }
  s.close();
  if (!collected) {
    hs.error = collected.status();
    hs.unreachable = devices::is_connection_failure(collected.status().kind());
    return hs;
  }
  hs.notes = collected->notes;
  if (when == StoreWhen::when_changed) {
    if (auto latest = store.latest(host.name)) {
      auto previous = store.load(latest.value());
      if (previous && snapshot::same_record(previous.value(), collected->snap)) {
        hs.path = latest.value();
        hs.snap = std::move(collected->snap);
        return hs;
      }
    }
  }
  auto path = store.save(collected->snap);
  if (!path) {
    hs.error = path.status();
    hs.store_failed = true;
    return hs;
  }
  hs.path = path.value();
  hs.stored = true;
  hs.snap = std::move(collected->snap);
  return hs;
}

}  // namespace

void each_snapshot(const Fleet &fleet, const FleetOptions &options, bool from_store, Io io, const std::string &label,
                   const std::string &verify_image, StoreWhen when, const SnapshotSink &sink) {
  Progress progress(io.err, fleet.hosts.size(), label);
  std::mutex sink_mu;
  run_parallel(fleet.hosts.size(), options.parallel, [&](std::size_t i) {
    HostSnapshot hs = snapshot_one(*fleet.hosts[i], options, from_store, verify_image, when);
    const bool ok = hs.snap.has_value();
    {
      std::lock_guard<std::mutex> lock(sink_mu);
      sink(i, std::move(hs));
    }
    progress.done(fleet.hosts[i]->name, ok);
  });
  progress.finish();
}

std::vector<HostSnapshot> acquire_snapshots(const Fleet &fleet, const FleetOptions &options, bool from_store, Io io,
                                            const std::string &label, const std::string &verify_image, StoreWhen when) {
  std::vector<HostSnapshot> out(fleet.hosts.size());
  each_snapshot(fleet, options, from_store, io, label, verify_image, when,
                [&](std::size_t i, HostSnapshot &&hs) { out[i] = std::move(hs); });
  return out;
}

}  // namespace licmig::migrate
