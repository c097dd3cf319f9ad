// plan_fleet(): the units (HA pairs active first) and the one refusal policy `check`, `plan` and
// `migrate` share — an unreadable router is unreachable, a disagreeing HA pair is refused as a
// whole with the rule ID, and the check's unsafe error findings (image missing, md5 wrong) refuse
// the plan. `plan` and `migrate --dry-run` both render plan_fleet()'s answer, so the verdicts and
// exit codes asserted here are the ones both commands give.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>

#include "base/digest.hpp"
#include "fixture_support.hpp"
#include "migrate/exit_code.hpp"
#include "migrate/fleet_plan.hpp"
#include "migrate/report.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {
namespace {

const char *const k_image = "asr920-universalk9_npe.17.06.01.SPA.bin";

class FleetPlanTest : public ::testing::Test {
 protected:
  // A 16.9.4 traditional router with the given PAK license and the 17.6.1 image on bootflash.
  HostSnapshot &add(const std::string &name, const std::string &pak = "advancedmetroipaccess",
                    std::optional<inventory::HaRole> role = std::nullopt) {
    auto h = std::make_unique<inventory::Host>();
    h->name = name;
    if (role) {
      h->ha_group = "ha";
      h->ha_role = role;
    }
    hosts_.push_back(std::move(h));
    HostSnapshot hs;
    hs.host = hosts_.back().get();
    snapshot::Snapshot s;
    s.host = name;
    s.version.version = "16.09.04";
    s.license_mode = snapshot::LicenseMode::traditional;
    s.license_level = pak;
    s.configured_boot_level = "advancedmetroipaccess";
    snapshot::PakLicense p;
    p.index = 1;
    p.feature = pak;
    p.license_type = "Permanent";
    s.pak_licenses.push_back(p);
    snapshot::DirListing dir;
    snapshot::FlashFile f;
    f.name = k_image;
    dir.files.push_back(f);
    s.bootflash = dir;
    hs.snap = s;
    hs.path = "/store/" + name + ".json";
    snaps_.push_back(hs);
    return snaps_.back();
  }

  TargetOptions target_176_traditional() const {
    TargetOptions t;
    t.release = "17.6.1";
    t.mode = "traditional";
    t.image = std::string("bootflash:") + k_image;
    return t;
  }

  const HostPlan &host(const FleetPlan &p, const std::string &name) {
    for (const auto &h : p.hosts) {
      if (h.host->name == name) return h;
    }
    ADD_FAILURE() << "no host " << name;
    return p.hosts.front();
  }

  static bool has_error(const HostPlan &h, const std::string &rule) {
    for (const auto &f : h.findings) {
      if (f.rule_id == rule && f.severity == rules::Severity::error) return true;
    }
    return false;
  }

  std::vector<std::unique_ptr<inventory::Host>> hosts_;
  std::vector<HostSnapshot> snaps_;
};

TEST_F(FleetPlanTest, AConsistentRouterIsPlanned) {
  add("pe1");
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p) << p.error_message();
  const auto &h = host(p.value(), "pe1");
  EXPECT_FALSE(h.plan.refused) << h.plan.refusal;
  EXPECT_FALSE(h.plan.steps.empty());
  EXPECT_TRUE(h.checked);
  EXPECT_EQ(h.snapshot_path, "/store/pe1.json");
  EXPECT_EQ(plan_exit_code(p.value()), exit_ok);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_ok);
}

