// Tests of the `show call-home profile all` parser: an ASR 920 capture with a Smart Licensing
// profile and a second profile with several addresses, other commands' output, broken output with
// its line, \r\n endings.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fixture_support.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

using test::with_crlf;

using Strings = std::vector<std::string>;

const char *const fixture = "show_call_home_profile_all/asr920_smart_licensing.txt";

TEST(CallHomeProfileAll, AsrSmartLicensingProfiles) {
  auto p = parse_show_call_home_profile_all(test::fixture(fixture));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_FALSE(p.value.enabled);  // not printed by this command
  ASSERT_EQ(p.value.profiles.size(), 2u);

  const auto &tac = p.value.profiles[0];
  EXPECT_EQ(tac.name, "CiscoTAC-1");
  EXPECT_EQ(tac.status, "ACTIVE");
  EXPECT_EQ(tac.mode, "Full Reporting");
  EXPECT_EQ(tac.reporting_data, "Smart Call Home, Smart Licensing");
  EXPECT_EQ(tac.preferred_message_format, "xml");
  EXPECT_EQ(tac.message_size_limit_bytes, 3145728);
  EXPECT_EQ(tac.transport_method, "http");
  EXPECT_EQ(tac.http_destinations, Strings{"https://tools.cisco.com/its/service/oddce/services/DDCEService"});
  EXPECT_EQ(tac.email_destinations, Strings{"callhome@cisco.com"});
  EXPECT_TRUE(tac.other_destinations.empty());

  const auto &sat = p.value.profiles[1];
  EXPECT_EQ(sat.name, "SAT-1");
  EXPECT_EQ(sat.status, "INACTIVE");
  EXPECT_EQ(sat.transport_method, "http and email");
  EXPECT_EQ(sat.email_destinations, (Strings{"noc@example.net", "licensing@example.net"}));
  EXPECT_EQ(sat.http_destinations,
            (Strings{"https://satellite1.example.net/Transportgateway/services/DeviceRequestHandler",
                     "https://satellite2.example.net/Transportgateway/services/DeviceRequestHandler"}));
}

TEST(CallHomeProfileAll, NotYetSetUpAndContinuationLines) {
  auto p = parse_show_call_home_profile_all(
      "Profile Name: test\n"
      "    Profile status: ACTIVE\n"
      "    Transport Method: email\n"
      "    Email address(es): Not yet set up\n"
      "Profile Name: Shishir\n"
      "    Profile status: INACTIVE\n"
      "    Transport Method: email\n"
      "    Email address(es): shishir@example.com\n"
      "                       second@example.com\n"
      "    Other address(es): default\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.profiles.size(), 2u);
  EXPECT_TRUE(p.value.profiles[0].email_destinations.empty());
  EXPECT_EQ(p.value.profiles[1].email_destinations, (Strings{"shishir@example.com", "second@example.com"}));
  EXPECT_EQ(p.value.profiles[1].other_destinations, Strings{"default"});
  EXPECT_FALSE(p.value.profiles[1].mode);  // not printed: absent
}

TEST(CallHomeProfileAll, SeverityTablesAndPeriodicLinesAreSkipped) {
  auto p = parse_show_call_home_profile_all(
      "Profile Name: CiscoTAC-1\n"
      "    Profile status: ACTIVE\n"
      "    Periodic inventory info message is scheduled daily at 00:00\n"
      "\n"
      "    Syslog-Pattern            Severity\n"
      "    ------------------------  ------------\n"
      "    %SYS-5-CONFIG_I: .*       major\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.profiles.size(), 1u);
  EXPECT_EQ(p.value.profiles[0].status, "ACTIVE");
}

TEST(CallHomeProfileAll, CrLfGivesTheSameResult) {
  auto text = test::fixture(fixture);
  auto lf = parse_show_call_home_profile_all(text);
  auto crlf = parse_show_call_home_profile_all(with_crlf(text));
  ASSERT_TRUE(crlf.recognised()) << crlf.reason;
  EXPECT_EQ(nlohmann::json(lf.value), nlohmann::json(crlf.value));
}

TEST(CallHomeProfileAll, NotThisFormat) {
  EXPECT_EQ(parse_show_call_home_profile_all("").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_call_home_profile_all("\n\n").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_call_home_profile_all("R1#show call-home profile all\n"
                                             "                          ^\n"
                                             "% Invalid input detected at '^' marker.\n"
                                             "R1#\n")
                .outcome,
            ParseOutcome::not_this_format);
  // `show call-home` (the summary) names profiles too, but is another command's output
  EXPECT_EQ(parse_show_call_home_profile_all("Current call home settings:\n"
                                             "    call home feature : enable\n"
                                             "Profiles:\n"
                                             "    Profile Name: CiscoTAC-1\n")
                .outcome,
            ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_call_home_profile_all(test::fixture("show_redundancy/asr920_ha_active.txt")).outcome,
            ParseOutcome::not_this_format);
}

TEST(CallHomeProfileAll, ProfileNameWithNoValueIsMalformedAtItsLine) {
  auto p = parse_show_call_home_profile_all(
      "Profile Name: CiscoTAC-1\n"
      "    Profile status: ACTIVE\n"
      "\n"
      "Profile Name:\n"
      "    Profile status: ACTIVE\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 4u);
}

TEST(CallHomeProfileAll, TransportWithNoValueIsMalformed) {
  auto p = parse_show_call_home_profile_all(
      "Profile Name: CiscoTAC-1\r\n"
      "    Profile status: ACTIVE\r\n"
      "    Transport Method:\r\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 3u);
}

TEST(CallHomeProfileAll, GarbledMessageSizeIsMalformed) {
  auto p = parse_show_call_home_profile_all(
      "Profile Name: CiscoTAC-1\n"
      "    Profile status: ACTIVE\n"
      "    Message Size Limit: 31457X8 Bytes\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 3u);
}

TEST(CallHomeProfileAll, TruncatedAfterAProfileNameIsMalformedAtIt) {
  auto text = test::fixture(fixture);
  text = text.substr(0, text.find("    Profile status: INACTIVE"));
  auto p = parse_show_call_home_profile_all(text);
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 27u);  // "Profile Name: SAT-1"
}

TEST(CallHomeProfileAll, TruncatedInsideASeverityTableIsMalformed) {
  auto text = test::fixture(fixture);
  text = text.substr(0, text.find("    crash "));
  auto p = parse_show_call_home_profile_all(text);
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 16u);  // "Alert-group  Severity"
}

}  // namespace
}  // namespace licmig::snapshot
