// The Rollout over fake routers (router_session_fakes.hpp) in simulated time (a fake base::Clock):
// waves, the canary, --serial N and N%, max-fail per run and per wave, HA pairs moving together,
// refusals (an unreadable router is unreachable), and resume from the journal.
#include <gtest/gtest.h>

#include <atomic>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <map>
#include <sstream>

#include "migrate/exit_code.hpp"
#include "migrate/report.hpp"
#include "migrate/rollout.hpp"
#include "unit/device_fakes.hpp"
#include "unit/plan_samples.hpp"
#include "unit/router_session_fakes.hpp"

namespace licmig::migrate {
namespace {

namespace fs = boost::filesystem;
using fakes::FakeRouter;
using fakes::SharedSession;

class RolloutTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = (fs::temp_directory_path() / fs::unique_path("licmig-rollout-%%%%%%")).string(); }
  void TearDown() override { fs::remove_all(store_); }

  // Adds a router (a 16.9.4 PAK router going to 17.12.1 No-License) with its plan.
  FakeRouter &add(const std::string &name, std::optional<std::string> ha_group = std::nullopt,
                  inventory::HaRole role = inventory::HaRole::active) {
    auto h = std::make_unique<inventory::Host>();
    h->name = name;
    h->ha_group = ha_group;
    if (ha_group) h->ha_role = role;
    host_store_.push_back(std::move(h));
    hosts_.push_back(host_store_.back().get());
    auto &r = routers_[name];
    plans_[name] = samples::plan_to_17_12_1(samples::traditional_router(name, r.version, r.level));
    plans_[name].host = name;
    return r;
  }

  std::vector<RouterRun> run(const RolloutConfig &config, const std::string &run_id = "run",
                             const std::map<std::string, HostProgress> &progress = {}) {
    auto journal = progress.empty() ? Journal::create(store_, run_id, clock_) : Journal::open(store_, run_id, clock_);
    EXPECT_TRUE(journal) << journal.error_message();
    if (progress.empty()) {
      for (const auto &[host, plan] : plans_) EXPECT_TRUE(journal->append(PlanRecord{host, plan}));
    }
    SessionFactory sessions = [this](const inventory::Host &h) -> Result<std::unique_ptr<RouterSession>> {
      ++sessions_made_[h.name];
      return std::unique_ptr<RouterSession>(std::make_unique<SharedSession>(routers_.at(h.name)));
    };
    ExecutorOptionsFor options = [this](const inventory::Host &) {
      ExecutorOptions eo;
      eo.store = store_;
      eo.clock = &clock_;
      eo.reconnect_timeout = std::chrono::seconds(60);
      return eo;
    };
    err_.str("");
    Rollout rollout(config, sessions, options, err_);
    return rollout.run(hosts_, make_units(hosts_), plans_, journal.value(), progress);
  }

  static std::map<std::string, RouterRun> by_host(const std::vector<RouterRun> &runs) {
    std::map<std::string, RouterRun> out;
    for (const auto &r : runs) out[r.host] = r;
    return out;
  }

  static std::vector<RouterRun> runs_of(const std::map<std::string, RouterRun> &res) {
    std::vector<RouterRun> out;
    for (const auto &[host, r] : res) out.push_back(r);
    return out;
  }

  void expect_not_started(const std::map<std::string, RouterRun> &res, const std::vector<std::string> &names) {
    for (const auto &n : names) {
      EXPECT_EQ(res.at(n).outcome, Outcome::skipped) << n;
      EXPECT_NE(res.at(n).message.find("not started"), std::string::npos) << n << ": " << res.at(n).message;
      EXPECT_EQ(res.at(n).pre_snapshot, "") << n;
      EXPECT_TRUE(routers_[n].log.empty()) << n << " was contacted";
    }
  }

  std::string store_;
  devices::testing::FakeClock clock_;
  std::vector<std::unique_ptr<inventory::Host>> host_store_;
  std::vector<const inventory::Host *> hosts_;
  std::map<std::string, FakeRouter> routers_;
  std::map<std::string, Plan> plans_;
  std::map<std::string, int> sessions_made_;
  std::ostringstream err_;
};

