// Snapshots and targets the rules' tests share (rules_test, levels_test): a PAK router, a Smart
// router reached on its management port, a target by release and mode.
#pragma once

#include "rules/checks.hpp"
#include "snapshot/model.hpp"
#include "snapshot/release.hpp"

namespace licmig::rules::samples {

using snapshot::LicenseMode;
using snapshot::Release;
using snapshot::Snapshot;

inline Snapshot pak_router(const char *version = "16.09.04", const char *level = "advancedmetroipaccess") {
  Snapshot s;
  s.host = "pe1";
  s.version.version = version;
  s.license_mode = LicenseMode::traditional;
  s.license_level = level;
  snapshot::PakLicense pak;
  pak.index = 1;
  pak.feature = level;
  pak.license_type = "Permanent";
  pak.license_state = "Active, In Use";
  s.pak_licenses.push_back(pak);
  return s;
}

inline Snapshot smart_router(const char *version = "17.06.01") {
  Snapshot s;
  s.host = "pe2";
  s.version.version = version;
  s.license_mode = LicenseMode::smart;
  s.license_level = "metroipaccess";
  s.configured_boot_level = "metroipaccess";
  s.running_config.smart_enable = true;
  // reached on its management port, as collect.cpp records it (LM030 asks for the evidence)
  s.session = snapshot::SessionPath{"192.0.2.1", "GigabitEthernet0", true, "the session reached 192.0.2.1"};
  return s;
}

inline Target target(const char *release, TargetMode mode = TargetMode::no_license) {
  Target t;
  t.release_text = release;
  auto r = Release::parse(release);
  if (r) t.release = r.value();
  t.mode = mode;
  return t;
}

}  // namespace licmig::rules::samples
