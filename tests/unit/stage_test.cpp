// Staging an image (migrate/stage_plan.hpp, stage.hpp, stage_fleet.hpp): the decision (space and
// its margin, cleanup that never touches the running, a boot or the target image, SCP server),
// and the run over a FlashRouter with real bytes — push, pull, already staged, dropped and
// corrupted transfers, journal, the SCP server restored — and the rate cap in simulated time.
#include <gtest/gtest.h>

#include <boost/filesystem.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/digest.hpp"
#include "migrate/journal.hpp"
#include "migrate/stage.hpp"
#include "migrate/stage_fleet.hpp"
#include "migrate/stage_plan.hpp"
#include "migrate/stage_progress.hpp"
#include "migrate/target_options.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/secrets.hpp"
#include "unit/device_fakes.hpp"
#include "unit/router_session_fakes.hpp"

namespace licmig::migrate {
namespace {

namespace fs = boost::filesystem;
using fakes::FlashRouter;

snapshot::FlashFile file(const std::string &name, std::int64_t size, const std::string &perm = "-rw-") {
  snapshot::FlashFile f;
  f.name = name;
  f.size = size;
  f.permissions = perm;
  return f;
}

constexpr std::int64_t MiB = std::int64_t{1} << 20;

StageFacts facts_with(std::int64_t free, std::vector<snapshot::FlashFile> files) {
  StageFacts f;
  f.bootflash.files = std::move(files);
  f.bootflash.free_bytes = free;
  f.bootflash.total_bytes = 8000 * MiB;
  f.running_image = "bootflash:asr920-17.06.01.bin";
  f.boot_images = {"bootflash:asr920-17.06.01.bin", "bootflash:asr920-17.03.05.bin"};
  f.scp_server = true;
  return f;
}

StageImage image_of(std::int64_t size, const std::string &md5 = "0123456789abcdef0123456789abcdef") {
  StageImage i;
  i.name = "asr920-17.09.04.bin";
  i.size = size;
  i.md5 = md5;
  i.local_path = "/nonexistent/asr920-17.09.04.bin";
  return i;
}

TEST(StagePlan, MarginIsFivePercentAtLeastEightMiB) {
  EXPECT_EQ(stage_margin(10 * MiB), 8 * MiB);
  EXPECT_EQ(stage_margin(600 * MiB), 30 * MiB);
}

TEST(StagePlan, ShortOfSpaceRefusesWithTheNumbers) {
  auto d = decide_stage(facts_with(600 * MiB, {}), image_of(600 * MiB), {});
  EXPECT_EQ(d.action, StageAction::refuse);
  EXPECT_EQ(d.refusal, StageRefusal::no_space);
  EXPECT_EQ(d.needed_bytes, 630 * MiB);
  EXPECT_NE(d.reason.find(std::to_string(600 * MiB) + " bytes free"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find(std::to_string(630 * MiB) + " needed"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("no unused image to delete"), std::string::npos) << d.reason;
  // exactly enough is enough
  EXPECT_EQ(decide_stage(facts_with(630 * MiB, {}), image_of(600 * MiB), {}).action, StageAction::transfer);
}

TEST(StagePlan, CleanupNeverTouchesRunningBootTargetOrFolders) {
  auto f = facts_with(
      0, {file("asr920-17.06.01.bin", 500 * MiB), file("asr920-17.03.05.bin", 400 * MiB),
          file("asr920-17.09.04.bin", 10 * MiB), file("old-16.09.bin", 300 * MiB), file("core", 4096, "drwx"),
          file("crashinfo.txt", 900 * MiB), file("older-16.06.bin", 200 * MiB), file("sub/x.bin", 900 * MiB)});
  auto c = cleanup_candidates(f, "asr920-17.09.04.bin");
  ASSERT_EQ(c.size(), 2U);
  EXPECT_EQ(c[0].name, "old-16.09.bin");  // largest first
  EXPECT_EQ(c[1].name, "older-16.06.bin");
}

TEST(StagePlan, PackagesOnlyWhenTheRouterIsNotInInstallMode) {
  auto f = facts_with(0, {file("asr920-rpbase.17.06.01.pkg", 100 * MiB)});
  EXPECT_EQ(cleanup_candidates(f, "x.bin").size(), 1U);
  f.running_image = "bootflash:packages.conf";
  EXPECT_TRUE(cleanup_candidates(f, "x.bin").empty());
  f.running_image = "bootflash:a.bin";
  f.boot_images = {"bootflash:packages.conf"};
  EXPECT_TRUE(cleanup_candidates(f, "x.bin").empty());
}

TEST(StagePlan, CleanupDeletesOnlyWhatIsNeeded) {
  auto f = facts_with(100 * MiB, {file("a.bin", 300 * MiB), file("b.bin", 200 * MiB), file("c.bin", 100 * MiB)});
  auto without = decide_stage(f, image_of(350 * MiB), {});
  EXPECT_EQ(without.refusal, StageRefusal::no_space);
  EXPECT_NE(without.reason.find("--cleanup would delete 3 unused image(s)"), std::string::npos) << without.reason;
  StagePolicy p;
  p.cleanup = true;
  auto with = decide_stage(f, image_of(350 * MiB), p);
  ASSERT_EQ(with.action, StageAction::transfer) << with.reason;
  ASSERT_EQ(with.cleanup.size(), 1U);
  EXPECT_EQ(with.cleanup[0].name, "a.bin");
  auto too_big = decide_stage(f, image_of(800 * MiB), p);
  EXPECT_EQ(too_big.refusal, StageRefusal::no_space);
  EXPECT_TRUE(too_big.cleanup.empty());
  EXPECT_NE(too_big.reason.find("even after deleting every unused image"), std::string::npos);
}

TEST(StagePlan, PresentTargetIsStagedReplacedOrRefused) {
  auto f = facts_with(10 * MiB, {file("asr920-17.09.04.bin", 100 * MiB)});
  f.present_md5 = "0123456789ABCDEF0123456789ABCDEF";
  EXPECT_EQ(decide_stage(f, image_of(100 * MiB), {}).action, StageAction::already_staged);
  f.present_md5 = "ffffffffffffffffffffffffffffffff";
  auto replace = decide_stage(f, image_of(100 * MiB), {});
  EXPECT_EQ(replace.action, StageAction::transfer) << replace.reason;  // its own space counts
  EXPECT_TRUE(replace.replace);
  f.boot_images.push_back("bootflash:asr920-17.09.04.bin");
  auto in_use = decide_stage(f, image_of(100 * MiB), {});
  EXPECT_EQ(in_use.refusal, StageRefusal::target_in_use);
}

TEST(StagePlan, PushNeedsTheScpServer) {
  auto f = facts_with(900 * MiB, {});
  f.scp_server = false;
  auto d = decide_stage(f, image_of(100 * MiB), {});
  EXPECT_EQ(d.refusal, StageRefusal::no_scp_server);
  EXPECT_NE(d.reason.find("--enable-scp-server"), std::string::npos);
  StagePolicy p;
  p.enable_scp_server = true;
  EXPECT_TRUE(decide_stage(f, image_of(100 * MiB), p).enable_scp_server);
  auto pull = image_of(100 * MiB);
  pull.url = "http://10.0.0.5/asr920-17.09.04.bin";
  EXPECT_EQ(decide_stage(f, pull, {}).action, StageAction::transfer);  // a pull needs no SCP server
  pull.size.reset();
  EXPECT_EQ(decide_stage(f, pull, {}).refusal, StageRefusal::size_unknown);
}

TEST(CopyParser, OkErrorAndCutOff) {
  auto ok = snapshot::parse_copy(
      "Destination filename [x.bin]?\nAccessing http://h/x.bin...\nLoading http://h/x.bin !!!!!!\n[OK - 1234 bytes]\n\n"
      "1234 bytes copied in 0.5 secs (2468 bytes/sec)\n");
  ASSERT_TRUE(ok.recognised());
  EXPECT_EQ(ok.value.bytes, 1234);
  EXPECT_EQ(ok.value.progress_marks, 6);
  EXPECT_FALSE(ok.value.error);
  auto full =
      snapshot::parse_copy("Accessing tftp://h/x.bin...\n%Error writing bootflash:x.bin (No space left on device)\n");
  ASSERT_TRUE(full.recognised());
  EXPECT_EQ(*full.value.error, "%Error writing bootflash:x.bin (No space left on device)");
  EXPECT_FALSE(snapshot::parse_copy("Accessing http://h/x.bin...\nLoading !!!!").recognised());
  EXPECT_EQ(snapshot::parse_copy("[OK - many bytes]").outcome, snapshot::ParseOutcome::malformed);
}

class StageRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / fs::unique_path("licmig-stage-%%%%%%")).string();
    fs::create_directories(dir_);
    bytes_ = std::string(200000, 'x');
    for (std::size_t i = 0; i < bytes_.size(); i += 7) bytes_[i] = static_cast<char>('a' + i % 26);
    local_ = dir_ + "/asr920-17.09.04.bin";
    std::ofstream(local_, std::ios::binary) << bytes_;
    router_.files["running.bin"] = std::string(1000, 'r');
    router_.capacity = 20 * MiB;
    auto img = stage_image_of(local_, "", "");
    ASSERT_TRUE(img) << img.error_message();
    image_ = img.value();
    options_.store = dir_;
    options_.on_event = [this](const StageEvent &e) { events_.push_back(e); };
  }
  void TearDown() override { fs::remove_all(dir_); }
  // 10 MiB of bootflash and an unused 2 MiB image that --cleanup may delete
  void short_of_space_but_for_old_bin() {
    router_.capacity = 10 * MiB;
    router_.files["old.bin"] = std::string(2 * MiB, 'o');
    options_.policy.cleanup = true;
  }

