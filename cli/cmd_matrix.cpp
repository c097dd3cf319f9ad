// `licmig matrix [--release R]` and `licmig rules`: the support matrix and the rule catalog.
#include <algorithm>
#include <iomanip>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "migrate/json_report.hpp"
#include "rules/checks.hpp"
#include "rules/matrix.hpp"
#include "snapshot/secrets.hpp"

namespace licmig::cli {

namespace {

const char *yn(bool b) { return b ? "yes" : "no"; }

// The guide's title of where a row's fact stands, e.g. "guide: Table 3: License Support Matrix".
std::string source_of(const rules::MatrixRow &r) {
  return r.guide_section.empty() ? std::string("no source") : "guide: " + r.guide_section;
}

// A release, or a train ("17.11", "17.11.x"): its first release.
Result<snapshot::Release> release_or_train(const std::string &text) {
  auto r = snapshot::Release::parse(text);
  if (r) return r;
  std::string t = text;
  if (t.size() > 2 && t.compare(t.size() - 2, 2, ".x") == 0) t.resize(t.size() - 2);
  if (std::count(t.begin(), t.end(), '.') == 1) {
    if (auto first = snapshot::Release::parse(t + ".1")) return first;
  }
  return r;
}

nlohmann::json row_json(const rules::MatrixRow &r) {
  return {
      {"train", r.train()},         {"pak", r.pak}, {"snapshot", r.snapshot},     {"smart", r.smart},
      {"no_license", r.no_license}, {"slr", r.slr}, {"guide_line", r.guide_line}, {"guide_section", r.guide_section},
      {"guide_text", r.guide_text}};
}

void print_row(std::ostream &out, const rules::MatrixRow &r) {
  out << std::left << std::setw(8) << r.train() << std::setw(6) << yn(r.pak) << std::setw(10) << yn(r.snapshot)
      << std::setw(7) << yn(r.smart) << std::setw(12) << yn(r.no_license) << std::setw(5) << yn(r.slr) << source_of(r)
      << "\n";
}

struct MatrixOptions {
  std::string release;
  std::string format = "table";
};

int run_matrix(const MatrixOptions &opt, Io io) {
  const auto &m = rules::SupportMatrix::builtin();
  const bool json = opt.format == "json";
  if (!opt.release.empty()) {
    auto r = release_or_train(opt.release);
    if (!r) {
      io.err << "licmig: error: --release: " << r.error_message() << "\n";
      return exit_usage;
    }
    auto row = m.lookup(r.value());
    if (!row) {
      io.err << "licmig: error: --release: " << r->normalised() << " is outside the license support matrix\n";
      return exit_usage;
    }
    if (json) {
      auto j = row_json(*row);
      j["release"] = r->normalised();
      j["behaves_as_later_train"] = m.behaves_as_later_train(r.value());
      migrate::JsonReport report{"matrix", std::nullopt};
      report.data = {"matrix", std::move(j)};
      io.out << migrate::render_json_report(std::move(report), exit_ok);
      return exit_ok;
    }
    io.out << "release " << r->normalised() << " (train " << row->train() << ")\n"
           << "  PAK licenses:       " << yn(row->pak) << "\n"
           << "  PAK snapshot:       " << yn(row->snapshot) << "\n"
           << "  Smart Licensing:    " << yn(row->smart) << "\n"
           << "  No-License mode:    " << yn(row->no_license) << "\n"
           << "  SLR:                " << yn(row->slr) << "\n"
           << "  source: " << source_of(*row) << ": \"" << row->guide_text << "\"\n";
    if (m.behaves_as_later_train(r.value())) {
      io.out << "  note: " << m.after_note() << " (guide: Recording Snapshot of Licenses)\n";
    }
    return exit_ok;
  }
  if (json) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto &r : m.rows()) j.push_back(row_json(r));
    migrate::JsonReport report{"matrix", std::nullopt};
    report.data = {"matrix", nlohmann::json{{"rows", j}, {"after_note", m.after_note()}}};
    io.out << migrate::render_json_report(std::move(report), exit_ok);
    return exit_ok;
  }
  io.out << "train   PAK   snapshot  smart  no-license  SLR  source\n";
  for (const auto &r : m.rows()) print_row(io.out, r);
  io.out << m.after_note() << "\n";
  return exit_ok;
}

}  // namespace

void add_matrix_command(CLI::App &app, Io io, int *exit_code) {
  auto opt = std::make_shared<MatrixOptions>();
  auto *sub = app.add_subcommand(
      "matrix", "Print the license support matrix (the vendor guide's Table 3: License Support Matrix)");
  sub->add_option("--release", opt->release,
                  "Print the row one release or train (17.11) falls in, with its source in the guide");
  sub->add_option("--format", opt->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  sub->callback([opt, io, exit_code]() { *exit_code = run_matrix(*opt, io); });

  auto format = std::make_shared<std::string>("table");
  auto secrets = std::make_shared<bool>(false);
  auto *rules_cmd = app.add_subcommand("rules", "List the compliance rules licmig checks");
  rules_cmd->add_option("--format", *format, "table or markdown")->check(CLI::IsMember({"table", "markdown"}));
  rules_cmd->add_flag("--secrets", *secrets, "List the secret masking rules instead (markdown, docs/secrets.md)");
  rules_cmd->callback([format, secrets, io, exit_code]() {
    if (*secrets) {
      io.out << snapshot::secret_rules_markdown();
    } else if (*format == "markdown") {
      io.out << rules::rules_markdown();
    } else {
      for (const auto &r : rules::rule_catalog()) {
        io.out << r.id << "  " << std::left << std::setw(8) << rules::to_string(r.severity) << std::setw(26) << r.name
               << r.summary << "\n";
      }
    }
    *exit_code = exit_ok;
  });
}

}  // namespace licmig::cli
