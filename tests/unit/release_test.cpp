// Release: every spelling seen in real `show version` output and in the vendor guide parses,
// equivalent spellings are equal, the order is the upgrade order, and garbage is an error value.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "snapshot/model.hpp"
#include "snapshot/release.hpp"

namespace licmig::snapshot {
namespace {

struct ParseCase {
  const char *text;
  const char *normalised;
  const char *base;
  const char *train;
  bool iosxe;
  int major;
  int minor;
  int patch;
  const char *rebuild;
  const char *prerelease;
};

const std::vector<ParseCase> &parse_cases() {
  static const std::vector<ParseCase> cases = {
      // IOS XE 16.x / 17.x
      {"17.07.01prd9", "17.7.1-prd9", "17.7.1", "17.x", true, 17, 7, 1, "", "prd9"},
      {"17.07.01prd15", "17.7.1-prd15", "17.7.1", "17.x", true, 17, 7, 1, "", "prd15"},
      {"17.7.1prd16", "17.7.1-prd16", "17.7.1", "17.x", true, 17, 7, 1, "", "prd16"},
      {"17.09.08prd1", "17.9.8-prd1", "17.9.8", "17.x", true, 17, 9, 8, "", "prd1"},
      {"17.7.1", "17.7.1", "17.7.1", "17.x", true, 17, 7, 1, "", ""},
      {"17.07.01", "17.7.1", "17.7.1", "17.x", true, 17, 7, 1, "", ""},
      {"17.3.4a", "17.3.4a", "17.3.4a", "17.x", true, 17, 3, 4, "a", ""},
      {"17.10.1a", "17.10.1a", "17.10.1a", "17.x", true, 17, 10, 1, "a", ""},
      {"17.05.01a", "17.5.1a", "17.5.1a", "17.x", true, 17, 5, 1, "a", ""},
      {"17.03.04", "17.3.4", "17.3.4", "17.x", true, 17, 3, 4, "", ""},
      {"17.12.04", "17.12.4", "17.12.4", "17.x", true, 17, 12, 4, "", ""},
      {"16.6.10", "16.6.10", "16.6.10", "16.x", true, 16, 6, 10, "", ""},
      {"16.06.10", "16.6.10", "16.6.10", "16.x", true, 16, 6, 10, "", ""},
      {"16.09.04", "16.9.4", "16.9.4", "16.x", true, 16, 9, 4, "", ""},
      {"16.12.04", "16.12.4", "16.12.4", "16.x", true, 16, 12, 4, "", ""},
      {"16.12.03a", "16.12.3a", "16.12.3a", "16.x", true, 16, 12, 3, "a", ""},
      // engineering builds
      {"17.2.20191101:003833", "17.2-20191101:003833", "17.2", "17.x", true, 17, 2, 0, "", "20191101:003833"},
      {"16.3.20190723:152036", "16.3-20190723:152036", "16.3", "16.x", true, 16, 3, 0, "", "20190723:152036"},
      {"17.19.20250520:011900", "17.19-20250520:011900", "17.19", "17.x", true, 17, 19, 0, "", "20250520:011900"},
      // IOS XE 3.x
      {"03.16.08.S", "3.16.8S", "3.16.8S", "3.x", true, 3, 16, 8, "", ""},
      {"3.16.8S", "3.16.8S", "3.16.8S", "3.x", true, 3, 16, 8, "", ""},
      {"03.13.04b.S", "3.13.4bS", "3.13.4bS", "3.x", true, 3, 13, 4, "b", ""},
      {"03.04.06.SG", "3.4.6SG", "3.4.6SG", "3.x", true, 3, 4, 6, "", ""},
      {"03.06.05E", "3.6.5E", "3.6.5E", "3.x", true, 3, 6, 5, "", ""},
      {"03.09.01.S", "3.9.1S", "3.9.1S", "3.x", true, 3, 9, 1, "", ""},
      // classic IOS
      {"15.8(3)M3b", "15.8(3)M3b", "15.8(3)M3b", "15.x", false, 15, 8, 3, "M3b", ""},
      {"15.2(4)S5", "15.2(4)S5", "15.2(4)S5", "15.x", false, 15, 2, 4, "S5", ""},
      {"12.2(55)SE", "12.2(55)SE", "12.2(55)SE", "12.x", false, 12, 2, 55, "SE", ""},
      {"12.2(55)SE8", "12.2(55)SE8", "12.2(55)SE8", "12.x", false, 12, 2, 55, "SE8", ""},
      {"15.6(2)SP4", "15.6(2)SP4", "15.6(2)SP4", "15.x", false, 15, 6, 2, "SP4", ""},
      {"15.3(2)S1", "15.3(2)S1", "15.3(2)S1", "15.x", false, 15, 3, 2, "S1", ""},
      {"12.3(6f)", "12.3(6f)", "12.3(6f)", "12.x", false, 12, 3, 6, "", ""},
      {"11.0(10c)XB1", "11.0(10c)XB1", "11.0(10c)XB1", "11.x", false, 11, 0, 10, "XB1", ""},
      {"15.4(2)T", "15.4(2)T", "15.4(2)T", "15.x", false, 15, 4, 2, "T", ""},
      {"15.2(4.0.55)E", "15.2(4.0.55)E", "15.2(4)E", "15.x", false, 15, 2, 4, "E", "0.55"},
      {"12.2(33)SRE11", "12.2(33)SRE11", "12.2(33)SRE11", "12.x", false, 12, 2, 33, "SRE11", ""},
      // surrounding blanks are not part of the release
      {"  17.7.1 ", "17.7.1", "17.7.1", "17.x", true, 17, 7, 1, "", ""},
  };
  return cases;
}

TEST(ReleaseTest, ParsesEverySpelling) {
  for (const auto &c : parse_cases()) {
    SCOPED_TRACE(c.text);
    auto r = Release::parse(c.text);
    ASSERT_TRUE(r) << r.error_message();
    EXPECT_EQ(r->normalised(), c.normalised);
    EXPECT_EQ(r->base(), c.base);
    EXPECT_EQ(r->train(), c.train);
    EXPECT_EQ(r->is_iosxe(), c.iosxe);
    EXPECT_EQ(r->family(), c.iosxe ? Release::Family::iosxe : Release::Family::ios);
    EXPECT_EQ(r->major(), c.major);
    EXPECT_EQ(r->minor(), c.minor);
    EXPECT_EQ(r->patch(), c.patch);
    EXPECT_EQ(r->rebuild(), c.rebuild);
    EXPECT_EQ(r->prerelease(), c.prerelease);
  }
}

TEST(ReleaseTest, KeepsTheTextAsGiven) {
  EXPECT_EQ(Release::of("17.07.01prd9").text(), "17.07.01prd9");
  EXPECT_EQ(Release::of("03.16.08.S").text(), "03.16.08.S");
}

TEST(ReleaseTest, NormalisedFormParsesBackToTheSameRelease) {
  for (const auto &c : parse_cases()) {
    SCOPED_TRACE(c.text);
    auto original = Release::of(c.text);
    auto again = Release::parse(original.normalised());
    ASSERT_TRUE(again) << again.error_message();
    EXPECT_EQ(*again, original);
    EXPECT_EQ(again->normalised(), original.normalised());
  }
}

TEST(ReleaseTest, EquivalentSpellingsAreEqual) {
  const std::vector<std::pair<const char *, const char *>> same = {
      {"17.07.01", "17.7.1"},
      {"16.09.04", "16.9.4"},
      {"16.06.10", "16.6.10"},
      {"03.16.08.S", "3.16.8S"},
      {"03.13.04b.S", "3.13.4bS"},
      {"17.07.01prd9", "17.7.1prd9"},
      {"17.07.01prd9", "17.7.1-prd9"},
      {"17.7.1prd09", "17.7.1prd9"},
      {"17.03.04", "17.3.4"},
      {"15.8(3)M03b", "15.8(3)M3b"},
      {"17.2.20191101:003833", "17.2-20191101:003833"},
  };
  for (const auto &[a, b] : same) {
    SCOPED_TRACE(std::string(a) + " vs " + b);
    EXPECT_EQ(Release::of(a), Release::of(b));
    EXPECT_FALSE(Release::of(a) < Release::of(b));
    EXPECT_FALSE(Release::of(a) > Release::of(b));
    EXPECT_EQ(Release::of(a).compare(Release::of(b)), 0);
    EXPECT_EQ(Release::of(a).normalised(), Release::of(b).normalised());
  }
  EXPECT_NE(Release::of("17.3.4"), Release::of("17.3.4a"));
  EXPECT_NE(Release::of("17.7.1"), Release::of("17.7.1prd9"));
}

// Each release sorts strictly after the one before it.
void expect_ascending(const std::vector<const char *> &order) {
  for (std::size_t i = 1; i < order.size(); ++i) {
    SCOPED_TRACE(std::string(order[i - 1]) + " < " + order[i]);
    auto a = Release::of(order[i - 1]);
    auto b = Release::of(order[i]);
    EXPECT_LT(a, b);
    EXPECT_LE(a, b);
    EXPECT_GT(b, a);
    EXPECT_GE(b, a);
    EXPECT_NE(a, b);
    EXPECT_LT(a.compare(b), 0);
    EXPECT_GT(b.compare(a), 0);
  }
}

TEST(ReleaseTest, GuideTable3IsInUpgradeOrder) {
  expect_ascending(
      {"17.1.1", "17.2.1", "17.3.1", "17.4.1", "17.5.1", "17.6.1", "17.7.1", "17.8.1", "17.9.1", "17.10.1", "17.11.1"});
}

TEST(ReleaseTest, OrdersAcrossFamiliesAndBuilds) {
  expect_ascending({
      "11.0(10c)XB1", "12.2(55)SE", "12.2(55)SE8", "12.3(6)",   "12.3(6f)",   "15.2(4.0.55)E", "15.2(4)E",
      "15.2(4)S5",    "15.6(2)SP4", "15.8(3)M",    "15.8(3)M3", "15.8(3)M3a", "15.8(3)M3b",    "15.8(3)M4",
      "03.13.04b.S",  "3.16.8S",    "16.6.10",     "16.09.04",  "16.12.04",   "17.1.1",        "17.2.20191101:003833",
      "17.2.1",       "17.3.4",     "17.3.4a",     "17.3.4b",   "17.3.5",     "17.07.01prd9",  "17.07.01prd15",
      "17.7.1",       "17.7.1a",    "17.9.1",      "17.10.1",   "17.10.1a",   "17.11.1",
  });
}

TEST(ReleaseTest, EngineeringBuildsSortBeforePrdBuildsOfTheirTrain) {
  expect_ascending({"17.6.5", "17.7.20211001:172846", "17.7.1prd9", "17.7.1"});
  expect_ascending({"17.7.20211001:172846", "17.7.20211003:014100"});
}

TEST(ReleaseTest, TrainsAndFamilies) {
  EXPECT_EQ(Release::of("16.9.4").train(), "16.x");
  EXPECT_EQ(Release::of("17.11.1").train(), "17.x");
  EXPECT_EQ(Release::of("03.16.08.S").train(), "3.x");
  EXPECT_EQ(Release::of("15.2(4)S5").train(), "15.x");
  EXPECT_TRUE(Release::of("03.16.08.S").is_iosxe());
  EXPECT_FALSE(Release::of("15.2(4)S5").is_iosxe());
}

TEST(ReleaseTest, GarbageIsAnErrorNeverAThrow) {
  const std::vector<std::string> garbage = {
      "",
      " ",
      "17",
      "17.7",
      "17.",
      "17.7.",
      "17.a.1",
      "abc",
      "17.7.1prd",
      "17.7.1pr",
      "17.7.1ab",
      "17.7.1-",
      "17.7.1-a",
      "17.7.1 foo",
      "v17.7.1",
      "17..1",
      "15.2(4",
      "15.2()S",
      "15.2(4)S5)",
      "15.2(4)s5x",
      "12.4.1",
      "99999999999.1.1",
      "17.99999999999.1",
      "17.7.99999999999",
      "15.99999999999(1)M",
      "15.2(99999999999)M",
      "15.2(4)M99999999999",
      "17.2.20191101:",
      "17.2.20191101:99999999999",
      "BLD_POLARIS_DEV_LATEST_20210302_012043",
      "2019-10-31_17.49_makale",
      std::string("17.7\0.1", 7),
  };
  for (const auto &g : garbage) {
    SCOPED_TRACE("'" + g + "'");
    Result<Release> r = Status::ok();
    EXPECT_NO_THROW(r = Release::parse(g));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.status().kind(), ErrorKind::parse_error);
    EXPECT_NE(r.error_message().find("'" + g + "'"), std::string::npos) << r.error_message();
  }
}

TEST(ReleaseTest, ErrorMessageQuotesTheText) {
  auto r = Release::parse("abc");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error_message(), "not a software release: 'abc'");
}

TEST(ReleaseTest, OfThrowsOnlyForCodeThatPassesGarbage) {
  EXPECT_THROW(Release::of("17.a.1"), std::invalid_argument);
  EXPECT_NO_THROW(Release::of("17.7.1"));
}

// Regression (issue 10): the executor's post-reload check and the standby check read only
// `version`, which on an engineering build is a build label; rules read `release` first. One
// function now answers "which release does this show version show".
TEST(ReleaseOf, NormalisedReleaseFirstThenVersion) {
  VersionInfo v;
  EXPECT_FALSE(release_of(v));
  v.version = "17.07.01prd9";
  EXPECT_EQ(release_of(v)->normalised(), "17.7.1-prd9");
  v.version = "BLD_POLARIS_DEV_LATEST_20210921";
  EXPECT_FALSE(release_of(v));
  v.release = "17.7.1";
  ASSERT_TRUE(release_of(v));
  EXPECT_EQ(release_of(v)->normalised(), "17.7.1");
}

}  // namespace
}  // namespace licmig::snapshot