TEST(WaveSize, NAndNPercent) {
  EXPECT_EQ(wave_size("", 7).value(), 7u);
  EXPECT_EQ(wave_size("2", 7).value(), 2u);
  EXPECT_EQ(wave_size("50%", 7).value(), 3u);
  EXPECT_EQ(wave_size("10%", 7).value(), 1u);  // at least one
  EXPECT_EQ(wave_size("100%", 7).value(), 7u);
  for (const char *bad : {"0", "-1", "x", "0%", "101%", "%"}) {
    auto s = wave_size(bad, 7);
    ASSERT_FALSE(s) << bad;
    EXPECT_EQ(s.status().kind(), ErrorKind::invalid_input);
    EXPECT_EQ(s.error_message(), std::string("--serial: expected N or N% (1-100), not '") + bad + "'");
  }
  RolloutConfig c;
  c.serial = "abc";
  EXPECT_FALSE(validate(c));
}

TEST_F(RolloutTest, EveryRouterMigratesInOneWave) {
  for (const char *n : {"w1", "w2", "w3"}) add(n);
  RolloutConfig c;
  c.parallel = 3;
  auto res = by_host(run(c));
  for (const char *n : {"w1", "w2", "w3"}) {
    EXPECT_EQ(res[n].outcome, Outcome::migrated) << n << ": " << res[n].message;
    EXPECT_EQ(routers_[n].reloads, 1) << n;
  }
}

TEST_F(RolloutTest, CanaryFailureStopsTheRest) {
  for (const char *n : {"w1", "w2", "w3", "w4", "w5", "w6"}) add(n);
  routers_["w2"].fail_open = true;
  RolloutConfig c;
  c.parallel = 1;
  c.canary = 2;
  auto res = by_host(run(c));
  EXPECT_EQ(res["w1"].outcome, Outcome::migrated) << res["w1"].message;
  EXPECT_EQ(res["w2"].outcome, Outcome::unreachable) << res["w2"].message;
  expect_not_started(res, {"w3", "w4", "w5", "w6"});
  EXPECT_NE(err_.str().find("canary"), std::string::npos) << err_.str();
  EXPECT_EQ(run_exit_code(runs_of(res)), exit_unreachable);
}

TEST_F(RolloutTest, CanarySuccessGoesOnInSerialWaves) {
  for (const char *n : {"w1", "w2", "w3", "w4", "w5", "w6"}) add(n);
  // a wave that fails and the wave scope show where the waves are: w3 fails in wave [w2 w3]
  routers_["w3"].fail_reload = true;
  RolloutConfig c;
  c.parallel = 1;
  c.canary = 1;
  c.serial = "2";
  c.max_fail_percentage = 40;
  c.max_fail_scope = MaxFailScope::wave;  // 1 of 2 = 50% > 40%
  auto res = by_host(run(c));
  EXPECT_EQ(res["w1"].outcome, Outcome::migrated);  // the canary wave [w1]
  EXPECT_EQ(res["w2"].outcome, Outcome::migrated);  // wave [w2 w3]
  EXPECT_EQ(res["w3"].outcome, Outcome::failed);
  expect_not_started(res, {"w4", "w5", "w6"});
  EXPECT_NE(err_.str().find("40%"), std::string::npos) << err_.str();
  // the journal names each wave's routers (the report's timeline groups by them)
  auto events = Journal::read_events(Journal::path_for(store_, "run"));
  ASSERT_TRUE(events) << events.error_message();
  std::vector<WaveRecord> waves;
  for (const auto &e : events.value()) {
    auto r = decode_record(e);
    ASSERT_TRUE(r) << e.dump();
    if (r.value() && std::holds_alternative<WaveRecord>(*r.value())) waves.push_back(std::get<WaveRecord>(*r.value()));
  }
  ASSERT_EQ(waves.size(), 2u);  // the run stopped after the second
  EXPECT_EQ(waves[0].wave, 1);
  EXPECT_TRUE(waves[0].canary);
  EXPECT_EQ(waves[0].hosts, std::vector<std::string>{"w1"});
  EXPECT_EQ(waves[1].wave, 2);
  EXPECT_FALSE(waves[1].canary);
  EXPECT_EQ(waves[1].hosts, (std::vector<std::string>{"w2", "w3"}));
  EXPECT_FALSE(waves[1].ts.empty());
}

TEST_F(RolloutTest, SerialPercentMakesWavesOfThatShare) {
  for (const char *n : {"w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"}) add(n);
  routers_["w2"].fail_open = true;  // wave 1 of 25% = [w1 w2]: 1 of 2 failed
  RolloutConfig c;
  c.parallel = 1;
  c.serial = "25%";
  c.max_fail_percentage = 49;
  c.max_fail_scope = MaxFailScope::wave;
  auto res = by_host(run(c));
  EXPECT_EQ(res["w1"].outcome, Outcome::migrated);
  EXPECT_EQ(res["w2"].outcome, Outcome::unreachable);
  expect_not_started(res, {"w3", "w4", "w5", "w6", "w7", "w8"});
}

