// IosSession against FakeRouter (device_fakes.hpp): prompts, terminal setup, paging, enable,
// configuration mode and its errors, hostname changes, dialogs, timeouts vs refusals, dropped
// connections, and reload with proof — all in simulated time.
#include "devices/ios_session.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "device_fakes.hpp"

namespace licmig::devices {
namespace {

using testing::FakeClock;
using testing::FakeRouter;

bool has_line(const std::vector<std::string> &lines, const std::string &line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

struct SessionTest : ::testing::Test {
  FakeClock clock;
  FakeRouter router{clock};
  SessionOptions options() {
    SessionOptions o;
    o.enable_secret = router.enable_secret;
    return o;
  }
};

TEST(PromptTest, ParsesEveryMode) {
  auto p = parse_prompt("R1>");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hostname, "R1");
  EXPECT_EQ(p->mode, CliMode::user);
  p = parse_prompt("PE-920-01.lab#  ");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hostname, "PE-920-01.lab");
  EXPECT_EQ(p->mode, CliMode::privileged);
  p = parse_prompt("R1(config-call-home)#");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->mode, CliMode::config);
  EXPECT_EQ(p->submode, "config-call-home");
  EXPECT_FALSE(parse_prompt("Password:"));
  EXPECT_FALSE(parse_prompt("R1(config)>"));
  EXPECT_FALSE(parse_prompt("uptime is 3 weeks #"));
  EXPECT_FALSE(parse_prompt("#"));
  EXPECT_FALSE(parse_prompt("R1#show version"));  // an echo, not a live prompt
  EXPECT_FALSE(parse_prompt(" R1#"));
  EXPECT_FALSE(parse_prompt(" --More-- "));
}

TEST(CleanOutputTest, DropsEchoAndPrompt) {
  EXPECT_EQ(clean_output("show clock\r\n*10:00:00 UTC Mon Jan 1 2024\r\nR1#", "show clock"),
            "*10:00:00 UTC Mon Jan 1 2024\n");
  // Truncated: no prompt at the end, nothing dropped but the echo.
  EXPECT_EQ(clean_output("show clock\r\n*10:00", "show clock"), "*10:00\n");
  EXPECT_EQ(clean_output("show x\r\n", "show x"), "");
}

TEST_F(SessionTest, StartLearnsPromptAndSetsTerminal) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start()) << s.fault();
  EXPECT_EQ(s.hostname(), "R1");
  EXPECT_EQ(s.mode(), CliMode::privileged);  // enable secret given
  EXPECT_TRUE(has_line(router.lines_received, "terminal length 0"));
  EXPECT_TRUE(has_line(router.lines_received, "terminal width 511"));
  EXPECT_EQ(router.terminal_length, 0);
}

TEST_F(SessionTest, StartConfirmsThePromptWithoutWaitingForQuiet) {
  // The first prompt is confirmed by the echo of a sync marker line, not by settle time.
  IosSession s(router, clock, options());
  const auto before = clock.now();
  ASSERT_TRUE(s.start()) << s.fault();
  EXPECT_LT(clock.now() - before, options().settle);
  ASSERT_FALSE(router.lines_received.empty());
  EXPECT_EQ(router.lines_received[0].rfind(k_sync_marker_prefix, 0), 0u) << router.lines_received[0];
  EXPECT_EQ(s.hostname(), "R1");
}

TEST_F(SessionTest, RunReturnsOutputWithoutEchoOrPrompt) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("show license");
  ASSERT_TRUE(out) << out.error_message();
  EXPECT_EQ(*out, "Index 1 Feature: advancedmetroipaccess\n        Period left: Life time\n");
}

TEST_F(SessionTest, SmallChunksAndBareNewlines) {
  router.chunk_size = 3;
  router.faults.crlf = false;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("show license");
  ASSERT_TRUE(out) << out.error_message();
  EXPECT_EQ(*out, "Index 1 Feature: advancedmetroipaccess\n        Period left: Life time\n");
}

