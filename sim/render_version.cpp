// `show version` in the IOS XE format of an ASR 920 (other platforms get their software line), the
// license lines the vendor guide shows per mode, `show clock`, and the date/duration helpers.
#include <ctime>
#include <string_view>

#include "sim/render.hpp"

namespace licmig::sim::render {

namespace {

std::tm utc(std::int64_t wall) {
  std::time_t t = static_cast<std::time_t>(wall);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm;
}

// strftime-like formatting with the few conversions IOS uses: %a %b %d %e %H %M %S %Y (C locale).
std::string fmt(std::int64_t wall, std::string_view f) {
  static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto tm = utc(wall);
  auto two = [](int v, char pad) {
    std::string o;
    o += v < 10 ? pad : static_cast<char>('0' + v / 10 % 10);
    o += static_cast<char>('0' + v % 10);
    return o;
  };
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%' || i + 1 >= f.size()) {
      out += f[i];
      continue;
    }
    switch (f[++i]) {
      case 'a': out += days[tm.tm_wday % 7]; break;
      case 'b': out += months[tm.tm_mon % 12]; break;
      case 'd': out += two(tm.tm_mday, '0'); break;
      case 'e': out += two(tm.tm_mday, ' '); break;
      case 'H': out += two(tm.tm_hour, '0'); break;
      case 'M': out += two(tm.tm_min, '0'); break;
      case 'S': out += two(tm.tm_sec, '0'); break;
      case 'Y': out += std::to_string(tm.tm_year + 1900); break;
      default: out += f[i];
    }
  }
  return out;
}

std::string plural(std::int64_t n, const char *unit) { return std::to_string(n) + " " + unit + (n == 1 ? "" : "s"); }

std::string code_name(const snapshot::Release &r) {
  if (r.major() == 16) {
    if (r.minor() <= 6) return "Everest";
    if (r.minor() <= 9) return "Fuji";
    return "Gibraltar";
  }
  if (r.minor() <= 3) return "Amsterdam";
  if (r.minor() <= 6) return "Bengaluru";
  if (r.minor() <= 9) return "Cupertino";
  if (r.minor() <= 12) return "Dublin";
  return "IOSXE";
}

int release_year(const snapshot::Release &r) {
  if (r.major() == 16) return 2017 + (r.minor() > 5 ? (r.minor() - 5) / 3 : 0);
  return 2019 + r.minor() / 3;
}

std::string software_line(const RouterState &s, const snapshot::Release &r) {
  const auto &p = s.spec.platform;
  std::string sw = "ASR920 Software (PPC_LINUX_IOSD-UNIVERSALK9_NPE-M)";
  if (p.rfind("C9", 0) == 0) sw = "Catalyst L3 Switch Software (CAT9K_IOSXE)";
  if (p.rfind("ISR", 0) == 0 || p.rfind("C8", 0) == 0) sw = "ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M)";
  if (p.rfind("ASR-903", 0) == 0 || p.rfind("ASR-907", 0) == 0 || p.rfind("ASR1", 0) == 0) {
    sw = "ASR1000 Software (X86_64_LINUX_IOSD-UNIVERSALK9_NPE-M)";
  }
  return "Cisco IOS Software [" + code_name(r) + "], " + sw + ", Version " + r.base() + ", RELEASE SOFTWARE (fc" +
         std::to_string(1 + r.patch() % 4) + ")";
}

const char *k_gpl =
    "Cisco IOS-XE software, Copyright (c) 2005-YEAR by cisco Systems, Inc.\n"
    "All rights reserved.  Certain components of Cisco IOS-XE software are\n"
    "licensed under the GNU General Public License (\"GPL\") Version 2.0.  The\n"
    "software code licensed under GPL Version 2.0 is free software that comes\n"
    "with ABSOLUTELY NO WARRANTY.  You can redistribute and/or modify such\n"
    "GPL code under the terms of GPL Version 2.0.  For more details, see the\n"
    "documentation or \"License Notice\" file accompanying the IOS-XE software,\n"
    "or the applicable URL provided on the flyer accompanying the IOS-XE\n"
    "software.\n";

const char *k_crypto =
    "This product contains cryptographic features and is subject to United\n"
    "States and local country laws governing import, export, transfer and\n"
    "use. Delivery of Cisco cryptographic products does not imply\n"
    "third-party authority to import, export, distribute or use encryption.\n"
    "Importers, exporters, distributors and users are responsible for\n"
    "compliance with U.S. and local country laws. By using this product you\n"
    "agree to comply with applicable laws and regulations. If you are unable\n"
    "to comply with U.S. and local laws, return this product immediately.\n"
    "\n"
    "A summary of U.S. laws governing Cisco cryptographic products may be found at:\n"
    "http://www.cisco.com/wwl/export/crypto/tool/stqrg.html\n"
    "\n"
    "If you require further assistance please contact us by sending email to\n"
    "export@cisco.com.\n";

std::string license_type(const RouterState &s) {
  switch (s.mode) {
    case LicMode::smart: return "Smart License";
    case LicMode::no_license: return "No License Mode";
    case LicMode::traditional: return s.traditional_license_type();
  }
  return "";
}

