// Tests of base/: text helpers, printable text, the atomic file write, the clock seam.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "base/clock.hpp"
#include "base/crypto.hpp"
#include "base/digest.hpp"
#include "base/file.hpp"
#include "base/glob.hpp"
#include "base/memory.hpp"
#include "base/printable.hpp"
#include "base/result.hpp"
#include "base/spool.hpp"
#include "base/text.hpp"
#include "fixture_support.hpp"

namespace licmig::base {
namespace {

std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// Published test vectors: PBKDF2-HMAC-SHA256 (RFC 7914 section 11), HMAC-SHA256 (RFC 4231 case 2),
// AES-256-CTR (NIST SP 800-38A F.5.5).
TEST(BaseCrypto, KnownAnswers) {
  auto key = pbkdf2_hmac_sha256("passwd", "salt", 1, 64);
  ASSERT_TRUE(key.is_ok());
  EXPECT_EQ(*key,
            unhex("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef3"
                  "17c71b845b1e30bd509112041d3a19783"));
  auto mac = hmac_sha256("Jefe", "what do ya want for nothing?");
  ASSERT_TRUE(mac.is_ok());
  EXPECT_EQ(*mac, unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
  const std::string aes_key = unhex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
  const std::string counter = unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  auto cipher = aes256_ctr(aes_key, counter, unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"));
  ASSERT_TRUE(cipher.is_ok());
  EXPECT_EQ(*cipher, unhex("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"));
  auto plain = aes256_ctr(aes_key, counter, *cipher);  // CTR is its own inverse
  ASSERT_TRUE(plain.is_ok());
  EXPECT_EQ(*plain, unhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"));
  EXPECT_FALSE(aes256_ctr("short", counter, "x").is_ok());
}

TEST(BaseCrypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

TEST(BaseDigest, Sha256OfBytesAndFiles) {
  // FIPS 180-2 test vectors
  EXPECT_EQ(base::sha256_of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(base::sha256_of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_FALSE(base::sha256_of_file("/nonexistent/licmig/file"));
}

TEST(BaseText, TrimAndCase) {
  EXPECT_EQ(trim(" \t a b \r\n"), "a b");
  EXPECT_EQ(trim_view("   "), "");
  EXPECT_TRUE(starts_with("show version", "show"));
  EXPECT_FALSE(starts_with("sh", "show"));
  EXPECT_TRUE(ends_with("image.bin", ".bin"));
  EXPECT_TRUE(iequals("MetroAccess", "metroaccess"));
  EXPECT_FALSE(iequals("metro", "metroaccess"));
  EXPECT_EQ(to_lower("AdvancedMetroIPAccess"), "advancedmetroipaccess");
  EXPECT_EQ(squeeze("  a \t  b   c "), "a b c");
}

TEST(BaseText, ToInt) {
  EXPECT_EQ(to_int(" 42 "), 42);
  EXPECT_EQ(to_int("+7"), 7);
  EXPECT_EQ(to_int("-3"), -3);
  EXPECT_FALSE(to_int("4x"));
  EXPECT_FALSE(to_int(""));
  EXPECT_FALSE(to_int("99999999999999999999999"));
}

// One owner of "a string of digits": release parts, dir listings, inventory ports and host ranges.
TEST(BaseText, IsDigits) {
  EXPECT_TRUE(base::is_digits("0"));
  EXPECT_TRUE(base::is_digits("2222"));
  EXPECT_FALSE(base::is_digits(""));
  EXPECT_FALSE(base::is_digits("22a"));
  EXPECT_FALSE(base::is_digits("-1"));
  EXPECT_FALSE(base::is_digits(" 1"));
  EXPECT_FALSE(base::is_digits("\xd9\xa3"));  // ARABIC-INDIC DIGIT THREE is not an ASCII digit
}

TEST(BaseText, SplitLines) {
  using V = std::vector<std::string_view>;
  EXPECT_EQ(split_lines("a\r\nb"), (V{"a\r", "b"}));
  EXPECT_EQ(split_lines("a\n"), (V{"a", ""}));
  EXPECT_EQ(split_lines(""), (V{""}));
  EXPECT_EQ(split_lines("\n\n"), (V{"", "", ""}));
  EXPECT_EQ(split("bootflash:a.bin,12;bootflash:b.bin,1;", ';'), (V{"bootflash:a.bin,12", "bootflash:b.bin,1", ""}));
  EXPECT_EQ(split("PID:ASR-920,SN:CAT1", ','), (V{"PID:ASR-920", "SN:CAT1"}));
  EXPECT_EQ(words("  show \t license  summary "), (V{"show", "license", "summary"}));
  EXPECT_EQ(words(" \t "), V{});
}

TEST(BaseGlob, StarQuestionMarkAndSets) {
  const base::GlobSyntax ansible{true, true, false};
  EXPECT_TRUE(base::glob_match("*", "", ansible));
  EXPECT_TRUE(base::glob_match("a*b*c", "aXXbYYc", ansible));
  EXPECT_FALSE(base::glob_match("a*b*c", "aXXbYY", ansible));
  EXPECT_TRUE(base::glob_match("r?", "r1", ansible));
  EXPECT_FALSE(base::glob_match("r?", "r10", ansible));
  EXPECT_TRUE(base::glob_match("r[0-9]", "r7", ansible));
  EXPECT_FALSE(base::glob_match("r[0-9]", "rx", ansible));
  EXPECT_TRUE(base::glob_match("r[!0-9]", "rx", ansible));
  EXPECT_TRUE(base::glob_match("r[]x]", "r]", ansible));  // a `]` first in a set is a member
  EXPECT_TRUE(base::glob_match("r[", "r[", ansible));     // an unclosed `[` is literal
  EXPECT_FALSE(base::glob_match("PE1", "pe1", ansible));
}

TEST(BaseGlob, EachSyntaxKeepsWhatItDoesNotKnowLiteral) {
  const base::GlobSyntax prompt{false, false, false};
  EXPECT_TRUE(base::glob_match("*filename [*]?", "Destination filename [x]?", prompt));
  EXPECT_FALSE(base::glob_match("*filename [*]?", "Destination filename [x]!", prompt));
  EXPECT_FALSE(base::glob_match("[ab]", "a", prompt));
  const base::GlobSyntax ssh{true, false, true};
  EXPECT_TRUE(base::glob_match("R?-*.NET", "r1-core.example.net", ssh));
  EXPECT_FALSE(base::glob_match("[r]1", "r1", ssh));
  const base::GlobSyntax folded_sets{true, true, true};
  EXPECT_TRUE(base::glob_match("[A-C]x", "bX", folded_sets));
}

TEST(BaseGlob, AdversarialPatternsStayPolynomial) {
  const std::string long_name(5000, 'a');
  EXPECT_FALSE(base::glob_match("*a*a*a*a*a*b", long_name));
  EXPECT_TRUE(base::glob_match("*a*a*a*a*a*", long_name));
}

TEST(BaseText, BasenameOf) {
  EXPECT_EQ(basename_of("bootflash:asr920.bin"), "asr920.bin");
  EXPECT_EQ(basename_of("bootflash:images/asr920.bin"), "asr920.bin");
  EXPECT_EQ(basename_of("/tmp/x/y.txt"), "y.txt");
  EXPECT_EQ(basename_of("plain.bin"), "plain.bin");
}

class BaseFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl_path = test::temp_template("licmig-base");
    char *tmpl = tmpl_path.data();
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { (void)std::system(("rm -rf " + dir_).c_str()); }
  std::string dir_;
};

TEST_F(BaseFile, AtomicWriteReplacesWithModeAndLeavesNoTemporary) {
  const auto path = dir_ + "/f.txt";
  ASSERT_TRUE(write_file_atomically(path, "one").is_ok());
  ASSERT_TRUE(write_file_atomically(path, "two", 0640).is_ok());
  auto text = read_file(path);
  ASSERT_TRUE(text.is_ok());
  EXPECT_EQ(text.value(), "two");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0640u);
  EXPECT_EQ(std::system(("test $(ls -A " + dir_ + " | wc -l) -eq 1").c_str()), 0);
}

// Regression: `licmig snapshot -o /dev/null` renamed its temporary file over /dev/null, leaving a
// plain file where the device was. A path that is not a regular file is written into.
TEST_F(BaseFile, AtomicWriteIntoAFifoKeepsTheFifo) {
  const auto path = dir_ + "/fifo";
  ASSERT_EQ(::mkfifo(path.c_str(), 0600), 0);
  const int reader = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  ASSERT_GE(reader, 0);
  ASSERT_TRUE(write_file_atomically(path, "report\n").is_ok());
  char buf[16] = {};
  EXPECT_EQ(::read(reader, buf, sizeof buf), 7);
  ::close(reader);
  EXPECT_EQ(std::string(buf), "report\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
  EXPECT_EQ(std::system(("test $(ls -A " + dir_ + " | wc -l) -eq 1").c_str()), 0);  // no temporary left
}

TEST_F(BaseFile, ErrorsNameThePathAndKind) {
  auto missing = read_file(dir_ + "/nope");
  ASSERT_FALSE(missing.is_ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::not_found);
  EXPECT_NE(missing.error_message().find(dir_ + "/nope"), std::string::npos);
  auto st = write_file_atomically(dir_ + "/no/such/folder/f", "x");
  ASSERT_FALSE(st.is_ok());
  EXPECT_EQ(st.kind(), ErrorKind::io_error);
}

TEST_F(BaseFile, PrivateDirs) {
  ASSERT_TRUE(make_private_dirs(dir_ + "/a/b/c").is_ok());
  struct stat st {};
  ASSERT_EQ(::stat((dir_ + "/a/b").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_TRUE(write_file_atomically(dir_ + "/file", "x").is_ok());
  EXPECT_FALSE(make_private_dirs(dir_ + "/file").is_ok());
}

// Regression (issue 10): a full disk was reported as a plain I/O error, indistinguishable from a
// missing folder or a permission problem.
TEST(BaseFileErrors, FullDiskIsNoSpace) {
  EXPECT_EQ(errno_kind(ENOSPC), ErrorKind::no_space);
  EXPECT_EQ(errno_kind(EDQUOT), ErrorKind::no_space);
  EXPECT_EQ(errno_kind(EACCES), ErrorKind::io_error);
  EXPECT_EQ(errno_kind(ENOENT), ErrorKind::io_error);
}

TEST(BaseStatus, EveryKindHasItsOwnNameConstructorAndPredicate) {
  const ErrorKind all[] = {ErrorKind::ok,
                           ErrorKind::invalid_input,
                           ErrorKind::parse_error,
                           ErrorKind::not_found,
                           ErrorKind::io_error,
                           ErrorKind::no_space,
                           ErrorKind::timed_out,
                           ErrorKind::refused,
                           ErrorKind::unreachable,
                           ErrorKind::closed,
                           ErrorKind::auth_failed,
                           ErrorKind::host_key_unknown,
                           ErrorKind::host_key_changed,
                           ErrorKind::protocol,
                           ErrorKind::ios_error,
                           ErrorKind::busy,
                           ErrorKind::failed};
  std::set<std::string> names;
  for (auto k : all) names.insert(to_string(k));
  EXPECT_EQ(names.size(), std::size(all));
  EXPECT_EQ(names.count("unknown"), 0u);

  struct Case {
    Status status;
    ErrorKind kind;
    bool (Status::*is)() const;
  };
  const Case cases[] = {
      {Status::invalid_input("m"), ErrorKind::invalid_input, &Status::is_invalid_input},
      {Status::parse_error("m"), ErrorKind::parse_error, &Status::is_parse_error},
      {Status::not_found("m"), ErrorKind::not_found, &Status::is_not_found},
      {Status::io_error("m"), ErrorKind::io_error, &Status::is_io_error},
      {Status::no_space("m"), ErrorKind::no_space, &Status::is_no_space},
      {Status::timed_out("m"), ErrorKind::timed_out, &Status::is_timed_out},
      {Status::refused("m"), ErrorKind::refused, &Status::is_refused},
      {Status::unreachable("m"), ErrorKind::unreachable, &Status::is_unreachable},
      {Status::closed("m"), ErrorKind::closed, &Status::is_closed},
      {Status::auth_failed("m"), ErrorKind::auth_failed, &Status::is_auth_failed},
      {Status::host_key_unknown("m"), ErrorKind::host_key_unknown, &Status::is_host_key_unknown},
      {Status::host_key_changed("m"), ErrorKind::host_key_changed, &Status::is_host_key_changed},
      {Status::protocol("m"), ErrorKind::protocol, &Status::is_protocol},
      {Status::ios_error("m"), ErrorKind::ios_error, &Status::is_ios_error},
      {Status::busy("m"), ErrorKind::busy, &Status::is_busy},
      {Status::failed("m"), ErrorKind::failed, &Status::is_failed},
  };
  for (const auto &c : cases) {
    EXPECT_EQ(c.status.kind(), c.kind);
    EXPECT_FALSE(c.status.is_ok());
    EXPECT_EQ(c.status.message(), "m");
    for (const auto &other : cases) EXPECT_EQ((c.status.*other.is)(), &other == &c) << to_string(c.kind);
  }
  EXPECT_EQ(Status::timed_out("no prompt").to_string(), "timed out: no prompt");
  std::ostringstream out;
  out << ErrorKind::host_key_changed;
  EXPECT_EQ(out.str(), "host key changed");
}

TEST(BaseClock, UtcTimestampHasMicroseconds) {
  const auto t = WallTime(std::chrono::seconds(1767323045)) + std::chrono::microseconds(42);
  EXPECT_EQ(utc_timestamp(t), "2026-01-02T03:04:05.000042Z");
}

TEST(BaseClock, RemainingNeverNegative) {
  auto &clock = system_clock();
  EXPECT_EQ(remaining(clock, clock.now() - std::chrono::seconds(5)).count(), 0);
  EXPECT_GT(remaining(clock, clock.now() + std::chrono::seconds(5)).count(), 0);
}

}  // namespace
}  // namespace licmig::base

// --- printable text (issue 12: router text and inventory strings reached the terminal raw) -------

namespace licmig::base {
namespace {

TEST(PrintableTest, KeepsTextTabNewlineAndUtf8) {
  EXPECT_EQ(escape_controls("R1#show version\n\tline\n"), "R1#show version\n\tline\n");
  EXPECT_EQ(escape_controls("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  EXPECT_EQ(escape_controls("a\\b"), "a\\b");
}

TEST(PrintableTest, EscapesC0C1EscapesNulAndDel) {
  EXPECT_EQ(escape_controls("\x1b[2J\x1b]0;owned\x07"), "\\x1b[2J\\x1b]0;owned\\x07");
  EXPECT_EQ(escape_controls(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(escape_controls("\x0e\x05\r\x7f"), "\\x0e\\x05\\x0d\\x7f");
  // UTF-8 encoded C1 controls: U+009B CSI, U+009D OSC, U+0080, U+009F.
  EXPECT_EQ(escape_controls("\xc2\x9b"
                            "31m \xc2\x9d"
                            "0;t \xc2\x80\xc2\x9f"),
            "\\u009b31m \\u009d0;t \\u0080\\u009f");
  // U+00A0 (no-break space) is the first code point after C1: kept.
  EXPECT_EQ(escape_controls("\xc2\xa0"), "\xc2\xa0");
}

TEST(PrintableTest, EscapesInvalidUtf8ByteByByte) {
  EXPECT_EQ(escape_controls("\x9b"
                            "31m"),
            "\\x9b31m");                                                   // 8-bit C1
  EXPECT_EQ(escape_controls("\xff\xfe"), "\\xff\\xfe");                    // never valid
  EXPECT_EQ(escape_controls("\xc3"), "\\xc3");                             // truncated
  EXPECT_EQ(escape_controls("\xc0\xaf"), "\\xc0\\xaf");                    // overlong '/'
  EXPECT_EQ(escape_controls("\xe0\x80\xaf"), "\\xe0\\x80\\xaf");           // overlong
  EXPECT_EQ(escape_controls("\xed\xa0\x80"), "\\xed\\xa0\\x80");           // surrogate
  EXPECT_EQ(escape_controls("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // beyond U+10FFFF
  EXPECT_EQ(escape_controls("\xc3"
                            "A"),
            "\\xc3A");
}

TEST(PrintableTest, EveryByteStringBecomesSafe) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  const auto out = escape_controls(all + all);
  for (char c : out) {
    const auto b = static_cast<unsigned char>(c);
    EXPECT_TRUE(b == '\t' || b == '\n' || (b >= 0x20 && b != 0x7f)) << int(b);
  }
}

TEST(PrintableTest, LineFormAndQuoteLimit) {
  EXPECT_EQ(escape_controls_line("a\nb"), "a\\nb");
  EXPECT_EQ(quote_router_text("short"), "short");
  const auto q = quote_router_text(std::string(1000, 'x') + "\x1b");
  EXPECT_EQ(q, std::string(200, 'x') + " ...(801 more bytes)");
  EXPECT_EQ(quote_router_text("\x1b[31m", 3), "\\x1b[3 ...(2 more bytes)");
}

TEST(PrintableTest, EscapingStreambufFiltersWholeStreams) {
  std::ostringstream sink;
  {
    EscapingStreambuf filter(sink.rdbuf(), false);
    std::ostream out(&filter);
    out << "host \x1b]0;t\x07 "
        << "caf\xc3";  // a UTF-8 sequence split across two writes
    out << "\xa9 \xc2"
        << "\x9b"
        << "2J\r\n";
    out.flush();
  }
  EXPECT_EQ(sink.str(), "host \\x1b]0;t\\x07 caf\xc3\xa9 \\u009b2J\\x0d\n");
  std::ostringstream err;
  {
    EscapingStreambuf filter(err.rdbuf(), true);
    std::ostream e(&filter);
    e << "\rshow [###...] 3/10" << std::flush << "\x0e\xc3";  // an unfinished sequence at the end
  }
  EXPECT_EQ(err.str(), "\rshow [###...] 3/10\\x0e\\xc3");
  // the status display's own control sequences pass through write_trusted(), in order with the text
  // before them; text written the ordinary way is still escaped
  std::ostringstream term;
  {
    EscapingStreambuf filter(term.rdbuf(), true);
    std::ostream e(&filter);
    e << "r1 \x1b[2J";
    write_trusted(e, "\r\x1b[2A\x1b[J");
    e << "done\n";
  }
  EXPECT_EQ(term.str(), "r1 \\x1b[2J\r\x1b[2A\x1b[Jdone\n");
  std::ostringstream plain;  // no filter: written as it is
  write_trusted(plain, "\x1b[K");
  EXPECT_EQ(plain.str(), "\x1b[K");
}

// One large write (a whole JSON report) is filtered in slices: a sequence cut by a slice's edge is
// still whole, and a control there is still escaped.
TEST(PrintableTest, EscapingStreambufLargeWriteAcrossSlices) {
  std::string big(64 * 1024 - 1, 'a');
  big += "\xc3\xa9";  // é across the first slice's edge
  big += std::string(64 * 1024 - 2, 'b');
  big += "\xc2\x9b";  // CSI across the second's
  big += "z\n";
  std::ostringstream sink;
  {
    EscapingStreambuf filter(sink.rdbuf(), false);
    std::ostream out(&filter);
    out << big;
  }
  std::string want(64 * 1024 - 1, 'a');
  want += "\xc3\xa9" + std::string(64 * 1024 - 2, 'b') + "\\u009bz\n";
  EXPECT_EQ(sink.str(), want);
}

}  // namespace
}  // namespace licmig::base

namespace licmig::base {
namespace {

std::vector<std::pair<std::size_t, std::string>> spooled(const Spool &spool, bool *whole = nullptr) {
  std::vector<std::pair<std::size_t, std::string>> out;
  const bool ok = spool.for_each([&](std::size_t i, std::string_view text) { out.emplace_back(i, std::string(text)); });
  if (whole != nullptr) *whole = ok;
  return out;
}

TEST(BaseSpool, TextsComeBackInIndexOrderFromAFile) {
  Spool spool(5);
  EXPECT_TRUE(spool.on_disk());
  spool.put(3, "three");
  spool.put(0, "zero");
  spool.put(4, std::string(100000, 'x'));
  spool.put(0, "zero again");  // replaces
  spool.put(9, "out of range");
  bool whole = false;
  const auto got = spooled(spool, &whole);
  EXPECT_TRUE(whole);
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[0], (std::pair<std::size_t, std::string>{0, "zero again"}));
  EXPECT_EQ(got[1], (std::pair<std::size_t, std::string>{3, "three"}));
  EXPECT_EQ(got[2].second, std::string(100000, 'x'));
}

TEST(BaseSpool, NoTemporaryFolderKeepsTheTextsInMemory) {
  const char *old = std::getenv("TMPDIR");
  const std::string saved = old != nullptr ? old : "";
  ::setenv("TMPDIR", "/nonexistent/licmig-spool-test", 1);
  Spool spool(2);
  if (old != nullptr) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  EXPECT_FALSE(spool.on_disk());
  spool.put(1, "one");
  spool.put(0, "zero");
  bool whole = false;
  const auto got = spooled(spool, &whole);
  EXPECT_TRUE(whole);
  ASSERT_EQ(got.size(), 2U);
  EXPECT_EQ(got[0].second, "zero");
  EXPECT_EQ(got[1].second, "one");
}

TEST(BaseSpool, ManyThreadsPutAtOnce) {
  constexpr std::size_t n = 2000;
  Spool spool(n);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&spool, t] {
      for (std::size_t i = static_cast<std::size_t>(t); i < n; i += 8) spool.put(i, "row " + std::to_string(i));
    });
  }
  for (auto &th : threads) th.join();
  const auto got = spooled(spool);
  ASSERT_EQ(got.size(), n);
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(got[i].second, "row " + std::to_string(i));
}

}  // namespace
}  // namespace licmig::base

namespace licmig::base {
namespace {

constexpr const char *k_report_to = "LICMIG_MEMORY_TEST_REPORT";

// Run by BaseMemory's tests in a restarted copy of this test program: writes the GLIBC_TUNABLES it
// started with to the file the variable names.
TEST(BaseMemoryRestarted, WritesItsTunables) {
  const char *out = std::getenv(k_report_to);
  if (out == nullptr) GTEST_SKIP() << "run by BaseMemory.* only";
  const char *tunables = std::getenv("GLIBC_TUNABLES");
  std::ofstream(out) << (tunables != nullptr ? tunables : "(unset)");
}

// Forks; the child sets GLIBC_TUNABLES to `tunables` (nullptr: unset) and calls
// restart_with_small_thread_caches with a command line that runs the test above. Returns what the
// restarted program wrote ("" when the call returned instead: the child then exits 3).
std::string restarted_with(const char *tunables, int *exit_code) {
  const std::string report = testing::TempDir() + "licmig-memory-" + std::to_string(::getpid());
  std::remove(report.c_str());
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv(k_report_to, report.c_str(), 1);
    if (tunables != nullptr) {
      ::setenv("GLIBC_TUNABLES", tunables, 1);
    } else {
      ::unsetenv("GLIBC_TUNABLES");
    }
    std::string name = "base_test", filter = "--gtest_filter=BaseMemoryRestarted.WritesItsTunables";
    char *args[] = {name.data(), filter.data(), nullptr};
    restart_with_small_thread_caches(args);
    ::_exit(3);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto text = read_file(report);
  std::remove(report.c_str());
  return text ? text.value() : "";
}

TEST(BaseMemory, RestartsOnceWithTheThreadCachesOff) {
  int code = 0;
  const std::string seen = restarted_with(nullptr, &code);
  if (!restarts_with_small_thread_caches()) {  // a sanitizer's malloc has no glibc thread caches
    EXPECT_EQ(code, 3);
    EXPECT_EQ(seen, "");
    return;
  }
  EXPECT_EQ(code, 0);
  EXPECT_EQ(seen, "glibc.malloc.tcache_count=0");
  // the user's other tunables are kept
  EXPECT_EQ(restarted_with("glibc.malloc.arena_max=2", &code), "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0");
  EXPECT_EQ(code, 0);
}

TEST(BaseMemory, TheUsersOwnCacheSettingIsLeftAlone) {
  int code = 0;
  EXPECT_EQ(restarted_with("glibc.malloc.tcache_count=3", &code), "");  // no restart: the call returned
  EXPECT_EQ(code, 3);
}

TEST(BaseMemory, ReleasingFreeMemoryKeepsWhatIsInUse) {
  std::vector<std::string> kept;
  for (int i = 0; i < 1000; ++i) {
    std::string big(4096, static_cast<char>('a' + i % 26));
    if (i % 10 == 0) kept.push_back(big);
  }
  release_free_memory();
  for (std::size_t i = 0; i < kept.size(); ++i)
    EXPECT_EQ(kept[i], std::string(4096, static_cast<char>('a' + (i * 10) % 26)));
}

}  // namespace
}  // namespace licmig::base
