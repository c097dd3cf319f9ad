// Tests of the Smart Licensing parsers (`show license summary|status|all|usage|udi|tech support`):
// the vendor guide's classic examples (clean and PDF-flattened), the policy layout, noise the
// session adds, cut-off text (malformed, with the line) and other commands' text (not this format).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "fixture_support.hpp"
#include "snapshot/parsers.hpp"

namespace licmig::snapshot {
namespace {

using test::fixture;
using test::real_fixture;

// The guide's `show license status` example (clean form, no indentation as extracted).
constexpr const char *k_guide_status = R"(Device#show license status
Smart Licensing is ENABLED

Registration:
Status: REGISTERED
Smart Account: BU Production Test
Virtual Account:Device
Export-Controlled Functionality: Allowed
Initial Registration: SUCCEEDED on Dec 17 02:31:11 2015 UTC
Last Renewal Attempt: None
Next Renewal Attempt: Jun 14 02:31:10 2016 UTC
Registration Expires: Dec 16 02:25:58 2016 UTC
License Authorization:
Status: AUTHORIZED on Feb 01 05:08:29 2016 UTC
Last Communication Attempt: FAILED on Feb 01 05:08:29 2016 UTC
Failure reason: Fail to send out Call Home HTTP message.
Next Communication Attempt: Feb 02 04:09:56 2016 UTC
Communication Deadline: Mar 16 03:00:33 2016 UTC
)";

constexpr const char *k_guide_usage = R"(Device#show license usage
License Authorization:
Status: AUTHORIZED on Feb 01 05:08:29 2016 UTC
Device METRO IP ACCESS (metroipaccess):
Description: Device METRO IP ACCESS
Count: 1
Version: 1.0
Status: AUTHORIZED
Device 2-10G PORT LICENSE (10GEupgradelicense):
Description: Device 2-10G PORT LICENSE
Count: 2
Version: 1.0
Status: AUTHORIZED
)";

constexpr const char *k_guide_summary_eval = R"(Router# show license summary
Smart Licensing is ENABLED
Registration:
 Status: UNREGISTERED
 Export-Controlled Functionality: NOT ALLOWED
License Authorization:
 Status: EVAL MODE
 Evaluation Period Remaining: 70 days, 7 hours, 13 minutes, 9 seconds
License Usage:
 License                 Entitlement Tag               Count Status
 -----------------------------------------------------------------------------
 metroaggrservices       (metroaggrservices)               1 EVAL MODE
)";

// As the guide's PDF extracted it: output on the command line, blocks run together.
constexpr const char *k_guide_summary_flattened = R"(Router#sh license summary Smart Licensing is ENABLED

Registration: Status: UNREGISTERED Export-Controlled Functionality: NOT ALLOWED

License Authorization:
Status: EVAL MODE
Evaluation Period Remaining: 70 days, 7 hours, 23 minutes, 19 seconds

License Usage: License Entitlement Tag Count Status metroaggrservices (metroaggrservices) 1 EVAL MODE
)";

constexpr const char *k_guide_summary_downgrade = R"(Smart Licensing is ENABLED
Registration:
  Status: UNREGISTERED
  Export-Controlled Functionality: NOT ALLOWED
License Authorization:
  Status: EVAL MODE

Evaluation Period Remaining: 70 days, 7 hours, 23 minutes, 19 seconds License Usage: License Entitlement Tag Count Status metroaggrservices (metroaggrservices) 1 EVAL MODE
)";

void expect_malformed_at(const Parsed<SmartLicensing> &p, std::size_t line) {
  EXPECT_EQ(p.outcome, ParseOutcome::malformed) << p.reason;
  EXPECT_EQ(p.line, line) << p.reason;
  EXPECT_FALSE(p.reason.empty());
}

// --- the guide's classic examples ---------------------------------------------------------------

