// Tests of base/: text helpers, the atomic file write, the clock seam.
#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "base/clock.hpp"
#include "base/file.hpp"
#include "base/result.hpp"
#include "base/text.hpp"

namespace licmig::base {
namespace {

TEST(BaseText, TrimAndCase) {
  EXPECT_EQ(trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(trim_view("   "), "");
  EXPECT_TRUE(starts_with("show version", "show"));
  EXPECT_FALSE(starts_with("sh", "show"));
  EXPECT_TRUE(ends_with("image.bin", ".bin"));
  EXPECT_TRUE(iequals("MetroAccess", "metroaccess"));
  EXPECT_FALSE(iequals("metro", "metroaccess"));
  EXPECT_EQ(to_lower("AdvancedMetroIPAccess"), "advancedmetroipaccess");
  EXPECT_EQ(squeeze("  a \t  b   c "), "a b c");
}

TEST(BaseText, ToInt) {
  EXPECT_EQ(to_int(" 42 "), 42);
  EXPECT_EQ(to_int("+7"), 7);
  EXPECT_EQ(to_int("-3"), -3);
  EXPECT_FALSE(to_int("4x"));
  EXPECT_FALSE(to_int(""));
  EXPECT_FALSE(to_int("99999999999999999999999"));
}

TEST(BaseText, BasenameOf) {
  EXPECT_EQ(basename_of("bootflash:asr920.bin"), "asr920.bin");
  EXPECT_EQ(basename_of("bootflash:images/asr920.bin"), "asr920.bin");
  EXPECT_EQ(basename_of("/tmp/x/y.txt"), "y.txt");
  EXPECT_EQ(basename_of("plain.bin"), "plain.bin");
}

class BaseFile : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/licmig-base-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { (void)std::system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
};

TEST_F(BaseFile, AtomicWriteReplacesWithModeAndLeavesNoTemporary) {
  const auto path = dir_ + "/f.txt";
  ASSERT_TRUE(write_file_atomically(path, "one").is_ok());
  ASSERT_TRUE(write_file_atomically(path, "two", 0640).is_ok());
  auto text = read_file(path);
  ASSERT_TRUE(text.is_ok());
  EXPECT_EQ(text.value(), "two");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(std::system(("test $(ls -A " + dir_ + " | wc -l) -eq 1").c_str()), 0);
}

TEST_F(BaseFile, ErrorsNameThePathAndKind) {
  auto missing = read_file(dir_ + "/nope");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::not_found);
  EXPECT_NE(missing.error_message().find(dir_ + "/nope"), std::string::npos);
  auto st = write_file_atomically(dir_ + "/no/such/folder/f", "x");
  ASSERT_FALSE(st.is_ok());
  EXPECT_EQ(st.kind(), ErrorKind::io_error);
}

TEST_F(BaseFile, PrivateDirs) {
  ASSERT_TRUE(make_private_dirs(dir_ + "/a/b/c").is_ok());
  struct stat st {};
  ASSERT_EQ(::stat((dir_ + "/a/b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_TRUE(write_file_atomically(dir_ + "/file", "x").is_ok());
  EXPECT_FALSE(make_private_dirs(dir_ + "/file").is_ok());
}

TEST(BaseClock, RemainingNeverNegative) {
  auto &clock = system_clock();
  EXPECT_EQ(remaining(clock, clock.now() - std::chrono::seconds(5)).count(), 0);
  EXPECT_GT(remaining(clock, clock.now() + std::chrono::seconds(5)).count(), 0);
}

}  // namespace
}  // namespace licmig::base