  std::string dir_, bytes_, local_;
  FlashRouter router_;
  StageImage image_;
  StageRunOptions options_;
  std::vector<StageEvent> events_;
};

TEST_F(StageRun, ImageOfLocalFileHasItsSizeAndMd5) {
  EXPECT_EQ(image_.name, "asr920-17.09.04.bin");
  EXPECT_EQ(*image_.size, 200000);
  EXPECT_EQ(image_.md5, base::md5_of(bytes_));
  EXPECT_FALSE(image_.pull());
}

TEST_F(StageRun, PushStagesAndVerifies) {
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::staged) << r.message;
  EXPECT_EQ(router_.files["asr920-17.09.04.bin"], bytes_);
  EXPECT_EQ(r.attempts, 1);
  EXPECT_EQ(r.bytes, 200000);
  EXPECT_NE(std::find(router_.log.begin(), router_.log.end(), "verify /md5 bootflash:asr920-17.09.04.bin"),
            router_.log.end());
  EXPECT_TRUE(std::any_of(events_.begin(), events_.end(), [](const StageEvent &e) {
    return e.kind == StageEvent::Kind::progress && e.bytes == 200000;
  }));
}

TEST_F(StageRun, AlreadyStagedIsNotSentAgain) {
  router_.files["asr920-17.09.04.bin"] = bytes_;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::already_staged) << r.message;
  EXPECT_EQ(router_.transfers, 0);
}