// The new user's first report: an HA pair with different PAK licenses, target 17.6.1 traditional.
// `plan` printed a full plan, `migrate --dry-run` refused the active only. Now both refuse both.
TEST_F(FleetPlanTest, HaPairWithDifferentPakLicensesIsRefusedAsAWhole) {
  add("ha-b", "metroipaccess", inventory::HaRole::standby);  // listed first: the active still leads
  add("ha-a", "advancedmetroipaccess", inventory::HaRole::active);
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p) << p.error_message();
  ASSERT_EQ(p->units.size(), 1u);
  EXPECT_EQ(p->hosts[p->units[0].active].host->name, "ha-a");
  ASSERT_TRUE(p->units[0].standby);
  EXPECT_EQ(p->hosts[*p->units[0].standby].host->name, "ha-b");
  for (const char *n : {"ha-a", "ha-b"}) {
    const auto &h = host(p.value(), n);
    EXPECT_TRUE(h.plan.refused) << n;
    EXPECT_FALSE(h.plan.unreadable) << n;
    EXPECT_TRUE(h.plan.steps.empty()) << n;
    EXPECT_FALSE(h.plan.remedy.empty()) << n;
    ASSERT_FALSE(h.plan.refused_by.empty()) << n;
    EXPECT_EQ(h.plan.refusing_rules().front(), "LM040") << n;
    EXPECT_NE(h.plan.refusal.find("LM040 ha-pak-mismatch: "), std::string::npos) << h.plan.refusal;
    EXPECT_NE(h.plan.refusal.find("PAK licenses differ"), std::string::npos) << h.plan.refusal;
    EXPECT_TRUE(has_error(h, "LM040")) << n << ": check's finding and plan's refusal agree";
  }
  EXPECT_EQ(plan_exit_code(p.value()), exit_findings);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_findings);
}

// acquire_and_plan plans each router as its snapshot arrives (in completion order) and keeps only
// the HA pairs' snapshots: the same plan as plan_fleet over all of them.
TEST_F(FleetPlanTest, PlannedAsSnapshotsArriveInAnyOrderIsTheSamePlan) {
  add("pe1");
  add("ha-b", "metroipaccess", inventory::HaRole::standby);
  add("pe2", "metroipaccess");
  add("ha-a", "advancedmetroipaccess", inventory::HaRole::active);
  snaps_.push_back(HostSnapshot{});  // one that could not be read
  hosts_.push_back(std::make_unique<inventory::Host>());
  hosts_.back()->name = "pe3";
  snaps_.back().host = hosts_.back().get();
  snaps_.back().error = Status::unreachable("pe3: connection refused");
  snaps_.back().unreachable = true;
  const auto all_at_once = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(all_at_once) << all_at_once.error_message();
  std::vector<const inventory::Host *> hosts;
  for (const auto &s : snaps_) hosts.push_back(s.host);
  FleetPlanner planner(hosts, target_176_traditional());
  for (std::size_t i : {3U, 4U, 0U, 2U, 1U}) {
    HostSnapshot arriving = snaps_[i];
    planner.add(i, arriving);
    arriving = HostSnapshot{};  // gone: the planner keeps what it needs
  }
  const auto streamed = planner.finish();
  ASSERT_TRUE(streamed) << streamed.error_message();
  EXPECT_EQ(plan_table(streamed.value()), plan_table(all_at_once.value()));
  EXPECT_EQ(plan_json(streamed.value()), plan_json(all_at_once.value()));
  EXPECT_EQ(check_json(checks_of(streamed.value())), check_json(checks_of(all_at_once.value())));
  EXPECT_TRUE(has_error(host(streamed.value(), "ha-a"), "LM040"));  // the pair was still compared
}