TEST_F(SessionTest, PagingIsTurnedWhenStillOn) {
  for (bool ansi : {false, true}) {
    FakeRouter r(clock);
    r.faults.ansi_more = ansi;
    auto o = options();
    o.set_terminal = false;
    IosSession s(r, clock, o);
    ASSERT_TRUE(s.start());
    auto out = s.run("show running-config");
    ASSERT_TRUE(out) << out.error_message();
    EXPECT_EQ(out->find("More"), std::string::npos) << ansi;
    EXPECT_EQ(out->find('\b'), std::string::npos);
    EXPECT_EQ(out->find('\x1b'), std::string::npos);
    EXPECT_NE(out->find("interface GigabitEthernet0/0/39\n no ip address\n!\nend\n"), std::string::npos);
    EXPECT_NE(out->find("\ninterface GigabitEthernet0/0/11\n"), std::string::npos) << *out;
    EXPECT_EQ(std::count(out->begin(), out->end(), '\n'), 6 + 40 * 3 + 1);
  }
}

TEST_F(SessionTest, EnableWithSecret) {
  SessionOptions o;  // no enable secret
  IosSession s(router, clock, o);
  ASSERT_TRUE(s.start());
  EXPECT_EQ(s.mode(), CliMode::user);
  auto st = s.enable();
  EXPECT_FALSE(st);
  EXPECT_EQ(s.fault(), ErrorKind::auth_failed);
  EXPECT_NE(st.message().find("asks for an enable secret and none was given"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("% Bad secrets"), std::string::npos) << st.message();
}

TEST_F(SessionTest, WrongEnableSecretIsAuthFailure) {
  auto o = options();
  o.enable_secret = "wrong";
  IosSession s(router, clock, o);
  auto st = s.start();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.kind(), ErrorKind::auth_failed);
  EXPECT_EQ(s.fault(), ErrorKind::auth_failed);
  EXPECT_EQ(st.message(), "enable: the router refused the enable secret (% Bad secrets)");
  EXPECT_EQ(s.mode(), CliMode::user);
}

TEST_F(SessionTest, ConfigModeEnterAndLeave) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  ASSERT_TRUE(s.enter_config());
  EXPECT_EQ(s.mode(), CliMode::config);
  auto out = s.config("interface GigabitEthernet0/0/1");
  ASSERT_TRUE(out);
  EXPECT_EQ(s.prompt().submode, "config-if");
  ASSERT_TRUE(s.leave_config());
  EXPECT_EQ(s.mode(), CliMode::privileged);
  EXPECT_TRUE(s.configure({"license boot level advancedmetroipaccess", "description x"}));
  EXPECT_EQ(s.mode(), CliMode::privileged);
  EXPECT_TRUE(router.modified);
}

TEST_F(SessionTest, PercentLinesAfterConfigCommandsAreErrors) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  struct Case {
    std::string line, error;
  } cases[] = {
      {"licence boot level x",
       "'licence boot level x': % Invalid input detected at '^' marker. (at 'licence boot level x')"},
      {"license boot", "'license boot': % Incomplete command."},
      {"l", "'l': % Ambiguous command:  \"l\""},
      {"license boot level metroaccess",
       "'license boot level metroaccess': % use 'write' command to make license boot config take effect on next boot"},
  };
  for (const auto &c : cases) {
    auto st = s.configure({"description ok", c.line, "description never"});
    ASSERT_FALSE(st) << c.line;
    EXPECT_EQ(st.message(), c.error);
    EXPECT_EQ(s.mode(), CliMode::privileged) << "left configuration mode after the error";
    EXPECT_FALSE(has_line(router.lines_received, "description never"));
  }
}

TEST_F(SessionTest, SyntaxErrorOnExecCommand) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("show bogus");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error_message(), "'show bogus': % Invalid input detected at '^' marker. (at 'bogus')");
  out = s.run("show");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error_message(), "'show': % Incomplete command.");
}

TEST_F(SessionTest, SurvivesHostnameChange) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  ASSERT_TRUE(s.configure({"hostname PE-NEW_2"}));
  EXPECT_EQ(s.hostname(), "PE-NEW_2");
  EXPECT_EQ(s.mode(), CliMode::privileged);
  auto out = s.run("show license");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->substr(0, 6), "Index ");
}

TEST_F(SessionTest, DestinationFilenameDialogAcceptsDefault) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("copy running-config startup-config");
  ASSERT_TRUE(out) << out.error_message();
  EXPECT_TRUE(router.saved);
  EXPECT_NE(out->find("[OK]"), std::string::npos);
}

