// The migration journal: reading (a torn last line from a kill is ignored, a bad line elsewhere is
// an error with its number), folding events into per-router progress, the journal file (private,
// fsynced, whole lines under concurrent appends); and release_matches(), which decides whether a
// reload came up on the planned release. The record format: journal_format_test.cpp.
#include <gtest/gtest.h>

#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fixture_support.hpp"
#include "migrate/executor.hpp"
#include "migrate/journal.hpp"
#include "migrate/migration.hpp"
#include "rules/findings.hpp"
#include "rules/levels.hpp"
#include "unit/plan_samples.hpp"

namespace licmig::migrate {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl_path = test::temp_template("licmig-journal-test");
    char *tmpl = tmpl_path.data();
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string write(const std::string &dir, const std::string &text) {
  const std::string p = dir + "/j.jsonl";
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

TEST(JournalRead, TornLastLineIsIgnored) {
  TempDir t;
  auto path = write(t.path, "{\"event\":\"run\",\"run\":\"R\"}\n{\"event\":\"start\",\"host\":\"a\",\"st");
  auto events = Journal::read_events(path);
  ASSERT_TRUE(events) << events.error_message();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().at("event"), "run");
}

TEST(JournalRead, BadLineInTheMiddleIsAnErrorWithItsNumber) {
  TempDir t;
  auto path = write(t.path, "{\"event\":\"run\"}\nnot json\n{\"event\":\"result\",\"host\":\"a\"}\n");
  auto events = Journal::read_events(path);
  ASSERT_FALSE(events);
  EXPECT_NE(events.error_message().find(":2:"), std::string::npos) << events.error_message();
}

TEST(JournalRead, CompleteLastLineWithoutNewlineIsKept) {
  TempDir t;
  auto path = write(t.path, "{\"event\":\"run\"}\n{\"event\":\"result\",\"host\":\"a\"}");
  auto events = Journal::read_events(path);
  ASSERT_TRUE(events) << events.error_message();
  EXPECT_EQ(events->size(), 2u);
}

TEST(JournalProgress, FoldsStepsReloadsFactsAndResults) {
  const Plan p = samples::every_expectation_plan();
  std::vector<nlohmann::json> events = {
      {{"event", "run"}, {"run", "R"}},
      {{"event", "plan"}, {"host", "pe1"}, {"plan", plan_to_json(p)}},
      {{"event", "plan"}, {"host", "pe2"}, {"plan", plan_to_json(p)}},
      {{"event", "start"}, {"host", "pe1"}, {"step", 0}, {"kind", "pre-snapshot"}},
      {{"event", "done"},
       {"host", "pe1"},
       {"step", 0},
       {"kind", "pre-snapshot"},
       {"facts", {{"pre_snapshot", "/s/pe1/1.json"}}}},
      {{"event", "done"}, {"host", "pe1"}, {"step", 1}, {"kind", "verify-image"}},
      {{"event", "start"}, {"host", "pe1"}, {"step", 2}, {"kind", "reload"}},
      {{"event", "reload-sent"}, {"host", "pe1"}, {"step", 2}, {"ts", "2026-01-02T03:04:05.000000Z"}},
      {{"event", "done"}, {"host", "pe2"}, {"step", 0}, {"kind", "pre-snapshot"}},
      {{"event", "done"}, {"host", "pe2"}, {"step", 1}, {"kind", "verify-image"}},
      {{"event", "reload-sent"}, {"host", "pe2"}, {"step", 2}, {"ts", "2026-01-02T03:04:06.000000Z"}},
      {{"event", "done"}, {"host", "pe2"}, {"step", 2}, {"kind", "reload"}},
      {{"event", "result"}, {"host", "pe2"}, {"outcome", "migrated"}},
  };
  auto progress = Journal::progress(events);
  ASSERT_EQ(progress.size(), 2u);
  const auto &a = progress.at("pe1");
  ASSERT_TRUE(a.plan);
  EXPECT_EQ(a.plan->steps.size(), 6u);
  EXPECT_EQ(a.steps_done, 2);
  EXPECT_TRUE(a.reload_pending);  // sent, not verified: verify on resume, never send again
  EXPECT_EQ(a.reload_sent_at, "2026-01-02T03:04:05.000000Z");
  EXPECT_EQ(a.facts.at("pre_snapshot"), "/s/pe1/1.json");
  EXPECT_FALSE(a.result);
  const auto &b = progress.at("pe2");
  EXPECT_EQ(b.steps_done, 3);
  EXPECT_FALSE(b.reload_pending);  // verified
  ASSERT_TRUE(b.result);
  EXPECT_EQ(b.result->outcome, Outcome::migrated);
}

// --rollback-on-failure: the rollback's records of a router fold apart from its migration's.
TEST(JournalProgress, TheRollbackPhaseFoldsApart) {
  const Plan p = samples::every_expectation_plan();
  PlanRecord rollback_plan{"pe1", p, true};
  StepRecord done;
  done.event = StepRecord::Event::done;
  done.host = "pe1";
  done.step = 0;
  done.kind = StepKind::pre_snapshot;
  done.facts = {{"pre_snapshot", "/s/pe1/2.json"}};
  done.rollback = true;
  ResultRecord failed;
  failed.host = "pe1";
  failed.outcome = Outcome::failed;
  failed.came_back_wrong = true;
  failed.rolled_back = "rolled back to 17.6.1 traditional metroipaccess";
  std::vector<nlohmann::json> events = {
      {{"event", "run"}, {"run", "R"}},
      PlanRecord{"pe1", p}.encode(),
      {{"event", "done"},
       {"host", "pe1"},
       {"step", 0},
       {"kind", "pre-snapshot"},
       {"facts", {{"pre_snapshot", "/s/pe1/1.json"}}}},
      nlohmann::json::parse(failed.encode().dump()),
      nlohmann::json::parse(rollback_plan.encode().dump()),
      nlohmann::json::parse(done.encode().dump()),
  };
  EXPECT_EQ(events[4].at("phase"), "rollback");
  const auto migration = Journal::progress(events);
  ASSERT_TRUE(migration.at("pe1").result);
  EXPECT_TRUE(migration.at("pe1").result->came_back_wrong);
  EXPECT_EQ(migration.at("pe1").result->rolled_back, failed.rolled_back);
  EXPECT_EQ(migration.at("pe1").steps_done, 1);
  EXPECT_EQ(migration.at("pe1").facts.at("pre_snapshot"), "/s/pe1/1.json");  // the rollback's is not its
  const auto rollback = Journal::progress(events, true);
  ASSERT_EQ(rollback.size(), 1u);
  ASSERT_TRUE(rollback.at("pe1").plan);
  EXPECT_EQ(rollback.at("pe1").steps_done, 1);
  EXPECT_EQ(rollback.at("pe1").facts.at("pre_snapshot"), "/s/pe1/2.json");
  EXPECT_FALSE(rollback.at("pe1").result);  // the migration's result is not the rollback's
}

TEST(JournalFile, AppendsFsyncedPrivateLinesThatReadBack) {
  TempDir t;
  auto j = Journal::create(t.path, "RUN-1");
  ASSERT_TRUE(j) << j.error_message();
  RunRecord run;
  run.run_id = "RUN-1";
  ASSERT_TRUE(j->append(run));
  StepRecord sent;
  sent.event = StepRecord::Event::reload_sent;
  sent.host = "pe1";
  sent.step = 4;
  ASSERT_TRUE(j->append(sent));
  struct stat st {};
  ASSERT_EQ(::stat(j->path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(Journal::create(t.path, "RUN-1")) << "a run id is never reused";
  auto events = Journal::read_events(Journal::path_for(t.path, "RUN-1"));
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_TRUE(events->at(1).contains("ts"));
  auto progress = Journal::progress(events.value());
  EXPECT_TRUE(progress.at("pe1").reload_pending);
  EXPECT_FALSE(Journal::open(t.path, "NO-SUCH-RUN"));
}

// --- issue 11: durability --------------------------------------------------------------------

// A record that cannot be written whole (here: the file size limit, as a full disk would) is cut
// off again, and the failure sticks: no later record is written after a lost one.
TEST(JournalFile, AFailedAppendIsCutOffAndSticks) {
  TempDir t;
  auto j = Journal::create(t.path, "RUN-F");
  ASSERT_TRUE(j) << j.error_message();
  RunRecord run;
  run.run_id = "RUN-F";
  ASSERT_TRUE(j->append(run));
  ASSERT_TRUE(j->healthy());
  const auto before = fs::file_size(j->path());
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = static_cast<rlim_t>(before + 40);  // room for part of the next record only
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  StepRecord done;
  done.event = StepRecord::Event::done;
  done.host = "pe1";
  done.step = 0;
  done.facts = {{"pre_snapshot", std::string(200, 'x')}};
  const Status failed = j->append(done);
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.message().find("cannot append"), std::string::npos) << failed.message();
  EXPECT_EQ(fs::file_size(j->path()), before) << "the torn record was left in the journal";
  EXPECT_FALSE(j->healthy());
  StepRecord small_record;
  small_record.event = StepRecord::Event::start;
  small_record.host = "pe1";
  EXPECT_FALSE(j->append(small_record)) << "a record was written after a lost one";
  EXPECT_EQ(fs::file_size(j->path()), before);
}

// Appenders sync outside the journal's lock (routers finishing together overlap their syncs):
// every record of every thread still lands whole, on its own line.
TEST(JournalFile, ConcurrentAppendsLandWholeOnTheirOwnLines) {
  TempDir t;
  auto j = Journal::create(t.path, "RUN-C");
  ASSERT_TRUE(j) << j.error_message();
  constexpr int k_threads = 8;
  constexpr int k_each = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int i = 0; i < k_threads; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < k_each; ++n) {
        StepRecord r;
        r.event = StepRecord::Event::start;
        r.host = "pe" + std::to_string(i);
        r.step = n;
        r.facts = {{"pad", std::string(static_cast<std::size_t>(100 + 37 * n), 'x')}};
        if (!j->append(r)) ++failed;
      }
    });
  }
  for (auto &th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_TRUE(j->healthy());
  auto events = Journal::read_events(j->path());
  ASSERT_TRUE(events) << events.error_message();
  ASSERT_EQ(events->size(), static_cast<std::size_t>(k_threads * k_each));
  std::map<std::string, int> next;  // each thread's records in its own order
  for (const auto &e : events.value()) {
    const auto host = e.at("host").get<std::string>();
    EXPECT_EQ(e.at("step").get<int>(), next[host]++) << host;
  }
  EXPECT_EQ(next.size(), static_cast<std::size_t>(k_threads));
}

