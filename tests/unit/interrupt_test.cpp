// InterruptWatch: the first SIGINT/SIGTERM only asks the run to stop (and says so); a second one
// exits at once with 128 + the signal. The signals are taken on the watcher's own thread, so a
// worker started after it never sees one.
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "migrate/interrupt.hpp"

namespace licmig::migrate {
namespace {

bool wait_for(const std::atomic<bool> &flag) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!flag.load()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

TEST(InterruptWatch, TheFirstSignalAsksToStopAndTheProcessGoesOn) {
  std::atomic<int> first{0};
  std::atomic<bool> told{false};
  {
    InterruptWatch watch(
        [&](int signo) {
          first = signo;
          told = true;
        },
        [](int) {});
    EXPECT_FALSE(watch.requested());
    ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
    ASSERT_TRUE(wait_for(watch.requested()));
    ASSERT_TRUE(wait_for(told));
    EXPECT_EQ(first.load(), SIGTERM);
    EXPECT_EQ(watch.signal(), SIGTERM);
  }
  // gone: the signal mask is the one before
  sigset_t now;
  ASSERT_EQ(pthread_sigmask(SIG_BLOCK, nullptr, &now), 0);
  EXPECT_EQ(sigismember(&now, SIGINT), 0);
  EXPECT_EQ(sigismember(&now, SIGTERM), 0);
}

TEST(InterruptWatchDeathTest, ASecondSignalExitsAtOnceWith128PlusTheSignal) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        InterruptWatch watch([](int) {}, [](int) { (void)::write(2, "second\n", 7); });
        ::kill(::getpid(), SIGINT);
        wait_for(watch.requested());
        ::kill(::getpid(), SIGINT);
        std::this_thread::sleep_for(std::chrono::seconds(30));
      },
      ::testing::ExitedWithCode(130), "second");
}

}  // namespace
}  // namespace licmig::migrate
