// Router::save_state / load_state: the persistent part of a router as JSON (configurations,
// software, licenses, PAK snapshot, Smart registration, reload count, log buffer), so a router keeps
// what it is across a restart of the simulator. Time points are stored as seconds of uptime.
#include "sim/router.hpp"
#include "sim/router_state.hpp"

namespace licmig::sim {

namespace {

using nlohmann::json;

json paks_json(const std::vector<PakSpec> &paks) {
  json a = json::array();
  for (const auto &p : paks) a.push_back({{"feature", p.feature}, {"type", p.type}, {"state", p.state}});
  return a;
}

std::vector<PakSpec> paks_from(const json &a) {
  std::vector<PakSpec> out;
  for (const auto &j : a) {
    PakSpec p;
    p.feature = j.at("feature").get<std::string>();
    p.type = j.value("type", p.type);
    p.state = j.value("state", p.state);
    out.push_back(p);
  }
  return out;
}

json config_json(const Config &c) {
  json j;
  j["hostname"] = c.hostname;
  if (c.boot_level) j["boot_level"] = *c.boot_level;
  if (c.smart_enable) j["smart_enable"] = *c.smart_enable;
  j["boot_system"] = c.boot_system;
  j["service_call_home"] = c.service_call_home;
  if (c.trustpoint) j["trustpoint"] = *c.trustpoint;
  j["contact_email"] = c.contact_email;
  j["shutdown_ports"] = c.shutdown_ports;
  if (c.scp_server) j["scp_server"] = true;
  json profiles = json::array();
  for (const auto &p : c.profiles) {
    profiles.push_back({{"name", p.name},
                        {"active", p.active},
                        {"transport", p.transport},
                        {"http", p.http_destinations},
                        {"email", p.email_destinations}});
  }
  j["profiles"] = profiles;
  return j;
}

Config config_from(const json &j) {
  Config c;
  c.hostname = j.at("hostname").get<std::string>();
  if (j.contains("boot_level")) c.boot_level = j["boot_level"].get<std::string>();
  if (j.contains("smart_enable")) c.smart_enable = j["smart_enable"].get<bool>();
  c.boot_system = j.value("boot_system", std::vector<std::string>{});
  c.service_call_home = j.value("service_call_home", true);
  if (j.contains("trustpoint")) c.trustpoint = j["trustpoint"].get<std::string>();
  c.contact_email = j.value("contact_email", std::string{});
  c.shutdown_ports = j.value("shutdown_ports", std::vector<std::string>{});
  c.scp_server = j.value("scp_server", false);
  for (const auto &pj : j.value("profiles", json::array())) {
    CallHomeProfileSpec p;
    p.name = pj.at("name").get<std::string>();
    p.active = pj.value("active", true);
    p.transport = pj.value("transport", std::string("http"));
    p.http_destinations = pj.value("http", std::vector<std::string>{});
    p.email_destinations = pj.value("email", std::vector<std::string>{});
    c.profiles.push_back(p);
  }
  return c;
}

std::optional<LicMode> mode_of(const std::string &s) {
  if (s == "traditional") return LicMode::traditional;
  if (s == "smart") return LicMode::smart;
  if (s == "no-license") return LicMode::no_license;
  return std::nullopt;
}

}  // namespace

nlohmann::json Router::save_state() const {
  const auto &s = *state_;
  json j;
  j["format"] = 1;
  j["running"] = config_json(s.running);
  j["startup"] = config_json(s.startup);
  j["release"] = s.release;
  j["image"] = s.image;
  j["mode"] = mode_name(s.mode);
  j["level"] = s.level;
  j["paks"] = paks_json(s.paks);
  if (s.pak_snapshot)
    j["pak_snapshot"] = {{"licenses", paks_json(s.pak_snapshot->licenses)}, {"taken_at", s.pak_snapshot->taken_at}};
  j["smart"] = {{"registration", s.smart.registration},
                {"smart_account", s.smart.smart_account},
                {"virtual_account", s.smart.virtual_account},
                {"registered_at", s.smart.registered_at},
                {"authorized_at", s.smart.authorized_at},
                {"last_token", s.smart.last_token},
                {"token_used_before_reload", s.smart.token_used_before_reload},
                {"last_failure", s.smart.last_failure},
                {"last_comm_at", s.smart.last_comm_at},
                {"eval_remaining_s", s.smart.eval_remaining_s}};
  j["reload_count"] = s.reload_count;
  j["generation"] = s.generation;
  j["last_reload_reason"] = s.last_reload_reason;
  j["standby_loop"] = s.standby_loop;
  j["ports_down"] = s.ports_down;
  json log = json::array();
  for (const auto &e : s.log) log.push_back({{"wall", e.wall}, {"ms", e.millis}, {"text", e.text}});
  j["log"] = log;
  return j;
}

Status Router::load_state(const nlohmann::json &j) {
  auto &s = *state_;
  try {
    if (!j.is_object() || j.value("format", 0) != 1) {
      return Status::error(ErrorKind::invalid_input, "router state of " + s.spec.name + ": unknown format");
    }
    auto mode = mode_of(j.at("mode").get<std::string>());
    if (!mode) return Status::error(ErrorKind::invalid_input, "router state of " + s.spec.name + ": bad mode");
    s.running = config_from(j.at("running"));
    s.startup = config_from(j.at("startup"));
    s.release = j.at("release").get<std::string>();
    s.image = j.value("image", std::string{});
    s.mode = *mode;
    s.level = j.at("level").get<std::string>();
    s.paks = paks_from(j.value("paks", json::array()));
    s.pak_snapshot.reset();
    if (j.contains("pak_snapshot")) {
      s.pak_snapshot = PakSnapshotRecord{paks_from(j["pak_snapshot"].at("licenses")),
                                         j["pak_snapshot"].value("taken_at", std::int64_t{0})};
    }
    const auto &sm = j.at("smart");
    s.smart.registration = sm.value("registration", std::string("UNREGISTERED"));
    s.smart.smart_account = sm.value("smart_account", std::string{});
    s.smart.virtual_account = sm.value("virtual_account", std::string{});
    s.smart.registered_at = sm.value("registered_at", std::int64_t{0});
    s.smart.authorized_at = sm.value("authorized_at", std::int64_t{0});
    s.smart.last_token = sm.value("last_token", std::string{});
    s.smart.token_used_before_reload = sm.value("token_used_before_reload", false);
    s.smart.last_failure = sm.value("last_failure", std::string{});
    s.smart.last_comm_at = sm.value("last_comm_at", std::int64_t{0});
    s.smart.eval_remaining_s = sm.value("eval_remaining_s", s.smart.eval_remaining_s);
    s.smart.eval_mark = s.created;
    s.reload_count = j.value("reload_count", std::uint64_t{0});
    s.generation = j.value("generation", std::uint64_t{1});
    s.last_reload_reason = j.value("last_reload_reason", std::string("Reload Command"));
    s.standby_loop = j.value("standby_loop", false);
    s.ports_down = j.value("ports_down", std::vector<std::string>{});
    s.loop_start = s.created;
    s.loop_cycles_seen = 0;
    s.log.clear();
    for (const auto &e : j.value("log", json::array())) {
      s.log.push_back(LogEntry{e.value("wall", std::int64_t{0}), e.value("ms", 0), e.value("text", std::string{})});
    }
  } catch (const nlohmann::json::exception &e) {
    return Status::error(ErrorKind::invalid_input, "router state of " + s.spec.name + ": " + e.what());
  }
  return Status::ok();
}

}  // namespace licmig::sim
