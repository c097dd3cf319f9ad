// The simulated IOS CLI: modes and prompts, enable, abbreviations, IOS errors with the caret,
// pipes, paging, dialogs (save, reload, copy), call-home sub-modes, exec channel.
#include "unit/sim_test_support.hpp"

using namespace simtest;

namespace {

RouterSpec with_secret() {
  auto s = asr920("17.6.1");
  s.credentials.enable_secret = "s3cret";
  return s;
}

}  // namespace

TEST(SimCli, PromptsAndEnable) {
  Bench b(with_secret());
  auto s = b.router->open_shell(b.now);
  EXPECT_EQ(s->start(), "\r\nPE1>");
  auto out = send(*s, b, "enable");
  EXPECT_EQ(out, "Password: ");
  EXPECT_TRUE(s->echo_off());
  EXPECT_EQ(send(*s, b, "wrong"), "Password: ");
  EXPECT_EQ(send(*s, b, "s3cret"), "PE1#");
  EXPECT_FALSE(s->echo_off());
  out = send(*s, b, "conf t");
  EXPECT_EQ(out, "Enter configuration commands, one per line.  End with CNTL/Z.\r\nPE1(config)#");
  EXPECT_EQ(send(*s, b, "call-home"), "PE1(config-call-home)#");
  EXPECT_EQ(send(*s, b, "profile \"CiscoTAC-1\""), "PE1(cfg-call-home-profile)#");
  EXPECT_EQ(send(*s, b, "exit"), "PE1(config-call-home)#");
  EXPECT_EQ(send(*s, b, "end"), "PE1#");
  EXPECT_EQ(send(*s, b, "disable"), "PE1>");
  auto r = s->input("exit\r", b.now);
  EXPECT_TRUE(r.close);
  EXPECT_TRUE(s->closed());
}

TEST(SimCli, ShowPrivilege) {  // Ansible's cisco.ios terminal plugin asks it after `enable`
  Bench b(with_secret());
  auto s = b.router->open_shell(b.now);
  s->start();
  EXPECT_EQ(send(*s, b, "show privilege"), "Current privilege level is 1\r\nPE1>");
  send(*s, b, "enable");
  EXPECT_EQ(send(*s, b, "s3cret"), "PE1#");
  EXPECT_EQ(send(*s, b, "show privilege"), "Current privilege level is 15\r\nPE1#");
}

TEST(SimCli, BadEnableSecretThreeTimes) {
  Bench b(with_secret());
  auto s = b.router->open_shell(b.now);
  send(*s, b, "enable");
  send(*s, b, "a");
  send(*s, b, "b");
  EXPECT_EQ(send(*s, b, "c"), "% Bad secrets\r\n\r\nPE1>");
}

TEST(SimCli, UserModeRejectsPrivilegedCommands) {
  Bench b(with_secret());
  auto s = b.router->open_shell(b.now);
  auto out = send(*s, b, "show running-config");
  EXPECT_EQ(out, std::string(4 + 5, ' ') + "^\r\n% Invalid input detected at '^' marker.\r\n\r\nPE1>");
}

TEST(SimCli, ErrorsAndAbbreviations) {
  Bench b(asr920("17.6.1"));
  auto s = b.router->open_shell(b.now);
  send(*s, b, "term len 0");
  EXPECT_NE(send(*s, b, "sh ver").find("Cisco IOS XE Software, Version 17.06.01"), std::string::npos);
  EXPECT_EQ(send(*s, b, "sh l"), "% Ambiguous command:  \"sh l\"\r\nPE1#");
  EXPECT_EQ(send(*s, b, "show"), "% Incomplete command.\r\n\r\nPE1#");
  // "PE1#show verson": the caret sits under the 'v' of the bad word.
  EXPECT_EQ(send(*s, b, "show verson"),
            std::string(4 + 5, ' ') + "^\r\n% Invalid input detected at '^' marker.\r\n\r\nPE1#");
  EXPECT_EQ(send(*s, b, "show license summary"),
            std::string(4 + 13, ' ') + "^\r\n% Invalid input detected at '^' marker.\r\n\r\nPE1#");
  EXPECT_EQ(send(*s, b, "wr"), "Building configuration...\r\n[OK]\r\nPE1#");
  EXPECT_EQ(send(*s, b, ""), "PE1#");
}

TEST(SimCli, ExecChannelErrorEchoesTheLine) {
  Bench b(asr920("17.6.1"));
  EXPECT_EQ(b.exec("show verson"), "show verson\r\n     ^\r\n% Invalid input detected at '^' marker.\r\n\r\n");
}

