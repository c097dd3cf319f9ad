// Tests of rules/target_release.hpp: the target release and the image are validated before any
// router is touched (issue 11: 99999.1.1 with a 17.12.1 image reloaded a router).
#include <gtest/gtest.h>

#include "rules/target_release.hpp"

namespace licmig::rules {
namespace {

const SupportMatrix &m() { return SupportMatrix::builtin(); }

TEST(ImageRelease, ReadsTheReleaseFromImageNames) {
  EXPECT_EQ(image_release("asr920-universalk9_npe.17.12.01.SPA.bin")->normalised(), "17.12.1");
  EXPECT_EQ(image_release("bootflash:asr900rsp2-universalk9_npe.16.09.04.SPA.bin")->normalised(), "16.9.4");
  EXPECT_EQ(image_release("asr920igp-universalk9_npe.17.06.01a.SPA.bin")->normalised(), "17.6.1a");
  EXPECT_EQ(image_release("/images/isr4400-universalk9.17.03.04a.SPA.bin")->normalised(), "17.3.4a");
}

TEST(ImageRelease, NameWithoutReleaseIsNotFound) {
  auto r = image_release("golden.bin");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().kind(), ErrorKind::not_found);
  EXPECT_EQ(r.error_message(),
            "--image golden.bin: no release in the file name (expected e.g. asr920-universalk9_npe.17.12.01.SPA.bin)");
  EXPECT_FALSE(image_release("asr920.17.12.SPA.bin"));
}

TEST(TargetRelease, KnownTrainsAndLaterOnesUpToTheNewestAreAccepted) {
  for (const char *ok : {"16.9.4", "16.12.5", "17.1.1", "17.6.1", "17.9.4", "17.9.4a", "17.11.1", "17.12.1", "17.15.3",
                         "17.18.1", "17.09.04"}) {
    auto r = validate_target_release(ok, m(), false);
    EXPECT_TRUE(r) << ok << ": " << r.status().message();
  }
}

TEST(TargetRelease, NonsenseIsRefusedBeforeAnyConnection) {
  auto r = validate_target_release("99999.1.1", m(), false);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.status().kind(), ErrorKind::invalid_input);
  EXPECT_EQ(r.error_message(),
            "--target-release 99999.1.1: newer than the newest release train licmig knows (17.18); check the number, "
            "or pass --allow-unlisted-release");
  auto x = validate_target_release("17.x", m(), false);
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error_message().rfind("--target-release '17.x': not a release (", 0), 0u) << x.error_message();
  EXPECT_FALSE(validate_target_release("17.19.1", m(), false));
  EXPECT_FALSE(validate_target_release("18.1.1", m(), false));
  EXPECT_FALSE(validate_target_release("17.7.1-prd9", m(), false));
  auto classic = validate_target_release("15.8(3)M3b", m(), false);
  ASSERT_FALSE(classic);
  EXPECT_EQ(classic.error_message(),
            "--target-release 15.8(3)M3b: not a release of the support matrix (16.x and 17.1 to 17.18)");
  // allowed explicitly: a newer train; never an unparseable or out-of-matrix one
  EXPECT_TRUE(validate_target_release("17.19.1", m(), true));
  EXPECT_FALSE(validate_target_release("17.x", m(), true));
  EXPECT_FALSE(validate_target_release("15.8(3)M3b", m(), true));
}

TEST(TargetRelease, ImageMustBeBuiltForTheTarget) {
  const auto t = Release::of("17.12.1");
  EXPECT_TRUE(check_image_matches_target("asr920-universalk9_npe.17.12.01.SPA.bin", t));
  auto st = check_image_matches_target("asr920-universalk9_npe.17.09.04.SPA.bin", t);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.kind(), ErrorKind::invalid_input);
  EXPECT_EQ(st.message(),
            "--image asr920-universalk9_npe.17.09.04.SPA.bin is release 17.9.4, not the target release 17.12.1");
  // a rebuild of the target is the target; a target naming a rebuild needs exactly it
  EXPECT_TRUE(check_image_matches_target("asr920-universalk9_npe.17.09.04a.SPA.bin", Release::of("17.9.4")));
  EXPECT_FALSE(check_image_matches_target("asr920-universalk9_npe.17.09.04.SPA.bin", Release::of("17.9.4a")));
  EXPECT_FALSE(check_image_matches_target("golden.bin", t));
}

TEST(SupportMatrixNewest, DataNamesTheNewestTrain) {
  EXPECT_EQ(m().newest_train(), "17.18");
  EXPECT_TRUE(m().knows(Release::of("17.18.2")));
  EXPECT_FALSE(m().knows(Release::of("17.19.1")));
  auto bad = SupportMatrix::from_xml(
      "<support-matrix><row train=\"17.11\" pak=\"no\" snapshot=\"no\" smart=\"yes\" no-license=\"yes\" slr=\"yes\"/>"
      "<after train=\"17.11\"/><newest train=\"17.9\"/></support-matrix>",
      "m.xml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error_message(), "m.xml:1: <newest> names a train before the <after> train");
}

}  // namespace
}  // namespace licmig::rules
