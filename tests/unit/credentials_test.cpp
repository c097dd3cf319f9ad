// Credentials: sources and their order, the credentials file and its mode check.
#include "devices/credentials.hpp"
#include "fixture_support.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace licmig::devices {
namespace {

namespace fs = std::filesystem;

struct CredentialsTest : ::testing::Test {
  fs::path dir;
  std::map<std::string, std::string> env;
  void SetUp() override {
    std::string tmpl_path = test::temp_template("licmig-cred");
    char *tmpl = tmpl_path.data();
    dir = ::mkdtemp(tmpl);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const std::string &name, const std::string &text, unsigned mode) {
    const auto p = (dir / name).string();
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
    return p;
  }
  CredentialSources sources() {
    CredentialSources s;
    s.getenv = [this](const char *name) -> const char * {
      auto it = env.find(name);
      return it == env.end() ? nullptr : it->second.c_str();
    };
    s.local_user = [this]() { return local_user; };
    return s;
  }
  std::optional<std::string> local_user;  // what the local user lookup answers
};

TEST_F(CredentialsTest, EnvironmentOnly) {
  env = {{"LICMIG_USER", "ops"}, {"LICMIG_PASSWORD", "pw"}, {"LICMIG_ENABLE_SECRET", "en"}};
  auto c = resolve_credentials(sources(), "r1");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "ops");
  EXPECT_EQ(*c->password, "pw");
  EXPECT_EQ(*c->enable_secret, "en");
  EXPECT_EQ(c->secrets(), (std::vector<std::string>{"pw", "en"}));
}

TEST_F(CredentialsTest, InventoryBeatsAskedBeatsFileBeatsEnvironment) {
  env = {{"LICMIG_USER", "envuser"}, {"LICMIG_PASSWORD", "envpw"}, {"LICMIG_ENABLE_SECRET", "envsecret"}};
  CredentialsFile file;
  file.username = "fileuser";
  file.password = "filepw";
  auto s = sources();
  s.file = &file;
  auto c = resolve_credentials(s, "r1");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "fileuser");
  EXPECT_EQ(*c->password, "filepw");
  EXPECT_EQ(*c->enable_secret, "envsecret");
  s.asked_password = "typed";
  EXPECT_EQ(*resolve_credentials(s, "r1")->password, "typed");
  s.host_vars = {{"ansible_user", "invuser"},
                 {"ansible_password", "invpw"},
                 {"ansible_become_password", "invsecret"},
                 {"ansible_ssh_private_key_file", "/k/id"}};
  c = resolve_credentials(s, "r1");
  EXPECT_EQ(c->username, "invuser");
  EXPECT_EQ(*c->password, "invpw");
  EXPECT_EQ(*c->enable_secret, "invsecret");
  EXPECT_EQ(c->key_files, std::vector<std::string>{"/k/id"});
}

TEST_F(CredentialsTest, NoUserFallsBackToTheLocalUser) {
  local_user = "alice";
  auto c = resolve_credentials(sources(), "pe1");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "alice");
  env["LICMIG_USER"] = "ops";  // any configured name comes first
  EXPECT_EQ(resolve_credentials(sources(), "pe1")->username, "ops");
  EXPECT_TRUE(local_user_name().has_value());  // the real lookup, for the user running the test
}

TEST_F(CredentialsTest, SshConfigUserAfterEveryOtherSourceBeforeTheLocalUser) {
  local_user = "alice";
  auto s = sources();
  s.ssh_config_user = "cfguser";
  s.ssh_config_keys = {"/keys/from-config"};
  s.host_vars = {{"ansible_ssh_private_key_file", "/keys/inventory"}};
  auto c = resolve_credentials(s, "pe1");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->username, "cfguser");
  EXPECT_EQ(c->key_files, (std::vector<std::string>{"/keys/inventory", "/keys/from-config"}));
  env["LICMIG_USER"] = "ops";  // as remote_user in Ansible: passed to ssh, it beats ssh's User
  s = sources();
  s.ssh_config_user = "cfguser";
  EXPECT_EQ(resolve_credentials(s, "pe1")->username, "ops");
}

TEST_F(CredentialsTest, NoUserAnywhereIsAnError) {
  auto c = resolve_credentials(sources(), "pe1");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error_message(),
            "pe1: no user name: set ansible_user in the inventory, LICMIG_USER, or username in the credentials file "
            "(the local user's name is unknown)");
}

TEST_F(CredentialsTest, FileWithModeOtherThan0600IsRefused) {
  const auto p = write("creds.yaml", "username: ops\npassword: pw\n", 0644);
  auto f = load_credentials_file(p);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.status().kind(), ErrorKind::invalid_input);
  EXPECT_EQ(f.error_message(),
            p + ": credentials file has mode 0644; it must be readable by its owner only (chmod 600 " + p + ")");
  ::chmod(p.c_str(), 0640);
  EXPECT_FALSE(load_credentials_file(p));
  ::chmod(p.c_str(), 0600);
  f = load_credentials_file(p);
  ASSERT_TRUE(f) << f.error_message();
  EXPECT_EQ(*f->username, "ops");
  EXPECT_EQ(*f->password, "pw");
}

TEST_F(CredentialsTest, FileKeysAndErrors) {
  auto p = write("a.yaml", "username: ops\nenable_secret: en\nkey_file: [/a, /b]\n", 0600);
  auto f = load_credentials_file(p);
  ASSERT_TRUE(f) << f.error_message();
  EXPECT_EQ(*f->enable_secret, "en");
  EXPECT_EQ(f->key_files, (std::vector<std::string>{"/a", "/b"}));
  p = write("b.yaml", "username: ops\npasword: pw\n", 0600);
  f = load_credentials_file(p);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error_message(), p + ":2: unknown key 'pasword' (known: username, password, enable_secret, key_file)");
  p = write("c.yaml", "username: [ops\n", 0600);
  f = load_credentials_file(p);
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error_message().rfind(p + ":", 0), 0U) << f.error_message();
  f = load_credentials_file((dir / "missing.yaml").string());
  ASSERT_FALSE(f);
  EXPECT_EQ(f.status().kind(), ErrorKind::not_found);
}

}  // namespace
}  // namespace licmig::devices
