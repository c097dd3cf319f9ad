#include "migrate/report.hpp"

#include <array>
#include <iomanip>
#include <sstream>

#include <tinyxml2.h>
#include <nlohmann/json.hpp>

#include "migrate/exit_code.hpp"
#include "migrate/json_report.hpp"
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
      out << c.host << ": "
          << (c.unreachable    ? "UNREACHABLE"
              : c.store_failed ? "STORE FAILED"
                               : "NOT CHECKED")
          << " — " << c.error << "\n\n";
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
  JsonReport report{"check", std::nullopt};
  std::size_t errors = 0, warnings = 0;
  for (const auto &c : checks) {
    nlohmann::json r = {{"host", c.host}, {"checked", c.checked}};
    if (!c.checked) {
      r["status"] = router_status(c.error_kind, c.unreachable, c.store_failed);
      r["error"] = c.error;
    } else {
      bool any_error = false;
      for (const auto &f : c.findings) {
        any_error = any_error || f.severity == rules::Severity::error;
        errors += f.severity == rules::Severity::error ? 1 : 0;
        warnings += f.severity == rules::Severity::warning ? 1 : 0;
      }
      r["status"] = any_error ? "findings" : "clean";
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
    report.routers.push_back(r);
  }
  report.summary = count_statuses(report.routers);
  report.summary["errors"] = errors;
  report.summary["warnings"] = warnings;
  return render_json_report(std::move(report), check_exit_code(checks));
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
  int code = exit_ok;
  for (const auto &c : checks) {
    if (!c.checked) code = worst(code, router_exit_code(c.error_kind, c.unreachable, c.store_failed));
    for (const auto &f : c.findings) {
      if (f.severity == rules::Severity::error) code = worst(code, exit_findings);
    }
  }
  return code;
}

std::vector<HostCheck> checks_of(const FleetPlan &plan) {
  std::vector<HostCheck> out;
  for (const auto &h : plan.hosts) {
    HostCheck c;
    c.host = h.host->name;
    c.checked = h.checked;
    c.unreachable = h.unreachable;
    c.store_failed = h.store_failed;
    c.error = h.error;
    c.error_kind = h.error_kind;
    c.snapshot_path = h.snapshot_path;
    c.findings = h.findings;
    out.push_back(std::move(c));
  }
  return out;
}

std::string plan_table(const FleetPlan &plan) {
  std::ostringstream table;
  for (const auto &h : plan.hosts) {
    if (h.plan.unreadable) {
      table << h.host->name << ": NO PLAN — " << h.error << "\n\n";
    } else {
      table << render_plan(h.plan) << "\n";
    }
  }
  return table.str();
}

std::string plan_json(const FleetPlan &plan, const std::string &command) {
  JsonReport report{command, std::nullopt};
  for (const auto &h : plan.hosts) {
    if (h.plan.unreadable) {
      report.routers.push_back({{"host", h.host->name},
                                {"status", router_status(h.error_kind, h.unreachable, h.store_failed)},
                                {"error", h.error}});
      continue;
    }
    nlohmann::json steps = nlohmann::json::array();
    for (const auto &st : h.plan.steps) {
      nlohmann::json step = {
          {"kind", to_string(st.kind)}, {"title", st.title}, {"commands", st.commands}, {"why", st.why}};
      if (st.expect.release) step["expect_release"] = *st.expect.release;
      if (st.expect.mode) step["expect_mode"] = snapshot::to_string(*st.expect.mode);
      if (st.expect.level) step["expect_level"] = *st.expect.level;
      if (!st.expect.ports_up.empty()) step["expect_ports_up"] = st.expect.ports_up;
      steps.push_back(step);
    }
    report.routers.push_back({{"host", h.host->name},
                              {"status", h.plan.refused         ? "refused"
                                         : h.plan.steps.empty() ? "unchanged"
                                                                : "planned"},
                              {"refused", h.plan.refused},
                              {"refusal", h.plan.refusal},
                              {"refused_by", h.plan.refusing_rules()},
                              {"remedy", h.plan.remedy},
                              {"from", h.plan.from},
                              {"to", h.plan.to},
                              {"steps", steps},
                              {"notes", h.plan.notes}});
  }
  report.summary = count_statuses(report.routers);
  return render_json_report(std::move(report), plan_exit_code(plan));
}

int plan_exit_code(const FleetPlan &plan) {
  int code = exit_ok;
  for (const auto &h : plan.hosts) {
    if (h.plan.unreadable) {
      code = worst(code, router_exit_code(h.error_kind, h.unreachable, h.store_failed));
    } else if (h.plan.refused) {
      code = worst(code, exit_findings);
    }
  }
  return code;
}

