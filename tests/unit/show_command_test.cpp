// `licmig show`: only read-only commands, refused before any connection is made.
#include <gtest/gtest.h>

#include <sstream>
#include <vector>

#include "cli/cli.hpp"
#include "cli/commands.hpp"

namespace licmig::cli {
namespace {

TEST(ShowCommandTest, ReadOnlyCommandsAreAllowed) {
  for (const char *cmd : {"show license", "sh ver", "show running-config | include license", "dir bootflash:",
                          "verify /md5 bootflash:asr920.bin", "SHOW VERSION", "show logging | begin SMART"}) {
    EXPECT_EQ(read_only_refusal(cmd), "") << cmd;
  }
}

TEST(ShowCommandTest, EverythingElseIsRefused) {
  struct Case {
    const char *command, *why;
  } cases[] = {
      {"reload", "only show, dir and verify commands are allowed"},
      {"configure terminal", "only show, dir and verify commands are allowed"},
      {"s", "only show, dir and verify commands are allowed"},
      {"write memory", "only show, dir and verify commands are allowed"},
      {"ver", "only show, dir and verify commands are allowed"},
      {"", "it is empty"},
      {"show tech | redirect bootflash:tech.txt", "output redirection writes files"},
      {"show run | tee bootflash:x", "output redirection writes files"},
      {"show run | append bootflash:x", "output redirection writes files"},
      {"show clock\nreload", "it contains a control character or line break"},
  };
  for (const auto &c : cases) EXPECT_EQ(read_only_refusal(c.command), c.why) << c.command;
}

TEST(ShowCommandTest, RefusedBeforeReadingTheInventory) {
  std::vector<std::string> args = {"licmig", "show",         "-i",    "/nonexistent/inventory.yaml",
                                   "--",     "show version", "reload"};
  std::vector<char *> argv;
  for (auto &a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  const int code = run(static_cast<int>(argv.size()), argv.data(), out, err);
  EXPECT_EQ(code, exit_usage);
  EXPECT_EQ(
      err.str(),
      "licmig: error: refusing 'reload': only show, dir and verify commands are allowed (licmig show is read-only)\n");
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace licmig::cli
