// parse_show_version: the vendor guide's examples (full and `| include` forms, the PDF's flattened
// license line), realistic ASR 900 outputs, capture noise (\r\n, --More--, headers, echo, a
// following command), truncated and garbled text, other commands' output, and the real captures.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "fixture_support.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

namespace fs = std::filesystem;

std::string own_fixture(const std::string &name) { return test::fixture("show_version/" + name); }

fs::path real_dir() { return fs::path(test::real_fixtures_dir()) / "show_version"; }

// The value of one field of VersionInfo by its JSON key, as text; nullopt when absent.
std::optional<std::string> field(const VersionInfo &v, const std::string &name) {
  std::optional<std::string> out;
  VersionInfo copy = v;
  bool known = false;
  VersionInfo::describe(copy, [&](const char *key, auto &f) {
    using F = std::decay_t<decltype(f)>;
    if (name != key) return;
    known = true;
    if constexpr (std::is_same_v<F, OptString>) {
      out = f;
    } else if constexpr (std::is_same_v<F, std::optional<std::int64_t>>) {
      if (f) out = std::to_string(*f);
    }
  });
  EXPECT_TRUE(known) << "no field " << name;
  return out;
}

using Expectations = std::vector<std::pair<std::string, std::optional<std::string>>>;

void expect_fields(const VersionInfo &v, const Expectations &want) {
  for (const auto &[name, value] : want) {
    SCOPED_TRACE(name);
    EXPECT_EQ(field(v, name), value);
  }
}

VersionInfo parse_ok(const std::string &text) {
  auto p = parse_show_version(text);
  EXPECT_EQ(p.outcome, ParseOutcome::recognised) << p.reason << " (line " << p.line << ")";
  return p.value;
}

// ---- the vendor guide's examples ---------------------------------------------------------------

struct GuideCase {
  const char *name;
  int guide_line;
  const char *text;
  Expectations want;
};

