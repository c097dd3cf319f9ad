// run_read_ahead (migrate/read_ahead.hpp): at most `slots` works at once, up to `ahead` more items
// prepared while they run, a slot never held by a slow preparation. Synchronised on events with
// generous deadlines, never on timing.
#include "migrate/read_ahead.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace licmig::migrate {
namespace {

using namespace std::chrono_literals;

constexpr auto k_deadline = 30s;  // a wait that should end at once; reaching it fails the test

// Counts and waits, under one lock.
class Board {
 public:
  template <typename F>
  void update(F f) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      f();
    }
    cv_.notify_all();
  }
  // Waits until `ready()` (read under the lock); false when the deadline passed first.
  template <typename P>
  bool wait(P ready) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, k_deadline, ready);
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
};

TEST(ReadAhead, AtMostSlotsWorkAtOnceWhileTheNextItemsArePrepared) {
  constexpr int slots = 2, ahead = 3;
  constexpr std::size_t count = 14;
  Board board;
  int prepared = 0, in_flight = 0, max_in_flight = 0, working = 0, max_working = 0;
  bool read_ahead_seen = false;
  std::vector<int> worked(count, 0);
  run_read_ahead(
      count, slots, ahead,
      [&](std::size_t i) {
        board.update([&] {
          max_in_flight = std::max(max_in_flight, ++in_flight);
          ++prepared;
        });
        if (i % 5 == 4) {  // nothing to do for this one: no slot taken
          board.update([&] { --in_flight; });
          return false;
        }
        return true;
      },
      [&](std::size_t i, std::chrono::milliseconds) {
        board.update([&] { max_working = std::max(max_working, ++working); });
        // The first works hold their slots until `ahead` more items are prepared behind them.
        if (i < static_cast<std::size_t>(slots)) {
          read_ahead_seen = board.wait([&] { return prepared >= slots + ahead; });
        }
        board.update([&] {
          ++worked[i];
          --working;
          --in_flight;
        });
      });
  EXPECT_TRUE(read_ahead_seen) << "no item was prepared while the first works held their slots";
  EXPECT_LE(max_working, slots);
  EXPECT_LE(max_in_flight, slots + ahead);
  EXPECT_EQ(prepared, static_cast<int>(count));
  for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(worked[i], i % 5 == 4 ? 0 : 1) << "item " << i;
}

TEST(ReadAhead, ASlowPreparationDoesNotHoldASlot) {
  // One slot, one item ahead: item 0 prepares slowly (until item 1 has worked), so the slot goes
  // to item 1, which was ready first.
  Board board;
  std::vector<std::size_t> order;
  bool one_worked = false, zero_waited_for_one = false;
  run_read_ahead(
      2, 1, 1,
      [&](std::size_t i) {
        if (i == 0) zero_waited_for_one = board.wait([&] { return one_worked; });
        return true;
      },
      [&](std::size_t i, std::chrono::milliseconds) {
        board.update([&] {
          order.push_back(i);
          if (i == 1) one_worked = true;
        });
      });
  EXPECT_TRUE(zero_waited_for_one);
  EXPECT_EQ(order, (std::vector<std::size_t>{1, 0}));
}

// A clock that moves one second each time it is read.
class TickingClock final : public base::Clock {
 public:
  base::SteadyTime now() override { return base::SteadyTime(std::chrono::seconds(ticks_++)); }
  base::WallTime wall_now() override { return base::WallTime(); }
  void sleep_for(base::Millis) override {}

 private:
  std::atomic<int> ticks_{0};
};

TEST(ReadAhead, WorkIsToldHowLongItWaitedForItsSlot) {
  TickingClock clock;
  std::chrono::milliseconds waited{-1};
  run_read_ahead(
      1, 1, 1, [](std::size_t) { return true; }, [&](std::size_t, std::chrono::milliseconds w) { waited = w; }, clock);
  EXPECT_EQ(waited, 1000ms);  // read when ready, read again when the slot was granted
}

TEST(ReadAhead, NoItemsRunNothingAndZeroSlotsStillRunEveryItem) {
  std::atomic<int> prepared{0}, worked{0};
  run_read_ahead(
      0, 2, 2, [&](std::size_t) { return ++prepared > 0; }, [&](std::size_t, auto) { ++worked; });
  EXPECT_EQ(prepared.load() + worked.load(), 0);
  run_read_ahead(
      3, 0, 0, [&](std::size_t) { return ++prepared > 0; }, [&](std::size_t, auto) { ++worked; });
  EXPECT_EQ(prepared.load(), 3);
  EXPECT_EQ(worked.load(), 3);
}

}  // namespace
}  // namespace licmig::migrate
