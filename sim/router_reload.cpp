// The reload: what the router comes back as, per the vendor guide's behaviour model (DESIGN.md):
// the release of the first bootable `boot system` image of the saved configuration, the license
// mode from the saved `license smart enable` and the release class, the license level from the saved
// `license boot level`, the PAK snapshot (17.8-17.10) or the default; the boot timeline (not
// accepting connections while booting), scheduled reloads and the HA standby reload loop.
#include <algorithm>

#include "sim/router_state.hpp"

namespace licmig::sim {

namespace {

constexpr std::chrono::seconds k_standby_up_window{3};  // a looping standby is up this long

std::string file_of(const std::string &path) {
  auto colon = path.find(':');
  auto f = colon == std::string::npos ? path : path.substr(colon + 1);
  while (!f.empty() && f.front() == '/') f.erase(f.begin());
  return f;
}

bool same_paks(const std::vector<PakSpec> &a, const std::vector<PakSpec> &b) {
  auto key = [](const std::vector<PakSpec> &v) {
    std::vector<std::string> k;
    for (const auto &p : v) k.push_back(p.feature + "/" + p.type);
    std::sort(k.begin(), k.end());
    return k;
  };
  return key(a) == key(b);
}

bool has_pak(const std::vector<PakSpec> &paks, const std::string &feature) {
  return std::any_of(paks.begin(), paks.end(), [&](const PakSpec &p) { return p.feature == feature; });
}

// Level of a release >= 17.3 in Smart or No-License mode.
std::string smart_level(const RouterState &s, const std::string &release) {
  if (s.startup.boot_level) return *s.startup.boot_level;
  // "the router boots with the license level matching the permanent license" (17.8.1-17.10.x);
  // 17.11 and later no longer use the snapshot (guide silent: our conservative reading).
  if (in_snapshot_window(release) && s.pak_snapshot) {
    std::vector<PakSpec> permanent;
    for (const auto &p : s.pak_snapshot->licenses) {
      if (p.type == "Permanent") permanent.push_back(p);
    }
    if (auto level = pak_level(permanent); !level.empty()) return level;
  }
  return "metroaccess";
}

}  // namespace

Clock::duration RouterState::boot_time() const {
  return std::chrono::seconds(std::max(0, spec.boot_seconds) + std::max(0, spec.faults.boot_extra_seconds));
}

void RouterState::reload(Clock::time_point now, const std::string &by, bool pair) {
  add_log(now, "%SYS-5-RELOAD: Reload requested by " + by + ". Reload Reason: Reload Command.");
  ++generation;
  ++reload_count;
  reloaded_ever = true;
  last_reload_at = now;
  last_reload_reason = "Reload Command";
  scheduled.reset();
  standby_loop = false;
  if (spec.faults.never_return_after_reload) never_return = true;
  if (pair && is_ha() && is_active()) {
    // The pair reloads together; the standby boots the configuration synchronised from the active.
    auto peer_host = peer->startup.hostname;
    peer->startup = startup;
    peer->startup.hostname = peer_host;
    peer->reload(now, "peer (active unit reload)", false);
  }
  boot(now);
  if (pair && is_ha() && is_active() && release_at_least(release, "17.7.1") && !same_paks(paks, peer->paks)) {
    peer->standby_loop = true;
    peer->loop_start = peer->up_at;
    peer->loop_cycles_seen = 0;
    add_log(up_at + std::chrono::seconds(1), "%REDUNDANCY-3-STANDBY_LOST: Standby processor fault (PEER_NOT_PRESENT)");
    add_log(up_at + std::chrono::seconds(1),
            "%RF-5-RF_RELOAD: Peer reload. Reason: License mismatch: PAK licenses of standby differ from active");
  }
}

void RouterState::boot(Clock::time_point now) {
  const LicMode old_mode = mode;
  const auto eval_left = eval_remaining(now);

  // The image: the first `boot system` entry of the saved configuration that is on bootflash.
  std::string new_image = image;
  for (const auto &b : startup.boot_system) {
    if (bootflash.exists(file_of(b)) && !release_of_file(file_of(b)).empty()) {
      new_image = file_of(b);
      break;
    }
  }
  std::string new_release = release;
  if (new_image != image) new_release = release_of_file(new_image);

  running = startup;  // unsaved configuration is gone
  const auto sm = startup.smart_enable;
  if (release_at_least(new_release, "17.7.1")) {
    if (old_mode == LicMode::traditional) {
      mode = sm.value_or(false) ? LicMode::smart : LicMode::no_license;
      if (in_snapshot_window(new_release) && !pak_snapshot && !paks.empty()) {
        pak_snapshot = PakSnapshotRecord{paks, wall(now)};
      }
    } else if (old_mode == LicMode::smart) {
      mode = sm.has_value() && !*sm ? LicMode::no_license : LicMode::smart;
    } else {
      mode = sm.value_or(false) ? LicMode::smart : LicMode::no_license;
    }
    if (!in_snapshot_window(new_release) && release_at_least(new_release, "17.11.1")) {
      // 17.11+: no PAK library; a snapshot taken earlier is no longer used.
    }
    level = smart_level(*this, new_release);
  } else if (release_at_least(new_release, "17.3.1")) {
    if (old_mode == LicMode::smart) {
      mode = sm.has_value() && !*sm ? LicMode::traditional : LicMode::smart;
    } else if (old_mode == LicMode::no_license) {
      // "The router operates in traditional mode" (guide: Downgrading the Router from No-license mode
      // to Traditional Licensing); a saved `license smart enable`: guide silent, our conservative reading
      mode = LicMode::traditional;
    } else {
      mode = sm.value_or(false) ? LicMode::smart : LicMode::traditional;
    }
    if (mode == LicMode::smart) level = smart_level(*this, new_release);
  } else {
    mode = LicMode::traditional;  // before 17.3: no Smart Licensing on this platform
  }

  up_at = now + boot_time();
  if (mode == LicMode::traditional) {
    // Features without a license lose their configuration.
    if (running.boot_level && !has_pak(paks, *running.boot_level) && *running.boot_level != "metroaccess") {
      add_log(up_at, "%LICENSE-3-FEATURE_UNLICENSED: license boot level " + *running.boot_level +
                         ": no license installed for the feature; configuration removed");
      running.boot_level.reset();
    }
    if (running.boot_level) {
      level = *running.boot_level;
    } else {
      // the installed licenses decide; a port license (10GEupgradelicense) is never the level
      level = pak_level(paks);
      if (level.empty()) level = "metroaccess";
    }
  }

  if (reload_count > 0 && reload_count <= static_cast<std::uint64_t>(std::max(0, spec.faults.wrong_level_reloads))) {
    level = "metroaccess";  // the fault: back, but not at the level it should be
  }
  release = new_release;
  image = new_image;
  data_ports_down = false;
  // "Default (license free) ports—Reload the router": the reload brings them back; a port whose
  // ` shutdown` is saved (a licensed port after `no license smart enable`) stays down.
  ports_down.clear();
  for (const auto &p : ports()) {
    if (std::find(running.shutdown_ports.begin(), running.shutdown_ports.end(), p) != running.shutdown_ports.end()) {
      ports_down.push_back(p);
    }
  }
  smart.eval_remaining_s = eval_left;
  smart.eval_mark = up_at;
  if (mode != LicMode::smart) {
    smart.registration = "UNREGISTERED";
  } else if (old_mode != LicMode::smart) {
    smart.registration = "UNREGISTERED";
  }
  if (!smart.last_token.empty()) smart.token_used_before_reload = true;

  add_log(up_at, "%SYS-5-RESTART: System restarted --");
  if (mode == LicMode::smart) {
    add_log(up_at, "%SMART_LIC-6-AGENT_ENABLED: Smart Agent for Licensing is enabled");
    if (smart.registration != "REGISTERED") {
      add_log(up_at, "%SMART_LIC-5-EVAL_START: Entering evaluation period");
    }
  }
}

bool RouterState::accepting(Clock::time_point now) const {
  if (spec.faults.refuse_connections || never_return) return false;
  if (now < up_at) return false;
  // `no license smart enable` put the data ports admin down: a router reached over one of them
  // cannot be reached again until it reloads.
  const auto &via = spec.interfaces.session_via;
  if (data_ports_down && !via.empty() && via != spec.interfaces.management) return false;
  if (standby_loop) {
    auto period = boot_time() + k_standby_up_window;
    if (period.count() <= 0) return true;
    auto phase = (now - loop_start) % period;
    return phase < k_standby_up_window;
  }
  return true;
}

void RouterState::tick(Clock::time_point now) {
  if (scheduled && now >= scheduled->at) {
    auto by = scheduled->by;
    auto at = scheduled->at;
    scheduled.reset();
    if (!spec.faults.refuse_reload) reload(at, by, true);
  }
  if (standby_loop && now >= loop_start) {
    auto period = boot_time() + k_standby_up_window;
    if (period.count() <= 0) return;
    auto cycles = static_cast<std::uint64_t>((now - loop_start) / period);
    while (loop_cycles_seen < cycles) {
      ++loop_cycles_seen;
      auto went_down = loop_start + period * static_cast<long>(loop_cycles_seen - 1) + k_standby_up_window;
      ++generation;
      ++reload_count;
      last_reload_at = went_down;
      last_reload_reason = "Reload Command";
      up_at = went_down + boot_time();
      add_log(went_down, "%SYS-5-RELOAD: Reload requested by Active RP. Reload Reason: License mismatch with active.");
      if (peer) {
        peer->add_log(went_down,
                      "%RF-5-RF_RELOAD: Peer reload. Reason: License mismatch: PAK licenses of standby "
                      "differ from active");
        peer->add_log(went_down, "%REDUNDANCY-3-STANDBY_LOST: Standby processor fault (PEER_NOT_PRESENT)");
      }
    }
  }
}

void RouterState::save_config(Clock::time_point) {
  startup = running;
  if (is_ha() && is_active()) {
    auto peer_host = peer->startup.hostname;
    peer->startup = startup;
    peer->startup.hostname = peer_host;
  }
}

}  // namespace licmig::sim
