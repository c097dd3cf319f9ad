// Tests of the `show running-config` / `show startup-config` parser and its `| include` /
// `| section` forms: whole ASR 920 configurations (traditional, Smart, No-License), filtered
// output, the empty `| include` answer, other commands' output, broken statements with their
// line, \r\n endings and paging.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "fixture_support.hpp"
#include "snapshot/interfaces.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

using test::fixture;
using test::real_fixture;
using test::with_crlf;

TEST(RunningConfig, WholeTraditionalConfig) {
  auto p = parse_show_running_config(fixture("show_running_config/asr920_16_9_full_traditional.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &c = p.value;
  EXPECT_EQ(c.hostname, "ASR920-PE1");
  EXPECT_EQ(c.boot_level, "advancedmetroipaccess");
  EXPECT_FALSE(c.smart_enable);
  ASSERT_EQ(c.boot_system.size(), 2u);
  EXPECT_EQ(c.boot_system[0], "bootflash:asr920-universalk9_npe.16.09.05.SPA.bin");
  EXPECT_EQ(c.boot_system[1], "bootflash:asr920-universalk9_npe.16.06.04.SPA.bin");
  EXPECT_FALSE(c.service_call_home);
  EXPECT_TRUE(c.call_home_profiles.empty());
  // the banner mentions "License boot level" and "hostname" but is not configuration
  ASSERT_EQ(c.license_lines.size(), 1u);
  EXPECT_EQ(c.license_lines[0], "license boot level advancedmetroipaccess");
}

TEST(RunningConfig, WholeSmartConfigWithCallHome) {
  auto p = parse_show_running_config(fixture("show_running_config/asr920_17_6_smart.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &c = p.value;
  EXPECT_EQ(c.hostname, "ASR920-PE2");
  EXPECT_EQ(c.boot_level, "advancedmetroipaccess");
  EXPECT_EQ(c.smart_enable, true);
  EXPECT_EQ(c.service_call_home, true);
  EXPECT_EQ(c.http_client_secure_trustpoint, "SLA-TrustPoint");
  EXPECT_EQ(c.license_smart_transport, "smart");
  EXPECT_EQ(c.license_smart_url, "https://smartreceiver.cisco.com/licservice/license");
  EXPECT_EQ(c.license_lines.size(), 5u);
  ASSERT_EQ(c.call_home_profiles.size(), 2u);
  const auto &tac = c.call_home_profiles[0];
  EXPECT_EQ(tac.name, "CiscoTAC-1");
  EXPECT_EQ(tac.status, "ACTIVE");
  EXPECT_EQ(tac.transport_method, "http");
  ASSERT_EQ(tac.http_destinations.size(), 1u);
  EXPECT_EQ(tac.http_destinations[0], "https://tools.cisco.com/its/service/oddce/services/DDCEService");
  EXPECT_TRUE(tac.email_destinations.empty());
  const auto &backup = c.call_home_profiles[1];
  EXPECT_EQ(backup.name, "backup");
  EXPECT_EQ(backup.status, "INACTIVE");
  EXPECT_EQ(backup.transport_method, "email");
  ASSERT_EQ(backup.email_destinations.size(), 1u);
  EXPECT_EQ(backup.email_destinations[0], "noc@example.net");
}

TEST(RunningConfig, NoLicenseSmartEnable) {
  auto p = parse_show_running_config(fixture("show_running_config/asr920_17_9_no_license_smart_disabled.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.smart_enable, false);
  EXPECT_EQ(p.value.service_call_home, false);
  EXPECT_EQ(p.value.boot_level, "metroipaccess");
  ASSERT_EQ(p.value.boot_system.size(), 1u);
  EXPECT_EQ(p.value.boot_system[0], "flash bootflash:asr920-universalk9_npe.17.09.04a.SPA.bin");
}

TEST(RunningConfig, StartupConfig) {
  auto p = parse_show_running_config(fixture("show_running_config/startup_config.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.hostname, "ASR920-PE1");
  EXPECT_EQ(p.value.boot_level, "advancedmetroipaccess");
}

TEST(RunningConfig, IncludeLicense) {
  auto p = parse_show_running_config(fixture("show_running_config/include_license.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.boot_level, "advancedmetroipaccess");
  EXPECT_EQ(p.value.smart_enable, true);
  EXPECT_EQ(p.value.license_smart_transport, "smart");
  EXPECT_FALSE(p.value.hostname);
}

TEST(RunningConfig, IncludeBootLevelRealSample) {
  auto p = parse_show_running_config(
      real_fixture("show_running_config_include_license_boot_level/"
                   "genielibs_iosxe-telemetry-execute-execute-show-license-boot-level-config.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.boot_level, "network-advantage addon dna-advantage");
}

TEST(RunningConfig, EmptyIncludeMeansNotConfigured) {
  for (const char *text : {"", "\n\n", "ASR920-PE3#show running-config | include license boot level\nASR920-PE3#\n"}) {
    auto p = parse_show_running_config(text);
    ASSERT_TRUE(p.recognised()) << p.reason;
    EXPECT_FALSE(p.value.boot_level);
    EXPECT_TRUE(p.value.license_lines.empty());
  }
  auto f = parse_show_running_config(fixture("show_running_config/include_license_boot_level_empty.txt"));
  ASSERT_TRUE(f.recognised()) << f.reason;
  EXPECT_FALSE(f.value.boot_level);
}

TEST(RunningConfig, GuideIncludeBoot) {
  auto p = parse_show_running_config(fixture("show_running_config/include_boot_guide.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_TRUE(p.value.boot_system.empty());
  EXPECT_FALSE(p.value.boot_level);
}

TEST(RunningConfig, SectionCallHome) {
  auto p = parse_show_running_config(fixture("show_running_config/section_call_home.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.service_call_home, true);
  ASSERT_EQ(p.value.call_home_profiles.size(), 1u);
  EXPECT_EQ(p.value.call_home_profiles[0].name, "CiscoTAC-1");
}

TEST(RunningConfig, ConfigLookingLinesWithoutFactsAreRecognised) {
  auto p = parse_show_running_config(
      "Building configuration...\n\nCurrent configuration : 120 bytes\n!\n"
      "version 17.6\n!\ninterface GigabitEthernet0\n no ip address\n!\nend\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_FALSE(p.value.hostname);
  EXPECT_TRUE(p.value.license_lines.empty());
}

TEST(RunningConfig, NotThisFormat) {
  EXPECT_EQ(parse_show_running_config("Cisco IOS XE Software, Version 17.06.01\n"
                                      "Cisco IOS Software [Bengaluru], ASR920 Software\n"
                                      "ASR920-PE2 uptime is 2 weeks\n")
                .outcome,
            ParseOutcome::not_this_format);
  // indented as a whole (as in YAML mock data) is still show version
  EXPECT_EQ(
      parse_show_running_config("\n        Cisco IOS XE Software, Version 17.06.01\n        cisco ASR-920\n").outcome,
      ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_running_config(fixture("show_license/asr920_eval_in_use.txt")).outcome,
            ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_running_config(fixture("show_bootvar/asr920_single_rsp.txt")).outcome,
            ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_running_config("my state = 13 -ACTIVE\n       peer state =  8 -STANDBY HOT\n").outcome,
            ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_running_config("R1#show running-config | include licence\n"
                                      "                                    ^\n"
                                      "% Invalid input detected at '^' marker.\n")
                .outcome,
            ParseOutcome::not_this_format);
}

TEST(RunningConfig, BootLevelWithoutLevelIsMalformed) {
  auto p = parse_show_running_config(fixture("show_running_config/MALFORMED_boot_level_without_level.txt"));
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 3u) << p.reason;
}

TEST(RunningConfig, OtherGarbledStatementsAreMalformed) {
  auto boot = parse_show_running_config("!\nhostname R1\nboot system\n");
  EXPECT_EQ(boot.outcome, ParseOutcome::malformed);
  EXPECT_EQ(boot.line, 3u);
  auto host = parse_show_running_config("Building configuration...\nhostname\n");
  EXPECT_EQ(host.outcome, ParseOutcome::malformed);
  EXPECT_EQ(host.line, 2u);
  auto profile = parse_show_running_config("call-home\n profile \"\"\n  active\n");
  EXPECT_EQ(profile.outcome, ParseOutcome::malformed);
  EXPECT_EQ(profile.line, 2u);
}

TEST(RunningConfig, CrlfAndPagingGiveTheSameResult) {
  auto text = fixture("show_running_config/asr920_17_6_smart.txt");
  auto plain = parse_show_running_config(text);
  ASSERT_TRUE(plain.recognised());
  auto crlf = parse_show_running_config(with_crlf(text));
  ASSERT_TRUE(crlf.recognised()) << crlf.reason;
  EXPECT_EQ(nlohmann::json(crlf.value), nlohmann::json(plain.value));
  auto cut = text.find("license udi");
  auto paged = parse_show_running_config(text.substr(0, cut) + " --More-- \b\b\b\b\b\b\b\b\b\b" + text.substr(cut));
  ASSERT_TRUE(paged.recognised()) << paged.reason;
  EXPECT_EQ(nlohmann::json(paged.value), nlohmann::json(plain.value));
}

TEST(RunningConfig, EveryTruncationIsHandled) {
  auto text = fixture("show_running_config/asr920_17_6_smart.txt");
  for (std::size_t n = 0; n <= text.size(); ++n) {
    auto p = parse_show_running_config(std::string_view(text).substr(0, n));
    EXPECT_TRUE(p.outcome != ParseOutcome::malformed || p.line > 0) << n;
  }
}

}  // namespace
}  // namespace licmig::snapshot

// snapshot/interfaces.hpp: the interfaces of a configuration and their admin state (issue 13 item 9:
// the planner sends `no shutdown` to the interfaces that were up before `no license smart enable`).
namespace licmig::snapshot {
namespace {

TEST(InterfacesOfConfig, SectionsInOrderWithTheirShutdown) {
  auto text = test::fixture("show_running_config/asr920_16_9_full_traditional.txt");
  text += "interface TenGigabitEthernet0/0/25\n no ip address\n shutdown\n!\n";
  auto got = interfaces_of_config(text);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].name, "GigabitEthernet0/0/0");
  EXPECT_EQ(got[1].name, "TenGigabitEthernet0/0/24");
  EXPECT_EQ(got[2].name, "GigabitEthernet0");
  EXPECT_EQ(got[3].name, "TenGigabitEthernet0/0/25");
  EXPECT_FALSE(got[0].shutdown || got[1].shutdown || got[2].shutdown);
  EXPECT_TRUE(got[3].shutdown);
  EXPECT_EQ(shutdown_interfaces(text), std::vector<std::string>{"TenGigabitEthernet0/0/25"});
  // ` shutdown` of another section (a top-level line ends the interface's section) is not the interface's
  EXPECT_TRUE(shutdown_interfaces("interface Gi0\n no ip address\n!\nrouter bgp 1\n shutdown\n").empty());
}

TEST(AdminDownInterfaces, ShowIpInterfaceBrief) {
  // real output (tests/fixtures/real/unicon_mock/iosxe__iosxe_mock_data.yaml), two rows up added
  const std::string brief =
      "Interface              IP-Address      OK? Method Status                Protocol\n"
      "GigabitEthernet0/0/0   unassigned      YES unset  administratively down down\n"
      "GigabitEthernet0/0/1   192.0.2.1       YES manual up                    up\n"
      "Te0/1/0                unassigned      YES unset  administratively down down\n"
      "GigabitEthernet0       192.0.2.10      YES NVRAM  up                    up\n";
  EXPECT_EQ(admin_down_interfaces(brief), (std::vector<std::string>{"GigabitEthernet0/0/0", "Te0/1/0"}));
  EXPECT_TRUE(admin_down_interfaces("% Invalid input detected at '^' marker.\n").empty());
  // every row, with its address and a two-word status
  const auto rows = parse_ip_interface_brief(brief);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].name, "GigabitEthernet0/0/1");
  EXPECT_EQ(rows[1].address, "192.0.2.1");
  EXPECT_EQ(rows[1].status, "up");
  EXPECT_EQ(rows[2].status, "administratively down");
  EXPECT_EQ(rows[2].protocol, "down");
  EXPECT_EQ(rows[3].address, "192.0.2.10");
}

// The management interface: by name, or in VRF Mgmt-intf (the ASR 900/920's GigabitEthernet0; any
// other interface put there too).
TEST(ManagementInterface, ByNameOrVrf) {
  for (const char *name : {"GigabitEthernet0", "gi0", "FastEthernet0", "Mgmt0", "Management1"}) {
    EXPECT_TRUE(is_management_interface(name)) << name;
  }
  for (const char *name : {"GigabitEthernet0/0/0", "TenGigabitEthernet0/0/24", "Gi0/0/1"}) {
    EXPECT_FALSE(is_management_interface(name)) << name;
  }
  const std::string config =
      "interface GigabitEthernet0/0/2\n vrf forwarding Mgmt-intf\n ip address 192.0.2.20 255.255.255.0\n!\n"
      "interface GigabitEthernet0/0/3\n vrf forwarding CUSTOMER\n!\n"
      "interface GigabitEthernet0/0/4\n ip vrf forwarding Mgmt-intf\n!\n";
  EXPECT_TRUE(is_management_interface("GigabitEthernet0/0/2", config));
  EXPECT_TRUE(is_management_interface("GigabitEthernet0/0/4", config));
  EXPECT_FALSE(is_management_interface("GigabitEthernet0/0/3", config));
  EXPECT_FALSE(is_management_interface("GigabitEthernet0/0/0", config));
  EXPECT_EQ(interfaces_of_config(config)[1].vrf, "CUSTOMER");
  // a captured ASR 920 configuration puts GigabitEthernet0 (only) in Mgmt-intf
  const auto real = test::fixture("show_running_config/asr920_16_9_full_traditional.txt");
  EXPECT_TRUE(is_management_interface("GigabitEthernet0", real));
  int in_mgmt_vrf = 0;
  for (const auto &i : interfaces_of_config(real)) in_mgmt_vrf += i.vrf == "Mgmt-intf" ? 1 : 0;
  EXPECT_EQ(in_mgmt_vrf, 1);
}

}  // namespace
}  // namespace licmig::snapshot
