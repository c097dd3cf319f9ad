// `show version` parser (IOS and IOS XE): software version and release, host, uptime, reload
// reason, chassis, image, ROM, configuration register and the license lines. Also accepts the
// partial outputs of `show version | include ...` and the single-line form of the license lines
// that a flattened document produces. One scan over the cleaned lines; no regular expressions.
#include <array>
#include <cctype>
#include <limits>

#include "snapshot/parsers.hpp"
#include "snapshot/release.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

// What the scan found besides the values.
struct Scan {
  VersionInfo info;
  OptString xe_version;  // from "Cisco IOS XE Software, Version ..." or "IOS XE Version: ..."
  bool version_line = false;
  bool license_line = false;
  bool uptime_line = false;
  bool iosxe_hint = false;  // an IOS XE line, or "IOS-XE Software" on the software line
  std::size_t malformed_at = 0;
  std::string malformed_reason;
};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

void set_once(OptString &field, std::string_view value) {
  auto v = base::trim_view(value);
  if (!field && !v.empty()) field = std::string(v);
}

// The first blank-delimited word of `s`.
std::string_view first_word(std::string_view s) {
  s = base::trim_view(s);
  std::size_t i = 0;
  while (i < s.size() && !is_blank(s[i])) ++i;
  return s.substr(0, i);
}

constexpr std::string_view version_word = "Version";

// Position of "Version" as a word in `line` (after a blank, or at the start); npos when absent.
std::size_t find_version_word(std::string_view line) {
  for (auto pos = line.find(version_word); pos != std::string_view::npos; pos = line.find(version_word, pos + 1)) {
    const bool word_start = pos == 0 || is_blank(line[pos - 1]);
    const std::size_t end = pos + version_word.size();
    const bool word_end = end == line.size() || is_blank(line[end]);
    if (word_start && word_end) return pos;
  }
  return std::string_view::npos;
}

// "[Fuji]" right after the line's leading product name.
void take_code_name(std::string_view rest, Scan &scan) {
  rest = base::trim_view(rest);
  if (rest.empty() || rest.front() != '[') return;
  auto close = rest.find(']');
  if (close == std::string_view::npos) return;
  set_once(scan.info.code_name, rest.substr(1, close - 1));
}

// Records a version token. A missing token, or one cut off by the end of the text (it is on the
// text's unterminated last line and is not a release), is malformed.
void take_version(std::string_view token, bool ends_text, const Line &line, OptString &field, Scan &scan) {
  if (token.empty()) {
    if (scan.malformed_at == 0) {
      scan.malformed_at = line.number;
      scan.malformed_reason = ends_text ? "software version cut off" : "no software version after 'Version'";
    }
    return;
  }
  if (ends_text && std::isdigit(static_cast<unsigned char>(token.front())) && !Release::parse(token) &&
      scan.malformed_at == 0) {
    scan.malformed_at = line.number;
    scan.malformed_reason = "software version cut off: '" + std::string(token) + "'";
    return;
  }
  scan.version_line = true;
  set_once(field, token);
}

// "Cisco IOS XE Software, Version 17.03.03 - SMU-PATCHED"
bool take_xe_line(std::string_view t, const Line &line, bool ends_text, Scan &scan) {
  static constexpr std::string_view prefix = "Cisco IOS XE Software";
  if (!base::starts_with(t, prefix)) return false;
  auto pos = find_version_word(t);
  if (pos == std::string_view::npos) return false;
  take_code_name(t.substr(prefix.size()), scan);
  scan.iosxe_hint = true;
  auto rest = base::trim_view(t.substr(pos + version_word.size()));
  auto token = first_word(rest);
  bool had_version = scan.xe_version.has_value();
  take_version(token, ends_text, line, scan.xe_version, scan);
  if (!had_version && scan.xe_version) {
    auto note = base::trim_view(rest.substr(token.size()));
    if (base::starts_with(note, "- ")) note = base::trim_view(note.substr(2));
    set_once(scan.info.version_annotation, note);
  }
  return true;
}