namespace {

// A router's result word: its outcome; in a rollback run, "migrated" is "rolled-back".
std::string result_word(const RouterRun &r, const std::string &command) {
  return command == "rollback" && r.outcome == Outcome::migrated ? "rolled-back" : to_string(r.outcome);
}

}  // namespace

std::string run_table(const std::vector<RouterRun> &runs, const std::string &command) {
  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"router", "result", "from -> to", "level before -> after", "time"});
  for (const auto &r : runs) {
    std::ostringstream secs;
    secs << std::fixed << std::setprecision(1) << static_cast<double>(r.elapsed.count()) / 1000.0 << "s";
    rows.push_back(
        {r.host, result_word(r, command), r.from.empty() ? std::string("-") : r.from + " -> " + r.to,
         (r.level_before.empty() ? "?" : r.level_before) + " -> " + (r.level_after.empty() ? "?" : r.level_after),
         secs.str()});
  }
  std::array<std::size_t, 5> width{};
  for (const auto &row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::ostringstream out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t c = 0; c < rows[i].size(); ++c) {
      out << std::left << std::setw(static_cast<int>(width[c] + 2)) << rows[i][c];
    }
    out << "\n";
    if (i > 0 && !runs[i - 1].message.empty()) out << "    " << runs[i - 1].message << "\n";
  }
  return out.str();
}

std::string run_json(const std::vector<RouterRun> &runs, const std::string &run_id, int exit_code,
                     const std::string &command) {
  JsonReport report{command, run_id};
  for (const auto &r : runs) {
    report.routers.push_back({{"host", r.host},
                              {"status", result_word(r, command)},
                              {"message", r.message},
                              {"from", r.from},
                              {"to", r.to},
                              {"level_before", r.level_before},
                              {"level_after", r.level_after},
                              {"seconds", static_cast<double>(r.elapsed.count()) / 1000.0},
                              {"reloads", r.reloads},
                              {"pre_snapshot", r.pre_snapshot},
                              {"post_snapshot", r.post_snapshot},
                              {"diff", r.diff}});
    if (!r.rolled_back.empty()) report.routers.back()["rolled_back"] = r.rolled_back;
  }
  report.summary = count_statuses(report.routers);
  return render_json_report(std::move(report), exit_code);
}

std::string run_junit(const std::vector<RouterRun> &runs, const std::string &name) {
  tinyxml2::XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  auto *suites = doc.NewElement("testsuites");
  doc.InsertEndChild(suites);
  suites->SetAttribute("name", name.c_str());
  auto *suite = doc.NewElement("testsuite");
  suites->InsertEndChild(suite);
  suite->SetAttribute("name", name.c_str());
  int failures = 0, errors = 0, skipped = 0;
  for (const auto &r : runs) {
    auto *tc = doc.NewElement("testcase");
    suite->InsertEndChild(tc);
    tc->SetAttribute("classname", "licmig.migrate");
    tc->SetAttribute("name", r.host.c_str());
    tc->SetAttribute("time", static_cast<double>(r.elapsed.count()) / 1000.0);
    if (r.outcome == Outcome::failed || r.outcome == Outcome::refused) {
      auto *f = doc.NewElement("failure");
      tc->InsertEndChild(f);
      f->SetAttribute("type", to_string(r.outcome));
      f->SetAttribute("message", r.message.c_str());
      ++failures;
    } else if (r.outcome == Outcome::unreachable) {
      auto *e = doc.NewElement("error");
      tc->InsertEndChild(e);
      e->SetAttribute("type", "unreachable");
      e->SetAttribute("message", r.message.c_str());
      ++errors;
    } else if (r.outcome == Outcome::skipped || r.outcome == Outcome::interrupted) {
      auto *sk = doc.NewElement("skipped");
      tc->InsertEndChild(sk);
      sk->SetAttribute("message", r.message.c_str());
      ++skipped;
    }
  }
  for (auto *el : {suites, suite}) {
    el->SetAttribute("tests", static_cast<int>(runs.size()));
    el->SetAttribute("failures", failures);
    el->SetAttribute("errors", errors);
  }
  suite->SetAttribute("skipped", skipped);
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

int run_exit_code(const std::vector<RouterRun> &runs) {
  int code = exit_ok;
  for (const auto &r : runs) {
    if (r.store_failed) code = worst(code, exit_store_unavailable);
    if (r.outcome == Outcome::failed) code = worst(code, exit_failed);
    if (r.outcome == Outcome::unreachable) {
      // a router licmig could not read for want of input or data exits as `plan` does for it
      // as `plan` gives it for the same router: 2 when it could not be read for want of input or data
      code = worst(code, router_exit_code(r.cause, r.cause == ErrorKind::ok, false));
    }
    if (r.outcome == Outcome::refused || r.outcome == Outcome::skipped || r.outcome == Outcome::interrupted) {
      code = worst(code, exit_findings);
    }
  }
  return code;
}

}  // namespace licmig::migrate
