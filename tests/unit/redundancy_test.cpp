// Tests of the `show redundancy` and `show redundancy states` parsers: own fixtures (an ASR 920 HA
// pair and a simplex router), other commands' output, broken output with its line, \r\n endings.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "fixture_support.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

using test::with_crlf;

const char *const show_version_text =
    "Cisco IOS XE Software, Version 17.03.04\n"
    "Cisco IOS Software [Amsterdam], ASR920 Software (PPC_LINUX_IOSD-UNIVERSALK9_NPE-M), Version 17.3.4\n"
    "ROM: 15.6(48r)S\n"
    "ASR920-PE7 uptime is 5 weeks, 2 days, 1 hour, 3 minutes\n";

const char *const invalid_input_text =
    "ASR920-PE7#show redundancy states\n"
    "                      ^\n"
    "% Invalid input detected at '^' marker.\n"
    "\n"
    "ASR920-PE7#\n";

// ---------------------------------------------------------------- show redundancy states

TEST(RedundancyStates, AsrHaPairActive) {
  auto p = parse_show_redundancy_states(test::fixture("show_redundancy_states/asr920_ha_active.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &r = p.value;
  EXPECT_EQ(r.my_state, "13 -ACTIVE");
  EXPECT_EQ(r.peer_state, "8  -STANDBY HOT");
  EXPECT_EQ(r.hardware_mode, "Duplex");
  EXPECT_EQ(r.mode, "sso");
  EXPECT_EQ(r.configured_mode, "sso");
  EXPECT_EQ(r.redundancy_state, "sso");
  EXPECT_EQ(r.unit, "Primary");
  EXPECT_EQ(r.unit_id, "48");
  EXPECT_EQ(r.maintenance_mode, "Disabled");
  EXPECT_EQ(r.manual_swact, "enabled");
  EXPECT_FALSE(r.manual_swact_reason);
  EXPECT_EQ(r.communications, "Up");
  EXPECT_FALSE(r.communications_reason);
  EXPECT_EQ(r.client_count, 118);
  // `show redundancy` fields are not printed by this command
  EXPECT_FALSE(r.switchovers);
  EXPECT_FALSE(r.active_location);
}

TEST(RedundancyStates, JsonHasTheKeysTheIssueNames) {
  auto p = parse_show_redundancy_states(test::fixture("show_redundancy_states/asr920_ha_active.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  nlohmann::json j = p.value;
  EXPECT_EQ(j.at("my_state"), "13 -ACTIVE");
  EXPECT_EQ(j.at("peer_state"), "8  -STANDBY HOT");
  EXPECT_EQ(j.at("mode"), "sso");
  EXPECT_EQ(j.at("hardware_mode"), "Duplex");
}

TEST(RedundancyStates, SimplexRouter) {
  auto p = parse_show_redundancy_states(test::fixture("show_redundancy_states/asr920_simplex.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &r = p.value;
  EXPECT_EQ(r.my_state, "13 -ACTIVE");
  EXPECT_EQ(r.peer_state, "1  -DISABLED");
  EXPECT_EQ(r.hardware_mode, "Simplex");
  EXPECT_EQ(r.mode, "Non-redundant");
  EXPECT_EQ(r.configured_mode, "Non-redundant");
  EXPECT_EQ(r.redundancy_state, "Non Redundant");
  EXPECT_EQ(r.manual_swact, "disabled");
  EXPECT_EQ(r.manual_swact_reason, "system is simplex (no peer unit)");
  EXPECT_EQ(r.communications, "Down");
  EXPECT_EQ(r.communications_reason, "Simplex mode");
}

TEST(RedundancyStates, CrLfGivesTheSameResult) {
  for (const char *name :
       {"show_redundancy_states/asr920_ha_active.txt", "show_redundancy_states/asr920_simplex.txt"}) {
    auto text = test::fixture(name);
    auto lf = parse_show_redundancy_states(text);
    auto crlf = parse_show_redundancy_states(with_crlf(text));
    ASSERT_TRUE(crlf.recognised()) << name << ": " << crlf.reason;
    EXPECT_EQ(nlohmann::json(lf.value), nlohmann::json(crlf.value)) << name;
  }
}

TEST(RedundancyStates, NoIndentationAndExtraSpacesBeforeValue) {
  auto p = parse_show_redundancy_states(
      "my state = 13 -ACTIVE\n"
      "peer state =  8 -STANDBY HOT \n"
      "Mode = Duplex\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.peer_state, "8 -STANDBY HOT");
}

TEST(RedundancyStates, NotThisFormat) {
  EXPECT_EQ(parse_show_redundancy_states("").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_redundancy_states("\r\n  \n").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_redundancy_states(invalid_input_text).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_redundancy_states(show_version_text).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_redundancy_states(test::fixture("show_redundancy/asr920_ha_active.txt")).outcome,
            ParseOutcome::not_this_format);
  EXPECT_EQ(
      parse_show_redundancy_states(test::fixture("show_call_home_profile_all/asr920_smart_licensing.txt")).outcome,
      ParseOutcome::not_this_format);
}

TEST(RedundancyStates, MyStateWithNoValueIsMalformedAtItsLine) {
  auto p = parse_show_redundancy_states(
      "R1#show redundancy states\n"
      "       my state =\n"
      "     peer state = 8  -STANDBY HOT\n"
      "           Mode = Duplex\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 2u);
  EXPECT_NE(p.reason.find("my state"), std::string::npos) << p.reason;
}

TEST(RedundancyStates, GarbledStateIsMalformed) {
  auto p = parse_show_redundancy_states(
      "       my state = 13 -ACTIVE\n"
      "     peer state = STANDBY\n"
      "           Mode = Duplex\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 2u);
}

TEST(RedundancyStates, GarbledUnitIdIsMalformed) {
  auto p = parse_show_redundancy_states(
      "       my state = 13 -ACTIVE\n"
      "     peer state = 8  -STANDBY HOT\n"
      "           Mode = Duplex\n"
      "           Unit = Primary\n"
      "        Unit ID = 4#8\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 5u);
}

TEST(RedundancyStates, TruncatedAfterMyStateIsMalformedAtTheLastLine) {
  auto p = parse_show_redundancy_states(
      "\n"
      "ASR920-HA-01#show redundancy states\n"
      "       my state = 13 -ACTIVE\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 3u);
}

TEST(RedundancyStates, TruncatedBeforeModeIsMalformed) {
  auto p = parse_show_redundancy_states(
      "       my state = 13 -ACTIVE\r\n"
      "     peer state = 8  -STANDBY HOT\r\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 2u);
  EXPECT_NE(p.reason.find("Mode"), std::string::npos) << p.reason;
}

// ---------------------------------------------------------------- show redundancy

TEST(ShowRedundancy, AsrHaPairActive) {
  auto p = parse_show_redundancy(test::fixture("show_redundancy/asr920_ha_active.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &r = p.value;
  EXPECT_EQ(r.available_uptime, "12 weeks, 3 days, 4 hours, 10 minutes");
  EXPECT_EQ(r.switchovers, "1");
  EXPECT_EQ(r.standby_failures, "0");
  EXPECT_EQ(r.last_switchover_reason, "user forced");
  EXPECT_EQ(r.hardware_mode, "Duplex");
  EXPECT_EQ(r.configured_mode, "sso");
  EXPECT_EQ(r.mode, "sso");
  EXPECT_EQ(r.maintenance_mode, "Disabled");
  EXPECT_EQ(r.communications, "Up");
  EXPECT_EQ(r.active_location, "slot 48");
  EXPECT_EQ(r.my_state, "ACTIVE");
  EXPECT_EQ(r.uptime_in_state, "3 weeks, 1 day, 2 hours, 5 minutes");
  EXPECT_EQ(r.image_version,
            "Cisco IOS Software [Amsterdam], ASR920 Software (PPC_LINUX_IOSD-UNIVERSALK9_NPE-M), Version 17.3.4, "
            "RELEASE SOFTWARE (fc3)");
  EXPECT_EQ(r.boot, "bootflash:asr920-universalk9_npe.17.03.04.SPA.bin,12;");
  EXPECT_EQ(r.config_register, "0x2102");
  EXPECT_EQ(r.standby_location, "slot 49");
  EXPECT_EQ(r.peer_state, "STANDBY HOT");
  EXPECT_EQ(r.peer_uptime_in_state, "3 weeks, 1 day, 1 hour, 51 minutes");
  EXPECT_EQ(r.peer_image_version, r.image_version);
  EXPECT_EQ(r.peer_boot, r.boot);
  EXPECT_EQ(r.peer_config_register, "0x2102");
  EXPECT_FALSE(r.unit_id);  // only `show redundancy states` prints it
}

TEST(ShowRedundancy, SimplexRouter) {
  auto p = parse_show_redundancy(test::fixture("show_redundancy/asr920_simplex.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &r = p.value;
  EXPECT_EQ(r.hardware_mode, "Simplex");
  EXPECT_EQ(r.mode, "Non-redundant");
  EXPECT_EQ(r.communications, "Down");
  EXPECT_EQ(r.communications_reason, "Failure");
  EXPECT_EQ(r.my_state, "ACTIVE");
  EXPECT_EQ(r.peer_state, "DISABLED");
  EXPECT_FALSE(r.standby_location);
  EXPECT_FALSE(r.peer_image_version);
}

TEST(ShowRedundancy, CrLfGivesTheSameResult) {
  for (const char *name : {"show_redundancy/asr920_ha_active.txt", "show_redundancy/asr920_simplex.txt"}) {
    auto text = test::fixture(name);
    auto lf = parse_show_redundancy(text);
    auto crlf = parse_show_redundancy(with_crlf(text));
    ASSERT_TRUE(crlf.recognised()) << name << ": " << crlf.reason;
    EXPECT_EQ(nlohmann::json(lf.value), nlohmann::json(crlf.value)) << name;
  }
}

TEST(ShowRedundancy, EmptyBootIsAbsent) {
  auto p = parse_show_redundancy(
      "Current Processor Information :\n"
      "-------------------------------\n"
      "               Active Location = slot 1\n"
      "        Current Software state = ACTIVE\n"
      "                          BOOT = \n"
      "        Configuration register = 0x2102\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_FALSE(p.value.boot);
  EXPECT_EQ(p.value.config_register, "0x2102");
}

TEST(ShowRedundancy, IncludeFilteredOutputIsRecognised) {
  auto p = parse_show_redundancy(
      "ASR920-HA-01#show redundancy | include Mode\n"
      "                 Hardware Mode = Duplex\n"
      "    Configured Redundancy Mode = sso\n"
      "     Operating Redundancy Mode = sso\n"
      "              Maintenance Mode = Disabled\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.mode, "sso");
  EXPECT_EQ(p.value.hardware_mode, "Duplex");
}

TEST(ShowRedundancy, NotThisFormat) {
  EXPECT_EQ(parse_show_redundancy("").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_redundancy("R1#\n").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_redundancy(invalid_input_text).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_redundancy(show_version_text).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_redundancy(test::fixture("show_redundancy_states/asr920_ha_active.txt")).outcome,
            ParseOutcome::not_this_format);
}

TEST(ShowRedundancy, SoftwareStateWithNoValueIsMalformedAtItsLine) {
  auto p = parse_show_redundancy(
      "Current Processor Information :\n"
      "-------------------------------\n"
      "               Active Location = slot 48\n"
      "        Current Software state =\n"
      "       Uptime in current state = 1 hour\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 4u);
}

TEST(ShowRedundancy, GarbledSwitchoverCountIsMalformed) {
  auto text = test::fixture("show_redundancy/asr920_ha_active.txt");
  auto pos = text.find("experienced = 1");
  ASSERT_NE(pos, std::string::npos);
  text.replace(pos, 15, "experienced = x1");
  auto p = parse_show_redundancy(text);
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 5u);
}

TEST(ShowRedundancy, TruncatedInsidePeerBlockIsMalformedAtItsHeader) {
  auto text = test::fixture("show_redundancy/asr920_ha_active.txt");
  text = text.substr(0, text.find("        Current Software state = STANDBY HOT"));
  auto p = parse_show_redundancy(text);
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 28u);  // "Peer Processor Information :"
}

TEST(ShowRedundancy, TruncatedAfterSystemBlockIsMalformedAtTheLastLine) {
  auto text = test::fixture("show_redundancy/asr920_ha_active.txt");
  text = text.substr(0, text.find("Current Processor Information"));
  auto p = parse_show_redundancy(text);
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 13u);  // "Communications = Up"
}

TEST(ShowRedundancy, CrLfTruncatedOutputKeepsTheLineNumber) {
  auto p =
      parse_show_redundancy(with_crlf("\n"
                                      "Redundant System Information :\n"
                                      "------------------------------\n"
                                      "       Available system uptime = 1 hour\n"
                                      "\n"
                                      "Current Processor Information :\n"
                                      "-------------------------------\n"
                                      "               Active Location = slot 48\n"));
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 6u);
}

}  // namespace
}  // namespace licmig::snapshot