const std::vector<GuideCase> &guide_cases() {
  static const std::vector<GuideCase> cases = {
      {"show ver | in Lic, No License Mode",
       676,
       "Router# show ver | in Lic\n"
       "Cisco IOS XE Software, Version 17.07.01prd9\n"
       "License Level: metroaggrservices\n"
       "License Type: No License Mode\n"
       "Next reload license Level: metroaggrservices\n",
       {{"version", "17.07.01prd9"},
        {"release", "17.7.1-prd9"},
        {"os", "IOS-XE"},
        {"license_level", "metroaggrservices"},
        {"license_type", "No License Mode"},
        {"next_reload_license_level", "metroaggrservices"},
        {"hostname", std::nullopt},
        {"smart_licensing_status", std::nullopt}}},
      {"show version | in Lic, license lines flattened by the PDF",
       699,
       "Router# show version | in Lic\n"
       "Cisco IOS XE Software, Version 17.07.01prd9\n"
       "\n"
       "License Level: metroaggrservices License Type: Smart License Next reload license Level: "
       "metroaggrservices\n",
       {{"version", "17.07.01prd9"},
        {"license_level", "metroaggrservices"},
        {"license_type", "Smart License"},
        {"next_reload_license_level", "metroaggrservices"}}},
      {"17.03.04 in Smart Licensing mode",
       726,
       "Router# show version\n"
       "Cisco IOS XE Software, Version 17.03.04\n"
       "!\n"
       "License Level: metroaggrservices\n"
       "License Type: Smart License\n"
       "Next reload license Level: metroaggrservices\n"
       "!\n"
       "Smart Licensing Status: UNREGISTERED/EVAL MODE\n"
       "!\n",
       {{"version", "17.03.04"},
        {"release", "17.3.4"},
        {"license_level", "metroaggrservices"},
        {"license_type", "Smart License"},
        {"next_reload_license_level", "metroaggrservices"},
        {"smart_licensing_status", "UNREGISTERED/EVAL MODE"}}},
      {"17.07.01prd15 version line only",
       740,
       "Router# show version\n"
       "Cisco IOS XE Software, Version 17.07.01prd15\n",
       {{"version", "17.07.01prd15"}, {"release", "17.7.1-prd15"}, {"license_level", std::nullopt}}},
      {"17.07.01prd15 with the GPL notice lines",
       774,
       "Router# show version\n"
       "Cisco IOS XE Software, Version 17.07.01prd15\n"
       "licensed under the GNU General Public License (\"GPL\") Version 2.0. The\n"
       "documentation or \"License Notice\" file accompanying the IOS-XE software,\n"
       "License Level: metroaggrservices\n"
       "License Type: Smart License\n"
       "Smart Licensing Status: UNREGISTERED/EVAL MODE\n"
       "Router#\n",
       {{"version", "17.07.01prd15"},
        {"license_level", "metroaggrservices"},
        {"license_type", "Smart License"},
        {"next_reload_license_level", std::nullopt},
        {"smart_licensing_status", "UNREGISTERED/EVAL MODE"}}},
      {"16.06.10 traditional EvalRightToUse",
       818,
       "Router# show version\n"
       "Cisco IOS XE Software, Version 16.06.10\n"
       "!\n"
       "License Level: metroaggrservices\n"
       "License Type: EvalRightToUse\n"
       "Next reload license Level: metroaggrservices\n"
       "Router#\n",
       {{"version", "16.06.10"},
        {"release", "16.6.10"},
        {"license_type", "EvalRightToUse"},
        {"next_reload_license_level", "metroaggrservices"}}},
      {"17.07.01prd15 No License Mode",
       846,
       "Router# show version\n"
       "Cisco IOS XE Software, Version 17.07.01prd15\n"
       "!\n"
       "License Level: metroaggrservices\n"
       "License Type: No License Mode\n"
       "Next reload license Level: metroaggrservices\n"
       "!\n"
       "Smart Licensing Status: Smart Licensing is DISABLED\n",
       {{"version", "17.07.01prd15"},
        {"license_type", "No License Mode"},
        {"smart_licensing_status", "Smart Licensing is DISABLED"}}},
      {"17.03.04 version line only",
       791,
       "Router# show version\n"
       "Cisco IOS XE Software, Version 17.03.04\n",
       {{"version", "17.03.04"}, {"release", "17.3.4"}, {"os", "IOS-XE"}}},
      {"license lines only, No License Mode",
       973,
       "Router#show version\n"
       "License Level: advancedmetroipaccess\n"
       "License Type: No License Mode\n"
       "Next reload license Level: advancedmetroipaccess\n",
       {{"version", std::nullopt},
        {"release", std::nullopt},
        {"os", std::nullopt},
        {"license_level", "advancedmetroipaccess"},
        {"license_type", "No License Mode"},
        {"next_reload_license_level", "advancedmetroipaccess"}}},
      {"license lines only, Smart License",
       986,
       "Router# show version\n"
       "License Level: advancedmetroipaccess\n"
       "License Type: Smart License\n"
       "Next reload license Level: advancedmetroipaccess",
       {{"license_level", "advancedmetroipaccess"},
        {"license_type", "Smart License"},
        {"next_reload_license_level", "advancedmetroipaccess"}}},
  };
  return cases;
}

TEST(ShowVersionTest, GuideExamples) {
  for (const auto &c : guide_cases()) {
    SCOPED_TRACE(std::string(c.name) + " (guide line " + std::to_string(c.guide_line) + ")");
    expect_fields(parse_ok(c.text), c.want);
  }
}

// ---- realistic full outputs ------------------------------------------------------------------

const Expectations &asr920_fields() {
  static const Expectations want = {
      {"version", "17.06.01"},
      {"ios_version", "17.6.1"},
      {"version_annotation", std::nullopt},
      {"release", "17.6.1"},
      {"os", "IOS-XE"},
      {"code_name", "Bengaluru"},
      {"hostname", "PE-920-01"},
      {"uptime", "2 years, 3 weeks, 4 days, 5 hours, 6 minutes"},
      {"uptime_seconds", std::to_string(2 * 365 * 86400 + 3 * 7 * 86400 + 4 * 86400 + 5 * 3600 + 6 * 60)},
      {"returned_to_rom_by", "reload"},
      {"returned_to_rom_at", "10:11:12 UTC Mon Jan 3 2022"},
      {"returned_to_rom_sp_by", std::nullopt},
      {"last_reload_reason", "Reload Command"},
      {"last_reset_from", std::nullopt},
      {"platform", "ASR-920-24SZ-IM"},
      {"processor_board_id", "CAT1234A5BC"},
      {"image", "bootflash:asr920-universalk9_npe.17.06.01.SPA.bin"},
      {"image_file", "asr920-universalk9_npe.17.06.01.SPA.bin"},
      {"rom", "15.6(43r)S"},
      {"config_register", "0x2102"},
      {"next_config_register", std::nullopt},
      {"license_level", "advancedmetroipaccess"},
      {"license_type", "Permanent"},
      {"next_reload_license_level", "advancedmetroipaccess"},
      {"air_license_level", std::nullopt},
      {"smart_licensing_status", std::nullopt},
      {"main_memory", "661439K/6147K"},
      {"main_memory_kb", "661439"},
  };
  return want;
}

