// The support matrix (the guide's table 3, and the XML it is read from) and the reload model the
// rules stand on (rules/levels.hpp): which level and mode a router comes up in after a reload.
#include <gtest/gtest.h>

#include "rules/levels.hpp"
#include "rules/matrix.hpp"
#include "unit/rules_samples.hpp"

namespace licmig::rules {
namespace {

using samples::pak_router;
using samples::smart_router;
using snapshot::LicenseMode;
using snapshot::Release;
using snapshot::Snapshot;

TEST(SupportMatrix, TableThreeRowByRow) {
  const auto &m = SupportMatrix::builtin();
  struct Row {
    const char *release;
    bool pak, snapshot, smart, no_license;
  } rows[] = {{"17.1.1", true, false, false, false},   {"17.2.1", true, false, false, false},
              {"17.3.1", true, false, true, false},    {"17.4.1", true, false, true, false},
              {"17.5.1", true, false, true, false},    {"17.6.1", true, false, true, false},
              {"17.7.1", false, false, true, true},    {"17.8.1", false, true, true, true},
              {"17.9.1", false, true, true, true},     {"17.10.1", false, true, true, true},
              {"17.11.1", false, false, true, true},   {"17.12.4", false, false, true, true},
              {"17.15.1", false, false, true, true},   {"16.9.4", true, false, false, false},
              {"16.12.10a", true, false, false, false}};
  for (const auto &r : rows) {
    auto row = m.lookup(Release::of(r.release));
    ASSERT_TRUE(row) << r.release;
    EXPECT_EQ(row->pak, r.pak) << r.release;
    EXPECT_EQ(row->snapshot, r.snapshot) << r.release;
    EXPECT_EQ(row->smart, r.smart) << r.release;
    EXPECT_EQ(row->no_license, r.no_license) << r.release;
  }
  EXPECT_TRUE(m.behaves_as_later_train(Release::of("17.12.1")));
  EXPECT_FALSE(m.behaves_as_later_train(Release::of("17.11.1")));
  EXPECT_FALSE(m.lookup(Release::of("15.8(3)M3b")));
  EXPECT_FALSE(m.lookup(Release::of("03.16.08.S")));
  EXPECT_EQ(m.lookup(Release::of("17.9.1"))->guide_line, "1018");
}

TEST(SupportMatrix, BadXmlNamesLineAndCause) {
  auto r = SupportMatrix::from_xml("<support-matrix>\n<row train=\"17.1\" pak=\"yes\"/>\n</support-matrix>", "m.xml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error_message(), "m.xml:2: missing attribute 'snapshot'");
  r = SupportMatrix::from_xml(
      "<support-matrix>\n<row train=\"17.1\" pak=\"maybe\" snapshot=\"no\" smart=\"no\" "
      "no-license=\"no\" slr=\"no\"/>\n</support-matrix>",
      "m.xml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error_message(), "m.xml:2: attribute 'pak' must be yes or no, not 'maybe'");
  r = SupportMatrix::from_xml("<support-matrix>\n<rows/>\n</support-matrix>", "m.xml");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error_message(), "m.xml:2: <rows> needs train=\"MAJOR\" or \"MAJOR.MINOR\"");
  r = SupportMatrix::from_xml("<support-matrix>", "m.xml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error_message().find("m.xml:1: not valid XML"), std::string::npos) << r.error_message();
}

TEST(SupportMatrix, SixteenRowCitesTheGuides16_06_10Examples) {
  auto row = SupportMatrix::builtin().lookup(Release::of("16.6.10"));
  ASSERT_TRUE(row);
  EXPECT_NE(row->guide_section.find("16.06.10"), std::string::npos) << row->guide_section;
  EXPECT_NE(row->guide_text.find("EvalRightToUse"), std::string::npos) << row->guide_text;
  EXPECT_TRUE(row->pak);
  EXPECT_FALSE(row->smart);
}

TEST(Levels, NoLicenseDowngradeToTraditionalUsesTheRecordedEvaluationLicense) {
  Snapshot nl;
  nl.host = "pe1";
  nl.version.version = "17.07.01prd15";
  nl.license_mode = LicenseMode::no_license;
  nl.license_level = "metroaggrservices";
  nl.configured_boot_level = "metroaggrservices";
  nl.running_config.smart_enable = false;
  snapshot::PakLicense eval;
  eval.index = 1;
  eval.feature = "metroaggrservices";
  eval.period_left = "8 weeks 3 days";
  eval.license_type = "EvalRightToUse";
  eval.license_state = "Active, In Use";
  const auto &m = SupportMatrix::builtin();
  auto o = predict_reload(nl, Release::of("16.6.10"), saved_config_of(nl), m, {eval});
  EXPECT_EQ(o.mode, LicenseMode::traditional);
  EXPECT_EQ(o.level, "metroaggrservices");
  EXPECT_EQ(o.license_type, "EvalRightToUse");
  o = predict_reload(nl, Release::of("16.6.10"), saved_config_of(nl), m);
  EXPECT_EQ(o.level, "metroaccess");
  EXPECT_NE(o.why.find("knows of no PAK license of this router"), std::string::npos) << o.why;
}

TEST(Levels, SmartToTraditionalUsesThePermanentPakLicense) {
  auto s = smart_router("17.06.01");
  s.license_level = "advancedmetroipaccess";
  s.configured_boot_level = "advancedmetroipaccess";
  snapshot::PakLicense pak;
  pak.feature = "advancedmetroipaccess";
  pak.license_type = "Permanent";
  SavedConfig saved{std::string("advancedmetroipaccess"), false};
  auto o = predict_reload(s, Release::of("17.6.1"), saved, SupportMatrix::builtin(), {pak});
  EXPECT_EQ(o.mode, LicenseMode::traditional);
  EXPECT_EQ(o.level, "advancedmetroipaccess");
  EXPECT_EQ(o.license_type, "Permanent");
  // no saved boot level: the installed permanent license decides
  o = predict_reload(s, Release::of("17.6.1"), SavedConfig{std::nullopt, false}, SupportMatrix::builtin(), {pak});
  EXPECT_EQ(o.level, "advancedmetroipaccess");
}

TEST(Levels, SmartWithoutSavedBootLevelBootsTheDefaultLevel) {
  auto s = smart_router("17.06.01");
  s.configured_boot_level.reset();
  auto o = predict_reload(s, Release::of("17.9.4"), saved_config_of(s), SupportMatrix::builtin());
  EXPECT_EQ(o.mode, LicenseMode::smart);
  EXPECT_EQ(o.level, "metroaccess");
}

TEST(Levels, APortLicenseIsNeverTheLevel) {
  auto s = pak_router("17.06.01", "advancedmetroipaccess");
  snapshot::PakLicense port;
  port.index = 0;
  port.feature = "10GEupgradelicense";
  port.license_type = "Permanent";
  s.pak_licenses.insert(s.pak_licenses.begin(), port);
  EXPECT_EQ(permanent_pak_level(s), "advancedmetroipaccess");
  EXPECT_EQ(known_paks(s).permanent_level(), "advancedmetroipaccess");
  EXPECT_FALSE(is_boot_level("10GEupgradelicense"));
  auto o = predict_reload(s, Release::of("17.9.4"), saved_config_of(s), SupportMatrix::builtin());
  EXPECT_EQ(o.level, "advancedmetroipaccess");
}

TEST(Levels, PredictReloadFollowsTheGuide) {
  const auto &m = SupportMatrix::builtin();
  auto pak = pak_router("17.06.01");
  // no boot level, straight to 17.12: default level
  auto o = predict_reload(pak, Release::of("17.12.1"), saved_config_of(pak), m);
  EXPECT_EQ(o.mode, LicenseMode::no_license);
  EXPECT_EQ(o.level, "metroaccess");
  // 17.9: the PAK snapshot keeps the permanent license's level
  o = predict_reload(pak, Release::of("17.9.4"), saved_config_of(pak), m);
  EXPECT_EQ(o.level, "advancedmetroipaccess");
  EXPECT_TRUE(o.pak_snapshot);
  // boot level saved wins; smart enable saved gives Smart
  SavedConfig saved{std::string("metroipaccess"), true};
  o = predict_reload(pak, Release::of("17.12.1"), saved, m);
  EXPECT_EQ(o.mode, LicenseMode::smart);
  EXPECT_EQ(o.level, "metroipaccess");
  // No-License downgrade below 17.7: traditional
  auto nl = smart_router("17.09.04");
  nl.license_mode = LicenseMode::no_license;
  nl.running_config.smart_enable = false;
  o = predict_reload(nl, Release::of("16.9.4"), saved_config_of(nl), m);
  EXPECT_EQ(o.mode, LicenseMode::traditional);
}

}  // namespace
}  // namespace licmig::rules
