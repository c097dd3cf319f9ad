// Tests of the `show bootvar` / `show boot` parser: ASR 920 / ASR 903 / ISR 4000 / Catalyst 9000
// layouts (own fixtures and unicon mock-device responses), other commands' output, broken lines
// with their number, \r\n endings and paging.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "fixture_support.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

using test::fixture;
using test::with_crlf;

using Images = std::vector<std::string>;

TEST(BootVar, Asr920SingleRsp) {
  auto p = parse_show_bootvar(fixture("show_bootvar/asr920_single_rsp.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &b = p.value;
  EXPECT_EQ(b.boot_variable, "bootflash:asr920-universalk9_npe.17.06.01.SPA.bin,12;");
  EXPECT_EQ(b.boot_images, Images{"bootflash:asr920-universalk9_npe.17.06.01.SPA.bin"});
  EXPECT_FALSE(b.config_file);  // "CONFIG_FILE variable =" with nothing after it
  EXPECT_FALSE(b.bootldr);
  EXPECT_EQ(b.config_register, "0x2102");
  EXPECT_FALSE(b.next_config_register);
  EXPECT_EQ(b.standby_ready, false);
  EXPECT_FALSE(b.standby_boot_variable);
}

TEST(BootVar, Asr903DualRspWithTwoImages) {
  auto p = parse_show_bootvar(fixture("show_bootvar/asr903_dual_rsp.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &b = p.value;
  Images both{"bootflash:asr900rsp2-universalk9_npe.17.06.01.SPA.bin",
              "bootflash:asr900rsp2-universalk9_npe.16.09.05.SPA.bin"};
  EXPECT_EQ(b.boot_images, both);
  EXPECT_EQ(b.standby_boot_images, both);
  EXPECT_EQ(b.standby_ready, true);
  EXPECT_EQ(b.standby_config_register, "0x2102");
  EXPECT_EQ(b.config_register, "0x2102");
}

TEST(BootVar, IsrNextReloadRegister) {
  auto p = parse_show_bootvar(fixture("show_bootvar/isr4331_next_register.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.config_register, "0x2102");
  EXPECT_EQ(p.value.next_config_register, "0x2142");
  EXPECT_EQ(p.value.boot_images, Images{"bootflash:isr4300-universalk9.16.09.04.SPA.bin"});
}

TEST(BootVar, BootVariableDoesNotExist) {
  auto p = parse_show_bootvar(fixture("show_bootvar/asr920_no_boot_variable.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_FALSE(p.value.boot_variable);
  EXPECT_TRUE(p.value.boot_images.empty());
  EXPECT_EQ(p.value.config_register, "0x2102");
}

TEST(BootVar, Cat9kCurrentAndNextReload) {
  auto p = parse_show_bootvar(fixture("show_bootvar/cat9k_show_boot_unicon.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  Images img{"flash:cat9k_iosxe.2019-06-21_17.21_sdcunha.SSA.bin"};
  EXPECT_EQ(p.value.boot_images, img);
  EXPECT_EQ(p.value.next_boot_images, img);
  EXPECT_FALSE(p.value.config_register);

  auto stack = parse_show_bootvar(fixture("show_bootvar/cat9k_stack_next_only_unicon.txt"));
  ASSERT_TRUE(stack.recognised()) << stack.reason;
  EXPECT_FALSE(stack.value.boot_variable);
  EXPECT_EQ(stack.value.next_boot_images, Images{"flash:packages.conf"});
}

TEST(BootVar, Cat9kBootvarWithStandby) {
  auto p = parse_show_bootvar(fixture("show_bootvar/cat9k_17_bootvar_ha.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.boot_images, Images{"bootflash:packages.conf"});
  EXPECT_EQ(p.value.config_register, "0x102");
  EXPECT_EQ(p.value.standby_config_register, "0x102");
  EXPECT_EQ(p.value.standby_boot_images, Images{"bootflash:packages.conf"});
}

TEST(BootVar, StackKeepsTheFirstSwitch) {
  auto p = parse_show_bootvar(
      "Switch 1\nCurrent Boot Variables:\nBOOT variable = flash:a.bin;\n"
      "Switch 2\nCurrent Boot Variables:\nBOOT variable = flash:b.bin;\n");
  ASSERT_TRUE(p.recognised()) << p.reason;
  EXPECT_EQ(p.value.boot_images, Images{"flash:a.bin"});
}

TEST(BootVar, NotThisFormat) {
  EXPECT_EQ(parse_show_bootvar("").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_bootvar("\n \n").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(
      parse_show_bootvar("Router#show bootvar\n              ^\n% Invalid input detected at '^' marker.\n").outcome,
      ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_bootvar(fixture("show_license/asr920_eval_in_use.txt")).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_show_bootvar(fixture("dir_bootflash/asr920_bootflash.txt")).outcome, ParseOutcome::not_this_format);
}

TEST(BootVar, GarbledRegisterIsMalformed) {
  auto p = parse_show_bootvar(fixture("show_bootvar/MALFORMED_register.txt"));
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 5u) << p.reason;
}

TEST(BootVar, GarbledVariableIsMalformed) {
  auto p = parse_show_bootvar("BOOT variable = bootflash:a.bin,12;\nCONFIG_FILE variable\n");
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 2u);
  auto next = parse_show_bootvar("Configuration register is 0x2102 (will be 0x21\xff at next reload)\n");
  EXPECT_EQ(next.outcome, ParseOutcome::malformed);
  EXPECT_EQ(next.line, 1u);
}

TEST(BootVar, CrlfAndPagingGiveTheSameResult) {
  auto text = fixture("show_bootvar/asr903_dual_rsp.txt");
  auto plain = parse_show_bootvar(text);
  ASSERT_TRUE(plain.recognised());
  auto crlf = parse_show_bootvar(with_crlf(text));
  ASSERT_TRUE(crlf.recognised()) << crlf.reason;
  EXPECT_EQ(nlohmann::json(crlf.value), nlohmann::json(plain.value));
  auto cut = text.find("Standby BOOT");
  auto paged = parse_show_bootvar(text.substr(0, cut) + " --More-- \b\b\b\b\b\b\b\b\b\b" + text.substr(cut));
  ASSERT_TRUE(paged.recognised()) << paged.reason;
  EXPECT_EQ(nlohmann::json(paged.value), nlohmann::json(plain.value));
}

TEST(BootVar, EveryTruncationIsHandled) {
  auto text = fixture("show_bootvar/cat9k_17_bootvar_ha.txt");
  for (std::size_t n = 0; n <= text.size(); ++n) {
    auto p = parse_show_bootvar(std::string_view(text).substr(0, n));
    EXPECT_TRUE(p.outcome != ParseOutcome::malformed || p.line > 0) << n;
  }
}

}  // namespace
}  // namespace licmig::snapshot