TEST_F(SessionTest, UnknownQuestionIsAbortedNotAnswered) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("clear counters");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error_message(),
            "'clear counters': unexpected question from the router: 'Clear \"show interface\" counters on all "
            "interfaces [confirm]' (aborted)");
  EXPECT_NE(router.typed.find('\x03'), std::string::npos);
  // The session is usable afterwards.
  auto again = s.run("show license");
  ASSERT_TRUE(again) << again.error_message();
}

TEST_F(SessionTest, EraseQuestionIsAnsweredNo) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("erase nvram:");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.status().kind(), ErrorKind::failed);
  EXPECT_EQ(out.error_message(),
            "'erase nvram:': the router asks to erase configuration (answered no): 'Erasing the nvram filesystem will "
            "remove all configuration files! Continue? [confirm]'");
  EXPECT_EQ(router.typed.find('\x03'), std::string::npos);
  EXPECT_NE(router.typed.find("erase nvram:\nn"), std::string::npos) << router.typed;
  // The session is usable afterwards.
  auto again = s.run("show license");
  ASSERT_TRUE(again) << again.error_message();
}

TEST_F(SessionTest, CommandTimeoutIsTimedOut) {
  router.faults.silent_command = true;
  auto o = options();
  o.command_timeout = base::Millis(5000);
  IosSession s(router, clock, o);
  ASSERT_TRUE(s.start());
  auto out = s.run("show hang");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.status().kind(), ErrorKind::timed_out);
  EXPECT_EQ(s.fault(), ErrorKind::timed_out);
  EXPECT_EQ(out.error_message(), "'show hang': no prompt from fake:22 within 5 s (last line: 'working...')");
}

TEST_F(SessionTest, RefusedIsDistinctFromTimedOut) {
  router.open_faults = {ErrorKind::refused};
  IosSession s(router, clock, options());
  auto st = s.start();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.kind(), ErrorKind::refused);
  EXPECT_EQ(s.fault(), ErrorKind::refused);
  router.open_faults = {ErrorKind::timed_out};
  st = s.start();
  EXPECT_EQ(st.kind(), ErrorKind::timed_out);
  EXPECT_EQ(s.fault(), ErrorKind::timed_out);
  router.open_faults = {ErrorKind::auth_failed};
  st = s.start();
  EXPECT_EQ(s.fault(), ErrorKind::auth_failed);
  router.open_faults = {ErrorKind::host_key_unknown};
  st = s.start();
  EXPECT_EQ(s.fault(), ErrorKind::host_key_unknown);
  EXPECT_TRUE(s.start());
}

// Regression (issue 10): refused, authentication failed and unknown/changed host key were folded
// into one kind "refused", so a caller had to search the message for "host key".
TEST_F(SessionTest, EveryTransportErrorKindArrivesUnchanged) {
  const ErrorKind kinds[] = {ErrorKind::refused,          ErrorKind::timed_out,   ErrorKind::unreachable,
                             ErrorKind::closed,           ErrorKind::auth_failed, ErrorKind::host_key_unknown,
                             ErrorKind::host_key_changed, ErrorKind::protocol};
  for (auto kind : kinds) {
    router.open_faults = {kind};
    IosSession s(router, clock, options());
    auto st = s.start();
    ASSERT_FALSE(st) << kind;
    EXPECT_EQ(st.kind(), kind);
    EXPECT_EQ(s.fault(), kind);
  }
}

// Regression (issue 10): the session's list of error lines lacked "%Error", so a command answered
// with "%Error opening ..." was taken as output by run() and `licmig show`.
TEST(SyntaxError, PercentErrorLineCounts) {
  EXPECT_EQ(syntax_error("%Error opening bootflash:x (No such file or directory)\n"),
            "%Error opening bootflash:x (No such file or directory)");
  EXPECT_EQ(syntax_error("% Unrecognized command\n"), "% Unrecognized command");
  EXPECT_EQ(syntax_error("%SYS-5-CONFIG_I: Configured from console\n"), std::nullopt);
}

TEST_F(SessionTest, PercentErrorIsIosError) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("show nonsense");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.status().kind(), ErrorKind::ios_error) << out.error_message();
  EXPECT_TRUE(out.status().is_ios_error());
}