TEST(SimCli, Pipes) {
  Bench b(asr920("17.7.1", "no-license"));
  // Case-sensitive, as IOS: "Next reload license Level" does not contain "License".
  auto out = b.exec("show version | include License");
  EXPECT_NE(out.find("License Level: metroaccess\r\nLicense Type: No License Mode\r\n"), std::string::npos) << out;
  EXPECT_EQ(out.find("Next reload"), std::string::npos);
  EXPECT_EQ(out.find("Configuration register"), std::string::npos);
  EXPECT_EQ(b.exec("sh ver | i Lic"), b.exec("show version | include Lic"));
  EXPECT_EQ(b.exec("show version | include Level"),
            "License Level: metroaccess\r\nNext reload license Level: metroaccess\r\n");
  EXPECT_EQ(b.exec("show running-config | include ^hostname|^license boot"), "hostname PE1\r\n");
  auto ex = b.exec("show version | exclude License");
  EXPECT_EQ(ex.find("License Level"), std::string::npos);
  EXPECT_NE(ex.find("Configuration register"), std::string::npos);
  auto beg = b.exec("show version | begin License Level");
  EXPECT_EQ(beg.rfind("License Level: metroaccess\r\n", 0), 0u);
  auto sec = b.exec("show running-config | section call-home");
  EXPECT_NE(sec.find("\r\ncall-home\r\n"), std::string::npos) << sec;
  EXPECT_EQ(sec.find("hostname"), std::string::npos);
  EXPECT_NE(sec.find("  destination transport-method http"), std::string::npos);
  EXPECT_NE(b.exec("show version | frobnicate x").find("% Invalid input"), std::string::npos);
}

TEST(SimCli, PagingWithMore) {
  Bench b(asr920("17.6.1"));
  auto s = b.router->open_shell(b.now);
  auto out = send(*s, b, "show version");
  EXPECT_EQ(out.size() - out.rfind(" --More-- "), std::string(" --More-- ").size());
  std::size_t lines = 0;
  for (char c : out) lines += c == '\n';
  EXPECT_EQ(lines, 23u);
  auto next = s->input("\r", b.now).text;  // one more line
  EXPECT_NE(next.find(" --More-- "), std::string::npos);
  next = s->input(" ", b.now).text;  // next page
  EXPECT_NE(next.find(" --More-- "), std::string::npos);
  next = s->input("q", b.now).text;  // stop
  EXPECT_EQ(next.substr(next.size() - 4), "PE1#");
  send(*s, b, "terminal length 0");
  out = send(*s, b, "show version");
  EXPECT_EQ(out.find("--More--"), std::string::npos);
  EXPECT_NE(out.find("Configuration register is 0x2102\r\nPE1#"), std::string::npos);
}

// `! Last configuration change at` is the time of the last change, not a time relative to now.
TEST(SimCli, LastConfigurationChangeIsStable) {
  Bench b(asr920("17.6.1"));
  auto change_line = [&] {
    auto out = b.exec("show running-config | include Last configuration change");
    return out.substr(0, out.find('\n'));
  };
  const auto first = change_line();
  ASSERT_NE(first.find("Last configuration change at"), std::string::npos) << first;
  b.advance(std::chrono::seconds(5));
  EXPECT_EQ(change_line(), first);
  auto s = b.router->open_shell(b.now);
  send(*s, b, "configure terminal");
  send(*s, b, "license boot level metroipaccess");
  send(*s, b, "end");
  b.advance(std::chrono::seconds(5));
  EXPECT_NE(change_line(), first);
}

TEST(SimCli, IgnoreTerminalLengthFaultKeepsPaging) {
  auto spec = asr920("17.6.1");
  spec.faults.ignore_terminal_length = true;
  Bench b(spec);
  auto s = b.router->open_shell(b.now);
  send(*s, b, "terminal length 0");
  auto out = send(*s, b, "show version");
  EXPECT_NE(out.find(" --More-- "), std::string::npos) << out;
}

TEST(SimCli, CopyRunStartDialog) {
  Bench b(asr920("17.6.1"));
  auto s = b.router->open_shell(b.now);
  send(*s, b, "conf t");
  send(*s, b, "license boot level metroipaccess");
  send(*s, b, "end");
  EXPECT_EQ(send(*s, b, "copy running-config startup-config"), "Destination filename [startup-config]? ");
  EXPECT_EQ(send(*s, b, ""), "Building configuration...\r\n[OK]\r\nPE1#");
  auto start = parse("show startup-config", b.exec("show startup-config"));
  EXPECT_EQ(str(start, "boot_level"), "metroipaccess");
}

TEST(SimCli, ReloadDialogSaveYes) {
  auto spec = asr920("17.6.1");
  spec.pak_licenses = {pak("metroipaccess")};
  Bench b(spec);
  auto s = b.router->open_shell(b.now);
  send(*s, b, "conf t");
  send(*s, b, "lic boot lev metroip");
  send(*s, b, "end");
  EXPECT_EQ(send(*s, b, "reload"), "System configuration has been modified. Save? [yes/no]: ");
  EXPECT_EQ(send(*s, b, "maybe"),
            "% Please answer 'yes' or 'no'.\r\nSystem configuration has been modified. Save? [yes/no]: ");
  EXPECT_EQ(send(*s, b, "yes"), "Building configuration...\r\n[OK]\r\nProceed with reload? [confirm]");
  EXPECT_TRUE(s->input("\r", b.now).close);
  ASSERT_TRUE(b.wait_up());
  EXPECT_EQ(b.router->license_level(), "metroipaccess");
}

