// The executor resuming a killed run: a reload journaled as sent is proven before anything is sent
// again (migrate/reload_proof.hpp), and a resumed router is proven to be the router the run changed,
// with its pre-change record intact.
#include <gtest/gtest.h>

#include <boost/filesystem.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "migrate/reload_proof.hpp"
#include "unit/executor_fixture.hpp"

namespace licmig::migrate {
namespace {

namespace fs = boost::filesystem;

using exec_fixture::changed;
using exec_fixture::ExecutorTest;
using exec_fixture::FakeRouter;
using exec_fixture::killed_after;

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
  auto hp = reload_sent_just_now(r, plan);
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
  auto hp = reload_sent_just_now(r, plan);
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

// Regression (e2e_migrate, a two-reload plan killed right after its second reload was journaled):
// the router had come back from the first reload seconds before, so it showed "uptime 0 minutes",
// and the resume took that as proof of the second reload, verified, and failed the router. IOS
// shows uptime in whole minutes: only uptime + 60 s <= the time since the send proves a reboot.
TEST_F(ExecutorTest, ResumeRightAfterTheSendIsNotFooledByAFreshUptimeFromAnEarlierReload) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto hp = reload_sent_just_now(r, plan);
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

// --- judge_sent_reload: the evidence and the verdict -----------------------------------------

ReloadEvidence evidence(std::optional<std::int64_t> uptime, double since_seconds, bool away = false,
                        bool target = false) {
  ReloadEvidence e;
  e.uptime_seconds = uptime;
  e.since_send = std::chrono::milliseconds(static_cast<std::int64_t>(since_seconds * 1000));
  e.went_unreachable = away;
  e.shows_target = target;
  return e;
}

TEST(ReloadProofTest, TheTargetStateProvesTheReload) {
  EXPECT_EQ(judge_sent_reload(evidence(600, 5, false, true)), ReloadVerdict::reloaded);
}

TEST(ReloadProofTest, UptimeProvesABootAfterTheSendOnlyWithAWholeMinuteToSpare) {
  // shown "0 minutes" is anything below 60 s: 59.9 s after the send it may predate the send
  EXPECT_EQ(judge_sent_reload(evidence(0, 59.9)), ReloadVerdict::unknown);
  EXPECT_EQ(judge_sent_reload(evidence(0, 60.2)), ReloadVerdict::unknown);  // within the slack
  EXPECT_EQ(judge_sent_reload(evidence(0, 60.5)), ReloadVerdict::reloaded);
  EXPECT_EQ(judge_sent_reload(evidence(60, 120.4, true)), ReloadVerdict::went_unreachable);
  EXPECT_EQ(judge_sent_reload(evidence(60, 120.5, true)), ReloadVerdict::reloaded);
}

TEST(ReloadProofTest, UptimeLongerThanTheTimeSinceTheSendDisprovesAReload) {
  // shown "1 minute" is at least 60 s: up since before a send 50 s ago, whatever failed since
  EXPECT_EQ(judge_sent_reload(evidence(60, 50, true)), ReloadVerdict::booted_before_send);
  EXPECT_EQ(judge_sent_reload(evidence(60, 50)), ReloadVerdict::booted_before_send);
  // within the slack it proves nothing
  EXPECT_EQ(judge_sent_reload(evidence(60, 59.7, true)), ReloadVerdict::went_unreachable);
}

TEST(ReloadProofTest, AFailedConnectionAloneProvesNothing) {
  EXPECT_EQ(judge_sent_reload(evidence(0, 10, true)), ReloadVerdict::went_unreachable);
  EXPECT_EQ(judge_sent_reload(evidence(std::nullopt, 3600, true)), ReloadVerdict::went_unreachable);
  EXPECT_EQ(judge_sent_reload(evidence(std::nullopt, 3600)), ReloadVerdict::unknown);
}

// The start window closes only after a router that did reload has had the time to prove it: a
// router that booted right after the send is never sent the reload again at the window's edge.
TEST(ReloadProofTest, TheStartWindowClosesAfterTheUptimeProofOpens) {
  for (double since : {59.0, 60.0, 60.4, 60.5, 61.0, 90.0}) {
    const bool window_over = start_window_over(evidence(0, since).since_send, std::chrono::seconds(60));
    const bool provable = judge_sent_reload(evidence(0, since)) == ReloadVerdict::reloaded;
    if (window_over) {
      EXPECT_TRUE(provable) << since;
    }
  }
  EXPECT_FALSE(start_window_over(std::chrono::milliseconds(60499), std::chrono::seconds(60)));
  EXPECT_TRUE(start_window_over(std::chrono::milliseconds(60500), std::chrono::seconds(60)));
}

// Regression (e2e_migrate KillAndResume, under load): licmig was killed between the journal's
// "reload-sent" and the reload's confirmation, so the router never reloaded; the resume's first
// connection failed, and that was taken as the router going down: it was "verified" in its old
// state and failed. A failed connection proves nothing; the router's uptime, which grows past the
// time since the send, shows it never reloaded, and the reload is sent once.
TEST_F(ExecutorTest, ResumeSendsTheReloadWhenOnlyAConnectionFailureSuggestedItWentOut) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto hp = reload_sent_just_now(r, plan);
  const auto booted = clock_.now() - std::chrono::seconds(20);  // back from an earlier reload 20 s before the send
  r.on_command = [&](const std::string &command) {
    if (command == "show version" && r.reloads == 0) {
      r.uptime_minutes = std::chrono::duration_cast<std::chrono::minutes>(clock_.now() - booted).count();
    }
  };
  r.fail_opens = 1;  // the resume's first connection times out
  auto o = options();
  o.reconnect_timeout = std::chrono::seconds(900);
  auto journal = Journal::create(store_, "spurious-down", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), &hp, o);
  EXPECT_EQ(run.outcome, Outcome::migrated) << run.message;
  EXPECT_EQ(r.reloads, 1) << ::testing::PrintToString(r.log);
  EXPECT_EQ(run.reloads, 1);
}