// "IOS XE Version: 03.09.01.S" (IOS XE 3.x routers that print the classic IOS version first)
bool take_xe_version_colon(std::string_view t, Scan &scan) {
  auto v = value_after(t, "IOS XE Version");
  if (!v) return false;
  scan.iosxe_hint = true;
  auto token = first_word(*v);
  if (!token.empty()) {
    scan.version_line = true;
    set_once(scan.xe_version, token);
  }
  return true;
}

// "Cisco IOS Software [Fuji], ... Version 16.9.1, RELEASE SOFTWARE (fc2)" and the old
// "IOS (tm) C2600 Software (C2600-IPBASE-M), Version 12.3(6f), RELEASE SOFTWARE (fc1)".
bool take_software_line(std::string_view t, const Line &line, bool ends_text, Scan &scan) {
  std::string_view prefix;
  if (base::starts_with(t, "Cisco IOS Software")) {
    prefix = "Cisco IOS Software";
  } else if (base::starts_with(t, "IOS (tm)")) {
    prefix = "IOS (tm)";
  } else {
    return false;
  }
  auto pos = find_version_word(t);
  if (pos == std::string_view::npos) return false;
  take_code_name(t.substr(prefix.size()), scan);
  if (t.find("IOS-XE Software") != std::string_view::npos) scan.iosxe_hint = true;
  auto rest = t.substr(pos + version_word.size());
  while (!rest.empty() && is_blank(rest.front())) rest.remove_prefix(1);
  std::size_t end = 0;
  while (end < rest.size() && rest[end] != ',' && !is_blank(rest[end])) ++end;
  const bool at_line_end = end == rest.size();
  take_version(rest.substr(0, end), ends_text && at_line_end, line, scan.info.ios_version, scan);
  return true;
}

// "<host> uptime is 1 year, 2 weeks, 3 days, 4 hours, 5 minutes"
bool take_uptime(std::string_view t, Scan &scan) {
  static constexpr std::string_view marker = " uptime is ";
  auto pos = t.find(marker);
  if (pos == std::string_view::npos) return false;
  auto host = base::trim_view(t.substr(0, pos));
  if (host.empty() || host.find_first_of(" \t") != std::string_view::npos) return false;
  if (scan.uptime_line) return true;
  scan.uptime_line = true;
  set_once(scan.info.hostname, host);
  set_once(scan.info.uptime, t.substr(pos + marker.size()));
  return true;
}

