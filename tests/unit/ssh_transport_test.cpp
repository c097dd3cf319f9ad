// SshTransport against a real OpenSSH sshd — a server we did not write. The test starts
// /usr/sbin/sshd (openssh_server.hpp: as whoever runs the test, root or not) on a free loopback port
// with its own configuration, host keys and authorized_keys, running tests/fixtures/ssh/ios_shell.sh
// as ForceCommand (a small IOS-like shell); licmig logs in as the current user, by key and by
// password (the password's hash reaches sshd through nss_wrapper; nothing on the machine changes).
// Without sshd installed the tests skip, and fail under CI (scripts/setup installs openssh-server).
#include "devices/ssh_transport.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/cli.hpp"
#include "devices/ios_session.hpp"
#include "fixture_support.hpp"
#include "openssh_server.hpp"
#include "snapshot/parsers.hpp"

#include <nlohmann/json.hpp>

namespace licmig::devices {
namespace {

namespace fs = std::filesystem;

const std::string kPassword = "Test-Pa55";
const std::string kIosShell = std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/ssh/ios_shell.sh";

std::string slurp(const fs::path &p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sh(const std::string &command) {
  std::string out;
  FILE *p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// SHA256 fingerprint of a public key file, as ssh-keygen prints it.
std::string fingerprint_of(const fs::path &pub) {
  auto line = sh("ssh-keygen -l -E sha256 -f " + pub.string());
  auto a = line.find("SHA256:");
  return line.substr(a, line.find(' ', a) - a);
}

class SshTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(test::k_sshd)) return;
    std::string tmpl = test::temp_template("licmig-sshd");
    dir_ = new fs::path(::mkdtemp(tmpl.data()));
    const auto d = dir_->string();
    sh("ssh-keygen -q -t ed25519 -N '' -f " + d + "/host_key");
    sh("ssh-keygen -q -t ed25519 -N '' -f " + d + "/other_host_key");
    sh("ssh-keygen -q -t ed25519 -N '' -f " + d + "/client_key");
    sh("ssh-keygen -q -t ed25519 -N '' -f " + d + "/stranger_key");
    fs::copy_file(d + "/client_key.pub", d + "/authorized_keys");
    test::write_user_database(*dir_, sh("openssl passwd -6 '" + kPassword + "'"));
    sshd_ = new test::Sshd(*dir_, "main", free_port(), kIosShell, "");
  }
  static void TearDownTestSuite() {
    delete sshd_;
    sshd_ = nullptr;
    if (dir_ && !::testing::UnitTest::GetInstance()->Failed()) fs::remove_all(*dir_);
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!sshd_) LICMIG_SKIP_UNLESS_CI("needs /usr/sbin/sshd (openssh-server)");
    ASSERT_TRUE(sshd_->ready()) << slurp(sshd_->log());
    known_hosts_ =
        *dir_ / (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".known_hosts");
  }

  SshOptions options(bool with_key = true) {
    SshOptions o;
    o.host = "127.0.0.1";
    o.port = sshd_->port();
    o.credentials.username = test::current_login();
    o.credentials.use_agent = false;
    if (with_key) o.credentials.key_files = {(*dir_ / "client_key").string()};
    o.known_hosts = known_hosts_.string();
    o.connect_timeout = base::Millis(5000);
    return o;
  }
  std::string host_key_entry(const std::string &pub) {
    auto key = slurp(*dir_ / pub);
    return "[127.0.0.1]:" + std::to_string(sshd_->port()) + " " + key;
  }
  void trust(const std::string &pub = "host_key.pub") { std::ofstream(known_hosts_) << host_key_entry(pub); }

  static fs::path *dir_;
  static test::Sshd *sshd_;
  fs::path known_hosts_;
};

fs::path *SshTransportTest::dir_ = nullptr;
test::Sshd *SshTransportTest::sshd_ = nullptr;

TEST_F(SshTransportTest, UnknownHostKeyIsRefused) {
  SshTransport t(options());
  auto st = t.open();
  ASSERT_FALSE(st);
  EXPECT_EQ(t.fault(), ErrorKind::host_key_unknown);
  EXPECT_EQ(st.kind(), ErrorKind::host_key_unknown);
  const auto fp = fingerprint_of(*dir_ / "host_key.pub");
  EXPECT_NE(st.message().find(fp), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("--accept-new-host-keys"), std::string::npos);
  EXPECT_FALSE(fs::exists(known_hosts_) && !slurp(known_hosts_).empty());
}

