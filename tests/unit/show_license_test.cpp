// Tests of the traditional `show license` parser: own ASR 920 fixtures, the vendor guide's examples,
// real genieparser samples, other commands' output, broken output with its line, \r\n endings and
// paging leftovers.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "fixture_support.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

using test::fixture;
using test::real_fixture;
using test::with_crlf;

TEST(ShowLicense, Asr920PermanentEvalAndPortLicenses) {
  auto p = parse_show_license(fixture("show_license/asr920_16_9_permanent_and_ports.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &l = p.value.licenses;
  ASSERT_EQ(l.size(), 6u);
  EXPECT_EQ(l[0].index, 1);
  EXPECT_EQ(l[0].feature, "advancedmetroipaccess");
  EXPECT_EQ(l[0].period_left, "Life time");
  EXPECT_FALSE(l[0].period_used);
  EXPECT_EQ(l[0].license_type, "Permanent");
  EXPECT_EQ(l[0].license_state, "Active, In Use");
  EXPECT_EQ(l[0].license_count, "Non-Counted");
  EXPECT_EQ(l[0].license_priority, "Medium");
  EXPECT_FALSE(l[0].license_count_in_use);

  EXPECT_EQ(l[1].feature, "metroipaccess");
  EXPECT_EQ(l[1].period_used, "0  minute  0  second");
  EXPECT_EQ(l[1].period_used_seconds, 0);
  EXPECT_EQ(l[1].license_type, "EvalRightToUse");
  EXPECT_EQ(l[1].license_state, "Active, Not in Use, EULA not accepted");

  // a feature with no license: only index and feature
  EXPECT_EQ(l[3].index, 4);
  EXPECT_EQ(l[3].feature, "1588");
  EXPECT_FALSE(l[3].period_left);
  EXPECT_FALSE(l[3].license_type);

  EXPECT_EQ(l[4].feature, "1GEupgradelicense");
  EXPECT_EQ(l[4].license_count, "12/4/0  (Active/In-use/Violation)");
  EXPECT_EQ(l[4].license_count_active, 12);
  EXPECT_EQ(l[4].license_count_in_use, 4);
  EXPECT_EQ(l[4].license_count_violation, 0);
  EXPECT_EQ(l[5].license_count_active, 2);
  EXPECT_EQ(l[5].license_count_in_use, 2);
}

TEST(ShowLicense, EvalWithHeadersKeepsPeriodsAsPrinted) {
  auto p = parse_show_license(fixture("show_license/asr920_eval_in_use.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.licenses.size(), 2u);
  const auto &e = p.value.licenses[0];
  EXPECT_EQ(e.feature, "metroaggrservices");
  EXPECT_EQ(e.period_left, "8  weeks 3  days");
  EXPECT_EQ(e.period_used, "2  minutes 19  seconds");
  EXPECT_EQ(e.period_used_seconds, 139);
  EXPECT_EQ(e.license_priority, "Low");
}

TEST(ShowLicense, VendorGuideExamples) {
  auto eval = parse_show_license(fixture("guide/show_license_eval.txt"));
  ASSERT_TRUE(eval.recognised()) << eval.reason;
  ASSERT_EQ(eval.value.licenses.size(), 1u);
  EXPECT_EQ(eval.value.licenses[0].period_used, "2 minutes 19 seconds");
  EXPECT_EQ(eval.value.licenses[0].period_left, "8 weeks 3 days");

  auto perm = parse_show_license(fixture("guide/show_license_permanent.txt"));
  ASSERT_TRUE(perm.recognised()) << perm.reason;
  ASSERT_EQ(perm.value.licenses.size(), 1u);
  EXPECT_EQ(perm.value.licenses[0].feature, "advancedmetroipaccess");
  EXPECT_EQ(perm.value.licenses[0].license_type, "Permanent");
}

TEST(ShowLicense, RealSampleWithManyBareFeatures) {
  auto p = parse_show_license(real_fixture("show_license/genieparser_iosxe_golden_output2.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.licenses.size(), 37u);
  EXPECT_EQ(p.value.licenses[2].feature, "ipbase");
  EXPECT_FALSE(p.value.licenses[2].license_state);
  EXPECT_EQ(p.value.licenses[36].feature, "interface_10g_x2");
  EXPECT_EQ(p.value.licenses[31].license_count_in_use, 0);
  EXPECT_EQ(p.value.licenses[31].license_count_violation, 0);
}

TEST(ShowLicense, LastFeatureWithoutFieldsIsRecognised) {
  auto p = parse_show_license(real_fixture("show_license/ntc-templates_show_license.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.licenses.size(), 10u);
  EXPECT_EQ(p.value.licenses[9].feature, "internal_service");
  EXPECT_EQ(p.value.licenses[0].feature, "appxk9");  // trailing spaces after the name trimmed
}

TEST(ShowLicense, NotThisFormat) {
  EXPECT_EQ(parse_show_license("").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license("\n  \n\r\n").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license("Router#show license\nRouter#\n").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_license("Cisco IOS XE Software, Version 17.03.04\n"
                               "License Level: advancedmetroipaccess\n"
                               "License Type: Permanent\n")
                .outcome,
            ParseOutcome::not_this_format);
  EXPECT_EQ(
      parse_show_license("Router#show license\n              ^\n% Invalid input detected at '^' marker.\n").outcome,
      ParseOutcome::not_this_format);
  auto smart = parse_show_license(fixture("show_license/NEGATIVE_smart_mode_17_6.txt"));
  EXPECT_EQ(smart.outcome, ParseOutcome::not_this_format);
  EXPECT_NE(smart.reason.find("Smart Licensing"), std::string::npos) << smart.reason;
}

TEST(ShowLicense, BlockCutOffBeforePriorityIsMalformed) {
  auto p = parse_show_license(fixture("show_license/MALFORMED_cut_off_block.txt"));
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 11u) << p.reason;
}

TEST(ShowLicense, NonNumericIndexIsMalformed) {
  auto p = parse_show_license(fixture("show_license/MALFORMED_bad_index.txt"));
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 7u) << p.reason;
}

TEST(ShowLicense, IndexLineCutOffIsMalformed) {
  auto no_name = parse_show_license("Index 1 Feature: appxk9\nIndex 2 Feature:\n");
  EXPECT_EQ(no_name.outcome, ParseOutcome::malformed);
  EXPECT_EQ(no_name.line, 2u);
  auto no_feature = parse_show_license("Index 1 Feature: appxk9\nIndex 2 Fea\n");
  EXPECT_EQ(no_feature.outcome, ParseOutcome::malformed);
  EXPECT_EQ(no_feature.line, 2u);
  auto first = parse_show_license("Index\n");
  EXPECT_EQ(first.outcome, ParseOutcome::malformed);
  EXPECT_EQ(first.line, 1u);
}

TEST(ShowLicense, GarbledFieldLineIsMalformed) {
  auto p = parse_show_license("Index 1 Feature: appxk9\n        Period left: Life time\n        License Ty\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 3u);
}

TEST(ShowLicense, TextBeforeFirstIndexIsMalformed) {
  auto p = parse_show_license("        License Priority: Medium\nIndex 2 Feature: uck9\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 1u);
}

TEST(ShowLicense, CrlfAndPagingGiveTheSameResult) {
  auto text = fixture("show_license/asr920_16_9_permanent_and_ports.txt");
  auto plain = parse_show_license(text);
  ASSERT_TRUE(plain.recognised());
  auto crlf = parse_show_license(with_crlf(text));
  ASSERT_TRUE(crlf.recognised()) << crlf.reason;
  EXPECT_EQ(nlohmann::json(crlf.value), nlohmann::json(plain.value));

  auto cut = text.find("Index 4");
  std::string paged =
      text.substr(0, cut) + " --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b" + text.substr(cut);
  auto more = parse_show_license(paged);
  ASSERT_TRUE(more.recognised()) << more.reason;
  EXPECT_EQ(nlohmann::json(more.value), nlohmann::json(plain.value));
}

TEST(ShowLicense, PastedSessionStopsAtTheNextPrompt) {
  auto p = parse_show_license(
      "Router#show license\nIndex 1 Feature: advancedmetroipaccess\n"
      "Period left: Life time\nLicense Type: Permanent\nLicense State: Active, In Use\n"
      "License Count: Non-Counted\nLicense Priority: Medium\nRouter#sh run | i boot\n"
      "boot-start-marker\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.licenses.size(), 1u);
}

TEST(ShowLicense, EveryTruncationIsHandled) {
  auto text = fixture("show_license/asr920_16_9_permanent_and_ports.txt");
  for (std::size_t n = 0; n <= text.size(); ++n) {
    auto p = parse_show_license(std::string_view(text).substr(0, n));
    EXPECT_TRUE(p.outcome != ParseOutcome::malformed || p.line > 0) << n;
  }
}

}  // namespace
}  // namespace licmig::snapshot