TEST(ShowVersionTest, Asr920FullOutput) {
  expect_fields(parse_ok(own_fixture("asr920_17_06_01_permanent.txt")), asr920_fields());
}

TEST(ShowVersionTest, Asr903WithHeadersAndPendingConfigRegister) {
  auto v = parse_ok(own_fixture("asr903_16_09_04_eval_config_register_change.txt"));
  expect_fields(v, {{"version", "16.09.04"},
                    {"ios_version", "16.9.4"},
                    {"release", "16.9.4"},
                    {"code_name", "Fuji"},
                    {"hostname", "agg-903-b"},
                    {"uptime", "1 week, 1 day, 1 hour, 1 minute"},
                    {"uptime_seconds", std::to_string(7 * 86400 + 86400 + 3600 + 60)},
                    {"returned_to_rom_by", "Power Failure"},
                    {"returned_to_rom_at", std::nullopt},
                    {"image", "bootflash:/asr900rsp2-universalk9_npe.16.09.04.SPA.bin"},
                    {"image_file", "asr900rsp2-universalk9_npe.16.09.04.SPA.bin"},
                    {"rom", "IOS-XE ROMMON"},
                    {"platform", "ASR-903"},
                    {"license_level", "metroaggrservices"},
                    {"license_type", "EvalRightToUse"},
                    {"next_reload_license_level", "advancedmetroipaccess"},
                    {"config_register", "0x2102"},
                    {"next_config_register", "0x2142"}});
}

// ---- capture noise ---------------------------------------------------------------------------

nlohmann::json as_json(const VersionInfo &v) { return nlohmann::json(v); }

TEST(ShowVersionTest, CrLfLineEndingsGiveTheSameResult) {
  auto text = own_fixture("asr920_17_06_01_permanent.txt");
  std::string crlf;
  for (char c : text) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  EXPECT_EQ(as_json(parse_ok(crlf)), as_json(parse_ok(text)));
}

TEST(ShowVersionTest, PagingLeftoversAndTrailingBlanksAreIgnored) {
  auto text = own_fixture("asr920_17_06_01_permanent.txt");
  std::string paged;
  std::size_t line = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    std::string l = text.substr(start, nl - start);
    if (++line % 20 == 0) l = " --More-- \b\b\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b\b\b" + l;
    paged += l + "   \t\n";
    start = nl + 1;
  }
  EXPECT_EQ(as_json(parse_ok(paged)), as_json(parse_ok(text)));
}

TEST(ShowVersionTest, VaryingIndentationIsAccepted) {
  auto v = parse_ok(
      "        Cisco IOS XE Software, Version 17.07.01\n"
      "   Cisco IOS Software [Cupertino], ASR920 Software (PPC_LINUX_IOSD-UNIVERSALK9_NPE-M), Version 17.7.1, "
      "RELEASE SOFTWARE (fc3)\n"
      "\t r1 uptime is 5 minutes\n"
      "    License Level: metroaggrservices   Type: Smart License\n");
  expect_fields(v, {{"version", "17.07.01"},
                    {"hostname", "r1"},
                    {"uptime_seconds", "300"},
                    {"license_level", "metroaggrservices"},
                    {"license_type", "Smart License"}});
}

TEST(ShowVersionTest, StopsAtTheNextCommandInATranscript) {
  // A `show version` followed by `sh license` (guide, line 818; the license type of the second
  // command is changed here to tell the two apart).
  auto v = parse_ok(own_fixture("guide_16_06_10_then_sh_license.txt"));
  expect_fields(v, {{"version", "16.06.10"}, {"license_type", "EvalRightToUse"}});
}

TEST(ShowVersionTest, TakesTheShowVersionSectionOfATechSupport) {
  auto v = parse_ok(
      "------------------ show clock ------------------\n"
      "\n"
      "14:30:10.834 PST Mon Jan 3 2000\n"
      "\n"
      "------------------ show version ------------------\n"
      "\n"
      "Cisco IOS XE Software, Version 17.09.04a\n"
      "r1 uptime is 1 hour, 2 minutes\n"
      "Configuration register is 0x2102\n"
      "\n"
      "------------------ show license summary ------------------\n"
      "License Type: Permanent\n"
      "Configuration register is 0x0\n");
  expect_fields(v, {{"version", "17.09.04a"},
                    {"release", "17.9.4a"},
                    {"config_register", "0x2102"},
                    {"license_type", std::nullopt}});
}

