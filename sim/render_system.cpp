// System outputs: `show redundancy` and `show redundancy states` (simplex, or an HA pair whose
// peer state follows the peer router, including a standby that reloads over and over),
// `show call-home profile all` and `show logging`.
#include "sim/render.hpp"

namespace licmig::sim::render {

namespace {

// The peer's state as this router sees it: "8  -STANDBY HOT", "4  -STANDBY COLD", "1  -DISABLED"...
std::string peer_state(const RouterState &s, Clock::time_point now) {
  if (!s.is_ha()) return "1  -DISABLED";
  const auto &p = *s.peer;
  if (!s.is_active()) return "13 -ACTIVE";
  if (!p.accepting(now)) return "1  -DISABLED";
  if (p.standby_loop) return "4  -STANDBY COLD";
  return "8  -STANDBY HOT";
}

std::string my_state(const RouterState &s) {
  if (s.is_ha() && !s.is_active()) return "8  -STANDBY HOT";
  return "13 -ACTIVE";
}

bool peer_up(const RouterState &s, Clock::time_point now) {
  return s.is_ha() && (!s.is_active() || s.peer->accepting(now));
}

std::string image_version(const RouterState &r) {
  const auto rel = r.rel();
  return "Cisco IOS Software, ASR920 Software (PPC_LINUX_IOSD-UNIVERSALK9_NPE-M), Version " + rel.base() +
         ", RELEASE SOFTWARE (fc1)\nTechnical Support: http://www.cisco.com/techsupport\nCopyright (c) 1986-2021 by "
         "Cisco Systems, Inc.\nCompiled Thu 15-Jul-21 01:10 by mcpre\n";
}

std::string boot_var(const Config &c) {
  std::string o;
  for (const auto &b : c.boot_system) o += b + ",12;";
  return o;
}

std::string processor_block(const RouterState &r, Clock::time_point now, bool current) {
  std::string o = current ? "Current Processor Information :\n-------------------------------\n"
                          : "Peer Processor Information :\n----------------------------\n";
  const bool active = !r.is_ha() || r.is_active();
  o += active ? "               Active Location = slot 48\n" : "              Standby Location = slot 49\n";
  o += std::string("        Current Software state = ") + (active ? "ACTIVE" : "STANDBY HOT ") + "\n";
  o += "       Uptime in current state = " +
       uptime_text(std::chrono::duration_cast<std::chrono::seconds>(now - r.up_at).count()) + "\n";
  o += "                 Image Version = " + image_version(r);
  o += "                          BOOT = " + boot_var(r.running) + "\n";
  o += "                   CONFIG_FILE = \n";
  o += "        Configuration register = 0x2102\n";
  return o;
}

}  // namespace

std::string show_redundancy_states(const RouterState &s, Clock::time_point now) {
  const bool duplex = s.is_ha();
  const bool up = peer_up(s, now);
  std::string o;
  o += "       my state = " + my_state(s) + " \n";
  o += "     peer state = " + peer_state(s, now) + " \n";
  o += std::string("           Mode = ") + (duplex ? "Duplex" : "Simplex") + "\n";
  o += std::string("           Unit = ") + (s.is_ha() && !s.is_active() ? "Secondary" : "Primary") + "\n";
  o += std::string("        Unit ID = ") + (s.is_ha() && !s.is_active() ? "49" : "48") + "\n\n";
  const char *mode = duplex ? "sso" : "Non-redundant";
  o += std::string("Redundancy Mode (Operational) = ") + mode + "\n";
  o += std::string("Redundancy Mode (Configured)  = ") + mode + "\n";
  o += std::string("Redundancy State              = ") + (duplex ? (up ? "sso" : "Non Redundant") : "Non Redundant") +
       "\n";
  o += "     Maintenance Mode = Disabled\n";
  o += duplex ? (up ? "    Manual Swact = enabled\n"
                    : "    Manual Swact = disabled (peer unit not yet in terminal standby state)\n")
              : "    Manual Swact = disabled (system is simplex (no peer unit))\n";
  o += duplex ? (up ? " Communications = Up\n" : " Communications = Down      Reason: Failure\n")
              : " Communications = Down      Reason: Simplex mode\n";
  o += "\n   client count = 118\n client_notification_TMR = 30000 milliseconds\n           RF debug mask = 0x0   \n";
  return o;
}

std::string show_redundancy(const RouterState &s, Clock::time_point now) {
  const bool duplex = s.is_ha();
  const bool up = peer_up(s, now);
  std::string o = "Redundant System Information :\n------------------------------\n";
  o += "       Available system uptime = " +
       uptime_text(std::chrono::duration_cast<std::chrono::seconds>(now - s.up_at).count()) + "\n";
  o += "Switchovers system experienced = 0\n";
  o += "              Standby failures = " + std::to_string(s.is_ha() ? s.peer->loop_cycles_seen : 0) + "\n";
  o += "        Last switchover reason = none\n\n";
  o += std::string("                 Hardware Mode = ") + (duplex ? "Duplex" : "Simplex") + "\n";
  o += std::string("    Configured Redundancy Mode = ") + (duplex ? "sso" : "Non-redundant") + "\n";
  o += std::string("     Operating Redundancy Mode = ") + (duplex ? "sso" : "Non-redundant") + "\n";
  o += "              Maintenance Mode = Disabled\n";
  o += std::string("                Communications = ") + (up ? "Up" : "Down      Reason: Failure") + "\n\n";
  o += processor_block(s, now, true) + "\n";
  if (up) {
    o += processor_block(*s.peer, now, false);
  } else {
    o += "Peer (slot: 49) information is not available because it is in 'DISABLED' state\n";
  }
  return o;
}

std::string show_call_home_profile_all(const RouterState &s) {
  std::string o;
  for (const auto &p : s.running.profiles) {
    std::string http, email;
    for (const auto &d : p.http_destinations) http += (http.empty() ? "" : "\n                       ") + d;
    for (const auto &d : p.email_destinations) email += (email.empty() ? "" : ",") + d;
    o += "Profile Name: " + p.name + "\n";
    o += std::string("    Profile status: ") + (p.active ? "ACTIVE" : "INACTIVE") + "\n";
    o += "    Profile mode: Full Reporting\n";
    o += "    Reporting Data: Smart Call Home, Smart Licensing\n";
    o += "    Preferred Message Format: xml\n";
    o += "    Message Size Limit: 3145728 Bytes\n";
    o += "    Transport Method: " + p.transport + "\n";
    o += "    Email address(es): " + (email.empty() ? std::string("callhome@cisco.com") : email) + "\n";
    o += "    HTTP  address(es): " + (http.empty() ? std::string("Not yet set up") : http) + "\n\n";
    o += "    Periodic configuration info message is scheduled every 13 day of the month at 10:25\n\n";
    o += "    Periodic inventory info message is scheduled every 13 day of the month at 10:10\n\n";
    o += "    Alert-group               Severity\n    ------------------------  ------------\n";
    o += "    crash                     debugging\n    diagnostic                minor\n";
    o += "    environment               warning\n    inventory                 normal\n\n";
    o += "    Syslog-Pattern            Severity\n    ------------------------  ------------\n";
    o += "    .*                        major\n\n";
  }
  return o;
}

std::string show_logging(const RouterState &s, Clock::time_point) {
  std::string o =
      "Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml "
      "disabled, filtering disabled)\n\n";
  o += "No Active Message Discriminator.\n\n\n\nNo Inactive Message Discriminator.\n\n\n";
  o += "    Console logging: level debugging, " + std::to_string(s.log.size() + 12) +
       " messages logged, xml disabled,\n";
  o += "                     filtering disabled\n";
  o += "    Monitor logging: level debugging, 0 messages logged, xml disabled,\n";
  o += "                     filtering disabled\n";
  o += "    Buffer logging:  level debugging, " + std::to_string(s.log.size()) +
       " messages logged, xml disabled,\n                    filtering disabled\n";
  o += "    Exception Logging: size (4096 bytes)\n    Count and timestamp logging messages: disabled\n";
  o += "    Persistent logging: disabled\n\nNo active filter modules.\n\n";
  o += "    Trap logging: level informational, " + std::to_string(s.log.size()) + " message lines logged\n";
  o += "        Logging Source-Interface:       VRF Name:\n\n";
  o += "Log Buffer (102400 bytes):\n\n";
  for (const auto &e : s.log) o += syslog_stamp(e.wall, e.millis) + ": " + e.text + "\n";
  return o;
}

}  // namespace licmig::sim::render