TEST(SmartLicensingClassic, GuideStatusRegistered) {
  auto p = parse_show_license_status(k_guide_status);
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &v = p.value;
  EXPECT_EQ(v.layout, "classic");
  EXPECT_EQ(v.smart_enabled, true);
  EXPECT_EQ(v.registration_status, "REGISTERED");
  EXPECT_EQ(v.smart_account, "BU Production Test");
  EXPECT_FALSE(v.smart_account_as_of);
  EXPECT_EQ(v.virtual_account, "Device");
  EXPECT_EQ(v.export_controlled, "Allowed");
  EXPECT_EQ(v.initial_registration, "SUCCEEDED on Dec 17 02:31:11 2015 UTC");
  EXPECT_EQ(v.last_renewal_attempt, "None");
  EXPECT_EQ(v.next_renewal_attempt, "Jun 14 02:31:10 2016 UTC");
  EXPECT_EQ(v.registration_expires, "Dec 16 02:25:58 2016 UTC");
  EXPECT_EQ(v.authorization_status, "AUTHORIZED");
  EXPECT_EQ(v.authorization_date, "Feb 01 05:08:29 2016 UTC");
  EXPECT_EQ(v.last_communication_attempt, "FAILED on Feb 01 05:08:29 2016 UTC");
  EXPECT_EQ(v.failure_reason, "Fail to send out Call Home HTTP message.");
  EXPECT_EQ(v.next_communication_attempt, "Feb 02 04:09:56 2016 UTC");
  EXPECT_EQ(v.communication_deadline, "Mar 16 03:00:33 2016 UTC");
  EXPECT_TRUE(v.usage.empty());
}

TEST(SmartLicensingClassic, GuideUsageBlocksWithoutIndentation) {
  auto p = parse_show_license_usage(k_guide_usage);
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.layout, "classic");
  EXPECT_EQ(p.value.authorization_status, "AUTHORIZED");
  ASSERT_EQ(p.value.usage.size(), 2u);
  const auto &a = p.value.usage[0];
  EXPECT_EQ(a.license, "Device METRO IP ACCESS");
  EXPECT_EQ(a.entitlement_tag, "metroipaccess");
  EXPECT_EQ(a.description, "Device METRO IP ACCESS");
  EXPECT_EQ(a.count, "1");
  EXPECT_EQ(a.version, "1.0");
  EXPECT_EQ(a.status, "AUTHORIZED");
  EXPECT_EQ(p.value.usage[1].license, "Device 2-10G PORT LICENSE");
  EXPECT_EQ(p.value.usage[1].entitlement_tag, "10GEupgradelicense");
  EXPECT_EQ(p.value.usage[1].count, "2");
}

TEST(SmartLicensingClassic, GuideSummaryEvalTable) {
  auto p = parse_show_license_summary(k_guide_summary_eval);
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &v = p.value;
  EXPECT_EQ(v.layout, "classic");
  EXPECT_EQ(v.smart_enabled, true);
  EXPECT_EQ(v.registration_status, "UNREGISTERED");
  EXPECT_EQ(v.export_controlled, "NOT ALLOWED");
  EXPECT_EQ(v.authorization_status, "EVAL MODE");
  EXPECT_FALSE(v.authorization_date);
  EXPECT_EQ(v.evaluation_remaining, "70 days, 7 hours, 13 minutes, 9 seconds");
  ASSERT_EQ(v.usage.size(), 1u);
  EXPECT_EQ(v.usage[0].license, "metroaggrservices");
  EXPECT_EQ(v.usage[0].entitlement_tag, "metroaggrservices");
  EXPECT_EQ(v.usage[0].count, "1");
  EXPECT_EQ(v.usage[0].status, "EVAL MODE");
}

