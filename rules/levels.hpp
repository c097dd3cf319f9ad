// License levels of ASR 900/920 routers (`license boot level X`, `License Level:`), their order,
// and what a reload into a release does to a router's license mode and level — the behaviour model
// of the vendor guide (DESIGN.md), used by the checks and the planner.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "rules/matrix.hpp"
#include "snapshot/model.hpp"

namespace licmig::rules {

inline constexpr const char *default_boot_level = "metroaccess";

// Lower-cased level name; "" for an empty input.
std::string normalise_level(const std::string &level);
// 1 metroaccess, 2 metroipaccess / metroaggrservices, 3 advancedmetroipaccess; 0 unknown.
int level_rank(const std::string &level);
bool is_boot_level(const std::string &level);

// The highest-ranked Permanent PAK license that is a boot level ("" when none).
std::string permanent_pak_level(const snapshot::Snapshot &snap);

// The saved configuration that decides what a reload does.
struct SavedConfig {
  std::optional<std::string> boot_level;  // `license boot level X` saved
  std::optional<bool> smart_enable;       // `license smart enable` (true) / `no license smart enable` (false)
};

struct ReloadOutcome {
  snapshot::LicenseMode mode = snapshot::LicenseMode::unknown;
  std::string level;
  std::string why;            // one line: which rule of the guide decided the level
  bool pak_snapshot = false;  // the router takes a PAK snapshot on this boot
};

// What a router in `snap`'s state comes up as after a reload into `target` with `saved`.
ReloadOutcome predict_reload(const snapshot::Snapshot &snap, const snapshot::Release &target, const SavedConfig &saved,
                             const SupportMatrix &matrix);

// The saved configuration as the snapshot shows it.
SavedConfig saved_config_of(const snapshot::Snapshot &snap);

// The release a snapshot says the router runs (snapshot::release_of of its `show version`); nullopt
// when absent or unparseable.
std::optional<snapshot::Release> release_of(const snapshot::Snapshot &snap);

}  // namespace licmig::rules