TEST_F(RolloutTest, MaxFailPerRunStopsStartingRouters) {
  for (const char *n : {"w1", "w2", "w3", "w4", "w5", "w6"}) add(n);
  routers_["w1"].fail_open = true;
  routers_["w2"].fail_open = true;
  RolloutConfig c;
  c.parallel = 1;
  c.max_fail_percentage = 20;  // 2 of 6 = 33% > 20% after w2
  auto res = by_host(run(c));
  EXPECT_EQ(res["w1"].outcome, Outcome::unreachable);
  EXPECT_EQ(res["w2"].outcome, Outcome::unreachable);
  expect_not_started(res, {"w3", "w4", "w5", "w6"});
  EXPECT_NE(err_.str().find("20%"), std::string::npos) << err_.str();
}

TEST_F(RolloutTest, MaxFailPerRunCountsTheWholeRunNotTheWave) {
  for (const char *n : {"w1", "w2", "w3", "w4", "w5", "w6"}) add(n);
  routers_["w1"].fail_open = true;
  RolloutConfig c;
  c.parallel = 1;
  c.serial = "3";
  c.max_fail_percentage = 30;  // run: 1 of 6 = 17%, goes on; wave: 1 of 3 = 33%, stops
  auto res = by_host(run(c, "run-scope"));
  EXPECT_EQ(res["w1"].outcome, Outcome::unreachable);
  for (const char *n : {"w2", "w3", "w4", "w5", "w6"}) EXPECT_EQ(res[n].outcome, Outcome::migrated) << n;

  for (auto &[name, r] : routers_) r = FakeRouter{};
  routers_["w1"].fail_open = true;
  c.max_fail_scope = MaxFailScope::wave;
  res = by_host(run(c, "wave-scope"));
  EXPECT_EQ(res["w1"].outcome, Outcome::unreachable);
  expect_not_started(res, {"w2", "w3", "w4", "w5", "w6"});
}

TEST_F(RolloutTest, AnUnreadableRouterIsUnreachableAndARefusedOneRefused) {
  add("gone");
  add("nope");
  add("ok");
  plans_["gone"] = Plan{};
  plans_["gone"].host = "gone";
  plans_["gone"].refused = plans_["gone"].unreadable = true;
  plans_["gone"].refusal = "no snapshot: connection refused";
  plans_["nope"].refused = true;
  plans_["nope"].refusal = "LM080: x.bin is not on bootflash:";
  plans_["nope"].steps.clear();
  RolloutConfig c;
  c.parallel = 1;
  c.max_fail_percentage = 50;  // the unreachable one counts as a failure: 1 of 3 is not over 50%
  auto res = by_host(run(c));
  EXPECT_EQ(res["gone"].outcome, Outcome::unreachable);
  EXPECT_EQ(res["nope"].outcome, Outcome::refused);
  EXPECT_EQ(res["nope"].message, "LM080: x.bin is not on bootflash:");
  EXPECT_EQ(res["ok"].outcome, Outcome::migrated);
  EXPECT_EQ(routers_["nope"].reloads, 0);
}

TEST_F(RolloutTest, HaPairMovesTogetherAndTheStandbyIsVerifiedAfter) {
  auto &a = add("ha-a", std::string("ha"), inventory::HaRole::active);
  add("single");
  auto &b = add("ha-b", std::string("ha"), inventory::HaRole::standby);
  a.on_reload = [&b]() {
    b.version = b.next_version;
    b.license_type = b.next_type;
    b.level = b.next_level;
    b.uptime_minutes = 0;
  };
  RolloutConfig c;
  c.parallel = 1;
  auto res = by_host(run(c));
  EXPECT_EQ(res["ha-a"].outcome, Outcome::migrated) << res["ha-a"].message;
  EXPECT_EQ(res["ha-b"].outcome, Outcome::migrated) << res["ha-b"].message;
  EXPECT_NE(res["ha-b"].message.find("moved with its active ha-a"), std::string::npos);
  EXPECT_TRUE(fs::exists(res["ha-b"].pre_snapshot));
  EXPECT_TRUE(fs::exists(res["ha-b"].post_snapshot));
  EXPECT_EQ(b.reloads, 0) << "the standby is not reloaded on its own";
  // the standby was read before the active was touched, and again after its reload
  ASSERT_EQ(sessions_made_["ha-b"], 2);
  EXPECT_EQ(b.log.front(), "open");
  // the standby's result is in the journal (for a resume)
  auto events = Journal::read_events(Journal::path_for(store_, "run"));
  ASSERT_TRUE(events);
  auto progress = Journal::progress(events.value());
  ASSERT_TRUE(progress["ha-b"].result);
  EXPECT_EQ(progress["ha-b"].result->outcome, Outcome::migrated);
}