// Issue 13 item 7: one HA policy for targets before 17.7.1 (rules::check_ha_pair, applied here for
// `check`, `plan` and `migrate` alike). The guide's "you might face issues with the standby router
// reloading continuously. This issue occurs when the PAK licenses stored in the active and standby
// routers are different" (Recording Snapshot of Licenses) is written for the move to Smart Licensing;
// before 17.7.1 the guide is silent and the pair is refused all the same — for every such target.
TEST_F(FleetPlanTest, HaPairWithDifferentPakLicensesIsRefusedForEveryTargetBefore177) {
  add("ha-a", "advancedmetroipaccess", inventory::HaRole::active);
  add("ha-b", "metroipaccess", inventory::HaRole::standby);
  for (const auto &[release, mode] : std::vector<std::pair<std::string, std::string>>{
           {"16.12.5", "traditional"}, {"17.3.4", "traditional"}, {"17.3.4", "smart"}, {"17.6.1", "smart"}}) {
    auto t = target_176_traditional();
    t.release = release;
    t.mode = mode;
    auto p = plan_fleet(snaps_, t);
    ASSERT_TRUE(p) << p.error_message();
    for (const char *n : {"ha-a", "ha-b"}) {
      const auto &h = host(p.value(), n);
      EXPECT_TRUE(h.plan.refused) << n << " -> " << release << " " << mode;
      EXPECT_TRUE(has_error(h, "LM040")) << n << " -> " << release << " " << mode;
      const auto ids = h.plan.refusing_rules();
      EXPECT_NE(std::find(ids.begin(), ids.end(), "LM040"), ids.end()) << n;
    }
    EXPECT_EQ(plan_exit_code(p.value()), exit_findings);
    EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_findings);
  }
}

// A pair reloads together: the rollout runs the active's plan and the standby moves with it. A pair
// whose standby is refused (here: the image is not on its bootflash) was planned for the active by
// `plan` while `migrate` ... moved both; now `check`, `plan` and `migrate` refuse both (LM043).
TEST_F(FleetPlanTest, APairMovesTogetherSoTheRefusalOfOneRefusesTheOther) {
  add("ha-a", "advancedmetroipaccess", inventory::HaRole::active);
  add("ha-b", "advancedmetroipaccess", inventory::HaRole::standby).snap->bootflash->files.clear();
  add("pe1");
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p) << p.error_message();
  const auto &b = host(p.value(), "ha-b");
  EXPECT_EQ(b.plan.refusing_rules(), std::vector<std::string>{"LM080"});
  const auto &a = host(p.value(), "ha-a");
  EXPECT_TRUE(a.plan.refused);
  EXPECT_TRUE(a.plan.steps.empty());
  EXPECT_EQ(a.plan.refusing_rules(), std::vector<std::string>{"LM043"});
  EXPECT_EQ(a.plan.refusal,
            "LM043 ha-pair-refused: its HA partner ha-b cannot be changed (refused: LM080); the pair "
            "moves together");
  EXPECT_TRUE(has_error(a, "LM043")) << "check's finding and plan's refusal agree";
  EXPECT_FALSE(host(p.value(), "pe1").plan.refused);
  EXPECT_EQ(plan_exit_code(p.value()), exit_findings);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_findings);
}

TEST_F(FleetPlanTest, APairWhoseStandbyCannotBeReadIsNotChanged) {
  add("ha-a", "advancedmetroipaccess", inventory::HaRole::active);
  auto &gone = add("ha-b", "advancedmetroipaccess", inventory::HaRole::standby);
  gone.snap.reset();
  gone.error = Status::error(ErrorKind::refused, "connection refused by 127.0.0.1:22");
  gone.unreachable = true;
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p);
  const auto &a = host(p.value(), "ha-a");
  EXPECT_EQ(a.plan.refusing_rules(), std::vector<std::string>{"LM043"});
  EXPECT_NE(a.plan.refusal.find("(no snapshot)"), std::string::npos) << a.plan.refusal;
  EXPECT_TRUE(host(p.value(), "ha-b").plan.unreadable);
}

// A consistent pair before 17.7.1: both planned, with the same steps (the active's plan is what the
// pair does).
TEST_F(FleetPlanTest, AConsistentPairBefore177IsPlannedAlike) {
  add("ha-a", "advancedmetroipaccess", inventory::HaRole::active);
  add("ha-b", "advancedmetroipaccess", inventory::HaRole::standby);
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p) << p.error_message();
  const auto &a = host(p.value(), "ha-a");
  const auto &b = host(p.value(), "ha-b");
  ASSERT_FALSE(a.plan.refused) << a.plan.refusal;
  ASSERT_FALSE(b.plan.refused) << b.plan.refusal;
  ASSERT_EQ(a.plan.steps.size(), b.plan.steps.size());
  for (std::size_t i = 0; i < a.plan.steps.size(); ++i) {
    EXPECT_EQ(a.plan.steps[i].kind, b.plan.steps[i].kind) << i;
    EXPECT_EQ(a.plan.steps[i].commands, b.plan.steps[i].commands) << i;
  }
  EXPECT_EQ(plan_exit_code(p.value()), exit_ok);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_ok);
}