TEST_F(StageRun, PullStagesAndMasksTheUrlPassword) {
  image_.url = "scp://backup:s3cret@10.0.0.5/images/asr920-17.09.04.bin";
  router_.urls[image_.url] = bytes_;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::staged) << r.message;
  EXPECT_EQ(router_.secrets, std::vector<std::string>{"s3cret"});
  EXPECT_NE(std::find(router_.log.begin(), router_.log.end(), "copy " + image_.url + " bootflash:asr920-17.09.04.bin"),
            router_.log.end());
}

TEST_F(StageRun, PullErrorIsReportedWithTheRoutersWords) {
  image_.url = "tftp://10.0.0.5/missing.bin";
  options_.retries = 0;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::failed);
  EXPECT_EQ(r.cause, ErrorKind::ios_error);
  EXPECT_NE(r.message.find("%Error opening tftp://10.0.0.5/missing.bin (No such file or directory)"), std::string::npos)
      << r.message;
}

TEST_F(StageRun, DroppedTransferIsRemovedAndRetried) {
  image_.url = "http://10.0.0.5/asr920-17.09.04.bin";
  router_.urls[image_.url] = bytes_;
  router_.drop_at = 50000;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::staged) << r.message;
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(router_.files["asr920-17.09.04.bin"], bytes_);
  EXPECT_TRUE(std::any_of(events_.begin(), events_.end(),
                          [](const StageEvent &e) { return e.kind == StageEvent::Kind::retrying; }));
}