// ---- broken and foreign text -----------------------------------------------------------------

TEST(ShowVersionTest, VersionCutOffAtTheEndOfTheTextIsMalformed) {
  struct Case {
    const char *text;
    std::size_t line;
  };
  const std::vector<Case> cases = {
      {"Cisco IOS XE Software, Version 17.07.01pr", 1},
      {"Router#show version\nCisco IOS XE Software, Version 17.07.0.", 2},
      {"Router#show version\nCisco IOS XE Software, Version", 2},
      {"Cisco IOS XE Software, Version 17.06.01\n"
       "Cisco IOS Software [Bengaluru], ASR920 Software (PPC_LINUX_IOSD-UNIVERSALK9_NPE-M), Version 17.6.",
       2},
      {"Cisco IOS Software, 901 Software (ASR901-UNIVERSALK9-M), Version 15.6(2", 1},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.text);
    auto p = parse_show_version(c.text);
    EXPECT_EQ(p.outcome, ParseOutcome::malformed);
    EXPECT_EQ(p.line, c.line);
    EXPECT_NE(p.reason.find("cut off"), std::string::npos) << p.reason;
  }
}

TEST(ShowVersionTest, SoftwareLineWithoutItsVersionIsMalformed) {
  auto p = parse_show_version("Cisco IOS XE Software, Version\nr1 uptime is 1 minute\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 1u);
}

TEST(ShowVersionTest, CompleteVersionAtTheEndOfTheTextIsFine) {
  auto v = parse_ok("Cisco IOS XE Software, Version 17.07.01prd9");
  EXPECT_EQ(v.version, "17.07.01prd9");
}

TEST(ShowVersionTest, ImageNameWithoutClosingQuoteIsMalformed) {
  auto p = parse_show_version(
      "Cisco IOS XE Software, Version 17.06.01\n"
      "r1 uptime is 1 minute\n"
      "System image file is \"bootflash:asr920-univ");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 3u);
}

TEST(ShowVersionTest, ForeignTextIsNotThisFormat) {
  const std::vector<std::string> texts = {
      "",
      "\n\n   \n",
      "Router#",
      "Router#show version\n",
      "Router#show verison\n            ^\n% Invalid input detected at '^' marker.\n",
      "% Invalid input detected at '^' marker.\n",
      "14:30:10.834 PST Mon Jan 3 2000\n",
      "Index 1 Feature: metroaggrservices\nPeriod left: 8 weeks 3 days\nLicense Type: EvalRightToUse\n",
      "Smart Licensing is ENABLED\nRegistration:\n  Status: UNREGISTERED\n",
      "licensed under the GNU General Public License (\"GPL\") Version 2.0.  The\n",
      "Uptime for this control processor is 1 day\n",
      // a tech-support dump without a show version section
      "------------------ show license summary ------------------\n"
      "License Level: ipbase\n"
      "License Type: Permanent\n",
      // show redundancy prints the peer's software line under "Image Version ="
      "Redundant System Information :\n"
      "       Available system uptime = 21 weeks, 5 days, 41 minutes\n"
      "                Image Version = Cisco Internetwork Operating System Software\n"
      "IOS (tm) s72033_rp Software (s72033_rp-ADVENTERPRISEK9_WAN-M), Version 12.2(18)SXF7, RELEASE SOFTWARE "
      "(fc1)\n",
      std::string("\x00\x01\xff\xfe garbage \x7f\n", 16),
  };
  for (const auto &t : texts) {
    SCOPED_TRACE(t);
    auto p = parse_show_version(t);
    EXPECT_EQ(p.outcome, ParseOutcome::not_this_format) << p.reason;
    EXPECT_FALSE(p.reason.empty());
  }
}

