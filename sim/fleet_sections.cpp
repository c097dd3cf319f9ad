// The nested sections of a router in a fleet file: Smart Licensing, call-home, HA, interfaces,
// credentials and faults, each with its known keys and typed values (fleet_loader.hpp).
#include <string>
#include <utility>

#include "sim/fleet_loader.hpp"

namespace licmig::sim::fleet_detail {

void Loader::apply_smart(const YAML::Node &map, SmartSpec &smart, const std::string &where) const {
  require_map(map, "smart", where);
  check_keys(map, {"registration", "smart_account", "virtual_account", "tokens", "eval_days_remaining", "satellite"},
             where);
  for (const auto &item : map) {
    const std::string key = item.first.Scalar();
    const YAML::Node &v = item.second;
    if (key == "registration")
      smart.registration = one_of(v, key, where, {"REGISTERED", "UNREGISTERED"});
    else if (key == "smart_account")
      smart.smart_account = text(v, key, where);
    else if (key == "virtual_account")
      smart.virtual_account = text(v, key, where);
    else if (key == "eval_days_remaining")
      smart.eval_days_remaining = integer(v, key, where, 0, 90);
    else if (key == "satellite")
      smart.satellite = boolean(v, key, where);
    else if (key == "tokens") {
      require_list(v, key, where);
      smart.tokens.clear();
      for (const auto &t : v) {
        TokenSpec token;
        if (t.IsMap()) {
          check_keys(t, {"token", "valid"}, "in tokens " + where);
          if (!t["token"]) fail(t, "missing 'token' in tokens " + where);
          token.token = text(t["token"], "token", where);
          if (t["valid"]) token.valid = boolean(t["valid"], "valid", where);
        } else {
          token.token = text(t, "tokens", where);
        }
        smart.tokens.push_back(std::move(token));
      }
    }
  }
}

void Loader::apply_call_home(const YAML::Node &map, CallHomeSpec &call_home, const std::string &where) const {
  require_map(map, "call_home", where);
  check_keys(map, {"service_enabled", "profiles", "secure_trustpoint"}, where);
  for (const auto &item : map) {
    const std::string key = item.first.Scalar();
    const YAML::Node &v = item.second;
    if (key == "service_enabled")
      call_home.service_enabled = boolean(v, key, where);
    else if (key == "secure_trustpoint")
      call_home.secure_trustpoint = optional_text(v, key, where);
    else if (key == "profiles") {
      require_list(v, key, where);
      call_home.profiles.clear();
      const std::string in = "in profiles " + where;
      for (const auto &p : v) {
        require_map(p, "profiles", where);
        check_keys(p, {"name", "active", "transport", "http_destinations", "email_destinations"}, in);
        CallHomeProfileSpec profile;
        if (p["name"]) profile.name = text(p["name"], "name", in);
        if (p["active"]) profile.active = boolean(p["active"], "active", in);
        if (p["transport"]) profile.transport = one_of(p["transport"], "transport", in, {"http", "email"});
        if (p["http_destinations"])
          profile.http_destinations = text_list(p["http_destinations"], "http_destinations", in);
        if (p["email_destinations"]) {
          profile.email_destinations = text_list(p["email_destinations"], "email_destinations", in);
        }
        call_home.profiles.push_back(std::move(profile));
      }
    }
  }
}

void Loader::apply_ha(const YAML::Node &map, RouterSpec &spec, const std::string &where) const {
  if (map.IsNull()) {
    spec.ha.reset();
    return;
  }
  require_map(map, "ha", where);
  check_keys(map, {"group", "role"}, where);
  if (!map["group"]) fail(map, "missing 'group' " + where);
  if (!map["role"]) fail(map, "missing 'role' " + where);
  spec.ha = HaSpec{text(map["group"], "group", where), one_of(map["role"], "role", where, {"active", "standby"})};
}

void Loader::apply_interfaces(const YAML::Node &map, InterfacesSpec &interfaces, const std::string &where) const {
  require_map(map, "interfaces", where);
  check_keys(map, {"management", "data_ports", "licensed_ports", "session_via"}, where);
  if (map["management"]) interfaces.management = text(map["management"], "management", where);
  if (map["data_ports"]) interfaces.data_ports = text_list(map["data_ports"], "data_ports", where);
  if (map["licensed_ports"]) {
    interfaces.licensed_ports = text_list(map["licensed_ports"], "licensed_ports", where);
  }
  if (map["session_via"]) interfaces.session_via = text(map["session_via"], "session_via", where);
}

void Loader::apply_credentials(const YAML::Node &map, Credentials &credentials, const std::string &where,
                               bool nested) const {
  if (nested) {
    require_map(map, "credentials", where);
    check_keys(map, {"username", "password", "enable_secret", "authorized_keys", "auth_methods"}, where);
  }
  if (map["username"]) credentials.username = text(map["username"], "username", where);
  if (map["password"]) credentials.password = text(map["password"], "password", where);
  if (map["enable_secret"]) credentials.enable_secret = text(map["enable_secret"], "enable_secret", where);
  if (map["authorized_keys"]) credentials.authorized_keys = text_list(map["authorized_keys"], "authorized_keys", where);
  if (map["auth_methods"]) {
    const YAML::Node &node = map["auth_methods"];
    credentials.auth_methods = text_list(node, "auth_methods", where);
    if (credentials.auth_methods.empty()) fail(node, "'auth_methods' must list at least one method " + where);
    for (std::size_t i = 0; i < credentials.auth_methods.size(); ++i) {
      const auto &m = credentials.auth_methods[i];
      if (m != "password" && m != "keyboard-interactive" && m != "publickey")
        fail(node,
             "'auth_methods' must each be one of password, keyboard-interactive, publickey (got '" + m + "') " + where);
      for (std::size_t j = 0; j < i; ++j)
        if (credentials.auth_methods[j] == m) fail(node, "'auth_methods' lists '" + m + "' twice " + where);
    }
  }
}

void Loader::apply_faults(const YAML::Node &map, Faults &faults, const std::string &where) const {
  require_map(map, "faults", where);
  check_keys(map,
             {"command_delay_ms",
              "drop_after_commands",
              "never_return_after_reload",
              "boot_extra_seconds",
              "auth_fail_after_reload",
              "rotate_host_key_on_reload",
              "garble",
              "deny_commands",
              "refuse_connections",
              "refuse_reload",
              "ignore_terminal_length",
              "fake_prompt_in",
              "control_chars_in",
              "flood",
              "flood_no_newlines",
              "flood_bytes",
              "no_prompt",
              "erase_question_on_reload",
              "trickle",
              "trickle_chunk_bytes",
              "trickle_interval_ms",
              "transfer_drop_at_percent",
              "corrupt_transfer",
              "wrong_level_reloads"},
             where);
  for (const auto &item : map) {
    const std::string key = item.first.Scalar();
    const YAML::Node &v = item.second;
    if (key == "command_delay_ms")
      faults.command_delay_ms = integer(v, key, where, 0, 600000);
    else if (key == "drop_after_commands")
      faults.drop_after_commands = integer(v, key, where, 0, 1000000);
    else if (key == "never_return_after_reload")
      faults.never_return_after_reload = boolean(v, key, where);
    else if (key == "boot_extra_seconds")
      faults.boot_extra_seconds = integer(v, key, where, 0, 3600);
    else if (key == "auth_fail_after_reload")
      faults.auth_fail_after_reload = boolean(v, key, where);
    else if (key == "rotate_host_key_on_reload")
      faults.rotate_host_key_on_reload = boolean(v, key, where);
    else if (key == "garble")
      faults.garble = text_list(v, key, where);
    else if (key == "deny_commands")
      faults.deny_commands = command_prefixes(v, key, where);
    else if (key == "refuse_connections")
      faults.refuse_connections = boolean(v, key, where);
    else if (key == "refuse_reload")
      faults.refuse_reload = boolean(v, key, where);
    else if (key == "wrong_level_reloads")
      faults.wrong_level_reloads = integer(v, key, where, 0, 1000);
    else if (key == "ignore_terminal_length")
      faults.ignore_terminal_length = boolean(v, key, where);
    else if (key == "fake_prompt_in")
      faults.fake_prompt_in = text_list(v, key, where);
    else if (key == "control_chars_in")
      faults.control_chars_in = text_list(v, key, where);
    else if (key == "flood")
      faults.flood = text_list(v, key, where);
    else if (key == "flood_no_newlines")
      faults.flood_no_newlines = text_list(v, key, where);
    else if (key == "flood_bytes")
      faults.flood_bytes = integer(v, key, where, 1, 1 << 30);
    else if (key == "no_prompt")
      faults.no_prompt = boolean(v, key, where);
    else if (key == "erase_question_on_reload")
      faults.erase_question_on_reload = boolean(v, key, where);
    else if (key == "trickle")
      faults.trickle = text_list(v, key, where);
    else if (key == "trickle_chunk_bytes")
      faults.trickle_chunk_bytes = integer(v, key, where, 1, 1 << 20);
    else if (key == "trickle_interval_ms")
      faults.trickle_interval_ms = integer(v, key, where, 0, 60000);
    else if (key == "transfer_drop_at_percent")
      faults.transfer_drop_at_percent = integer(v, key, where, 0, 99);
    else if (key == "corrupt_transfer")
      faults.corrupt_transfer = boolean(v, key, where);
  }
}

}  // namespace licmig::sim::fleet_detail