// The second: --image not on bootflash. `check` said LM080 (error), `plan` planned verify-image.
TEST_F(FleetPlanTest, ImageNotOnBootflashRefusesThePlanWithLM080) {
  auto &s = add("pe1");
  s.snap->bootflash->files.clear();
  add("pe2");
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p) << p.error_message();
  const auto &h = host(p.value(), "pe1");
  EXPECT_TRUE(has_error(h, "LM080"));
  EXPECT_TRUE(h.plan.refused);
  EXPECT_EQ(h.plan.refusing_rules(), std::vector<std::string>{"LM080"});
  EXPECT_EQ(h.plan.refusal, std::string("LM080 image-missing: ") + k_image + " is not on bootflash:");
  // one wording for every refusal: the rule's remedy with its guide section, then the commands
  EXPECT_EQ(h.plan.remedy,
            (std::vector<std::string>{
                "Stage it first: `licmig stage -i INVENTORY --image FILE` (push) or `--image-url URL --image-md5 HEX` "
                "(pull), or give the same source to plan/migrate and it is staged before the reload. (guide: "
                "Upgrading the Router with Traditional License to No-License (step 2, the image upgrade))",
                std::string("licmig stage -i INVENTORY -l pe1 --image ") + k_image,
                std::string("# or: licmig stage ... --image-url <server>/") + k_image + " --image-md5 <md5>"}));
  EXPECT_TRUE(h.plan.steps.empty());
  EXPECT_FALSE(host(p.value(), "pe2").plan.refused);
  EXPECT_EQ(plan_exit_code(p.value()), exit_findings);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_findings);
}

// Issue 15: with a source (a local copy, and --image-url to pull it), a missing image is staged
// before the reload: LM083 (info) in `check`, a stage-image step in `plan`; short of space, LM084
// refuses with the numbers in both.
class FleetPlanStageTest : public FleetPlanTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("licmig-fp-stage-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    local_ = (dir_ / k_image).string();
    std::ofstream(local_, std::ios::binary) << std::string(4096, 'i');
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  HostSnapshot &missing(const std::string &name, std::int64_t free) {
    auto &s = add(name);
    s.snap->bootflash->files.clear();
    s.snap->bootflash->free_bytes = free;
    // a complete record (rule LM003 reads the raw answers once there are any)
    s.snap->raw.push_back({"show version", "Cisco IOS XE Software, Version 16.09.04\n"});
    s.snap->raw.push_back({"show license udi", "SlotID PID SN UDI\n* ASR-920-24SZ-IM CAT1 ASR-920-24SZ-IM:CAT1\n"});
    s.snap->raw.push_back({"show license",
                           "Index 1 Feature: advancedmetroipaccess\n        Period left: Life time\n        License "
                           "Type: Permanent\n        License State: Active, In Use\n        License Count: "
                           "Non-Counted\n        License Priority: Medium\n"});
    s.snap->raw.push_back({"show platform software sl-infra pak-info", "% Invalid input detected at '^' marker.\n"});
    s.snap->raw.push_back({"show running-config", "hostname " + name + "\nip scp server enable\nend\n"});
    return s;
  }
  std::filesystem::path dir_;
  std::string local_;
};

