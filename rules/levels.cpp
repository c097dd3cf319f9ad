#include "rules/levels.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "snapshot/interfaces.hpp"
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

namespace {

bool installed(const snapshot::PakLicense &lic) {
  // `show license` lists every feature the image knows; a bare "Index N Feature: X" (no type) and an
  // evaluation license never activated hold no license.
  if (!lic.license_type) return false;
  return lic.period_left.value_or("") != "Not Activated";
}

bool is_permanent(const KnownPak &p) { return base::to_lower(p.type) == "permanent"; }

}  // namespace

const KnownPak *PakKnowledge::find(const std::string &level) const {
  const KnownPak *any = nullptr;
  for (const auto &p : licenses) {
    if (p.feature != normalise_level(level)) continue;
    if (is_permanent(p)) return &p;
    if (!any) any = &p;
  }
  return any;
}

std::string PakKnowledge::permanent_level() const {
  std::string best;
  for (const auto &p : licenses) {
    if (is_permanent(p) && level_rank(p.feature) > level_rank(best)) best = p.feature;
  }
  return best;
}

std::string PakKnowledge::any_level() const {
  std::string best;
  for (const auto &p : licenses) {
    if (level_rank(p.feature) > level_rank(best)) best = p.feature;
  }
  return best;
}

std::optional<bool> PakKnowledge::port_license() const {
  if (!any_source) return std::nullopt;
  return std::any_of(licenses.begin(), licenses.end(), [](const KnownPak &p) { return !is_boot_level(p.feature); });
}

std::optional<bool> licensed_ports_stay_down(const snapshot::Snapshot &snap,
                                             const std::vector<snapshot::PakLicense> &recorded) {
  return known_paks(snap, recorded).port_license();
}

std::vector<std::string> interfaces_up(const snapshot::Snapshot &snap) {
  std::vector<std::string> out;
  for (const auto &r : snap.raw) {
    if (r.command != "show running-config") continue;
    for (const auto &i : snapshot::interfaces_of_config(r.text)) {
      if (!i.shutdown) out.push_back(i.name);
    }
    break;
  }
  return out;
}

PakKnowledge known_paks(const snapshot::Snapshot &snap, const std::vector<snapshot::PakLicense> &recorded) {
  PakKnowledge k;
  auto add = [&](const std::string &feature, const std::string &type) {
    KnownPak p{normalise_level(feature), type};
    for (const auto &q : k.licenses) {
      if (q.feature == p.feature && q.type == p.type) return;
    }
    k.licenses.push_back(std::move(p));
  };
  if (snap.license_mode == LicenseMode::traditional) k.any_source = true;
  for (const auto &lic : snap.pak_licenses) {
    if (installed(lic)) add(lic.feature, *lic.license_type);
  }
  if (snap.pak_snapshot && snap.pak_snapshot->available.value_or(false)) {
    k.any_source = true;
    for (const auto &e : snap.pak_snapshot->entries) add(e.license_name, e.license_type.value_or(""));
  }
  if (!recorded.empty()) k.any_source = true;
  for (const auto &lic : recorded) {
    if (installed(lic)) add(lic.feature, *lic.license_type);
  }
  return k;
}

