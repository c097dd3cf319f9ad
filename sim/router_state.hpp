// The inside of a simulated router (RouterState, Router's pimpl): configuration as structured data (running and
// saved), software, license mode and level, PAK licenses and the PAK snapshot, Smart Licensing
// registration, the logging buffer and the boot timeline. Shared by router*.cpp, cli*.cpp and
// render*.cpp; nothing outside devices/sim includes it.
//
// Thread-safety: none (one event-loop thread drives every router).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/bootflash.hpp"
#include "sim/router.hpp"
#include "snapshot/release.hpp"

namespace licmig::sim {

enum class LicMode { traditional, smart, no_license };
const char *mode_name(LicMode mode);

// What `show running-config` / `show startup-config` hold, as data.
struct Config {
  std::string hostname;
  std::optional<std::string> boot_level;  // `license boot level X`
  std::optional<bool> smart_enable;       // `license smart enable` (true) / `no license smart enable` (false)
  std::vector<std::string> boot_system;   // values, e.g. "bootflash:asr920-...bin"
  bool service_call_home = true;
  std::vector<CallHomeProfileSpec> profiles;
  std::optional<std::string> trustpoint;  // `ip http client secure-trustpoint X`
  std::string contact_email;
  std::vector<std::string> shutdown_ports;  // interfaces with ` shutdown` in their section
  bool scp_server = false;                  // `ip scp server enable`

  bool operator==(const Config &o) const;
  bool operator!=(const Config &o) const { return !(*this == o); }
};

struct LogEntry {
  std::int64_t wall = 0;  // unix seconds
  int millis = 0;
  std::string text;  // "%SYS-5-RELOAD: ..."
};

// The snapshot a 17.8-17.10 router takes of the PAK licenses it held before the upgrade.
struct PakSnapshotRecord {
  std::vector<PakSpec> licenses;
  std::int64_t taken_at = 0;  // unix seconds
};

struct SmartState {
  std::string registration = "UNREGISTERED";  // REGISTERED | UNREGISTERED
  std::string smart_account;
  std::string virtual_account;
  std::int64_t registered_at = 0;  // wall, unix seconds
  std::int64_t authorized_at = 0;
  std::string last_token;                 // token of the current/last registration
  bool token_used_before_reload = false;  // 17.8.1: a reload happened since that registration
  std::string last_failure;               // failure reason of the last communication, empty when ok
  std::int64_t last_comm_at = 0;
  // Evaluation period: remaining seconds at `eval_mark`; counts down while in use.
  std::int64_t eval_remaining_s = 90LL * 86400;
  Clock::time_point eval_mark{};
};

// A scheduled `reload in N`.
struct ScheduledReload {
  Clock::time_point at{};
  std::string by;
};

// Everything a router is; Router::State (router.hpp's pimpl) is this.
struct RouterState {
  RouterSpec spec;
  RouterState *peer = nullptr;  // HA: the other router of the pair

  Config running;
  Config startup;
  std::string release;  // normalised, "17.6.1"
  std::string image;    // running image file name
  LicMode mode = LicMode::traditional;
  std::string level = "metroaccess";
  std::vector<PakSpec> paks;  // the PAK licenses held (dormant on 17.7+)
  std::optional<PakSnapshotRecord> pak_snapshot;
  SmartState smart;
  std::vector<LogEntry> log;
  Bootflash bootflash;  // real files (bootflash.hpp)

