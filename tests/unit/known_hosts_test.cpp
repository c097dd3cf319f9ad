// KnownHosts (devices/known_hosts.hpp): the shared known_hosts index decides as libssh does —
// plain, multi-name, hashed (ssh-keygen -H) and wildcard entries; the user file before the global
// one; same key ok, same type other key "changed", only other types "other" — and sees a file
// edited behind it. Keys are made by ssh-keygen; recording a key over a real connection is covered
// by ssh_transport_test (AcceptNewRecordsTheKey, and the 10,000-router bench).
#include "devices/known_hosts.hpp"

#include <gtest/gtest.h>
#include <libssh/libssh.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using licmig::devices::KnownHosts;

namespace {

std::string slurp(const fs::path &p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class KnownHostsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("licmig-known-hosts-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    KnownHosts::set_global_file((dir_ / "global_known_hosts").string());
  }
  void TearDown() override {
    for (auto *k : keys_) ssh_key_free(k);
    fs::remove_all(dir_);
  }

  // A new key of `type` (ssh-keygen -t), loaded; its public line's "type base64" part in *pub.
  ssh_key key(const std::string &type, std::string *pub) {
    const fs::path file = dir_ / ("key" + std::to_string(keys_.size()));
    const std::string cmd = "ssh-keygen -q -t " + type + " -N '' -f " + file.string() + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    ssh_key k = nullptr;
    EXPECT_EQ(ssh_pki_import_pubkey_file((file.string() + ".pub").c_str(), &k), SSH_OK);
    keys_.push_back(k);
    std::string line = slurp(file.string() + ".pub");
    *pub = line.substr(0, line.find(' ', line.find(' ') + 1));
    return k;
  }

  fs::path file(const std::string &name, const std::string &text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }

  fs::path dir_;
  std::vector<ssh_key> keys_;
};

TEST_F(KnownHostsTest, PlainMultiNameAndPortEntries) {
  std::string a_pub, b_pub;
  ssh_key a = key("ed25519", &a_pub);
  ssh_key b = key("ed25519", &b_pub);
  auto kh = KnownHosts::of(
      file("plain", "# comment\n\nr1.example," + std::string("10.0.0.1 ") + a_pub + "\n[10.0.0.2]:2222 " + b_pub + "\n")
          .string());
  EXPECT_EQ(KnownHosts::entry_name("10.0.0.2", 2222), "[10.0.0.2]:2222");
  EXPECT_EQ(KnownHosts::entry_name("10.0.0.2", 22), "10.0.0.2");
  EXPECT_EQ(kh->check("r1.example", a)->state, KnownHosts::State::ok);
  EXPECT_EQ(kh->check("10.0.0.1", a)->state, KnownHosts::State::ok);
  EXPECT_EQ(kh->check("[10.0.0.2]:2222", b)->state, KnownHosts::State::ok);
  EXPECT_EQ(kh->check("10.0.0.2", b)->state, KnownHosts::State::not_found) << "port 22 is another entry";
  auto changed = kh->check("10.0.0.1", b);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->state, KnownHosts::State::changed);
  EXPECT_EQ(changed->known, licmig::devices::host_key_fingerprint(a));
  EXPECT_EQ(kh->key_types("10.0.0.1"), std::vector<std::string>{"ssh-ed25519"});
  EXPECT_TRUE(kh->key_types("10.9.9.9").empty());
}

TEST_F(KnownHostsTest, OtherKeyTypeOnlyIsOther) {
  std::string ed_pub, ec_pub;
  key("ed25519", &ed_pub);
  ssh_key ec = key("ecdsa", &ec_pub);
  auto kh = KnownHosts::of(file("other", "r2 " + ed_pub + "\n").string());
  auto c = kh->check("r2", ec);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->state, KnownHosts::State::other);
  EXPECT_NE(c->known.find("SHA256:"), std::string::npos);
}

