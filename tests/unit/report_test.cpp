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
#include "migrate/json_report.hpp"
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
  c.error_kind = ErrorKind::refused;
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
  // --from-store without a stored snapshot: no data, an input error, not "unreachable"
  HostCheck not_checked;
  not_checked.host = "nostore";
  not_checked.error = "no stored snapshot of nostore in store";
  not_checked.error_kind = ErrorKind::not_found;
  EXPECT_EQ(check_exit_code({checked("a", {}), not_checked}), exit_usage);
  EXPECT_EQ(check_exit_code({checked("a", {finding("LM010", rules::Severity::error, "a", "e")}), not_checked}),
            exit_usage);
  EXPECT_EQ(check_exit_code({not_checked, unreachable("down")}), exit_unreachable);  // the worst wins
  // no user name for a router: an input error (2), as in snapshot, plan and show
  HostCheck no_user;
  no_user.host = "nouser";
  no_user.error = "nouser: no user name: set ansible_user in the inventory, ...";
  no_user.error_kind = ErrorKind::invalid_input;
  EXPECT_EQ(check_exit_code({no_user}), exit_usage);
  // a session that failed after connecting (garbled output): 4
  HostCheck garbled;
  garbled.host = "garbled";
  garbled.error = "show version: output not recognised";
  garbled.error_kind = ErrorKind::parse_error;
  EXPECT_EQ(check_exit_code({garbled}), exit_failed);
  HostCheck full = garbled;
  full.store_failed = true;
  full.error_kind = ErrorKind::no_space;
  EXPECT_EQ(check_exit_code({full, unreachable("down")}), exit_store_unavailable);
}

TEST(RunExitCode, TheWorstRouterWins) {
  RouterRun ok;
  ok.outcome = Outcome::migrated;
  RouterRun refused;
  refused.outcome = Outcome::refused;
  RouterRun down;
  down.outcome = Outcome::unreachable;
  down.cause = ErrorKind::refused;
  RouterRun no_user;  // its plan could not be made: no user name (plan and --dry-run give 2)
  no_user.outcome = Outcome::unreachable;
  no_user.cause = ErrorKind::invalid_input;
  RouterRun failed;
  failed.outcome = Outcome::failed;
  EXPECT_EQ(run_exit_code({ok}), exit_ok);
  EXPECT_EQ(run_exit_code({ok, refused}), exit_findings);
  EXPECT_EQ(run_exit_code({refused, no_user}), exit_usage);
  EXPECT_EQ(run_exit_code({no_user, down}), exit_unreachable);
  EXPECT_EQ(run_exit_code({down, failed, refused}), exit_failed);
}

TEST(RouterExitCode, OneTableForEveryCommand) {
  EXPECT_EQ(router_exit_code(ErrorKind::refused, false, false), exit_unreachable);
  EXPECT_EQ(router_exit_code(ErrorKind::auth_failed, false, false), exit_unreachable);
  EXPECT_EQ(router_exit_code(ErrorKind::host_key_changed, false, false), exit_unreachable);
  EXPECT_EQ(router_exit_code(ErrorKind::invalid_input, false, false), exit_usage);
  EXPECT_EQ(router_exit_code(ErrorKind::not_found, false, false), exit_usage);
  EXPECT_EQ(router_exit_code(ErrorKind::parse_error, false, false), exit_failed);
  EXPECT_EQ(router_exit_code(ErrorKind::failed, true, false), exit_unreachable);
  EXPECT_EQ(router_exit_code(ErrorKind::io_error, false, true), exit_store_unavailable);
  EXPECT_STREQ(router_status(ErrorKind::not_found, false, false), "no-data");
  EXPECT_STREQ(router_status(ErrorKind::timed_out, false, false), "unreachable");
  // every command's codes are rows of the one table, each listed once, in order
  for (const auto &c : command_exit_codes()) {
    int last = -1;
    for (auto code : c.codes) {
      EXPECT_GT(static_cast<int>(code), last) << c.command;
      EXPECT_STRNE(exit_code_meaning(code), "") << c.command;
      last = code;
    }
  }
  EXPECT_NE(exit_codes_text("diff").find("  1  "), std::string::npos);
  EXPECT_EQ(exit_codes_text("diff").find("  3  "), std::string::npos);  // diff reaches no router
}