TEST_F(StageRun, CorruptedTransferIsDetectedRemovedAndRetried) {
  router_.corrupt_next = 1;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::staged) << r.message;
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(router_.files["asr920-17.09.04.bin"], bytes_);
}

TEST_F(StageRun, CorruptedEveryTimeFailsAndLeavesNoFile) {
  router_.corrupt_next = 3;
  options_.retries = 2;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::failed);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_NE(r.message.find("arrived with md5"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("expected " + image_.md5), std::string::npos) << r.message;
  EXPECT_EQ(router_.files.count("asr920-17.09.04.bin"), 0U);
}

TEST_F(StageRun, CleanupDeletesUnusedImagesJournaledBeforeAndAfter) {
  router_.capacity = 10 * MiB;
  router_.files["old.bin"] = std::string(2 * MiB, 'o');
  router_.files["notes.txt"] = std::string(MiB, 'n');
  options_.policy.cleanup = true;
  auto journal = Journal::create(dir_, "stage-test");
  ASSERT_TRUE(journal) << journal.error_message();
  options_.journal = &journal.value();
  auto r = stage_router(router_, "pe1", image_, options_);
  ASSERT_EQ(r.outcome, StageOutcome::staged) << r.message;
  EXPECT_EQ(r.deleted, std::vector<std::string>{"old.bin"});
  EXPECT_EQ(router_.files.count("running.bin"), 1U);
  EXPECT_EQ(router_.files.count("notes.txt"), 1U);
  auto events = Journal::read_events(journal->path());
  ASSERT_TRUE(events);
  std::vector<std::string> actions;
  for (const auto &e : events.value()) actions.push_back(e.value("action", "") + ":" + e.value("file", ""));
  const std::vector<std::string> want = {"delete:old.bin", "deleted:old.bin", "transfer:asr920-17.09.04.bin",
                                         "transferred:asr920-17.09.04.bin", "verified:asr920-17.09.04.bin"};
  EXPECT_EQ(actions, want);
}

TEST_F(StageRun, PrepareOnlyReadsApplyCarriesTheDecisionOut) {
  short_of_space_but_for_old_bin();
  RouterStager stager(router_, "pe1", image_, options_);
  ASSERT_TRUE(stager.prepare()) << stager.report().message;
  EXPECT_EQ(stager.report().decision.cleanup.size(), 1U);
  for (const auto &command : router_.log) {  // reads only: nothing deleted, configured or sent
    EXPECT_TRUE(command == "open" || command.rfind("dir ", 0) == 0 || command.rfind("show ", 0) == 0) << command;
  }
  EXPECT_EQ(router_.files.count("old.bin"), 1U);
  EXPECT_EQ(router_.transfers, 0);
  ASSERT_TRUE(stager.prepare());  // again (a refreshed session): the same decision, still nothing changed
  EXPECT_EQ(router_.files.count("old.bin"), 1U);
  auto r = stager.apply();
  EXPECT_EQ(r.outcome, StageOutcome::staged) << r.message;
  EXPECT_EQ(r.deleted, std::vector<std::string>{"old.bin"});
  EXPECT_EQ(router_.files["asr920-17.09.04.bin"], bytes_);
  // a router with nothing to do: prepare() says so, with the final report
  RouterStager again(router_, "pe1", image_, options_);
  EXPECT_FALSE(again.prepare());
  EXPECT_EQ(again.report().outcome, StageOutcome::already_staged);
}

TEST_F(StageRun, ASecondReadDecidesOnTheFreshFacts) {
  // read ahead, then (after its wait) read again: what changed on the router meanwhile decides
  short_of_space_but_for_old_bin();
  RouterStager stager(router_, "pe1", image_, options_);
  ASSERT_TRUE(stager.prepare()) << stager.report().message;
  EXPECT_EQ(stager.report().decision.cleanup.size(), 1U);
  router_.files.erase("old.bin");  // someone freed the space meanwhile
  ASSERT_TRUE(stager.prepare());
  EXPECT_TRUE(stager.report().decision.cleanup.empty());
  router_.files["asr920-17.09.04.bin"] = bytes_;  // and then staged the image by hand
  EXPECT_FALSE(stager.prepare());
  EXPECT_EQ(stager.report().outcome, StageOutcome::already_staged);
  EXPECT_EQ(router_.transfers, 0);
}