TEST(JournalFile, OpenCutsATornLastLineSoTheResumeStartsOnItsOwnLine) {
  TempDir t;
  {
    auto j = Journal::create(t.path, "RUN-T");
    ASSERT_TRUE(j);
    RunRecord run;
    run.run_id = "RUN-T";
    ASSERT_TRUE(j->append(run));
  }
  { std::ofstream(Journal::path_for(t.path, "RUN-T"), std::ios::app) << R"({"event":"start","ho)"; }
  auto j = Journal::open(t.path, "RUN-T");
  ASSERT_TRUE(j) << j.error_message();
  StepRecord start;
  start.event = StepRecord::Event::start;
  start.host = "pe1";
  ASSERT_TRUE(j->append(start));
  auto events = Journal::read_events(j->path());
  ASSERT_TRUE(events) << events.error_message();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->at(1).value("event", ""), "start");
}

TEST(JournalProgress, AFailedReloadStaysPending) {
  // a failure record of a sent reload does not prove it did not happen
  std::vector<nlohmann::json> events = {
      {{"event", "reload-sent"}, {"host", "pe1"}, {"step", 4}, {"ts", "2026-11-30T09:00:00.000000Z"}},
      {{"event", "failed"}, {"host", "pe1"}, {"step", 4}, {"kind", "reload"}, {"detail", "did not come back"}},
      {{"event", "result"}, {"host", "pe1"}, {"outcome", "failed"}, {"cause", "timed out"}}};
  auto p = Journal::progress(events);
  EXPECT_TRUE(p["pe1"].reload_pending);
  ASSERT_TRUE(p["pe1"].result);
  EXPECT_EQ(p["pe1"].result->cause, ErrorKind::timed_out);
}

// Regression (e2e_migrate): "--target-release 17.9.4 --image ...17.09.04a..." comes up as 17.9.4a;
// the verification after the reload stopped a good router for it.
TEST(ReleaseMatches, LetterRebuildOfThePlannedRelease) {
  EXPECT_TRUE(release_matches("17.09.04a", "17.9.4"));
  EXPECT_TRUE(release_matches("17.09.04", "17.9.4"));
  EXPECT_TRUE(release_matches("17.9.4a", "17.9.4a"));
  EXPECT_FALSE(release_matches("17.09.04", "17.9.4a"));  // the plan named the rebuild
  EXPECT_FALSE(release_matches("17.09.05", "17.9.4"));
  EXPECT_FALSE(release_matches("17.10.04", "17.9.4"));
  EXPECT_FALSE(release_matches("16.09.04", "17.9.4"));
  EXPECT_TRUE(release_matches("17.07.01prd9", "17.7.1"));  // base(): the release the vendor's tables name
  EXPECT_FALSE(release_matches("17.07.01prd9", "17.7.1a"));
  EXPECT_FALSE(release_matches("", "17.9.4"));
  EXPECT_FALSE(release_matches("garbage", "17.9.4"));
}

}  // namespace
}  // namespace licmig::migrate
