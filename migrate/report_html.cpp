// render_report_html(): FleetReport as one self-contained HTML file. The document is written with
// tinyxml2's printer (every text and attribute escaped by it), in the XML form of HTML5: no element
// is left empty-and-self-closed except SVG's, which HTML parses as foreign content. Inline CSS and
// SVG only; no script, no external resource, so it opens offline and from a mail attachment.
//
// Every figure the report shows is also an attribute (data-count, data-host, data-outcome, ...), so
// a test can check the rendered DOM against the store (tests/e2e/report_test.py).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <tinyxml2.h>

#include "base/printable.hpp"
#include "base/text.hpp"
#include "migrate/fleet_report.hpp"

namespace licmig::migrate {

namespace {

using Printer = tinyxml2::XMLPrinter;

constexpr const char *k_style = R"(
body{font:14px/1.4 system-ui,sans-serif;margin:0 2em 3em;color:#1d2733;background:#fff}
h1{font-size:1.6em;margin:.8em 0 .2em}h2{border-bottom:2px solid #d0d7de;padding-bottom:.2em;margin-top:1.8em}
nav a{margin-right:1.2em}table{border-collapse:collapse;margin:.5em 0;min-width:40%}
th,td{border:1px solid #d0d7de;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f3f5f7}.meta{color:#57606a}.charts{display:flex;flex-wrap:wrap;gap:2em}
.sev-error{color:#b42318;font-weight:600}.sev-warning{color:#9a6700}.sev-info{color:#57606a}
.ok{color:#1a7f37}.bad{color:#b42318;font-weight:600}code{background:#f3f5f7;padding:0 .2em}
.none{color:#57606a;font-style:italic}section{margin-bottom:1em}
)";

// Router text as printable (controls escaped), as everywhere licmig shows it.
std::string clean(const std::string &s) { return base::escape_controls_line(s); }

void text_element(Printer &p, const char *name, const std::string &text, const char *cls = nullptr) {
  p.OpenElement(name, true);
  if (cls != nullptr) p.PushAttribute("class", cls);
  p.PushText(clean(text).c_str());
  p.CloseElement(true);
}

// An element that must be written open-and-closed (HTML does not know `<td/>`).
void open(Printer &p, const char *name, const char *cls = nullptr) {
  p.OpenElement(name, true);
  if (cls != nullptr) p.PushAttribute("class", cls);
}
void close(Printer &p) {
  p.PushText("");
  p.CloseElement(true);
}

void row_of(Printer &p, const std::vector<std::string> &cells, const char *cell = "td") {
  open(p, "tr");
  for (const auto &c : cells) text_element(p, cell, c);
  close(p);
}

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A horizontal bar chart: one bar per label with its count, largest first.
void bar_chart(Printer &p, const std::string &id, const std::string &title, const std::map<std::string, int> &counts) {
  std::vector<std::pair<std::string, int>> bars(counts.begin(), counts.end());
  std::stable_sort(bars.begin(), bars.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
  int most = 1;
  for (const auto &b : bars) most = std::max(most, b.second);
  const int bar_h = 22;
  const int label_w = 170;
  const int plot_w = 260;
  const int height = 30 + bar_h * static_cast<int>(std::max<std::size_t>(bars.size(), 1));
  open(p, "figure");
  p.PushAttribute("id", id.c_str());
  p.PushAttribute("data-chart", id.c_str());
  text_element(p, "figcaption", title);
  p.OpenElement("svg", true);
  p.PushAttribute("xmlns", "http://www.w3.org/2000/svg");
  p.PushAttribute("width", label_w + plot_w + 50);
  p.PushAttribute("height", height);
  p.PushAttribute("role", "img");
  int y = 10;
  for (const auto &[label, count] : bars) {
    p.OpenElement("g", true);
    p.PushAttribute("class", "bar");
    p.PushAttribute("data-label", clean(label).c_str());
    p.PushAttribute("data-count", count);
    p.OpenElement("text", true);
    p.PushAttribute("x", label_w - 6);
    p.PushAttribute("y", y + 15);
    p.PushAttribute("text-anchor", "end");
    p.PushAttribute("font-size", "12");
    p.PushText(clean(label).c_str());
    p.CloseElement(true);
    p.OpenElement("rect", true);
    p.PushAttribute("x", label_w);
    p.PushAttribute("y", y + 2);
    p.PushAttribute("height", bar_h - 6);
    p.PushAttribute("width", fixed(std::max(2.0, plot_w * static_cast<double>(count) / most)).c_str());
    p.PushAttribute("fill", "#3b7dd8");
    p.CloseElement(true);
    p.OpenElement("text", true);
    p.PushAttribute("x", fixed(label_w + 6 + plot_w * static_cast<double>(count) / most).c_str());
    p.PushAttribute("y", y + 15);
    p.PushAttribute("font-size", "12");
    p.PushText(count);
    p.CloseElement(true);
    p.CloseElement(true);
    y += bar_h;
  }
  p.CloseElement(true);  // svg
  close(p);              // figure
}

void fleet_section(Printer &p, const FleetReport &r) {
  open(p, "section");
  p.PushAttribute("id", "fleet");
  text_element(p, "h2", "Fleet");
  std::map<std::string, int> by_release, by_mode, by_level;
  int recorded = 0;
  for (const auto &row : r.routers) {
    if (!row.recorded) continue;
    ++recorded;
    ++by_release[row.release];
    ++by_mode[row.mode];
    ++by_level[row.level];
  }
  open(p, "p");
  p.PushAttribute("id", "fleet-count");
  p.PushAttribute("data-count", recorded);
  p.PushText((std::to_string(recorded) + " router" + (recorded == 1 ? "" : "s") + " with a stored snapshot" +
              (static_cast<std::size_t>(recorded) < r.routers.size()
                   ? ", " + std::to_string(r.routers.size() - static_cast<std::size_t>(recorded)) + " without"
                   : std::string()))
                 .c_str());
  close(p);
  open(p, "div", "charts");
  bar_chart(p, "chart-release", "By release", by_release);
  bar_chart(p, "chart-mode", "By license mode", by_mode);
  bar_chart(p, "chart-level", "By license level", by_level);
  close(p);
  close(p);
}

void compliance_section(Printer &p, const FleetReport &r) {
  open(p, "section");
  p.PushAttribute("id", "compliance");
  text_element(p, "h2", r.target.empty() ? "Compliance" : "Compliance for " + r.target);
  if (!r.findings_note.empty()) text_element(p, "p", r.findings_note, "none");
  open(p, "table");
  row_of(p, {"Router", "Release", "Mode", "Level", "Snapshot", "Plan", "Findings"}, "th");
  for (const auto &row : r.routers) {
    open(p, "tr");
    p.PushAttribute("data-host", clean(row.host).c_str());
    p.PushAttribute("data-findings", static_cast<int>(row.findings.size()));
    open(p, "td");
    p.OpenElement("a", true);
    p.PushAttribute("id", ("router-" + clean(row.host)).c_str());
    p.PushText(clean(row.host).c_str());
    p.CloseElement(true);
    close(p);
    text_element(p, "td", row.release);
    text_element(p, "td", row.mode);
    text_element(p, "td", row.level);
    text_element(p, "td", row.recorded ? row.taken_at : "none stored");
    text_element(
        p, "td", row.verdict.empty() ? "-" : row.verdict,
        base::starts_with(row.verdict, "refused") || base::starts_with(row.verdict, "unreadable") ? "bad" : nullptr);
    open(p, "td");
    if (row.findings.empty()) {
      text_element(p, "span", row.checked ? "clean" : "not checked", row.checked ? "ok" : "none");
    }
    for (const auto &f : row.findings) {
      open(p, "div");
      p.PushAttribute("class", "finding");
      p.PushAttribute("data-rule", f.rule_id.c_str());
      p.PushAttribute("data-severity", rules::to_string(f.severity));
      const std::string sev = std::string("sev-") + rules::to_string(f.severity);
      text_element(p, "span", f.rule_id + " " + f.rule_name + " (" + rules::to_string(f.severity) + ")", sev.c_str());
      text_element(p, "div", f.message);
      for (const auto &cmd : f.remediation) {
        if (!cmd.empty()) text_element(p, "code", cmd);
      }
      close(p);
    }
    close(p);
    close(p);
  }
  close(p);
  close(p);
}

void ha_section(Printer &p, const FleetReport &r) {
  open(p, "section");
  p.PushAttribute("id", "ha");
  text_element(p, "h2", "HA pairs");
  std::map<std::string, std::vector<const ReportRouter *>> groups;
  for (const auto &row : r.routers) {
    if (!row.ha_group.empty()) groups[row.ha_group].push_back(&row);
  }
  if (groups.empty()) {
    text_element(p, "p", r.findings_note.empty() ? "No HA pairs in the inventory." : "The inventory is not known.",
                 "none");
  } else {
    open(p, "table");
    row_of(p, {"Pair", "Router", "Role", "Release", "Mode", "Level", "Agree"}, "th");
    for (const auto &[group, members] : groups) {
      bool agree = members.size() == 2;
      for (const auto *m : members) {
        agree = agree && m->recorded && m->release == members.front()->release && m->mode == members.front()->mode &&
                m->level == members.front()->level;
      }
      for (const auto *m : members) {
        open(p, "tr");
        p.PushAttribute("data-pair", clean(group).c_str());
        p.PushAttribute("data-host", clean(m->host).c_str());
        p.PushAttribute("data-agree", agree ? "yes" : "no");
        for (const auto &cell : {group, m->host, m->ha_role, m->release, m->mode, m->level})
          text_element(p, "td", cell);
        text_element(p, "td", members.size() != 2 ? "not a pair" : agree ? "yes" : "no", agree ? "ok" : "bad");
        close(p);
      }
    }
    close(p);
  }
  close(p);
}

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS.ffffffZ"; nothing when unreadable.
std::optional<double> epoch_of(const std::string &utc) {
  std::tm tm{};
  double seconds = 0;
  if (std::sscanf(utc.c_str(), "%4d-%2d-%2dT%2d:%2d:%lfZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &seconds) != 6) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const double whole = std::floor(seconds);
  tm.tm_sec = static_cast<int>(whole);
  return static_cast<double>(timegm(&tm)) + (seconds - whole);
}

const char *outcome_colour(const std::string &o) {
  if (o == "migrated") return "#1a7f37";
  if (o == "unchanged") return "#8c959f";
  if (o == "failed") return "#b42318";
  if (o == "unreachable") return "#bc4c00";
  if (o == "in progress") return "#3b7dd8";
  return "#9a6700";  // refused, skipped
}

void timeline(Printer &p, const FleetReport &r) {
  std::optional<double> first, last;
  for (const auto &m : r.migrations) {
    for (const auto *t : {&m.started, &m.finished}) {
      if (auto e = epoch_of(*t)) {
        first = first ? std::min(*first, *e) : *e;
        last = last ? std::max(*last, *e) : *e;
      }
    }
  }
  if (!first) return;
  const double span = std::max(1.0, *last - *first);
  const int label_w = 190, plot_w = 620, row_h = 20;
  std::vector<const ReportMigration *> rows;
  for (const auto &m : r.migrations) rows.push_back(&m);
  std::stable_sort(rows.begin(), rows.end(), [](const auto *a, const auto *b) { return a->wave < b->wave; });
  open(p, "figure");
  p.PushAttribute("id", "timeline");
  text_element(p, "figcaption", "Timeline: each router from its first step to its result (" + fixed(span) + " s)");
  p.OpenElement("svg", true);
  p.PushAttribute("xmlns", "http://www.w3.org/2000/svg");
  p.PushAttribute("width", label_w + plot_w + 20);
  p.PushAttribute("height", 20 + row_h * static_cast<int>(rows.size()));
  int y = 10;
  for (const auto *m : rows) {
    const double s = epoch_of(m->started).value_or(*first) - *first;
    const double e = epoch_of(m->finished).value_or(*last) - *first;
    p.OpenElement("g", true);
    p.PushAttribute("class", "span");
    p.PushAttribute("data-host", clean(m->host).c_str());
    p.PushAttribute("data-wave", m->wave);
    p.PushAttribute("data-outcome", m->outcome.c_str());
    p.OpenElement("text", true);
    p.PushAttribute("x", label_w - 6);
    p.PushAttribute("y", y + 14);
    p.PushAttribute("text-anchor", "end");
    p.PushAttribute("font-size", "12");
    p.PushText(clean((m->wave > 0 ? "w" + std::to_string(m->wave) + " " : std::string()) + m->host).c_str());
    p.CloseElement(true);
    p.OpenElement("rect", true);
    p.PushAttribute("x", fixed(label_w + plot_w * s / span).c_str());
    p.PushAttribute("y", y + 3);
    p.PushAttribute("height", row_h - 6);
    p.PushAttribute("width", fixed(std::max(2.0, plot_w * (e - s) / span)).c_str());
    p.PushAttribute("fill", outcome_colour(m->outcome));
    p.OpenElement("title", true);
    p.PushText(clean(m->host + ": " + m->outcome + ", " + fixed(e - s) + " s").c_str());
    p.CloseElement(true);
    p.CloseElement(true);  // rect
    p.CloseElement(true);  // g
    y += row_h;
  }
  p.CloseElement(true);  // svg
  close(p);              // figure
}

std::string duration(const ReportMigration &m) {
  const auto s = epoch_of(m.started);
  const auto e = epoch_of(m.finished);
  return s && e ? fixed(*e - *s) + " s" : "-";
}

void migration_section(Printer &p, const FleetReport &r) {
  open(p, "section");
  p.PushAttribute("id", "migration");
  text_element(p, "h2", "Last migration");
  if (r.run_id.empty()) {
    text_element(p, "p", "No migration is recorded in this store.", "none");
    close(p);
    return;
  }
  open(p, "p", "meta");
  p.PushAttribute("data-run", clean(r.run_id).c_str());
  p.PushText(clean("Run " + r.run_id + ", started " + r.run_started + ", target " + r.run_target +
                   (r.run_interrupted ? " (interrupted)" : ""))
                 .c_str());
  close(p);
  if (!r.waves.empty()) {
    open(p, "table");
    row_of(p, {"Wave", "Started", "Routers"}, "th");
    for (const auto &w : r.waves) {
      open(p, "tr");
      p.PushAttribute("data-wave", w.wave);
      p.PushAttribute("data-routers", static_cast<int>(w.hosts.size()));
      std::string hosts;
      for (const auto &h : w.hosts) hosts += (hosts.empty() ? "" : ", ") + h;
      text_element(p, "td", std::to_string(w.wave) + (w.canary ? " (canary)" : ""));
      text_element(p, "td", w.started);
      text_element(p, "td", hosts);
      close(p);
    }
    close(p);
  }
  timeline(p, r);
  open(p, "table");
  row_of(p, {"Router", "Wave", "Outcome", "Before", "After", "Reloads", "Time", "Changes"}, "th");
  for (const auto &m : r.migrations) {
    open(p, "tr");
    p.PushAttribute("data-host", clean(m.host).c_str());
    p.PushAttribute("data-outcome", m.outcome.c_str());
    p.PushAttribute("data-reloads", m.reloads);
    text_element(p, "td", m.host);
    text_element(p, "td", m.wave > 0 ? std::to_string(m.wave) : "-");
    text_element(p, "td", m.outcome + (m.message.empty() ? "" : ": " + m.message),
                 m.outcome == "failed" || m.outcome == "unreachable" ? "bad" : nullptr);
    text_element(p, "td", m.from);
    text_element(p, "td", m.to);
    text_element(p, "td", std::to_string(m.reloads));
    text_element(p, "td", duration(m));
    open(p, "td");
    if (!m.changes.empty() || !m.diff_note.empty()) {
      p.OpenElement("a", true);
      p.PushAttribute("href", ("#diff-" + clean(m.host)).c_str());
      p.PushText(m.changes.empty() ? "none" : (std::to_string(m.changes.size()) + " changes").c_str());
      p.CloseElement(true);
    }
    close(p);
    close(p);
  }
  close(p);
  close(p);
}

void diff_section(Printer &p, const FleetReport &r) {
  open(p, "section");
  p.PushAttribute("id", "diffs");
  text_element(p, "h2", "Changes per router (pre- to post-change snapshot)");
  bool any = false;
  for (const auto &m : r.migrations) {
    if (m.changes.empty() && m.diff_note.empty()) continue;
    any = true;
    open(p, "section");
    p.PushAttribute("id", ("diff-" + clean(m.host)).c_str());
    p.PushAttribute("data-host", clean(m.host).c_str());
    p.PushAttribute("data-changes", static_cast<int>(m.changes.size()));
    text_element(p, "h3", m.host);
    if (!m.diff_note.empty()) text_element(p, "p", m.diff_note, "none");
    if (!m.changes.empty()) {
      open(p, "table");
      row_of(p, {"Field", "Before", "After"}, "th");
      for (const auto &c : m.changes) {
        open(p, "tr");
        p.PushAttribute("data-field", clean(c.field).c_str());
        text_element(p, "td", c.field);
        text_element(p, "td", c.before.empty() ? "(absent)" : c.before);
        text_element(p, "td", c.after.empty() ? "(absent)" : c.after);
        close(p);
      }
      close(p);
    }
    text_element(p, "p", "Before: " + m.pre_snapshot + "  After: " + m.post_snapshot, "meta");
    close(p);
  }
  if (!any) text_element(p, "p", "No router was changed by the last migration.", "none");
  close(p);
}

}  // namespace

std::string render_report_html(const FleetReport &r) {
  Printer p(nullptr, true);  // compact: no indentation inside <pre>-like text
  p.PushUnknown("DOCTYPE html");
  open(p, "html");
  p.PushAttribute("lang", "en");
  open(p, "head");
  p.OpenElement("meta", true);
  p.PushAttribute("charset", "utf-8");
  p.CloseElement(true);
  text_element(p, "title", "licmig fleet report");
  open(p, "style");
  p.PushText(k_style);
  close(p);
  close(p);  // head
  open(p, "body");
  text_element(p, "h1", "licmig fleet report");
  text_element(p, "p", "Store " + r.store + ", generated " + r.generated_at, "meta");
  open(p, "nav");
  for (const auto &[id, name] : std::vector<std::pair<std::string, std::string>>{{"fleet", "Fleet"},
                                                                                 {"compliance", "Compliance"},
                                                                                 {"ha", "HA pairs"},
                                                                                 {"migration", "Last migration"},
                                                                                 {"diffs", "Changes"}}) {
    p.OpenElement("a", true);
    p.PushAttribute("href", ("#" + id).c_str());
    p.PushText(name.c_str());
    p.CloseElement(true);
  }
  close(p);
  fleet_section(p, r);
  compliance_section(p, r);
  ha_section(p, r);
  migration_section(p, r);
  diff_section(p, r);
  if (!r.problems.empty()) {
    open(p, "section");
    p.PushAttribute("id", "problems");
    text_element(p, "h2", "Records that could not be read");
    open(p, "ul");
    for (const auto &pr : r.problems) text_element(p, "li", pr);
    close(p);
    close(p);
  }
  close(p);  // body
  close(p);  // html
  return std::string(p.CStr()) + "\n";
}

}  // namespace licmig::migrate
