// SshRoute: ProxyJump specs, shell word splitting, and the ssh options of Ansible's
// ansible_ssh_common_args / ansible_ssh_extra_args — what licmig honours, and the exact refusals.
#include "devices/ssh_route.hpp"

#include "devices/ssh_config.hpp"
#include "fixture_support.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace licmig::devices {
namespace {

namespace fs = std::filesystem;

JumpHost jump(std::string user, std::string host, int port) {
  JumpHost j;
  j.user = std::move(user);
  j.host = std::move(host);
  j.port = port;
  return j;
}

TEST(JumpSpec, UserHostPortAndChains) {
  auto one = parse_jump_spec("bastion");
  ASSERT_TRUE(one) << one.status().message();
  EXPECT_EQ(one.value(), (std::vector<JumpHost>{jump("", "bastion", 22)}));
  auto chain = parse_jump_spec("ops@b1.example.net:2222,ssh://root@10.0.0.1,[2001:db8::1]:22022");
  ASSERT_TRUE(chain) << chain.status().message();
  EXPECT_EQ(chain.value(), (std::vector<JumpHost>{jump("ops", "b1.example.net", 2222), jump("root", "10.0.0.1", 22),
                                                  jump("", "2001:db8::1", 22022)}));
  EXPECT_EQ(chain.value()[0].to_string(), "ops@b1.example.net:2222");
  EXPECT_EQ(chain.value()[1].to_string(), "root@10.0.0.1");
  EXPECT_EQ(chain.value()[2].to_string(), "[2001:db8::1]:22022");
  auto none = parse_jump_spec("none");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none.value().empty());
}

TEST(JumpSpec, Malformed) {
  EXPECT_EQ(parse_jump_spec("b1:99999").status().message(),
            "jump host 'b1:99999': bad port '99999' (expected [user@]host[:port])");
  EXPECT_EQ(parse_jump_spec("b1,").status().message(), "jump host '': no host name (expected [user@]host[:port])");
  EXPECT_EQ(parse_jump_spec("@b1").status().message(),
            "jump host '@b1': empty user name (expected [user@]host[:port])");
  EXPECT_EQ(parse_jump_spec("2001:db8::1").status().message(),
            "jump host '2001:db8::1': an IPv6 address needs [brackets] (expected [user@]host[:port])");
  EXPECT_EQ(parse_jump_spec("b1:").status().kind(), ErrorKind::invalid_input);
}

TEST(ShellWords, QuotesAndBackslashes) {
  auto w = split_shell_words(R"( -o 'ProxyCommand=ssh -W %h:%p b1'  -o "ProxyJump=a\"b" x\ y )");
  ASSERT_TRUE(w);
  EXPECT_EQ(w.value(), (std::vector<std::string>{"-o", "ProxyCommand=ssh -W %h:%p b1", "-o", "ProxyJump=a\"b", "x y"}));
  EXPECT_EQ(split_shell_words("-o 'x").status().message(), "unterminated ' quote");
  EXPECT_TRUE(split_shell_words("   ").value().empty());
}

TEST(SshArgs, ProxyJumpFromEveryForm) {
  for (const char *text :
       {"-J ops@b1:2222,b2", "-Jops@b1:2222,b2", "-o ProxyJump=ops@b1:2222,b2", "-oProxyJump=ops@b1:2222,b2",
        "-o 'ProxyJump ops@b1:2222,b2'", "-o ControlMaster=auto -o ControlPersist=60s -o proxyjump=ops@b1:2222,b2"}) {
    SshRoute route;
    auto st = add_ssh_args(route, "ansible_ssh_common_args", text);
    ASSERT_TRUE(st) << text << ": " << st.message();
    EXPECT_EQ(route.jumps, (std::vector<JumpHost>{jump("ops", "b1", 2222), jump("", "b2", 22)})) << text;
    EXPECT_FALSE(route.proxy_command);
    EXPECT_FALSE(route.direct());
  }
}

