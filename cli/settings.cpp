#include "cli/settings.hpp"

#include <cstdlib>
#include <fstream>
#include <ostream>

#include <yaml-cpp/yaml.h>
#include <CLI/CLI.hpp>

namespace licmig::cli {

namespace {

struct IntSetting {
  const char *key;
  const char *variable;
  std::optional<int> Settings::*field;
  int low;
  int high;
};

constexpr IntSetting k_int_settings[] = {
    {"parallel", "LICMIG_PARALLEL", &Settings::parallel, 1, 1000},
    {"connect_timeout", "LICMIG_CONNECT_TIMEOUT", &Settings::connect_timeout, 1, 3600},
    {"command_timeout", "LICMIG_COMMAND_TIMEOUT", &Settings::command_timeout, 1, 3600},
    {"reload_timeout", "LICMIG_RELOAD_TIMEOUT", &Settings::reload_timeout, 1, 86400},
};

Result<int> int_in_range(const std::string &text, const std::string &where, int low, int high) {
  try {
    std::size_t used = 0;
    const long value = std::stol(text, &used);
    if (used == text.size() && value >= low && value <= high) return static_cast<int>(value);
  } catch (const std::exception &) {
  }
  return Status::invalid_input(where + ": expected a whole number from " + std::to_string(low) + " to " +
                               std::to_string(high) + ", not '" + text + "'");
}

std::vector<std::string> split_commas(const std::string &text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c != ',') {
      item.push_back(c);
    } else if (!item.empty()) {
      out.push_back(item);
      item.clear();
    }
  }
  return out;
}

Status read_file(const std::string &path, Settings &s) {
  std::ifstream probe(path);
  if (!probe) return Status::ok();  // no such file: nothing set
  auto where = [&path](const YAML::Mark &m) { return path + ":" + std::to_string(m.line + 1); };
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (root.IsNull()) return Status::ok();
    if (!root.IsMap()) return Status::invalid_input(where(root.Mark()) + ": expected a mapping of settings");
    for (const auto &item : root) {
      const auto key = item.first.as<std::string>();
      const auto &value = item.second;
      const std::string at = where(item.first.Mark()) + ": " + key;
      if (key == "inventory") {
        std::vector<std::string> list;
        if (value.IsSequence()) {
          for (const auto &v : value) list.push_back(v.as<std::string>());
        } else if (value.IsScalar()) {
          list.push_back(value.as<std::string>());
        }
        if (list.empty()) return Status::invalid_input(at + ": expected a file or a list of files");
        s.inventory = list;
      } else if (key == "store" || key == "known_hosts") {
        if (!value.IsScalar() || value.as<std::string>().empty()) {
          return Status::invalid_input(at + ": expected a path");
        }
        (key == "store" ? s.store : s.known_hosts) = value.as<std::string>();
      } else {
        const IntSetting *known = nullptr;
        for (const auto &i : k_int_settings) {
          if (key == i.key) known = &i;
        }
        if (!known) {
          return Status::invalid_input(at +
                                       ": unknown setting (known: inventory, store, known_hosts, parallel, "
                                       "connect_timeout, command_timeout, reload_timeout)");
        }
        if (!value.IsScalar()) return Status::invalid_input(at + ": expected a number");
        auto n = int_in_range(value.as<std::string>(), at, known->low, known->high);
        if (!n) return n.status();
        s.*(known->field) = n.value();
      }
    }
  } catch (const YAML::Exception &e) {
    return Status::invalid_input(where(e.mark) + ": " + e.msg);
  }
  return Status::ok();
}

std::string user_file() {
  const char *xdg = std::getenv("XDG_CONFIG_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/licmig/licmig.yaml";
  const char *home = std::getenv("HOME");
  return home && *home ? std::string(home) + "/.config/licmig/licmig.yaml" : std::string();
}

}  // namespace

Result<Settings> load_settings(const std::vector<std::string> &files,
                               const std::map<std::string, std::string> &environment) {
  Settings s;
  for (const auto &f : files) {
    if (f.empty()) continue;
    if (auto st = read_file(f, s); !st) return st;
  }
  auto env = [&environment](const char *name) -> std::optional<std::string> {
    auto it = environment.find(name);
    if (it == environment.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  if (auto v = env("LICMIG_INVENTORY")) s.inventory = split_commas(*v);
  if (auto v = env("LICMIG_STORE")) s.store = *v;
  if (auto v = env("LICMIG_KNOWN_HOSTS")) s.known_hosts = *v;
  for (const auto &i : k_int_settings) {
    if (auto v = env(i.variable)) {
      auto n = int_in_range(*v, i.variable, i.low, i.high);
      if (!n) return n.status();
      s.*(i.field) = n.value();
    }
  }
  return s;
}

Result<Settings> load_settings() {
  std::map<std::string, std::string> environment;
  for (const char *name : {"LICMIG_INVENTORY", "LICMIG_STORE", "LICMIG_KNOWN_HOSTS", "LICMIG_PARALLEL",
                           "LICMIG_CONNECT_TIMEOUT", "LICMIG_COMMAND_TIMEOUT", "LICMIG_RELOAD_TIMEOUT"}) {
    if (const char *v = std::getenv(name)) environment[name] = v;
  }
  return load_settings({user_file(), "licmig.yaml"}, environment);
}

bool apply_settings(const CLI::App &sub, migrate::FleetOptions &o, migrate::Io io, bool need_inventory) {
  auto loaded = load_settings();
  if (!loaded) {
    io.err << "licmig: error: " << loaded.error_message() << "\n";
    return false;
  }
  const Settings &s = loaded.value();
  auto unset = [&sub](const char *name) { return sub.get_option_no_throw(name) && sub.count(name) == 0; };
  if (unset("--inventory") && s.inventory) o.inventory = *s.inventory;
  if (unset("--store") && s.store) o.connect.store = *s.store;
  if (unset("--known-hosts") && s.known_hosts) o.connect.known_hosts = *s.known_hosts;
  if (unset("--parallel") && s.parallel) o.parallel = *s.parallel;
  if (unset("--connect-timeout") && s.connect_timeout) o.connect_timeout_s = *s.connect_timeout;
  if (unset("--command-timeout") && s.command_timeout) o.command_timeout_s = *s.command_timeout;
  if (unset("--reload-timeout") && s.reload_timeout) o.reload_timeout_s = *s.reload_timeout;
  if (need_inventory && o.inventory.empty()) {
    io.err << "licmig: error: " << sub.get_name()
           << " needs an inventory: -i/--inventory FILE, LICMIG_INVENTORY, or inventory: in licmig.yaml\n";
    return false;
  }
  return true;
}

bool apply_store_setting(const CLI::App &sub, std::string &store, migrate::Io io) {
  if (sub.count("--store") > 0) return true;
  auto loaded = load_settings();
  if (!loaded) {
    io.err << "licmig: error: " << loaded.error_message() << "\n";
    return false;
  }
  if (loaded->store) store = *loaded->store;
  return true;
}

}  // namespace licmig::cli