TEST(SimCli, ReloadConfirmDeclined) {
  Bench b(asr920("17.6.1"));
  auto s = b.router->open_shell(b.now);
  EXPECT_EQ(send(*s, b, "reload"), "Proceed with reload? [confirm]");
  EXPECT_EQ(send(*s, b, "n"), "PE1#");
  EXPECT_EQ(b.router->reload_count(), 0u);
}

TEST(SimCli, CallHomeConfiguration) {
  Bench b(asr920("17.6.1", "smart"));
  auto s = b.router->open_shell(b.now);
  for (const char *line :
       {"configure terminal", "service call-home", "call-home", "profile \"SAT-1\"",
        "destination transport-method http",
        "destination address http https://sat.example.net/Transportgateway/services/DeviceRequestHandler", "active",
        "end"}) {
    send(*s, b, line);
  }
  auto ch = parse("show call-home profile all", b.exec("show call-home profile all"));
  ASSERT_EQ(ch["profiles"].size(), 2u);
  EXPECT_EQ(ch["profiles"][1]["name"], "SAT-1");
  EXPECT_EQ(ch["profiles"][1]["http_destinations"][0],
            "https://sat.example.net/Transportgateway/services/DeviceRequestHandler");
  EXPECT_NE(b.router->logging_text().find("%SYS-5-CONFIG_I"), std::string::npos);
}

TEST(SimCli, BootSystemAndBootvar) {
  Bench b(asr920("16.9.4"));
  auto s = b.router->open_shell(b.now);
  send(*s, b, "conf t");
  send(*s, b, "no boot system");
  send(*s, b, "boot system flash:" + image_for("17.9.4"));
  send(*s, b, "do show bootvar");
  send(*s, b, "end");
  auto bv = parse("show bootvar", b.exec("show bootvar"));
  ASSERT_EQ(bv["boot_images"].size(), 1u);
  EXPECT_EQ(bv["boot_images"][0], "flash:" + image_for("17.9.4"));
}

TEST(SimCli, VerifyMd5AndDir) {
  Bench b(asr920("17.6.1"));
  auto out = b.exec("verify /md5 bootflash:" + image_for("17.9.4"));
  EXPECT_NE(out.find("Done!\r\nverify /md5 (bootflash:" + image_for("17.9.4") + ") = 0123456789abcdef0123456789abcdef"),
            std::string::npos)
      << out;
  EXPECT_NE(
      b.exec("verify /md5 bootflash:" + image_for("17.9.4") + " 0123456789abcdef0123456789abcdef").find("Verified"),
      std::string::npos);
  EXPECT_NE(b.exec("verify /md5 bootflash:nope.bin").find("%Error opening bootflash:nope.bin"), std::string::npos);
  auto dir = parse("dir bootflash:", b.exec("dir bootflash:"));
  bool found = false;
  for (const auto &f : dir["files"]) found = found || f["name"] == image_for("17.9.4");
  EXPECT_TRUE(found);
}

TEST(SimCli, SeveralLinesInOneInput) {
  Bench b(asr920("17.6.1"));
  auto s = b.router->open_shell(b.now);
  auto out = s->input("terminal length 0\r\nshow clock\r\n", b.now).text;
  EXPECT_NE(out.find("UTC Tue Mar 12 2024\r\nPE1#"), std::string::npos) << out;
  // A line split over two inputs.
  EXPECT_EQ(s->input("sh", b.now).text, "");
  EXPECT_NE(s->input("ow clock\r", b.now).text.find("UTC"), std::string::npos);
}

TEST(SimCli, TrickleFaultSendsTheOutputInTimedPieces) {
  auto spec = asr920("17.6.1");
  auto plain = [&] {
    Bench b(spec);
    auto s = b.router->open_shell(b.now);
    s->input("terminal length 0\r", b.now);
    return s->input("show version\r", b.now);
  }();
  spec.faults.trickle = {"show version"};
  spec.faults.trickle_chunk_bytes = 7;
  spec.faults.trickle_interval_ms = 30;
  Bench b(spec);
  auto s = b.router->open_shell(b.now);
  s->input("terminal length 0\r", b.now);
  auto r = s->input("show version\r", b.now);
  ASSERT_GT(r.later.size(), 100u);
  EXPECT_TRUE(plain.later.empty());
  std::string whole = r.text;
  for (const auto &piece : r.later) {
    EXPECT_EQ(piece.after.count(), 30);
    EXPECT_LE(piece.text.size(), 7u);
    whole += piece.text;
  }
  EXPECT_EQ(whole, plain.text);                                 // the same bytes, the prompt last
  EXPECT_EQ(s->input("show clock\r", b.now).later.size(), 0u);  // other commands are not slowed
}