TEST(SshArgs, ProxyCommand) {
  SshRoute route;
  ASSERT_TRUE(add_ssh_args(route, "ansible_ssh_common_args", R"(-o ProxyCommand="ssh -W %h:%p -q b1")"));
  ASSERT_TRUE(route.proxy_command);
  EXPECT_EQ(*route.proxy_command, "ssh -W %h:%p -q b1");
  EXPECT_TRUE(route.jumps.empty());
  // the same again (common and extra args) is fine; a different one is not
  EXPECT_TRUE(add_ssh_args(route, "ansible_ssh_extra_args", R"(-o "ProxyCommand=ssh -W %h:%p -q b1")"));
  EXPECT_EQ(add_ssh_args(route, "ansible_ssh_extra_args", "-o 'ProxyCommand=nc %h %p'").message(),
            "ansible_ssh_extra_args: -o ProxyCommand=nc %h %p: ProxyCommand is set twice, to different values");
}

TEST(SshArgs, NothingGivenIsDirect) {
  SshRoute route;
  ASSERT_TRUE(add_ssh_args(route, "ansible_ssh_common_args", ""));
  ASSERT_TRUE(add_ssh_args(route, "ansible_ssh_common_args", "-o ProxyJump=none -o ProxyCommand=none"));
  EXPECT_TRUE(route.direct());
}

TEST(SshArgs, RefusesWhatLicmigDoesNotHonour) {
  auto refusal = [](const char *text) {
    SshRoute route;
    return add_ssh_args(route, "ansible_ssh_common_args", text).message();
  };
  EXPECT_EQ(refusal("-o ForwardAgent=yes"),
            "ansible_ssh_common_args: option '-o ForwardAgent=yes' is not supported by licmig (it honours -J, -o "
            "ProxyJump=, -o ProxyCommand=)");
  EXPECT_EQ(refusal("-o StrictHostKeyChecking=no"),
            "ansible_ssh_common_args: option '-o StrictHostKeyChecking=no' is not supported by licmig (it honours -J, "
            "-o ProxyJump=, -o ProxyCommand=; licmig checks host keys against --known-hosts, and records new ones "
            "only with --accept-new-host-keys)");
  EXPECT_EQ(refusal("-o IdentityFile=~/.ssh/k"),
            "ansible_ssh_common_args: option '-o IdentityFile=~/.ssh/k' is not supported by licmig (it honours -J, "
            "-o ProxyJump=, -o ProxyCommand=; set ansible_ssh_private_key_file instead)");
  EXPECT_EQ(refusal("-4 -J b1"),
            "ansible_ssh_common_args: option '-4' is not supported by licmig (it honours -J, -o ProxyJump=, -o "
            "ProxyCommand=)");
  EXPECT_EQ(refusal("-J"), "ansible_ssh_common_args: option '-J' needs a value");
  EXPECT_EQ(refusal("-o ProxyJump="), "ansible_ssh_common_args: option '-o ProxyJump=' has no value");
  EXPECT_EQ(refusal("-J b1:0"),
            "ansible_ssh_common_args: -J b1:0: jump host 'b1:0': bad port '0' (expected [user@]host[:port])");
  EXPECT_EQ(refusal("-J b1 -o ProxyCommand=nc\\ %h\\ %p"),
            "ansible_ssh_common_args: -o ProxyCommand=nc %h %p: ProxyJump and ProxyCommand are both set; licmig uses "
            "one");
  EXPECT_EQ(refusal("-J b1 -J b2"), "ansible_ssh_common_args: -J b2: ProxyJump is set twice, to different values");
  EXPECT_EQ(refusal("-o 'ProxyCommand=x"), "ansible_ssh_common_args: unterminated ' quote");
}

TEST(Keys, HomeExpansionAndDefaultIdentities) {
  std::string tmpl_path = test::temp_template("licmig-home");
  char *tmpl = tmpl_path.data();
  const fs::path home = ::mkdtemp(tmpl);
  const char *old = std::getenv("HOME");
  const std::string saved = old ? old : "";
  ::setenv("HOME", home.c_str(), 1);
  EXPECT_EQ(expand_home("~/.ssh/id_x"), home.string() + "/.ssh/id_x");
  EXPECT_EQ(expand_home("~"), home.string());
  EXPECT_EQ(expand_home("/k/~/x"), "/k/~/x");
  EXPECT_EQ(expand_home("~other/x"), "~other/x");
  EXPECT_TRUE(default_identities().empty());
  fs::create_directories(home / ".ssh");
  std::ofstream(home / ".ssh" / "id_rsa") << "k";
  std::ofstream(home / ".ssh" / "id_ed25519") << "k";
  EXPECT_EQ(default_identities(),
            (std::vector<std::string>{(home / ".ssh/id_ed25519").string(), (home / ".ssh/id_rsa").string()}));
  if (old) {
    ::setenv("HOME", saved.c_str(), 1);
  } else {
    ::unsetenv("HOME");
  }
  fs::remove_all(home);
}