TEST_F(RolloutTest, AStandbyThatComesBackOtherwiseFails) {
  add("ha-a", std::string("ha"), inventory::HaRole::active);
  add("ha-b", std::string("ha"), inventory::HaRole::standby);  // never reloads: stays on 16.9.4
  RolloutConfig c;
  auto res = by_host(run(c));
  EXPECT_EQ(res["ha-a"].outcome, Outcome::migrated);
  EXPECT_EQ(res["ha-b"].outcome, Outcome::failed);
  EXPECT_NE(res["ha-b"].message.find("not as its active"), std::string::npos) << res["ha-b"].message;
}

TEST_F(RolloutTest, ARefusedPairRefusesBothAndTouchesNeither) {
  add("ha-a", std::string("ha"), inventory::HaRole::active);
  add("ha-b", std::string("ha"), inventory::HaRole::standby);
  for (const char *n : {"ha-a", "ha-b"}) {
    plans_[n].refused = true;
    plans_[n].refusal = "LM040: PAK licenses differ";
    plans_[n].steps.clear();
  }
  auto res = by_host(run(RolloutConfig{}));
  EXPECT_EQ(res["ha-a"].outcome, Outcome::refused);
  EXPECT_EQ(res["ha-b"].outcome, Outcome::refused);
  EXPECT_EQ(sessions_made_["ha-b"], 0);
  EXPECT_EQ(routers_["ha-a"].reloads, 0);
}

TEST_F(RolloutTest, ResumeReplaysFinishedRoutersAndVerifiesASentReload) {
  add("done");
  auto &mid = add("mid");
  add("fresh");
  {
    auto journal = Journal::create(store_, "resume", clock_);
    ASSERT_TRUE(journal);
    for (const auto &[host, p] : plans_) ASSERT_TRUE(journal->append(PlanRecord{host, p}));
    ResultRecord done;
    done.host = "done";
    done.outcome = Outcome::migrated;
    done.message = "";
    done.level_after = "advancedmetroipaccess";
    ASSERT_TRUE(journal->append(done));
    ASSERT_GT(fakes::journal_killed_after_reload_sent(journal.value(), "mid", plans_["mid"],
                                                      fakes::recorded_pre_snapshot(mid, "mid", store_)),
              0);
  }
  // the killed run's reload did happen
  mid.version = mid.next_version;
  mid.license_type = mid.next_type;
  mid.uptime_minutes = 0;
  clock_.advance(std::chrono::seconds(20));
  auto events = Journal::read_events(Journal::path_for(store_, "resume"));
  ASSERT_TRUE(events);
  auto res = by_host(run(RolloutConfig{}, "resume", Journal::progress(events.value())));
  EXPECT_EQ(res["done"].outcome, Outcome::migrated);
  EXPECT_NE(res["done"].message.find("from the journal"), std::string::npos);
  EXPECT_TRUE(routers_["done"].log.empty()) << "a finished router was worked on again";
  EXPECT_EQ(res["mid"].outcome, Outcome::migrated) << res["mid"].message;
  EXPECT_EQ(mid.reloads, 0) << "a sent reload was sent again";
  EXPECT_EQ(res["fresh"].outcome, Outcome::migrated) << res["fresh"].message;
  EXPECT_EQ(routers_["fresh"].reloads, 1);
}

// --- issue 11 ----------------------------------------------------------------------------------

TEST_F(RolloutTest, AfterAnInterruptNoUnitStarts) {
  add("a");
  add("b");
  std::atomic<bool> interrupted{true};
  RolloutConfig c;
  c.interrupt = &interrupted;
  auto res = by_host(run(c));
  expect_not_started(res, {"a", "b"});
  EXPECT_NE(res["a"].message.find("interrupted"), std::string::npos) << res["a"].message;
}