TEST(StageReadAgain, AfterAMinuteAlwaysAfterTenSecondsWhenItDeletes) {
  using std::chrono::milliseconds;
  StageDecision plain;
  plain.action = StageAction::transfer;
  EXPECT_FALSE(read_again_before_apply(milliseconds(0), plain));
  EXPECT_FALSE(read_again_before_apply(milliseconds(59999), plain));
  EXPECT_TRUE(read_again_before_apply(milliseconds(60000), plain));
  StageDecision cleans = plain;
  cleans.cleanup.push_back(file("old.bin", MiB));
  EXPECT_FALSE(read_again_before_apply(milliseconds(9999), cleans));
  EXPECT_TRUE(read_again_before_apply(milliseconds(10000), cleans));
  StageDecision replaces = plain;
  replaces.replace = true;
  EXPECT_FALSE(read_again_before_apply(milliseconds(9999), replaces));
  EXPECT_TRUE(read_again_before_apply(milliseconds(10000), replaces));
}

TEST_F(StageRun, DeletionsNotConsentedToAreRefused) {
  router_.capacity = 10 * MiB;
  router_.files["old.bin"] = std::string(2 * MiB, 'o');
  options_.policy.cleanup = true;
  std::vector<std::string> consented = {"other.bin"};
  options_.consented_deletions = &consented;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::refused);
  EXPECT_NE(r.message.find("bootflash:old.bin would now be deleted, and was not confirmed"), std::string::npos)
      << r.message;
  EXPECT_EQ(router_.files.count("old.bin"), 1U);
}

TEST_F(StageRun, ScpServerEnabledForThePushAndRestored) {
  router_.scp_server = false;
  auto refused = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(refused.outcome, StageOutcome::refused);
  EXPECT_NE(refused.message.find("ip scp server enable"), std::string::npos);
  options_.policy.enable_scp_server = true;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::staged) << r.message;
  EXPECT_TRUE(r.scp_server_enabled);
  EXPECT_FALSE(router_.scp_server);
  EXPECT_FALSE(fs::exists(dir_ + "/stage/scp-server/pe1"));
}

TEST_F(StageRun, ScpServerLeftEnabledByAKilledRunIsRestoredFirst) {
  fs::create_directories(dir_ + "/stage/scp-server");
  std::ofstream(dir_ + "/stage/scp-server/pe1") << "ip scp server enable\n";
  router_.scp_server = true;  // the killed run enabled it
  router_.files["asr920-17.09.04.bin"] = bytes_;
  auto r = stage_router(router_, "pe1", image_, options_);
  EXPECT_EQ(r.outcome, StageOutcome::already_staged) << r.message;
  EXPECT_FALSE(router_.scp_server);
  EXPECT_FALSE(fs::exists(dir_ + "/stage/scp-server/pe1"));
}

Result<devices::UrlSize> silent_server(const std::string &) {
  devices::UrlSize s;
  s.asked = true;
  return s;
}

TEST(StageImageOf, RefusesBadOptionsNamingThem) {
  EXPECT_EQ(stage_image_of("", "", "").error_message(),
            "stage needs --image FILE (a local image to push) or --image-url URL (to pull)");
  EXPECT_NE(stage_image_of("", "gopher://h/x.bin", "").error_message().find("--image-url 'gopher://h/x.bin'"),
            std::string::npos);
  EXPECT_EQ(stage_image_of("", "http://h/x.bin", "").error_message(),
            "--image-md5 is needed for a pull without a local copy of the image (--image FILE)");
  EXPECT_NE(stage_image_of("", "http://h/x.bin", "xyz").error_message().find("not 32 hex digits"), std::string::npos);
  auto pull = stage_image_of("", "http://h/dir/x.bin?token=1", "0123456789ABCDEF0123456789ABCDEF", silent_server);
  ASSERT_TRUE(pull);
  EXPECT_EQ(pull->name, "x.bin");
  EXPECT_EQ(pull->md5, "0123456789abcdef0123456789abcdef");
  EXPECT_FALSE(pull->size);
  EXPECT_EQ(pull->size_unknown_why, "the server of http://h/dir/x.bin?token=1 did not say it");
  EXPECT_NE(stage_image_of("/nonexistent/x.bin", "", "").error_message().find("no such local file"), std::string::npos);
}