// Seconds in "1 year, 22 weeks, 6 days, 9 hours, 38 minutes"; nullopt if any part is unknown.
std::optional<std::int64_t> uptime_to_seconds(std::string_view uptime) {
  struct Unit {
    std::string_view name;
    std::int64_t seconds;
  };
  static constexpr std::array<Unit, 6> units{
      {{"year", 365LL * 86400}, {"week", 7LL * 86400}, {"day", 86400}, {"hour", 3600}, {"minute", 60}, {"second", 1}}};
  constexpr std::int64_t max_uptime_seconds = 1000LL * 365 * 86400;  // keeps the sum far from overflow
  std::int64_t total = 0;
  bool any = false;
  std::size_t pos = 0;
  while (pos <= uptime.size()) {
    auto comma = uptime.find(',', pos);
    auto part =
        base::trim_view(uptime.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    auto number = first_word(part);
    auto unit = base::trim_view(part.substr(number.size()));
    auto n = base::to_int(number);
    if (!n || *n < 0 || *n > 1000000) return std::nullopt;
    if (base::ends_with(unit, "s")) unit.remove_suffix(1);
    bool known = false;
    for (const auto &u : units) {
      if (unit == u.name) {
        total += *n * u.seconds;
        known = true;
      }
    }
    if (!known || total > max_uptime_seconds) return std::nullopt;
    any = true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (!any) return std::nullopt;
  return total;
}

// The license keys, longest first where one is the tail of another.
enum class LicenseField { level, type, next_level, air_level, next_air_level, smart_status };

struct LicenseKey {
  std::string_view key;
  LicenseField field;
  bool starts_line;  // may begin a license line
};

constexpr std::array<LicenseKey, 9> license_keys{{
    {"Next reload AIR license Level:", LicenseField::next_air_level, true},
    {"Next reload AIR License Level:", LicenseField::next_air_level, true},
    {"Next reload license Level:", LicenseField::next_level, true},
    {"Next reboot license Level:", LicenseField::next_level, true},
    {"Smart Licensing Status:", LicenseField::smart_status, true},
    {"AIR License Level:", LicenseField::air_level, true},
    {"License Level:", LicenseField::level, true},
    {"License Type:", LicenseField::type, true},
    {"Type:", LicenseField::type, false},
}};

OptString &license_slot(VersionInfo &v, LicenseField f) {
  switch (f) {
    case LicenseField::level: return v.license_level;
    case LicenseField::type: return v.license_type;
    case LicenseField::next_level: return v.next_reload_license_level;
    case LicenseField::air_level: return v.air_license_level;
    case LicenseField::next_air_level: return v.next_reload_air_license_level;
    case LicenseField::smart_status: return v.smart_licensing_status;
  }
  return v.license_level;
}

// The key starting at t[pos] (at a word start), or nullptr.
const LicenseKey *license_key_at(std::string_view t, std::size_t pos) {
  if (pos > 0 && !is_blank(t[pos - 1])) return nullptr;
  for (const auto &k : license_keys) {
    if (t.compare(pos, k.key.size(), k.key) == 0) return &k;
  }
  return nullptr;
}

// "License Level: entservices   Type: Permanent Right-To-Use", "License Type: Smart License" and
// the flattened "License Level: x License Type: y Next reload license Level: x".
bool take_license_line(std::string_view t, Scan &scan) {
  const LicenseKey *key = license_key_at(t, 0);
  if (key == nullptr || !key->starts_line) return false;
  scan.license_line = true;
  std::size_t value_start = key->key.size();
  for (std::size_t pos = value_start; pos <= t.size(); ++pos) {
    const LicenseKey *next = pos < t.size() ? license_key_at(t, pos) : nullptr;
    if (pos < t.size() && next == nullptr) continue;
    set_once(license_slot(scan.info, key->field), t.substr(value_start, pos - value_start));
    if (next == nullptr) break;
    key = next;
    value_start = pos + next->key.size();
    pos = value_start - 1;
  }
  return true;
}

// "cisco ASR-920-24SZ-IM (Cortex-A9) processor (revision 1.0) with 1048576K/6147K bytes of memory."
// (Catalyst 4500 Sup8: "... with 4194304K bytes of physical memory.")
bool take_processor_line(std::string_view t, Scan &scan) {
  auto pos = t.find(" bytes of memory");
  if (pos == std::string_view::npos) pos = t.find(" bytes of physical memory");
  if (pos == std::string_view::npos) return false;
  auto with = t.find(" with ");
  if (with == std::string_view::npos || with > pos) return false;
  if (scan.info.platform) return true;
  auto vendor = first_word(t);
  set_once(scan.info.platform, first_word(t.substr(vendor.size())));
  auto before = t.substr(0, pos);
  auto space = before.find_last_of(" \t");
  auto memory = space == std::string_view::npos ? before : before.substr(space + 1);
  set_once(scan.info.main_memory, memory);
  std::size_t digits = 0;
  while (digits < memory.size() && std::isdigit(static_cast<unsigned char>(memory[digits]))) ++digits;
  if (auto kb = base::to_int(memory.substr(0, digits)); kb && digits > 0) scan.info.main_memory_kb = *kb;
  return true;
}

// Position of the last " at <time>" in `s` ("reload at 15:57:52 CDT Mon Sep 24 2018"), or npos.
std::size_t find_time_suffix(std::string_view s) {
  auto pos = s.rfind(" at ");
  while (pos != std::string_view::npos) {
    auto rest = base::trim_view(s.substr(pos + 4));
    auto colon = rest.substr(0, 3).find(':');  // "9:..." or "21:..."
    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front())) && colon != std::string_view::npos) {
      return pos;
    }
    if (pos == 0) break;
    pos = s.rfind(" at ", pos - 1);
  }
  return std::string_view::npos;
}