  // Timeline.
  Clock::time_point created{};
  std::int64_t wall_at_created = 0;    // unix seconds at `created`
  std::int64_t host_clock_offset = 0;  // the router's clock minus the host's (file dates on bootflash)
  Clock::time_point up_at{};           // boot completed (uptime counts from here)
  Clock::time_point last_reload_at{};
  Clock::time_point config_changed_at{};  // `! Last configuration change at` in show running-config
  bool reloaded_ever = false;
  bool never_return = false;
  std::uint64_t generation = 1;
  std::uint64_t reload_count = 0;
  std::string last_reload_reason = "Reload Command";
  std::optional<ScheduledReload> scheduled;
  bool data_ports_down = false;  // `no license smart enable` was configured this boot
  // Ports administratively down by their configuration: those whose ` shutdown` was saved when the
  // router booted, and those shut since (`shutdown`; `no license smart enable` shuts the licensed
  // ports). `no shutdown` on a licensed port changes the configuration only: the port comes up at the
  // next reload ("Licensed ports—Perform no shutdown of router followed by reload").
  std::vector<std::string> ports_down;

  // HA standby reload loop (PAK licenses differ from the active's after an upgrade to 17.7+).
  bool standby_loop = false;
  Clock::time_point loop_start{};
  std::uint64_t loop_cycles_seen = 0;

  // --- helpers (router.cpp) ---
  std::int64_t wall(Clock::time_point now) const;
  // Where declared images' dates start on bootflash (200 days before the router was created).
  std::int64_t bootflash_seed_time() const { return wall_at_created - 86400 * 200; }
  snapshot::Release rel() const;
  void add_log(Clock::time_point now, std::string text);
  std::string hostname() const { return running.hostname; }
  bool is_ha() const { return spec.ha.has_value() && peer != nullptr; }
  bool is_active() const { return spec.ha && spec.ha->role != "standby"; }
  const ImageSpec *find_image(const std::string &file) const;
  // The release a bootflash image file holds: the declared one, else the one its name carries ("" if none).
  std::string release_of_file(const std::string &file) const;
  std::string udi_pid() const { return spec.platform; }
  std::string serial() const;
  // Seconds of evaluation left at `now` (counts down only while Smart and unregistered).
  std::int64_t eval_remaining(Clock::time_point now) const;
  bool eval_in_use() const { return mode == LicMode::smart && smart.registration != "REGISTERED"; }
  // The level `show version` names for the next reload.
  std::string next_reload_level() const;
  // Type of the license for the current level in traditional mode ("Permanent", ...).
  std::string traditional_license_type() const;
  // True when `show license summary` etc. use the Smart Licensing Using Policy layout.
  bool policy_layout() const;
  bool pak_info_available() const;
  // The router holds a port license (a PAK license that is not a boot level).
  bool holds_port_license() const;
  // The data ports, then the licensed ports while the router holds a port license.
  std::vector<std::string> ports() const;
  // Administratively down now: every data port after `no license smart enable` until the reload, and
  // the licensed ports in ports_down.
  bool port_admin_down(const std::string &port) const;

  // --- behaviour (router_reload.cpp / router_smart.cpp) ---
  void reload(Clock::time_point now, const std::string &by, bool pair);
  void boot(Clock::time_point now);
  Clock::duration boot_time() const;
  bool accepting(Clock::time_point now) const;
  void tick(Clock::time_point now);
  std::string register_token(const std::string &token, bool force, Clock::time_point now);
  std::string renew(const std::string &what, Clock::time_point now);
  std::string deregister(Clock::time_point now);
  // Whether a Smart communication would fail now; the reason, or empty.
  std::string comm_problem() const;
  void save_config(Clock::time_point now);
};

struct Router::State : RouterState {};

// Level names the CLI accepts for `license boot level`. Port licenses (10GEupgradelicense, ...) are
// never a level.
const std::vector<std::string> &boot_levels();
bool is_boot_level(const std::string &feature);
// The level a set of PAK licenses gives: the highest-ranked boot level among the Permanent ones, else
// among all of them ("" when none is a boot level). Ranks: metroaccess < metroipaccess =
// metroaggrservices < advancedmetroipaccess (the guide does not rank metroaggrservices; ours).
std::string pak_level(const std::vector<PakSpec> &paks);

// Release helpers.
bool release_at_least(const std::string &release, const char *min);
bool in_snapshot_window(const std::string &release);  // 17.8.1 <= r < 17.11.1

}  // namespace licmig::sim
