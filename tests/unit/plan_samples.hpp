// Plans the migrate tests share: a traditional-mode router's snapshot, a No-License target, the
// plan between them (the planner's own, make_plan), and a hand-built plan holding every kind of
// expectation a journal must carry.
#pragma once

#include <string>

#include "migrate/plan.hpp"
#include "rules/findings.hpp"
#include "snapshot/model.hpp"
#include "snapshot/release.hpp"

namespace licmig::migrate::samples {

// A router in traditional mode at `version` and `level`, with one permanent PAK license of the level
// when `with_pak`.
inline snapshot::Snapshot traditional_router(const std::string &host, const std::string &version,
                                             const std::string &level, bool with_pak = true) {
  snapshot::Snapshot s;
  s.host = host;
  s.version.version = version;
  s.license_mode = snapshot::LicenseMode::traditional;
  s.license_level = level;
  if (with_pak) {
    snapshot::PakLicense p;
    p.index = 1;
    p.feature = "advancedmetroipaccess";
    p.license_type = "Permanent";
    s.pak_licenses.push_back(p);
  }
  return s;
}

// The session path collect.cpp records for a router reached on its management interface (the
// evidence LM030 asks for before a plan leaves Smart Licensing).
inline snapshot::SessionPath on_management_port() {
  return snapshot::SessionPath{"192.0.2.1", "GigabitEthernet0", true, "the session reached 192.0.2.1"};
}

// The No-License target of `release` ("17.12.1") with `image`.
inline rules::Target no_license_target(const std::string &release, const std::string &image) {
  rules::Target t;
  t.release_text = release;
  t.release = snapshot::Release::of(release);
  t.mode = rules::TargetMode::no_license;
  t.image = image;
  return t;
}

// The planner's plan for `router` to 17.12.1 No-License.
inline Plan plan_to_17_12_1(const snapshot::Snapshot &router) {
  return make_plan(router, no_license_target("17.12.1", "asr920-universalk9_npe.17.12.01.SPA.bin"));
}

// A hand-built plan with a pre-snapshot, an image check, a reload with every expectation, licensed
// ports brought back and a reload that must show them up, and a Smart registration.
inline Plan every_expectation_plan() {
  Plan p;
  p.host = "pe1";
  p.from = "16.9.4 traditional advancedmetroipaccess";
  p.to = "17.9.4 no-license advancedmetroipaccess";
  p.notes = {"a note"};
  Step pre;
  pre.kind = StepKind::pre_snapshot;
  pre.title = "take the pre-change snapshot";
  pre.commands = {"show version"};
  Step image;
  image.kind = StepKind::verify_image;
  image.commands = {"dir bootflash:", "verify /md5 bootflash:x.bin"};
  image.expect.image_file = "x.bin";
  image.expect.image_md5 = "9c2e4d6f8a0b1c3d5e7f9a1b3c5d7e9f";
  Step reload;
  reload.kind = StepKind::reload;
  reload.title = "reload into 17.9.4";
  reload.commands = {"reload"};
  reload.why = "the saved license boot level";
  reload.expect.release = "17.9.4";
  reload.expect.mode = snapshot::LicenseMode::no_license;
  reload.expect.level = "advancedmetroipaccess";
  reload.expect.boot_level = "advancedmetroipaccess";
  Step restore;  // issue 13 item 9: licensed ports brought back, then a reload that must show them up
  restore.kind = StepKind::restore_ports;
  restore.commands = {"configure terminal", "interface TenGigabitEthernet0/0/24", "no shutdown", "end"};
  Step reload_ports = reload;
  reload_ports.expect.ports_up = {"TenGigabitEthernet0/0/24"};
  Step reg;
  reg.kind = StepKind::register_smart;
  reg.commands = {"license smart register idtoken <token>"};
  reg.expect.registration = "REGISTERED";
  p.steps = {pre, image, reload, restore, reload_ports, reg};
  return p;
}

}  // namespace licmig::migrate::samples
