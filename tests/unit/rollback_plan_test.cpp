// The rollback planner (migrate/rollback_plan.hpp): each shape of the way back — the image only, the
// saved boot level, No-License back to traditional, Smart back to traditional where the guide allows
// it and refused where it does not, licensed ports brought back after `no license smart enable`, a
// router already back, the pre-change image gone from bootflash,
// another router at the address — and the verify-restored comparison; and the rollback's fleet plan,
// where an HA pair is refused together (the rule of plan_fleet).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>

#include "migrate/rollback_fleet.hpp"
#include "migrate/rollback_plan.hpp"
#include "rules/findings.hpp"
#include "unit/plan_samples.hpp"

namespace licmig::migrate {
namespace {

using snapshot::LicenseMode;
using snapshot::Snapshot;

const char *img_169 = "asr920-universalk9_npe.16.09.04.SPA.bin";
const char *img_176 = "asr920-universalk9_npe.17.06.01.SPA.bin";
const char *img_179 = "asr920-universalk9_npe.17.09.04.SPA.bin";

Snapshot router(const char *version, const char *image, LicenseMode mode, const char *level) {
  Snapshot s;
  s.host = "pe1";
  s.taken_at = "2026-11-30T10:00:00Z";
  s.version.version = version;
  s.version.image_file = image;
  s.version.hostname = "PE1";
  s.version.processor_board_id = "FOC1234X0AB";
  s.license_mode = mode;
  s.license_level = level;
  s.running_config.hostname = "PE1";
  s.running_config.boot_system = {std::string("bootflash:") + image};
  snapshot::DirListing dir;
  for (const char *f : {img_169, img_176, img_179}) {
    snapshot::FlashFile file;
    file.name = f;
    dir.files.push_back(file);
  }
  s.bootflash = dir;
  s.session = samples::on_management_port();  // LM030: the way out of Smart needs a known session
  return s;
}

Snapshot traditional_176() {
  auto s = router("17.06.01", img_176, LicenseMode::traditional, "advancedmetroipaccess");
  snapshot::PakLicense pak;
  pak.index = 1;
  pak.feature = "advancedmetroipaccess";
  pak.license_type = "Permanent";
  pak.license_state = "Active, In Use";
  s.pak_licenses.push_back(pak);
  return s;
}

// 17.9.4 in Smart Licensing, its level saved: where a migration from 17.6.1 left it.
Snapshot smart_179() {
  auto s = router("17.09.04", img_179, LicenseMode::smart, "advancedmetroipaccess");
  s.configured_boot_level = "advancedmetroipaccess";
  s.running_config.smart_enable = true;
  return s;
}

RollbackOptions options() {
  RollbackOptions o;
  o.run_id = "20261130T100000Z-abcd";
  o.journaled.hostname = "PE1";
  o.journaled.serial = "FOC1234X0AB";
  return o;
}

std::vector<StepKind> kinds(const Plan &p) {
  std::vector<StepKind> out;
  for (const auto &s : p.steps) out.push_back(s.kind);
  return out;
}

const Step *step(const Plan &p, StepKind k) {
  for (const auto &s : p.steps) {
    if (s.kind == k) return &s;
  }
  return nullptr;
}

bool has_command(const Plan &p, const std::string &command) {
  return std::any_of(p.steps.begin(), p.steps.end(), [&](const Step &s) {
    return std::find(s.commands.begin(), s.commands.end(), command) != s.commands.end();
  });
}

TEST(RollbackPlan, ImageOnly) {
  // 17.6.1 Smart -> 17.9.4 Smart (a failed verification): Smart stays Smart on the way down.
  auto pre = router("17.06.01", img_176, LicenseMode::smart, "advancedmetroipaccess");
  pre.configured_boot_level = "advancedmetroipaccess";
  pre.running_config.smart_enable = true;
  auto now = smart_179();
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_FALSE(p.refused) << p.refusal;
  EXPECT_EQ(kinds(p), (std::vector<StepKind>{StepKind::pre_snapshot, StepKind::verify_image, StepKind::set_boot_image,
                                             StepKind::save_config, StepKind::reload, StepKind::verify_restored,
                                             StepKind::post_snapshot}));
  EXPECT_TRUE(has_command(p, std::string("boot system bootflash:") + img_176));
  EXPECT_TRUE(has_command(p, "no boot system"));
  const Step *reload = step(p, StepKind::reload);
  ASSERT_NE(reload, nullptr);
  EXPECT_EQ(reload->expect.release, "17.6.1");
  EXPECT_EQ(reload->expect.mode, LicenseMode::smart);
  EXPECT_EQ(reload->expect.level, "advancedmetroipaccess");
  const Step *verify = step(p, StepKind::verify_restored);
  ASSERT_NE(verify, nullptr);
  EXPECT_EQ(verify->expect.image_file, img_176);
  EXPECT_EQ(verify->expect.boot_system, std::vector<std::string>{std::string("bootflash:") + img_176});
  EXPECT_TRUE(p.changes_router());
}

TEST(RollbackPlan, NoLicenseBackToTraditionalRestoresTheSavedLevel) {
  // 17.6.1 traditional (no saved boot level) -> 17.9.4 No-License with the level pinned by the plan.
  auto pre = traditional_176();
  auto now = router("17.09.04", img_179, LicenseMode::no_license, "metroaccess");  // came back wrong
  now.configured_boot_level = "advancedmetroipaccess";
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_FALSE(p.refused) << p.refusal;
  EXPECT_TRUE(has_command(p, "no license boot level"));
  EXPECT_FALSE(step(p, StepKind::smart_enable));
  EXPECT_FALSE(step(p, StepKind::smart_disable));  // the downgrade alone returns to traditional
  const Step *reload = step(p, StepKind::reload);
  ASSERT_NE(reload, nullptr);
  EXPECT_EQ(reload->expect.mode, LicenseMode::traditional);
  EXPECT_EQ(reload->expect.level, "advancedmetroipaccess");  // the PAK license decides again
  EXPECT_EQ(step(p, StepKind::verify_restored)->expect.boot_level, std::nullopt);
}

TEST(RollbackPlan, SavedLevelOnly) {
  // the running state is the pre-change one; only the saved boot level differs: no reload
  auto pre = traditional_176();
  pre.configured_boot_level = "advancedmetroipaccess";
  auto now = traditional_176();
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_FALSE(p.refused) << p.refusal;
  EXPECT_TRUE(has_command(p, "license boot level advancedmetroipaccess"));
  EXPECT_FALSE(step(p, StepKind::reload));
  EXPECT_TRUE(step(p, StepKind::verify_restored));
}

TEST(RollbackPlan, SmartToTraditionalWhereThePreChangeReleaseHasSmart) {
  auto pre = traditional_176();
  auto now = smart_179();
  now.pak_licenses.clear();
  pre.configured_boot_level = "advancedmetroipaccess";
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_FALSE(p.refused) << p.refusal;
  EXPECT_TRUE(has_command(p, "no license smart enable"));
  EXPECT_EQ(step(p, StepKind::reload)->expect.mode, LicenseMode::traditional);
}

snapshot::PakLicense port_license() {
  snapshot::PakLicense pak;
  pak.index = 2;
  pak.feature = "10GEupgradelicense";
  pak.license_type = "Permanent";
  pak.license_state = "Active, In Use";
  return pak;
}

// The pre-change running configuration: two data ports and the management port up, one port shut.
void with_interfaces(Snapshot &s) {
  s.raw.push_back({"show running-config",
                   "hostname PE1\n!\ninterface GigabitEthernet0/0/0\n no ip address\n!\n"
                   "interface TenGigabitEthernet0/0/24\n no ip address\n!\n"
                   "interface TenGigabitEthernet0/0/25\n no ip address\n shutdown\n!\n"
                   "interface GigabitEthernet0\n vrf forwarding Mgmt-intf\n!\nend\n"});
}

const std::vector<std::string> ports_that_were_up = {"GigabitEthernet0/0/0", "TenGigabitEthernet0/0/24",
                                                     "GigabitEthernet0"};

// "Licensed ports—Perform no shutdown of router followed by reload" (guide: Enable and Register Smart
// Licensing, step 2, note): the way back out of Smart Licensing brings the licensed ports back as a
// migration's plan does — the same decision (ports_after_smart_disable), a second reload, verified.
TEST(RollbackPlan, LeavingSmartWithAPortLicenseBringsTheLicensedPortsBack) {
  auto pre = traditional_176();
  pre.pak_licenses.push_back(port_license());
  pre.configured_boot_level = "advancedmetroipaccess";
  with_interfaces(pre);
  auto now = smart_179();
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_FALSE(p.refused) << p.refusal;
  EXPECT_EQ(kinds(p), (std::vector<StepKind>{StepKind::pre_snapshot, StepKind::verify_image, StepKind::smart_disable,
                                             StepKind::set_boot_image, StepKind::save_config, StepKind::reload,
                                             StepKind::restore_ports, StepKind::save_config, StepKind::reload,
                                             StepKind::verify_restored, StepKind::post_snapshot}))
      << render_plan(p);
  const Step &restore = p.steps[6];
  EXPECT_EQ(restore.commands,
            (std::vector<std::string>{"configure terminal", "interface GigabitEthernet0/0/0", "no shutdown",
                                      "interface TenGigabitEthernet0/0/24", "no shutdown", "interface GigabitEthernet0",
                                      "no shutdown", "end"}));
  // the first reload cannot bring the licensed ports up; the second must, in the pre-change state
  EXPECT_TRUE(p.steps[5].expect.ports_up.empty());
  EXPECT_EQ(p.steps[8].expect.ports_up, ports_that_were_up);
  EXPECT_EQ(p.steps[8].expect.release, "17.6.1");
  EXPECT_EQ(p.steps[8].expect.mode, LicenseMode::traditional);
  EXPECT_EQ(p.steps[8].expect.level, "advancedmetroipaccess");
  for (const auto &n : p.notes) EXPECT_EQ(n.find("licensed ports"), std::string::npos) << n;
  // the plan of a migration out of Smart makes the same restore step from the same facts
  EXPECT_EQ(ports_after_smart_disable(pre, {}).restore->commands, restore.commands);
}

// `no license smart enable` on the way back is judged as on the way there: LM030 for a session on a
// data port, and for one whose interface nothing tells (rules::smart_disable_session_finding).
TEST(RollbackPlan, LeavingSmartOverADataPortOrAnUnknownSessionIsRefused) {
  auto pre = traditional_176();
  pre.configured_boot_level = "advancedmetroipaccess";
  auto now = smart_179();
  now.session = snapshot::SessionPath{"198.51.100.7", "TenGigabitEthernet0/0/24", false, "the session reached it"};
  const Plan data_port = make_rollback_plan(pre, now, options());
  ASSERT_TRUE(data_port.refused);
  EXPECT_EQ(data_port.refusing_rules(), std::vector<std::string>{"LM030"});
  EXPECT_NE(data_port.refusal.find("TenGigabitEthernet0/0/24"), std::string::npos) << data_port.refusal;

  now.session.reset();
  const Plan unknown = make_rollback_plan(pre, now, options());
  ASSERT_TRUE(unknown.refused);
  EXPECT_EQ(unknown.refusing_rules(), std::vector<std::string>{"LM030"});
  EXPECT_NE(unknown.refusal.find("nothing tells which interface"), std::string::npos) << unknown.refusal;

  // the inventory's mgmt_interface decides when the router cannot tell
  RollbackOptions o = options();
  o.inventory_mgmt_interface = "GigabitEthernet0";
  EXPECT_FALSE(make_rollback_plan(pre, now, o).refused);
}

// A No-License router with `license smart enable` saved for its next reload (and its saved level
// changed): the way back sends `no license smart enable`, which puts every port admin down at once,
// so the plan reloads even though release, mode and level are the pre-change ones.
TEST(RollbackPlan, NoLicenseSmartEnableUndoneIsFollowedByAReload) {
  auto pre = router("17.09.04", img_179, LicenseMode::no_license, "advancedmetroipaccess");
  pre.configured_boot_level = "advancedmetroipaccess";
  pre.running_config.smart_enable = false;
  auto now = pre;
  now.configured_boot_level = "metroipaccess";
  now.running_config.smart_enable = true;
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_FALSE(p.refused) << p.refusal;
  ASSERT_TRUE(step(p, StepKind::smart_disable)) << render_plan(p);
  const Step *reload = step(p, StepKind::reload);
  ASSERT_NE(reload, nullptr) << render_plan(p);
  EXPECT_EQ(reload->expect.mode, LicenseMode::no_license);
  EXPECT_EQ(reload->expect.level, "advancedmetroipaccess");
}

TEST(RollbackPlan, LeavingSmartForNoLicenseUsesLicmigsRecordOfThePakLicenses) {
  // 17.9.4 No-License before, Smart now: the router showed no PAK licenses before the change either
  auto pre = router("17.09.04", img_179, LicenseMode::no_license, "advancedmetroipaccess");
  pre.configured_boot_level = "advancedmetroipaccess";
  pre.running_config.smart_enable = false;
  with_interfaces(pre);
  auto now = smart_179();
  now.running_config.boot_system = pre.running_config.boot_system;

  // no record: the manual step is a note, no reload licmig cannot justify
  const Plan unknown = make_rollback_plan(pre, now, options());
  ASSERT_FALSE(unknown.refused) << unknown.refusal;
  EXPECT_FALSE(step(unknown, StepKind::restore_ports));
  EXPECT_TRUE(std::any_of(unknown.notes.begin(), unknown.notes.end(), [](const std::string &n) {
    return n.find("no record of this router's PAK licenses") != std::string::npos &&
           n.find("no shutdown") != std::string::npos;
  })) << render_plan(unknown);

  // licmig's record from when it was traditional shows a port license: the ports are brought back
  RollbackOptions o = options();
  o.recorded_paks = {port_license()};
  const Plan known = make_rollback_plan(pre, now, o);
  ASSERT_FALSE(known.refused) << known.refusal;
  ASSERT_TRUE(step(known, StepKind::restore_ports)) << render_plan(known);
  EXPECT_EQ(
      std::count_if(known.steps.begin(), known.steps.end(), [](const Step &s) { return s.kind == StepKind::reload; }),
      2);
  EXPECT_EQ(known.steps.back().kind, StepKind::post_snapshot);

  // a record without a port license: the one reload brings every port back
  snapshot::PakLicense level;
  level.feature = "advancedmetroipaccess";
  level.license_type = "Permanent";
  o.recorded_paks = {level};
  const Plan none = make_rollback_plan(pre, now, o);
  EXPECT_FALSE(step(none, StepKind::restore_ports)) << render_plan(none);
  for (const auto &n : none.notes) EXPECT_EQ(n.find("licensed ports"), std::string::npos) << n;
}

TEST(RollbackPlan, SmartToTraditionalOnAReleaseWithoutSmartIsRefused) {
  auto pre = router("16.09.04", img_169, LicenseMode::traditional, "advancedmetroipaccess");
  pre.configured_boot_level = "advancedmetroipaccess";
  auto now = smart_179();
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_TRUE(p.refused);
  EXPECT_EQ(p.refusing_rules(), std::vector<std::string>{"LM101"});
  EXPECT_TRUE(p.steps.empty());
}

TEST(RollbackPlan, AlreadyRolledBackIsUnchanged) {
  const auto pre = traditional_176();
  const Plan p = make_rollback_plan(pre, traditional_176(), options());
  EXPECT_FALSE(p.refused);
  EXPECT_TRUE(p.steps.empty());
  EXPECT_FALSE(p.changes_router());
}

TEST(RollbackPlan, MissingImageIsRefusedByName) {
  auto pre = traditional_176();
  auto now = router("17.09.04", img_179, LicenseMode::no_license, "advancedmetroipaccess");
  now.configured_boot_level = "advancedmetroipaccess";
  auto &files = now.bootflash->files;
  files.erase(std::remove_if(files.begin(), files.end(), [](const auto &f) { return f.name == img_176; }), files.end());
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_TRUE(p.refused);
  EXPECT_EQ(p.refusing_rules(), std::vector<std::string>{"LM100"});
  EXPECT_NE(p.refusal.find(img_176), std::string::npos) << p.refusal;
  EXPECT_TRUE(std::any_of(p.remedy.begin(), p.remedy.end(),
                          [](const std::string &r) { return r.find("licmig stage") != std::string::npos; }));
}

TEST(RollbackPlan, AnotherRouterIsRefused) {
  const auto pre = traditional_176();
  auto now = router("17.09.04", img_179, LicenseMode::no_license, "advancedmetroipaccess");
  now.version.processor_board_id = "FOC9999Z9ZZ";
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_TRUE(p.refused);
  EXPECT_EQ(p.refusing_rules(), std::vector<std::string>{"LM103"});
  EXPECT_NE(p.refusal.find("FOC9999Z9ZZ"), std::string::npos) << p.refusal;

  // nothing to compare but a hostname: not proven
  auto anonymous = traditional_176();
  anonymous.version.processor_board_id.reset();
  auto unproven = router("17.09.04", img_179, LicenseMode::no_license, "advancedmetroipaccess");
  unproven.version.processor_board_id.reset();
  RollbackOptions o = options();
  o.journaled.serial.clear();
  EXPECT_EQ(make_rollback_plan(anonymous, unproven, o).refusing_rules(), std::vector<std::string>{"LM103"});
}

TEST(RollbackPlan, AWayBackThatWouldNotRestoreTheLevelIsRefused) {
  // traditional before with a PAK level the router no longer holds a record of: the model predicts
  // the default level, not the pre-change one
  auto pre = traditional_176();
  pre.pak_licenses.clear();
  auto now = router("17.09.04", img_179, LicenseMode::no_license, "advancedmetroipaccess");
  now.configured_boot_level = "advancedmetroipaccess";
  const Plan p = make_rollback_plan(pre, now, options());
  ASSERT_TRUE(p.refused);
  EXPECT_EQ(p.refusing_rules(), std::vector<std::string>{"LM102"});
}

TEST(RollbackPlan, WithoutRecordIsLM104) {
  const Plan p = rollback_without_record("pe1", "RUN", "the journal records no pre-change snapshot of it");
  EXPECT_TRUE(p.refused);
  EXPECT_EQ(p.refusing_rules(), std::vector<std::string>{"LM104"});
}

// An HA pair moves back together, as it moved: the rule of plan_fleet (refuse_ha_partners), not a copy.
TEST(RollbackFleetPlan, AnHaPairIsRefusedTogether) {
  auto pre = router("17.06.01", img_176, LicenseMode::smart, "advancedmetroipaccess");
  pre.configured_boot_level = "advancedmetroipaccess";
  pre.running_config.smart_enable = true;
  auto now = smart_179();
  std::vector<std::unique_ptr<inventory::Host>> hosts;
  std::vector<HostSnapshot> snaps;
  for (const auto &[name, role] : std::vector<std::pair<std::string, std::optional<inventory::HaRole>>>{
           {"ha-a", inventory::HaRole::active}, {"ha-b", inventory::HaRole::standby}, {"solo", std::nullopt}}) {
    hosts.push_back(std::make_unique<inventory::Host>());
    hosts.back()->name = name;
    if (role) {
      hosts.back()->ha_group = "g";
      hosts.back()->ha_role = role;
    }
    HostSnapshot hs;
    hs.host = hosts.back().get();
    hs.snap = now;
    snaps.push_back(hs);
  }
  auto record = [&]() -> Result<PreChangeRecord> {
    PreChangeRecord r;
    r.snap = pre;
    r.journaled = options().journaled;
    return r;
  };
  std::map<std::string, Result<PreChangeRecord>> records;
  records.emplace("ha-a", record());
  records.emplace("ha-b", Status::error(ErrorKind::invalid_input, "the pre-change snapshot changed since (sha256)"));
  records.emplace("solo", record());
  auto fp = plan_rollback_fleet(snaps, records, "RUN");
  ASSERT_EQ(fp.units.size(), 2U);
  EXPECT_EQ(fp.hosts[1].plan.refusing_rules(), std::vector<std::string>{"LM104"});
  ASSERT_TRUE(fp.hosts[0].plan.refused);  // its standby has no way back: the active does not go back alone
  EXPECT_EQ(fp.hosts[0].plan.refusing_rules(), std::vector<std::string>{"LM043"});
  EXPECT_NE(fp.hosts[0].plan.refusal.find("ha-b"), std::string::npos) << fp.hosts[0].plan.refusal;
  EXPECT_NE(fp.hosts[0].plan.refusal.find("LM104"), std::string::npos) << fp.hosts[0].plan.refusal;
  EXPECT_FALSE(fp.hosts[2].plan.refused) << fp.hosts[2].plan.refusal;  // not in the pair
  // the other way round: the active's way back refused, the standby held with it
  records.erase("ha-a");
  records.erase("ha-b");
  records.emplace("ha-a", Status::error(ErrorKind::not_found, "no pre-change snapshot"));
  records.emplace("ha-b", record());
  fp = plan_rollback_fleet(snaps, records, "RUN");
  EXPECT_EQ(fp.hosts[1].plan.refusing_rules(), std::vector<std::string>{"LM043"});
  // both ways back possible: neither refused
  records.erase("ha-a");
  records.emplace("ha-a", record());
  fp = plan_rollback_fleet(snaps, records, "RUN");
  EXPECT_FALSE(fp.hosts[0].plan.refused) << fp.hosts[0].plan.refusal;
  EXPECT_FALSE(fp.hosts[1].plan.refused) << fp.hosts[1].plan.refusal;
}

TEST(RollbackPlan, RestoredMismatchNamesEachDifference) {
  auto pre = traditional_176();
  const Plan p =
      make_rollback_plan(pre, router("17.09.04", img_179, LicenseMode::no_license, "metroaccess"), options());
  const Step *verify = step(p, StepKind::verify_restored);
  ASSERT_NE(verify, nullptr);
  EXPECT_EQ(restored_mismatch(verify->expect, traditional_176()), "");
  auto wrong = router("17.09.04", img_179, LicenseMode::no_license, "metroaccess");
  wrong.configured_boot_level = "advancedmetroipaccess";
  const std::string m = restored_mismatch(verify->expect, wrong);
  for (const char *what :
       {"release 17.9.4", "image", "mode no-license", "level metroaccess", "saved boot level", "boot system"}) {
    EXPECT_NE(m.find(what), std::string::npos) << what << " in " << m;
  }
}

}  // namespace
}  // namespace licmig::migrate