TEST_F(FleetPlanStageTest, AMissingImageWithASourceIsStagedBeforeTheReload) {
  missing("pe1", 100 << 20);
  auto t = target_176_traditional();
  t.image = local_;
  auto p = plan_fleet(snaps_, t);
  ASSERT_TRUE(p) << p.error_message();
  const auto &h = host(p.value(), "pe1");
  ASSERT_FALSE(h.plan.refused) << h.plan.refusal;
  EXPECT_FALSE(has_error(h, "LM080"));
  EXPECT_TRUE(std::any_of(h.findings.begin(), h.findings.end(), [](const auto &f) { return f.rule_id == "LM083"; }));
  std::vector<StepKind> kinds;
  for (const auto &s : h.plan.steps) kinds.push_back(s.kind);
  auto stage = std::find(kinds.begin(), kinds.end(), StepKind::stage_image);
  ASSERT_NE(stage, kinds.end());
  EXPECT_EQ(*(stage + 1), StepKind::verify_image);
  EXPECT_LT(stage - kinds.begin(), std::find(kinds.begin(), kinds.end(), StepKind::reload) - kinds.begin());
  const auto &step = h.plan.steps[static_cast<std::size_t>(stage - kinds.begin())];
  EXPECT_EQ(step.commands.back(), std::string("verify /md5 bootflash:") + k_image);
  EXPECT_EQ(step.expect.image_md5, base::md5_of(std::string(4096, 'i')));
  EXPECT_EQ(plan_exit_code(p.value()), exit_ok);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_ok);
  // a pull names the URL in the step
  t.image_url = "http://10.0.0.5/images/" + std::string(k_image);
  auto pull = plan_fleet(snaps_, t);
  ASSERT_TRUE(pull);
  const auto &ps = host(pull.value(), "pe1").plan.steps;
  auto it = std::find_if(ps.begin(), ps.end(), [](const Step &s) { return s.kind == StepKind::stage_image; });
  ASSERT_NE(it, ps.end());
  EXPECT_NE(
      std::find(it->commands.begin(), it->commands.end(), "copy " + t.image_url + " bootflash:" + std::string(k_image)),
      it->commands.end());
}

TEST_F(FleetPlanStageTest, ShortOfSpaceRefusesWithLM084InCheckAndPlan) {
  missing("pe1", 1 << 20);
  auto t = target_176_traditional();
  t.image = local_;
  auto p = plan_fleet(snaps_, t);
  ASSERT_TRUE(p) << p.error_message();
  const auto &h = host(p.value(), "pe1");
  EXPECT_TRUE(has_error(h, "LM084"));
  EXPECT_EQ(h.plan.refusing_rules(), std::vector<std::string>{"LM084"});
  EXPECT_NE(h.plan.refusal.find("1048576 bytes free"), std::string::npos) << h.plan.refusal;
  EXPECT_EQ(h.plan.remedy.back(), "licmig stage -i INVENTORY -l pe1 --image " + local_ + " --cleanup");
  EXPECT_EQ(plan_exit_code(p.value()), exit_findings);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_findings);
}

TEST_F(FleetPlanStageTest, APushToARouterWithoutScpServerIsRefusedWithLM084) {
  auto &s = missing("pe1", 100 << 20);
  s.snap->raw.back().text = "hostname pe1\nend\n";
  auto t = target_176_traditional();
  t.image = local_;
  auto p = plan_fleet(snaps_, t);
  ASSERT_TRUE(p);
  const auto &h = host(p.value(), "pe1");
  EXPECT_EQ(h.plan.refusing_rules(), std::vector<std::string>{"LM084"});
  EXPECT_EQ(h.plan.remedy.back(), "licmig stage -i INVENTORY -l pe1 --image " + local_ + " --enable-scp-server");
}

