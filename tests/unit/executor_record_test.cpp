// The executor refuses to change a router whose pre-change license record came back broken
// (`show license` cut off in the middle of a record): the record an upgrade erases must be whole
// on disk first. Regression found with iosxe-sim's `garble` fault (tests/e2e/migrate_test.py).
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fixture_support.hpp"
#include "migrate/executor.hpp"
#include "migrate/journal.hpp"
#include "migrate/plan.hpp"
#include "rules/findings.hpp"
#include "unit/device_fakes.hpp"
#include "unit/plan_samples.hpp"

namespace licmig::migrate {
namespace {

const char *const k_show_license =
    "Index 1 Feature: advancedmetroipaccess\n        Period left: Life time\n        License Type: Permanent\n"
    "        License State: Active, In Use\n        License Count: Non-Counted\n        License Priority: Medium\n"
    "Index 2 Feature: metroipaccess\n        Period left: Life time\n        License Type: Permanent\n"
    "        License State: Active, Not in Use\n        License Count: Non-Counted\n        License Priority: Low\n";

class RecordRouter final : public RouterSession {
 public:
  bool garble_show_license = false;
  std::vector<std::string> changes;

  Status open() override { return Status::ok(); }
  Result<std::string> run(const std::string &command) override { return run_tolerant(command); }
  Result<std::string> run_tolerant(const std::string &command) override {
    if (command == "show version") {
      return std::string(
          "Cisco IOS XE Software, Version 16.09.04\nPE1 uptime is 3 days, 2 hours, 1 minute\n"
          "License Level: advancedmetroipaccess\nLicense Type: Permanent\n"
          "Next reload license Level: advancedmetroipaccess\n");
    }
    if (command == "show license") {
      std::string text = k_show_license;
      return garble_show_license ? text.substr(0, text.size() * 3 / 4) : text;
    }
    // the rest of a complete record (rules::record_gaps): the configuration and the UDI
    if (command == "show running-config") return std::string("hostname PE1\n!\nend\n");
    if (command == "show license udi") {
      return std::string(
          "SlotID   PID                    SN                      UDI\n"
          "--------------------------------------------------------------------------------\n"
          "*        ASR-920-24SZ-IM        CAT1234U0AB             ASR-920-24SZ-IM:CAT1234U0AB\n");
    }
    if (command == "dir bootflash:") {
      return std::string(
          "Directory of bootflash:/\n\n   12  -rw-   725101568  Jul 01 2026 07:39:48 +00:00  "
          "asr920-universalk9_npe.17.12.01.SPA.bin\n\n7897796608 bytes total (5786736148 bytes free)\n");
    }
    return std::string("% Invalid input detected at '^' marker.\n");
  }
  Status configure(const std::vector<std::string> &lines) override {
    changes.insert(changes.end(), lines.begin(), lines.end());
    return Status::ok();
  }
  Status save() override {
    changes.push_back("write memory");
    return Status::ok();
  }
  Result<ReloadReport> reload() override {
    changes.push_back("reload");
    return ReloadReport{};
  }
  void add_secret(const std::string &) override {}
  void close() override {}
  std::string transcript_path() const override { return ""; }
};

class ExecutorRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl_path = test::temp_template("licmig-exec-record");
    char *tmpl = tmpl_path.data();
    store_ = ::mkdtemp(tmpl);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(store_, ec);
  }

  Plan plan() {
    return samples::plan_to_17_12_1(samples::traditional_router("pe1", "16.09.04", "advancedmetroipaccess", false));
  }

  RouterRun execute(RecordRouter &r, const std::string &run_id) {
    auto journal = Journal::create(store_, run_id);
    EXPECT_TRUE(journal);
    ExecutorOptions o;
    o.store = store_;
    o.clock = &clock_;
    return execute_router(r, plan(), journal.value(), nullptr, o);
  }

  std::string store_;
  devices::testing::FakeClock clock_;
};

TEST_F(ExecutorRecordTest, BrokenShowLicenseStopsTheRouterBeforeAnyChange) {
  RecordRouter r;
  r.garble_show_license = true;
  auto run = execute(r, "garbled");
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_NE(run.message.find("license record is broken"), std::string::npos) << run.message;
  EXPECT_NE(run.message.find("show license"), std::string::npos) << run.message;
  EXPECT_TRUE(r.changes.empty()) << r.changes.front();
  ASSERT_FALSE(run.pre_snapshot.empty());  // the broken record is kept as evidence
  EXPECT_TRUE(std::filesystem::exists(run.pre_snapshot));
}

TEST_F(ExecutorRecordTest, WholeShowLicenseGoesAhead) {
  RecordRouter r;
  auto run = execute(r, "whole");
  ASSERT_FALSE(r.changes.empty()) << run.message;
  EXPECT_EQ(run.message.find("broken"), std::string::npos) << run.message;
}

}  // namespace
}  // namespace licmig::migrate