TEST(SshConfigFile, HostBlocksFirstValueWins) {
  const std::string text =
      "# a comment\n"
      "User everyone\n"
      "Host bastion\n"
      "  HostName 192.0.2.1\n"
      "  Port 2222\n"
      "  User ops\n"
      "  IdentityFile ~/.ssh/bastion\n"
      "Host r-* !r-9\n"
      "  HostName %h.mgmt.example.net\n"
      "  ProxyJump bastion\n"
      "  ServerAliveInterval 30\n"
      "Host R-1 other\n"
      "  Port=2022\n"
      "  ProxyCommand nc %h %p\n"
      "  IdentityFile \"/keys/r1\"\n"
      "Host *\n"
      "  User late\n"
      "  IdentityFile /keys/all\n";
  auto config = SshConfig::parse(text, "cfg");
  ASSERT_TRUE(config) << config.status().message();
  auto r1 = config->lookup("r-1");
  ASSERT_TRUE(r1) << r1.status().message();
  EXPECT_EQ(*r1->hostname, "r-1.mgmt.example.net");
  EXPECT_EQ(*r1->user, "everyone");  // before any Host: applies to all, and came first
  EXPECT_EQ(*r1->port, 2022);
  ASSERT_TRUE(r1->proxy_jump);
  EXPECT_EQ(*r1->proxy_jump, (std::vector<JumpHost>{jump("", "bastion", 22)}));
  EXPECT_FALSE(r1->proxy_command);  // ProxyJump came first
  EXPECT_EQ(r1->identity_files, (std::vector<std::string>{"/keys/r1", "/keys/all"}));
  auto r9 = config->lookup("r-9");
  ASSERT_TRUE(r9);
  EXPECT_FALSE(r9->hostname);
  EXPECT_FALSE(r9->proxy_jump);
  auto other = config->lookup("OTHER");
  ASSERT_TRUE(other);
  EXPECT_EQ(*other->proxy_command, "nc %h %p");
  auto none = config->lookup("unlisted");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->port);
  EXPECT_EQ(none->identity_files, (std::vector<std::string>{"/keys/all"}));
}

TEST(SshConfigFile, RefusesWhatLicmigDoesNotHonour) {
  auto config = SshConfig::parse("Host r1\n  ForwardAgent yes\nHost r2\n  Port 22\n", "cfg");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->lookup("r1").status().message(),
            "cfg:2 (Host r1): ForwardAgent is not supported by licmig (it honours HostName, User, Port, IdentityFile, "
            "ProxyJump and ProxyCommand)");
  EXPECT_TRUE(config->lookup("r2"));  // the block that does not match says nothing about r2
  auto match = SshConfig::parse("Host r1\n  Port 22\nMatch exec \"true\"\n  Port 23\n", "cfg");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->lookup("r1").status().message(),
            "cfg:3: Match is not supported by licmig (it reads Host blocks only)");
  EXPECT_EQ(SshConfig::parse("Host r1\n  Port 99999\n", "cfg").status().message(), "cfg:2: Port: bad port '99999'");
  EXPECT_EQ(SshConfig::parse("Host r1\n  HostName\n", "cfg").status().message(), "cfg:2: HostName has no value");
  EXPECT_EQ(SshConfig::parse("Host r1\n  ProxyJump a,\n", "cfg").status().message(),
            "cfg:2: ProxyJump: jump host '': no host name (expected [user@]host[:port])");
  EXPECT_EQ(SshConfig::load("/nonexistent/licmig/ssh_config").status().kind(), ErrorKind::not_found);
}

TEST(SshConfigFile, HostPatternsIgnoreCaseAndKnowQuestionMarks) {
  const auto cfg = SshConfig::parse("Host r?-*.NET\n  User a\nHost r?\n  User b\nHost *\n  User c\n", "cfg");
  ASSERT_TRUE(cfg.is_ok()) << cfg.status().message();
  EXPECT_EQ(cfg->lookup("r1-core.example.net")->user, "a");
  EXPECT_EQ(cfg->lookup("r1")->user, "b");
  EXPECT_EQ(cfg->lookup("r10")->user, "c");  // `?` is exactly one character
  EXPECT_EQ(cfg->lookup("example.com")->user, "c");
}

}  // namespace
}  // namespace licmig::devices