// LICMIG_IMAGE_URL_PASSWORD set for one test (a password is never in --image-url itself).
class UrlPasswordInEnvironment {
 public:
  explicit UrlPasswordInEnvironment(const char *password) { ::setenv(k_image_url_password_variable, password, 1); }
  ~UrlPasswordInEnvironment() { ::unsetenv(k_image_url_password_variable); }
  UrlPasswordInEnvironment(const UrlPasswordInEnvironment &) = delete;
  UrlPasswordInEnvironment &operator=(const UrlPasswordInEnvironment &) = delete;
};

TEST(StageImageOf, PullWithoutALocalCopyAsksTheServerForTheSize) {
  const std::string md5 = "0123456789abcdef0123456789abcdef";
  const UrlPasswordInEnvironment password("pw");
  std::vector<std::string> asked;
  auto server = [&asked](std::int64_t bytes) {
    return [&asked, bytes](const std::string &url) -> Result<devices::UrlSize> {
      asked.push_back(url);
      devices::UrlSize s;
      s.asked = true;
      s.bytes = bytes;
      return s;
    };
  };
  auto pull = stage_image_of("", "ftp://u@h/x.bin", md5, server(123456789));
  ASSERT_TRUE(pull) << pull.error_message();
  EXPECT_EQ(pull->size, 123456789);
  EXPECT_EQ(asked, std::vector<std::string>{"ftp://u:pw@h/x.bin"});  // the router's URL, credentials and all
  // a local copy: its own size, the server is not asked
  const auto dir = fs::temp_directory_path() / fs::unique_path("licmig-stage-%%%%");
  fs::create_directories(dir);
  const auto local = (dir / "x.bin").string();
  std::ofstream(local) << "image bytes";
  auto with_local = stage_image_of(local, "ftp://u@h/x.bin", "", server(1));
  ASSERT_TRUE(with_local) << with_local.error_message();
  EXPECT_EQ(with_local->size, 11);
  EXPECT_EQ(asked.size(), 1U);
  fs::remove_all(dir);
  // an empty file on the server
  EXPECT_NE(stage_image_of("", "ftp://u@h/x.bin", md5, server(0))
                .error_message()
                .find("the server says the file is "
                      "empty"),
            std::string::npos);
  // the server fails the question: its kind, the URL without the password, the remedy
  auto failing = [](const std::string &) -> Result<devices::UrlSize> {
    return Status::error(ErrorKind::not_found, "ftp://u:***@h/x.bin: the server answered 550");
  };
  auto err = stage_image_of("", "ftp://u@h/x.bin", md5, failing);
  ASSERT_FALSE(err);
  EXPECT_EQ(err.status().kind(), ErrorKind::not_found);
  EXPECT_NE(err.error_message().find("give --image FILE"), std::string::npos) << err.error_message();
  EXPECT_EQ(err.error_message().find("pw@"), std::string::npos) << err.error_message();
}

TEST(StageImageOf, SchemesWithoutACheapSizeAreNotAskedAndRefusedWithTheRemedy) {
  const std::string md5 = "0123456789abcdef0123456789abcdef";
  for (const std::string url : {"tftp://10.0.0.5/x.bin", "scp://u@10.0.0.5/x.bin", "sftp://u@10.0.0.5/x.bin"}) {
    auto asked = devices::probe_url_size(url);  // the real probe: no network for these
    ASSERT_TRUE(asked) << url;
    EXPECT_FALSE(asked->asked) << url;
    auto img = stage_image_of("", url, md5);
    ASSERT_TRUE(img) << img.error_message();
    EXPECT_FALSE(img->size);
    const auto scheme = url.substr(0, url.find("://"));
    EXPECT_EQ(img->size_unknown_why, "a " + scheme + ":// server is not asked for a file's size");
    auto d = decide_stage(facts_with(900 * MiB, {}), img.value(), {});
    EXPECT_EQ(d.refusal, StageRefusal::size_unknown);
    EXPECT_NE(d.reason.find("(a " + scheme + ":// server is not asked for a file's size)"), std::string::npos)
        << d.reason;
    EXPECT_NE(d.reason.find("give --image FILE, a local copy"), std::string::npos) << d.reason;
  }
}