TEST_F(FleetPlanTest, AnIncompleteRecordRefusesAChangeWithLM003) {
  // issue 11: `show license` was denied by AAA command authorization; the record holds no PAK license
  auto &s = add("pe1");
  s.snap->raw.push_back({"show license", "% Authorization failed.\n"});
  add("pe2");
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p) << p.error_message();
  const auto &h = host(p.value(), "pe1");
  EXPECT_TRUE(has_error(h, "LM003"));
  EXPECT_TRUE(h.plan.refused);
  EXPECT_EQ(h.plan.refusing_rules(), std::vector<std::string>{"LM003"});
  EXPECT_NE(h.plan.refusal.find("LM003 record-incomplete: "), std::string::npos) << h.plan.refusal;
  EXPECT_NE(h.plan.refusal.find("show license: command authorization failed"), std::string::npos) << h.plan.refusal;
  EXPECT_TRUE(h.plan.steps.empty());
  EXPECT_FALSE(host(p.value(), "pe2").plan.refused);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_findings);
}

TEST_F(FleetPlanTest, NoBootflashListingRefusesWithTheCatalogRemedy) {
  add("pe1").snap->bootflash.reset();
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p);
  const auto &h = host(p.value(), "pe1");
  EXPECT_EQ(h.plan.refusing_rules(), std::vector<std::string>{"LM080"});
  EXPECT_EQ(h.plan.remedy,
            std::vector<std::string>{
                "Stage it first: `licmig stage -i INVENTORY --image FILE` (push) or `--image-url URL --image-md5 HEX` "
                "(pull), or give the same source to plan/migrate and it is staged before the reload. (guide: "
                "Upgrading the Router with Traditional License to No-License (step 2, the image upgrade))"});
}

TEST_F(FleetPlanTest, WrongImageMd5RefusesWithLM081) {
  add("pe1").snap->image_checks.push_back({std::string("bootflash:") + k_image, "00000000000000000000000000000000"});
  auto t = target_176_traditional();
  t.image_md5 = "5b6f3a7e1c0d4e2f8a9b0c1d2e3f4a5b";
  auto p = plan_fleet(snaps_, t);
  ASSERT_TRUE(p);
  const auto &h = host(p.value(), "pe1");
  EXPECT_TRUE(has_error(h, "LM081"));
  EXPECT_EQ(h.plan.refusing_rules(), std::vector<std::string>{"LM081"});
  EXPECT_NE(h.plan.refusal.find("LM081 image-md5-mismatch: "), std::string::npos) << h.plan.refusal;
}

// An unreadable router is typed as such: unreachable (exit 3), not refused (exit 1).
TEST_F(FleetPlanTest, ARouterWithoutASnapshotIsUnreadableNotRefused) {
  add("pe1");
  auto &gone = add("gone");
  gone.snap.reset();
  gone.error = Status::error(ErrorKind::refused, "connection refused by 127.0.0.1:22");
  gone.unreachable = true;
  auto p = plan_fleet(snaps_, target_176_traditional());
  ASSERT_TRUE(p);
  const auto &h = host(p.value(), "gone");
  EXPECT_TRUE(h.plan.unreadable);
  EXPECT_TRUE(h.plan.refused);
  EXPECT_TRUE(h.unreachable);
  EXPECT_FALSE(h.checked);
  EXPECT_EQ(h.error, "connection refused by 127.0.0.1:22");
  EXPECT_TRUE(p->any_unreachable());
  EXPECT_FALSE(p->any_refused());
  EXPECT_EQ(plan_exit_code(p.value()), exit_unreachable);
  EXPECT_EQ(check_exit_code(checks_of(p.value())), exit_unreachable);
  EXPECT_NE(plan_table(p.value()).find("gone: NO PLAN — connection refused by 127.0.0.1:22"), std::string::npos);
}

TEST_F(FleetPlanTest, AnUnknownTargetModeIsAnInputError) {
  add("pe1");
  auto t = target_176_traditional();
  t.mode = "pak-forever";
  auto p = plan_fleet(snaps_, t);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.status().kind(), ErrorKind::invalid_input);
}