TEST_F(SshTransportTest, AcceptNewRecordsTheKey) {
  auto o = options();
  o.accept_new_host_keys = true;
  SshTransport t(o);
  ASSERT_TRUE(t.open()) << t.fault();
  EXPECT_NE(t.last_event().find("recorded new host key"), std::string::npos);
  t.close();
  const auto text = slurp(known_hosts_);
  EXPECT_EQ(text.rfind("[127.0.0.1]:" + std::to_string(sshd_->port()) + " ssh-ed25519 ", 0), 0U) << text;
  // Known now: accepted without the flag.
  SshTransport again(options());
  ASSERT_TRUE(again.open()) << again.fault();
}

TEST_F(SshTransportTest, ChangedHostKeyIsRefusedWithBothFingerprints) {
  trust("other_host_key.pub");
  for (bool accept_new : {false, true}) {
    auto o = options();
    o.accept_new_host_keys = accept_new;
    SshTransport t(o);
    auto st = t.open();
    ASSERT_FALSE(st);
    EXPECT_EQ(t.fault(), ErrorKind::host_key_changed);
    EXPECT_EQ(st.kind(), ErrorKind::host_key_changed);
    const auto known = fingerprint_of(*dir_ / "other_host_key.pub");
    const auto offered = fingerprint_of(*dir_ / "host_key.pub");
    EXPECT_NE(st.message().find("holds " + known + ", the router offers " + offered), std::string::npos)
        << st.message();
  }
  EXPECT_EQ(slurp(known_hosts_), host_key_entry("other_host_key.pub")) << "the file is left alone";
}

TEST_F(SshTransportTest, KeyAuthAndCommands) {
  trust();
  SshTransport t(options());
  IosSession s(t, base::system_clock(), SessionOptions{});
  ASSERT_TRUE(s.start()) << s.fault();
  EXPECT_EQ(s.hostname(), "R1");
  EXPECT_EQ(s.mode(), CliMode::user);
  EXPECT_NE(t.last_event().find("key file"), std::string::npos) << t.last_event();
  auto clock = s.run("show clock");
  ASSERT_TRUE(clock) << clock.error_message();
  EXPECT_EQ(*clock, "*10:00:00.000 UTC Mon Jan 1 2024\n");
  auto version = s.run("show version");
  ASSERT_TRUE(version) << version.error_message();
  auto parsed = snapshot::parse_show_version(*version);
  ASSERT_TRUE(parsed.recognised()) << parsed.reason;
  EXPECT_EQ(parsed.value.release.value_or(""), "17.6.1");
  auto bad = s.run("show bogus");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error_message().find("% Invalid input detected"), std::string::npos);
}

TEST_F(SshTransportTest, EnableOverSsh) {
  trust();
  SshTransport t(options());
  SessionOptions so;
  so.enable_secret = "S3cret";
  IosSession s(t, base::system_clock(), so);
  ASSERT_TRUE(s.start()) << s.fault();
  EXPECT_EQ(s.mode(), CliMode::privileged);
}

TEST_F(SshTransportTest, PasswordAuth) {
  trust();
  auto o = options(false);
  o.credentials.password = kPassword;
  SshTransport t(o);
  auto st = t.open();
  ASSERT_TRUE(st) << st.message() << "\n" << slurp(sshd_->log());
  EXPECT_NE(t.last_event().find("password"), std::string::npos);
  auto out = t.exec("show clock", base::Millis(5000));
  ASSERT_TRUE(out) << out.error_message();
  EXPECT_EQ(*out, "*10:00:00.000 UTC Mon Jan 1 2024\r\n");
}

TEST_F(SshTransportTest, WrongCredentialsAreAuthFailure) {
  trust();
  auto o = options(false);
  o.credentials.password = "wrong";
  o.credentials.key_files = {(*dir_ / "stranger_key").string()};
  SshTransport t(o);
  auto st = t.open();
  ASSERT_FALSE(st);
  EXPECT_EQ(t.fault(), ErrorKind::auth_failed);
  EXPECT_EQ(st.kind(), ErrorKind::auth_failed);
  EXPECT_NE(st.message().find("authentication failed for " + test::current_login() + "@127.0.0.1:"), std::string::npos)
      << st.message();
  EXPECT_NE(st.message().find("tried: publickey (" + (*dir_ / "stranger_key").string() + "), password"),
            std::string::npos)
      << st.message();
}

