#include "rules/levels.hpp"

#include "snapshot/text.hpp"

namespace licmig::rules {

using snapshot::LicenseMode;

std::string normalise_level(const std::string &level) { return base::to_lower(base::trim(level)); }

int level_rank(const std::string &level) {
  auto l = normalise_level(level);
  if (l == "metroaccess") return 1;
  if (l == "metroipaccess" || l == "metroaggrservices") return 2;
  if (l == "advancedmetroipaccess") return 3;
  return 0;
}

bool is_boot_level(const std::string &level) { return level_rank(level) > 0; }

std::string permanent_pak_level(const snapshot::Snapshot &snap) {
  std::string best;
  for (const auto &lic : snap.pak_licenses) {
    if (!lic.license_type || base::to_lower(*lic.license_type) != "permanent") continue;
    if (level_rank(lic.feature) > level_rank(best)) best = normalise_level(lic.feature);
  }
  return best;
}

SavedConfig saved_config_of(const snapshot::Snapshot &snap) {
  SavedConfig s;
  if (snap.configured_boot_level) s.boot_level = normalise_level(*snap.configured_boot_level);
  s.smart_enable = snap.running_config.smart_enable;
  return s;
}

std::optional<snapshot::Release> release_of(const snapshot::Snapshot &snap) {
  return snapshot::release_of(snap.version);
}

ReloadOutcome predict_reload(const snapshot::Snapshot &snap, const snapshot::Release &target, const SavedConfig &saved,
                             const SupportMatrix &matrix) {
  ReloadOutcome out;
  auto row = matrix.lookup(target);
  const bool target_no_license = row && row->no_license;  // 17.7.1 and later
  const bool target_smart = row && row->smart;
  const bool target_snapshot = row && row->snapshot;
  const std::string current = snap.license_level ? normalise_level(*snap.license_level) : "";
  const std::string pak = permanent_pak_level(snap);
  const bool smart_on = saved.smart_enable.value_or(snap.license_mode == LicenseMode::smart);

  auto level_from_boot_or = [&](const std::string &fallback, const std::string &fallback_why) {
    if (saved.boot_level) {
      out.level = *saved.boot_level;
      out.why = "the saved license boot level";
    } else {
      out.level = fallback;
      out.why = fallback_why;
    }
  };

  switch (snap.license_mode) {
    case LicenseMode::traditional:
    case LicenseMode::unknown:
      if (target_no_license) {
        out.mode = smart_on ? LicenseMode::smart : LicenseMode::no_license;
        out.pak_snapshot = target_snapshot && !snap.pak_licenses.empty();
        if (!saved.boot_level && out.pak_snapshot && !pak.empty()) {
          out.level = pak;
          out.why = "the PAK snapshot taken on " + target.base() + " (permanent license)";
        } else {
          level_from_boot_or(default_boot_level, "no saved boot level and no PAK snapshot: the default level");
        }
      } else if (target_smart && smart_on) {
        out.mode = LicenseMode::smart;
        level_from_boot_or(default_boot_level, "Smart Licensing without a saved boot level boots the default level");
      } else {
        out.mode = LicenseMode::traditional;
        out.level = current.empty() ? (pak.empty() ? default_boot_level : pak) : current;
        out.why = "traditional licensing keeps the installed licenses";
      }
      break;
    case LicenseMode::smart:
      if (target_smart && smart_on) {
        out.mode = LicenseMode::smart;
        level_from_boot_or(current.empty() ? default_boot_level : current, "Smart Licensing keeps its level");
      } else if (target_no_license) {
        out.mode = LicenseMode::no_license;
        level_from_boot_or(current.empty() ? default_boot_level : current, "No-License mode keeps the level");
      } else {
        out.mode = LicenseMode::traditional;
        out.level = pak.empty() ? default_boot_level : pak;
        out.why = pak.empty() ? "traditional licensing with no PAK license installed runs at the default level"
                              : "traditional licensing uses the installed PAK licenses";
      }
      break;
    case LicenseMode::no_license:
      if (target_no_license) {
        out.mode = smart_on ? LicenseMode::smart : LicenseMode::no_license;
        level_from_boot_or(current.empty() ? default_boot_level : current, "the level is kept across 17.7+ releases");
      } else {
        out.mode = LicenseMode::traditional;
        out.level = pak.empty() ? default_boot_level : pak;
        out.why = pak.empty()
                      ? "a downgrade below 17.7 returns to traditional licensing, and no PAK license is installed"
                      : "a downgrade below 17.7 returns to traditional licensing with the installed PAK licenses";
      }
      break;
  }
  return out;
}

}  // namespace licmig::rules
