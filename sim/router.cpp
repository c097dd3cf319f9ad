// Router: construction from a RouterSpec, the small state helpers, authentication and sessions.
// The reload behaviour is in router_reload.cpp, Smart Licensing in router_smart.cpp, the CLI in
// cli_*.cpp and the show outputs in render_*.cpp.
#include "sim/router.hpp"

#include <algorithm>

#include "sim/cli_session.hpp"
#include "sim/fleet.hpp"
#include "sim/router_state.hpp"

namespace licmig::sim {

const char *mode_name(LicMode mode) {
  switch (mode) {
    case LicMode::traditional: return "traditional";
    case LicMode::smart: return "smart";
    case LicMode::no_license: return "no-license";
  }
  return "traditional";
}

bool Config::operator==(const Config &o) const {
  auto same_profiles = [&] {
    if (profiles.size() != o.profiles.size()) return false;
    for (std::size_t i = 0; i < profiles.size(); ++i) {
      const auto &a = profiles[i];
      const auto &b = o.profiles[i];
      if (a.name != b.name || a.active != b.active || a.transport != b.transport ||
          a.http_destinations != b.http_destinations || a.email_destinations != b.email_destinations) {
        return false;
      }
    }
    return true;
  };
  return hostname == o.hostname && boot_level == o.boot_level && smart_enable == o.smart_enable &&
         boot_system == o.boot_system && service_call_home == o.service_call_home && trustpoint == o.trustpoint &&
         contact_email == o.contact_email && shutdown_ports == o.shutdown_ports && scp_server == o.scp_server &&
         same_profiles();
}

const std::vector<std::string> &boot_levels() {
  static const std::vector<std::string> levels = {"advancedmetroipaccess", "metroaccess", "metroaggrservices",
                                                  "metroipaccess"};
  return levels;
}

namespace {
int rank_of(const std::string &level) {
  if (level == "metroaccess") return 1;
  if (level == "metroipaccess" || level == "metroaggrservices") return 2;
  if (level == "advancedmetroipaccess") return 3;
  return 0;
}
}  // namespace

bool is_boot_level(const std::string &feature) { return rank_of(feature) > 0; }

std::string pak_level(const std::vector<PakSpec> &paks) {
  std::string permanent, any;
  for (const auto &p : paks) {
    if (p.type == "Permanent" && rank_of(p.feature) > rank_of(permanent)) permanent = p.feature;
    if (rank_of(p.feature) > rank_of(any)) any = p.feature;
  }
  return permanent.empty() ? any : permanent;
}

bool release_at_least(const std::string &release, const char *min) {
  auto r = snapshot::Release::parse(release);
  if (!r) return false;
  return *r >= snapshot::Release::of(min);
}

bool in_snapshot_window(const std::string &release) {
  return release_at_least(release, "17.8.1") && !release_at_least(release, "17.11.1");
}

namespace {

std::optional<LicMode> mode_from(const std::string &s) {
  if (s == "traditional") return LicMode::traditional;
  if (s == "smart") return LicMode::smart;
  if (s == "no-license" || s == "no_license") return LicMode::no_license;
  return std::nullopt;
}

Config config_from_spec(const RouterSpec &spec, LicMode mode, const std::string &image) {
  Config c;
  c.hostname = spec.hostname.empty() ? spec.name : spec.hostname;
  c.boot_level = spec.boot_level;
  if (mode == LicMode::smart) c.smart_enable = true;
  if (mode == LicMode::no_license) c.smart_enable = false;
  if (!image.empty()) c.boot_system.push_back("bootflash:" + image);
  c.service_call_home = spec.call_home.service_enabled;
  c.profiles = spec.call_home.profiles;
  if (c.profiles.empty()) {
    CallHomeProfileSpec p;
    p.http_destinations.push_back("https://tools.cisco.com/its/service/oddce/services/DDCEService");
    c.profiles.push_back(p);
  }
  c.trustpoint = spec.call_home.secure_trustpoint;
  return c;
}

}  // namespace

// ---- State helpers ----

std::int64_t RouterState::wall(Clock::time_point now) const {
  return wall_at_created + std::chrono::duration_cast<std::chrono::seconds>(now - created).count();
}

snapshot::Release RouterState::rel() const {
  auto r = snapshot::Release::parse(release);
  return r ? *r : snapshot::Release::of("17.6.1");
}

void RouterState::add_log(Clock::time_point now, std::string text) {
  LogEntry e;
  e.wall = wall(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - created).count();
  e.millis = static_cast<int>(ms % 1000);
  e.text = std::move(text);
  log.push_back(std::move(e));
  if (log.size() > 400) log.erase(log.begin(), log.begin() + 100);
}

const ImageSpec *RouterState::find_image(const std::string &file) const {
  for (const auto &i : spec.images) {
    if (i.file == file) return &i;
  }
  return nullptr;
}

std::string RouterState::release_of_file(const std::string &file) const {
  if (const auto *img = find_image(file); img && !img->release.empty()) return img->release;
  return release_from_image(file);
}

std::string RouterState::serial() const {
  // A stable, realistic-looking serial number from the router name.
  std::uint32_t h = 2166136261u;
  for (char c : spec.name) h = (h ^ static_cast<std::uint8_t>(c)) * 16777619u;
  static const char *alnum = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string s = "CAT";
  for (int i = 0; i < 4; ++i) {
    s += alnum[h % 10];
    h /= 10;
  }
  s += 'X';
  s += alnum[h % 34];
  s += alnum[(h / 34) % 34];
  s += alnum[(h / 1156) % 34];
  return s;
}

std::int64_t RouterState::eval_remaining(Clock::time_point now) const {
  if (!eval_in_use()) return smart.eval_remaining_s;
  auto used = std::chrono::duration_cast<std::chrono::seconds>(now - smart.eval_mark).count();
  return std::max<std::int64_t>(0, smart.eval_remaining_s - used);
}

std::string RouterState::next_reload_level() const {
  if (running.boot_level) return *running.boot_level;
  return level;
}

std::string RouterState::traditional_license_type() const {
  for (const auto &p : paks) {
    if (p.feature == level) return p.type;
  }
  return "Default. No valid license found.";
}

bool RouterState::policy_layout() const {
  // The vendor guide shows ASR 900-series routers keeping the classic Smart Licensing layout
  // (registration, evaluation period) on 17.3 and later; other platforms switch to Smart Licensing
  // Using Policy at 17.3.1.
  if (spec.platform.rfind("ASR-9", 0) == 0 || spec.platform.rfind("ASR9", 0) == 0) return false;
  return release_at_least(release, "17.3.1");
}

bool RouterState::pak_info_available() const { return in_snapshot_window(release); }

bool RouterState::holds_port_license() const {
  return std::any_of(paks.begin(), paks.end(), [](const PakSpec &p) { return !is_boot_level(p.feature); });
}

std::vector<std::string> RouterState::ports() const {
  auto out = spec.interfaces.data_ports;
  if (holds_port_license())
    out.insert(out.end(), spec.interfaces.licensed_ports.begin(), spec.interfaces.licensed_ports.end());
  return out;
}

bool RouterState::port_admin_down(const std::string &port) const {
  if (std::find(ports_down.begin(), ports_down.end(), port) != ports_down.end()) return true;
  if (!data_ports_down) return false;
  const auto all = ports();
  return std::find(all.begin(), all.end(), port) != all.end();
}

// ---- Router ----

Router::Router(RouterSpec spec, Clock::time_point now) : state_(std::make_unique<State>()) {
  auto &s = *state_;
  s.spec = std::move(spec);
  s.created = now;
  s.up_at = now - std::chrono::hours(24 * 17 + 5) - std::chrono::minutes(13);
  s.last_reload_at = s.up_at - std::chrono::seconds(s.spec.boot_seconds);
  s.config_changed_at = now - std::chrono::minutes(10);
  s.wall_at_created =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  // A temporary bootflash until the server attaches the one in the state folder; when even that
  // fails the router has no bootflash (every file operation answers with an error).
  (void)s.bootflash.attach_temporary(s.spec.bootflash_bytes, s.spec.images, s.bootflash_seed_time());
  s.image = s.spec.image;
  s.release = s.spec.release;
  if (s.release.empty() && !s.image.empty()) {
    if (const auto *img = s.find_image(s.image)) s.release = img->release;
  }
  if (s.release.empty()) s.release = "16.9.4";
  if (s.image.empty()) {
    for (const auto &img : s.spec.images) {
      if (img.release == s.release) s.image = img.file;
    }
  }
  s.mode = mode_from(s.spec.license_mode).value_or(LicMode::traditional);
  if (s.mode == LicMode::traditional && release_at_least(s.release, "17.7.1")) s.mode = LicMode::no_license;
  if (s.mode == LicMode::no_license && !release_at_least(s.release, "17.7.1")) s.mode = LicMode::traditional;
  s.paks = s.spec.pak_licenses;
  if (in_snapshot_window(s.release) && !s.paks.empty()) {
    s.pak_snapshot = PakSnapshotRecord{s.paks, s.wall_at_created - 86400 * 30};
  }
  s.running = config_from_spec(s.spec, s.mode, s.image);
  s.startup = s.running;
  if (s.spec.license_level) {
    s.level = *s.spec.license_level;
  } else if (s.spec.boot_level) {
    s.level = *s.spec.boot_level;
  } else if (s.mode == LicMode::traditional && !pak_level(s.paks).empty()) {
    s.level = pak_level(s.paks);
  } else if (s.pak_snapshot && !pak_level(s.pak_snapshot->licenses).empty()) {
    s.level = pak_level(s.pak_snapshot->licenses);
  }
  s.smart.registration = s.spec.smart.registration.empty() ? "UNREGISTERED" : s.spec.smart.registration;
  s.smart.smart_account = s.spec.smart.smart_account;
  s.smart.virtual_account = s.spec.smart.virtual_account;
  s.smart.eval_remaining_s = static_cast<std::int64_t>(s.spec.smart.eval_days_remaining) * 86400;
  s.smart.eval_mark = now;
  if (s.smart.registration == "REGISTERED") {
    s.smart.registered_at = s.wall_at_created - 86400 * 40;
    s.smart.authorized_at = s.wall_at_created - 86400 * 3;
    s.smart.last_comm_at = s.smart.authorized_at;
    if (s.smart.smart_account.empty()) s.smart.smart_account = "Example Corp";
    if (s.smart.virtual_account.empty()) s.smart.virtual_account = "Default";
  }
  s.add_log(s.up_at, "%SYS-5-RESTART: System restarted --");
}

Router::~Router() = default;

const RouterSpec &Router::spec() const { return state_->spec; }
const std::string &Router::name() const { return state_->spec.name; }
void Router::set_peer(Router *peer) { state_->peer = peer ? peer->state_.get() : nullptr; }

void Router::tick(Clock::time_point now) { state_->tick(now); }
bool Router::accepting_connections(Clock::time_point now) const { return state_->accepting(now); }
std::uint64_t Router::boot_generation() const { return state_->generation; }
std::uint64_t Router::reload_count() const { return state_->reload_count; }

bool Router::password_ok(std::string_view user, std::string_view password) const {
  const auto &s = *state_;
  if (s.spec.faults.auth_fail_after_reload && s.reload_count > 0) return false;
  return user == s.spec.credentials.username && password == s.spec.credentials.password;
}

bool Router::public_key_ok(std::string_view user, std::string_view key_type, std::string_view key_base64) const {
  const auto &s = *state_;
  if (s.spec.faults.auth_fail_after_reload && s.reload_count > 0) return false;
  if (user != s.spec.credentials.username) return false;
  for (const auto &line : s.spec.credentials.authorized_keys) {
    // "ssh-ed25519 AAAA... comment"
    auto sp = line.find(' ');
    if (sp == std::string::npos) continue;
    auto rest = std::string_view(line).substr(sp + 1);
    auto sp2 = rest.find(' ');
    auto key = rest.substr(0, sp2);
    if (std::string_view(line).substr(0, sp) == key_type && key == key_base64) return true;
  }
  return false;
}

std::unique_ptr<CliSession> Router::open_shell(Clock::time_point now, const std::string &via_interface) {
  const auto &via = via_interface.empty() ? state_->spec.interfaces.session_via : via_interface;
  return std::make_unique<CliSessionImpl>(*this, *state_, now, via, false);
}

Reply Router::exec(std::string_view command, Clock::time_point now) {
  CliSessionImpl session(*this, *state_, now, state_->spec.interfaces.session_via, true);
  return session.run_exec(command, now);
}

std::string Router::hostname() const { return state_->running.hostname; }
std::string Router::release() const { return state_->release; }
std::string Router::license_mode() const { return mode_name(state_->mode); }
std::string Router::license_level() const { return state_->level; }
std::string Router::registration_status() const { return state_->smart.registration; }
bool Router::in_standby_reload_loop() const { return state_->standby_loop; }
std::vector<std::string> Router::admin_down_ports() const {
  std::vector<std::string> out;
  for (const auto &p : state_->ports()) {
    if (state_->port_admin_down(p)) out.push_back(p);
  }
  return out;
}
void Router::set_wall_clock(std::int64_t unix_seconds, Clock::time_point now) {
  auto &s = *state_;
  s.wall_at_created = unix_seconds - std::chrono::duration_cast<std::chrono::seconds>(now - s.created).count();
  s.host_clock_offset =
      unix_seconds -
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}
std::string Router::logging_text() const {
  std::string out;
  for (const auto &e : state_->log) out += e.text + "\n";
  return out;
}

Status Router::attach_bootflash(const std::string &dir) {
  auto &s = *state_;
  return s.bootflash.attach(dir, false, s.spec.bootflash_bytes, s.spec.images, s.bootflash_seed_time());
}

std::string Router::bootflash_dir() const { return state_->bootflash.dir(); }

}  // namespace licmig::sim