TEST_F(SshTransportTest, RefusedAndTimedOutAreDistinct) {
  auto o = options();
  o.port = free_port();  // nothing listens
  SshTransport refused(o);
  auto st = refused.open();
  ASSERT_FALSE(st);
  EXPECT_EQ(refused.fault(), ErrorKind::refused) << st.message();
  EXPECT_EQ(st.kind(), ErrorKind::refused);
  EXPECT_EQ(refused.probe(base::Millis(500)).kind(), ErrorKind::refused);

  // A port that accepts TCP but never speaks SSH: the banner wait times out.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &len);
  o.port = ntohs(a.sin_port);
  o.connect_timeout = base::Millis(700);
  SshTransport silent(o);
  const auto t0 = std::chrono::steady_clock::now();
  st = silent.open();
  const auto took = std::chrono::steady_clock::now() - t0;
  ::close(fd);
  ASSERT_FALSE(st);
  EXPECT_EQ(silent.fault(), ErrorKind::timed_out) << st.message();
  EXPECT_EQ(st.kind(), ErrorKind::timed_out);
  // it gives up instead of hanging (a generous bound: the test is about behaviour, not speed)
  EXPECT_LT(took, std::chrono::seconds(60));
}

TEST_F(SshTransportTest, LegacyAlgorithmsOnlyWhenAsked) {
  test::Sshd old(*dir_, "legacy", free_port(), kIosShell, "KexAlgorithms diffie-hellman-group14-sha1\n");
  ASSERT_TRUE(old.ready()) << slurp(old.log());
  auto o = options();
  o.port = old.port();
  o.accept_new_host_keys = true;
  SshTransport modern(o);
  auto st = modern.open();
  ASSERT_FALSE(st);
  EXPECT_NE(st.message().find("ssh_legacy: true"), std::string::npos) << st.message();
  // Found from our own TCP connect succeeding, not from libssh's words.
  EXPECT_EQ(st.kind(), ErrorKind::protocol) << st.message();
  o.legacy = true;
  SshTransport legacy(o);
  st = legacy.open();
  EXPECT_TRUE(st) << st.message();
}

TEST_F(SshTransportTest, DroppedConnectionIsClosed) {
  trust();
  SshTransport t(options());
  IosSession s(t, base::system_clock(), SessionOptions{});
  ASSERT_TRUE(s.start());
  auto out = s.run("exit");
  ASSERT_FALSE(out);
  EXPECT_EQ(s.fault(), ErrorKind::closed);
  EXPECT_NE(out.error_message().find("was closed"), std::string::npos) << out.error_message();
}

// `licmig show` end to end: inventory, credentials file, known_hosts, transcript without secrets.
TEST_F(SshTransportTest, LicmigShowOverSsh) {
  const auto d = *dir_;
  std::ofstream(d / "hosts.yaml") << "all:\n  hosts:\n    r1:\n      ansible_host: 127.0.0.1\n      ansible_port: "
                                  << sshd_->port() << "\n      ansible_user: " << test::current_login() << "\n";
  std::ofstream(d / "creds.yaml") << "password: " << kPassword << "\nenable_secret: S3cret\n";
  ::chmod((d / "creds.yaml").c_str(), 0600);
  const auto store = d / "store";
  std::vector<std::string> args = {"licmig",
                                   "show",
                                   "-i",
                                   (d / "hosts.yaml").string(),
                                   "--credentials-file",
                                   (d / "creds.yaml").string(),
                                   "--known-hosts",
                                   known_hosts_.string(),
                                   "--accept-new-host-keys",
                                   "--store",
                                   store.string(),
                                   "--format",
                                   "json",
                                   "--",
                                   "show clock",
                                   "show users"};
  std::vector<char *> argv;
  for (auto &a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  const int code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  ASSERT_EQ(code, 0) << err.str() << out.str();
  auto j = nlohmann::json::parse(out.str());
  ASSERT_EQ(j["hosts"].size(), 1U);
  const auto &h = j["hosts"][0];
  EXPECT_EQ(h["name"], "r1");
  EXPECT_EQ(h["ok"], true);
  EXPECT_EQ(h["commands"][0]["command"], "show clock");
  EXPECT_EQ(h["commands"][0]["output"], "*10:00:00.000 UTC Mon Jan 1 2024\n");
  const std::string transcript = h["transcript"];
  EXPECT_EQ(transcript.rfind((store / "transcripts/r1/").string(), 0), 0U) << transcript;
  struct stat st {};
  ASSERT_EQ(::stat(transcript.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777U, 0600U);
  const auto text = slurp(transcript);
  EXPECT_NE(text.find("show users"), std::string::npos) << text;
  EXPECT_EQ(text.find(kPassword), std::string::npos) << text;
  EXPECT_EQ(text.find("S3cret"), std::string::npos) << text;
  EXPECT_NE(slurp(known_hosts_).find("[127.0.0.1]:" + std::to_string(sshd_->port())), std::string::npos);
}

}  // namespace
}  // namespace licmig::devices