TEST(StageImageOf, NoMd5AndNoLocalCopyIsRefusedBeforeTheServerIsAsked) {
  bool asked = false;
  auto probe = [&asked](const std::string &) -> Result<devices::UrlSize> {
    asked = true;
    return devices::UrlSize{};
  };
  EXPECT_EQ(stage_image_of("", "http://h/x.bin", "", probe).error_message(),
            "--image-md5 is needed for a pull without a local copy of the image (--image FILE)");
  EXPECT_FALSE(asked);
  // a bad URL is named without its password
  auto bad = stage_image_of("", "gopher://u:s3cret@h/x.bin", "", probe).error_message();
  EXPECT_EQ(bad.find("s3cret"), std::string::npos) << bad;
  EXPECT_NE(bad.find("gopher://u:***@h/x.bin"), std::string::npos) << bad;
}

TEST(UrlPassword, HiddenInWhatLicmigSays) {
  EXPECT_EQ(snapshot::url_password("ftp://u:pw@h/x.bin"), "pw");
  EXPECT_FALSE(snapshot::url_password("http://h/x.bin"));
  EXPECT_FALSE(snapshot::url_password("sftp://u@h/x.bin"));
  EXPECT_EQ(snapshot::hide_url_password("ftp://u:pw@h/x.bin"), "ftp://u:***@h/x.bin");
  EXPECT_EQ(snapshot::hide_url_password("http://h:8080/x.bin"), "http://h:8080/x.bin");
}

// LICMIG_IMAGE_URL_PASSWORD: the password joins the URL's user in memory, never the command line.
TEST(UrlPassword, FromTheEnvironmentJoinsTheUser) {
  EXPECT_EQ(snapshot::with_url_password("ftp://u@h/x.bin", "p@ss/w:d"), "ftp://u:p@ss/w:d@h/x.bin");
  EXPECT_EQ(snapshot::url_password("ftp://u:p@ss/w:d@h/x.bin"), "p@ss/w:d");  // masked whole
  EXPECT_EQ(snapshot::with_url_password("scp://u@h:2222/a/b@c.bin", "pw"), "scp://u:pw@h:2222/a/b@c.bin");
  EXPECT_FALSE(snapshot::with_url_password("http://h/x.bin", "pw"));       // no user
  EXPECT_FALSE(snapshot::with_url_password("http://h/a@b.bin", "pw"));     // '@' in the path is no user
  EXPECT_FALSE(snapshot::with_url_password("ftp://u:old@h/x.bin", "pw"));  // a password already
  EXPECT_FALSE(snapshot::with_url_password("bootflash:x.bin", "pw"));      // no URL
  EXPECT_EQ(image_url_with_password("ftp://u@h/x.bin", std::nullopt).value(), "ftp://u@h/x.bin");
  EXPECT_EQ(image_url_with_password("ftp://u@h/x.bin", std::string()).value(), "ftp://u@h/x.bin");  // empty: unset
  EXPECT_EQ(image_url_with_password("ftp://u@h/x.bin", std::string("pw")).value(), "ftp://u:pw@h/x.bin");
  // a password in the URL itself (the command line, the process list) is refused, with or without
  // the variable, named without the password and with the remedy
  for (const auto &env : {std::optional<std::string>(), std::optional<std::string>("pw")}) {
    auto typed = image_url_with_password("ftp://u:0ldPw@h/x.bin", env);
    ASSERT_FALSE(typed);
    EXPECT_EQ(typed.status().kind(), ErrorKind::invalid_input);
    EXPECT_NE(typed.error_message().find("'ftp://u:***@h/x.bin' holds a password"), std::string::npos)
        << typed.error_message();
    EXPECT_NE(typed.error_message().find("LICMIG_IMAGE_URL_PASSWORD"), std::string::npos) << typed.error_message();
    EXPECT_EQ(typed.error_message().find("0ldPw"), std::string::npos);
  }
  EXPECT_FALSE(check_image_url("scp://u:pw@h/x.bin"));
  EXPECT_FALSE(check_image_url("gopher://h/x.bin"));
  EXPECT_TRUE(check_image_url("scp://u@h/x.bin"));
  // plan, check and migrate refuse it the same way (the one check)
  TargetOptions t;
  t.release = "17.9.4";
  t.mode = "no-license";
  t.image = "asr920-universalk9_npe.17.09.04.SPA.bin";
  t.image_url = "ftp://u:0ldPw@h/asr920-universalk9_npe.17.09.04.SPA.bin";
  const auto st = validate_target(t);
  ASSERT_FALSE(st);
  EXPECT_NE(st.message().find("holds a password"), std::string::npos) << st.message();
  auto nouser = image_url_with_password("http://h/x.bin", std::string("pw"));
  ASSERT_FALSE(nouser);
  EXPECT_NE(nouser.error_message().find("names no user"), std::string::npos) << nouser.error_message();
}

