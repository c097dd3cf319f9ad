// The executor over a scripted fake RouterSession: steps in order, the pre-snapshot invariant,
// reload verification, failures that stop a router, interrupts, the journal's records. Resuming a
// killed run: executor_resume_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/filesystem.hpp>
#include <fstream>
#include <map>

#include "base/digest.hpp"
#include "migrate/executor.hpp"
#include "migrate/journal.hpp"
#include "migrate/plan.hpp"
#include "rules/findings.hpp"
#include "unit/device_fakes.hpp"
#include "unit/executor_fixture.hpp"
#include "unit/router_session_fakes.hpp"

namespace licmig::migrate {
namespace {

namespace fs = boost::filesystem;

using fakes::FakeRouter;

using exec_fixture::changed;
using exec_fixture::ExecutorTest;
using exec_fixture::killed_after;

TEST_F(ExecutorTest, MigratesAndVerifiesInOrder) {
  FakeRouter r;
  auto plan = plan_for(r);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  auto journal = Journal::create(store_, "run1");
  ASSERT_TRUE(journal) << journal.error_message();
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 1);
  EXPECT_TRUE(fs::exists(run.pre_snapshot));
  EXPECT_TRUE(fs::exists(run.post_snapshot));
  EXPECT_TRUE(fs::exists(run.diff));
  EXPECT_EQ(run.level_before, "advancedmetroipaccess");
  EXPECT_EQ(run.level_after, "advancedmetroipaccess");
  // the boot level is pinned and saved before the reload
  auto pin = std::find(r.log.begin(), r.log.end(), "config: license boot level advancedmetroipaccess");
  auto save = std::find(r.log.begin(), r.log.end(), "write memory");
  auto reload = std::find(r.log.begin(), r.log.end(), "reload");
  ASSERT_NE(pin, r.log.end());
  EXPECT_LT(pin, save);
  EXPECT_LT(save, reload);
}

// Nothing on the router was changed: no configuration line, no save, no reload.
bool untouched(const FakeRouter &r) {
  return r.reloads == 0 && std::none_of(r.log.begin(), r.log.end(), [](const std::string &l) {
           return l.rfind("config: ", 0) == 0 || l == "write memory" || l == "reload";
         });
}

TEST_F(ExecutorTest, AnIncompleteLicenseRecordRefusesTheRouterBeforeAnyChange) {
  // issue 11: AAA command authorization denies `show license`; the record would hold no PAK license
  FakeRouter r;
  auto plan = plan_for(r);
  ASSERT_FALSE(plan.refused) << plan.refusal;
  r.answers["show license"] = "% Authorization failed.\n";
  auto journal = Journal::create(store_, "gaps");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::refused) << run.message;
  EXPECT_NE(run.message.find("show license: command authorization failed"), std::string::npos) << run.message;
  EXPECT_TRUE(untouched(r)) << ::testing::PrintToString(r.log);
  EXPECT_TRUE(fs::exists(run.pre_snapshot));  // the incomplete record stays on disk as evidence
}

TEST_F(ExecutorTest, ARouterThatDriftedSinceThePlanIsRefused) {
  for (const std::string what : {"serial", "level"}) {
    SCOPED_TRACE(what);
    FakeRouter r;
    auto plan = plan_for(r);
    auto from = store_snapshot(r, "pe1", options());  // snapshot A, the plan's source
    ASSERT_TRUE(from) << from.error_message();
    plan.source_snapshot = from.value();
    r.log.clear();
    if (what == "serial") {
      r.serial = "CAT9999Z9ZZ";  // another chassis answers at that address
    } else {
      r.level = "metroipaccess";  // someone changed the level since
    }
    auto journal = Journal::create(store_, "drift-" + what);
    ASSERT_TRUE(journal);
    auto run = execute_router(r, plan, journal.value(), nullptr, options());
    EXPECT_EQ(run.outcome, Outcome::refused) << run.message;
    EXPECT_NE(run.message.find(what == "serial" ? "CAT9999Z9ZZ" : "metroipaccess"), std::string::npos) << run.message;
    EXPECT_TRUE(untouched(r)) << ::testing::PrintToString(r.log);
  }
}

TEST_F(ExecutorTest, ARouterAsThePlanSawItIsMigrated) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto from = store_snapshot(r, "pe1", options());
  ASSERT_TRUE(from) << from.error_message();
  plan.source_snapshot = from.value();
  r.uptime_minutes += 5;  // time passes; the router is the same
  auto journal = Journal::create(store_, "nodrift");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 1);
}

TEST_F(ExecutorTest, AWrongLevelAfterTheReloadStopsTheRouter) {
  FakeRouter r;
  r.next_level = "metroaccess";  // the router came up at the default level
  auto plan = plan_for(r);
  auto journal = Journal::create(store_, "run2");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_NE(run.message.find("level metroaccess (expected advancedmetroipaccess)"), std::string::npos) << run.message;
  EXPECT_TRUE(run.post_snapshot.empty());  // stopped: left as it is
}