TEST(SmartLicensingClassic, GuideSummaryFlattenedByThePdf) {
  auto p = parse_show_license_summary(k_guide_summary_flattened);
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &v = p.value;
  EXPECT_EQ(v.smart_enabled, true);  // printed on the echoed command line
  EXPECT_EQ(v.layout, "classic");
  EXPECT_EQ(v.registration_status, "UNREGISTERED");
  EXPECT_EQ(v.export_controlled, "NOT ALLOWED");
  EXPECT_EQ(v.authorization_status, "EVAL MODE");
  EXPECT_EQ(v.evaluation_remaining, "70 days, 7 hours, 23 minutes, 19 seconds");
  ASSERT_EQ(v.usage.size(), 1u);
  EXPECT_EQ(v.usage[0].license, "metroaggrservices");
  EXPECT_EQ(v.usage[0].entitlement_tag, "metroaggrservices");
  EXPECT_EQ(v.usage[0].count, "1");
  EXPECT_EQ(v.usage[0].status, "EVAL MODE");
}

TEST(SmartLicensingClassic, GuideSummaryUsageFlattenedAfterEvaluationPeriod) {
  auto p = parse_show_license_summary(k_guide_summary_downgrade);
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.evaluation_remaining, "70 days, 7 hours, 23 minutes, 19 seconds");
  ASSERT_EQ(p.value.usage.size(), 1u);
  EXPECT_EQ(p.value.usage[0].status, "EVAL MODE");
}

