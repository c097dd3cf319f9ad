// The planner table: every combination of current release class x current mode x target release
// class x target mode, with the expected plan or refusal written out in
// tests/fixtures/planner/table.txt (one line per case). Each line was reviewed against the vendor
// guide; LICMIG_REGENERATE=1 rewrites the file for review after a deliberate change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "migrate/plan.hpp"
#include "rules/levels.hpp"

namespace licmig::migrate {
namespace {

using rules::Target;
using rules::TargetMode;
using snapshot::LicenseMode;
using snapshot::Release;
using snapshot::Snapshot;

struct ReleaseClass {
  const char *name;
  const char *release;
  const char *image;
};

const ReleaseClass classes[] = {
    {"16.x", "16.09.04", "asr920-universalk9_npe.16.09.04.SPA.bin"},
    {"17.1-17.2", "17.02.01", "asr920-universalk9_npe.17.02.01.SPA.bin"},
    {"17.3-17.6", "17.06.01", "asr920-universalk9_npe.17.06.01.SPA.bin"},
    {"17.7", "17.07.01", "asr920-universalk9_npe.17.07.01.SPA.bin"},
    {"17.8-17.10", "17.09.04", "asr920-universalk9_npe.17.09.04.SPA.bin"},
    {"17.11+", "17.12.01", "asr920-universalk9_npe.17.12.01.SPA.bin"},
};

Snapshot router(const ReleaseClass &rc, LicenseMode mode) {
  Snapshot s;
  s.host = "pe1";
  s.version.version = rc.release;
  s.license_mode = mode;
  s.license_level = "metroipaccess";
  if (mode == LicenseMode::traditional) {
    snapshot::PakLicense pak;
    pak.index = 1;
    pak.feature = "metroipaccess";
    pak.license_type = "Permanent";
    pak.license_state = "Active, In Use";
    s.pak_licenses.push_back(pak);
  }
  if (mode == LicenseMode::smart) s.running_config.smart_enable = true;
  return s;
}

std::vector<LicenseMode> modes_on(const ReleaseClass &rc) {
  auto r = Release::of(rc.release);
  if (r < Release::of("17.3.1")) return {LicenseMode::traditional};
  if (r < Release::of("17.7.1")) return {LicenseMode::traditional, LicenseMode::smart};
  return {LicenseMode::smart, LicenseMode::no_license};
}

std::string summarise(const Plan &p) {
  if (p.refused) return "REFUSED: " + p.refusal;
  std::string out;
  for (const auto &s : p.steps) {
    if (!out.empty()) out += " ";
    out += to_string(s.kind);
    if (s.kind == StepKind::reload) {
      out += "(" + s.expect.release.value_or("?") + " " + (s.expect.mode ? snapshot::to_string(*s.expect.mode) : "?") +
             " " + s.expect.level.value_or("?") + ")";
    }
  }
  return out;
}

std::string table() {
  std::ostringstream out;
  for (const auto &from : classes) {
    for (auto mode : modes_on(from)) {
      for (const auto &to : classes) {
        for (auto tmode : {TargetMode::smart, TargetMode::no_license, TargetMode::traditional}) {
          Target t;
          t.release_text = to.release;
          t.release = Release::of(to.release);
          t.mode = tmode;
          t.image = to.image;
          auto plan = make_plan(router(from, mode), t);
          out << from.name << " " << snapshot::to_string(mode) << " -> " << to.name << " " << rules::to_string(tmode)
              << ": " << summarise(plan) << "\n";
        }
      }
    }
  }
  return out.str();
}

TEST(PlannerTable, EveryCombinationGivesTheWrittenOutPlan) {
  const std::string path = std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/planner/table.txt";
  auto got = table();
  if (const char *regen = std::getenv("LICMIG_REGENERATE"); regen && std::string(regen) == "1") {
    std::ofstream(path) << got;
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::string want((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::istringstream g(got), w(want);
  std::string gl, wl;
  int line = 0;
  while (true) {
    bool gb = static_cast<bool>(std::getline(g, gl));
    bool wb = static_cast<bool>(std::getline(w, wl));
    ++line;
    if (!gb && !wb) break;
    EXPECT_EQ(gl, wl) << "table.txt line " << line;
  }
}

}  // namespace
// Every refusal is a finding of the rule catalog: rule ID, its words, its remedy and guide section.
TEST(PlannerRefusal, ComesFromTheRuleCatalog) {
  Target t;
  t.release_text = "16.09.04";
  t.release = Release::of("16.09.04");
  t.mode = TargetMode::smart;
  t.image = "asr920-universalk9_npe.16.09.04.SPA.bin";
  auto plan = make_plan(router(classes[0], LicenseMode::traditional), t);
  ASSERT_TRUE(plan.refused);
  EXPECT_TRUE(plan.steps.empty());
  ASSERT_EQ(plan.refused_by.size(), 1U);
  EXPECT_EQ(plan.refused_by[0].rule_id, "LM020");
  EXPECT_EQ(plan.refusal, "LM020 smart-unsupported: " + plan.refused_by[0].message);
  ASSERT_FALSE(plan.remedy.empty());
  EXPECT_EQ(plan.remedy[0], "Target 17.3.1 or later for Smart Licensing. (guide: Table 3, seed lines 1010-1012)");
  EXPECT_NE(render_plan(plan).find("REFUSED — LM020"), std::string::npos);
}

TEST(PlannerRefusal, OverADataPortIsLM030) {
  Target t;
  t.release_text = "17.09.04";
  t.release = Release::of("17.09.04");
  t.mode = TargetMode::no_license;
  t.image = "asr920-universalk9_npe.17.09.04.SPA.bin";
  PlanOptions o;
  o.session_via_data_port = true;
  auto plan = make_plan(router(classes[2], LicenseMode::smart), t, o);
  ASSERT_TRUE(plan.refused);
  ASSERT_EQ(plan.refused_by.size(), 1U);
  EXPECT_EQ(plan.refused_by[0].rule_id, "LM030");
}

TEST(PlannerRefusal, ReleaseChangeWithoutImageIsLM082) {
  Target t;
  t.release_text = "17.09.04";
  t.release = Release::of("17.09.04");
  t.mode = TargetMode::no_license;
  auto plan = make_plan(router(classes[2], LicenseMode::traditional), t);
  ASSERT_TRUE(plan.refused);
  ASSERT_EQ(plan.refused_by.size(), 1U);
  EXPECT_EQ(plan.refused_by[0].rule_id, "LM082");
}

TEST(PlannerRefusal, HopOutsideTheMatrixIsLM001) {
  Target t;
  t.release_text = "17.09.04";
  t.release = Release::of("17.09.04");
  t.mode = TargetMode::no_license;
  t.image = "x.bin";
  PlanOptions o;
  o.via = {Release::of("3.16.8")};
  o.via_images = {"y.bin"};
  auto plan = make_plan(router(classes[2], LicenseMode::traditional), t, o);
  ASSERT_TRUE(plan.refused);
  ASSERT_EQ(plan.refused_by.size(), 1U);
  EXPECT_EQ(plan.refused_by[0].rule_id, "LM001");
}

}  // namespace licmig::migrate