TEST_F(RolloutTest, AStandbyWithoutAFullLicenseRecordRefusesThePair) {
  auto &a = add("ha-a", std::string("ha"), inventory::HaRole::active);
  auto &b = add("ha-b", std::string("ha"), inventory::HaRole::standby);
  b.answers["show license"] = "% Authorization failed.\n";
  auto res = by_host(run(RolloutConfig{}));
  EXPECT_EQ(res["ha-a"].outcome, Outcome::refused) << res["ha-a"].message;
  EXPECT_EQ(res["ha-b"].outcome, Outcome::refused) << res["ha-b"].message;
  EXPECT_NE(res["ha-a"].message.find("standby ha-b"), std::string::npos) << res["ha-a"].message;
  EXPECT_NE(res["ha-b"].message.find("license record is incomplete"), std::string::npos) << res["ha-b"].message;
  EXPECT_EQ(a.reloads, 0);
  EXPECT_TRUE(std::none_of(a.log.begin(), a.log.end(), [](const std::string &l) { return l == "open"; }))
      << "the active was contacted";
}

TEST(RetriedOnResume, ConnectionAndStoreFailuresButNeverAnUnverifiedReload) {
  HostProgress p;
  ResultRecord r;
  r.outcome = Outcome::failed;
  r.cause = ErrorKind::closed;
  p.result = r;
  EXPECT_TRUE(retried_on_resume(p));
  p.reload_pending = true;
  EXPECT_FALSE(retried_on_resume(p)) << "a sent, unverified reload needs a person";
  p.reload_pending = false;
  p.result->cause = ErrorKind::failed;  // e.g. verification found the wrong release
  EXPECT_FALSE(retried_on_resume(p));
  p.result->store_failed = true;
  p.result->cause = ErrorKind::no_space;
  EXPECT_TRUE(retried_on_resume(p));
  p.result->outcome = Outcome::refused;
  EXPECT_FALSE(retried_on_resume(p));
  p.result->outcome = Outcome::migrated;
  p.result->cause = ErrorKind::ok;
  EXPECT_FALSE(retried_on_resume(p));
}

TEST_F(RolloutTest, ResumeRetriesAConnectionFailureAndLeavesAnUnverifiedReloadToAPerson) {
  auto &dropped = add("dropped");
  auto &lost = add("lost");
  {
    auto journal = Journal::create(store_, "retry", clock_);
    ASSERT_TRUE(journal);
    for (const auto &[host, p] : plans_) ASSERT_TRUE(journal->append(PlanRecord{host, p}));
    // "dropped": the connection closed during its first change step
    StepRecord s;
    s.event = StepRecord::Event::done;
    s.host = "dropped";
    s.step = 0;
    s.facts = fakes::recorded_pre_snapshot(dropped, "dropped", store_);
    ASSERT_TRUE(journal->append(s));
    ResultRecord failed;
    failed.host = "dropped";
    failed.outcome = Outcome::failed;
    failed.cause = ErrorKind::closed;
    failed.message = "the connection was closed";
    ASSERT_TRUE(journal->append(failed));
    // "lost": its reload went out and it never came back
    ASSERT_GT(fakes::journal_killed_after_reload_sent(journal.value(), "lost", plans_["lost"],
                                                      fakes::recorded_pre_snapshot(lost, "lost", store_)),
              1);
    ResultRecord timed_out;
    timed_out.host = "lost";
    timed_out.outcome = Outcome::failed;
    timed_out.cause = ErrorKind::timed_out;
    timed_out.reloads = 1;
    timed_out.message = "reload: the router did not come back within 900s";
    ASSERT_TRUE(journal->append(timed_out));
  }
  auto events = Journal::read_events(Journal::path_for(store_, "retry"));
  ASSERT_TRUE(events);
  auto res = by_host(run(RolloutConfig{}, "retry", Journal::progress(events.value())));
  EXPECT_EQ(res["dropped"].outcome, Outcome::migrated) << res["dropped"].message;
  EXPECT_EQ(dropped.reloads, 1);
  EXPECT_EQ(res["lost"].outcome, Outcome::failed);
  EXPECT_NE(res["lost"].message.find("needs a person"), std::string::npos) << res["lost"].message;
  EXPECT_EQ(res["lost"].reloads, 1) << "the reload that went out is counted";
  EXPECT_TRUE(lost.log.empty()) << "a router with an unverified reload was touched";
}

}  // namespace
}  // namespace licmig::migrate
