// Transcripts: where they go, their permissions, and that no secret reaches them.
#include "devices/transcript.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "device_fakes.hpp"
#include "devices/ios_session.hpp"
#include "fixture_support.hpp"
#include "snapshot/secrets.hpp"
#include "snapshot/store.hpp"

namespace licmig::devices {
namespace {

namespace fs = std::filesystem;
using testing::FakeClock;
using testing::FakeRouter;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl_path = test::temp_template("licmig-transcript");
    char *tmpl = tmpl_path.data();
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

unsigned mode_of(const fs::path &p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777U;
}

TEST(TranscriptTest, FileAndDirectoryModes) {
  TempDir tmp;
  FakeClock clock;
  ::umask(022);
  Transcript t;
  auto path = Transcript::open(t, tmp.path.string(), "pe 1/0", clock);
  ASSERT_TRUE(path) << path.error_message();
  EXPECT_EQ(*path, (tmp.path / "transcripts/pe%201%2F0/20231226T141320Z.log").string());
  EXPECT_EQ(mode_of(*path), 0600U);
  EXPECT_EQ(mode_of(tmp.path / "transcripts"), 0700U);
  EXPECT_EQ(mode_of(tmp.path / "transcripts/pe%201%2F0"), 0700U);
  Transcript second;
  auto path2 = Transcript::open(second, tmp.path.string(), "pe 1/0", clock);
  ASSERT_TRUE(path2);
  EXPECT_EQ(*path2, (tmp.path / "transcripts/pe%201%2F0/20231226T141320Z-1.log").string());
}

TEST(TranscriptTest, SecretSplitAcrossReadsIsMasked) {
  TempDir tmp;
  FakeClock clock;
  Transcript t;
  auto path = Transcript::open(t, tmp.path.string(), "R1", clock);
  ASSERT_TRUE(path);
  t.add_secret("TopSecret99");
  t.received("R1#show run\r\nusername x secret TopSe");
  t.received("cret99 extra\r\nhello TopS");
  t.received("ecret99\r\nR1#");
  t.note("done");
  t.close();
  const auto text = testing::read_text_file(*path);
  EXPECT_EQ(text.find("TopSecret99"), std::string::npos) << text;
  // Masked with the store's key, which the transcript made.
  auto key = snapshot::Store(tmp.path.string()).mask_key();
  ASSERT_TRUE(key);
  EXPECT_EQ(mode_of(tmp.path / "mask.key"), 0600U);
  const auto mask = snapshot::SecretMasker(key.value()).mask_of("TopSecret99");
  EXPECT_EQ(text, "R1#show run\nusername x secret " + mask + " extra\nhello " + mask + "\nR1#\n# licmig: done\n");
}

// Configuration secrets in router output: masked with the structure kept, a certificate chain
// spread over several reads included.
TEST(TranscriptTest, ConfigurationSecretsMasked) {
  TempDir tmp;
  FakeClock clock;
  Transcript t;
  auto path = Transcript::open(t, tmp.path.string(), "R1", clock);
  ASSERT_TRUE(path);
  t.received("R1#show running-config\r\nsnmp-server community Publ1c RO 10\r\ntacacs server ISE\r\n key 7 0822");
  t.received("455D0A16\r\ncrypto pki certificate chain TP\r\n certificate ca 01\r\n  3082AABB\r\n");
  t.received("  CCDD0011\r\n  quit\r\nR1#");
  t.close();
  const auto text = testing::read_text_file(*path);
  auto key = snapshot::Store(tmp.path.string()).mask_key();
  ASSERT_TRUE(key);
  snapshot::SecretMasker m(key.value());
  EXPECT_EQ(text, "R1#show running-config\nsnmp-server community " + m.mask_of("Publ1c") +
                      " RO 10\ntacacs server ISE\n key 7 " + m.mask_of("0822455D0A16") +
                      "\ncrypto pki certificate chain TP\n certificate ca 01\n  " + m.mask_of("3082AABB") + "\n  " +
                      m.mask_of("CCDD0011") + "\n  quit\nR1#\n");
}

// Issue 12: SO, ENQ and UTF-8 encoded C1 controls from the router reached the transcript raw.
TEST(TranscriptTest, ControlsAreRecordedEscaped) {
  TempDir tmp;
  FakeClock clock;
  Transcript t;
  auto path = Transcript::open(t, tmp.path.string(), "R1", clock);
  ASSERT_TRUE(path);
  t.received(
      "a\x0e\x05 \xc2\x9b"
      "31m \xff ok\r\n");
  t.received(std::string("nul\0 \x1b[2Jend\r\nR1#", 17));
  t.close();
  EXPECT_EQ(testing::read_text_file(*path), "a\\x0e\\x05 \\u009b31m \\xff ok\nnul end\nR1#\n");
}

// A line that never ends is written in pieces rather than held in memory.
TEST(TranscriptTest, EndlessLineIsWrittenInPieces) {
  TempDir tmp;
  FakeClock clock;
  Transcript t;
  auto path = Transcript::open(t, tmp.path.string(), "R1", clock);
  ASSERT_TRUE(path);
  const std::string piece(16384, 'x');
  for (int i = 0; i < 64; ++i) t.received(piece);
  EXPECT_GT(testing::read_text_file(*path).size(), std::size_t{512 * 1024});
  t.close();
  const auto text = testing::read_text_file(*path);
  EXPECT_EQ(static_cast<std::size_t>(std::count(text.begin(), text.end(), 'x')), piece.size() * 64);
}

// A whole session — login, enable, config with a token, reload — leaves no secret in the file.
TEST(TranscriptTest, SessionTranscriptHasNoSecret) {
  TempDir tmp;
  FakeClock clock;
  FakeRouter router(clock);
  router.boot_time = base::Millis(2000);
  Transcript t;
  auto path = Transcript::open(t, tmp.path.string(), "R1", clock);
  ASSERT_TRUE(path);
  SessionOptions o;
  o.enable_secret = router.enable_secret;
  IosSession s(router, clock, o);
  s.set_transcript(&t);
  ASSERT_TRUE(s.start());
  ASSERT_TRUE(s.configure({"license smart register idtoken SeCrEtToKeN123", "username ops password 0 Pa55word"}));
  ReloadOptions ro;
  ro.save = true;
  auto proof = s.reload(ro);
  ASSERT_TRUE(proof) << proof.error_message();
  s.close();
  t.close();
  const auto text = testing::read_text_file(*path);
  for (const char *secret : {"En4ble!", "SeCrEtToKeN123", "Pa55word"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in\n" << text;
  }
  EXPECT_NE(router.typed.find("En4ble!"), std::string::npos) << "the secret was sent to the router";
  EXPECT_NE(text.find("# licmig: sent the enable secret"), std::string::npos);
  EXPECT_NE(text.find("license smart register idtoken <secret:"), std::string::npos) << text;
  EXPECT_NE(text.find("# licmig: reload proven: uptime"), std::string::npos) << text;
}

}  // namespace
}  // namespace licmig::devices