std::string smart_status_line(const RouterState &s, Clock::time_point now) {
  if (s.mode == LicMode::no_license) return "Smart Licensing Status: Smart Licensing is DISABLED";
  if (s.smart.registration == "REGISTERED") return "Smart Licensing Status: REGISTERED/AUTHORIZED";
  if (s.eval_remaining(now) <= 0) return "Smart Licensing Status: UNREGISTERED/EVAL EXPIRED";
  return "Smart Licensing Status: UNREGISTERED/EVAL MODE";
}

}  // namespace

std::string syslog_stamp(std::int64_t wall, int millis) {
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03d", millis % 1000);
  return "*" + fmt(wall, "%b %e %H:%M:%S") + ms;
}
std::string smart_date(std::int64_t wall) { return fmt(wall, "%b %d %H:%M:%S %Y UTC"); }
std::string rom_date(std::int64_t wall) { return fmt(wall, "%H:%M:%S UTC %a %b %e %Y"); }
std::string ctime_date(std::int64_t wall) { return fmt(wall, "%a %b %d %H:%M:%S %Y"); }

std::string uptime_text(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  auto minutes = seconds / 60;
  auto years = minutes / (365 * 24 * 60);
  minutes %= 365 * 24 * 60;
  auto weeks = minutes / (7 * 24 * 60);
  minutes %= 7 * 24 * 60;
  auto days = minutes / (24 * 60);
  minutes %= 24 * 60;
  auto hours = minutes / 60;
  minutes %= 60;
  std::string out;
  auto add = [&](std::int64_t n, const char *unit) {
    if (n == 0) return;
    if (!out.empty()) out += ", ";
    out += plural(n, unit);
  };
  add(years, "year");
  add(weeks, "week");
  add(days, "day");
  add(hours, "hour");
  if (minutes > 0 || out.empty()) {
    if (!out.empty()) out += ", ";
    out += plural(minutes, "minute");
  }
  return out;
}

std::string eval_text(std::int64_t seconds) {
  if (seconds < 0) seconds = 0;
  return plural(seconds / 86400, "day") + ", " + plural(seconds % 86400 / 3600, "hour") + ", " +
         plural(seconds % 3600 / 60, "minute") + ", " + plural(seconds % 60, "second");
}

std::string xe_version(const snapshot::Release &r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%02d", r.major(), r.minor(), r.patch());
  std::string letter;
  for (char c : r.rebuild()) {
    if (c >= 'a' && c <= 'z') letter += c;
  }
  return buf + letter;
}

std::string show_version(const RouterState &s, Clock::time_point now) {
  const auto r = s.rel();
  const auto year = std::to_string(release_year(r));
  std::string gpl = k_gpl;
  gpl.replace(gpl.find("YEAR"), 4, year);
  const auto up = std::chrono::duration_cast<std::chrono::seconds>(now - s.up_at).count();
  std::string o;
  o += "Cisco IOS XE Software, Version " + xe_version(r) + "\n";
  o += software_line(s, r) + "\n";
  o += "Technical Support: http://www.cisco.com/techsupport\n";
  o += "Copyright (c) 1986-" + year + " by Cisco Systems, Inc.\n";
  o += "Compiled Thu 15-Jul-" + year.substr(2) + " 01:10 by mcpre\n\n\n";
  o += gpl + "\n\n";
  o += "ROM: 15.6(43r)S\n\n";
  o += s.hostname() + " uptime is " + uptime_text(up) + "\n";
  o += "Uptime for this control processor is " + uptime_text(up + 95) + "\n";
  o += "System returned to ROM by " + s.last_reload_reason + " at " + rom_date(s.wall(s.last_reload_at)) + "\n";
  o += "System image file is \"bootflash:" + (s.image.empty() ? std::string("packages.conf") : s.image) + "\"\n";
  o += "Last reload reason: " + s.last_reload_reason + "\n\n\n\n";
  o += std::string(k_crypto) + "\n\n\n";
  o += "License Level: " + s.level + "\n";
  o += "License Type: " + license_type(s) + "\n";
  o += "Next reload license Level: " + s.next_reload_level() + "\n\n";
  if (s.mode != LicMode::traditional && release_at_least(s.release, "17.3.1")) {
    o += smart_status_line(s, now) + "\n\n";
  }
  o += "cisco " + s.spec.platform + " (Freescale P2020) processor (revision 1.0) with 682398K/6147K bytes of memory.\n";
  o += "Processor board ID " + s.serial() + "\n";
  o += "24 Gigabit Ethernet interfaces\n";
  o += "4 Ten Gigabit Ethernet interfaces\n";
  o += "32768K bytes of non-volatile configuration memory.\n";
  o += "2097152K bytes of physical memory.\n";
  o += "1328927K bytes of SD flash at bootflash:.\n\n";
  o += "Configuration register is 0x2102\n";
  return o;
}

std::string show_clock(const RouterState &s, Clock::time_point now) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now - s.created).count() % 1000;
  char buf[8];
  std::snprintf(buf, sizeof buf, ".%03d", static_cast<int>(ms));
  return "*" + fmt(s.wall(now), "%H:%M:%S") + buf + fmt(s.wall(now), " UTC %a %b %e %Y") + "\n";
}

}  // namespace licmig::sim::render
