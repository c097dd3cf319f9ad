// StatusDisplay (migrate/status.hpp) in simulated time: the live block on a terminal (router lines,
// step, elapsed time, the reload countdown, the footer's counts and ETA, the cap on router lines,
// messages above the block), plain line-per-event output otherwise, colour choices, and the journal
// observer feeding it.
#include "migrate/status.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <sstream>

#include "migrate/journal.hpp"
#include "unit/device_fakes.hpp"

namespace licmig::migrate {
namespace {

using namespace std::chrono_literals;

StepRecord step(const std::string &host, int index, StepKind kind, StepRecord::Event event = StepRecord::Event::start) {
  StepRecord r;
  r.event = event;
  r.host = host;
  r.step = index;
  r.kind = kind;
  return r;
}

ResultRecord result(const std::string &host, Outcome outcome) {
  ResultRecord r;
  r.host = host;
  r.outcome = outcome;
  r.from = "16.9.4 traditional";
  r.to = "17.9.4 no-license";
  return r;
}

StatusConfig config(std::size_t routers) {
  StatusConfig c;
  c.routers = routers;
  c.waves = 2;
  c.parallel = 2;
  for (std::size_t i = 1; i <= routers; ++i) {
    c.steps["r" + std::to_string(i)] = 6;
    c.reload_timeouts["r" + std::to_string(i)] = 900s;
  }
  return c;
}

StatusStyle tty_style() {
  StatusStyle s;
  s.tty = true;
  s.width = 200;
  return s;
}

std::string strip_ansi(const std::string &s) { return std::regex_replace(s, std::regex("\x1b\\[[0-9;]*[A-Za-z]"), ""); }

TEST(StatusDisplay, BlockShowsRoutersStepsElapsedAndReloadCountdown) {
  std::ostringstream err;
  devices::testing::FakeClock clock;
  StatusDisplay d(err, tty_style(), config(3), clock);
  d.on_record(WaveRecord{1, false, {"r1", "r2"}, ""});
  d.on_record(step("r1", 0, StepKind::pre_snapshot));
  clock.advance(65s);
  d.on_record(step("r1", 4, StepKind::reload));
  d.on_record(step("r2", 2, StepKind::set_boot_level));
  clock.advance(120s);
  const auto lines = d.block_lines();
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[0], "  r1    step 5/6 reload  3m05s  reload: 13m00s left of 15m00s");
  EXPECT_EQ(lines[1], "  r2    step 3/6 set-boot-level  2m00s");
  EXPECT_EQ(lines[2], "wave 1 of 2 | 0 done, 0 failed, 0 refused | 0/3 routers | ETA —");
  // past the reload timeout the line says so
  clock.advance(900s);
  EXPECT_NE(d.block_lines()[0].find("reload: past its timeout of 15m00s"), std::string::npos);
}

TEST(StatusDisplay, FooterCountsOutcomesAndEstimatesFromFinishedRouters) {
  std::ostringstream err;
  devices::testing::FakeClock clock;
  StatusDisplay d(err, tty_style(), config(5), clock);
  d.on_record(WaveRecord{2, false, {"r1", "r2", "r3"}, ""});
  d.on_record(step("r1", 0, StepKind::pre_snapshot));
  d.on_record(step("r2", 0, StepKind::pre_snapshot));
  clock.advance(100s);
  d.on_record(result("r1", Outcome::migrated));
  clock.advance(100s);
  d.on_record(result("r2", Outcome::failed));
  d.on_record(result("r3", Outcome::refused));  // refused before any step: not timed
  // two finished in 100 s and 200 s: 150 s average; 2 left, 2 at once: one more round
  EXPECT_EQ(d.block_lines().back(), "wave 2 of 2 | 1 done, 1 failed, 1 refused | 3/5 routers | ETA ~2m30s");
  EXPECT_TRUE(d.in_flight().empty());
}

// issue 16: a resumed run's footer counts the routers an earlier attempt finished, without a line
// for them and without timing them for the ETA.
TEST(StatusDisplay, AResumedRunCountsTheRoutersFinishedBefore) {
  std::ostringstream err;
  devices::testing::FakeClock clock;
  StatusDisplay d(err, tty_style(), config(4), clock);
  d.replayed(result("r1", Outcome::migrated));
  d.replayed(result("r2", Outcome::refused));
  EXPECT_TRUE(err.str().empty()) << err.str();
  d.on_record(WaveRecord{2, false, {"r3", "r4"}, ""});
  d.on_record(step("r3", 0, StepKind::pre_snapshot));
  clock.advance(60s);
  d.on_record(result("r3", Outcome::migrated));
  EXPECT_EQ(d.block_lines().back(), "wave 2 of 2 | 2 done, 0 failed, 1 refused | 3/4 routers | ETA ~1m00s");
}

TEST(StatusDisplay, CapsRouterLines) {
  std::ostringstream err;
  devices::testing::FakeClock clock;
  auto c = config(12);
  c.max_routers = 3;
  StatusDisplay d(err, tty_style(), c, clock);
  for (int i = 1; i <= 12; ++i) d.on_record(step("r" + std::to_string(i), 0, StepKind::pre_snapshot));
  const auto lines = d.block_lines();
  ASSERT_EQ(lines.size(), 5U);
  EXPECT_EQ(lines[3], "  … and 9 more");
  EXPECT_EQ(d.in_flight().size(), 12U);
}

TEST(StatusDisplay, MessagesPrintAboveTheBlockWhichIsRedrawnBelow) {
  std::ostringstream err;
  devices::testing::FakeClock clock;
  StatusDisplay d(err, tty_style(), config(2), clock);
  d.on_record(step("r1", 0, StepKind::pre_snapshot));
  const auto before = err.str();
  EXPECT_NE(before.find("r1"), std::string::npos);
  d.messages() << "licmig: warning: something\n";
  const auto after = err.str().substr(before.size());
  // the block (2 lines) is cleared first, the message printed, the block drawn again
  EXPECT_EQ(after.rfind("\r\x1b[2A\x1b[J", 0), 0U) << after;
  const auto message = after.find("licmig: warning: something\n");
  ASSERT_NE(message, std::string::npos);
  EXPECT_NE(after.find("  r1", message), std::string::npos);
  // router text cannot move the cursor
  d.message("evil \x1b[2J name");
  EXPECT_NE(err.str().find("evil \\x1b[2J name"), std::string::npos);
  d.finish();
  const auto end = err.str();
  EXPECT_EQ(end.substr(end.size() - std::string("\r\x1b[2A\x1b[J").size()), "\r\x1b[2A\x1b[J");
  // after finish() a message is a plain line
  d.message("done");
  EXPECT_EQ(err.str().substr(end.size()), "done\n");
}

TEST(StatusDisplay, RedrawsOnTicksAtMostAFewTimesASecond) {
  std::ostringstream err;
  devices::testing::FakeClock clock;
  StatusDisplay d(err, tty_style(), config(2), clock);
  d.on_record(step("r1", 0, StepKind::pre_snapshot));
  const auto first = err.str().size();
  d.on_record(step("r1", 0, StepKind::pre_snapshot, StepRecord::Event::done));  // same instant: not drawn
  EXPECT_EQ(err.str().size(), first);
  clock.advance(1s);
  d.tick();
  EXPECT_GT(err.str().size(), first);
  EXPECT_NE(strip_ansi(err.str()).find("  r1    step 1/6 pre-snapshot  1s"), std::string::npos);
}

TEST(StatusDisplay, PlainModeWritesOneLinePerEventWithoutEscapes) {
  std::ostringstream err;
  devices::testing::FakeClock clock;
  StatusDisplay d(err, StatusStyle{}, config(2), clock);
  d.on_record(WaveRecord{1, true, {"r1"}, ""});
  d.on_record(step("r1", 4, StepKind::reload));
  StepRecord sent;
  sent.event = StepRecord::Event::reload_sent;
  sent.host = "r1";
  sent.step = 4;
  d.on_record(sent);
  auto failed = step("r1", 4, StepKind::reload, StepRecord::Event::failed);
  failed.detail = "did not come back";
  d.on_record(failed);
  d.on_record(result("r1", Outcome::failed));
  d.message("licmig: more than 10% of the routers failed: starting no more");
  d.tick();
  d.finish();
  const std::string ts = "[2023-12-26T14:13:20Z] ";  // the fake clock's wall time
  EXPECT_EQ(err.str(), ts + "wave 1/2 (canary) started: r1\n" + ts + "r1: step 5/6 reload started\n" + ts +
                           "r1: step 5/6 reload sent; waiting up to 15m00s for it to come back\n" + ts +
                           "r1: step 5/6 reload failed: did not come back\n" + ts +
                           "r1: failed (16.9.4 traditional -> 17.9.4 no-license)\n"
                           "licmig: more than 10% of the routers failed: starting no more\n");
}

TEST(StatusDisplay, ColourOnlyWhenChosen) {
  EXPECT_TRUE(use_color(ColorChoice::automatic, true, nullptr));
  EXPECT_TRUE(use_color(ColorChoice::automatic, true, ""));
  EXPECT_FALSE(use_color(ColorChoice::automatic, true, "1"));  // NO_COLOR
  EXPECT_FALSE(use_color(ColorChoice::automatic, false, nullptr));
  EXPECT_TRUE(use_color(ColorChoice::always, false, "1"));
  EXPECT_FALSE(use_color(ColorChoice::never, true, nullptr));
  EXPECT_EQ(color_choice_from_string("always"), ColorChoice::always);
  EXPECT_FALSE(color_choice_from_string("sometimes"));

  std::ostringstream err;
  devices::testing::FakeClock clock;
  StatusStyle colored;
  colored.color = true;
  StatusDisplay d(err, colored, config(2), clock);
  d.on_record(result("r1", Outcome::migrated));
  d.on_record(result("r2", Outcome::unreachable));
  EXPECT_NE(err.str().find("r1: \x1b[32mmigrated\x1b[0m ("), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("r2: \x1b[31munreachable\x1b[0m ("), std::string::npos) << err.str();
  std::ostringstream plain;
  StatusDisplay p(plain, StatusStyle{}, config(1), clock);
  p.on_record(result("r1", Outcome::migrated));
  EXPECT_EQ(plain.str().find('\x1b'), std::string::npos);
}

TEST(StatusDisplay, QuietShowsOnlyMessages) {
  std::ostringstream err;
  devices::testing::FakeClock clock;
  StatusStyle quiet;
  quiet.quiet = true;
  StatusDisplay d(err, quiet, config(1), clock);
  d.on_record(step("r1", 0, StepKind::pre_snapshot));
  d.on_record(result("r1", Outcome::migrated));
  d.message("licmig: error: x");
  EXPECT_EQ(err.str(), "licmig: error: x\n");
}

TEST(StatusDisplay, FollowsTheJournalThroughItsObserver) {
  const auto dir = std::filesystem::temp_directory_path() / ("status_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  devices::testing::FakeClock clock;
  auto journal = Journal::create(dir.string(), "run1", clock);
  ASSERT_TRUE(journal) << journal.error_message();
  std::ostringstream err;
  StatusDisplay d(err, tty_style(), config(1), clock);
  journal->observe([&d](const JournalRecord &r) { d.on_record(r); });
  ASSERT_TRUE(journal->append(step("r1", 1, StepKind::verify_image)));
  EXPECT_EQ(d.in_flight(), std::vector<std::string>{"r1"});
  EXPECT_EQ(d.block_lines()[0], "  r1    step 2/6 verify-image  0s");
  ASSERT_TRUE(journal->append(result("r1", Outcome::migrated)));
  EXPECT_TRUE(d.in_flight().empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace licmig::migrate
