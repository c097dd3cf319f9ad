// Reports of `licmig check`: the exit code, the JSON report and the JUnit XML (its required
// structure: testsuites > testsuite[name,tests,failures,errors] > testcase[name,classname] with
// failure[message,type] / error / system-out, and counts that agree with the children).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include <tinyxml2.h>
#include <nlohmann/json.hpp>

#include "migrate/exit_code.hpp"
#include "migrate/report.hpp"
#include "rules/checks.hpp"

namespace licmig::migrate {
namespace {

rules::Finding finding(const std::string &id, rules::Severity sev, const std::string &host, const std::string &msg) {
  rules::Finding f;
  f.rule_id = id;
  f.rule_name = rules::find_rule(id) ? rules::find_rule(id)->name : id;
  f.severity = sev;
  f.host = host;
  f.message = msg;
  f.guide = rules::find_rule(id) ? rules::find_rule(id)->guide : "";
  f.remediation = {"configure terminal", "license boot level advancedmetroipaccess", "end"};
  return f;
}

HostCheck checked(const std::string &host, std::vector<rules::Finding> findings) {
  HostCheck c;
  c.host = host;
  c.checked = true;
  c.snapshot_path = "store/snapshots/" + host + "/x.json";
  c.findings = std::move(findings);
  return c;
}

HostCheck unreachable(const std::string &host) {
  HostCheck c;
  c.host = host;
  c.unreachable = true;
  c.error = "connection refused by 127.0.0.1:22: Connection refused";
  return c;
}

// A fleet: clean, an error, two error findings of one rule (two http:// profiles), a warning and
// an info, and an unreachable router.
std::vector<HostCheck> fleet() {
  using rules::Severity;
  return {checked("clean", {}), checked("err", {finding("LM010", Severity::error, "err", "comes up at metroaccess")}),
          checked("twice", {finding("LM050", Severity::error, "twice", "profile A over http"),
                            finding("LM050", Severity::error, "twice", "profile B over http <&> \"quoted\"")}),
          checked("warn", {finding("LM011", Severity::warning, "warn", "no snapshot"),
                           finding("LM011", Severity::info, "warn", "kept by the boot level")}),
          unreachable("down")};
}

TEST(CheckExitCode, CleanFindingsUnreachable) {
  EXPECT_EQ(check_exit_code({}), exit_ok);
  EXPECT_EQ(check_exit_code({checked("a", {})}), exit_ok);
  EXPECT_EQ(check_exit_code({checked("a", {finding("LM011", rules::Severity::warning, "a", "w")})}), exit_ok);
  EXPECT_EQ(check_exit_code({checked("a", {finding("LM011", rules::Severity::info, "a", "i")})}), exit_ok);
  EXPECT_EQ(check_exit_code({checked("a", {finding("LM010", rules::Severity::error, "a", "e")})}), exit_findings);
  EXPECT_EQ(check_exit_code(fleet()), exit_unreachable);  // unreachable wins over errors
  HostCheck not_checked;
  not_checked.host = "nostore";
  not_checked.error = "no stored snapshot";
  EXPECT_EQ(check_exit_code({checked("a", {}), not_checked}), exit_unreachable);
}

TEST(CheckJson, EveryRouterWithItsFindings) {
  auto j = nlohmann::json::parse(check_json(fleet()));
  EXPECT_EQ(j["exit_code"], 3);
  ASSERT_EQ(j["routers"].size(), 5U);
  EXPECT_EQ(j["routers"][0]["host"], "clean");
  EXPECT_TRUE(j["routers"][0]["checked"]);
  EXPECT_TRUE(j["routers"][0]["findings"].empty());
  const auto &err = j["routers"][1];
  ASSERT_EQ(err["findings"].size(), 1U);
  EXPECT_EQ(err["findings"][0]["rule"], "LM010");
  EXPECT_EQ(err["findings"][0]["name"], "pak-without-boot-level");
  EXPECT_EQ(err["findings"][0]["severity"], "error");
  EXPECT_EQ(err["findings"][0]["remediation"][1], "license boot level advancedmetroipaccess");
  EXPECT_FALSE(err["findings"][0]["guide"].get<std::string>().empty());
  EXPECT_EQ(err["snapshot"], "store/snapshots/err/x.json");
  const auto &down = j["routers"][4];
  EXPECT_FALSE(down["checked"]);
  EXPECT_TRUE(down["unreachable"]);
  EXPECT_NE(down["error"].get<std::string>().find("refused"), std::string::npos);
  EXPECT_FALSE(down.contains("findings"));
}

// Validates the structure and returns {suite: {testcase name: child tags}}.
std::map<std::string, std::map<std::string, std::multiset<std::string>>> validate_junit(const std::string &xml) {
  std::map<std::string, std::map<std::string, std::multiset<std::string>>> out;
  tinyxml2::XMLDocument doc;
  EXPECT_EQ(doc.Parse(xml.c_str()), tinyxml2::XML_SUCCESS) << xml;
  const auto *root = doc.RootElement();
  EXPECT_NE(root, nullptr);
  if (root == nullptr) return out;
  EXPECT_STREQ(root->Name(), "testsuites");
  int tests = 0, failures = 0, errors = 0;
  for (const auto *s = root->FirstChildElement(); s; s = s->NextSiblingElement()) {
    EXPECT_STREQ(s->Name(), "testsuite");
    for (const char *attr : {"name", "tests", "failures", "errors"}) {
      EXPECT_NE(s->Attribute(attr), nullptr) << "testsuite without " << attr;
    }
    int cases = 0, failed = 0, errored = 0;
    auto &suite = out[s->Attribute("name") ? s->Attribute("name") : "?"];
    for (const auto *c = s->FirstChildElement(); c; c = c->NextSiblingElement()) {
      EXPECT_STREQ(c->Name(), "testcase");
      EXPECT_NE(c->Attribute("name"), nullptr);
      EXPECT_NE(c->Attribute("classname"), nullptr);
      ++cases;
      bool f = false, e = false;
      auto &tags = suite[c->Attribute("name") ? c->Attribute("name") : "?"];
      for (const auto *x = c->FirstChildElement(); x; x = x->NextSiblingElement()) {
        const std::string tag = x->Name();
        tags.insert(tag);
        EXPECT_TRUE(tag == "failure" || tag == "error" || tag == "skipped" || tag == "system-out" ||
                    tag == "system-err")
            << tag;
        if (tag == "failure" || tag == "error") {
          EXPECT_NE(x->Attribute("message"), nullptr);
          EXPECT_NE(x->Attribute("type"), nullptr);
        }
        f = f || tag == "failure";
        e = e || tag == "error";
      }
      failed += f ? 1 : 0;
      errored += e ? 1 : 0;
    }
    EXPECT_EQ(s->IntAttribute("tests"), cases) << s->Attribute("name");
    EXPECT_EQ(s->IntAttribute("failures"), failed) << s->Attribute("name");
    EXPECT_EQ(s->IntAttribute("errors"), errored) << s->Attribute("name");
    tests += cases;
    failures += failed;
    errors += errored;
  }
  EXPECT_EQ(root->IntAttribute("tests"), tests);
  EXPECT_EQ(root->IntAttribute("failures"), failures);
  EXPECT_EQ(root->IntAttribute("errors"), errors);
  return out;
}

TEST(CheckJunit, RequiredStructureAndConsistentCounts) {
  const auto suites = validate_junit(check_junit(fleet(), "licmig check 17.12.1 no-license"));
  ASSERT_EQ(suites.size(), 5U);
  const std::size_t rules = rules::rule_catalog().size();
  // a testcase per rule for every checked router, one `snapshot` testcase for the unreachable one
  for (const char *host : {"clean", "err", "twice", "warn"}) EXPECT_EQ(suites.at(host).size(), rules) << host;
  ASSERT_EQ(suites.at("down").size(), 1U);
  EXPECT_EQ(suites.at("down").at("snapshot"), (std::multiset<std::string>{"error"}));
  for (const auto &[name, tags] : suites.at("clean")) EXPECT_TRUE(tags.empty()) << name;
  EXPECT_EQ(suites.at("err").at("LM010 pak-without-boot-level"), (std::multiset<std::string>{"failure"}));
  // two findings of one rule: two failure elements, one failed testcase (the counts check above)
  EXPECT_EQ(suites.at("twice").at("LM050 call-home-http"), (std::multiset<std::string>{"failure", "failure"}));
  // warnings and info pass, with the finding in system-out
  EXPECT_EQ(suites.at("warn").at("LM011 pak-snapshot-skipped"), (std::multiset<std::string>{"system-out"}));
}

TEST(CheckJunit, EscapesTextAndKeepsMessages) {
  const auto xml = check_junit(fleet(), "suite <&>");
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.Parse(xml.c_str()), tinyxml2::XML_SUCCESS);
  EXPECT_STREQ(doc.RootElement()->Attribute("name"), "suite <&>");
  bool seen = false;
  for (const auto *s = doc.RootElement()->FirstChildElement("testsuite"); s; s = s->NextSiblingElement("testsuite")) {
    if (std::string(s->Attribute("name")) != "twice") continue;
    for (const auto *c = s->FirstChildElement("testcase"); c; c = c->NextSiblingElement("testcase")) {
      for (const auto *f = c->FirstChildElement("failure"); f; f = f->NextSiblingElement("failure")) {
        if (std::string(f->Attribute("message")) == "profile B over http <&> \"quoted\"") seen = true;
        EXPECT_NE(std::string(f->GetText()).find("license boot level advancedmetroipaccess"), std::string::npos);
      }
    }
  }
  EXPECT_TRUE(seen);
}

TEST(CheckJunit, TimestampIsIso8601WithoutZone) {
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.Parse(check_junit({checked("a", {})}, "s").c_str()), tinyxml2::XML_SUCCESS);
  const std::string ts = doc.RootElement()->FirstChildElement("testsuite")->Attribute("timestamp");
  ASSERT_EQ(ts.size(), 19U) << ts;  // xs:dateTime as the JUnit schema has it: YYYY-MM-DDThh:mm:ss
  EXPECT_EQ(ts[4], '-');
  EXPECT_EQ(ts[10], 'T');
  EXPECT_EQ(ts[13], ':');
}

TEST(CheckTable, CountsAndUnreachable) {
  const auto text = check_table(fleet());
  EXPECT_NE(text.find("clean: clean"), std::string::npos);
  EXPECT_NE(text.find("down: UNREACHABLE"), std::string::npos);
  EXPECT_NE(text.find("5 routers: 3 errors, 1 warnings, 1 not checked"), std::string::npos) << text;
}

}  // namespace
}  // namespace licmig::migrate
