#include <gtest/gtest.h>

#include <sys/stat.h>

#include <boost/filesystem.hpp>
#include <fstream>
#include <set>
#include <thread>

#include "base/file.hpp"
#include "snapshot/diff.hpp"
#include "snapshot/serialize.hpp"
#include "snapshot/store.hpp"

namespace licmig::snapshot {
namespace {

namespace fs = boost::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { root_ = (fs::temp_directory_path() / fs::unique_path("licmig-store-%%%%%%%%")).string(); }
  void TearDown() override { fs::remove_all(root_); }
  std::string root_;
};

unsigned mode_of(const std::string &path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777U;
}

Snapshot sample(const std::string &host, const std::string &at) {
  Snapshot s;
  s.host = host;
  s.taken_at = at;
  s.version.version = "17.06.01";
  s.license_level = "advancedmetroipaccess";
  s.raw.push_back({"show version", "Cisco IOS XE Software, Version 17.06.01\r\n"});
  return s;
}

TEST_F(StoreTest, SavesJsonAndXmlPrivatelyAndLoadsThemBack) {
  Store store(root_);
  auto path = store.save(sample("pe1", "2026-11-28T06:48:05.123456Z"));
  ASSERT_TRUE(path) << path.error_message();
  EXPECT_EQ(path.value(), root_ + "/snapshots/pe1/20261128T064805.123456Z.json");
  EXPECT_EQ(mode_of(path.value()), 0600U);
  EXPECT_EQ(mode_of(root_ + "/snapshots/pe1/20261128T064805.123456Z.xml"), 0600U);
  EXPECT_EQ(mode_of(root_ + "/snapshots/pe1"), 0700U);
  EXPECT_EQ(mode_of(root_), 0700U);
  for (const char *ext : {".json", ".xml"}) {
    auto back = store.load(root_ + "/snapshots/pe1/20261128T064805.123456Z" + ext);
    ASSERT_TRUE(back) << back.error_message();
    EXPECT_EQ(nlohmann::json(back.value()), nlohmann::json(sample("pe1", "2026-11-28T06:48:05.123456Z")));
  }
  // no temporary file left behind
  for (fs::directory_iterator it(root_ + "/snapshots/pe1"), end; it != end; ++it) {
    EXPECT_EQ(it->path().extension() == ".tmp", false) << it->path();
  }
}

TEST_F(StoreTest, LatestAndCollisions) {
  Store store(root_);
  EXPECT_EQ(store.latest("pe1").status().kind(), ErrorKind::not_found);
  ASSERT_TRUE(store.save(sample("pe1", "2026-11-28T06:00:00.000000Z")));
  ASSERT_TRUE(store.save(sample("pe1", "2026-11-28T07:00:00.000000Z")));
  auto again = store.save(sample("pe1", "2026-11-28T07:00:00.000000Z"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value(), root_ + "/snapshots/pe1/20261128T070000.000000Z-1.json");
  EXPECT_EQ(store.list("pe1").size(), 3U);
  EXPECT_EQ(store.latest("pe1").value(), root_ + "/snapshots/pe1/20261128T070000.000000Z.json");
}

TEST_F(StoreTest, HostNamesCannotEscapeTheStore) {
  Store store(root_);
  auto path = store.save(sample("../../etc/x", "2026-11-28T06:00:00.000000Z"));
  ASSERT_TRUE(path);
  EXPECT_EQ(path.value().rfind(root_ + "/snapshots/", 0), 0U) << path.value();
  EXPECT_EQ(base::path_component_for(".."), "%2E%2E");
  EXPECT_EQ(base::path_component_for("pe 1/a"), "pe%201%2Fa");
}

// issue 12: host names that differ get different folders, and --from-store's latest() only takes a
// record of the host it is asked for
TEST_F(StoreTest, HostNamesMapToFoldersInjectivelyAndLatestChecksTheHost) {
  std::set<std::string> folders;
  for (const char *name : {"a/b", "a_b", "a b", "a%2Fb", "a%b", "A_B", ".", "..", "", "%"}) {
    EXPECT_TRUE(folders.insert(base::path_component_for(name)).second) << name;
  }
  Store store(root_);
  ASSERT_TRUE(store.save(sample("a/b", "2026-11-28T06:00:00.000000Z")));
  ASSERT_TRUE(store.save(sample("a_b", "2026-11-28T07:00:00.000000Z")));
  auto ab = store.latest("a/b");
  ASSERT_TRUE(ab) << ab.error_message();
  EXPECT_EQ(store.load(ab.value())->host, "a/b");
  // a newer file of another host put in a_b's folder is not taken for it
  auto other = sample("intruder", "2026-11-28T08:00:00.000000Z");
  auto placed = store.save(other);
  ASSERT_TRUE(placed);
  boost::filesystem::rename(placed.value(), store.host_dir("a_b") + "/20261128T080000.000000Z.json");
  auto latest = store.latest("a_b");
  ASSERT_TRUE(latest) << latest.error_message();
  EXPECT_EQ(store.load(latest.value())->host, "a_b");
}

TEST_F(StoreTest, ErrorsNameThePathAndCause) {
  Store store(root_);
  auto missing = store.load(root_ + "/nope.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.status().kind(), ErrorKind::not_found);
  ASSERT_TRUE(base::make_private_dirs(root_));
  std::ofstream(root_ + "/bad.json") << "{ not json";
  auto bad = store.load(root_ + "/bad.json");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.status().kind(), ErrorKind::parse_error);
  EXPECT_EQ(bad.error_message().rfind(root_ + "/bad.json: not a snapshot record", 0), 0U) << bad.error_message();
  Snapshot untimed;
  untimed.host = "pe1";
  EXPECT_EQ(store.save(untimed).status().kind(), ErrorKind::invalid_input);
}

TEST_F(StoreTest, UnwritableRootIsAnIoError) {
  ASSERT_TRUE(base::make_private_dirs(root_));
  std::ofstream(root_ + "/file") << "x";
  Store store(root_ + "/file/sub");
  auto r = store.save(sample("pe1", "2026-11-28T06:00:00.000000Z"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().kind(), ErrorKind::io_error);
}

// The mask key: made on first use (32 random bytes, 0600, the root made 0700 if missing), the same
// on every later use, and one key however many threads ask for it first at once.
TEST_F(StoreTest, MaskKeyIsMadeOnceAndKept) {
  std::vector<std::string> keys(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    threads.emplace_back([&, i] {
      auto key = Store(root_).mask_key();
      if (key) keys[i] = key.value();
    });
  }
  for (auto &t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), 1U);
  EXPECT_EQ(keys[0].size(), 32U);
  EXPECT_EQ(mode_of(root_ + "/mask.key"), 0600U);
  EXPECT_EQ(mode_of(root_), 0700U);
  auto again = Store(root_).mask_key();
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value(), keys[0]);
  std::size_t files = 0;
  for (fs::directory_iterator it(root_), end; it != end; ++it) ++files;
  EXPECT_EQ(files, 1U) << "a temporary key file was left behind";
  // Another store, another key.
  auto other = Store(root_ + "/other").mask_key();
  ASSERT_TRUE(other);
  EXPECT_NE(other.value(), keys[0]);
  // An empty key file is refused, not used.
  fs::create_directories(root_ + "/empty");
  std::ofstream(root_ + "/empty/mask.key").close();
  auto empty = Store(root_ + "/empty").mask_key();
  ASSERT_FALSE(empty);
  EXPECT_TRUE(empty.status().is_io_error()) << empty.error_message();
}

TEST(Timestamps, Forms) {
  auto t = utc_timestamp();
  EXPECT_EQ(t.size(), 27U) << t;
  EXPECT_EQ(t.back(), 'Z');
  EXPECT_EQ(file_timestamp("2026-11-28T06:48:05.123456Z"), "20261128T064805.123456Z");
}

// issue 16: check and plan store a router's record only when it is not the same as its latest
TEST(SameRecord, OnlyWhatChangesByItselfIsLeftAside) {
  auto a = sample("pe1", "2026-11-30T10:00:00.000001Z");
  a.version.uptime = "1 hour, 5 minutes";
  a.version.uptime_seconds = 3900;
  a.raw[0].text += "pe1 uptime is 1 hour, 5 minutes\r\n";
  auto b = a;
  b.taken_at = "2026-11-30T11:00:00.000001Z";
  b.tool_version = "9.9.9";
  b.version.uptime = "2 hours, 5 minutes";
  b.version.uptime_seconds = 7500;
  b.raw[0].text = "Cisco IOS XE Software, Version 17.06.01\r\npe1 uptime is 2 hours, 5 minutes\r\n";
  EXPECT_TRUE(same_record(a, b));
  auto level = b;
  level.license_level = "metroaccess";
  EXPECT_FALSE(same_record(a, level));
  auto output = b;
  output.raw[0].text += "Configuration register is 0x2102\r\n";
  EXPECT_FALSE(same_record(a, output));
  auto image = b;
  image.image_checks.push_back({});
  EXPECT_FALSE(same_record(a, image));
}

}  // namespace
}  // namespace licmig::snapshot