TEST_F(SessionTest, DroppedConnectionMidCommand) {
  router.faults.drop_after_commands = 3;  // terminal length, terminal width, enable, then this one
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("show running-config");
  ASSERT_FALSE(out);
  EXPECT_EQ(s.fault(), ErrorKind::closed);
  EXPECT_EQ(out.status().kind(), ErrorKind::closed);
  EXPECT_EQ(out.error_message(), "'show running-config': the connection to fake:22 was closed");
  auto next = s.run("show license");
  ASSERT_FALSE(next);
  EXPECT_EQ(s.fault(), ErrorKind::closed);
  // the next command names the cause too, not a bare "not connected"
  EXPECT_EQ(next.error_message(), "'show license': the connection to fake:22 was closed");
}

// --- synchronisation and bounds (issue 12) -------------------------------------------------------

// A router printing its own prompt inside output, with the read ending right after it, used to end
// the command there: the rest went to the next command, and every later command was one behind.
TEST_F(SessionTest, PromptInsideOutputDoesNotEndTheCommand) {
  router.outputs["show inventory"] = "Cisco IOS XE Software\nR1#\x01\nuptime is 1 day\nR1#\x01";
  router.outputs["show clock"] = "*10:00:00 UTC Mon Jan 1 2024\n";
  for (std::size_t chunk : {std::size_t{0}, std::size_t{1}, std::size_t{5}}) {
    router.chunk_size = chunk;
    IosSession s(router, clock, options());
    ASSERT_TRUE(s.start());
    for (int round = 0; round < 3; ++round) {
      auto v = s.run("show inventory");
      ASSERT_TRUE(v) << v.error_message();
      EXPECT_EQ(*v, "Cisco IOS XE Software\nR1#\nuptime is 1 day\nR1#\n") << chunk;
      auto c = s.run("show clock");
      ASSERT_TRUE(c) << c.error_message();
      EXPECT_EQ(*c, "*10:00:00 UTC Mon Jan 1 2024\n") << chunk;
      auto l = s.run("show license");
      ASSERT_TRUE(l) << l.error_message();
      EXPECT_EQ(*l, "Index 1 Feature: advancedmetroipaccess\n        Period left: Life time\n");
    }
    s.close();
  }
}

TEST_F(SessionTest, OtherHostnamePromptInsideOutputIsOutput) {
  router.outputs["show logging"] = "line 1\nR2(config)#\x01\nline 2\n";
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("show logging");
  ASSERT_TRUE(out) << out.error_message();
  EXPECT_EQ(*out, "line 1\nR2(config)#\nline 2\n");
  EXPECT_EQ(s.hostname(), "R1");
  EXPECT_EQ(s.mode(), CliMode::privileged);
}

TEST_F(SessionTest, HostnameChangeIsFollowedWithoutQuietTime) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  const auto before = clock.now();
  ASSERT_TRUE(s.configure({"hostname PE-2"}));
  EXPECT_EQ(s.hostname(), "PE-2");
  EXPECT_LT(clock.now() - before, options().settle);
}

TEST_F(SessionTest, RouterRejectingTheMarkerCommentStaysInSync) {
  router.faults.reject_comments = true;
  IosSession s(router, clock, options());
  auto st = s.start();
  ASSERT_TRUE(st) << st.message();
  auto out = s.run("show license");
  ASSERT_TRUE(out) << out.error_message();
  EXPECT_EQ(*out, "Index 1 Feature: advancedmetroipaccess\n        Period left: Life time\n");
}

TEST_F(SessionTest, TextAfterTheSyncMarkerIsLostSynchronisation) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  router.faults.chatter_after_comment = true;
  auto out = s.run("show license");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.status().kind(), ErrorKind::protocol);
  EXPECT_EQ(out.error_message(),
            "'show license': lost synchronisation with the router: after the sync marker it printed 'Building "
            "configuration...'; the session was closed");
  EXPECT_FALSE(router.is_open());
}

TEST_F(SessionTest, OutputBeyondTheCapFailsAndClosesTheSession) {
  router.outputs["show big"] = std::string(3000, 'y') + "\n" + std::string(1 << 20, 'z') + "\n";
  router.chunk_size = 16384;
  auto o = options();
  o.max_output = 512 * 1024;
  IosSession s(router, clock, o);
  ASSERT_TRUE(s.start());
  auto out = s.run("show big");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.status().kind(), ErrorKind::protocol);
  EXPECT_EQ(out.error_message(),
            "'show big': the router's output exceeds the limit of 524288 bytes (--max-output); the session was closed");
  EXPECT_FALSE(router.is_open());
  auto next = s.run("show license");
  ASSERT_FALSE(next);
  EXPECT_EQ(next.status().kind(), ErrorKind::closed);
}

