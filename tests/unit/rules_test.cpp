// Every rule with a snapshot that trips it and one that does not (the support matrix and the reload
// model the rules stand on: levels_test.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "rules/checks.hpp"
#include "rules/levels.hpp"
#include "unit/rules_samples.hpp"

namespace licmig::rules {
namespace {

using samples::pak_router;
using samples::smart_router;
using samples::target;
using snapshot::LicenseMode;
using snapshot::Release;
using snapshot::Snapshot;

std::vector<std::string> ids(const std::vector<Finding> &f) {
  std::vector<std::string> out;
  for (const auto &x : f) out.push_back(x.rule_id);
  return out;
}

bool has(const std::vector<Finding> &f, const std::string &id) {
  return std::any_of(f.begin(), f.end(), [&](const Finding &x) { return x.rule_id == id; });
}

const Finding &get(const std::vector<Finding> &f, const std::string &id) {
  return *std::find_if(f.begin(), f.end(), [&](const Finding &x) { return x.rule_id == id; });
}

CheckContext ctx;

TEST(Rules, LM001TargetOutsideMatrix) {
  EXPECT_TRUE(has(check_router(pak_router(), target("15.8(3)M3b", TargetMode::traditional), ctx), "LM001"));
  EXPECT_TRUE(has(check_router(pak_router(), target("banana"), ctx), "LM001"));
  EXPECT_FALSE(has(check_router(pak_router(), target("17.9.4"), ctx), "LM001"));
}

TEST(Rules, LM002CurrentReleaseUnknown) {
  auto s = pak_router();
  s.version.version = "garbage";
  EXPECT_TRUE(has(check_router(s, target("17.9.4"), ctx), "LM002"));
  EXPECT_FALSE(has(check_router(pak_router(), target("17.9.4"), ctx), "LM002"));
}

TEST(Rules, LM010PakWithoutBootLevelSaysBothLevels) {
  auto f = check_router(pak_router(), target("17.12.1"), ctx);
  ASSERT_TRUE(has(f, "LM010")) << ::testing::PrintToString(ids(f));
  const auto &x = get(f, "LM010");
  EXPECT_EQ(x.severity, Severity::error);
  EXPECT_NE(x.message.find("comes up at metroaccess"), std::string::npos) << x.message;
  EXPECT_NE(x.message.find("it has advancedmetroipaccess now"), std::string::npos) << x.message;
  EXPECT_EQ(x.remediation, (std::vector<std::string>{"configure terminal", "license boot level advancedmetroipaccess",
                                                     "end", "write memory"}));
  auto saved = pak_router();
  saved.configured_boot_level = "advancedmetroipaccess";
  EXPECT_FALSE(has(check_router(saved, target("17.12.1"), ctx), "LM010"));
  EXPECT_FALSE(has(check_router(pak_router(), target("17.6.1", TargetMode::traditional), ctx), "LM010"));
}

// Issue 13 item 13: LM010 has one severity, in `licmig rules` and in `check`. Even where the router's
// PAK snapshot keeps the level on 17.8-17.10 ("the router boots with the license level matching the
// permanent license", guide line 968), the next release from 17.11.1 on no longer uses it (line 1003).
TEST(Rules, LM010HasTheCatalogSeverityEvenWhenThePakSnapshotKeepsTheLevel) {
  auto f = check_router(pak_router(), target("17.9.4"), ctx);
  ASSERT_TRUE(has(f, "LM010"));
  EXPECT_EQ(get(f, "LM010").severity, find_rule("LM010")->severity);
  EXPECT_NE(get(f, "LM010").message.find("PAK snapshot"), std::string::npos);
}

// Issue 13 item 12: users have the vendor guide, not our files: every rule cites the guide's section
// titles, never "seed line N" nor DESIGN.md.
TEST(Rules, GuideCitationsAreSectionTitles) {
  for (const auto &r : rule_catalog()) {
    EXPECT_EQ(r.guide.find("seed"), std::string::npos) << r.id << ": " << r.guide;
    EXPECT_EQ(r.guide.find("DESIGN"), std::string::npos) << r.id << ": " << r.guide;
    EXPECT_EQ(r.guide.find("line"), std::string::npos) << r.id << ": " << r.guide;
  }
  for (const auto &row : SupportMatrix::builtin().rows()) {
    EXPECT_EQ(row.guide_section.find("DESIGN"), std::string::npos) << row.train();
    EXPECT_FALSE(row.guide_section.empty()) << row.train();
  }
}

// Issue 13 item 13: the 16.x row cites the guide's 16.06.10 examples ("Cisco IOS XE Software, Version
// 16.06.10 ... License Type: EvalRightToUse", lines 819-822 and 885-888).
// Issue 13 item 10: "The license boot level command must be configured before upgrading to Smart
// Licensing for releases prior to Cisco IOS XE Cupertino 17.8.1" (guide line 156); "If you upgrade the
// router to Smart Licensing, before enabling the boot level license command, the router boots with the
// default boot license" (line 641).
TEST(Rules, LM013SmartTargetBefore17_8WithoutSavedBootLevel) {
  auto s = pak_router("17.03.04", "metroipaccess");
  auto f = check_router(s, target("17.6.1", TargetMode::smart), ctx);
  ASSERT_TRUE(has(f, "LM013")) << ::testing::PrintToString(ids(f));
  EXPECT_EQ(get(f, "LM013").severity, Severity::error);
  EXPECT_NE(get(f, "LM013").message.find("comes up at metroaccess"), std::string::npos) << get(f, "LM013").message;
  EXPECT_EQ(
      get(f, "LM013").remediation,
      (std::vector<std::string>{"configure terminal", "license boot level metroipaccess", "end", "write memory"}));
  s.configured_boot_level = "metroipaccess";
  EXPECT_FALSE(has(check_router(s, target("17.6.1", TargetMode::smart), ctx), "LM013"));
  // a Smart router without a saved boot level: its next reload boots the default level (issue item 3)
  auto smart = smart_router("17.06.01");
  smart.configured_boot_level.reset();
  EXPECT_TRUE(has(check_router(smart, target("17.9.4", TargetMode::smart), ctx), "LM013"));
}

// Issue 13 item 3: a level that came only from the router's PAK snapshot (17.8-17.10, no saved boot
// level): the guide is silent about 17.11 and later (line 1003: "If the router gets directly upgraded
// to release 17.11.1 or later, then no PAK license information is available"). Our conservative
// reading: it falls to metroaccess; check warns and the plan pins the boot level.
TEST(Rules, LM013LevelOnlyFromThePakSnapshotFallsOn17_11) {
  Snapshot s;
  s.host = "pe3";
  s.version.version = "17.09.04";
  s.license_mode = LicenseMode::no_license;
  s.license_level = "advancedmetroipaccess";
  s.running_config.smart_enable = false;
  s.pak_snapshot = snapshot::PakSnapshot{};
  s.pak_snapshot->available = true;
  snapshot::PakSnapshotEntry e;
  e.license_name = "advancedmetroipaccess";
  e.license_type = "Permanent";
  s.pak_snapshot->entries.push_back(e);
  auto o = predict_reload(s, Release::of("17.10.1"), saved_config_of(s), SupportMatrix::builtin());
  EXPECT_EQ(o.level, "advancedmetroipaccess");
  EXPECT_TRUE(o.level_from_snapshot);
  o = predict_reload(s, Release::of("17.12.1"), saved_config_of(s), SupportMatrix::builtin());
  EXPECT_EQ(o.level, "metroaccess");
  EXPECT_NE(o.why.find("guide silent"), std::string::npos) << o.why;
  EXPECT_TRUE(has(check_router(s, target("17.12.1"), ctx), "LM013"));
  EXPECT_FALSE(has(check_router(s, target("17.10.1"), ctx), "LM013"));
}

// Issue 13 item 1: "Downgrading the Router from No-license mode to Traditional Licensing" (guide lines
// 856-898): 17.07.01 No License Mode metroaggrservices -> 16.06.10 "License Level: metroaggrservices /
// License Type: EvalRightToUse". The router hides its PAK licenses in No-License mode; licmig's stored
// record of it from 16.06.10 shows the evaluation license. Without any record, "If feature license is
// not available, then corresponding configuration is removed" (line 879): the conservative prediction is
// the default level.
// Issue 13 item 1: "Use the no form of this command to disable Smart Licensing and revert to the
// traditional or strict mode of licensing" (guide line 414): Smart 17.6 with a permanent PAK license
// goes back to traditional at that license's level.
// Issue 13 item 3: "Smart Licensing requires that you enable the boot level license command ... the
// router boots with the default boot license" (guide line 641).
// Issue 13 item 2: the level is always a boot level ("There are three types of license boot levels
// available", guide line 904); port licenses such as 10GEupgradelicense (line 548) never are.
TEST(Rules, LM011StraightPastTheSnapshotReleases) {
  auto f = check_router(pak_router("17.06.01"), target("17.12.1"), ctx);
  ASSERT_TRUE(has(f, "LM011"));
  EXPECT_NE(get(f, "LM011").remediation.back().find("17.8.1-17.10.x"), std::string::npos)
      << get(f, "LM011").remediation.back();
  EXPECT_FALSE(has(check_router(pak_router("17.06.01"), target("17.9.4"), ctx), "LM011"));
  EXPECT_FALSE(has(check_router(smart_router(), target("17.12.1", TargetMode::smart), ctx), "LM011"));
}

TEST(Rules, LM020To022ModeNotOnTarget) {
  EXPECT_TRUE(has(check_router(pak_router(), target("17.2.1", TargetMode::smart), ctx), "LM020"));
  EXPECT_FALSE(has(check_router(pak_router(), target("17.3.1", TargetMode::smart), ctx), "LM020"));
  EXPECT_TRUE(has(check_router(pak_router(), target("17.6.1", TargetMode::no_license), ctx), "LM021"));
  EXPECT_FALSE(has(check_router(pak_router(), target("17.7.1", TargetMode::no_license), ctx), "LM021"));
  EXPECT_TRUE(has(check_router(pak_router(), target("17.7.1", TargetMode::traditional), ctx), "LM022"));
  EXPECT_FALSE(has(check_router(pak_router(), target("17.6.1", TargetMode::traditional), ctx), "LM022"));
}

// LM030 from the router itself: the snapshot's session path (the interface owning the address the
// session reached) decides; the inventory's mgmt_interface only when the router cannot tell, and a
// disagreement is LM031 naming both.
TEST(Rules, LM030FromTheRouterAndLM031CrossCheck) {
  auto via = [](const char *interface, bool management) {
    auto snap = smart_router();
    snapshot::SessionPath p;
    p.address = "192.0.2.77";
    p.interface = interface;
    p.management = management;
    p.basis = "the session reached 192.0.2.77";
    snap.session = p;
    return snap;
  };
  const auto no_license = target("17.9.4", TargetMode::no_license);
  CheckContext none;
  // the router says data port: refused without any inventory variable, in check and in planning alike
  auto data = via("GigabitEthernet0/0/1", false);
  auto found = check_router(data, no_license, none);
  ASSERT_TRUE(has(found, "LM030"));
  EXPECT_NE(get(found, "LM030").message.find("data port GigabitEthernet0/0/1 (as the router says)"), std::string::npos)
      << get(found, "LM030").message;
  EXPECT_EQ(ids(blocking_findings(data, no_license, none)), std::vector<std::string>{"LM030"});
  EXPECT_FALSE(has(check_router(data, target("17.9.4", TargetMode::smart), none), "LM030"));  // Smart stays on
  // the router says management: the inventory's wrong data-port claim neither refuses nor is silent
  auto mgmt = via("GigabitEthernet0", true);
  CheckContext wrong;
  wrong.inventory_mgmt_interface = "GigabitEthernet0/0/1";
  found = check_router(mgmt, no_license, wrong);
  EXPECT_FALSE(has(found, "LM030"));
  ASSERT_TRUE(has(found, "LM031"));
  EXPECT_EQ(get(found, "LM031").severity, Severity::warning);
  EXPECT_NE(get(found, "LM031")
                .message.find("mgmt_interface says the session arrives on GigabitEthernet0/0/1, the "
                              "router says GigabitEthernet0"),
            std::string::npos)
      << get(found, "LM031").message;
  EXPECT_TRUE(blocking_findings(mgmt, no_license, wrong).empty());
  // they agree: no LM031
  CheckContext agree;
  agree.inventory_mgmt_interface = "gigabitethernet0";
  EXPECT_FALSE(has(check_router(mgmt, no_license, agree), "LM031"));
  // the router cannot tell (a jump host hides the address): the inventory decides; without it nothing
  // proves the session survives `no license smart enable`, and the conservative reading refuses
  auto hidden = smart_router();
  hidden.session = snapshot::SessionPath{"", "", false, "the session goes through jump host b1"};
  found = check_router(hidden, no_license, none);
  ASSERT_TRUE(has(found, "LM030"));
  EXPECT_NE(get(found, "LM030")
                .message.find("nothing tells which interface licmig's session arrives on (the "
                              "session goes through jump host b1; the inventory sets no "
                              "mgmt_interface)"),
            std::string::npos)
      << get(found, "LM030").message;
  EXPECT_EQ(ids(blocking_findings(hidden, no_license, none)), std::vector<std::string>{"LM030"});
  EXPECT_FALSE(has(check_router(hidden, target("17.9.4", TargetMode::smart), none), "LM030"));  // Smart stays on
  CheckContext says_management;
  says_management.inventory_mgmt_interface = "GigabitEthernet0";
  EXPECT_FALSE(has(check_router(hidden, no_license, says_management), "LM030"));
  // a snapshot with no session path at all (stored by an older licmig) is refused the same way
  auto unrecorded = smart_router();
  unrecorded.session.reset();
  found = check_router(unrecorded, no_license, none);
  ASSERT_TRUE(has(found, "LM030"));
  EXPECT_NE(get(found, "LM030").message.find("no session path is on record"), std::string::npos);
  found = check_router(hidden, no_license, wrong);
  ASSERT_TRUE(has(found, "LM030"));
  EXPECT_NE(get(found, "LM030").message.find("(as the inventory (mgmt_interface) says)"), std::string::npos);
  EXPECT_FALSE(has(found, "LM031"));
  // one owner of the decision
  EXPECT_EQ(session_decision(data, wrong).source, "the router");
  EXPECT_TRUE(session_decision(data, wrong).data_port);
  EXPECT_EQ(session_decision(hidden, wrong).source, "the inventory (mgmt_interface)");
  EXPECT_FALSE(session_decision(hidden, none).known);
}

TEST(Rules, LM030DataPortSession) {
  CheckContext data_port;
  data_port.session_via_data_port = true;
  EXPECT_TRUE(has(check_router(smart_router(), target("17.9.4", TargetMode::no_license), data_port), "LM030"));
  EXPECT_FALSE(has(check_router(smart_router(), target("17.9.4", TargetMode::no_license), ctx), "LM030"));
  EXPECT_FALSE(has(check_router(smart_router(), target("17.9.4", TargetMode::smart), data_port), "LM030"));
}

TEST(Rules, LM040To042HaPair) {
  auto a = pak_router();
  auto b = pak_router();
  b.host = "pe1b";
  EXPECT_TRUE(check_ha_pair(a, b).empty());
  b.pak_licenses[0].feature = "metroipaccess";
  b.license_level = "metroipaccess";
  b.version.version = "16.12.04";
  auto f = check_ha_pair(a, b);
  EXPECT_EQ(ids(f), (std::vector<std::string>{"LM040", "LM041", "LM042"}));
  EXPECT_NE(f[0].message.find("standby reloads continuously"), std::string::npos);
  EXPECT_NE(f[0].remediation[0].find("factory-reset"), std::string::npos);
}

TEST(Rules, LM050CallHomeHttp) {
  auto s = smart_router();
  snapshot::CallHomeProfile p;
  p.name = "CiscoTAC-1";
  p.http_destinations = {"http://tools.cisco.com/its/service/oddce/services/DDCEService"};
  s.call_home.profiles.push_back(p);
  auto f = check_router(s, target("17.9.4", TargetMode::smart), ctx);
  ASSERT_TRUE(has(f, "LM050"));
  EXPECT_EQ(get(f, "LM050").remediation[4],
            "destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService");
  s.call_home.profiles[0].http_destinations[0] = "https://tools.cisco.com/its/service/oddce/services/DDCEService";
  EXPECT_FALSE(has(check_router(s, target("17.9.4", TargetMode::smart), ctx), "LM050"));
}

TEST(Rules, LM051CommFailed) {
  auto s = smart_router();
  s.smart_log_events = {"%SMART_LIC-3-COMM_FAILED: Communications failure with the Cisco Smart License Utility"};
  auto f = check_router(s, target("17.9.4", TargetMode::smart), ctx);
  ASSERT_TRUE(has(f, "LM051"));
  EXPECT_EQ(get(f, "LM051").remediation[1], "ip http client secure-trustpoint SLA-TrustPoint");
  s.smart_log_events.clear();
  EXPECT_FALSE(has(check_router(s, target("17.9.4", TargetMode::smart), ctx), "LM051"));
}

TEST(Rules, LM052SatelliteWithDefaultDestination) {
  auto s = smart_router();
  snapshot::CallHomeProfile p;
  p.name = "CiscoTAC-1";
  p.http_destinations = {"https://tools.cisco.com/its/service/oddce/services/DDCEService"};
  s.call_home.profiles.push_back(p);
  auto t = target("17.9.4", TargetMode::smart);
  EXPECT_FALSE(has(check_router(s, t, ctx), "LM052"));
  t.satellite = true;
  EXPECT_TRUE(has(check_router(s, t, ctx), "LM052"));
}

TEST(Rules, LM060To063Smart) {
  auto s = smart_router();
  s.smart.authorization_status = "EVAL MODE";
  s.smart.evaluation_remaining = "12 days, 7 hours, 13 minutes, 9 seconds";
  EXPECT_TRUE(has(check_router(s, target("17.9.4", TargetMode::smart), ctx), "LM060"));
  s.smart.evaluation_remaining = "70 days, 7 hours, 13 minutes, 9 seconds";
  EXPECT_FALSE(has(check_router(s, target("17.9.4", TargetMode::smart), ctx), "LM060"));

  s.smart.authorization_status = "OUT OF COMPLIANCE";
  EXPECT_TRUE(has(check_router(s, target("17.9.4", TargetMode::smart), ctx), "LM061"));
  s.smart.authorization_status = "AUTHORIZED";
  EXPECT_FALSE(has(check_router(s, target("17.9.4", TargetMode::smart), ctx), "LM061"));

  CheckContext dated;
  dated.now_utc = "2016-12-01";
  s.smart.registration_expires = "Dec 16 02:25:58 2016 UTC";
  EXPECT_TRUE(has(check_router(s, target("17.9.4", TargetMode::smart), dated), "LM062"));
  dated.now_utc = "2016-06-01";
  EXPECT_FALSE(has(check_router(s, target("17.9.4", TargetMode::smart), dated), "LM062"));

  auto t = target("17.8.1", TargetMode::smart);
  t.register_token = true;
  s.smart.registration_status = "REGISTERED";
  EXPECT_TRUE(has(check_router(s, t, ctx), "LM063"));
  EXPECT_FALSE(has(check_router(s, target("17.9.4", TargetMode::smart), ctx), "LM063"));
}

TEST(Rules, LM070UnsavedConfig) {
  auto s = pak_router();
  s.config_unsaved = true;
  EXPECT_TRUE(has(check_router(s, target("17.6.1", TargetMode::traditional), ctx), "LM070"));
  s.config_unsaved = false;
  EXPECT_FALSE(has(check_router(s, target("17.6.1", TargetMode::traditional), ctx), "LM070"));
}

TEST(Rules, LM080And081Image) {
  auto s = pak_router();
  s.bootflash = snapshot::DirListing{};
  snapshot::FlashFile f;
  f.name = "asr920-universalk9_npe.17.09.04.SPA.bin";
  s.bootflash->files.push_back(f);
  auto t = target("17.9.4");
  t.image = "asr920-universalk9_npe.17.09.04.SPA.bin";
  EXPECT_FALSE(has(check_router(s, t, ctx), "LM080"));
  t.image = "asr920-universalk9_npe.17.12.01.SPA.bin";
  EXPECT_TRUE(has(check_router(s, t, ctx), "LM080"));
  t.image = "bootflash:asr920-universalk9_npe.17.09.04.SPA.bin";
  t.image_md5 = "0123456789abcdef0123456789abcdef";
  s.image_checks.push_back({"bootflash:asr920-universalk9_npe.17.09.04.SPA.bin", "ffffffffffffffffffffffffffffffff"});
  EXPECT_TRUE(has(check_router(s, t, ctx), "LM081"));
  s.image_checks[0].md5 = "0123456789ABCDEF0123456789ABCDEF";
  EXPECT_FALSE(has(check_router(s, t, ctx), "LM081"));
}

// Issue 15: a missing image with a source to stage it from is LM083 (info: the plan stages it), and
// without one LM080 names `licmig stage` as the remedy.
TEST(Rules, LM083MissingImageWithASourceIsStaged) {
  auto s = pak_router();
  s.bootflash = snapshot::DirListing{};
  auto t = target("17.9.4");
  t.image = "asr920-universalk9_npe.17.09.04.SPA.bin";
  auto without = check_router(s, t, ctx);
  ASSERT_TRUE(has(without, "LM080"));
  for (const auto &f : without) {
    if (f.rule_id == "LM080") {
      EXPECT_EQ(f.remediation.front(), "licmig stage -i INVENTORY -l " + s.host + " --image " + t.image);
    }
  }
  t.image_source = "pull from http://10.0.0.5/asr920-universalk9_npe.17.09.04.SPA.bin";
  auto with = check_router(s, t, ctx);
  EXPECT_FALSE(has(with, "LM080"));
  ASSERT_TRUE(has(with, "LM083"));
  for (const auto &f : with) {
    if (f.rule_id == "LM083") {
      EXPECT_EQ(f.severity, Severity::info);
    }
  }
}

TEST(Rules, LM084ImageCannotBeStaged) {
  auto f = image_cannot_be_staged("pe1", "not enough space on bootflash: 5 bytes free", "licmig stage --cleanup");
  EXPECT_EQ(f.rule_id, "LM084");
  EXPECT_EQ(f.severity, Severity::error);
  EXPECT_EQ(f.message, "not enough space on bootflash: 5 bytes free");
  EXPECT_EQ(f.remediation.back(), "licmig stage --cleanup");
}

TEST(Rules, LM090EvalLicenseInUse) {
  auto s = pak_router("16.06.10", "metroaggrservices");
  s.pak_licenses[0].license_type = "EvalRightToUse";
  EXPECT_TRUE(has(check_router(s, target("17.7.1"), ctx), "LM090"));
  s.pak_licenses[0].license_state = "Active, Not in Use, EULA not accepted";
  EXPECT_FALSE(has(check_router(s, target("17.7.1"), ctx), "LM090"));
}

// Issue 13 item 4: "Upgrading the Router with Traditional License to No-License" (guide lines 819-853):
// 16.06.10 metroaggrservices EvalRightToUse comes up "License Level: metroaggrservices / License Type:
// No License Mode" on 17.7.1. With its boot level saved nothing is lost: no LM090. Without it, LM090's
// remedy does not repeat LM010's line.
TEST(Rules, LM090NotWhenTheSavedBootLevelKeepsTheEvaluationLevel) {
  auto s = pak_router("16.06.10", "metroaggrservices");
  s.pak_licenses[0].license_type = "EvalRightToUse";
  s.configured_boot_level = "metroaggrservices";
  auto f = check_router(s, target("17.7.1"), ctx);
  EXPECT_FALSE(has(f, "LM090")) << ::testing::PrintToString(ids(f));
  s.configured_boot_level.reset();
  f = check_router(s, target("17.7.1"), ctx);
  ASSERT_TRUE(has(f, "LM010"));
  ASSERT_TRUE(has(f, "LM090"));
  EXPECT_EQ(get(f, "LM090").remediation,
            (std::vector<std::string>{"# the license boot level metroaggrservices of LM010 keeps it"}));
}

// Issue 13 item 5: "In Cisco IOS XE Cupertino 17.8.1, the router in Smart Licensing mode may go into an
// Unregistered-Registration state post reload ... when you try to reregister Smart Licensing on the
// router with the same token" (guide line 157): LM063 when a registration (--token-file) is planned.
TEST(Rules, LM063WhenARegisteredRouterRegistersAgainOn17_8_1) {
  auto s = smart_router("17.06.01");
  s.smart.initial_registration = "SUCCEEDED on Dec 17 02:31:11 2015 UTC";
  auto t = target("17.8.1", TargetMode::smart);
  EXPECT_FALSE(reregister_same_token(s, t));
  t.register_token = true;
  auto f = reregister_same_token(s, t);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->rule_id, "LM063");
  EXPECT_TRUE(has(check_router(s, t, ctx), "LM063"));
}

TEST(Rules, LM091SpecificLicenseReservation) {
  auto t = target("17.6.1", TargetMode::smart);
  t.specific_license_reservation = true;
  EXPECT_TRUE(has(check_router(smart_router(), t, ctx), "LM091"));
  t = target("17.8.1", TargetMode::smart);
  t.specific_license_reservation = true;
  EXPECT_FALSE(has(check_router(smart_router(), t, ctx), "LM091"));
}

TEST(Rules, CleanRouterHasNoFindings) {
  auto s = pak_router("17.06.01");
  s.configured_boot_level = "advancedmetroipaccess";
  EXPECT_TRUE(check_router(s, target("17.9.4"), ctx).empty())
      << ::testing::PrintToString(ids(check_router(s, target("17.9.4"), ctx)));
}

TEST(Rules, LM003IncompleteRecord) {
  auto s = pak_router("17.06.01");
  s.configured_boot_level = "advancedmetroipaccess";
  s.raw.push_back({"show license", "% Authorization failed.\n"});
  auto f = get(check_router(s, target("17.9.4"), ctx), "LM003");
  EXPECT_EQ(f.severity, Severity::error);
  EXPECT_EQ(f.rule_name, "record-incomplete");
  EXPECT_NE(f.message.find("show license: command authorization failed"), std::string::npos) << f.message;
  EXPECT_FALSE(f.remediation.empty());
}

TEST(Rules, BlockingFindingsAreThePlannersRefusals) {
  const auto &m = SupportMatrix::builtin();
  // nothing blocks a plannable path
  EXPECT_TRUE(blocking_findings(pak_router("17.06.01"), target("17.9.4"), {}).empty());
  // the same finding, in the same words, as check_router gives
  auto t = target("16.9.4", TargetMode::smart);
  auto blocking = blocking_findings(pak_router(), t, {});
  ASSERT_EQ(ids(blocking), std::vector<std::string>{"LM020"});
  EXPECT_EQ(blocking[0], get(check_router(pak_router(), t, {}), "LM020"));
  // an intermediate release outside the matrix is LM001, and nothing else is judged without it
  blocking = blocking_findings(pak_router(), target("17.9.4", TargetMode::smart), {}, {Release::of("3.16.8")}, m);
  ASSERT_EQ(ids(blocking), std::vector<std::string>{"LM001"});
  EXPECT_NE(blocking[0].message.find("intermediate release 3.16.8"), std::string::npos) << blocking[0].message;
  // over a data port, leaving Smart is blocked
  CheckContext data_port;
  data_port.session_via_data_port = true;
  EXPECT_EQ(ids(blocking_findings(smart_router(), target("17.9.4"), data_port)), std::vector<std::string>{"LM030"});
  // warnings never block
  EXPECT_FALSE(has(blocking_findings(pak_router(), target("17.12.1"), {}), "LM011"));
}

TEST(Rules, LM012LevelWouldDrop) {
  ReloadOutcome o;
  o.level = "metroaccess";
  o.why = "a downgrade below 17.7 returns to traditional licensing";
  auto f = level_would_drop("pe1", Release::of("17.6.1"), o, "metroipaccess");
  EXPECT_EQ(f.rule_id, "LM012");
  EXPECT_EQ(f.severity, Severity::error);
  EXPECT_EQ(f.message,
            "on 17.6.1 the router would come up at metroaccess (a downgrade below 17.7 returns to traditional "
            "licensing), below its current metroipaccess");
  EXPECT_NE(f.guide.find("Recording Snapshot of Licenses"), std::string::npos);
}

TEST(Rules, LM082HopWithoutImage) {
  auto f = hop_without_image("pe1", Release::of("17.9.4"));
  EXPECT_EQ(f.rule_id, "LM082");
  EXPECT_EQ(f.rule_name, "image-not-given");
  EXPECT_EQ(f.message, "the path changes release to 17.9.4 and no image was given for it");
  EXPECT_FALSE(f.remediation.empty());
}

TEST(Rules, RollbackRulesAreCatalogFindings) {
  // the rollback planner's refusals (their cases: tests/unit/rollback_plan_test.cpp)
  for (const char *id : {"LM100", "LM101", "LM102", "LM103", "LM104"}) {
    auto f = make_finding(id, "pe1", "why", {"# remedy"});
    const Rule *rule = find_rule(id);
    ASSERT_NE(rule, nullptr) << id;
    EXPECT_EQ(f.rule_name, rule->name);
    EXPECT_EQ(f.severity, Severity::error) << id;
    EXPECT_EQ(f.guide, rule->guide);
    EXPECT_EQ(f.remediation, std::vector<std::string>{"# remedy"});
    EXPECT_EQ(rule->name.rfind("rollback-", 0), 0u) << id;
  }
}

TEST(Rules, EveryCatalogRuleIsTested) {
  // the tests above name every rule; keep this list in step with the catalog
  const std::set<std::string> tested = {
      "LM001", "LM002", "LM003", "LM010", "LM011", "LM012", "LM013", "LM020", "LM021", "LM022", "LM030", "LM031",
      "LM040", "LM041", "LM042", "LM043", "LM050", "LM051", "LM052", "LM060", "LM061", "LM062", "LM063", "LM070",
      "LM080", "LM081", "LM082", "LM083", "LM084", "LM090", "LM091", "LM100", "LM101", "LM102", "LM103", "LM104"};
  for (const auto &r : rule_catalog()) EXPECT_TRUE(tested.count(r.id)) << r.id << " has no test";
}

TEST(Rules, DocsRulesMdIsGeneratedFromTheCatalog) {
  std::ifstream in(std::string(LICMIG_SOURCE_DIR) + "/docs/rules.md");
  ASSERT_TRUE(in) << "docs/rules.md missing: run `licmig rules --format markdown > docs/rules.md`";
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(doc, rules_markdown()) << "docs/rules.md is stale: run `licmig rules --format markdown > docs/rules.md`";
}

}  // namespace
}  // namespace licmig::rules
