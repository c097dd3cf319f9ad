// Configuration and file-system outputs: `show running-config` / `show startup-config` (an ASR 920
// IOS XE configuration built from the structured Config), `show bootvar`, `dir bootflash:` and
// `verify /md5`.
#include <algorithm>

#include "base/text.hpp"
#include "sim/render.hpp"

namespace licmig::sim::render {

namespace {

std::string config_text(const RouterState &s, const Config &c, bool running) {
  const auto r = s.rel();
  std::string o;
  o += "!\n";
  o += "version " + std::to_string(r.major()) + "." + std::to_string(r.minor()) + "\n";
  o += "service timestamps debug datetime msec\n";
  o += "service timestamps log datetime msec\n";
  o += c.service_call_home ? "service call-home\n" : "no service call-home\n";
  o += "platform tcam-parity-error enable\n";
  o += "platform tcam-threshold alarm-frequency 1\n";
  o += "!\n";
  o += "hostname " + c.hostname + "\n";
  o += "!\n";
  o += "boot-start-marker\n";
  for (const auto &b : c.boot_system) o += "boot system " + b + "\n";
  o += "boot-end-marker\n";
  o += "!\n!\n";
  o += "vrf definition Mgmt-intf\n !\n address-family ipv4\n exit-address-family\n !\n address-family ipv6\n"
       " exit-address-family\n!\n";
  if (!s.spec.credentials.enable_secret.empty()) o += "enable secret 9 $9$4lE2QkAfWzoyqE$hZ0wRwWTcq0OYgvmhq8bRnzY1\n";
  o += "!\nno aaa new-model\n!\n";
  o += "license udi pid " + s.udi_pid() + " sn " + s.serial() + "\n";
  if (c.boot_level) o += "license boot level " + *c.boot_level + "\n";
  if (c.smart_enable) o += *c.smart_enable ? "license smart enable\n" : "no license smart enable\n";
  o += "!\n";
  o += "username " + s.spec.credentials.username + " privilege 15 secret 9 $9$nQ2u7d1wYb0E3k$Xq1f0m6Yv2Qk9s\n";
  o += "!\nredundancy\n mode sso\n!\n";
  const bool ports_down = running && s.data_ports_down;
  for (const auto &p : s.ports()) {
    o += "interface " + p + "\n no ip address\n";
    if (ports_down || std::find(c.shutdown_ports.begin(), c.shutdown_ports.end(), p) != c.shutdown_ports.end()) {
      o += " shutdown\n";
    }
    o += "!\n";
  }
  o += "interface " + s.spec.interfaces.management +
       "\n vrf forwarding Mgmt-intf\n ip address 192.0.2.10 255.255.255.0\n"
       " negotiation auto\n!\n";
  o += "ip forward-protocol nd\n!\nno ip http server\nip http secure-server\n";
  if (c.trustpoint) o += "ip http client secure-trustpoint " + *c.trustpoint + "\n";
  if (c.scp_server) o += "ip scp server enable\n";
  o += "ip route vrf Mgmt-intf 0.0.0.0 0.0.0.0 192.0.2.1\n!\n";
  o += "!\ncall-home\n";
  o += " ! If contact email address in call-home is configured as sch-smart-licensing@cisco.com\n";
  o += " ! the email address configured in Cisco Smart License Portal will be used as contact email address to send "
       "SCH notifications.\n";
  o += " contact-email-addr " +
       (c.contact_email.empty() ? std::string("sch-smart-licensing@cisco.com") : c.contact_email) + "\n";
  for (const auto &p : c.profiles) {
    o += " profile \"" + p.name + "\"\n";
    o += p.active ? "  active\n" : "  no active\n";
    o += "  destination transport-method " + p.transport + "\n";
    for (const auto &d : p.http_destinations) o += "  destination address http " + d + "\n";
    for (const auto &d : p.email_destinations) o += "  destination address email " + d + "\n";
  }
  for (const auto &l : s.spec.extra_config) o += l + "\n";
  o += "!\n!\nline con 0\n stopbits 1\nline vty 0 4\n login local\n transport input ssh\n!\n!\nend\n";
  return o;
}

std::string brief_row(const std::string &name, const std::string &address, const std::string &method,
                      const std::string &status, const std::string &protocol) {
  auto pad = [](std::string t, std::size_t w) {
    t.append(t.size() < w ? w - t.size() : 1, ' ');
    return t;
  };
  return pad(name, 23) + pad(address, 16) + "YES " + pad(method, 7) + pad(status, 22) + protocol + "\n";
}

}  // namespace

std::string show_running_config(const RouterState &s, Clock::time_point /*now*/) {
  auto body = config_text(s, s.running, true);
  std::string head = "! Last configuration change at " + rom_date(s.wall(s.config_changed_at)) + " by " +
                     s.spec.credentials.username + "\n";
  return "Building configuration...\n\nCurrent configuration : " + std::to_string(body.size() + head.size()) +
         " bytes\n" + "!\n" + head + body;
}

std::string show_startup_config(const RouterState &s, Clock::time_point) {
  auto body = config_text(s, s.startup, false);
  return "Using " + std::to_string(body.size()) + " out of 2097152 bytes\n" + body;
}

std::string show_ip_interface_brief(const RouterState &s) {
  std::string o = "Interface              IP-Address      OK? Method Status                Protocol\n";
  for (const auto &p : s.ports()) {
    o += s.port_admin_down(p) ? brief_row(p, "unassigned", "unset", "administratively down", "down")
                              : brief_row(p, "unassigned", "unset", "up", "up");
  }
  o += brief_row(s.spec.interfaces.management, "192.0.2.10", "NVRAM", "up", "up");
  return o;
}

std::string show_bootvar(const RouterState &s) {
  std::string o;
  if (s.running.boot_system.empty()) {
    o += "BOOT variable does not exist\n";
  } else {
    o += "BOOT variable = ";
    for (const auto &b : s.running.boot_system) o += b + ",12;";
    o += "\n";
  }
  o += "CONFIG_FILE variable does not exist\n";
  o += "BOOTLDR variable does not exist\n";
  o += "Configuration register is 0x2102\n";
  if (s.is_ha()) {
    o += "\n";
    if (!s.peer->standby_loop && !s.peer->never_return) {
      o += "Standby BOOT variable = ";
      for (const auto &b : s.peer->startup.boot_system) o += b + ",12;";
      o += "\nStandby CONFIG_FILE variable does not exist\nStandby BOOTLDR variable does not exist\n";
      o += "Standby Configuration register is 0x2102\n";
    } else {
      o += "Standby not ready to show bootvar\n";
    }
  }
  return o;
}

std::string dir_bootflash(const RouterState &s, const std::string &only) {
  if (!only.empty() && (!Bootflash::valid_name(only) || !s.bootflash.exists(only))) {
    return "%Error opening bootflash:/" + only + " (No such file or directory)\n";
  }
  std::string o = "Directory of bootflash:/" + only + "\n\n";
  char buf[512];
  const auto base = s.bootflash_seed_time();
  auto entry = [&](long inode, const char *perm, std::int64_t size, std::int64_t when, const std::string &name) {
    auto date = ctime_date(when);  // "Tue Oct 26 20:45:26 2021" -> "Oct 26 2021 20:45:26 +00:00"
    std::string d = date.substr(4, 6) + " " + date.substr(20, 4) + " " + date.substr(11, 8) + " +00:00";
    std::snprintf(buf, sizeof buf, "%6ld  %s  %15lld  %s  %s\n", inode, perm, static_cast<long long>(size), d.c_str(),
                  name.c_str());
    o += buf;
  };
  if (only.empty()) {
    entry(11, "drwx", 16384, base, "lost+found");
    entry(12, "drwx", 4096, base + 60, "core");
    entry(13, "drwx", 4096, base + 120, "tracelogs");
  }
  const auto files = s.bootflash.files();
  long inode = 14;
  for (const auto &f : files) {
    if (!only.empty() && f.name != only) {
      ++inode;
      continue;
    }
    // An untouched declared image keeps the date the fleet gave it; others show their real mtime.
    const auto when = f.declared_index >= 0 ? base + 86400 * static_cast<std::int64_t>(10 + 20 * f.declared_index)
                                            : f.mtime + s.host_clock_offset;
    entry(inode++, "-rw-", f.size, when, f.name);
  }
  if (only.empty()) entry(inode, "-rw-", 2097152, base + 300, "nvram_config");
  const std::int64_t total = s.bootflash.capacity();
  std::int64_t used = Bootflash::k_fixed_bytes;
  for (const auto &f : files) used += f.size;
  o += "\n" + std::to_string(total) + " bytes total (" + std::to_string(std::max<std::int64_t>(0, total - used)) +
       " bytes free)\n";
  return o;
}

std::string verify_md5(RouterState &s, const std::string &file, const std::string &expected) {
  if (!Bootflash::valid_name(file) || !s.bootflash.exists(file)) {
    return "%Error opening bootflash:" + file + " (No such file or directory)\n";
  }
  auto computed = s.bootflash.md5(file);
  if (!computed) return "%Error reading bootflash:" + file + " (I/O error)\n";
  const auto &md5 = *computed;
  std::string o = std::string(72, '.') + "Done!\n";
  if (expected.empty()) return o + "verify /md5 (bootflash:" + file + ") = " + md5 + "\n";
  if (base::to_lower(expected) == md5) return o + "Verified (bootflash:" + file + ") = " + md5 + "\n";
  return o + "%Error verifying bootflash:" + file + "\nComputed signature   = " + md5 +
         "\nSubmitted signature  = " + expected + "\n";
}

}  // namespace licmig::sim::render
