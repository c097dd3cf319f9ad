// snapshot::parse_verify_md5: the one reader of `verify /md5` answers (collector and executor).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "snapshot/parsers.hpp"

namespace licmig::snapshot {
namespace {

const std::string k_md5 = "1f3e5d7c9b0a2f4e6d8c0b2a4f6e8d0c";
const std::string k_file = "asr920-universalk9_npe.17.12.01.SPA.bin";

std::optional<std::string> md5_of(const std::string &text) {
  auto p = parse_verify_md5(text);
  if (!p.recognised()) return std::nullopt;
  return p.value;
}

TEST(VerifyMd5, Answers) {
  EXPECT_EQ(md5_of(std::string(72, '.') + "Done!\nverify /md5 (bootflash:" + k_file + ") = " + k_md5 + "\n"), k_md5);
  EXPECT_EQ(md5_of("verify /md5 (bootflash:" + k_file + ") = 1F3E5D7C9B0A2F4E6D8C0B2A4F6E8D0C\r\n"), k_md5);
  EXPECT_EQ(md5_of("Verified (bootflash:" + k_file + ") = " + k_md5 + "\n"), k_md5);
  EXPECT_EQ(md5_of("%Error verifying bootflash:" + k_file + "\nComputed signature   = " + k_md5 +
                   "\nSubmitted signature  = 00000000000000000000000000000000\n"),
            k_md5);
  EXPECT_EQ(md5_of("%Error opening bootflash:" + k_file + " (No such file or directory)\n"), std::nullopt);
  EXPECT_EQ(md5_of("verify /md5 (bootflash:x) = not-a-checksum\n"), std::nullopt);
  EXPECT_EQ(md5_of("verify /md5 (bootflash:x) = 1f3e5d7c\n"), std::nullopt);  // truncated
  EXPECT_EQ(md5_of(""), std::nullopt);
  EXPECT_EQ(md5_of("= " + k_md5), std::nullopt);  // not a verify line
}

TEST(VerifyMd5, ThreeOutcomes) {
  EXPECT_EQ(parse_verify_md5("verify /md5 (bootflash:x) = " + k_md5).outcome, ParseOutcome::recognised);
  auto none = parse_verify_md5("%Error opening bootflash:x (No such file or directory)\n");
  EXPECT_EQ(none.outcome, ParseOutcome::not_this_format);
  auto bad = parse_verify_md5("....Done!\nverify /md5 (bootflash:x) = 1f3e5d7c\n");
  EXPECT_EQ(bad.outcome, ParseOutcome::malformed);
  EXPECT_EQ(bad.line, 2u);
  EXPECT_EQ(bad.reason, "the checksum '1f3e5d7c' is not 32 hex digits");
}

// Regression (issue 10): the executor took the 32 characters after the last "= " anywhere in the
// answer, unchecked, so a truncated or garbled checksum (or any "= " line) was compared as if it
// were one; the collector checked length and hex. Both now use parse_verify_md5.
TEST(VerifyMd5, ExecutorAcceptedUncheckedChecksum) {
  EXPECT_FALSE(parse_verify_md5("verify /md5 (bootflash:x) = " + k_md5.substr(0, 31) + "z").recognised());
  EXPECT_FALSE(parse_verify_md5("verify /md5 (bootflash:x) = " + k_md5 + "00").recognised());
  EXPECT_FALSE(parse_verify_md5("Submitted signature  = " + k_md5).recognised());
  EXPECT_FALSE(parse_verify_md5("anything = " + k_md5).recognised());
}

}  // namespace
}  // namespace licmig::snapshot