TEST(MakeUnits, PairsLeadWithTheActiveWhereTheGroupFirstAppears) {
  std::vector<inventory::Host> hs(5);
  hs[0].name = "s1";
  hs[1].name = "b";
  hs[1].ha_group = "g";
  hs[1].ha_role = inventory::HaRole::standby;
  hs[2].name = "s2";
  hs[3].name = "a";
  hs[3].ha_group = "g";
  hs[3].ha_role = inventory::HaRole::active;
  hs[4].name = "lonely-standby";
  hs[4].ha_group = "h";
  hs[4].ha_role = inventory::HaRole::standby;
  std::vector<const inventory::Host *> ptrs;
  for (const auto &h : hs) ptrs.push_back(&h);
  auto units = make_units(ptrs);
  ASSERT_EQ(units.size(), 4u);
  EXPECT_EQ(units[0].active, 0u);
  EXPECT_EQ(units[1].active, 3u);
  EXPECT_EQ(units[1].standby, std::optional<std::size_t>(1));
  EXPECT_EQ(units[2].active, 2u);
  EXPECT_EQ(units[3].active, 4u);
  EXPECT_FALSE(units[3].standby);
}

}  // namespace
}  // namespace licmig::migrate

namespace licmig::migrate {
namespace {

// Issue 13 item 1: the router hides its PAK licenses outside traditional mode ("Once Smart Licensing
// mode is enabled, all CLIs related to the traditional licensing mode are disabled", guide line 394);
// licmig's own stored record of it from when it was traditional supplies them, and plan_fleet gives
// them to the planner and the checks alike ("Downgrading the Router from No-license mode to
// Traditional Licensing", lines 856-898).
TEST(FleetPlanRecorded, TheStoredTraditionalRecordGivesThePakLicenses) {
  std::string tmpl_path = test::temp_template("licmig-recorded");
  char *tmpl = tmpl_path.data();
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string root = tmpl;
  snapshot::Store store(root);
  snapshot::Snapshot before;
  before.host = "pe1";
  before.taken_at = "2026-11-01T10:00:00.000000Z";
  before.version.version = "16.06.10";
  before.license_mode = snapshot::LicenseMode::traditional;
  before.license_level = "metroaggrservices";
  snapshot::PakLicense eval;
  eval.index = 1;
  eval.feature = "metroaggrservices";
  eval.period_left = "8 weeks 3 days";
  eval.license_type = "EvalRightToUse";
  eval.license_state = "Active, In Use";
  before.pak_licenses.push_back(eval);
  ASSERT_TRUE(store.save(before));
  snapshot::Snapshot now = before;
  now.taken_at = "2026-11-20T10:00:00.000000Z";
  now.version.version = "17.07.01prd15";
  now.license_mode = snapshot::LicenseMode::no_license;
  now.configured_boot_level = "metroaggrservices";
  now.running_config.smart_enable = false;
  now.pak_licenses.clear();
  snapshot::FlashFile image;
  image.name = "asr920-universalk9_npe.16.06.10.SPA.bin";
  now.bootflash = snapshot::DirListing{};
  now.bootflash->files.push_back(image);
  ASSERT_TRUE(store.save(now));
  auto recorded = recorded_paks_of(root, "pe1");
  ASSERT_EQ(recorded.size(), 1U);
  EXPECT_EQ(recorded[0].feature, "metroaggrservices");
  EXPECT_TRUE(recorded_paks_of(root, "pe2").empty());

  inventory::Host host;
  host.name = "pe1";
  HostSnapshot hs;
  hs.host = &host;
  hs.snap = now;
  TargetOptions t;
  t.release = "16.6.10";
  t.mode = "traditional";
  t.image = "asr920-universalk9_npe.16.06.10.SPA.bin";
  FleetPlanOptions o;
  auto blind = plan_fleet({hs}, t, o);
  ASSERT_TRUE(blind);
  EXPECT_TRUE(blind.value().hosts[0].plan.refused);
  o.recorded_paks["pe1"] = recorded;
  auto p = plan_fleet({hs}, t, o);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p.value().hosts[0].plan.refused) << p.value().hosts[0].plan.refusal;
  std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace licmig::migrate
