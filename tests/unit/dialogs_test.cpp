// The dialog table: every wording real routers print (Unicon mock-device recordings in
// tests/fixtures/real/unicon_mock) matches the intended rule and gets the intended answer.
#include "devices/dialogs.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fixture_support.hpp"

namespace licmig::devices {
namespace {

struct Case {
  const char *line;
  const char *rule;
};

TEST(DialogsTest, RealWordingsMatchTheirRule) {
  const Case cases[] = {
      {"System configuration has been modified. Save? [yes/no]:", "save_modified"},
      {"System configuration has been modified. Save? [yes/no]: ", "save_modified"},
      {"Proceed with reload? [confirm]", "proceed_reload"},
      {"Proceed with reload? [confirm] ", "proceed_reload"},
      {"Proceed with reload?[confirm]:", "proceed_reload"},
      {"Proceed with quick reload? [confirm]", "proceed_reload"},
      {"Proceed with fast reload? [confirm]", "proceed_reload"},
      {"Do you wish to proceed with reload anyway[confirm]", "reload_anyway"},
      {"Reload the entire shelf [confirm]", "reload_shelf"},
      {"Destination filename [startup-config]? ", "destination_filename"},
      {"Destination filename [test]? ", "destination_filename"},
      {"Destination filename []? ", "destination_filename"},
      {"Source filename [test]? ", "other_filename"},
      {"Create directory filename [ctc_ssr]? ", "other_filename"},
      {"Overwrite the previous NVRAM configuration?[confirm]", "overwrite_nvram"},
      {" --More-- ", "more"},
      {"--More--", "more"},
      {"Would you like to enter the initial configuration dialog? [yes/no]: ", "initial_config_dialog"},
      {"Would you like to enter basic management setup? [yes/no]: ", "basic_management_setup"},
      {"Erasing the nvram filesystem will remove all configuration files! Continue? [confirm]", "erase"},
      {"Proceed with switchover to standby RP? [confirm]", "other_confirm"},
      {"Do you want to over write? [confirm]", "other_confirm"},
      {"Are you sure you want to do this? [yes/no]: ", "other_yes_no"},
      {"Confirm [yes/no] ", "other_yes_no"},
  };
  for (const auto &c : cases) {
    const auto *rule = match_dialog(c.line);
    ASSERT_NE(rule, nullptr) << c.line;
    EXPECT_STREQ(rule->name, c.rule) << c.line;
  }
}

TEST(DialogsTest, OrdinaryLinesAreNotDialogs) {
  for (const char *line : {"R1#", "Building configuration...", "[OK]", "Password:", "", "   ",
                           "Index 1 Feature: advancedmetroipaccess", "Save the file? maybe"}) {
    EXPECT_EQ(match_dialog(line), nullptr) << line;
  }
}

TEST(DialogsTest, TerminalControlsAreStrippedBeforeMatching) {
  EXPECT_EQ(strip_terminal_controls("\x1b[K --More-- "), " --More-- ");
  EXPECT_EQ(strip_terminal_controls("\x1b[7m--More--\x1b[27m"), "--More--");
  EXPECT_EQ(strip_terminal_controls("abc\b\b\bxyz"), "xyz");
  EXPECT_EQ(strip_terminal_controls("line\r\nnext\r\n"), "line\nnext\n");
  EXPECT_EQ(strip_terminal_controls("--More--\r        \rsecond"), "second");
  EXPECT_EQ(strip_terminal_controls("a\n\b\bb"), "a\nb");  // backspace never crosses a line
  // The erase sequences Unicon recorded after a --More-- page.
  EXPECT_EQ(strip_terminal_controls(std::string(9, '\b') + "        " + std::string(9, '\b') + "second"), "second");
}

TEST(DialogsTest, AnswersFollowThePolicy) {
  const auto *save = match_dialog("System configuration has been modified. Save? [yes/no]:");
  ASSERT_NE(save, nullptr);
  EXPECT_FALSE(answer_dialog(*save, {}).send);
  EXPECT_EQ(*answer_dialog(*save, {true, false}).send, "yes\n");
  EXPECT_EQ(*answer_dialog(*save, {false, false}).send, "no\n");
  const auto *reload = match_dialog("Proceed with reload? [confirm]");
  ASSERT_NE(reload, nullptr);
  EXPECT_FALSE(answer_dialog(*reload, {}).send) << "a reload is confirmed only when asked for";
  EXPECT_EQ(*answer_dialog(*reload, {std::nullopt, true}).send, "\n");
  EXPECT_EQ(*answer_dialog(*match_dialog("Destination filename [startup-config]?"), {}).send, "\n");
  EXPECT_EQ(*answer_dialog(*match_dialog(" --More-- "), {}).send, " ");
  EXPECT_EQ(*answer_dialog(*match_dialog("Overwrite the previous NVRAM configuration?[confirm]"), {}).send, "\n");
  EXPECT_EQ(
      *answer_dialog(*match_dialog("Would you like to enter the initial configuration dialog? [yes/no]:"), {}).send,
      "no\n");
  EXPECT_FALSE(answer_dialog(*match_dialog("Continue? [confirm]"), {true, true}).send);
}

// Issue 12: during a reload the router asked "Erase ... Overwrite the previous NVRAM configuration?
// [confirm]" and licmig confirmed it.
TEST(DialogTest, EraseAndOverwriteDuringReloadAreAnsweredNo) {
  const auto *overwrite = match_dialog("Overwrite the previous NVRAM configuration?[confirm]");
  ASSERT_NE(overwrite, nullptr);
  const auto during_reload = answer_dialog(*overwrite, {true, true});
  ASSERT_TRUE(during_reload.send);
  EXPECT_EQ(*during_reload.send, "n");
  EXPECT_TRUE(during_reload.fail);
  EXPECT_EQ(during_reload.why, "the router asks to overwrite the saved configuration during a reload (answered no)");
  EXPECT_FALSE(answer_dialog(*overwrite, {true, false}).fail) << "when saving, the overwrite is the save itself";
  for (const char *q : {"Erasing the nvram filesystem will remove all configuration files! Continue? [confirm]",
                        "Erase of nvram: complete. Erase startup-config? [confirm]"}) {
    const auto *rule = match_dialog(q);
    ASSERT_NE(rule, nullptr) << q;
    EXPECT_STREQ(rule->name, "erase") << q;
    for (const auto &policy : {DialogPolicy{}, DialogPolicy{true, true}}) {
      const auto reply = answer_dialog(*rule, policy);
      ASSERT_TRUE(reply.send);
      EXPECT_EQ(*reply.send, "n");
      EXPECT_TRUE(reply.fail);
    }
  }
}

TEST(DialogsTest, PromptPatternsKeepQuestionMarksAndBracketsLiteral) {
  const auto *rule = match_dialog("Destination filename [x]?");
  ASSERT_NE(rule, nullptr);
  EXPECT_STREQ(rule->name, "destination_filename");
  // `?` is literal: the same words with another character in its place are not this prompt.
  EXPECT_EQ(match_dialog("Destination filename [x]!"), nullptr);
  // `[` is literal: a prompt without the brackets is not the filename prompt.
  EXPECT_EQ(match_dialog("Destination filename x?"), nullptr);
}

// Every prompt recorded in the Unicon mock files that asks a question is matched by some rule, so
// none of them can leave a session hanging.
TEST(DialogsTest, EveryRecordedQuestionIsCovered) {
  const std::string dir = test::real_fixtures_dir() + "unicon_mock/";
  int checked = 0;
  for (const char *file :
       {"iosxe__iosxe_mock_data.yaml", "iosxe__iosxe_mock_data_asr.yaml", "iosxe__iosxe_mock_data_asrk_ha_reload.yaml",
        "ios__ios_mock_reload.yaml", "iosxe__iosxe_mock_copy.yaml"}) {
    std::istringstream in(test::read_text_file(dir + file));  // a missing file fails the test
    int prompts = 0;
    std::string line;
    while (std::getline(in, line)) {
      const auto at = line.find("prompt: ");
      if (at == std::string::npos) continue;
      ++prompts;
      auto value = line.substr(at + 8);
      if (value.size() < 2) continue;
      value = value.substr(1, value.size() - 2);  // the quotes
      const auto nl = value.rfind("\\n");
      if (nl != std::string::npos) value = value.substr(nl + 2);
      if (value.find("[confirm]") == std::string::npos && value.find("[yes/no]") == std::string::npos &&
          value.find("--More--") == std::string::npos && value.find("filename [") == std::string::npos) {
        continue;
      }
      if (value.find("\\x1b") != std::string::npos) continue;  // escapes as YAML text
      EXPECT_NE(match_dialog(value), nullptr) << file << ": " << value;
      ++checked;
    }
    // every recording holds prompts: an empty or truncated copy fails, naming the file
    EXPECT_GT(prompts, 0) << dir << file << " holds no prompt";
  }
  EXPECT_GT(checked, 5);
}

}  // namespace
}  // namespace licmig::devices