// The other side: the router went away after the send and came back in its old state (it did
// reload, wrongly), with an uptime that cannot tell at first. It is never reloaded a second time:
// once its uptime proves the reboot, it fails as a reload that came back wrong.
TEST_F(ExecutorTest, ResumeWaitsForUptimeToProveAReloadThatCameBackWrong) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto hp = reload_sent_just_now(r, plan);
  const auto booted = clock_.now() + std::chrono::seconds(5);  // it rebooted 5 s after the send, unchanged
  r.on_command = [&](const std::string &command) {
    if (command == "show version") {
      r.uptime_minutes = std::chrono::duration_cast<std::chrono::minutes>(clock_.now() - booted).count();
    }
  };
  r.fail_opens = 1;
  auto o = options();
  o.reconnect_timeout = std::chrono::seconds(900);
  auto journal = Journal::create(store_, "unproven", clock_);
  ASSERT_TRUE(journal);
  const auto before = clock_.now();
  auto run = execute_router(r, plan, journal.value(), &hp, o);
  EXPECT_EQ(run.outcome, Outcome::failed) << run.message;
  EXPECT_EQ(r.reloads, 0) << "a reload that may have gone out was sent again";
  EXPECT_NE(run.message.find("after the reload the router shows release 16.09.04"), std::string::npos) << run.message;
  // shown "0 minutes" until 65 s after the send: from 60 s on that proves a boot after the send
  EXPECT_GE(clock_.now() - before, std::chrono::seconds(59));
}

// With no uptime to go by, the wait for proof ends after two minutes, and the router fails saying
// what could not be told — still without a second reload.
TEST_F(ExecutorTest, ResumeNeverResendsAReloadWhoseRouterWentAwayAndCameBackUnproven) {
  FakeRouter r;
  auto plan = plan_for(r);
  auto hp = reload_sent_just_now(r, plan);
  r.answers["show version"] = "Cisco IOS XE Software, Version " + r.version + "\nLicense Level: " + r.level +
                              "\nLicense Type: " + r.license_type + "\nProcessor board ID " + r.serial + "\n";
  r.fail_opens = 1;
  auto o = options();
  o.reconnect_timeout = std::chrono::seconds(900);
  auto journal = Journal::create(store_, "no-uptime", clock_);
  ASSERT_TRUE(journal);
  auto run = execute_router(r, plan, journal.value(), &hp, o);
  EXPECT_EQ(run.outcome, Outcome::failed) << run.message;
  EXPECT_EQ(r.reloads, 0) << "a reload that may have gone out was sent again";
  EXPECT_NE(run.message.find("nothing proves whether it reloaded"), std::string::npos) << run.message;
  EXPECT_NE(run.message.find("after the reload the router shows"), std::string::npos) << run.message;
}

}  // namespace
}  // namespace licmig::migrate
