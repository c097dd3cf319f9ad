// The executor over a scripted fake RouterSession: steps in order, the pre-snapshot invariant,
// reload verification, failures that stop a router, and resume from the journal without sending a
// reload twice.
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
#include "unit/router_session_fakes.hpp"

namespace licmig::migrate {
namespace {

namespace fs = boost::filesystem;

using fakes::FakeRouter;

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = (fs::temp_directory_path() / fs::unique_path("licmig-exec-%%%%%%")).string(); }
  void TearDown() override { fs::remove_all(store_); }

  Plan plan_for(FakeRouter &r) {
    snapshot::Snapshot s;
    s.host = "pe1";
    s.version.version = r.version;
    s.license_mode = snapshot::LicenseMode::traditional;
    s.license_level = r.level;
    snapshot::PakLicense p;
    p.index = 1;
    p.feature = "advancedmetroipaccess";
    p.license_type = "Permanent";
    s.pak_licenses.push_back(p);
    rules::Target t;
    t.release_text = "17.12.1";
    t.release = snapshot::Release::of("17.12.1");
    t.mode = rules::TargetMode::no_license;
    t.image = "asr920-universalk9_npe.17.12.01.SPA.bin";
    return make_plan(s, t);
  }

  ExecutorOptions options() {
    ExecutorOptions o;
    o.store = store_;
    o.clock = &clock_;
    o.reconnect_timeout = std::chrono::seconds(1);
    return o;
  }

  std::string store_;
  devices::testing::FakeClock clock_;
};

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

// Resume: the journal says the reload was sent; the router rebooted since (uptime 0): verify it,
// do not reload again.
TEST_F(ExecutorTest, ResumeVerifiesASentReloadInsteadOfSendingItAgain) {
  FakeRouter r;
  auto plan = plan_for(r);
  {
    auto journal = Journal::create(store_, "run6", clock_);
    ASSERT_TRUE(journal);
    ASSERT_TRUE(journal->append(PlanRecord{"pe1", plan}));
    ASSERT_GE(fakes::journal_killed_after_reload_sent(journal.value(), "pe1", plan,
                                                      fakes::recorded_pre_snapshot(r, "pe1", store_)),
              0);
  }
  clock_.advance(std::chrono::seconds(30));  // licmig was killed; the resume starts half a minute later
  // the router did reload after the send (killed licmig never saw it)
  r.version = r.next_version;
  r.license_type = r.next_type;
  r.uptime_minutes = 0;
  auto events = Journal::read_events(Journal::path_for(store_, "run6"));
  ASSERT_TRUE(events);
  auto progress = Journal::progress(events.value());
  ASSERT_TRUE(progress["pe1"].reload_pending);
  ASSERT_TRUE(progress["pe1"].plan);
  auto journal = Journal::open(store_, "run6", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, *progress["pe1"].plan, journal.value(), &progress["pe1"], options());
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 0) << "a sent reload was sent again";
}

// Resume: the reload was journaled as sent but never reached the router (uptime large): send it.
TEST_F(ExecutorTest, ResumeSendsAReloadThatNeverHappened) {
  FakeRouter r;
  auto plan = plan_for(r);
  HostProgress hp;
  hp.plan = plan;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].kind == StepKind::reload) hp.steps_done = static_cast<int>(i);
  }
  hp.reload_pending = true;
  hp.reload_sent_at = "2026-11-28T06:00:00.000000Z";
  hp.facts = fakes::recorded_pre_snapshot(r, "pe1", store_);
  r.uptime_minutes = 60 * 24 * 30;  // up for a month: it never reloaded
  auto journal = Journal::create(store_, "run7");
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), &hp, options());
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 1);
}

// Regression (e2e_migrate resume race): a resume right after a kill found the router still up with
// its old uptime although the reload had gone out, and sent it again. A reload journaled as sent
// is only re-sent once the start window has passed with the router still up.
TEST_F(ExecutorTest, ResumeRightAfterTheSendWaitsForTheReloadInFlight) {
  FakeRouter r;
  auto plan = plan_for(r);
  HostProgress hp;
  hp.plan = plan;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].kind == StepKind::reload) hp.steps_done = static_cast<int>(i);
  }
  hp.reload_pending = true;
  hp.reload_sent_at = utc_timestamp_of(clock_.wall_now());
  hp.facts = fakes::recorded_pre_snapshot(r, "pe1", store_);
  r.uptime_minutes = 60 * 24 * 30;
  int versions = 0;
  r.on_command = [&](const std::string &command) {
    if (command != "show version" || ++versions != 4) return;
    r.version = r.next_version;  // the reload in flight lands: it comes back on the new release
    r.license_type = r.next_type;
    r.level = r.next_level;
    r.uptime_minutes = 0;
  };
  auto journal = Journal::create(store_, "run9", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), &hp, options());
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 0) << ::testing::PrintToString(r.log);  // never sent again
  EXPECT_EQ(run.reloads, 1);
}

