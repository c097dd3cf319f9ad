// Configuration-mode commands of the simulated CLI (global, call-home and call-home profile
// sub-modes) and leaving the modes (exit, end, logout). They change the running configuration
// only; `write memory` saves it, a reload applies it.
#include <algorithm>

#include "sim/cli_session.hpp"
#include "sim/render.hpp"
#include "snapshot/text.hpp"

namespace licmig::sim {

namespace {

CallHomeProfileSpec *find_profile(Config &c, const std::string &name) {
  for (auto &p : c.profiles) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

}  // namespace

void CliSessionImpl::shut_port(const std::string &port) {
  auto &shut = s_.running.shutdown_ports;
  if (std::find(shut.begin(), shut.end(), port) == shut.end()) shut.push_back(port);
  if (std::find(s_.ports_down.begin(), s_.ports_down.end(), port) == s_.ports_down.end()) s_.ports_down.push_back(port);
}

std::string CliSessionImpl::execute_config(const std::string &id, const std::vector<std::string> &args,
                                           Clock::time_point now) {
  auto &c = s_.running;
  auto leave_config = [&] {
    mode_ = Mode::priv;
    if (config_changed_) {
      s_.add_log(
          now, "%SYS-5-CONFIG_I: Configured from console by " + s_.spec.credentials.username + " on vty0 (192.0.2.1)");
      config_changed_ = false;
    }
  };
  if (id == "exit" || id == "logout") {
    switch (mode_) {
      case Mode::user:
      case Mode::priv: closed_ = true; return "";
      case Mode::config: leave_config(); return "";
      case Mode::interface: mode_ = Mode::config; return "";
      case Mode::call_home: mode_ = Mode::config; return "";
      case Mode::profile: mode_ = Mode::call_home; return "";
    }
  }
  if (id == "end") {
    leave_config();
    return "";
  }
  if (id == "do LINE") {
    const auto saved = mode_;
    mode_ = Mode::priv;
    auto out = run_command(args[0], now);
    if (mode_ == Mode::priv) mode_ = saved;
    return out;
  }
  config_changed_ = true;
  s_.config_changed_at = now;
  if (id == "hostname WORD") {
    c.hostname = args[0];
  } else if (id.rfind("license boot level ", 0) == 0) {
    c.boot_level = id.substr(std::string("license boot level ").size());
  } else if (id == "no license boot level" || id == "no license boot level WORD") {
    c.boot_level.reset();
  } else if (id == "license smart enable") {
    c.smart_enable = true;
  } else if (id == "no license smart enable") {
    if (c.smart_enable.value_or(true)) {
      // "All ports go to admin down state on executing the no smart license enable command ... Default
      // (license free) ports—Reload the router. Licensed ports—Perform no shutdown of router followed
      // by reload." (guide: Enable and Register Smart Licensing, step 2, note)
      s_.data_ports_down = true;
      if (s_.holds_port_license()) {
        for (const auto &p : s_.spec.interfaces.licensed_ports) shut_port(p);
      }
    }
    c.smart_enable = false;
  } else if (id == "license accept end user agreement") {
    return "";
  } else if (id == "boot system WORD") {
    if (std::find(c.boot_system.begin(), c.boot_system.end(), args[0]) == c.boot_system.end()) {
      c.boot_system.push_back(args[0]);
    }
  } else if (id == "no boot system") {
    c.boot_system.clear();
  } else if (id == "no boot system WORD") {
    c.boot_system.erase(std::remove(c.boot_system.begin(), c.boot_system.end(), args[0]), c.boot_system.end());
  } else if (id == "service call-home") {
    c.service_call_home = true;
  } else if (id == "no service call-home") {
    c.service_call_home = false;
  } else if (id == "call-home") {
    mode_ = Mode::call_home;
  } else if (id == "interface WORD") {
    const auto ports = s_.ports();
    if (args[0] != s_.spec.interfaces.management && std::find(ports.begin(), ports.end(), args[0]) == ports.end()) {
      return "% Invalid input detected at '^' marker.\n";
    }
    interface_ = args[0];
    mode_ = Mode::interface;
  } else if (id == "shutdown") {
    if (interface_ != s_.spec.interfaces.management) shut_port(interface_);
  } else if (id == "no shutdown") {
    auto &shut = c.shutdown_ports;
    shut.erase(std::remove(shut.begin(), shut.end(), interface_), shut.end());
    const auto &licensed = s_.spec.interfaces.licensed_ports;
    if (std::find(licensed.begin(), licensed.end(), interface_) == licensed.end()) {
      auto &down = s_.ports_down;  // a default port comes up at once; a licensed one at the next reload
      down.erase(std::remove(down.begin(), down.end(), interface_), down.end());
    }
  } else if (id == "ip http client secure-trustpoint WORD") {
    c.trustpoint = args[0];
  } else if (id == "no ip http client secure-trustpoint" || id == "no ip http client secure-trustpoint WORD") {
    c.trustpoint.reset();
  } else if (id == "ip scp server enable") {
    c.scp_server = true;
  } else if (id == "no ip scp server enable") {
    c.scp_server = false;
  } else if (id == "profile WORD") {
    if (!find_profile(c, args[0])) {
      CallHomeProfileSpec p;
      p.name = args[0];
      p.http_destinations.clear();
      c.profiles.push_back(p);
    }
    profile_ = args[0];
    mode_ = Mode::profile;
  } else if (id == "no profile WORD") {
    c.profiles.erase(std::remove_if(c.profiles.begin(), c.profiles.end(),
                                    [&](const CallHomeProfileSpec &p) { return p.name == args[0]; }),
                     c.profiles.end());
  } else if (id == "contact-email-addr WORD") {
    c.contact_email = args[0];
  } else if (id == "no http secure server-identity-check" || id == "vrf WORD" || id == "mail-server LINE") {
    return "";
  } else if (auto *p = find_profile(c, profile_)) {
    if (id == "destination address http WORD") {
      if (std::find(p->http_destinations.begin(), p->http_destinations.end(), args[0]) == p->http_destinations.end()) {
        p->http_destinations.push_back(args[0]);
      }
    } else if (id == "no destination address http WORD") {
      p->http_destinations.erase(std::remove(p->http_destinations.begin(), p->http_destinations.end(), args[0]),
                                 p->http_destinations.end());
    } else if (id == "destination address email WORD") {
      p->email_destinations.push_back(args[0]);
    } else if (id == "destination transport-method http") {
      p->transport = "http";
    } else if (id == "destination transport-method email") {
      p->transport = "email";
    } else if (id == "active") {
      p->active = true;
    } else if (id == "no active") {
      p->active = false;
    }
  }
  return "";
}

}  // namespace licmig::sim
