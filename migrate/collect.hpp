// Taking a snapshot of one router over a RouterSession: runs the read-only commands licmig records,
// parses each into the Snapshot, keeps every raw output and notes what a release does not have.
// Changes nothing on the router. The outputs, and so the raw texts and every field parsed from
// them, are as masked as the session gives them (a DeviceSession masks every secret).
//
// Thread-safety: one call per session; sessions of different routers may run in parallel.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "migrate/router_session.hpp"
#include "snapshot/model.hpp"

namespace licmig::migrate {

// The commands a snapshot runs are snapshot::snapshot_commands() (snapshot/parser_registry.hpp).

struct Collected {
  snapshot::Snapshot snap;
  std::vector<std::string> notes;  // "show platform software sl-infra pak-info: not on this release"
  // Commands whose output was theirs but broken (truncated, garbled): their record is not complete.
  std::vector<std::string> malformed;
};

// Fails when the session fails (the Status says how: timed out, refused, ...) or when `show
// version` is not recognised; any other command that fails to parse is a note, not a failure.
Result<Collected> collect_snapshot(RouterSession &session, const std::string &host, const std::string &taken_at);

// Adds `verify /md5` of `image` (a bootflash file name) to snap.image_checks when the snapshot's
// bootflash listing has the file (read-only: the router only computes the checksum; the answer is
// read by snapshot::parse_verify_md5). Returns a note when the router gave no checksum; transport
// failures are errors.
Result<std::optional<std::string>> verify_image_into(RouterSession &session, const std::string &image,
                                                     snapshot::Snapshot &snap);

}  // namespace licmig::migrate
