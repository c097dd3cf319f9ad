// License levels of ASR 900/920 routers (`license boot level X`, `License Level:`), their order,
// and what a reload into a release does to a router's license mode and level — the behaviour model
// of the vendor guide (DESIGN.md), used by the checks and the planner.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/matrix.hpp"
#include "snapshot/model.hpp"

namespace licmig::rules {

inline constexpr const char *default_boot_level = "metroaccess";

// Lower-cased level name; "" for an empty input.
std::string normalise_level(const std::string &level);
// 1 metroaccess, 2 metroipaccess / metroaggrservices, 3 advancedmetroipaccess; 0 unknown (a port
// license such as 10GEupgradelicense is never a level). The guide names three boot levels ("Recording
// Snapshot of Licenses": Metro Access, Metro IP Access, Advanced Metro IP Access) and shows
// metroaggrservices as a level in its 16.06.10 and 17.7.1 examples; it does not rank
// metroaggrservices. Guide silent: our conservative reading ranks it with metroipaccess, so that a
// move between the two is never taken for a gain.
int level_rank(const std::string &level);
bool is_boot_level(const std::string &level);

// The highest-ranked Permanent PAK license that is a boot level ("" when none).
std::string permanent_pak_level(const snapshot::Snapshot &snap);

// What licmig knows of the PAK licenses a router holds. In Smart and No-License mode the router hides
// them ("Once Smart Licensing mode is enabled, all CLIs related to the traditional licensing mode are
// disabled"), so they come from three sources: `show license` (traditional mode), the router's own
// PAK snapshot (`show platform software sl-infra pak-info`, 17.8-17.10) and licmig's stored record of
// the router from an earlier snapshot (`recorded`, taken while it was traditional).
struct KnownPak {
  std::string feature;  // lower case
  std::string type;     // "Permanent", "EvalRightToUse", ... ("" when not said)
};
struct PakKnowledge {
  std::vector<KnownPak> licenses;
  bool any_source = false;  // at least one source was available (even if it listed nothing)
  // The license for `level` (a Permanent one first), or nullptr.
  const KnownPak *find(const std::string &level) const;
  // The highest-ranked boot level among Permanent licenses ("" when none).
  std::string permanent_level() const;
  // The highest-ranked boot level among all licenses ("" when none).
  std::string any_level() const;
  // Whether one of the licenses is a port license (not a boot level, e.g. 10GEupgradelicense);
  // nullopt when no source was available.
  std::optional<bool> port_license() const;
};
PakKnowledge known_paks(const snapshot::Snapshot &snap, const std::vector<snapshot::PakLicense> &recorded = {});

// The saved configuration that decides what a reload does.
struct SavedConfig {
  std::optional<std::string> boot_level;  // `license boot level X` saved
  std::optional<bool> smart_enable;       // `license smart enable` (true) / `no license smart enable` (false)
};

struct ReloadOutcome {
  snapshot::LicenseMode mode = snapshot::LicenseMode::unknown;
  std::string level;
  std::string license_type;   // traditional: the type of the license for the level ("" when unknown)
  std::string why;            // one line: which rule of the guide decided the level
  bool pak_snapshot = false;  // the router holds a PAK snapshot after this boot (17.8-17.10)
  // The level came only from the router's PAK snapshot: a later reload into 17.11 or later drops it
  // (guide silent; our conservative reading, docs/behaviour.md).
  bool level_from_snapshot = false;
};

// What a router in `snap`'s state comes up as after a reload into `target` with `saved`;
// `recorded` are the PAK licenses of licmig's stored record of the router (known_paks).
ReloadOutcome predict_reload(const snapshot::Snapshot &snap, const snapshot::Release &target, const SavedConfig &saved,
                             const SupportMatrix &matrix, const std::vector<snapshot::PakLicense> &recorded = {});

// Licensed ports after `no license smart enable` (guide: Enable and Register Smart Licensing, step 2,
// note): "All ports go to admin down state on executing the no smart license enable command ...
// Default (license free) ports—Reload the router. Licensed ports—Perform no shutdown of router
// followed by reload." The one owner of that rule on licmig's side:
//   - licensed_ports_stay_down: whether, after `no license smart enable` and the reload that follows,
//     the router has ports left admin down — true when it holds a port license (a PAK license that
//     is not a boot level, e.g. 10GEupgradelicense), false when it holds none, nullopt when licmig has
//     no record of its PAK licenses (known_paks);
//   - interfaces_up: the interfaces the snapshot's running configuration shows not shut down, the
//     ones `no shutdown` brings back (empty when the snapshot holds no running configuration).
std::optional<bool> licensed_ports_stay_down(const snapshot::Snapshot &snap,
                                             const std::vector<snapshot::PakLicense> &recorded = {});
std::vector<std::string> interfaces_up(const snapshot::Snapshot &snap);

// The saved configuration as the snapshot shows it.
SavedConfig saved_config_of(const snapshot::Snapshot &snap);

// The release a snapshot says the router runs (snapshot::release_of of its `show version`); nullopt
// when absent or unparseable.
std::optional<snapshot::Release> release_of(const snapshot::Snapshot &snap);

}  // namespace licmig::rules