TEST_F(SessionTest, LongOutputWithoutNewlinesIsReadWhole) {
  // 4 MiB on one line in 16 KiB reads: each read looks at the new bytes and a 4 KiB window only.
  router.outputs["show flat"] = std::string(4 << 20, 'x') + "\n";
  router.chunk_size = 16384;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("show flat");
  ASSERT_TRUE(out) << out.error_message();
  EXPECT_EQ(out->size(), (std::size_t{4} << 20) + 1);
}

TEST_F(SessionTest, ErrorMessagesQuoteAtMost200CharactersOfRouterText) {
  router.outputs["show long error"] = "% Invalid input " + std::string(100000, 'e') + "\n";
  router.faults.silent_command = true;
  auto o = options();
  o.command_timeout = base::Millis(2000);
  IosSession s(router, clock, o);
  ASSERT_TRUE(s.start());
  auto out = s.run("show long error");
  ASSERT_FALSE(out);
  EXPECT_LT(out.error_message().size(), 300u) << out.error_message();
  EXPECT_NE(out.error_message().find("more bytes)"), std::string::npos) << out.error_message();
  router.outputs["show hang"] = "";
  auto hang = s.run("show hang");
  ASSERT_FALSE(hang);
  EXPECT_EQ(hang.status().kind(), ErrorKind::timed_out);
}

TEST_F(SessionTest, ControlCharactersInErrorsAreEscaped) {
  router.outputs["show ctl"] =
      "% Invalid input \x1b]0;t\x07\xc2\x9b"
      "2J\n";
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto out = s.run("show ctl");
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error_message().find('\x1b'), std::string::npos);
  EXPECT_EQ(out.error_message().find("\xc2\x9b"), std::string::npos);
  EXPECT_NE(out.error_message().find("\\u009b2J"), std::string::npos) << out.error_message();
}

// --- reload ------------------------------------------------------------------------------------

ReloadOptions fast_reload() {
  ReloadOptions o;
  o.save = true;
  o.timeout = base::Millis(900000);
  o.drop_timeout = base::Millis(30000);
  o.prompt_grace = base::Millis(3000);
  return o;
}

TEST_F(SessionTest, OverwriteQuestionDuringReloadIsAnsweredNoAndFails) {
  router.faults.overwrite_on_reload = true;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto proof = s.reload(fast_reload());
  ASSERT_FALSE(proof);
  EXPECT_EQ(proof.status().kind(), ErrorKind::failed);
  EXPECT_EQ(proof.error_message(),
            "reload: the router asks to overwrite the saved configuration during a reload (answered no): 'Overwrite "
            "the previous NVRAM configuration?[confirm]'");
  EXPECT_EQ(router.reloads, 0);
  EXPECT_FALSE(s.reload_confirmed());
  EXPECT_NE(router.typed.find("reload\nn"), std::string::npos);
}

TEST_F(SessionTest, ReloadWithProof) {
  router.boot_time = base::Millis(120000);
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  ASSERT_TRUE(s.configure({"license boot level advancedmetroipaccess"}));
  const auto before = clock.now();
  auto proof = s.reload(fast_reload());
  ASSERT_TRUE(proof) << proof.error_message();
  EXPECT_TRUE(router.saved);
  EXPECT_TRUE(has_line(router.lines_received, "yes"));
  EXPECT_EQ(router.reloads, 1);
  EXPECT_EQ(proof->last_reload_reason, "Reload Command");
  EXPECT_EQ(proof->uptime_seconds, 0);
  // Noticed within a second of the port opening again.
  EXPECT_GE(proof->elapsed, base::Millis(120000));
  EXPECT_LT(clock.now() - before, base::Millis(120000 + 1000 + 500));
  EXPECT_EQ(s.mode(), CliMode::privileged);
  auto out = s.run("show license");
  EXPECT_TRUE(out);
}

TEST_F(SessionTest, ReloadSaveAnswerNo) {
  router.boot_time = base::Millis(1000);
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  ASSERT_TRUE(s.configure({"description x"}));
  auto o = fast_reload();
  o.save = false;
  auto proof = s.reload(o);
  ASSERT_TRUE(proof) << proof.error_message();
  EXPECT_FALSE(router.saved);
  EXPECT_TRUE(has_line(router.lines_received, "no"));
}

