// Round trips of the snapshot model through JSON and XML. A generic filler sets every field that
// the model's describe() lists, so a field added later is covered without touching this test.
#include <gtest/gtest.h>

#include <string>
#include <type_traits>

#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

struct Filler {
  int *counter;
  std::string prefix;

  template <class F>
  void fill(const std::string &key, F &field) const {
    ++*counter;
    if constexpr (std::is_same_v<F, std::string>) {
      field = prefix + key + "-" + std::to_string(*counter);
    } else if constexpr (std::is_same_v<F, bool>) {
      field = (*counter % 2) == 0;
    } else if constexpr (std::is_integral_v<F>) {
      field = static_cast<F>(*counter * 1000003LL);
    } else if constexpr (std::is_same_v<F, LicenseMode>) {
      field = LicenseMode::no_license;
    } else if constexpr (is_optional<F>::value) {
      typename F::value_type inner{};
      fill(key, inner);
      field = std::move(inner);
    } else if constexpr (is_vector<F>::value) {
      field.clear();
      for (int i = 0; i < 2; ++i) {
        typename F::value_type inner{};
        fill(key + std::to_string(i), inner);
        field.push_back(std::move(inner));
      }
    } else {
      F::describe(field, Filler{counter, prefix + key + "."});
    }
  }
  template <class F>
  void operator()(const char *key, F &field) const {
    fill(key, field);
  }
};

Snapshot full_snapshot() {
  Snapshot s;
  int counter = 0;
  Snapshot::describe(s, Filler{&counter, ""});
  return s;
}

nlohmann::json as_json(const Snapshot &s) { return nlohmann::json(s); }

TEST(Serialize, FillerReachesEveryField) {
  auto j = as_json(full_snapshot());
  // every optional of the filled snapshot is present
  EXPECT_TRUE(j["version"].contains("next_reload_license_level"));
  EXPECT_TRUE(j.contains("pak_snapshot"));
  EXPECT_EQ(j["license_mode"], "no-license");
  EXPECT_EQ(j["pak_licenses"].size(), 2U);
}

TEST(Serialize, EmptySnapshotRoundTripsThroughJson) {
  Snapshot s;
  auto back = snapshot_from_json_text(snapshot_to_json_text(s));
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(as_json(back.value()), as_json(s));
}

TEST(Serialize, FullSnapshotRoundTripsThroughJson) {
  auto s = full_snapshot();
  auto back = snapshot_from_json_text(snapshot_to_json_text(s));
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(as_json(back.value()), as_json(s));
}

TEST(Serialize, FullSnapshotRoundTripsThroughXml) {
  auto s = full_snapshot();
  auto xml = snapshot_to_xml_text(s);
  auto back = snapshot_from_xml_text(xml);
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(as_json(back.value()), as_json(s));
}

TEST(Serialize, EmptySnapshotRoundTripsThroughXml) {
  Snapshot s;
  auto back = snapshot_from_xml_text(snapshot_to_xml_text(s));
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(as_json(back.value()), as_json(s));
}

TEST(Serialize, AbsentOptionalsAreAbsentKeys) {
  Snapshot s;
  auto j = as_json(s);
  EXPECT_FALSE(j["version"].contains("hostname"));
  EXPECT_FALSE(j.contains("pak_snapshot"));
  EXPECT_FALSE(j.contains("boot"));
  s.version.hostname = "R1";
  EXPECT_EQ(as_json(s)["version"]["hostname"], "R1");
}

// Raw router text carries what XML 1.0 cannot hold verbatim: carriage returns, backspaces from
// pagers, escape sequences, markup characters, and edge whitespace.
TEST(Serialize, HostileRawTextRoundTripsThroughXml) {
  Snapshot s;
  s.host = "r1 <&> \"quoted\"";
  s.raw.push_back({"show version", "line1\r\nline2 --More--\b\b\b\b\b\b\b\b  \x1b[7m\x01\x7f end"});
  s.raw.push_back({"show license", "   \n\t  "});
  s.raw.push_back({"show boot", "  leading and trailing  "});
  s.raw.push_back({"empty", ""});
  s.raw.push_back({"cdata", "]]> <![CDATA[ x ]]>"});
  s.version.image = "bootflash:\xc3\xa9t\xc3\xa9.bin";  // UTF-8
  auto back = snapshot_from_xml_text(snapshot_to_xml_text(s));
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(as_json(back.value()), as_json(s));
  auto jback = snapshot_from_json_text(snapshot_to_json_text(s));
  ASSERT_TRUE(jback) << jback.error_message();
  EXPECT_EQ(as_json(jback.value()), as_json(s));
}

TEST(Serialize, InvalidUtf8RoundTripsThroughXml) {
  Snapshot s;
  s.raw.push_back({"show version", std::string("a\xff\xfe\x01b\r\n", 7)});
  s.host = std::string("h\xc3", 2);
  auto xml = snapshot_to_xml_text(s);
  EXPECT_NE(xml.find("encoding=\"hex\""), std::string::npos);
  auto back = snapshot_from_xml_text(xml);
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(back->raw.at(0).text, s.raw.at(0).text);
  EXPECT_EQ(back->host, s.host);
}

TEST(Serialize, XmlRecordIsReadable) {
  Snapshot s;
  s.host = "pe1";
  s.version.hostname = "PE1";
  s.license_mode = LicenseMode::traditional;
  auto xml = snapshot_to_xml_text(s);
  EXPECT_NE(xml.find("<snapshot type=\"object\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<hostname>PE1</hostname>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<license_mode>traditional</license_mode>"), std::string::npos) << xml;
}

TEST(Serialize, BadJsonIsAnErrorNotACrash) {
  for (const char *text : {"", "{", "[]", "{\"license_mode\": \"bogus\"}", "{\"pak_licenses\": 7}",
                           "{\"version\": {\"hostname\": 12}}", "null"}) {
    auto r = snapshot_from_json_text(text);
    EXPECT_FALSE(r) << text;
    if (!r) {
      EXPECT_EQ(r.status().kind(), ErrorKind::parse_error);
    }
  }
}

TEST(Serialize, BadXmlIsAnErrorNotACrash) {
  for (const char *text :
       {"", "<snapshot", "<snapshot type=\"object\"><raw type=\"list\"><item>x</item></raw></snapshot>",
        "<snapshot><license_mode>bogus</license_mode></snapshot>",
        "<snapshot type=\"object\"><pak_licenses type=\"list\"><item type=\"object\"><index "
        "type=\"int\">abc</index></item></pak_licenses></snapshot>",
        "<snapshot type=\"object\"><host encoding=\"json\">not json</host></snapshot>", "<snapshot type=\"weird\"/>"}) {
    auto r = snapshot_from_xml_text(text);
    EXPECT_FALSE(r) << text;
  }
}

TEST(Serialize, XmlErrorNamesTheLine) {
  auto r = snapshot_from_xml_text(
      "<?xml version=\"1.0\"?>\n<snapshot type=\"object\">\n<host type=\"bool\">maybe</host>\n</snapshot>\n");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error_message().find("line 3"), std::string::npos) << r.error_message();
}

}  // namespace
}  // namespace licmig::snapshot
