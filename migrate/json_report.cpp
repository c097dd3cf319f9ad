#include "migrate/json_report.hpp"

#include <utility>

namespace licmig::migrate {

namespace {

constexpr nlohmann::json::error_handler_t k_invalid_utf8 = nlohmann::json::error_handler_t::replace;

std::string envelope(JsonReport report, int exit_code, std::size_t row_count) {
  nlohmann::json summary = report.summary.is_object() ? std::move(report.summary) : nlohmann::json::object();
  summary["routers"] = row_count;
  summary["exit_code"] = exit_code;
  nlohmann::json out = nlohmann::json::object();
  out["schema"] = k_json_schema;
  out["command"] = report.command;
  out["run"] = report.run ? nlohmann::json(*report.run) : nlohmann::json(nullptr);
  out["routers"] = std::move(report.routers);
  out["summary"] = std::move(summary);
  if (report.data) out[report.data->first] = std::move(report.data->second);
  return out.dump(2, ' ', false, k_invalid_utf8) + "\n";
}

}  // namespace

std::string render_json_report(JsonReport report, int exit_code) {
  const std::size_t rows = report.routers.size();
  return envelope(std::move(report), exit_code, rows);
}

std::string json_report_row_text(const nlohmann::json &row) {
  // a row is an element of the envelope's "routers", two levels deep: each of its lines 4 spaces more
  const std::string alone = row.dump(2, ' ', false, k_invalid_utf8);
  std::string text;
  text.reserve(alone.size() + alone.size() / 8);
  for (char c : alone) {
    text += c;
    if (c == '\n') text += "    ";
  }
  return text;
}

std::optional<std::string> render_json_report(JsonReport report, int exit_code, const base::Spool &rows) {
  // the envelope with an empty "routers" (the top level's, two spaces in), the rows put in its place;
  // written once into a string of the right size (at 10,000 routers the report is megabytes)
  report.routers = nlohmann::json::array();
  const std::string envelope_text = envelope(std::move(report), exit_code, rows.count());
  const std::string empty = "\n  \"routers\": []";
  const auto at = envelope_text.find(empty);
  if (at == std::string::npos) return std::nullopt;
  std::string text;
  text.reserve(envelope_text.size() + rows.bytes() + rows.count() * 6 + 8);
  text.append(envelope_text, 0, at + empty.size() - 1);  // up to the '['
  std::size_t count = 0;
  const bool whole = rows.for_each([&](std::size_t, std::string_view row) {
    text += count++ == 0 ? "\n    " : ",\n    ";
    text += row;
  });
  if (!whole) return std::nullopt;
  text += count == 0 ? "]" : "\n  ]";
  text.append(envelope_text, at + empty.size(), std::string::npos);
  return text;
}

void count_status(nlohmann::json &counts, const nlohmann::json &row) {
  if (!counts.is_object()) counts = nlohmann::json::object();
  const std::string status = row.value("status", "");
  if (status.empty()) return;
  counts[status] = counts.value(status, 0) + 1;
}

nlohmann::json count_statuses(const nlohmann::json &routers) {
  nlohmann::json counts = nlohmann::json::object();
  for (const auto &r : routers) count_status(counts, r);
  return counts;
}

}  // namespace licmig::migrate