// Issue 13 item 9: "Licensed ports—Perform no shutdown of router followed by reload" (guide,
// Enable and Register Smart Licensing, step 2, note). The restore-ports step is sent as configuration,
// and the reload after it is verified with `show ip interface brief`: a port still administratively
// down stops the router.
Plan with_restored_ports(Plan plan) {
  Step restore;
  restore.kind = StepKind::restore_ports;
  restore.commands = {"configure terminal", "interface TenGigabitEthernet0/0/24", "no shutdown", "end"};
  Step save;
  save.kind = StepKind::save_config;
  save.commands = {"write memory"};
  auto last_reload =
      std::find_if(plan.steps.rbegin(), plan.steps.rend(), [](const Step &st) { return st.kind == StepKind::reload; });
  Step reload = *last_reload;
  reload.expect.ports_up = {"TenGigabitEthernet0/0/24"};
  auto at = plan.steps.end() - 1;  // before the post-snapshot
  plan.steps.insert(at, {restore, save, reload});
  return plan;
}

const char *const k_brief_header = "Interface              IP-Address      OK? Method Status                Protocol\n";

TEST_F(ExecutorTest, APortStillAdministrativelyDownAfterTheRestoringReloadStopsTheRouter) {
  FakeRouter r;
  auto plan = with_restored_ports(plan_for(r));
  r.answers["show ip interface brief"] =
      std::string(k_brief_header) + "TenGigabitEthernet0/0/24 unassigned      YES unset  administratively down down\n";
  auto journal = Journal::create(store_, "run-ports-down");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_NE(run.message.find("still administratively down: TenGigabitEthernet0/0/24"), std::string::npos)
      << run.message;
  EXPECT_NE(std::find(r.log.begin(), r.log.end(), "config: interface TenGigabitEthernet0/0/24"), r.log.end());
  EXPECT_NE(std::find(r.log.begin(), r.log.end(), "config: no shutdown"), r.log.end());
  EXPECT_EQ(r.reloads, 2);
}

TEST_F(ExecutorTest, PortsUpAfterTheRestoringReloadMigrate) {
  FakeRouter r;
  auto plan = with_restored_ports(plan_for(r));
  r.answers["show ip interface brief"] =
      std::string(k_brief_header) + "TenGigabitEthernet0/0/24 unassigned      YES unset  up                    up\n";
  auto journal = Journal::create(store_, "run-ports-up");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(std::count(r.log.begin(), r.log.end(), "show ip interface brief"), 1);  // only after that reload
}

TEST_F(ExecutorTest, UnreachableBeforeAnyStep) {
  FakeRouter r;
  r.fail_open = true;
  auto plan = plan_for(r);
  auto journal = Journal::create(store_, "run3");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::unreachable);
  EXPECT_EQ(r.reloads, 0);
}

TEST_F(ExecutorTest, ADroppedSessionMidPlanFailsWithoutReload) {
  FakeRouter r;
  r.drop_on_configure = true;
  auto plan = plan_for(r);
  auto journal = Journal::create(store_, "run4");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_EQ(r.reloads, 0);
  EXPECT_TRUE(fs::exists(run.pre_snapshot));  // the record was kept
}

TEST_F(ExecutorTest, NoChangeStepWithoutAPreSnapshotOnDisk) {
  FakeRouter r;
  auto plan = plan_for(r);
  plan.steps.erase(plan.steps.begin());  // a plan that forgot the snapshot
  auto journal = Journal::create(store_, "run5");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_NE(run.message.find("no pre-change snapshot"), std::string::npos) << run.message;
  for (const auto &l : r.log) EXPECT_EQ(l.rfind("config:", 0), std::string::npos) << l;
}

TEST(JournalTest, TornLastLineIsIgnoredButABadMiddleLineIsAnError) {
  auto dir = (fs::temp_directory_path() / fs::unique_path("licmig-journal-%%%%%%")).string();
  fs::create_directories(dir + "/journal");
  {
    std::ofstream(dir + "/journal/a.jsonl") << "{\"event\":\"run\"}\n{\"event\":\"done\",\"host\":\"pe1\",\"st";
    std::ofstream(dir + "/journal/b.jsonl") << "{\"event\":\"run\"}\ngarbage\n{\"event\":\"run\"}\n";
  }
  auto a = Journal::read_events(Journal::path_for(dir, "a"));
  ASSERT_TRUE(a) << a.error_message();
  EXPECT_EQ(a->size(), 1U);
  auto b = Journal::read_events(Journal::path_for(dir, "b"));
  ASSERT_FALSE(b);
  EXPECT_NE(b.error_message().find("b.jsonl:2: not a journal record"), std::string::npos) << b.error_message();
  fs::remove_all(dir);
}

TEST(JournalTest, PlanRoundTripsThroughJson) {
  snapshot::Snapshot s;
  s.host = "pe1";
  s.version.version = "17.06.01";
  s.license_mode = snapshot::LicenseMode::smart;
  s.license_level = "metroipaccess";
  rules::Target t;
  t.release_text = "17.9.4";
  t.release = snapshot::Release::of("17.9.4");
  t.mode = rules::TargetMode::no_license;
  t.image = "x.bin";
  t.image_md5 = "0123456789abcdef0123456789abcdef";
  auto plan = make_plan(s, t);
  auto back = plan_from_json(plan_to_json(plan));
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(plan_to_json(back.value()), plan_to_json(plan));
  EXPECT_EQ(render_plan(back.value()), render_plan(plan));
}