// A resumed reload whose router never answers again: the reconnect timeout runs out in simulated
// time (the fake clock), polling once a second, and the router fails as "did not come back".
TEST_F(ExecutorTest, ResumedReloadWaitsForTheReconnectTimeoutInSimulatedTime) {
  FakeRouter r;
  auto plan = plan_for(r);
  HostProgress hp;
  hp.plan = plan;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].kind == StepKind::reload) hp.steps_done = static_cast<int>(i);
  }
  hp.reload_pending = true;
  hp.reload_sent_at = utc_timestamp_of(clock_.wall_now());
  hp.facts = fakes::recorded_pre_snapshot(r, "pe1", store_);
  r.fail_open = true;
  auto o = options();
  o.reconnect_timeout = std::chrono::seconds(900);
  auto journal = Journal::create(store_, "run8", clock_);
  ASSERT_TRUE(journal);
  const auto before = clock_.slept;
  auto run = execute_router(r, plan, journal.value(), &hp, o);
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_NE(run.message.find("did not come back"), std::string::npos) << run.message;
  EXPECT_EQ(clock_.slept - before, std::chrono::seconds(900));
  EXPECT_EQ(std::count(r.log.begin(), r.log.end(), "open"), 901);  // the first try, then once a second
  EXPECT_EQ(r.reloads, 0);
}

// A changed host key is not waited out: it will not change back.
TEST_F(ExecutorTest, ResumedReloadStopsAtAChangedHostKey) {
  class RekeyedRouter final : public RouterSession {
   public:
    int opens = 0;
    Status open() override {
      ++opens;
      return Status::error(ErrorKind::host_key_changed, "the host key of 127.0.0.1:22 changed");
    }
    Result<std::string> run(const std::string &) override { return std::string(); }
    Result<std::string> run_tolerant(const std::string &) override { return std::string(); }
    Status configure(const std::vector<std::string> &) override { return Status::ok(); }
    Status save() override { return Status::ok(); }
    Result<ReloadReport> reload() override { return ReloadReport{}; }
    void add_secret(const std::string &) override {}
    void close() override {}
    std::string transcript_path() const override { return ""; }
  } r;
  FakeRouter model;
  auto plan = plan_for(model);
  HostProgress hp;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].kind == StepKind::reload) hp.steps_done = static_cast<int>(i);
  }
  hp.reload_pending = true;
  hp.facts = fakes::recorded_pre_snapshot(model, "pe1", store_);
  auto journal = Journal::create(store_, "run9", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), &hp, options());
  EXPECT_EQ(run.outcome, Outcome::failed);
  EXPECT_EQ(r.opens, 2);  // the resume's open, then one try of the wait: no waiting out a changed key
  EXPECT_NE(run.message.find("host key"), std::string::npos) << run.message;
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

// The progress of a run killed after step `done` steps, with the pre-change snapshot on record.
HostProgress killed_after(FakeRouter &r, const Plan &plan, StepKind next, const std::string &store) {
  HostProgress hp;
  hp.plan = plan;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].kind == next) {
      hp.steps_done = static_cast<int>(i);
      break;
    }
  }
  hp.facts = fakes::recorded_pre_snapshot(r, "pe1", store);
  hp.facts["address"] = "192.0.2.1:22";
  return hp;
}

bool changed(const FakeRouter &r) {
  return std::any_of(r.log.begin(), r.log.end(), [](const std::string &l) {
    return l.rfind("config: ", 0) == 0 || l == "write memory" || l == "reload";
  });
}

