#include "migrate/json_report.hpp"

#include <utility>

namespace licmig::migrate {

std::string render_json_report(JsonReport report, int exit_code) {
  nlohmann::json summary = report.summary.is_object() ? std::move(report.summary) : nlohmann::json::object();
  summary["routers"] = report.routers.size();
  summary["exit_code"] = exit_code;
  nlohmann::json out = nlohmann::json::object();
  out["schema"] = k_json_schema;
  out["command"] = report.command;
  out["run"] = report.run ? nlohmann::json(*report.run) : nlohmann::json(nullptr);
  out["routers"] = std::move(report.routers);
  out["summary"] = std::move(summary);
  if (report.data) out[report.data->first] = std::move(report.data->second);
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

nlohmann::json count_statuses(const nlohmann::json &routers) {
  nlohmann::json counts = nlohmann::json::object();
  for (const auto &r : routers) {
    const std::string status = r.value("status", "");
    if (status.empty()) continue;
    counts[status] = counts.value(status, 0) + 1;
  }
  return counts;
}

}  // namespace licmig::migrate
