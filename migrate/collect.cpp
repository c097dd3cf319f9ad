#include "migrate/collect.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "snapshot/config_compare.hpp"
#include "snapshot/interfaces.hpp"
#include "snapshot/parser_registry.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

#ifndef LICMIG_VERSION
#define LICMIG_VERSION "0.1.0"
#endif

namespace licmig::migrate {

namespace {

bool is_ios_error(const std::string &text) { return snapshot::ios_error(snapshot::clean_lines(text)).has_value(); }

// The interface the session arrives on: the row of `show ip interface brief` holding the address the
// session reached (in any VRF: the brief lists Mgmt-intf's GigabitEthernet0 too), and whether it is
// the management interface (by name, or in VRF Mgmt-intf in the running configuration).
Status resolve_session_path(RouterSession &session, snapshot::SessionPath &path, const std::string &running,
                            Collected &out) {
  if (path.address.empty()) return Status::ok();  // not seen from here: rules fall back to the inventory
  const std::string command = "show ip interface brief";
  auto text = session.run_tolerant(command);
  if (!text) return Status::error(text.status().kind(), command + ": " + text.error_message());
  out.snap.raw.push_back({command, text.value()});
  if (is_ios_error(text.value())) {
    out.notes.push_back(command + ": not available on this router");
    return Status::ok();
  }
  for (const auto &row : snapshot::parse_ip_interface_brief(text.value())) {
    if (row.address != path.address) continue;
    path.interface = row.name;
    path.management = snapshot::is_management_interface(row.name, running);
    path.basis += ", which show ip interface brief gives to " + row.name +
                  (path.management ? " (the management interface)" : " (a data port)");
    return Status::ok();
  }
  path.basis += "; no interface in show ip interface brief has that address (address translation on the way?)";
  return Status::ok();
}

}  // namespace

Result<Collected> collect_snapshot(RouterSession &session, const std::string &host, const std::string &taken_at) {
  Collected out;
  out.snap.host = host;
  out.snap.taken_at = taken_at;
  out.snap.tool_version = LICMIG_VERSION;
  std::string running;
  std::string startup;
  for (const auto &command : snapshot::snapshot_commands()) {
    auto text = session.run_tolerant(command);
    if (!text) return Status::error(text.status().kind(), command + ": " + text.error_message());
    const std::string &masked = text.value();  // masked by the session
    out.snap.raw.push_back({command, masked});
    if (is_ios_error(masked)) {
      if (command == "show version") {
        return Status::error(ErrorKind::parse_error, "show version: the router answered with an error");
      }
      out.notes.push_back(command + ": not available on this router");
      continue;
    }
    if (command == "show startup-config") {
      startup = masked;
      continue;
    }
    if (command == snapshot::k_smart_log_command) {
      for (const auto &l : snapshot::clean_lines(masked)) {
        auto pos = l.text.find("%SMART_LIC-");
        if (pos != std::string::npos) out.snap.smart_log_events.push_back(l.text.substr(pos));
      }
      continue;
    }
    if (command == "show running-config") running = masked;
    auto entry = snapshot::find_parser(command);
    if (!entry) continue;
    auto parsed = (*entry)->into_snapshot(masked, out.snap);
    if (!parsed.recognised()) {
      if (command == "show version") {
        return Status::error(ErrorKind::parse_error, "show version: output not recognised: " + parsed.reason);
      }
      if (parsed.outcome == snapshot::ParseOutcome::malformed) out.malformed.push_back(command);
      // `show license` on a Smart router prints Smart Licensing text, not PAK licenses: expected.
      out.notes.push_back(command + ": " + snapshot::to_string(parsed.outcome) +
                          (parsed.line ? " at line " + std::to_string(parsed.line) : std::string()) + ": " +
                          parsed.reason);
    }
  }
  if (!running.empty() && !startup.empty()) out.snap.config_unsaved = snapshot::configs_differ(running, startup);
  if (auto path = session.session_path()) {
    if (auto st = resolve_session_path(session, *path, running, out); !st) return st;
    out.snap.session = std::move(*path);
  }
  snapshot::derive_license_fields(out.snap);
  return out;
}

Result<std::optional<std::string>> verify_image_into(RouterSession &session, const std::string &image,
                                                     snapshot::Snapshot &snap) {
  const std::string file = base::basename_of(image);
  if (file.empty() || !snap.bootflash) return std::optional<std::string>();
  const bool present = std::any_of(snap.bootflash->files.begin(), snap.bootflash->files.end(),
                                   [&](const auto &f) { return base::basename_of(f.name) == file; });
  if (!present) return std::optional<std::string>();
  const std::string command = "verify /md5 bootflash:" + file;
  auto text = session.run_tolerant(command);
  if (!text) return Status::error(text.status().kind(), command + ": " + text.error_message());
  snap.raw.push_back({command, text.value()});
  auto md5 = snapshot::parse_verify_md5(text.value());
  if (!md5.recognised()) return std::optional<std::string>(command + ": no checksum in the answer");
  snap.image_checks.push_back({"bootflash:" + file, md5.value});
  return std::optional<std::string>();
}

}  // namespace licmig::migrate
