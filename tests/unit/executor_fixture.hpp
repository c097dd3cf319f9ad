// The executor's unit-test fixture: a store in a temporary folder, a fake clock, and the plan of a
// 16.9 traditional router going to 17.12.1 No-License; helpers for runs killed part-way.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <string>

#include "migrate/executor.hpp"
#include "migrate/journal.hpp"
#include "migrate/plan.hpp"
#include "unit/device_fakes.hpp"
#include "unit/plan_samples.hpp"
#include "unit/router_session_fakes.hpp"

namespace licmig::migrate::exec_fixture {

namespace fs = boost::filesystem;

using fakes::FakeRouter;

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = (fs::temp_directory_path() / fs::unique_path("licmig-exec-%%%%%%")).string(); }
  void TearDown() override { fs::remove_all(store_); }

  Plan plan_for(FakeRouter &r) {
    return samples::plan_to_17_12_1(samples::traditional_router("pe1", r.version, r.level));
  }

  ExecutorOptions options() {
    ExecutorOptions o;
    o.store = store_;
    o.clock = &clock_;
    o.reconnect_timeout = std::chrono::seconds(1);
    return o;
  }

  // The progress of a run killed right after it journaled the plan's reload as sent (now).
  HostProgress reload_sent_just_now(FakeRouter &r, const Plan &plan) {
    HostProgress hp;
    hp.plan = plan;
    hp.steps_done = fakes::reload_step_of(plan);
    hp.reload_pending = true;
    hp.reload_sent_at = utc_timestamp_of(clock_.wall_now());
    hp.facts = fakes::recorded_pre_snapshot(r, "pe1", store_);
    return hp;
  }

  std::string store_;
  devices::testing::FakeClock clock_;
};

// The progress of a run killed after step `done` steps, with the pre-change snapshot on record.
inline HostProgress killed_after(FakeRouter &r, const Plan &plan, StepKind next, const std::string &store) {
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

inline bool changed(const FakeRouter &r) {
  return std::any_of(r.log.begin(), r.log.end(), [](const std::string &l) {
    return l.rfind("config: ", 0) == 0 || l == "write memory" || l == "reload";
  });
}

}  // namespace licmig::migrate::exec_fixture
