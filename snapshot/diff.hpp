// What changed between two snapshots of a router: release, license mode, levels, PAK licenses,
// PAK snapshot, Smart registration and authorization, boot images, the interface the session
// arrived on, and which secrets of the
// running-config changed (field "secret LINE", the line with its secrets blanked; before and after
// are masks, snapshot/secrets.hpp, never the secrets) — as lines for people and as JSON.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "snapshot/model.hpp"

namespace licmig::snapshot {

struct Change {
  std::string field;   // e.g. "release", "license_level", "pak_license advancedmetroipaccess"
  std::string before;  // "" = absent
  std::string after;
};

std::vector<Change> diff_snapshots(const Snapshot &before, const Snapshot &after);
std::string render_diff(const Snapshot &before, const Snapshot &after, const std::vector<Change> &changes);
nlohmann::json diff_json(const Snapshot &before, const Snapshot &after, const std::vector<Change> &changes);

}  // namespace licmig::snapshot
