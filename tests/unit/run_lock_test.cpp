// Tests of the store lock (migrate/run_lock.hpp): one holder at a time, the refusal names the
// holder, a lock left by a dead process is taken over, and the lock goes with the holder.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "fixture_support.hpp"
#include "migrate/run_lock.hpp"

namespace licmig::migrate {
namespace {

class RunLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl_path = test::temp_template("licmig-lock");
    char *tmpl = tmpl_path.data();
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    store_ = std::string(tmpl) + "/store";
  }
  void TearDown() override { (void)std::system(("rm -rf " + store_ + "/..").c_str()); }
  static LockHolder holder(const std::string &run) {
    return LockHolder{run, static_cast<long>(::getpid()), "ops-host", "2026-11-30T06:00:00Z"};
  }
  std::string store_;
};

TEST_F(RunLockTest, SecondRunIsRefusedWithTheHolderNamed) {
  auto first = RunLock::acquire(store_, holder("RUN-A"));
  ASSERT_TRUE(first.is_ok()) << first.error_message();
  auto second = RunLock::acquire(store_, holder("RUN-B"));
  ASSERT_FALSE(second.is_ok());
  EXPECT_EQ(second.status().kind(), ErrorKind::busy);
  EXPECT_EQ(second.error_message(), "store " + store_ + " is in use by run RUN-A (pid " + std::to_string(::getpid()) +
                                        " on ops-host, since 2026-11-30T06:00:00Z): one migrate run per store at "
                                        "a time (" +
                                        store_ + "/lock)");
}

TEST_F(RunLockTest, ReleasedWithItsHolder) {
  {
    auto first = RunLock::acquire(store_, holder("RUN-A"));
    ASSERT_TRUE(first.is_ok());
  }
  auto second = RunLock::acquire(store_, holder("RUN-B"));
  ASSERT_TRUE(second.is_ok()) << second.error_message();
  EXPECT_EQ(read_lock_holder(second->path()).run_id, "RUN-B");
}

TEST_F(RunLockTest, HeldByAnotherProcessThenTakenOverAfterItDies) {
  int to_parent[2];
  int to_child[2];
  ASSERT_EQ(::pipe(to_parent), 0);
  ASSERT_EQ(::pipe(to_child), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = RunLock::acquire(store_, LockHolder{"RUN-CHILD", static_cast<long>(::getpid()), "h", "t"});
    char c = lock.is_ok() ? 'y' : 'n';
    (void)!::write(to_parent[1], &c, 1);
    (void)!::read(to_child[0], &c, 1);
    ::_exit(0);  // dies holding the lock: no destructor runs
  }
  char c = 0;
  ASSERT_EQ(::read(to_parent[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto refused = RunLock::acquire(store_, holder("RUN-PARENT"));
  ASSERT_FALSE(refused.is_ok());
  EXPECT_NE(refused.error_message().find("run RUN-CHILD (pid " + std::to_string(child)), std::string::npos);
  (void)!::write(to_child[1], &c, 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  auto taken = RunLock::acquire(store_, holder("RUN-PARENT"));
  ASSERT_TRUE(taken.is_ok()) << taken.error_message();
  EXPECT_EQ(read_lock_holder(taken->path()).run_id, "RUN-PARENT");
}

TEST_F(RunLockTest, UnwritableStoreIsAnIoErrorNotBusy) {
  auto lock = RunLock::acquire("/proc/licmig-no-such-store", holder("RUN-A"));
  ASSERT_FALSE(lock.is_ok());
  EXPECT_NE(lock.status().kind(), ErrorKind::busy);
}

}  // namespace
}  // namespace licmig::migrate