// Every prefix of a full output (a capture cut at any byte) gives an answer without crashing; once
// the software line is complete the version is always right, and the text is this command's
// output (malformed only when the cut leaves a quoted image name open).
TEST(ShowVersionTest, EveryTruncationIsHandled) {
  auto text = own_fixture("asr920_17_06_01_permanent.txt");
  const auto version_line_end = text.find("Version 17.06.01") + std::string("Version 17.06.01").size();
  const auto image_line = text.find("System image file is");
  const auto image_line_end = text.find('\n', image_line);
  for (std::size_t n = 0; n <= text.size(); ++n) {
    SCOPED_TRACE(n);
    auto p = parse_show_version(std::string_view(text).substr(0, n));
    if (n > version_line_end && p.outcome == ParseOutcome::recognised) {
      EXPECT_EQ(p.value.version, "17.06.01");
    }
    if (n <= text.find("(fc5)")) continue;
    if (n > image_line + 21 && n < image_line_end) {
      EXPECT_EQ(p.outcome, ParseOutcome::malformed) << p.reason;
      EXPECT_EQ(p.line, 26u);
    } else {
      EXPECT_EQ(p.outcome, ParseOutcome::recognised) << p.reason;
    }
  }
}

TEST(ShowVersionTest, HugeInputIsLinear) {
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "Version Version Type: License Level: uptime is  at 1:\n";
  auto p = parse_show_version(big);
  EXPECT_EQ(p.outcome, ParseOutcome::not_this_format);
  std::string long_host(2000000, 'x');
  EXPECT_EQ(parse_show_version(long_host + " uptime is 1 minute").value.hostname, long_host);
  std::string spaced;
  for (int i = 0; i < 500000; ++i) spaced += "x ";
  EXPECT_EQ(parse_show_version(spaced + "uptime is 1 minute").outcome, ParseOutcome::not_this_format);
}

// ---- details ---------------------------------------------------------------------------------

TEST(ShowVersionTest, UptimeSeconds) {
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
      {"0 minutes", "0"},
      {"1 minute", "60"},
      {"3 days, 29 minutes", std::to_string(3 * 86400 + 29 * 60)},
      {"1 year, 1 week, 1 day, 1 hour, 1 minute", std::to_string(365 * 86400 + 7 * 86400 + 86400 + 3600 + 60)},
      {"5 fortnights", std::nullopt},
      {"a while", std::nullopt},
      {"99999999999999999999 years", std::nullopt},
      {"999999 years, 999999 years, 999999 years, 999999 years, 999999 years, 999999 years", std::nullopt},
  };
  for (const auto &[uptime, seconds] : cases) {
    SCOPED_TRACE(uptime);
    auto v = parse_ok("r1 uptime is " + uptime + "\n");
    EXPECT_EQ(v.uptime, uptime);
    EXPECT_EQ(field(v, "uptime_seconds"), seconds);
  }
}

TEST(ShowVersionTest, SmuPatchedAnnotationIsSeparate) {
  auto v = parse_ok("Cisco IOS XE Software, Version 17.03.03 - SMU-PATCHED\n");
  expect_fields(v, {{"version", "17.03.03"}, {"version_annotation", "SMU-PATCHED"}, {"release", "17.3.3"}});
}

TEST(ShowVersionTest, ClassicIosVersionLine) {
  auto v = parse_ok(
      "Cisco IOS Software, 901 Software (ASR901-UNIVERSALK9-M), Version 15.6(2)SP4, RELEASE SOFTWARE (fc3)\n"
      "ROM: System Bootstrap, Version 15.6(2r)SP4, RELEASE SOFTWARE (fc1)\n");
  expect_fields(v, {{"version", "15.6(2)SP4"},
                    {"ios_version", "15.6(2)SP4"},
                    {"release", "15.6(2)SP4"},
                    {"os", "IOS"},
                    {"rom", "System Bootstrap, Version 15.6(2r)SP4, RELEASE SOFTWARE (fc1)"}});
}

TEST(ShowVersionTest, IosXe3xPrintsBothNumberings) {
  auto v = parse_ok(
      "Cisco IOS Software, IOS-XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 15.3(2)S1, RELEASE "
      "SOFTWARE (fc1)\n"
      "IOS XE Version: 03.09.01.S\n");
  expect_fields(v, {{"version", "03.09.01.S"}, {"ios_version", "15.3(2)S1"}, {"release", "3.9.1S"}, {"os", "IOS-XE"}});
}

