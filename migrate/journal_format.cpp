#include "migrate/journal_format.hpp"

namespace licmig::migrate {

namespace {

using nlohmann::json;

json expect_to_json(const Expectation &e) {
  json j = json::object();
  if (e.release) j["release"] = *e.release;
  if (e.mode) j["mode"] = snapshot::to_string(*e.mode);
  if (e.level) j["level"] = *e.level;
  if (e.registration) j["registration"] = *e.registration;
  if (e.boot_level) j["boot_level"] = *e.boot_level;
  if (e.image_file) j["image_file"] = *e.image_file;
  if (e.image_md5) j["image_md5"] = *e.image_md5;
  if (!e.ports_up.empty()) j["ports_up"] = e.ports_up;
  if (e.boot_system) j["boot_system"] = *e.boot_system;
  return j;
}

Expectation expect_from_json(const json &j) {
  Expectation e;
  if (j.contains("release")) e.release = j.at("release").get<std::string>();
  if (j.contains("mode")) e.mode = snapshot::license_mode_from_string(j.at("mode").get<std::string>());
  if (j.contains("level")) e.level = j.at("level").get<std::string>();
  if (j.contains("registration")) e.registration = j.at("registration").get<std::string>();
  if (j.contains("boot_level")) e.boot_level = j.at("boot_level").get<std::string>();
  if (j.contains("image_file")) e.image_file = j.at("image_file").get<std::string>();
  if (j.contains("image_md5")) e.image_md5 = j.at("image_md5").get<std::string>();
  if (j.contains("ports_up")) e.ports_up = j.at("ports_up").get<std::vector<std::string>>();
  if (j.contains("boot_system")) e.boot_system = j.at("boot_system").get<std::vector<std::string>>();
  return e;
}

const char *event_name(StepRecord::Event e) {
  switch (e) {
    case StepRecord::Event::start: return "start";
    case StepRecord::Event::done: return "done";
    case StepRecord::Event::failed: return "failed";
    case StepRecord::Event::reload_sent: return "reload-sent";
  }
  return "start";
}

std::optional<StepRecord::Event> step_event_from_string(const std::string &s) {
  for (auto e :
       {StepRecord::Event::start, StepRecord::Event::done, StepRecord::Event::failed, StepRecord::Event::reload_sent}) {
    if (s == event_name(e)) return e;
  }
  return std::nullopt;
}

Status not_a(const char *what, const std::exception &e) {
  return Status::error(ErrorKind::parse_error, std::string("not a ") + what + " record: " + e.what());
}

}  // namespace

const char *to_string(Outcome o) {
  switch (o) {
    case Outcome::migrated: return "migrated";
    case Outcome::unchanged: return "unchanged";
    case Outcome::refused: return "refused";
    case Outcome::failed: return "failed";
    case Outcome::unreachable: return "unreachable";
    case Outcome::skipped: return "skipped";
    case Outcome::interrupted: return "interrupted";
  }
  return "failed";
}

std::optional<Outcome> outcome_from_string(const std::string &s) {
  for (auto o : {Outcome::migrated, Outcome::unchanged, Outcome::refused, Outcome::failed, Outcome::unreachable,
                 Outcome::skipped, Outcome::interrupted}) {
    if (s == to_string(o)) return o;
  }
  return std::nullopt;
}

std::optional<StepKind> step_kind_from_string(const std::string &s) {
  for (auto k : all_step_kinds()) {
    if (s == to_string(k)) return k;
  }
  return std::nullopt;
}

json plan_to_json(const Plan &plan) {
  json steps = json::array();
  for (const auto &s : plan.steps) {
    steps.push_back({{"kind", to_string(s.kind)},
                     {"title", s.title},
                     {"commands", s.commands},
                     {"why", s.why},
                     {"expect", expect_to_json(s.expect)}});
  }
  json j = {{"host", plan.host},       {"from", plan.from},       {"to", plan.to},         {"steps", steps},
            {"refused", plan.refused}, {"refusal", plan.refusal}, {"remedy", plan.remedy}, {"notes", plan.notes}};
  if (plan.unreadable) j["unreadable"] = true;
  if (plan.unreadable_cause != ErrorKind::ok) j["unreadable_cause"] = licmig::to_string(plan.unreadable_cause);
  if (!plan.source_snapshot.empty()) j["source_snapshot"] = plan.source_snapshot;
  if (!plan.refused_by.empty()) {
    json findings = json::array();
    for (const auto &f : plan.refused_by) {
      findings.push_back({{"rule", f.rule_id},
                          {"name", f.rule_name},
                          {"severity", rules::to_string(f.severity)},
                          {"host", f.host},
                          {"message", f.message},
                          {"guide", f.guide},
                          {"remediation", f.remediation}});
    }
    j["refused_by"] = findings;
  }
  return j;
}

Result<Plan> plan_from_json(const json &j) {
  try {
    Plan p;
    p.host = j.at("host").get<std::string>();
    p.from = j.at("from").get<std::string>();
    p.to = j.at("to").get<std::string>();
    p.refused = j.at("refused").get<bool>();
    p.refusal = j.at("refusal").get<std::string>();
    p.remedy = j.at("remedy").get<std::vector<std::string>>();
    p.notes = j.at("notes").get<std::vector<std::string>>();
    p.unreadable = j.value("unreadable", false);
    p.unreadable_cause = error_kind_from_string(j.value("unreadable_cause", "")).value_or(ErrorKind::ok);
    p.source_snapshot = j.value("source_snapshot", "");
    if (j.contains("refused_by")) {
      for (const auto &f : j.at("refused_by")) {
        rules::Finding finding;
        if (f.is_string()) {  // journals of the first plan_fleet version kept the rule IDs only
          finding.rule_id = f.get<std::string>();
        } else {
          finding.rule_id = f.at("rule").get<std::string>();
          finding.rule_name = f.value("name", "");
          if (auto sev = rules::severity_from_string(f.value("severity", "error"))) finding.severity = *sev;
          finding.host = f.value("host", "");
          finding.message = f.value("message", "");
          finding.guide = f.value("guide", "");
          finding.remediation = f.value("remediation", std::vector<std::string>{});
        }
        p.refused_by.push_back(std::move(finding));
      }
    }
    for (const auto &s : j.at("steps")) {
      Step step;
      auto kind = step_kind_from_string(s.at("kind").get<std::string>());
      if (!kind) return Status::error(ErrorKind::parse_error, "unknown step kind " + s.at("kind").dump());
      step.kind = *kind;
      step.title = s.at("title").get<std::string>();
      step.commands = s.at("commands").get<std::vector<std::string>>();
      step.why = s.at("why").get<std::string>();
      step.expect = expect_from_json(s.at("expect"));
      p.steps.push_back(std::move(step));
    }
    return p;
  } catch (const json::exception &e) {
    return Status::error(ErrorKind::parse_error, std::string("not a plan record: ") + e.what());
  }
}

json RunRecord::encode() const {
  return {{"event", "run"},
          {"run", run_id},
          {"inventory", inventory},
          {"inventories", inventories},
          {"vault_ids", vault_ids},
          {"ask_vault_pass", ask_vault_pass},
          {"limit", limit},
          {"target_release", target_release},
          {"target_mode", target_mode},
          {"image", image},
          {"image_md5", image_md5},
          {"image_url", image_url},
          {"token_file", token_file},
          {"via", via},
          {"via_images", via_images},
          {"satellite", satellite},
          {"slr", slr},
          {"allow_unlisted_release", allow_unlisted_release},
          {"serial", serial},
          {"canary", canary},
          {"max_fail_percentage", max_fail_percentage},
          {"max_fail_scope", max_fail_scope},
          {"store", store},
          {"known_hosts", known_hosts},
          {"accept_new_host_keys", accept_new_host_keys},
          {"parallel", parallel},
          {"credentials_file", credentials_file},
          {"ssh_config", ssh_config},
          {"ask_pass", ask_pass},
          {"connect_timeout_s", connect_timeout_s},
          {"command_timeout_s", command_timeout_s},
          {"reload_timeout_s", reload_timeout_s},
          {"max_output", max_output},
          {"rollback_of", rollback_of},
          {"rollback_on_failure", rollback_on_failure}};
}

Result<RunRecord> RunRecord::decode(const json &j) {
  try {
    RunRecord r;
    r.run_id = j.value("run", "");
    r.inventory = j.value("inventory", "");
    r.inventories = j.value("inventories", std::vector<std::string>{});
    if (r.inventories.empty() && !r.inventory.empty()) r.inventories.push_back(r.inventory);
    r.vault_ids = j.value("vault_ids", std::vector<std::string>{});
    r.ask_vault_pass = j.value("ask_vault_pass", false);
    r.limit = j.value("limit", "");
    r.target_release = j.value("target_release", "");
    r.target_mode = j.value("target_mode", "");
    r.image = j.value("image", "");
    r.image_md5 = j.value("image_md5", "");
    r.image_url = j.value("image_url", "");
    r.token_file = j.value("token_file", "");
    r.via = j.value("via", std::vector<std::string>{});
    r.via_images = j.value("via_images", std::vector<std::string>{});
    r.satellite = j.value("satellite", false);
    r.slr = j.value("slr", false);
    r.allow_unlisted_release = j.value("allow_unlisted_release", false);
    r.serial = j.value("serial", "");
    r.parallel = j.value("parallel", 20);
    r.canary = j.value("canary", 0);
    r.max_fail_percentage = j.value("max_fail_percentage", 100);
    r.max_fail_scope = j.value("max_fail_scope", "run");
    r.store = j.value("store", "");
    r.known_hosts = j.value("known_hosts", "");
    r.accept_new_host_keys = j.value("accept_new_host_keys", false);
    r.credentials_file = j.value("credentials_file", "");
    r.ssh_config = j.value("ssh_config", "");
    r.ask_pass = j.value("ask_pass", false);
    r.connect_timeout_s = j.value("connect_timeout_s", 10);
    r.command_timeout_s = j.value("command_timeout_s", 60);
    r.reload_timeout_s = j.value("reload_timeout_s", 0);
    r.max_output = j.value("max_output", std::uint64_t{devices::k_default_max_output});
    r.rollback_of = j.value("rollback_of", "");
    r.rollback_on_failure = j.value("rollback_on_failure", false);
    return r;
  } catch (const json::exception &e) {
    return not_a("run", e);
  }
}

json PlanRecord::encode() const {
  json j = {{"event", "plan"}, {"host", host}, {"plan", plan_to_json(plan)}};
  if (rollback) j["phase"] = "rollback";
  return j;
}

Result<PlanRecord> PlanRecord::decode(const json &j) {
  try {
    auto p = plan_from_json(j.at("plan"));
    if (!p) return p.status();
    return PlanRecord{j.at("host").get<std::string>(), std::move(p).value(), j.value("phase", "") == "rollback"};
  } catch (const json::exception &e) {
    return not_a("plan", e);
  }
}

json StepRecord::encode() const {
  json j = {{"event", event_name(event)}, {"host", host}, {"step", step}};
  if (kind) j["kind"] = to_string(*kind);
  if (!detail.empty()) j["detail"] = detail;
  if (!facts.empty()) j["facts"] = facts;
  if (rollback) j["phase"] = "rollback";
  return j;
}

Result<StepRecord> StepRecord::decode(const json &j) {
  try {
    StepRecord r;
    auto event = step_event_from_string(j.at("event").get<std::string>());
    if (!event) return Status::error(ErrorKind::parse_error, "not a step record: event " + j.at("event").dump());
    r.event = *event;
    r.host = j.at("host").get<std::string>();
    r.step = j.at("step").get<int>();
    if (j.contains("kind")) r.kind = step_kind_from_string(j.at("kind").get<std::string>());
    r.detail = j.value("detail", "");
    if (j.contains("facts")) {
      for (const auto &[k, v] : j.at("facts").items()) r.facts[k] = v.get<std::string>();
    }
    r.ts = j.value("ts", "");
    r.rollback = j.value("phase", "") == "rollback";
    return r;
  } catch (const json::exception &e) {
    return not_a("step", e);
  }
}

json ResultRecord::encode() const {
  json j = {{"event", "result"},
            {"host", host},
            {"outcome", to_string(outcome)},
            {"message", message},
            {"from", from},
            {"to", to},
            {"cause", cause == ErrorKind::ok ? "" : licmig::to_string(cause)},
            {"store_failed", store_failed},
            {"level_before", level_before},
            {"level_after", level_after},
            {"reloads", reloads},
            {"pre_snapshot", pre_snapshot},
            {"post_snapshot", post_snapshot},
            {"diff", diff}};
  if (came_back_wrong) j["came_back_wrong"] = true;
  if (!rolled_back.empty()) j["rolled_back"] = rolled_back;
  if (rollback) j["phase"] = "rollback";
  return j;
}

Result<ResultRecord> ResultRecord::decode(const json &j) {
  try {
    ResultRecord r;
    r.host = j.at("host").get<std::string>();
    r.outcome = outcome_from_string(j.value("outcome", "failed")).value_or(Outcome::failed);
    r.message = j.value("message", "");
    r.from = j.value("from", "");
    r.to = j.value("to", "");
    r.cause = error_kind_from_string(j.value("cause", "")).value_or(ErrorKind::ok);
    r.store_failed = j.value("store_failed", false);
    r.level_before = j.value("level_before", "");
    r.level_after = j.value("level_after", "");
    r.reloads = j.value("reloads", 0);
    r.pre_snapshot = j.value("pre_snapshot", "");
    r.post_snapshot = j.value("post_snapshot", "");
    r.diff = j.value("diff", "");
    r.came_back_wrong = j.value("came_back_wrong", false);
    r.rolled_back = j.value("rolled_back", "");
    r.rollback = j.value("phase", "") == "rollback";
    return r;
  } catch (const json::exception &e) {
    return not_a("result", e);
  }
}

json InterruptedRecord::encode() const {
  return {{"event", "interrupted"}, {"signal", signal}, {"in_flight", in_flight}, {"not_started", not_started}};
}

Result<InterruptedRecord> InterruptedRecord::decode(const json &j) {
  try {
    InterruptedRecord r;
    r.signal = j.value("signal", "");
    r.in_flight = j.value("in_flight", std::vector<std::string>{});
    r.not_started = j.value("not_started", std::vector<std::string>{});
    return r;
  } catch (const json::exception &e) {
    return not_a("interrupted", e);
  }
}

json WaveRecord::encode() const { return {{"event", "wave"}, {"wave", wave}, {"canary", canary}, {"hosts", hosts}}; }

Result<WaveRecord> WaveRecord::decode(const json &j) {
  try {
    WaveRecord r;
    r.wave = j.at("wave").get<int>();
    r.canary = j.value("canary", false);
    r.hosts = j.value("hosts", std::vector<std::string>{});
    r.ts = j.value("ts", "");
    return r;
  } catch (const json::exception &e) {
    return not_a("wave", e);
  }
}

json StageRecord::encode() const {
  return {{"event", "stage"}, {"host", host}, {"action", action}, {"file", file}, {"detail", detail}};
}

Result<StageRecord> StageRecord::decode(const json &j) {
  try {
    StageRecord r;
    r.host = j.at("host").get<std::string>();
    r.action = j.at("action").get<std::string>();
    r.file = j.value("file", "");
    r.detail = j.value("detail", "");
    return r;
  } catch (const json::exception &e) {
    return not_a("stage", e);
  }
}

Result<std::optional<JournalRecord>> decode_record(const json &j) {
  if (!j.is_object() || !j.contains("event") || !j.at("event").is_string()) {
    return Status::error(ErrorKind::parse_error, "not a journal record: no event");
  }
  const auto event = j.at("event").get<std::string>();
  auto wrap = [](auto r) -> Result<std::optional<JournalRecord>> {
    if (!r) return r.status();
    return std::optional<JournalRecord>(std::move(r).value());
  };
  if (event == "run") return wrap(RunRecord::decode(j));
  if (event == "plan") return wrap(PlanRecord::decode(j));
  if (event == "result") return wrap(ResultRecord::decode(j));
  if (event == "interrupted") return wrap(InterruptedRecord::decode(j));
  if (event == "wave") return wrap(WaveRecord::decode(j));
  if (event == "stage") return wrap(StageRecord::decode(j));
  if (step_event_from_string(event)) return wrap(StepRecord::decode(j));
  return std::optional<JournalRecord>();
}

}  // namespace licmig::migrate