// "System returned to ROM by power cycle at 21:57:23 UTC Sat Aug 28 2010 (SP by power on)":
// the reason, the time and the switch processor's reason.
void take_returned_to_rom(std::string_view rest, Scan &scan) {
  if (scan.info.returned_to_rom_by) return;
  rest = base::trim_view(rest);
  auto sp = rest.find("(SP by ");
  if (sp != std::string_view::npos && base::ends_with(rest, ")")) {
    set_once(scan.info.returned_to_rom_sp_by, rest.substr(sp + 7, rest.size() - 1 - (sp + 7)));
    rest = base::trim_view(rest.substr(0, sp));
  }
  auto at = find_time_suffix(rest);
  if (at != std::string_view::npos) {
    set_once(scan.info.returned_to_rom_at, rest.substr(at + 4));
    rest = base::trim_view(rest.substr(0, at));
  }
  set_once(scan.info.returned_to_rom_by, rest);
}

// `System image file is "bootflash:packages.conf"`
bool take_image(std::string_view t, const Line &line, Scan &scan) {
  static constexpr std::string_view prefix = "System image file is";
  if (!base::starts_with(t, prefix)) return false;
  if (scan.info.image) return true;
  auto rest = base::trim_view(t.substr(prefix.size()));
  if (!rest.empty() && rest.front() == '"') {
    auto close = rest.find('"', 1);
    if (close == std::string_view::npos) {
      if (scan.malformed_at == 0) {
        scan.malformed_at = line.number;
        scan.malformed_reason = "image file name without its closing quote";
      }
      return true;
    }
    rest = rest.substr(1, close - 1);
  }
  set_once(scan.info.image, rest);
  if (scan.info.image) {
    const std::string &img = *scan.info.image;
    auto cut = img.find_last_of("/:");
    set_once(scan.info.image_file,
             cut == std::string::npos ? std::string_view(img) : std::string_view(img).substr(cut + 1));
  }
  return true;
}

// "Configuration register is 0x1822 (will be 0x3922 at next reload)"
bool take_config_register(std::string_view t, Scan &scan) {
  static constexpr std::string_view prefix = "Configuration register is";
  if (!base::starts_with(t, prefix)) return false;
  if (scan.info.config_register) return true;
  auto rest = base::trim_view(t.substr(prefix.size()));
  auto current = first_word(rest);
  set_once(scan.info.config_register, current);
  auto will = rest.find("(will be ");
  if (will != std::string_view::npos) set_once(scan.info.next_config_register, first_word(rest.substr(will + 9)));
  return true;
}

bool take_simple_lines(std::string_view t, Scan &scan) {
  static constexpr std::string_view rom_by = "System returned to ROM by";
  if (base::starts_with(t, rom_by)) {
    take_returned_to_rom(t.substr(rom_by.size()), scan);
    return true;
  }
  static constexpr std::string_view reset_from = "Last reset from";
  if (base::starts_with(t, reset_from)) {
    set_once(scan.info.last_reset_from, t.substr(reset_from.size()));
    return true;
  }
  if (auto v = value_after(t, "Last reload reason")) {
    set_once(scan.info.last_reload_reason, *v);
    return true;
  }
  if (auto v = value_after(t, "ROM")) {
    // some platforms print "ROM: IOS-XE ROMMONBOOTLDR: System Bootstrap, ..." on one line
    std::string_view rom = *v;
    auto boot = rom.find("BOOTLDR:");
    if (boot != std::string_view::npos) rom = rom.substr(0, boot);
    rom = base::trim_view(rom);
    if (!rom.empty()) scan.info.rom = std::string(rom);  // the last ROM line is the boot ROM image
    return true;
  }
  static constexpr std::string_view board = "Processor board ID";
  if (base::starts_with(t, board)) {
    auto id = first_word(t.substr(board.size()));
    if (base::ends_with(id, ",")) id.remove_suffix(1);
    set_once(scan.info.processor_board_id, id);
    return true;
  }
  return false;
}