TEST(ShowVersionTest, EngineeringBuildTakesTheReleaseFromTheIosLine) {
  auto v = parse_ok(
      "Cisco IOS XE Software, Version BLD_POLARIS_DEV_LATEST_20210302_012043\n"
      "Cisco IOS Software [Bengaluru], Catalyst L3 Switch Software (CAT9K_IOSXE), Experimental Version "
      "17.6.20210302:012459 [S2C-build-polaris_dev 1]\n");
  expect_fields(v, {{"version", "BLD_POLARIS_DEV_LATEST_20210302_012043"},
                    {"ios_version", "17.6.20210302:012459"},
                    {"release", "17.6-20210302:012459"},
                    {"code_name", "Bengaluru"}});
}

TEST(ShowVersionTest, ReturnedToRomDetails) {
  auto v = parse_ok(
      "cat6k_tb1 uptime is 10 weeks, 5 days, 5 hours, 16 minutes\n"
      "System returned to ROM by  power cycle at 21:57:23 UTC Sat Aug 28 2010 (SP by power on)\n");
  expect_fields(v, {{"returned_to_rom_by", "power cycle"},
                    {"returned_to_rom_at", "21:57:23 UTC Sat Aug 28 2010"},
                    {"returned_to_rom_sp_by", "power on"}});
  // "System returned to ROM by ..." alone does not make a show version output
  EXPECT_EQ(parse_show_version("System returned to ROM by reload\n").outcome, ParseOutcome::not_this_format);
}

TEST(ShowVersionTest, EmptyLicenseValuesStayAbsent) {
  auto v = parse_ok("License Level:\nLicense Type: Perpetual\nNext reload license Level:\n");
  expect_fields(
      v, {{"license_level", std::nullopt}, {"license_type", "Perpetual"}, {"next_reload_license_level", std::nullopt}});
}

TEST(ShowVersionTest, AirLicenseLevelsAreTheirOwnFields) {
  auto v = parse_ok(
      "AIR License Level: AIR DNA Advantage\n"
      "Next reload AIR license Level: AIR DNA Advantage\n"
      "Addon License Type: Subscription\n");
  expect_fields(v, {{"air_license_level", "AIR DNA Advantage"},
                    {"next_reload_air_license_level", "AIR DNA Advantage"},
                    {"license_level", std::nullopt},
                    {"license_type", std::nullopt}});
}

// ---- the real captures -----------------------------------------------------------------------

TEST(ShowVersionTest, EveryRealCaptureIsRecognised) {
  ASSERT_TRUE(fs::is_directory(real_dir())) << real_dir();
  int samples = 0;
  for (const auto &entry : fs::directory_iterator(real_dir())) {
    auto name = entry.path().filename().string();
    if (entry.path().extension() != ".txt" || name.find(".expected.") != std::string::npos) continue;
    SCOPED_TRACE(name);
    ++samples;
    auto p = parse_show_version(test::read_text_file(entry.path().string()));
    if (name.find("NEGATIVE_") != std::string::npos) {
      EXPECT_NE(p.outcome, ParseOutcome::recognised);
    } else {
      EXPECT_EQ(p.outcome, ParseOutcome::recognised) << p.reason << " (line " << p.line << ")";
    }
  }
  EXPECT_GT(samples, 50);
}

TEST(ShowVersionTest, RealCaptureDetails) {
  struct Case {
    const char *file;
    Expectations want;
  };
  const std::vector<Case> cases = {
      {"genieparser_iosxe-c9500_golden_output_c9500_4.txt",
       {{"version", "17.03.03"}, {"version_annotation", "SMU-PATCHED"}, {"release", "17.3.3"}}},
      {"unicon_iosxe_mock_cat9k__c9k-enable.txt", {{"hostname", "%N"}, {"release", "16.9.2"}}},
      {"genielibs_sdk-apis-tests-iosxe-support-tech-support-show-tech-support-firewall-test-api-show-tech-"
       "support-firewall_L11.txt",
       {{"version", "17.09.08prd1"}, {"hostname", "analog-perf-uut1"}, {"config_register", "0x0"}}},
      {"ntc-templates_show_version2.txt", {{"version", "03.09.01.S"}, {"ios_version", "15.3(2)S1"}}},
      {"genieparser_iosxe_golden_output_9.txt",
       {{"license_level", "entservices"}, {"license_type", "Permanent Right-To-Use"}, {"platform", "WS-C4507R+E"}}},
      {"genieparser_iosxe_golden_output_c8000v.txt", {{"license_level", std::nullopt}, {"license_type", "Perpetual"}}},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.file);
    expect_fields(parse_ok(test::read_text_file((real_dir() / c.file).string())), c.want);
  }
}

}  // namespace
}  // namespace licmig::snapshot