// Debian's ssh hashes the names it records (HashKnownHosts yes): such entries are matched too.
TEST_F(KnownHostsTest, HashedAndWildcardEntries) {
  std::string a_pub, b_pub;
  ssh_key a = key("ed25519", &a_pub);
  ssh_key b = key("ed25519", &b_pub);
  const fs::path p = file("hashed", "[10.1.1.1]:830 " + a_pub + "\n*.lab.example " + b_pub + "\n");
  const std::string cmd = "ssh-keygen -q -H -f " + p.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  ASSERT_EQ(slurp(p).find("10.1.1.1"), std::string::npos) << "the name is hashed";
  auto kh = KnownHosts::of(p.string());
  EXPECT_EQ(kh->check("[10.1.1.1]:830", a)->state, KnownHosts::State::ok);
  EXPECT_EQ(kh->check("[10.1.1.1]:830", b)->state, KnownHosts::State::changed);
  EXPECT_EQ(kh->check("pe7.lab.example", b)->state, KnownHosts::State::ok);
  EXPECT_EQ(kh->check("pe7.other.example", b)->state, KnownHosts::State::not_found);
}

TEST_F(KnownHostsTest, UserFileDecidesBeforeTheGlobalOne) {
  std::string a_pub, b_pub;
  ssh_key a = key("ed25519", &a_pub);
  ssh_key b = key("ed25519", &b_pub);
  file("global_known_hosts", "r3 " + b_pub + "\nr4 " + b_pub + "\n");
  auto kh = KnownHosts::of(file("user", "r3 " + a_pub + "\n").string());
  EXPECT_EQ(kh->check("r3", a)->state, KnownHosts::State::ok);
  EXPECT_EQ(kh->check("r3", b)->state, KnownHosts::State::changed) << "the user file knows r3";
  EXPECT_EQ(kh->check("r4", b)->state, KnownHosts::State::ok) << "only the global file knows r4";
  EXPECT_EQ(kh->check("r4", a)->state, KnownHosts::State::changed);
}

// The index is shared for the life of the process; an edit behind it (ssh-keygen -R, another
// licmig) is seen at the next check.
TEST_F(KnownHostsTest, FileEditedBehindTheIndexIsReadAgain) {
  std::string a_pub, b_pub;
  ssh_key a = key("ed25519", &a_pub);
  ssh_key b = key("ed25519", &b_pub);
  const fs::path p = file("edited", "r5 " + a_pub + "\n");
  auto kh = KnownHosts::of(p.string());
  EXPECT_EQ(KnownHosts::of(p.string()).get(), kh.get()) << "one index per file";
  EXPECT_EQ(kh->check("r5", a)->state, KnownHosts::State::ok);
  // Same size, new content and mtime: a replaced key.
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  file("edited.new", "r5 " + b_pub + "\n");
  fs::rename(dir_ / "edited.new", p);
  EXPECT_EQ(kh->check("r5", a)->state, KnownHosts::State::changed);
  EXPECT_EQ(kh->check("r5", b)->state, KnownHosts::State::ok);
  fs::remove(p);
  EXPECT_EQ(kh->check("r5", b)->state, KnownHosts::State::not_found);
}

TEST_F(KnownHostsTest, UnreadableFileIsAnError) {
  if (::geteuid() == 0) {
    // root reads a mode-000 file; a folder in place of the file fails for everyone.
    fs::create_directories(dir_ / "folder");
    auto c = KnownHosts::of((dir_ / "folder").string())->check("r6", nullptr);
    ASSERT_FALSE(c);
    EXPECT_NE(c.error_message().find("folder"), std::string::npos) << c.error_message();
    return;
  }
  const fs::path p = file("unreadable", "r6 x\n");
  fs::permissions(p, fs::perms::none);
  auto c = KnownHosts::of(p.string())->check("r6", nullptr);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error_message().find("unreadable"), std::string::npos) << c.error_message();
}

}  // namespace