TEST(CheckJson, EveryRouterWithItsFindings) {
  auto j = nlohmann::json::parse(check_json(fleet()));
  EXPECT_EQ(j["schema"], "licmig/1");
  EXPECT_EQ(j["command"], "check");
  EXPECT_TRUE(j["run"].is_null());
  EXPECT_EQ(j["summary"]["exit_code"], 3);
  EXPECT_EQ(j["summary"]["routers"], 5);
  EXPECT_EQ(j["summary"]["clean"], 2);  // "warn" has no error finding
  EXPECT_EQ(j["summary"]["findings"], 2);
  EXPECT_EQ(j["summary"]["unreachable"], 1);
  EXPECT_EQ(j["summary"]["errors"], 3);
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
  EXPECT_EQ(down["status"], "unreachable");
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

TEST(JsonReport, OneEnvelope) {
  JsonReport report{"stage", std::string("20261130T101010Z-ab12")};
  report.routers.push_back({{"host", "a"}, {"status", "staged"}});
  report.routers.push_back({{"host", "b"}, {"status", "staged"}});
  report.routers.push_back({{"host", "c"}, {"status", "failed"}, {"error", "x"}});
  report.summary = count_statuses(report.routers);
  auto j = nlohmann::json::parse(render_json_report(std::move(report), exit_failed));
  EXPECT_EQ(j["schema"], "licmig/1");
  EXPECT_EQ(j["command"], "stage");
  EXPECT_EQ(j["run"], "20261130T101010Z-ab12");
  EXPECT_EQ(j["summary"], (nlohmann::json{{"staged", 2}, {"failed", 1}, {"routers", 3}, {"exit_code", 4}}));
  EXPECT_EQ(j.size(), 5U);
  // a command with no routers: its payload under its name; invalid UTF-8 does not throw
  JsonReport matrix{"matrix", std::nullopt};
  matrix.data = {"matrix", nlohmann::json{{"rows", {"\xff"}}}};
  auto m = nlohmann::json::parse(render_json_report(matrix, exit_ok));
  EXPECT_TRUE(m["routers"].empty());
  EXPECT_EQ(m["matrix"]["rows"][0], "\xef\xbf\xbd");
}

TEST(JsonEnvelope, SpooledRowsGiveTheSameTextAsRowsInMemory) {
  std::vector<nlohmann::json> rows = {
      {{"host", "pe1"}, {"status", "recorded"}, {"notes", {"a", "b"}}},
      {{"host", "pe2"}, {"status", "unreachable"}, {"error", "refused\nagain"}},
      {{"host", "pe3\xff"}, {"status", "recorded"}, {"notes", nlohmann::json::array()}}};
  JsonReport in_memory{"snapshot", std::nullopt};
  for (const auto &r : rows) in_memory.routers.push_back(r);
  in_memory.summary = count_statuses(in_memory.routers);
  base::Spool spool(rows.size());
  for (std::size_t i = rows.size(); i-- > 0;) spool.put(i, json_report_row_text(rows[i]));  // any order
  JsonReport spooled{"snapshot", std::nullopt};
  spooled.summary = count_statuses(in_memory.routers);
  auto text = render_json_report(std::move(spooled), exit_unreachable, spool);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, render_json_report(std::move(in_memory), exit_unreachable));
  // no rows at all: the same empty array
  base::Spool none(0);
  auto empty = render_json_report(JsonReport{"snapshot", std::nullopt}, exit_ok, none);
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, render_json_report(JsonReport{"snapshot", std::nullopt}, exit_ok));
}

TEST(RunJson, RowsCarryTheRunAndTheJournalValues) {
  RouterRun r;
  r.host = "pe1";
  r.outcome = Outcome::migrated;
  r.from = "16.9.4 traditional advancedmetroipaccess";
  r.to = "17.9.4 no-license advancedmetroipaccess";
  r.reloads = 2;
  auto j = nlohmann::json::parse(run_json({r}, "RUN-1", exit_ok));
  EXPECT_EQ(j["command"], "migrate");
  EXPECT_EQ(j["run"], "RUN-1");
  EXPECT_EQ(j["routers"][0]["host"], "pe1");
  EXPECT_EQ(j["routers"][0]["status"], "migrated");
  EXPECT_EQ(j["routers"][0]["from"], r.from);
  EXPECT_EQ(j["routers"][0]["reloads"], 2);
  EXPECT_EQ(j["summary"]["migrated"], 1);
  EXPECT_EQ(j["summary"]["exit_code"], 0);
}

}  // namespace
}  // namespace licmig::migrate
