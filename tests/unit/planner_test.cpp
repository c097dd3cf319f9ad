// The planner table: every combination of current release class x current mode x target release
// class x target mode, with the expected plan or refusal written out in
// tests/fixtures/planner/table.txt (one line per case). Each line was reviewed against the vendor
// guide; LICMIG_REGENERATE=1 rewrites the file for review after a deliberate change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "migrate/plan.hpp"
#include "rules/levels.hpp"
#include "unit/plan_samples.hpp"

namespace licmig::migrate {
namespace {

using rules::Target;
using rules::TargetMode;
using snapshot::LicenseMode;
using snapshot::Release;
using snapshot::Snapshot;

struct ReleaseClass {
  const char *name;
  const char *release;
  const char *image;
};

const ReleaseClass classes[] = {
    {"16.x", "16.09.04", "asr920-universalk9_npe.16.09.04.SPA.bin"},
    {"17.1-17.2", "17.02.01", "asr920-universalk9_npe.17.02.01.SPA.bin"},
    {"17.3-17.6", "17.06.01", "asr920-universalk9_npe.17.06.01.SPA.bin"},
    {"17.7", "17.07.01", "asr920-universalk9_npe.17.07.01.SPA.bin"},
    {"17.8-17.10", "17.09.04", "asr920-universalk9_npe.17.09.04.SPA.bin"},
    {"17.11+", "17.12.01", "asr920-universalk9_npe.17.12.01.SPA.bin"},
};

Snapshot router(const ReleaseClass &rc, LicenseMode mode) {
  Snapshot s;
  s.host = "pe1";
  s.version.version = rc.release;
  s.license_mode = mode;
  s.license_level = "metroipaccess";
  if (mode == LicenseMode::traditional) {
    snapshot::PakLicense pak;
    pak.index = 1;
    pak.feature = "metroipaccess";
    pak.license_type = "Permanent";
    pak.license_state = "Active, In Use";
    s.pak_licenses.push_back(pak);
  }
  if (mode == LicenseMode::smart) s.running_config.smart_enable = true;
  s.session = samples::on_management_port();
  return s;
}

std::vector<LicenseMode> modes_on(const ReleaseClass &rc) {
  auto r = Release::of(rc.release);
  if (r < Release::of("17.3.1")) return {LicenseMode::traditional};
  if (r < Release::of("17.7.1")) return {LicenseMode::traditional, LicenseMode::smart};
  return {LicenseMode::smart, LicenseMode::no_license};
}

std::string summarise(const Plan &p) {
  if (p.refused) return "REFUSED: " + p.refusal;
  std::string out;
  for (const auto &s : p.steps) {
    if (!out.empty()) out += " ";
    out += to_string(s.kind);
    if (s.kind == StepKind::reload) {
      out += "(" + s.expect.release.value_or("?") + " " + (s.expect.mode ? snapshot::to_string(*s.expect.mode) : "?") +
             " " + s.expect.level.value_or("?") + ")";
    }
  }
  return out;
}

std::string table() {
  std::ostringstream out;
  for (const auto &from : classes) {
    for (auto mode : modes_on(from)) {
      for (const auto &to : classes) {
        for (auto tmode : {TargetMode::smart, TargetMode::no_license, TargetMode::traditional}) {
          Target t;
          t.release_text = to.release;
          t.release = Release::of(to.release);
          t.mode = tmode;
          t.image = to.image;
          auto plan = make_plan(router(from, mode), t);
          out << from.name << " " << snapshot::to_string(mode) << " -> " << to.name << " " << rules::to_string(tmode)
              << ": " << summarise(plan) << "\n";
        }
      }
    }
  }
  return out.str();
}

TEST(PlannerTable, EveryCombinationGivesTheWrittenOutPlan) {
  const std::string path = std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/planner/table.txt";
  auto got = table();
  if (const char *regen = std::getenv("LICMIG_REGENERATE"); regen && std::string(regen) == "1") {
    std::ofstream(path) << got;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream g(got), w(want);
  std::string gl, wl;
  int line = 0;
  while (true) {
    bool gb = static_cast<bool>(std::getline(g, gl));
    bool wb = static_cast<bool>(std::getline(w, wl));
    ++line;
    if (!gb && !wb) break;
    EXPECT_EQ(gl, wl) << "table.txt line " << line;
  }
}

}  // namespace
// Every refusal is a finding of the rule catalog: rule ID, its words, its remedy and guide section.
TEST(PlannerRefusal, ComesFromTheRuleCatalog) {
  Target t;
  t.release_text = "16.09.04";
  t.release = Release::of("16.09.04");
  t.mode = TargetMode::smart;
  t.image = "asr920-universalk9_npe.16.09.04.SPA.bin";
  auto plan = make_plan(router(classes[0], LicenseMode::traditional), t);
  ASSERT_TRUE(plan.refused);
  EXPECT_TRUE(plan.steps.empty());
  ASSERT_EQ(plan.refused_by.size(), 1U);
  EXPECT_EQ(plan.refused_by[0].rule_id, "LM020");
  EXPECT_EQ(plan.refusal, "LM020 smart-unsupported: " + plan.refused_by[0].message);
  ASSERT_FALSE(plan.remedy.empty());
  EXPECT_EQ(plan.remedy[0], "Target 17.3.1 or later for Smart Licensing. (guide: Table 3: License Support Matrix)");
  EXPECT_NE(render_plan(plan).find("REFUSED — LM020"), std::string::npos);
}

TEST(PlannerRefusal, OverADataPortIsLM030) {
  Target t;
  t.release_text = "17.09.04";
  t.release = Release::of("17.09.04");
  t.mode = TargetMode::no_license;
  t.image = "asr920-universalk9_npe.17.09.04.SPA.bin";
  PlanOptions o;
  o.session_via_data_port = true;
  auto plan = make_plan(router(classes[2], LicenseMode::smart), t, o);
  ASSERT_TRUE(plan.refused);
  ASSERT_EQ(plan.refused_by.size(), 1U);
  EXPECT_EQ(plan.refused_by[0].rule_id, "LM030");
}

TEST(PlannerRefusal, ReleaseChangeWithoutImageIsLM082) {
  Target t;
  t.release_text = "17.09.04";
  t.release = Release::of("17.09.04");
  t.mode = TargetMode::no_license;
  auto plan = make_plan(router(classes[2], LicenseMode::traditional), t);
  ASSERT_TRUE(plan.refused);
  ASSERT_EQ(plan.refused_by.size(), 1U);
  EXPECT_EQ(plan.refused_by[0].rule_id, "LM082");
}

TEST(PlannerRefusal, HopOutsideTheMatrixIsLM001) {
  Target t;
  t.release_text = "17.09.04";
  t.release = Release::of("17.09.04");
  t.mode = TargetMode::no_license;
  t.image = "x.bin";
  PlanOptions o;
  o.via = {Release::of("3.16.8")};
  o.via_images = {"y.bin"};
  auto plan = make_plan(router(classes[2], LicenseMode::traditional), t, o);
  ASSERT_TRUE(plan.refused);
  ASSERT_EQ(plan.refused_by.size(), 1U);
  EXPECT_EQ(plan.refused_by[0].rule_id, "LM001");
}

}  // namespace licmig::migrate

namespace licmig::migrate {
namespace {

using rules::Target;
using rules::TargetMode;
using snapshot::LicenseMode;
using snapshot::Release;
using snapshot::Snapshot;

snapshot::PakLicense installed(const std::string &feature, const std::string &type) {
  snapshot::PakLicense p;
  p.index = 1;
  p.feature = feature;
  p.license_type = type;
  p.license_state = "Active, In Use";
  p.period_left = type == "Permanent" ? "Life time" : "8 weeks 3 days";
  return p;
}

std::string reload_expectation(const Plan &p) {
  for (const auto &s : p.steps) {
    if (s.kind == StepKind::reload) {
      return s.expect.release.value_or("?") + " " + snapshot::to_string(*s.expect.mode) + " " +
             s.expect.level.value_or("?");
    }
  }
  return "no reload";
}

// Issue 13 item 1, guide lines 856-898 ("Downgrading the Router from No-license mode to Traditional
// Licensing"): 17.07.01 No License Mode metroaggrservices -> 16.06.10 "License Level: metroaggrservices,
// License Type: EvalRightToUse". licmig's stored record of the router from 16.06.10 shows the
// evaluation license the router hides in No-License mode.
TEST(PlannerGuide, NoLicense17_7ToTraditional16_6WithTheRecordedEvaluationLicense) {
  Snapshot s;
  s.host = "pe1";
  s.version.version = "17.07.01prd15";
  s.license_mode = LicenseMode::no_license;
  s.license_level = "metroaggrservices";
  s.configured_boot_level = "metroaggrservices";
  s.running_config.smart_enable = false;
  Target t;
  t.release_text = "16.06.10";
  t.release = Release::of("16.06.10");
  t.mode = TargetMode::traditional;
  t.image = "asr920-universalk9_npe.16.06.10.SPA.bin";
  PlanOptions o;
  o.recorded_paks = {installed("metroaggrservices", "EvalRightToUse")};
  auto plan = make_plan(s, t, o);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  EXPECT_EQ(reload_expectation(plan), "16.6.10 traditional metroaggrservices");
  // without any record of the license: "If feature license is not available, then corresponding
  // configuration is removed" (line 879) — refused, and the refusal says what licmig lacks
  auto blind = make_plan(s, t);
  ASSERT_TRUE(blind.refused);
  EXPECT_EQ(blind.refusing_rules(), std::vector<std::string>{"LM012"});
  EXPECT_NE(blind.refusal.find("knows of no PAK license of this router"), std::string::npos) << blind.refusal;
}

// Issue 13 item 1, guide line 414: `no license smart enable` reverts "to the traditional or strict mode
// of licensing": Smart 17.6 with a permanent PAK license -> traditional at that license's level.
TEST(PlannerGuide, Smart17_6ToTraditionalWithAPermanentPak) {
  Snapshot s;
  s.host = "pe2";
  s.version.version = "17.06.01";
  s.license_mode = LicenseMode::smart;
  s.license_level = "advancedmetroipaccess";
  s.configured_boot_level = "advancedmetroipaccess";
  s.running_config.smart_enable = true;
  s.session = samples::on_management_port();
  Target t;
  t.release_text = "17.06.01";
  t.release = Release::of("17.06.01");
  t.mode = TargetMode::traditional;
  PlanOptions o;
  o.recorded_paks = {installed("advancedmetroipaccess", "Permanent")};
  auto plan = make_plan(s, t, o);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  EXPECT_EQ(reload_expectation(plan), "17.6.1 traditional advancedmetroipaccess");
  bool disables = false;
  for (const auto &st : plan.steps) disables = disables || st.kind == StepKind::smart_disable;
  EXPECT_TRUE(disables);
}

// Issue 13 item 3, guide line 641: a Smart router without a saved boot level would boot the default
// level; the plan pins the level before the reload.
TEST(PlannerGuide, SmartWithoutSavedBootLevelIsPinnedBeforeTheReload) {
  Snapshot s;
  s.host = "pe3";
  s.version.version = "17.06.01";
  s.license_mode = LicenseMode::smart;
  s.license_level = "metroipaccess";
  s.running_config.smart_enable = true;
  s.session = samples::on_management_port();
  Target t;
  t.release_text = "17.09.04";
  t.release = Release::of("17.09.04");
  t.mode = TargetMode::smart;
  t.image = "asr920-universalk9_npe.17.09.04.SPA.bin";
  auto plan = make_plan(s, t);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  ASSERT_GE(plan.steps.size(), 2U);
  EXPECT_EQ(plan.steps[1].kind, StepKind::set_boot_level);
  EXPECT_EQ(reload_expectation(plan), "17.9.4 smart metroipaccess");
}

// Issue 13 item 5, guide line 157: a registration on 17.8.1 of a router registered before is noted
// with LM063's remedy.
TEST(PlannerGuide, RegistrationOn17_8_1OfARegisteredRouterIsNoted) {
  Snapshot s;
  s.host = "pe4";
  s.version.version = "17.06.01";
  s.license_mode = LicenseMode::smart;
  s.license_level = "metroipaccess";
  s.configured_boot_level = "metroipaccess";
  s.running_config.smart_enable = true;
  s.session = samples::on_management_port();
  s.smart.registration_status = "REGISTERED";
  Target t;
  t.release_text = "17.08.01";
  t.release = Release::of("17.08.01");
  t.mode = TargetMode::smart;
  t.image = "asr920-universalk9_npe.17.08.01.SPA.bin";
  t.register_token = true;
  auto plan = make_plan(s, t);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  bool noted = false;
  for (const auto &n : plan.notes) noted = noted || n.rfind("LM063 ", 0) == 0;
  EXPECT_TRUE(noted) << render_plan(plan);
}

}  // namespace
}  // namespace licmig::migrate

namespace licmig::migrate {
namespace {

// Issue 13 item 8: "For an ASR device with redundancy enabled, you must execute write memory after
// successful registration" (guide line 260).
TEST(PlannerGuide, AnHaMemberSavesAfterRegistration) {
  snapshot::Snapshot s;
  s.host = "ha1";
  s.version.version = "17.09.04";
  s.license_mode = snapshot::LicenseMode::smart;
  s.license_level = "metroipaccess";
  s.configured_boot_level = "metroipaccess";
  s.running_config.smart_enable = true;
  s.session = samples::on_management_port();
  rules::Target t;
  t.release_text = "17.09.04";
  t.release = snapshot::Release::of("17.09.04");
  t.mode = rules::TargetMode::smart;
  t.register_token = true;
  PlanOptions o;
  o.ha_member = true;
  auto plan = make_plan(s, t, o);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  std::vector<StepKind> kinds;
  for (const auto &st : plan.steps) kinds.push_back(st.kind);
  ASSERT_GE(kinds.size(), 3U);
  EXPECT_EQ(kinds[kinds.size() - 3], StepKind::register_smart);
  EXPECT_EQ(kinds[kinds.size() - 2], StepKind::save_config);
  o.ha_member = false;
  auto single = make_plan(s, t, o);
  EXPECT_EQ(single.steps.size() + 1, plan.steps.size());
}

}  // namespace
}  // namespace licmig::migrate

namespace licmig::migrate {
namespace {

// Issue 13 item 11: "If you want to take a snapshot, then we recommend you to choose a release where the
// router can take a snapshot of any PAK license" (guide line 1005): --via 17.9.4 on the way from 17.6 to
// 17.12, two reloads, each verified.
TEST(PlannerGuide, ViaASnapshotReleaseReloadsTwice) {
  snapshot::Snapshot s;
  s.host = "pe5";
  s.version.version = "17.06.01";
  s.license_mode = snapshot::LicenseMode::traditional;
  s.license_level = "advancedmetroipaccess";
  snapshot::PakLicense p;
  p.index = 1;
  p.feature = "advancedmetroipaccess";
  p.license_type = "Permanent";
  s.pak_licenses.push_back(p);
  rules::Target t;
  t.release_text = "17.12.01";
  t.release = snapshot::Release::of("17.12.01");
  t.mode = rules::TargetMode::no_license;
  t.image = "asr920-universalk9_npe.17.12.01.SPA.bin";
  PlanOptions o;
  o.via = {snapshot::Release::of("17.9.4")};
  o.via_images = {"asr920-universalk9_npe.17.09.04.SPA.bin"};
  auto plan = make_plan(s, t, o);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  std::vector<std::string> reloads;
  for (const auto &st : plan.steps) {
    if (st.kind == StepKind::reload) reloads.push_back(*st.expect.release + " " + *st.expect.level);
  }
  EXPECT_EQ(reloads, (std::vector<std::string>{"17.9.4 advancedmetroipaccess", "17.12.1 advancedmetroipaccess"}));
}

}  // namespace
}  // namespace licmig::migrate

namespace licmig::migrate {
namespace {

// Issue 13 item 9. The guide, Enable and Register Smart Licensing, step 2 (lines 416-418): "All ports
// go to admin down state on executing the no smart license enable command. We recommend you do perform
// the following to bring up the ports: - Default (license free) ports—Reload the router. - Licensed
// ports—Perform no shutdown of router followed by reload."
snapshot::Snapshot smart_176_with_ports() {
  snapshot::Snapshot s;
  s.host = "pe6";
  s.version.version = "17.06.01";
  s.license_mode = snapshot::LicenseMode::smart;
  s.license_level = "advancedmetroipaccess";
  s.configured_boot_level = "advancedmetroipaccess";
  s.running_config.smart_enable = true;
  s.session = samples::on_management_port();
  s.raw.push_back({"show running-config",
                   "hostname PE6\n!\ninterface GigabitEthernet0/0/0\n no ip address\n!\n"
                   "interface TenGigabitEthernet0/0/24\n no ip address\n!\n"
                   "interface TenGigabitEthernet0/0/25\n no ip address\n shutdown\n!\n"
                   "interface GigabitEthernet0\n vrf forwarding Mgmt-intf\n!\nend\n"});
  return s;
}

rules::Target traditional_176() {
  rules::Target t;
  t.release_text = "17.6.1";
  t.release = snapshot::Release::of("17.6.1");
  t.mode = rules::TargetMode::traditional;
  t.image = "asr920-universalk9_npe.17.06.01.SPA.bin";
  return t;
}

std::vector<snapshot::PakLicense> paks_of(std::initializer_list<const char *> features) {
  std::vector<snapshot::PakLicense> out;
  for (const char *f : features) {
    snapshot::PakLicense p;
    p.feature = f;
    p.license_type = "Permanent";
    out.push_back(p);
  }
  return out;
}

std::vector<StepKind> kinds_of(const Plan &plan) {
  std::vector<StepKind> out;
  for (const auto &s : plan.steps) out.push_back(s.kind);
  return out;
}

TEST(PlannerGuide, LeavingSmartWithAPortLicenseBringsTheLicensedPortsBackWithNoShutdownAndAReload) {
  PlanOptions o;
  o.recorded_paks = paks_of({"10GEupgradelicense", "advancedmetroipaccess"});  // licmig's record
  auto plan = make_plan(smart_176_with_ports(), traditional_176(), o);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  EXPECT_EQ(kinds_of(plan), (std::vector<StepKind>{StepKind::pre_snapshot, StepKind::smart_disable,
                                                   StepKind::save_config, StepKind::reload, StepKind::restore_ports,
                                                   StepKind::save_config, StepKind::reload, StepKind::post_snapshot}))
      << render_plan(plan);
  const auto &restore = plan.steps[4];
  // no shutdown on every interface that was up before the change — not on the one already shut
  EXPECT_EQ(restore.commands,
            (std::vector<std::string>{"configure terminal", "interface GigabitEthernet0/0/0", "no shutdown",
                                      "interface TenGigabitEthernet0/0/24", "no shutdown", "interface GigabitEthernet0",
                                      "no shutdown", "end"}));
  EXPECT_NE(restore.why.find("no shutdown followed by reload"), std::string::npos) << restore.why;
  // the first reload expects no port (the licensed ones stay down); the second expects them up
  EXPECT_TRUE(plan.steps[3].expect.ports_up.empty());
  EXPECT_EQ(plan.steps[6].expect.ports_up,
            (std::vector<std::string>{"GigabitEthernet0/0/0", "TenGigabitEthernet0/0/24", "GigabitEthernet0"}));
  EXPECT_EQ(plan.steps[6].expect.release, "17.6.1");
  EXPECT_EQ(plan.steps[6].expect.level, "advancedmetroipaccess");
  EXPECT_NE(render_plan(plan).find("[restore-ports]"), std::string::npos);
}

TEST(PlannerGuide, LeavingSmartWithoutAPortLicenseNeedsOnlyTheReload) {
  PlanOptions o;
  o.recorded_paks = paks_of({"advancedmetroipaccess"});  // "Default (license free) ports—Reload the router"
  auto plan = make_plan(smart_176_with_ports(), traditional_176(), o);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  for (const auto &s : plan.steps) EXPECT_NE(s.kind, StepKind::restore_ports) << render_plan(plan);
  for (const auto &n : plan.notes) EXPECT_EQ(n.find("licensed ports"), std::string::npos) << n;
}

TEST(PlannerGuide, LeavingSmartWithoutARecordOfThePakLicensesNotesTheManualStep) {
  auto s = smart_176_with_ports();
  s.configured_boot_level.reset();
  s.license_level = "metroaccess";
  rules::Target t = traditional_176();
  t.release_text = "17.09.04";
  t.release = snapshot::Release::of("17.09.04");
  t.mode = rules::TargetMode::no_license;
  t.image = "asr920-universalk9_npe.17.09.04.SPA.bin";
  auto plan = make_plan(s, t);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  for (const auto &st : plan.steps) EXPECT_NE(st.kind, StepKind::restore_ports) << render_plan(plan);
  bool noted = false;
  for (const auto &n : plan.notes) {
    noted = noted || (n.find("licensed ports") != std::string::npos && n.find("no shutdown") != std::string::npos &&
                      n.find("no record of this router's PAK licenses") != std::string::npos);
  }
  EXPECT_TRUE(noted) << render_plan(plan);
}

TEST(PlannerGuide, NoLicenseSmartEnableAlreadySavedShutsNoPort) {
  // the command puts ports down when it is executed; a No-License router has it saved already
  auto s = smart_176_with_ports();
  s.version.version = "17.09.04";
  s.license_mode = snapshot::LicenseMode::no_license;
  s.running_config.smart_enable = false;
  PlanOptions o;
  o.recorded_paks = paks_of({"10GEupgradelicense", "advancedmetroipaccess"});
  auto plan = make_plan(s, traditional_176(), o);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  for (const auto &st : plan.steps) EXPECT_NE(st.kind, StepKind::restore_ports) << render_plan(plan);
}

}  // namespace
}  // namespace licmig::migrate
