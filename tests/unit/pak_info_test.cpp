// Tests of the `show platform software sl-infra pak-info` parser: the vendor guide's example (one
// field per line and the guide's flattened form), several licenses, the negative status lines, the
// IOS error of releases without the command, broken output with its line, \r\n and paging.
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
using test::with_crlf;

void expect_guide_entry(const PakSnapshot &s) {
  EXPECT_EQ(s.platform_supports, true);
  EXPECT_EQ(s.integrity_ok, true);
  EXPECT_EQ(s.available, true);
  ASSERT_EQ(s.entries.size(), 1u);
  const auto &e = s.entries[0];
  EXPECT_EQ(e.license_name, "advancedmetroipaccess");
  EXPECT_EQ(e.index, 0);
  EXPECT_EQ(e.in_use_count, 0);
  EXPECT_EQ(e.in_use_count_valid, 0);
  EXPECT_EQ(e.license_precedence, 0);
  EXPECT_EQ(e.license_type, "Permanent");
  EXPECT_EQ(e.license_count, "Non-Counted");
  EXPECT_EQ(e.current_state, "Active, Not in Use");
  EXPECT_EQ(e.license_state, "Active, In Use");
  EXPECT_EQ(e.timestamp, "Tue Oct 26 20:45:26 2021");
  EXPECT_EQ(e.timestamp_seconds, 1635281126);
  EXPECT_EQ(e.trial_period_left, "0");
}

TEST(PakInfo, GuideExampleOneFieldPerLine) {
  auto p = parse_show_pak_info(fixture("show_pak_info/guide_example.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  expect_guide_entry(p.value);
}

TEST(PakInfo, GuideExampleAsTheGuidePrintsIt) {
  auto p = parse_show_pak_info(fixture("show_pak_info/guide_example_flattened.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  expect_guide_entry(p.value);
  // the copy kept with the guide fixtures reads the same
  auto g = parse_show_pak_info(fixture("guide/show_pak_info_snapshot.txt"));
  ASSERT_TRUE(g.recognised()) << g.reason;
  EXPECT_EQ(nlohmann::json(g.value), nlohmann::json(p.value));
}

TEST(PakInfo, SeveralLicenses) {
  auto p = parse_show_pak_info(fixture("show_pak_info/several_licenses.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &e = p.value.entries;
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].license_name, "advancedmetroipaccess");
  EXPECT_EQ(e[0].current_state, "Active, In Use");
  EXPECT_EQ(e[1].license_name, "10GEupgradelicense");
  EXPECT_EQ(e[1].index, 1);
  EXPECT_EQ(e[1].in_use_count, 2);
  EXPECT_EQ(e[1].license_count, "Counted");
  EXPECT_EQ(e[2].license_name, "metroipaccess");
  EXPECT_EQ(e[2].license_type, "EvalRightToUse");
  EXPECT_EQ(e[2].license_precedence, 1);
  EXPECT_EQ(e[2].trial_period_left, "5184000");
  EXPECT_EQ(e[2].timestamp_seconds, 0);
}

TEST(PakInfo, NoSnapshot) {
  auto p = parse_show_pak_info(fixture("show_pak_info/no_snapshot.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.platform_supports, true);
  EXPECT_EQ(p.value.available, false);
  EXPECT_FALSE(p.value.integrity_ok);
  EXPECT_TRUE(p.value.entries.empty());
}

TEST(PakInfo, PlatformDoesNotSupport) {
  auto p = parse_show_pak_info(fixture("show_pak_info/platform_not_supported.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.platform_supports, false);
  EXPECT_FALSE(p.value.available);
}

TEST(PakInfo, IntegrityCheckFail) {
  auto p = parse_show_pak_info(fixture("show_pak_info/integrity_fail.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.integrity_ok, false);
  EXPECT_EQ(p.value.available, false);
}

TEST(PakInfo, NotThisFormat) {
  EXPECT_EQ(parse_show_pak_info("").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_pak_info(" \n\n").outcome, ParseOutcome::not_this_format);
  auto invalid = parse_show_pak_info(fixture("show_pak_info/NEGATIVE_invalid_input_17_11.txt"));
  EXPECT_EQ(invalid.outcome, ParseOutcome::not_this_format);
  EXPECT_NE(invalid.reason.find("Invalid input"), std::string::npos);
  EXPECT_EQ(parse_show_pak_info(fixture("show_license/asr920_16_9_permanent_and_ports.txt")).outcome,
            ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_pak_info("Cisco IOS XE Software, Version 17.09.04a\nLicense Type: Smart License\n").outcome,
            ParseOutcome::not_this_format);
}

TEST(PakInfo, NonNumericIndexIsMalformed) {
  auto p = parse_show_pak_info(fixture("show_pak_info/MALFORMED_bad_index.txt"));
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 6u) << p.reason;
}

TEST(PakInfo, AvailableWithoutEntriesIsMalformed) {
  auto p = parse_show_pak_info(fixture("show_pak_info/MALFORMED_available_but_empty.txt"));
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 5u) << p.reason;
}

TEST(PakInfo, GarbledCodeAndMissingNameAreMalformed) {
  const std::string head =
      "Pak License Snapshot Information\nPlatform Supports PAK License snapshot\n"
      "PAK License Snapshot integrity check pass\nPAK License Snapshot available\n";
  auto code = parse_show_pak_info(head + "License Name : advancedmetroipaccess\n License Type : x - Permanent\n");
  EXPECT_EQ(code.outcome, ParseOutcome::malformed);
  EXPECT_EQ(code.line, 6u);
  auto no_name = parse_show_pak_info(head + " Index : 0\n In Use Count : 0\n");
  EXPECT_EQ(no_name.outcome, ParseOutcome::malformed);
  EXPECT_EQ(no_name.line, 5u);
  auto stamp = parse_show_pak_info(head + "License Name : a\n Timestamp lower 32bits : 99999999999 - x\n");
  EXPECT_EQ(stamp.outcome, ParseOutcome::malformed);
  EXPECT_EQ(stamp.line, 6u);
}

TEST(PakInfo, CrlfAndPagingGiveTheSameResult) {
  auto text = fixture("show_pak_info/several_licenses.txt");
  auto plain = parse_show_pak_info(text);
  ASSERT_TRUE(plain.recognised());
  auto crlf = parse_show_pak_info(with_crlf(text));
  ASSERT_TRUE(crlf.recognised()) << crlf.reason;
  EXPECT_EQ(nlohmann::json(crlf.value), nlohmann::json(plain.value));
  auto cut = text.find("License Name                : metroipaccess");
  auto paged = parse_show_pak_info(text.substr(0, cut) + " --More-- \b\b\b\b\b\b\b\b\b\b" + text.substr(cut));
  ASSERT_TRUE(paged.recognised()) << paged.reason;
  EXPECT_EQ(nlohmann::json(paged.value), nlohmann::json(plain.value));
}

TEST(PakInfo, EveryTruncationIsHandled) {
  auto text = fixture("show_pak_info/guide_example_flattened.txt");
  for (std::size_t n = 0; n <= text.size(); ++n) {
    auto p = parse_show_pak_info(std::string_view(text).substr(0, n));
    EXPECT_TRUE(p.outcome != ParseOutcome::malformed || p.line > 0) << n;
  }
}

}  // namespace
}  // namespace licmig::snapshot