// --- issue 11: a resumed router is proven before it is touched ---------------------------------

TEST_F(ExecutorTest, TheJournalIdentifiesTheRouterAndItsRecord) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto journal = Journal::create(store_, "facts", clock_);
  ASSERT_TRUE(journal);
  auto o = options();
  o.address = "192.0.2.1:22";
  auto run = execute_router(r, plan, journal.value(), nullptr, o);
  ASSERT_EQ(run.outcome, Outcome::migrated) << run.message;
  auto events = Journal::read_events(journal->path());
  ASSERT_TRUE(events);
  auto hp = Journal::progress(events.value())["pe1"];
  EXPECT_EQ(hp.facts["pre_snapshot"], run.pre_snapshot);
  EXPECT_EQ(hp.facts["pre_snapshot_sha256"], base::sha256_of_file(run.pre_snapshot).value());
  EXPECT_EQ(hp.facts["serial"], "CAT1234U0AB");
  EXPECT_EQ(hp.facts["udi"], "ASR-920-24SZ-IM:CAT1234U0AB");
  EXPECT_EQ(hp.facts["address"], "192.0.2.1:22");
  ASSERT_TRUE(hp.result);
  EXPECT_EQ(hp.result->from, run.from);
  EXPECT_EQ(hp.result->reloads, 1);
}

// --- interruption, reload counting, the store ------------------------------------------------

TEST_F(ExecutorTest, AnInterruptStopsAtTheNextSafePointWithoutAResult) {
  FakeRouter r;
  auto plan = plan_for(r);
  std::atomic<bool> stop{false};
  r.on_command = [&stop](const std::string &c) {
    if (c == "dir bootflash:") stop = true;  // SIGINT arrives while the pre-change snapshot is taken
  };
  auto journal = Journal::create(store_, "sigint", clock_);
  ASSERT_TRUE(journal);
  auto o = options();
  o.interrupt = &stop;
  auto run = execute_router(r, plan, journal.value(), nullptr, o);
  EXPECT_EQ(run.outcome, Outcome::interrupted) << run.message;
  EXPECT_NE(run.message.find("--resume goes on"), std::string::npos) << run.message;
  EXPECT_FALSE(changed(r)) << "a change step started after the interrupt";
  auto events = Journal::read_events(journal->path());
  ASSERT_TRUE(events);
  auto hp = Journal::progress(events.value())["pe1"];
  EXPECT_FALSE(hp.result) << "an interrupted router has no result: the resume finishes it";
  EXPECT_EQ(hp.steps_done, 1);  // the pre-change snapshot (in flight when the signal came) is done
}

TEST_F(ExecutorTest, AnInterruptDuringAReloadWaitsForItsVerification) {
  FakeRouter r;
  auto plan = plan_for(r);
  std::atomic<bool> stop{false};
  r.on_reload = [&stop] { stop = true; };  // SIGINT while the router reboots
  auto journal = Journal::create(store_, "sigint2", clock_);
  ASSERT_TRUE(journal);
  auto o = options();
  o.interrupt = &stop;
  auto run = execute_router(r, plan, journal.value(), nullptr, o);
  EXPECT_EQ(run.outcome, Outcome::interrupted) << run.message;
  EXPECT_EQ(r.reloads, 1);
  auto events = Journal::read_events(journal->path());
  ASSERT_TRUE(events);
  auto hp = Journal::progress(events.value())["pe1"];
  EXPECT_FALSE(hp.reload_pending) << "left between a sent reload and its verification";
}

TEST_F(ExecutorTest, AReloadThatWentOutAndNeverCameBackIsCounted) {
  FakeRouter r;
  r.fail_reload = true;
  auto plan = plan_for(r);
  auto journal = Journal::create(store_, "lost", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), nullptr, options());
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_EQ(run.reloads, 1) << run.message;
  EXPECT_EQ(run.cause, ErrorKind::timed_out);
  EXPECT_FALSE(run.store_failed);
}

TEST_F(ExecutorTest, AStoreThatCannotHoldTheRecordStopsBeforeAnyChange) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto journal = Journal::create(store_, "nostore", clock_);
  ASSERT_TRUE(journal);
  // the snapshots go where no folder can be made (a file stands in the way)
  const std::string blocked = store_ + "/file";
  { std::ofstream(blocked) << "x"; }
  auto o = options();
  o.store = blocked + "/store";
  auto run = execute_router(r, plan, journal.value(), nullptr, o);
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_TRUE(run.store_failed) << run.message;
  EXPECT_NE(run.message.find("no pre-change snapshot"), std::string::npos) << run.message;
  EXPECT_FALSE(changed(r));
}
}  // namespace
}  // namespace licmig::migrate
