#include "migrate/report.hpp"

#include <iomanip>
#include <sstream>

#include <tinyxml2.h>
#include <nlohmann/json.hpp>

#include "migrate/exit_code.hpp"
#include "rules/checks.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

std::string join_lines(const std::vector<std::string> &lines) {
  std::string out;
  for (const auto &l : lines) out += l + "\n";
  return out;
}

}  // namespace

std::string check_table(const std::vector<HostCheck> &checks) {
  std::ostringstream out;
  std::size_t errors = 0, warnings = 0, unchecked = 0;
  for (const auto &c : checks) {
    if (!c.checked) {
      ++unchecked;
      out << c.host << ": " << (c.unreachable ? "UNREACHABLE" : "NOT CHECKED") << " — " << c.error << "\n\n";
      continue;
    }
    if (c.findings.empty()) {
      out << c.host << ": clean\n\n";
      continue;
    }
    out << c.host << ":\n";
    for (const auto &f : c.findings) {
      (f.severity == rules::Severity::error ? errors : warnings) += f.severity == rules::Severity::info ? 0 : 1;
      out << "  " << std::left << std::setw(8) << rules::to_string(f.severity) << f.rule_id << " " << f.rule_name
          << "\n      " << f.message << "\n      guide: " << f.guide << "\n";
      if (!f.remediation.empty()) {
        out << "      remedy:\n";
        for (const auto &r : f.remediation) out << "        " << r << "\n";
      }
    }
    out << "\n";
  }
  out << checks.size() << " routers: " << errors << " errors, " << warnings << " warnings, " << unchecked
      << " not checked\n";
  return out.str();
}

std::string check_json(const std::vector<HostCheck> &checks) {
  nlohmann::json routers = nlohmann::json::array();
  for (const auto &c : checks) {
    nlohmann::json r = {{"host", c.host}, {"checked", c.checked}};
    if (!c.checked) {
      r["unreachable"] = c.unreachable;
      r["error"] = c.error;
    } else {
      r["snapshot"] = c.snapshot_path;
      nlohmann::json fs = nlohmann::json::array();
      for (const auto &f : c.findings) {
        fs.push_back({{"rule", f.rule_id},
                      {"name", f.rule_name},
                      {"severity", rules::to_string(f.severity)},
                      {"message", f.message},
                      {"guide", f.guide},
                      {"remediation", f.remediation}});
      }
      r["findings"] = fs;
    }
    routers.push_back(r);
  }
  return nlohmann::json{{"routers", routers}, {"exit_code", check_exit_code(checks)}}.dump(2) + "\n";
}

std::string check_junit(const std::vector<HostCheck> &checks, const std::string &suite_name) {
  tinyxml2::XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  auto *suites = doc.NewElement("testsuites");
  doc.InsertEndChild(suites);
  suites->SetAttribute("name", suite_name.c_str());
  int total_tests = 0, total_failures = 0, total_errors = 0;
  const std::string stamp = snapshot::utc_timestamp().substr(0, 19);
  for (const auto &c : checks) {
    auto *suite = doc.NewElement("testsuite");
    suites->InsertEndChild(suite);
    suite->SetAttribute("name", c.host.c_str());
    suite->SetAttribute("timestamp", stamp.c_str());
    suite->SetAttribute("hostname", c.host.c_str());
    int tests = 0, failures = 0, errors = 0;
    const std::string classname = "licmig." + c.host;
    if (!c.checked) {
      auto *tc = doc.NewElement("testcase");
      suite->InsertEndChild(tc);
      tc->SetAttribute("classname", classname.c_str());
      tc->SetAttribute("name", "snapshot");
      tc->SetAttribute("time", "0");
      auto *err = doc.NewElement("error");
      tc->InsertEndChild(err);
      err->SetAttribute("type", c.unreachable ? "unreachable" : "not-checked");
      err->SetAttribute("message", c.error.c_str());
      ++tests;
      ++errors;
    } else {
      for (const auto &rule : rules::rule_catalog()) {
        auto *tc = doc.NewElement("testcase");
        suite->InsertEndChild(tc);
        tc->SetAttribute("classname", classname.c_str());
        tc->SetAttribute("name", (rule.id + " " + rule.name).c_str());
        tc->SetAttribute("time", "0");
        ++tests;
        std::string out_text;
        bool failed = false;  // `failures` counts failed testcases, not failure elements
        for (const auto &f : c.findings) {
          if (f.rule_id != rule.id) continue;
          if (f.severity == rules::Severity::error) {
            auto *fail = doc.NewElement("failure");
            tc->InsertEndChild(fail);
            fail->SetAttribute("type", "error");
            fail->SetAttribute("message", f.message.c_str());
            fail->SetText(("guide: " + f.guide + "\nremedy:\n" + join_lines(f.remediation)).c_str());
            if (!failed) ++failures;
            failed = true;
          } else {
            out_text += std::string(rules::to_string(f.severity)) + ": " + f.message + "\n";
          }
        }
        if (!out_text.empty()) {
          auto *so = doc.NewElement("system-out");
          tc->InsertEndChild(so);
          so->SetText(out_text.c_str());
        }
      }
    }
    suite->SetAttribute("tests", tests);
    suite->SetAttribute("failures", failures);
    suite->SetAttribute("errors", errors);
    suite->SetAttribute("skipped", 0);
    suite->SetAttribute("time", "0");
    total_tests += tests;
    total_failures += failures;
    total_errors += errors;
  }
  suites->SetAttribute("tests", total_tests);
  suites->SetAttribute("failures", total_failures);
  suites->SetAttribute("errors", total_errors);
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

int check_exit_code(const std::vector<HostCheck> &checks) {
  bool any_error = false;
  for (const auto &c : checks) {
    if (!c.checked) return exit_unreachable;
    for (const auto &f : c.findings) any_error = any_error || f.severity == rules::Severity::error;
  }
  return any_error ? exit_findings : exit_ok;
}

}  // namespace licmig::migrate
