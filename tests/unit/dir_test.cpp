// Tests of the `dir bootflash:` parser: an ASR 920 listing (with directories and "<no date>"),
// older and ROMMON forms and unicon mock-device responses, other commands' output, a garbled entry
// with its line, \r\n endings and paging.
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

TEST(Dir, Asr920Bootflash) {
  auto p = parse_dir(fixture("dir_bootflash/asr920_bootflash.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  const auto &d = p.value;
  EXPECT_EQ(d.directory, "bootflash:/");
  EXPECT_EQ(d.total_bytes, 1621966848);
  EXPECT_EQ(d.free_bytes, 489369600);
  ASSERT_EQ(d.files.size(), 7u);
  EXPECT_EQ(d.files[0].name, "lost+found");
  EXPECT_EQ(d.files[0].permissions, "drwx");
  const auto &img = d.files[2];
  EXPECT_EQ(img.name, "asr920-universalk9_npe.17.06.01.SPA.bin");
  EXPECT_EQ(img.size, 588488704);
  EXPECT_EQ(img.permissions, "-rw-");
  EXPECT_EQ(img.date, "Oct 21 2021 10:11:12 +00:00");
  EXPECT_EQ(img.inode, 12);
  EXPECT_EQ(d.files[6].name, "tracelogs.696");
  EXPECT_EQ(d.files[6].size, 0);
  EXPECT_FALSE(d.files[6].date);  // <no date>
}

TEST(Dir, OlderFormWithoutTimezone) {
  auto p = parse_dir(fixture("dir_bootflash/asr920_16_6_no_timezone.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.files.size(), 3u);
  EXPECT_EQ(p.value.files[1].date, "Jun 2 2018 11:05:03");
  EXPECT_EQ(p.value.files[1].size, 427213212);
}

TEST(Dir, UniconSamples) {
  auto crft = parse_dir(fixture("dir_bootflash/crft_flash_unicon.txt"));
  ASSERT_TRUE(crft.recognised()) << crft.reason;
  EXPECT_EQ(crft.value.directory, "flash:/CRFT_*");
  ASSERT_EQ(crft.value.files.size(), 1u);
  EXPECT_EQ(crft.value.total_bytes, 11353194496);

  auto rec = parse_dir(fixture("dir_bootflash/isr_recursive_unicon.txt"));
  ASSERT_TRUE(rec.recognised()) << rec.reason;
  ASSERT_EQ(rec.value.files.size(), 1u);
  EXPECT_EQ(rec.value.free_bytes, 6224723968);

  auto core = parse_dir(fixture("dir_bootflash/asr_core_no_totals_unicon.txt"));
  ASSERT_TRUE(core.recognised()) << core.reason;
  EXPECT_EQ(core.value.files.size(), 4u);
  EXPECT_FALSE(core.value.total_bytes);
  EXPECT_EQ(core.value.files[0].name, ".callhome");

  auto none = parse_dir(fixture("dir_bootflash/no_such_file_unicon.txt"));
  ASSERT_TRUE(none.recognised()) << none.reason;
  EXPECT_TRUE(none.value.files.empty());

  auto bare = parse_dir(fixture("dir_bootflash/no_permissions_unicon.txt"));
  ASSERT_TRUE(bare.recognised()) << bare.reason;
  ASSERT_EQ(bare.value.files.size(), 1u);
  EXPECT_EQ(bare.value.files[0].name, "test.txt");
  EXPECT_EQ(bare.value.files[0].size, 52429131);
  EXPECT_EQ(bare.value.files[0].date, "Apr 05 08:53:17 2021");
  EXPECT_FALSE(bare.value.files[0].permissions);
}

TEST(Dir, RommonListing) {
  auto p = parse_dir(fixture("dir_bootflash/cat3k_rommon_unicon.txt"));
  ASSERT_TRUE(p.recognised()) << p.reason;
  ASSERT_EQ(p.value.files.size(), 7u);
  EXPECT_FALSE(p.value.files[2].date);
  EXPECT_EQ(p.value.files[2].size, 539187403);
  EXPECT_EQ(p.value.free_bytes, 516395008);
  EXPECT_EQ(p.value.total_bytes, 516395008LL + 1131499520LL);
}

TEST(Dir, NotThisFormat) {
  EXPECT_EQ(parse_dir("").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_dir("\r\n\r\n").outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_dir(fixture("dir_bootflash/NEGATIVE_error_opening.txt")).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_dir("R1#dir bootflash:\n        ^\n% Invalid input detected at '^' marker.\n").outcome,
            ParseOutcome::not_this_format);
  EXPECT_EQ(parse_dir(fixture("show_bootvar/asr920_single_rsp.txt")).outcome, ParseOutcome::not_this_format);
  EXPECT_EQ(parse_dir(fixture("show_license/asr920_16_9_permanent_and_ports.txt")).outcome,
            ParseOutcome::not_this_format);
}

TEST(Dir, GarbledSizeIsMalformed) {
  auto p = parse_dir(fixture("dir_bootflash/MALFORMED_size.txt"));
  EXPECT_EQ(p.outcome, ParseOutcome::malformed);
  EXPECT_EQ(p.line, 3u) << p.reason;
}

TEST(Dir, TruncatedEntryAndTotalsAreMalformed) {
  auto entry = parse_dir("Directory of bootflash:/\n\n   12  -rw-\n");
  EXPECT_EQ(entry.outcome, ParseOutcome::malformed);
  EXPECT_EQ(entry.line, 3u);
  auto totals = parse_dir("Directory of bootflash:/\n\n1621966848 bytes total (48936\n");
  EXPECT_EQ(totals.outcome, ParseOutcome::malformed);
  EXPECT_EQ(totals.line, 3u);
}

TEST(Dir, CrlfAndPagingGiveTheSameResult) {
  auto text = fixture("dir_bootflash/asr920_bootflash.txt");
  auto plain = parse_dir(text);
  ASSERT_TRUE(plain.recognised());
  auto crlf = parse_dir(with_crlf(text));
  ASSERT_TRUE(crlf.recognised()) << crlf.reason;
  EXPECT_EQ(nlohmann::json(crlf.value), nlohmann::json(plain.value));
  auto cut = text.find("   14  -rw-");
  auto paged = parse_dir(text.substr(0, cut) + " --More-- \b\b\b\b\b\b\b\b\b\b" + text.substr(cut));
  ASSERT_TRUE(paged.recognised()) << paged.reason;
  EXPECT_EQ(nlohmann::json(paged.value), nlohmann::json(plain.value));
}

TEST(Dir, EveryTruncationIsHandled) {
  auto text = fixture("dir_bootflash/asr920_bootflash.txt");
  for (std::size_t n = 0; n <= text.size(); ++n) {
    auto p = parse_dir(std::string_view(text).substr(0, n));
    EXPECT_TRUE(p.outcome != ParseOutcome::malformed || p.line > 0) << n;
  }
}

}  // namespace
}  // namespace licmig::snapshot