// "------------------ show version ------------------" (show tech-support sections)
bool is_section_header(std::string_view t, std::string_view *command) {
  if (!base::starts_with(t, "-----") || !base::ends_with(t, "-----")) return false;
  auto first = t.find_first_not_of('-');
  if (first == std::string_view::npos) return false;
  auto inner = base::trim_view(t.substr(first));
  while (!inner.empty() && inner.back() == '-') inner.remove_suffix(1);
  inner = base::trim_view(inner);
  if (!base::starts_with(inner, "show ")) return false;
  *command = inner;
  return true;
}

// Lines that belong to `show version`: within a `show tech-support` dump, only its section; and
// never past a prompt that starts another command ("Router#sh license").
std::vector<Line> own_lines(std::vector<Line> lines) {
  std::size_t begin = 0;
  std::size_t end = lines.size();
  bool in_section = false;
  bool sections = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view command;
    if (!is_section_header(base::trim_view(lines[i].text), &command)) continue;
    sections = true;
    if (in_section) {
      end = i;
      break;
    }
    if (command == "show version") {
      in_section = true;
      begin = i + 1;
    }
  }
  std::vector<Line> out;
  if (sections && !in_section) return out;  // a dump without a `show version` section
  for (std::size_t i = begin; i < end; ++i) {
    auto t = base::trim_view(lines[i].text);
    if (!out.empty() && is_prompt_line(t)) {
      auto cmd = base::trim_view(t.substr(t.find_first_of("#>") + 1));
      if (!cmd.empty() && std::islower(static_cast<unsigned char>(cmd.front()))) break;
    }
    out.push_back(std::move(lines[i]));
  }
  return out;
}

std::size_t last_line_number(std::string_view text) {
  std::size_t n = 1;
  for (char c : text) n += c == '\n' ? 1 : 0;
  return n;
}

void finish(Scan &scan) {
  auto &v = scan.info;
  if (v.uptime) v.uptime_seconds = uptime_to_seconds(*v.uptime);
  v.version = scan.xe_version ? scan.xe_version : v.ios_version;
  std::optional<Release> release;
  for (const OptString *candidate : {&v.version, &v.ios_version}) {
    if (release || !*candidate) continue;
    auto r = Release::parse(**candidate);
    if (r) release = std::move(r).value();
  }
  if (release) v.release = release->normalised();
  if (scan.iosxe_hint || (release && release->is_iosxe())) {
    v.os = "IOS-XE";
  } else if (v.ios_version) {
    v.os = "IOS";
  }
}

}  // namespace

Parsed<VersionInfo> parse_show_version(std::string_view text) {
  auto lines = own_lines(clean_lines(text));
  Scan scan;
  const std::size_t unterminated_last =
      (!text.empty() && text.back() != '\n') ? last_line_number(text) : std::numeric_limits<std::size_t>::max();
  bool first = true;
  std::string_view previous;
  for (const auto &line : lines) {
    auto t = base::trim_view(line.text);
    if (t.empty()) continue;
    if (first) {
      first = false;
      if (base::starts_with(t, "% ") || base::starts_with(t, "Index ")) {
        return Parsed<VersionInfo>::not_this(base::starts_with(t, "%") ? "IOS error: " + std::string(t)
                                                                       : "this is 'show license' output");
      }
    }
    const bool ends_text = line.number == unterminated_last;
    // `show redundancy` prints the peer's software line under "Image Version = ..."; not ours
    const bool continues_image_version = base::starts_with(previous, "Image Version");
    previous = t;
    if (continues_image_version) continue;
    take_xe_line(t, line, ends_text, scan) || take_xe_version_colon(t, scan) ||
        take_software_line(t, line, ends_text, scan) || take_license_line(t, scan) || take_uptime(t, scan) ||
        take_image(t, line, scan) || take_config_register(t, scan) || take_processor_line(t, scan) ||
        take_simple_lines(t, scan);
  }
  if (scan.malformed_at != 0) return Parsed<VersionInfo>::malformed(scan.malformed_at, scan.malformed_reason);
  if (!scan.version_line && !scan.license_line && !scan.uptime_line) {
    return Parsed<VersionInfo>::not_this("no software version, license level or uptime line");
  }
  finish(scan);
  return Parsed<VersionInfo>::ok(std::move(scan.info));
}

}  // namespace licmig::snapshot
