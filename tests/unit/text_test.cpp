#include <gtest/gtest.h>

#include "snapshot/text.hpp"

namespace licmig::snapshot {
namespace {

std::vector<std::string> texts(const std::vector<Line> &lines) {
  std::vector<std::string> out;
  for (const auto &l : lines) out.push_back(l.text);
  return out;
}

TEST(CleanLines, StripsCarriageReturnsAndTrailingSpace) {
  auto lines = clean_lines("a  \r\nb\r\r\n  c\t \r\n");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"a", "b", "  c"}));
  EXPECT_EQ(lines[2].number, 3U);
}

TEST(CleanLines, DropsEchoedCommandWithPromptAndTrailingPrompt) {
  auto lines = clean_lines("PE-1#show license\nIndex 1 Feature: x\nPE-1#");
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].text, "Index 1 Feature: x");
  EXPECT_EQ(lines[0].number, 2U);
}

TEST(CleanLines, DropsBareCommandEcho) {
  EXPECT_EQ(texts(clean_lines("show version\nCisco IOS XE Software, Version 17.06.01\n")),
            (std::vector<std::string>{"Cisco IOS XE Software, Version 17.06.01"}));
}

TEST(CleanLines, KeepsFirstLineThatIsNotAnEcho) {
  EXPECT_EQ(texts(clean_lines("Smart Licensing is ENABLED\n")),
            (std::vector<std::string>{"Smart Licensing is ENABLED"}));
}

TEST(CleanLines, DropsLoadAndTimeSourceHeaders) {
  auto lines = clean_lines(
      "Load for five secs: 2%/0%; one minute: 3%; five minutes: 3%\nTime source is NTP, 10:01:02.345 UTC Mon Jan 3 "
      "2022\n\nx");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(lines[1].number, 4U);
}

TEST(CleanLines, RemovesPagingLeftovers) {
  auto lines = clean_lines(" --More-- \b\b\b\b\b\b\b\b\b\b        \b\b\b\b\b\b\b\b\b\bLicense Type: Permanent\n");
  EXPECT_EQ(texts(lines), (std::vector<std::string>{"License Type: Permanent"}));
  lines = clean_lines("a\n --More--         License State: Active\n");
  EXPECT_EQ(texts(lines)[1], "License State: Active");
}

TEST(CleanLines, EmptyAndNewlineOnly) {
  EXPECT_TRUE(clean_lines("").empty());
  EXPECT_TRUE(clean_lines("\n\n\r\n").empty());
}

TEST(Text, ValueAfter) {
  EXPECT_EQ(value_after("  License Type: Permanent ", "License Type"), "Permanent");
  EXPECT_EQ(value_after("License Name                : x", "License Name"), "x");
  EXPECT_EQ(value_after("License Type:", "License Type"), "");
  EXPECT_FALSE(value_after("License Typo: x", "License Type"));
  EXPECT_FALSE(value_after("License Type x", "License Type"));
}

TEST(Text, PromptLines) {
  std::string host;
  EXPECT_TRUE(is_prompt_line("Router#", &host));
  EXPECT_EQ(host, "Router");
  EXPECT_TRUE(is_prompt_line("PE1(config-call-home)#", &host));
  EXPECT_EQ(host, "PE1");
  EXPECT_TRUE(is_prompt_line("R1>enable"));
  EXPECT_FALSE(is_prompt_line("Index 1 Feature: x"));
  EXPECT_FALSE(is_prompt_line("#"));
  EXPECT_FALSE(is_prompt_line("R1(config"));
}

TEST(Text, ParsePromptLine) {
  auto p = parse_prompt_line("R1(config-if)#interface Gi0/0/1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->hostname, "R1");
  EXPECT_EQ(p->submode, "config-if");
  EXPECT_TRUE(p->privileged);
  EXPECT_EQ(p->command, "interface Gi0/0/1");
  p = parse_prompt_line("  PE-920-01.lab>  ");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->privileged);
  EXPECT_EQ(p->command, "");
  EXPECT_FALSE(parse_prompt_line(std::string(65, 'r') + "#"));
}

// Regression (issue 10): the snapshot cleaner and the live session each had a prompt grammar. The
// cleaner's also took `%` in a hostname, any parenthesised text and "(config)>", which no IOS
// prints; now both use the session's stricter one.
TEST(Text, PromptGrammarWasLooserThanTheSessions) {
  EXPECT_FALSE(is_prompt_line("R1(config)>"));
  EXPECT_FALSE(is_prompt_line("R%1#"));
  EXPECT_FALSE(is_prompt_line("Gi0/0/1(up)#"));
  EXPECT_TRUE(is_prompt_line("R1(config)#"));
}

// Regression (issue 10): two lists of IOS error lines with different members — the cleaner's lacked
// "% Unrecognized command", the session's lacked "%Error"/"% Error". One list now has all.
TEST(Text, IosErrorLinesAreOneList) {
  for (const char *line : {"% Invalid input detected at '^' marker.", "% Incomplete command.",
                           "% Ambiguous command:  \"sh l\"", "% Unknown command or computer name",
                           "% Unrecognized command", "%Error opening bootflash:x (No such file or directory)",
                           "% Error: license is not available", "   % Invalid input"}) {
    EXPECT_TRUE(is_ios_error_line(line)) << line;
    EXPECT_EQ(ios_error(clean_lines(line)), "IOS error: " + base::trim(line)) << line;
  }
  EXPECT_FALSE(is_ios_error_line("%SYS-5-CONFIG_I: Configured from console by admin"));
  EXPECT_FALSE(is_ios_error_line("License Level: advancedmetroipaccess"));
  EXPECT_TRUE(is_syslog_line("%SYS-5-CONFIG_I: Configured from console by admin"));
  EXPECT_FALSE(is_syslog_line("%Error opening bootflash:x"));
}

TEST(Text, Helpers) {
  EXPECT_EQ(base::squeeze("  a   b\t c  "), "a b c");
  EXPECT_EQ(base::trim(" \t x \r\n"), "x");
  EXPECT_TRUE(base::iequals("ABC", "abc"));
  EXPECT_EQ(base::to_int("42"), 42);
  EXPECT_EQ(base::to_int(" -7 "), -7);
  EXPECT_FALSE(base::to_int("4x"));
  EXPECT_FALSE(base::to_int(""));
  EXPECT_FALSE(base::to_int("99999999999999999999999"));
}

}  // namespace
}  // namespace licmig::snapshot