TEST_F(ExecutorTest, ResumeRefusesACorruptedPreChangeSnapshot) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto hp = killed_after(r, plan, StepKind::set_boot_image, store_);
  ASSERT_FALSE(hp.facts["pre_snapshot_sha256"].empty());
  {
    std::ofstream f(hp.facts["pre_snapshot"], std::ios::app);
    f << " ";  // one byte: still valid JSON, no longer the record the run wrote
  }
  auto journal = Journal::create(store_, "corrupt", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), &hp, options());
  EXPECT_EQ(run.outcome, Outcome::refused) << run.message;
  EXPECT_NE(run.message.find("is not the file the run wrote"), std::string::npos) << run.message;
  EXPECT_FALSE(changed(r));
  // a missing one is refused too, without a connection
  fs::remove(hp.facts["pre_snapshot"]);
  FakeRouter r2;
  auto run2 = execute_router(r2, plan, journal.value(), &hp, options());
  EXPECT_EQ(run2.outcome, Outcome::refused);
  EXPECT_NE(run2.message.find("cannot be read"), std::string::npos) << run2.message;
  EXPECT_EQ(std::count(r2.log.begin(), r2.log.end(), "open"), 0) << "connected before the record was checked";
}

TEST_F(ExecutorTest, ResumeRefusesAnotherRouterAtTheAddress) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto hp = killed_after(r, plan, StepKind::set_boot_image, store_);
  r.serial = "CAT9999Z0ZZ";  // the inventory now points at another chassis
  auto journal = Journal::create(store_, "moved", clock_);
  ASSERT_TRUE(journal);
  auto o = options();
  o.address = "192.0.2.2:22";
  auto run = execute_router(r, plan, journal.value(), &hp, o);
  EXPECT_EQ(run.outcome, Outcome::refused) << run.message;
  EXPECT_NE(run.message.find("serial was CAT1234U0AB, now CAT9999Z0ZZ"), std::string::npos) << run.message;
  EXPECT_NE(run.message.find("moved it from 192.0.2.1:22 to 192.0.2.2:22"), std::string::npos) << run.message;
  EXPECT_FALSE(changed(r));
}

TEST_F(ExecutorTest, ResumeGoesOnWithTheSameRouterAtANewAddress) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto hp = killed_after(r, plan, StepKind::set_boot_image, store_);
  auto journal = Journal::create(store_, "readdressed", clock_);
  ASSERT_TRUE(journal);
  auto o = options();
  o.address = "192.0.2.2:22";
  auto run = execute_router(r, plan, journal.value(), &hp, o);
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 1);
}

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

// Regression (e2e_migrate, a two-reload plan killed right after its second reload was journaled):
// the router had come back from the first reload seconds before, so it showed "uptime 0 minutes",
// and the resume took that as proof of the second reload, verified, and failed the router. IOS
// shows uptime in whole minutes: only uptime + 60 s <= the time since the send proves a reboot.
TEST_F(ExecutorTest, ResumeRightAfterTheSendIsNotFooledByAFreshUptimeFromAnEarlierReload) {
  FakeRouter r;
  auto plan = plan_for(r);
  HostProgress hp;
  hp.plan = plan;
  hp.steps_done = fakes::reload_step_of(plan);
  hp.reload_pending = true;
  hp.reload_sent_at = utc_timestamp_of(clock_.wall_now());
  hp.facts = fakes::recorded_pre_snapshot(r, "pe1", store_);
  // back from an earlier reload a moment ago, still in the pre-reload state; its uptime grows with
  // the (fake) clock, in whole minutes as IOS shows it
  const auto booted = clock_.now();
  r.on_command = [&](const std::string &command) {
    if (command == "show version") {
      r.uptime_minutes = std::chrono::duration_cast<std::chrono::minutes>(clock_.now() - booted).count();
    }
  };
  auto journal = Journal::create(store_, "fresh-uptime", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), &hp, options());
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 1) << "the reload that never went out was not sent after the start window";
}

// issue 16: a router resumed after its reload reports the whole run — its reloads and its "from"
TEST_F(ExecutorTest, AResumedRouterReportsTheReloadsOfTheWholeRun) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto hp = killed_after(r, plan, StepKind::post_snapshot, store_);  // the reload was verified before the kill
  r.version = r.next_version;
  r.license_type = r.next_type;
  auto journal = Journal::create(store_, "run-whole", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), &hp, options());
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 0) << "nothing reloaded in this attempt";
  EXPECT_EQ(run.reloads, 1) << "the first attempt's reload is part of the run";
  EXPECT_EQ(run.from, plan.from);
  EXPECT_FALSE(run.from.empty());
}

}  // namespace
}  // namespace licmig::migrate
