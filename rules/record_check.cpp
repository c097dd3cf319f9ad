#include "rules/record_check.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "snapshot/parser_registry.hpp"
#include "snapshot/text.hpp"

namespace licmig::rules {

namespace {

constexpr const char *k_version = "show version";
constexpr const char *k_license = "show license";
constexpr const char *k_summary = "show license summary";
constexpr const char *k_status = "show license status";
constexpr const char *k_udi = "show license udi";
constexpr const char *k_pak_info = "show platform software sl-infra pak-info";
constexpr const char *k_running = "show running-config";

const snapshot::RawOutput *raw_of(const snapshot::Snapshot &snap, const std::string &command) {
  for (const auto &r : snap.raw) {
    if (r.command == command) return &r;
  }
  return nullptr;
}

// A line denying the command under AAA command authorization, as IOS and TACACS+ servers word it.
bool is_authorization_denial(std::string_view line) {
  auto t = base::to_lower(base::trim_view(line));
  return base::starts_with(t, "% authorization failed") || base::starts_with(t, "command authorization failed") ||
         base::starts_with(t, "% command authorization failed") || base::starts_with(t, "% authorization denied") ||
         base::starts_with(t, "% permission denied");
}

// What is wrong with one command's answer, or "" when it reads as a record.
std::string answer_problem(const std::string &command, const std::string &text, bool error_expected) {
  const auto lines = snapshot::clean_lines(text);
  const bool empty =
      std::all_of(lines.begin(), lines.end(), [](const auto &l) { return base::trim_view(l.text).empty(); });
  if (empty) return error_expected ? "" : "no output";
  for (const auto &l : lines) {
    if (is_authorization_denial(l.text)) {
      return "command authorization failed (\"" + base::trim(l.text) +
             "\"): the account needs privilege 15 or AAA authorization for this command";
    }
  }
  if (auto err = snapshot::ios_error(lines)) return error_expected ? "" : *err;
  if (error_expected) return "";
  auto parser = snapshot::find_parser(command);
  if (!parser) return "";
  snapshot::Snapshot scratch;
  auto parsed = parser.value()->into_snapshot(text, scratch);
  if (parsed.recognised()) return "";
  return std::string(snapshot::to_string(parsed.outcome)) +
         (parsed.line ? " at line " + std::to_string(parsed.line) : std::string()) +
         (parsed.reason.empty() ? std::string() : ": " + parsed.reason);
}

}  // namespace

std::vector<RecordGap> record_gaps(const snapshot::Snapshot &snap, const SupportMatrix &matrix) {
  std::vector<RecordGap> gaps;
  auto need = [&](const std::string &command, bool error_expected = false) {
    const auto *raw = raw_of(snap, command);
    if (raw == nullptr) {
      if (!error_expected) gaps.push_back({command, "not collected"});
      return;
    }
    auto problem = answer_problem(command, raw->text, error_expected);
    if (!problem.empty()) gaps.push_back({command, problem});
  };
  need(k_version);
  need(k_running);
  need(k_udi);
  // Authorization denials and empty answers count on every license command collected, even one
  // the mode does not need: a router that hides its licenses from us is not read completely.
  for (const char *command : {k_license, k_summary, k_status}) {
    const auto *raw = raw_of(snap, command);
    if (raw == nullptr) continue;
    const auto lines = snapshot::clean_lines(raw->text);
    for (const auto &l : lines) {
      if (is_authorization_denial(l.text)) {
        gaps.push_back({command, answer_problem(command, raw->text, false)});
        break;
      }
    }
  }
  auto already = [&](const std::string &command) {
    return std::any_of(gaps.begin(), gaps.end(), [&](const RecordGap &g) { return g.command == command; });
  };
  switch (snap.license_mode) {
    case snapshot::LicenseMode::traditional:
      if (!already(k_license)) need(k_license);
      break;
    case snapshot::LicenseMode::smart:
    case snapshot::LicenseMode::no_license: {
      const bool summary_ok =
          raw_of(snap, k_summary) && answer_problem(k_summary, raw_of(snap, k_summary)->text, false).empty();
      const bool status_ok =
          raw_of(snap, k_status) && answer_problem(k_status, raw_of(snap, k_status)->text, false).empty();
      if (!summary_ok && !status_ok && !already(k_summary) && !already(k_status)) need(k_status);
      break;
    }
    case snapshot::LicenseMode::unknown: gaps.push_back({k_version, "license mode not recognised"}); break;
  }
  auto release = snapshot::Release::parse(snap.version.version.value_or(""));
  if (release) {
    auto row = matrix.lookup(release.value());
    need(k_pak_info, !(row && row->snapshot));
  }
  if (!snap.license_level || base::trim_view(*snap.license_level).empty()) {
    gaps.push_back({k_version, "license level not recognised"});
  }
  return gaps;
}

std::string describe_gaps(const std::vector<RecordGap> &gaps) {
  std::string out;
  for (const auto &g : gaps) {
    if (!out.empty()) out += "; ";
    out += (g.command.empty() ? std::string() : g.command + ": ") + g.cause;
  }
  return out;
}

}  // namespace licmig::rules