TEST(TransferProgress, PlainLinesOffATerminalAndNothingWhenQuiet) {
  devices::testing::FakeClock clock;
  StageEvent start;
  start.kind = StageEvent::Kind::transferring;
  start.host = "pe1";
  start.text = "scp x.bin";
  start.total = 10 * MiB;
  StageEvent half = start;
  half.kind = StageEvent::Kind::progress;
  half.text = "sent";
  half.bytes = 5 * MiB;
  StageReport done;
  done.host = "pe1";
  done.outcome = StageOutcome::staged;
  auto shown = [&](const StatusStyle &style) {
    std::ostringstream err;
    TransferProgress p(err, style, 1, clock);
    p.on_event(start);
    clock.advance(std::chrono::seconds(5));
    p.on_event(half);
    p.on_done(done);
    p.finish();
    return err.str();
  };
  StatusStyle plain;
  const auto lines = shown(plain);
  EXPECT_NE(lines.find("stage pe1: sent 5.0 MiB of 10.0 MiB (50%)"), std::string::npos) << lines;
  EXPECT_NE(lines.find("stage pe1: staged"), std::string::npos) << lines;
  EXPECT_EQ(lines.find('\x1b'), std::string::npos) << lines;
  StatusStyle tty;
  tty.tty = true;
  const auto live = shown(tty);
  EXPECT_NE(live.find("stage 0/1 routers, 5.0 MiB of 10.0 MiB, 1.0 MiB/s, ETA 5s | pe1 50%"), std::string::npos)
      << live;
  StatusStyle quiet = tty;
  quiet.quiet = true;
  EXPECT_EQ(shown(quiet), "");
  quiet.tty = false;
  EXPECT_EQ(shown(quiet), "");
}

TEST(RateCap, HoldsTheAggregateRateInSimulatedTime) {
  devices::testing::FakeClock clock;
  RateCap cap(1000000, clock);
  for (int i = 0; i < 100; ++i) cap.acquire(50000);  // 5 MB at 1 MB/s: the first second is the bucket
  EXPECT_GE(clock.slept.count(), 3900);
  EXPECT_LE(clock.slept.count(), 4200);
  RateCap none(0, clock);
  const auto before = clock.slept;
  none.acquire(1 << 30);
  EXPECT_EQ(clock.slept, before);
}

TEST(StageExitCode, FailedOverUnreachableOverRefused) {
  StageReport ok, refused, failed, unreachable;
  ok.outcome = StageOutcome::staged;
  refused.outcome = StageOutcome::refused;
  failed.outcome = StageOutcome::failed;
  failed.attempts = 1;
  unreachable.outcome = StageOutcome::failed;
  unreachable.cause = ErrorKind::refused;
  EXPECT_EQ(stage_exit_code({ok}), 0);
  EXPECT_EQ(stage_exit_code({ok, refused}), 1);
  EXPECT_EQ(stage_exit_code({ok, refused, unreachable}), 3);
  EXPECT_EQ(stage_exit_code({unreachable, failed}), 4);
}

}  // namespace
}  // namespace licmig::migrate
