#include "migrate/collect.hpp"

#include "devices/transcript.hpp"
#include "snapshot/config_compare.hpp"
#include "snapshot/parser_registry.hpp"
#include "snapshot/text.hpp"

#ifndef LICMIG_VERSION
#define LICMIG_VERSION "0.1.0"
#endif

namespace licmig::migrate {

namespace {

constexpr const char *logging_command = "show logging | include SMART_LIC";

bool is_ios_error(const std::string &text) { return snapshot::ios_error(snapshot::clean_lines(text)).has_value(); }

}  // namespace

const std::vector<std::string> &snapshot_commands() {
  static const std::vector<std::string> commands = {
      "show version",
      "show license",
      "show license summary",
      "show license status",
      "show license udi",
      "show platform software sl-infra pak-info",
      "show running-config",
      "show startup-config",
      "show redundancy states",
      "show call-home profile all",
      logging_command,
      "show bootvar",
      "dir bootflash:",
  };
  return commands;
}

Result<Collected> collect_snapshot(RouterSession &session, const std::string &host, const std::string &taken_at,
                                   const std::vector<std::string> &secrets) {
  Collected out;
  out.snap.host = host;
  out.snap.taken_at = taken_at;
  out.snap.tool_version = LICMIG_VERSION;
  std::string running;
  std::string startup;
  for (const auto &command : snapshot_commands()) {
    auto text = session.run_tolerant(command);
    if (!text) return Status::error(text.status().kind(), command + ": " + text.error_message());
    std::string masked = devices::mask_secrets(text.value(), secrets);
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
    if (command == logging_command) {
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
      // `show license` on a Smart router prints Smart Licensing text, not PAK licenses: expected.
      out.notes.push_back(command + ": " + snapshot::to_string(parsed.outcome) +
                          (parsed.line ? " at line " + std::to_string(parsed.line) : std::string()) + ": " +
                          parsed.reason);
    }
  }
  if (!running.empty() && !startup.empty()) out.snap.config_unsaved = snapshot::configs_differ(running, startup);
  snapshot::derive_license_fields(out.snap);
  return out;
}

}  // namespace licmig::migrate
