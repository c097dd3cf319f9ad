// Tests of rules/record_check.hpp: a router is changed only with a complete record of its licenses
// on disk (issue 11: a router whose license commands answered `% Authorization failed.` was
// reconfigured and reloaded with a record holding no PAK licenses).
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "rules/record_check.hpp"
#include "snapshot/parser_registry.hpp"

namespace licmig::rules {
namespace {

std::string fixture(const std::string &rel) {
  std::ifstream in(std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/" + rel, std::ios::binary);
  EXPECT_TRUE(in) << rel;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A snapshot as the collector builds it: each answer stored raw and merged through its parser.
snapshot::Snapshot collected(const std::vector<std::pair<std::string, std::string>> &answers) {
  snapshot::Snapshot snap;
  snap.host = "pe1";
  for (const auto &[command, text] : answers) {
    snap.raw.push_back({command, text});
    auto parser = snapshot::find_parser(command);
    if (parser) (void)parser.value()->into_snapshot(text, snap);
  }
  snapshot::derive_license_fields(snap);
  return snap;
}

const std::string k_running = "hostname PE-920-01\n!\nlicense boot level advancedmetroipaccess\n!\nend\n";
const std::string k_invalid =
    "                                            ^\n% Invalid input detected at '^' marker.\n";

std::vector<std::pair<std::string, std::string>> traditional_17_6() {
  return {{"show version", fixture("show_version/asr920_17_06_01_permanent.txt")},
          {"show license", fixture("show_license/asr920_16_9_permanent_and_ports.txt")},
          {"show license udi", fixture("show_license_udi/classic_asr920.txt")},
          {"show platform software sl-infra pak-info", k_invalid},
          {"show running-config", k_running}};
}

TEST(RecordCheck, CompleteTraditionalRecordHasNoGaps) {
  auto snap = collected(traditional_17_6());
  ASSERT_EQ(snap.license_mode, snapshot::LicenseMode::traditional);
  EXPECT_EQ(describe_gaps(record_gaps(snap)), "");
}

TEST(RecordCheck, AuthorizationDeniedLicenseCommandIsAGap) {
  auto answers = traditional_17_6();
  answers[1].second = "% Authorization failed.\n";
  auto gaps = record_gaps(collected(answers));
  ASSERT_FALSE(gaps.empty());
  EXPECT_EQ(gaps.front().command, "show license");
  EXPECT_EQ(gaps.front().cause,
            "command authorization failed (\"% Authorization failed.\"): the account needs privilege 15 or AAA "
            "authorization for this command");
}

TEST(RecordCheck, EmptyAnswerIsAGap) {
  auto answers = traditional_17_6();
  answers[2].second = "\n\n";
  EXPECT_EQ(describe_gaps(record_gaps(collected(answers))), "show license udi: no output");
}

TEST(RecordCheck, MissingCommandIsAGap) {
  auto answers = traditional_17_6();
  answers.erase(answers.begin() + 1);  // no show license
  EXPECT_EQ(describe_gaps(record_gaps(collected(answers))), "show license: not collected");
}

TEST(RecordCheck, UnreadableVersionLeavesModeAndLevelUnknown) {
  auto answers = traditional_17_6();
  answers[0].second = "% Authorization failed.\n";
  auto text = describe_gaps(record_gaps(collected(answers)));
  EXPECT_NE(text.find("show version: command authorization failed"), std::string::npos) << text;
  // the mode still follows from `show license`; without it nothing says what the router runs
  answers.erase(answers.begin() + 1);
  text = describe_gaps(record_gaps(collected(answers)));
  EXPECT_NE(text.find("show version: license mode not recognised"), std::string::npos) << text;
  EXPECT_NE(text.find("show version: license level not recognised"), std::string::npos) << text;
}

TEST(RecordCheck, PakInfoIsNeededOnlyWhereTheRouterTakesASnapshot) {
  // 17.6: `% Invalid input` for pak-info is expected (above). 17.9: the PAK snapshot is the record.
  auto answers = std::vector<std::pair<std::string, std::string>>{
      {"show version", fixture("guide/show_version_17_7_1_no_license.txt")},
      {"show license summary", fixture("guide/show_license_summary_eval.txt")},
      {"show license udi", fixture("show_license_udi/classic_asr920.txt")},
      {"show platform software sl-infra pak-info", fixture("show_pak_info/guide_example.txt")},
      {"show running-config", k_running}};
  auto snap = collected(answers);
  snap.version.version = "17.9.4";
  EXPECT_EQ(describe_gaps(record_gaps(snap)), "");
  answers[3].second = k_invalid;
  auto without = collected(answers);
  without.version.version = "17.9.4";
  EXPECT_EQ(describe_gaps(record_gaps(without)),
            "show platform software sl-infra pak-info: IOS error: % Invalid input detected at '^' marker.");
}

}  // namespace
}  // namespace licmig::rules
