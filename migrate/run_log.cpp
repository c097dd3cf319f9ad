#include "migrate/run_log.hpp"

#include <variant>

#include "base/log.hpp"

namespace licmig::migrate {

namespace {

using base::log::Level;

std::string joined(const std::vector<std::string> &names) {
  std::string out;
  for (const auto &n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

struct Writer {
  void operator()(const RunRecord &r) const {
    base::log::record(Level::info, "", "run " + r.run_id + " starts: target " + r.target_release + " " + r.target_mode);
  }
  void operator()(const PlanRecord &r) const {
    base::log::record(Level::debug, r.host,
                      "plan: " + std::to_string(r.plan.steps.size()) + " steps, " + r.plan.from + " -> " + r.plan.to +
                          (r.plan.refused ? " (refused: " + r.plan.refusal + ")" : ""));
  }
  void operator()(const StepRecord &r) const {
    const std::string step =
        "step " + std::to_string(r.step + 1) + (r.kind ? std::string(" ") + to_string(*r.kind) : "");
    switch (r.event) {
      case StepRecord::Event::start: base::log::record(Level::info, r.host, step + " started"); break;
      case StepRecord::Event::done: base::log::record(Level::info, r.host, step + " done"); break;
      case StepRecord::Event::failed: base::log::record(Level::warn, r.host, step + " failed: " + r.detail); break;
      case StepRecord::Event::reload_sent: base::log::record(Level::info, r.host, step + " reload sent"); break;
    }
  }
  void operator()(const ResultRecord &r) const {
    const bool bad = r.outcome == Outcome::failed || r.outcome == Outcome::unreachable;
    base::log::record(bad ? Level::warn : Level::info, r.host,
                      std::string("result: ") + to_string(r.outcome) + " (" + r.from + " -> " + r.to + ")" +
                          (r.message.empty() ? "" : ": " + r.message));
  }
  void operator()(const InterruptedRecord &r) const {
    base::log::record(Level::warn, "",
                      "interrupted by " + r.signal + "; in flight: " + joined(r.in_flight) +
                          "; not started: " + joined(r.not_started));
  }
  void operator()(const WaveRecord &r) const {
    base::log::record(Level::info, "",
                      "wave " + std::to_string(r.wave) + (r.canary ? " (canary)" : "") + " starts: " + joined(r.hosts));
  }
  void operator()(const StageRecord &r) const {
    base::log::record(
        Level::info, r.host,
        "stage: " + r.action + (r.file.empty() ? "" : " " + r.file) + (r.detail.empty() ? "" : ": " + r.detail));
  }
};

}  // namespace

void log_record(const JournalRecord &record) { std::visit(Writer{}, record); }

}  // namespace licmig::migrate