ReloadOutcome predict_reload(const snapshot::Snapshot &snap, const snapshot::Release &target, const SavedConfig &saved,
                             const SupportMatrix &matrix, const std::vector<snapshot::PakLicense> &recorded) {
  ReloadOutcome out;
  auto row = matrix.lookup(target);
  const bool target_no_license = row && row->no_license;  // 17.7.1 and later
  const bool target_smart = row && row->smart;            // 17.3.1 and later
  const bool target_window = row && row->snapshot;        // 17.8.1-17.10.x
  const bool traditional_now =
      snap.license_mode == LicenseMode::traditional || snap.license_mode == LicenseMode::unknown;
  const std::string current = snap.license_level ? normalise_level(*snap.license_level) : "";
  const PakKnowledge paks = known_paks(snap, recorded);

  // The mode ("Switching License Modes"; "Upgrading to Default Smart Licensing": traditional
  // licenses become No-License on 17.7.1 and later; Smart survives release changes).
  const bool smart_stays = snap.license_mode == LicenseMode::smart && saved.smart_enable.value_or(true);
  const bool smart_on = smart_stays || saved.smart_enable.value_or(false);
  if (target_no_license) {
    out.mode = smart_on ? LicenseMode::smart : LicenseMode::no_license;
  } else if (target_smart && smart_on && snap.license_mode != LicenseMode::no_license) {
    // No-License below 17.7.1: "The router operates in traditional mode" (Downgrading the Router from
    // No-license mode to Traditional Licensing), whatever is saved (guide silent on a saved `license
    // smart enable`: our conservative reading)
    out.mode = LicenseMode::smart;
  } else {
    out.mode = LicenseMode::traditional;
  }

  if (out.mode != LicenseMode::traditional) {
    // The router holds its PAK snapshot after this boot: one it has, or one it takes now (a
    // traditional router with installed PAK licenses booting 17.8.1-17.10.x).
    const bool has_snapshot =
        snap.pak_snapshot && snap.pak_snapshot->available.value_or(false) && !snap.pak_snapshot->entries.empty();
    const bool takes_snapshot = target_window && traditional_now && !has_snapshot && !paks.licenses.empty();
    out.pak_snapshot = target_window && (has_snapshot || takes_snapshot);
    std::string snapshot_level;
    if (has_snapshot) {
      PakKnowledge in_snapshot;
      for (const auto &e : snap.pak_snapshot->entries) {
        in_snapshot.licenses.push_back({normalise_level(e.license_name), e.license_type.value_or("")});
      }
      snapshot_level = in_snapshot.permanent_level();
    } else if (takes_snapshot) {
      snapshot_level = paks.permanent_level();
    }
    if (saved.boot_level) {
      out.level = *saved.boot_level;
      out.why = "the saved license boot level";
    } else if (target_window && !snapshot_level.empty()) {
      // "After upgrading to the Smart Licensing or No-License mode, the router boots with the license
      // level matching the permanent license."
      out.level = snapshot_level;
      out.level_from_snapshot = true;
      out.why = "the router's PAK snapshot on " + target.base() + " (permanent license)";
    } else {
      out.level = default_boot_level;
      if (!snapshot_level.empty() || (snap.pak_snapshot && !snap.pak_snapshot->entries.empty())) {
        out.why = "no saved boot level; the level of the router's PAK snapshot is not used on " + target.base() +
                  " (guide silent after 17.11: our conservative reading)";
      } else if (out.mode == LicenseMode::smart) {
        out.why = "Smart Licensing without a saved boot level boots the default level";
      } else if (traditional_now) {
        out.why = "no saved boot level and no PAK snapshot: the default level";
      } else {
        out.why = "no saved boot level: the default level";
      }
    }
    return out;
  }

  // Traditional licensing: "Licenses are used if feature configurations exist on router. If feature
  // license is not available, then corresponding configuration is removed."
  auto from_licenses = [&](const std::string &lead) {
    std::string level = paks.permanent_level();
    if (level.empty()) level = paks.any_level();
    if (!paks.any_source) {
      out.level = default_boot_level;
      out.why = lead +
                "licmig knows of no PAK license of this router (it hides them outside traditional mode, "
                "and licmig has no record from when it was traditional): the default level";
    } else if (level.empty()) {
      out.level = default_boot_level;
      out.why = lead + "no PAK license for a boot level is installed: the default level";
    } else {
      out.level = level;
      out.why = lead + "traditional licensing uses the installed PAK license " + level;
    }
  };
  if (saved.boot_level) {
    const std::string &bl = *saved.boot_level;
    if (bl == default_boot_level || paks.find(bl)) {
      out.level = bl;
      out.why = "traditional licensing at the saved license boot level";
    } else {
      from_licenses("without a license for the saved boot level " + bl + " its configuration is removed; ");
    }
  } else if (traditional_now && !current.empty()) {
    out.level = current;
    out.why = "traditional licensing keeps the installed licenses";
  } else {
    from_licenses("");
  }
  if (const KnownPak *p = paks.find(out.level)) out.license_type = p->type;
  return out;
}

}  // namespace licmig::rules