TEST_F(SessionTest, ReloadWithoutSaveDecisionIsAborted) {
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  ASSERT_TRUE(s.configure({"description x"}));
  auto o = fast_reload();
  o.save.reset();
  auto proof = s.reload(o);
  ASSERT_FALSE(proof);
  EXPECT_EQ(proof.error_message(),
            "reload: the router asks whether to save the configuration and no answer was given: 'System configuration "
            "has been modified. Save? [yes/no]:' (aborted)");
  EXPECT_EQ(router.reloads, 0);
}

TEST_F(SessionTest, ReloadThatNeverReturnsHitsTheDeadline) {
  router.faults.never_return = true;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto o = fast_reload();
  o.timeout = base::Millis(300000);
  auto proof = s.reload(o);
  ASSERT_FALSE(proof);
  EXPECT_EQ(proof.status().kind(), ErrorKind::timed_out);
  EXPECT_EQ(s.fault(), ErrorKind::timed_out);
  EXPECT_NE(proof.error_message().find("reload: fake:22 did not come back within 300 s ("), std::string::npos)
      << proof.error_message();
  EXPECT_NE(proof.error_message().find("last: connection refused by fake:22"), std::string::npos);
}

TEST_F(SessionTest, ReloadRefusedByTheRouter) {
  router.faults.refuse_reload = true;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto proof = s.reload(fast_reload());
  ASSERT_FALSE(proof);
  EXPECT_EQ(proof.error_message(),
            "reload did not happen: the router confirmed the reload but the session stayed open for 3 s");
}

TEST_F(SessionTest, ReloadWhoseSessionNeverDrops) {
  router.faults.reload_keeps_session = true;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto proof = s.reload(fast_reload());
  ASSERT_FALSE(proof);
  EXPECT_EQ(proof.error_message(), "reload did not happen: the session did not drop within 30 s of the confirmation");
}

TEST_F(SessionTest, ReloadWithoutUptimeResetIsNotAReload) {
  router.faults.fake_reload = true;
  router.boot_time = base::Millis(5000);
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto proof = s.reload(fast_reload());
  ASSERT_FALSE(proof);
  // (the seconds since the command depend on the reconnect poll interval and login time)
  EXPECT_NE(
      proof.error_message().find("reload did not happen: uptime '400 days, 0 hours, 0 minutes' is not below the "),
      std::string::npos)
      << proof.error_message();
  EXPECT_NE(proof.error_message().find(" s since the reload command"), std::string::npos) << proof.error_message();
}

TEST_F(SessionTest, ReloadWithOtherReasonIsNotAReload) {
  router.faults.wrong_reload_reason = true;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto proof = s.reload(fast_reload());
  ASSERT_FALSE(proof);
  EXPECT_EQ(proof.error_message(), "reload did not happen: the last reload reason is 'PowerOn', not a reload");
}

TEST_F(SessionTest, AuthFailureAfterReload) {
  router.faults.auth_fail_after_reload = true;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto proof = s.reload(fast_reload());
  ASSERT_FALSE(proof);
  EXPECT_EQ(s.fault(), ErrorKind::auth_failed);
  EXPECT_EQ(proof.error_message(), "after the reload: authentication failed for admin@fake:22");
}

TEST_F(SessionTest, HostKeyChangedAfterReloadIsRefused) {
  router.faults.host_key_changed_after_reload = true;
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  auto proof = s.reload(fast_reload());
  ASSERT_FALSE(proof);
  EXPECT_EQ(s.fault(), ErrorKind::host_key_changed);
  EXPECT_EQ(proof.status().kind(), ErrorKind::host_key_changed);
}

TEST_F(SessionTest, ReloadRetriesWhileSshIsNotReady) {
  router.boot_time = base::Millis(10000);
  IosSession s(router, clock, options());
  ASSERT_TRUE(s.start());
  // The port opens but the first two SSH attempts fail as a booting router's do.
  router.open_faults = {ErrorKind::closed, ErrorKind::timed_out};
  auto proof = s.reload(fast_reload());
  ASSERT_TRUE(proof) << proof.error_message();
  EXPECT_GE(proof->connect_attempts, 3);
}

}  // namespace
}  // namespace licmig::devices
