#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "snapshot/parser_registry.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {
namespace {

std::string command_of(const char *typed) {
  auto r = find_parser(typed);
  return r ? r.value()->command : "ERROR: " + r.error_message();
}

// Regression (issue 10): the planner's copy of the snapshot command list lacked `show license udi`.
// One list now; every command on it but the log filter has a parser.
TEST(ParserRegistry, SnapshotCommandsAreOneListWithParsers) {
  const auto &commands = snapshot_commands();
  EXPECT_EQ(commands.front(), "show version");
  EXPECT_NE(std::find(commands.begin(), commands.end(), "show license udi"), commands.end());
  EXPECT_NE(std::find(commands.begin(), commands.end(), k_smart_log_command), commands.end());
  EXPECT_EQ(std::set<std::string>(commands.begin(), commands.end()).size(), commands.size());
  for (const auto &c : commands) {
    if (c == k_smart_log_command) continue;
    auto p = find_parser(c);
    ASSERT_TRUE(p) << c;
    EXPECT_EQ(p.value()->command, c == "show startup-config" ? "show running-config" : c);
  }
}

TEST(ParserRegistry, FindsCanonicalAndAbbreviatedCommands) {
  EXPECT_EQ(command_of("show version"), "show version");
  EXPECT_EQ(command_of("sh ver"), "show version");
  EXPECT_EQ(command_of("SHOW   VERSION"), "show version");
  EXPECT_EQ(command_of("sh lic sum"), "show license summary");
  EXPECT_EQ(command_of("show license"), "show license");
  EXPECT_EQ(command_of("sh lic"), "show license");  // exact word count picks the 2-word command
  EXPECT_EQ(command_of("show platform software sl-infra pak-info"), "show platform software sl-infra pak-info");
  EXPECT_EQ(command_of("sh plat soft sl pak"), "show platform software sl-infra pak-info");
  EXPECT_EQ(command_of("show running-config | include license boot level"), "show running-config");
  EXPECT_EQ(command_of("sh run | i boot"), "show running-config");
  EXPECT_EQ(command_of("show startup-config"), "show running-config");
  EXPECT_EQ(command_of("show redundancy states"), "show redundancy states");
  EXPECT_EQ(command_of("show boot"), "show bootvar");
  EXPECT_EQ(command_of("dir bootflash:"), "dir bootflash:");
  EXPECT_EQ(command_of("show call-home profile all"), "show call-home profile all");
}

TEST(ParserRegistry, AmbiguousAndUnknownCommandsAreErrors) {
  auto r = find_parser("show license s");  // summary or status
  ASSERT_FALSE(r);
  EXPECT_NE(r.error_message().find("ambiguous command 'show license s'"), std::string::npos) << r.error_message();
  r = find_parser("show interfaces");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error_message().find("no parser for command 'show interfaces'"), std::string::npos);
  r = find_parser("   ");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error_message(), "empty command");
}

TEST(ParserRegistry, EveryEntryHasAUniqueName) {
  std::set<std::string> names;
  for (const auto &e : parser_table()) {
    EXPECT_TRUE(names.insert(e.name).second) << e.name;
    EXPECT_EQ(find_parser_by_name(e.name), &e);
  }
  EXPECT_EQ(find_parser_by_name("nope"), nullptr);
}

TEST(ParserRegistry, NoParserThrowsOrAcceptsGarbage) {
  const std::string garbage[] = {"", "\n\n", "% Invalid input detected at '^' marker.\n", std::string(1000, 'x'),
                                 std::string("\0\xff\x01", 3)};
  for (const auto &e : parser_table()) {
    for (const auto &g : garbage) {
      // An empty `show running-config | include X` answer is real output: nothing configured.
      if (e.name == "show_running_config" && base::trim(g).empty()) continue;
      auto p = e.to_json(g);
      EXPECT_FALSE(p.recognised()) << e.command << " accepted garbage of size " << g.size();
    }
  }
}

TEST(ParserRegistry, MergeKeepsFieldsThePartDoesNotHave) {
  SmartLicensing base;
  base.registration_status = "REGISTERED";
  UsageEntry entry;
  entry.license = "x";
  entry.entitlement_tag = "tag";
  entry.count = "1";
  entry.status = "IN USE";
  base.usage.push_back(entry);
  SmartLicensing part;
  part.authorization_status = "AUTHORIZED";
  merge_into(base, part);
  EXPECT_EQ(base.registration_status, "REGISTERED");
  EXPECT_EQ(base.authorization_status, "AUTHORIZED");
  EXPECT_EQ(base.usage.size(), 1U);
}

TEST(ParserRegistry, DerivesLicenseMode) {
  Snapshot s;
  s.version.license_type = "Smart License";
  derive_license_fields(s);
  EXPECT_EQ(s.license_mode, LicenseMode::smart);
  s.version.license_type = "No License Mode";
  derive_license_fields(s);
  EXPECT_EQ(s.license_mode, LicenseMode::no_license);
  s.version.license_type = "Permanent";
  s.running_config.boot_level = "advancedmetroipaccess";
  derive_license_fields(s);
  EXPECT_EQ(s.license_mode, LicenseMode::traditional);
  EXPECT_EQ(s.configured_boot_level, "advancedmetroipaccess");
  EXPECT_EQ(s.license_type, "Permanent");
}

}  // namespace
}  // namespace licmig::snapshot