TEST(SmartLicensingClassic, FlattenedTableWithSeveralRows) {
  auto p = parse_show_license_summary(
      "Smart Licensing is ENABLED\n"
      "License Usage: License Entitlement Tag Count Status Device METRO IP ACCESS (metroipaccess) 1 AUTHORIZED "
      "Device 2-10G PORT L... (10GEupgradelicense) 2 EVAL MODE\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.usage.size(), 2u);
  EXPECT_EQ(p.value.usage[0].license, "Device METRO IP ACCESS");
  EXPECT_EQ(p.value.usage[0].status, "AUTHORIZED");
  EXPECT_EQ(p.value.usage[1].license, "Device 2-10G PORT L...");
  EXPECT_EQ(p.value.usage[1].entitlement_tag, "10GEupgradelicense");
  EXPECT_EQ(p.value.usage[1].count, "2");
  EXPECT_EQ(p.value.usage[1].status, "EVAL MODE");
}

TEST(SmartLicensingClassic, TechSupportEvaluationPeriodBlock) {
  auto p = parse_show_license_tech_support(
      "Smart Licensing Status\n"
      "Smart Licensing is ENABLED\n"
      "Registration:\n  Status: REGISTERED\n"
      "License Authorization:\n  Status: AUTHORIZED on Feb 01 05:08:29 2016 UTC\n"
      "   Failure reason: Fail to send out Call Home HTTP message.\n\n"
      "Evaluation Period:\nEvaluation Mode: Not In Use\n"
      "Evaluation Period Remaining: 89 days, 23 hours, 20 minutes, 20 seconds\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.evaluation_mode, "Not In Use");
  EXPECT_EQ(p.value.evaluation_remaining, "89 days, 23 hours, 20 minutes, 20 seconds");
  EXPECT_EQ(p.value.failure_reason, "Fail to send out Call Home HTTP message.");
}

TEST(SmartLicensingClassic, DisabledIsRecognised) {
  auto p = parse_show_license_status("Router#show license status\nSmart Licensing is DISABLED\nRouter#\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.smart_enabled, false);
  EXPECT_EQ(p.value.layout, "classic");
}

TEST(SmartLicensingClassic, StatusFixtureAsr920Eval) {
  auto p = parse_show_license_status(fixture("show_license_status/classic_asr920_eval.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.layout, "classic");
  EXPECT_EQ(p.value.smart_enabled, true);
  EXPECT_EQ(p.value.registration_status, "UNREGISTERED");
  EXPECT_EQ(p.value.authorization_status, "EVAL MODE");
  EXPECT_EQ(p.value.evaluation_remaining, "70 days, 7 hours, 13 minutes, 9 seconds");
  EXPECT_EQ(p.value.transport_type, "Callhome");
  EXPECT_EQ(p.value.utility_status, "DISABLED");
}

TEST(SmartLicensingClassic, AllFixtureAsr920Registered) {
  auto p = parse_show_license_all(fixture("show_license_all/classic_asr920_registered.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &v = p.value;
  EXPECT_EQ(v.layout, "classic");
  EXPECT_EQ(v.registration_status, "REGISTERED");
  EXPECT_EQ(v.smart_account, "Example Telecom Ltd");
  EXPECT_EQ(v.virtual_account, "Metro-Core");
  EXPECT_EQ(v.authorization_status, "AUTHORIZED");
  EXPECT_EQ(v.authorization_date, "Mar 08 09:20:11 2022 UTC");
  ASSERT_EQ(v.usage.size(), 2u);
  EXPECT_EQ(v.usage[0].license, "ASR920 METRO IP ACCESS");
  EXPECT_EQ(v.usage[0].entitlement_tag, "metroipaccess");
  EXPECT_EQ(v.usage[0].export_status, "NOT RESTRICTED");
  EXPECT_EQ(v.usage[1].entitlement_tag, "10GEupgradelicense");
  EXPECT_EQ(v.usage[1].count, "2");
  ASSERT_EQ(v.udi.size(), 1u);
  EXPECT_EQ(v.udi[0].pid, "ASR-920-24SZ-IM");
  EXPECT_EQ(v.udi[0].sn, "CAT1234U0AB");
  EXPECT_EQ(v.agent_version, "4.4.13_rel/116");
}

TEST(SmartLicensingClassic, UdiTable) {
  auto p = parse_show_license_udi(fixture("show_license_udi/classic_asr920.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.layout, "classic");
  ASSERT_EQ(p.value.udi.size(), 1u);
  EXPECT_EQ(p.value.udi[0].slot, "*");
  EXPECT_EQ(p.value.udi[0].pid, "ASR-920-24SZ-IM");
  EXPECT_EQ(p.value.udi[0].sn, "CAT1234U0AB");
  EXPECT_EQ(p.value.udi[0].udi, "ASR-920-24SZ-IM:CAT1234U0AB");
}

TEST(SmartLicensingClassic, UdiTableWithTabs) {
  auto p = parse_show_license_udi(real_fixture("show_license_udi/genieparser_iosxe_golden_output1.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.udi.size(), 1u);
  EXPECT_EQ(p.value.udi[0].pid, "ASR1006");
  EXPECT_EQ(p.value.udi[0].sn, "NWG1512050G");
}

// --- Smart Licensing Using Policy ---------------------------------------------------------------

TEST(SmartLicensingPolicy, SummaryTable) {
  auto p = parse_show_license_summary(fixture("show_license_summary/policy_asr920.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &v = p.value;
  EXPECT_EQ(v.layout, "policy");
  EXPECT_FALSE(v.registration_status);
  EXPECT_EQ(v.smart_account, "Example Telecom Ltd");
  EXPECT_EQ(v.smart_account_as_of, "Mar 08 09:22:31 2022 UTC");
  ASSERT_EQ(v.usage.size(), 2u);
  EXPECT_EQ(v.usage[0].license, "advancedmetroipaccess");
  EXPECT_EQ(v.usage[0].status, "IN USE");
  EXPECT_EQ(v.usage[1].license, "10g_upgrade_license");
  EXPECT_EQ(v.usage[1].entitlement_tag, "10GEupgradelicense");
}

TEST(SmartLicensingPolicy, TruncatedNamesInTable) {
  auto p = parse_show_license_summary(real_fixture("show_license_summary/genieparser_iosxe_golden_output1.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.usage.size(), 2u);
  EXPECT_EQ(p.value.usage[0].license, "network-advantage");
  EXPECT_EQ(p.value.usage[0].entitlement_tag, "C9300-48 Network Advan...");
}

TEST(SmartLicensingPolicy, UsageBlocks) {
  auto p = parse_show_license_usage(fixture("show_license_usage/policy_asr920.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.layout, "policy");
  EXPECT_EQ(p.value.authorization_status, "Not Applicable");
  ASSERT_EQ(p.value.usage.size(), 2u);
  const auto &u = p.value.usage[1];
  EXPECT_EQ(u.license, "10g_upgrade_license");
  EXPECT_EQ(u.entitlement_tag, "10GEupgradelicense");
  EXPECT_EQ(u.enforcement_type, "NOT ENFORCED");
  EXPECT_EQ(u.feature_name, "10GEupgradelicense");
  EXPECT_EQ(u.license_type, "Perpetual");
  EXPECT_EQ(u.status, "IN USE");
}

TEST(SmartLicensingPolicy, StatusBlocks) {
  auto p = parse_show_license_status(real_fixture("show_license_status/ntc-templates_show_license_status3.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &v = p.value;
  EXPECT_EQ(v.layout, "policy");
  EXPECT_EQ(v.smart_enabled, true);
  EXPECT_FALSE(v.registration_status);
  EXPECT_EQ(v.smart_account, "Eg-SA");
  EXPECT_EQ(v.transport_type, "Smart");
  EXPECT_EQ(v.transport_url, "https://smartreceiver.cisco.com/licservice/license");
  EXPECT_EQ(v.policy_name, "SLE Policy");
  EXPECT_EQ(v.reporting_push_interval, "30  days");
  EXPECT_EQ(v.trust_code_installed, "Dec 03 08:23:45 2021 UTC");
}

TEST(SmartLicensingPolicy, UdiLineAndHaList) {
  auto p = parse_show_license_udi(
      "UDI: PID:C9300-24U,SN:FCW2134L00C\n\nHA UDI List:\n    Active:PID:C9300-24U,SN:FCW2134L00C\n"
      "    Standby:PID:C9300-48P,VID:V02,SN:FOC2129Z02H\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.layout, "policy");
  ASSERT_EQ(p.value.udi.size(), 1u);
  EXPECT_EQ(p.value.udi[0].pid, "C9300-24U");
  EXPECT_EQ(p.value.udi[0].sn, "FCW2134L00C");
  ASSERT_EQ(p.value.ha_udi.size(), 2u);
  EXPECT_EQ(p.value.ha_udi[1].role, "Standby");
  EXPECT_EQ(p.value.ha_udi[1].vid, "V02");
  EXPECT_EQ(p.value.ha_udi[1].sn, "FOC2129Z02H");
}

TEST(SmartLicensingPolicy, TechSupportIgnoresOtherSections) {
  auto p = parse_show_license_tech_support(fixture("show_license_tech_support/policy_asr920_short.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &v = p.value;
  EXPECT_EQ(v.layout, "policy");
  EXPECT_EQ(v.smart_enabled, true);
  EXPECT_EQ(v.transport_type, "Smart");  // not "Transport: Smart" of Other Info
  EXPECT_EQ(v.proxy_address, "<empty>");
  EXPECT_EQ(v.policy_in_use, "Merged from multiple sources.");
  EXPECT_EQ(v.last_ack_received, "<none>");  // not Communication Statistics' "Usage Reporting:"
  EXPECT_EQ(v.next_report_push, "Mar 08 09:22:11 2022 UTC");
  EXPECT_FALSE(v.failure_reason);
  EXPECT_FALSE(v.registration_status);
  ASSERT_EQ(v.usage.size(), 1u);
  EXPECT_EQ(v.usage[0].handle, 1);
  EXPECT_EQ(v.usage[0].license, "advancedmetroipaccess");
  EXPECT_EQ(v.usage[0].entitlement_tag,
            "regid.2014-12.com.cisco.advancedmetroipaccess,1.0_6a0fe4a0-3b9a-4a6b-8b0e-7cd3d6c1f1a2");
  EXPECT_EQ(v.usage[0].status, "IN USE(15)");
  ASSERT_EQ(v.udi.size(), 1u);
  EXPECT_EQ(v.agent_version, "5.1.26_rel/120");
}

TEST(SmartLicensingPolicy, TrustCodeTypeOnTheHeaderLineIsNotADate) {
  auto p = parse_show_license_status(
      "Smart Licensing Using Policy:\n  Status: ENABLED\n\nTrust Code Installed:    Trust Code Type: CSSM\n"
      "    Attributes: <none>\n\n  Active: PID:C9350-48T,SN:FOC2820Y07F\n    INSTALLED on Apr 23 15:28:43 2025 IST\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_FALSE(p.value.trust_code_installed);
}

// --- session noise --------------------------------------------------------------------------------

TEST(SmartLicensingNoise, CrLfPagingHeadersAndPrompts) {
  std::string text =
      "\r\n\r\nR1#show license summary\r\n"
      "Load for five secs: 1%/0%; one minute: 0%; five minutes: 0%\r\n"
      "Time source is NTP, 11:43:15.743 UTC Wed Nov 17 2021\r\n"
      "Smart Licensing is ENABLED   \r\n"
      "Registration:\r\n"
      "  Status: REGISTERED\r\n"
      " --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b  Smart Account: ACME\r\n"
      "License Authorization:\r\n"
      "  Status: AUTHORIZED on Mar 13 08:09:28 2024 UTC\r\n"
      "License Usage:\r\n"
      "  License                 Entitlement tag               Count Status\r\n"
      "  -----------------------------------------------------------------------------\r\n"
      "  ASR920 METRO IP ACCESS  (metroipaccess)                   1 AUTHORIZED\r\n"
      "R1#\r\n";
  auto p = parse_show_license_summary(text);
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.smart_enabled, true);
  EXPECT_EQ(p.value.registration_status, "REGISTERED");
  EXPECT_EQ(p.value.smart_account, "ACME");
  EXPECT_EQ(p.value.authorization_status, "AUTHORIZED");
  ASSERT_EQ(p.value.usage.size(), 1u);
  EXPECT_EQ(p.value.usage[0].license, "ASR920 METRO IP ACCESS");
  EXPECT_EQ(p.value.usage[0].status, "AUTHORIZED");
}

// --- cut-off text: malformed, with the line --------------------------------------------------------

TEST(SmartLicensingMalformed, UsageBlockHeaderWithoutFields) {
  expect_malformed_at(parse_show_license_usage("License Authorization:\n  Status: Not Applicable\n\n"
                                               "network-advantage (C9300-48 Network Advantage):\n"),
                      4);
}

TEST(SmartLicensingMalformed, UsageBlockHeaderFollowedByAnotherBlock) {
  expect_malformed_at(parse_show_license_usage("a (a):\n\nb (b):\n  Description: b\n  Count: 1\n  Status: IN USE\n"),
                      1);
}

TEST(SmartLicensingMalformed, StatusWithNothingAfterItAtEnd) {
  expect_malformed_at(parse_show_license_status("Smart Licensing is ENABLED\nRegistration:\n  Status:\n"), 3);
}

TEST(SmartLicensingMalformed, SectionHeaderAtEnd) {
  expect_malformed_at(parse_show_license_status("Smart Licensing is ENABLED\n\nRegistration:\n"), 3);
}

TEST(SmartLicensingMalformed, CutOffTableRow) {
  expect_malformed_at(parse_show_license_summary("License Usage:\n  License  Entitlement Tag  Count Status\n"
                                                 "  -----\n  network-advantage       (C9300-48 Netw"),
                      4);
}

TEST(SmartLicensingMalformed, GarbledCount) {
  expect_malformed_at(parse_show_license_usage("x (y):\n  Description: x\n  Count: many\n  Status: IN USE\n"), 3);
}

TEST(SmartLicensingMalformed, HandleWithoutFields) {
  expect_malformed_at(
      parse_show_license_tech_support("Smart Licensing Status\n======\n\nLicense Usage\n=====\nHandle: 1\n"), 6);
}

TEST(SmartLicensingMalformed, CutOffUdiRow) {
  expect_malformed_at(parse_show_license_udi("SlotID   PID    SN    UDI\n-----------\n*   ASR1006   NWG15"), 3);
}

TEST(SmartLicensingMalformed, CutOffUdiLine) { expect_malformed_at(parse_show_license_udi("UDI: PID"), 1); }

// --- other commands' text: not this format ----------------------------------------------------------

TEST(SmartLicensingNotThis, EmptyAndBlank) {
  EXPECT_EQ(parse_show_license_summary("").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license_status("\r\n  \n").outcome, ParseOutcome::not_this_format);
}

TEST(SmartLicensingNotThis, InvalidInput) {
  auto p = parse_show_license_tech_support(
      "R1#show license tech support\n               ^\n"
      "% Invalid input detected at '^' marker.\n\nR1#\n");
  EXPECT_EQ(p.outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license_udi("% Invalid input detected at '^' marker.\n").outcome, ParseOutcome::not_this_format);
}

TEST(SmartLicensingNotThis, ShowVersion) {
  auto text = fixture("guide/show_version_17_3_4_smart.txt");
  EXPECT_EQ(parse_show_license_summary(text).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license_all(text).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license_status(fixture("guide/show_version_17_7_1_no_license.txt")).outcome,
            ParseOutcome::not_this_format);
}

TEST(SmartLicensingNotThis, TraditionalShowLicense) {
  auto text = fixture("guide/show_license_eval.txt");
  EXPECT_EQ(parse_show_license_summary(text).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license_usage(text).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license_udi(text).outcome, ParseOutcome::not_this_format);
}

TEST(SmartLicensingNotThis, UdiParserNeedsAUdi) {
  EXPECT_EQ(parse_show_license_udi(k_guide_status).outcome, ParseOutcome::not_this_format);
}

// --- robustness: every prefix and some garbage parse without crashing ---------------------------------

TEST(SmartLicensingRobustness, EveryPrefixOfTheRealTechSupport) {
  auto text = real_fixture("show_license_tech_support/genieparser_iosxe_golden_output_13_4M.txt");
  for (std::size_t n = 0; n <= text.size(); n += 7) {
    auto p = parse_show_license_tech_support(std::string_view(text).substr(0, n));
    if (p.outcome == ParseOutcome::malformed) {
      EXPECT_GT(p.line, 0u);
    }
  }
}

TEST(SmartLicensingRobustness, RandomMutationsOfRealOutput) {
  std::uint32_t seed = 12345;
  auto next = [&seed]() {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 8;
  };
  const std::string alphabet = ":()\n\r =-_*,PIDSN0123456789ABCabc\t\b";
  for (const char *rel : {"show_license_all/genieparser_iosxe_golden_output_4.txt",
                          "show_license_summary/genieparser_iosxe_golden_output4.txt",
                          "show_license_udi/genieparser_iosxe_golden_output2.txt"}) {
    const auto base = real_fixture(rel);
    for (int round = 0; round < 300; ++round) {
      auto text = base;
      for (int k = 0; k < 8 && !text.empty(); ++k) {
        auto at = next() % text.size();
        switch (next() % 3) {
          case 0: text[at] = alphabet[next() % alphabet.size()]; break;
          case 1: text.erase(at, next() % 40); break;
          default: text.insert(at, 1, alphabet[next() % alphabet.size()]); break;
        }
      }
      for (auto parse : {parse_show_license_summary, parse_show_license_all, parse_show_license_udi}) {
        auto p = parse(text);
        if (p.outcome == ParseOutcome::malformed) {
          EXPECT_GT(p.line, 0u);
        }
      }
    }
  }
}

TEST(SmartLicensingRobustness, Garbage) {
  std::string long_line(100000, '(');
  long_line += ") 1 x";
  for (const std::string &t : {std::string("License Usage:") + long_line, std::string("Registration: ") + long_line,
                               std::string("Smart Licensing is ") + std::string(5000, ' ') + "Status: Status:",
                               std::string("UDI: ,,,,:::,PID:"), std::string(":\n:\n):\n(:\n"),
                               std::string("License Usage: ( ) 1"), std::string("SlotID PID SN UDI\n: : : :")}) {
    (void)parse_show_license_summary(t);
    (void)parse_show_license_udi(t);
    (void)parse_show_license_tech_support(t);
  }
  SUCCEED();
}

}  // namespace
}  // namespace licmig::snapshot
