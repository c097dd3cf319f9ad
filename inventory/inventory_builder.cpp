// InventoryBuilder: Ansible's inventory model (groups under `all`, `ungrouped`, depth, variable
// precedence) plus licmig's checks of the variables it knows.
#include "inventory/inventory_builder.hpp"
#include "base/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <tuple>
#include <utility>

namespace licmig::inventory::detail {

namespace {

constexpr std::array<std::string_view, 11> k_known_vars = {
    "ansible_host", "ansible_port", "ansible_user", "ansible_password", "ansible_become_password",
    "ha_group",     "ha_role",      "ssh_legacy",   "mgmt_interface",   "reload_timeout",
    "expected_md5"};

// Variables Ansible itself defines that are close to a known one but are not misspellings.
constexpr std::array<std::string_view, 14> k_other_ansible_vars = {
    "ansible_network_os",   "ansible_connection",  "ansible_become",         "ansible_become_method",
    "ansible_become_user",  "ansible_become_pass", "ansible_ssh_pass",       "ansible_ssh_user",
    "ansible_ssh_host",     "ansible_ssh_port",    "ansible_group_priority", "ansible_shell_type",
    "ansible_ssh_password", "ansible_enable_pass"};

// Ansible's names for one connection setting, in the order its connection plugins list them: when
// several are set, the last one listed wins (ConfigManager takes the last variable found).
struct Alias {
  std::string_view canonical;
  std::array<std::string_view, 3> names;  // empty = unused
};
constexpr std::array<Alias, 5> k_aliases = {{
    {"ansible_host", {"ansible_host", "ansible_ssh_host", ""}},
    {"ansible_port", {"ansible_port", "ansible_ssh_port", ""}},
    {"ansible_user", {"ansible_user", "ansible_ssh_user", ""}},
    {"ansible_password", {"ansible_password", "ansible_ssh_pass", "ansible_ssh_password"}},
    {"ansible_become_password", {"ansible_become_password", "ansible_become_pass", "ansible_enable_pass"}},
}};

// The variables licmig reads besides its own (k_known_vars) and the aliases: resolved per host.
constexpr std::array<std::string_view, 6> k_used_vars = {"ansible_network_os",           "ansible_connection",
                                                         "ansible_ssh_private_key_file", "ansible_private_key_file",
                                                         "ansible_ssh_common_args",      "ansible_ssh_extra_args"};

bool is_used_var(std::string_view key) {
  if (std::find(k_known_vars.begin(), k_known_vars.end(), key) != k_known_vars.end()) return true;
  if (std::find(k_used_vars.begin(), k_used_vars.end(), key) != k_used_vars.end()) return true;
  for (const auto &alias : k_aliases) {
    if (std::find(alias.names.begin(), alias.names.end(), key) != alias.names.end()) return true;
  }
  return false;
}

bool is_templated(const nlohmann::json &v) {
  if (!v.is_string()) return false;
  const auto &s = v.get_ref<const std::string &>();
  return s.find("{{") != std::string::npos || s.find("{%") != std::string::npos;
}

Status input_error(const Origin &origin, const std::string &message) {
  return Status::error(ErrorKind::invalid_input, to_string(origin) + ": " + message);
}

std::string squote(std::string_view s) { return "'" + std::string(s) + "'"; }

using base::is_digits;

// A non-negative integer from an int value or a digit string; nullopt otherwise.
std::optional<long long> as_integer(const nlohmann::json &v) {
  if (v.is_number_integer()) return v.get<long long>();
  if (v.is_string()) {
    const auto &s = v.get_ref<const std::string &>();
    if (is_digits(s) && s.size() <= 12) return std::stoll(s);
  }
  return std::nullopt;
}

std::optional<bool> as_boolean(const nlohmann::json &v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) {
    auto i = v.get<long long>();
    if (i == 0 || i == 1) return i == 1;
    return std::nullopt;
  }
  if (!v.is_string()) return std::nullopt;
  const std::string s = base::to_lower(v.get_ref<const std::string &>());
  if (s == "y" || s == "yes" || s == "on" || s == "1" || s == "true" || s == "t") return true;
  if (s == "n" || s == "no" || s == "off" || s == "0" || s == "false" || s == "f") return false;
  return std::nullopt;
}

// A scalar as text (strings as they are, numbers printed); nullopt for anything else.
std::optional<std::string> as_text(const nlohmann::json &v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

// A value for a message: text as it is, anything else as JSON (invalid UTF-8 replaced, never thrown).
std::string shown(const nlohmann::json &v) {
  if (auto text = as_text(v)) return *text;
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool is_md5(std::string_view s) {
  return s.size() == 32 &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// Ansible's combine_vars with hash_behaviour=replace, one key at a time: a mapping set over a
// mapping is merged one level deep, anything else replaces.
void set_var(VarMap &vars, const std::string &key, nlohmann::json value, const Origin &origin, bool vaulted) {
  auto it = vars.find(key);
  if (it != vars.end() && it->second.value.is_object() && value.is_object()) {
    for (auto &[k, v] : value.items()) it->second.value[k] = v;
    it->second.origin = origin;
    it->second.vaulted = it->second.vaulted || vaulted;
    return;
  }
  vars[key] = VarValue{std::move(value), origin, vaulted};
}

std::optional<std::string_view> likely_intent(std::string_view key) {
  if (std::find(k_known_vars.begin(), k_known_vars.end(), key) != k_known_vars.end()) return std::nullopt;
  if (std::find(k_other_ansible_vars.begin(), k_other_ansible_vars.end(), key) != k_other_ansible_vars.end()) {
    return std::nullopt;
  }
  std::optional<std::string_view> best;
  std::size_t best_distance = 3;
  for (auto known : k_known_vars) {
    auto d = edit_distance(base::to_lower(key), known);
    if (d < best_distance) {
      best_distance = d;
      best = known;
    }
  }
  return best;
}

}  // namespace

InventoryBuilder::InventoryBuilder(std::string file, const VaultSecrets *vault_secrets)
    : file_(std::move(file)), first_file_(file_), vault_secrets_(vault_secrets) {
  (void)add_group("all", 0);
  (void)add_group("ungrouped", 0);
  (void)add_child("all", "ungrouped", 0);
}

bool InventoryBuilder::has_group(std::string_view name) const { return group_index_.count(name) != 0; }

void InventoryBuilder::set_file(std::string file, bool vaulted) {
  file_ = std::move(file);
  file_vaulted_ = vaulted;
}

std::vector<std::string> InventoryBuilder::group_names() const {
  std::vector<std::string> out;
  for (const auto &g : groups_) out.push_back(g.name);
  return out;
}

std::vector<std::string> InventoryBuilder::host_names() const {
  std::vector<std::string> out;
  for (const auto &h : hosts_) out.push_back(h.name);
  return out;
}

Group &InventoryBuilder::group(const std::string &name) { return groups_[group_index_.at(name)]; }

Status InventoryBuilder::add_group(const std::string &name, std::size_t line) {
  if (name.empty()) return input_error(at(line), "empty group name");
  if (has_group(name)) return Status::ok();
  group_index_[name] = groups_.size();
  Group g;
  g.name = name;
  g.origin = at(line);
  groups_.push_back(std::move(g));
  return Status::ok();
}

Status InventoryBuilder::add_child(const std::string &parent, const std::string &child, std::size_t line) {
  if (auto s = add_group(parent, line); !s) return s;
  if (auto s = add_group(child, line); !s) return s;
  if (child == "all") return input_error(at(line), "group 'all' cannot be a child of " + squote(parent));
  if (parent == child) return input_error(at(line), "group " + squote(child) + " cannot be a child of itself");
  // A cycle: parent is (a descendant of) child.
  std::vector<std::string> stack{child};
  std::set<std::string> seen;
  while (!stack.empty()) {
    std::string g = stack.back();
    stack.pop_back();
    if (g == parent) {
      return input_error(at(line), "group " + squote(child) + " cannot be a child of " + squote(parent) + ": " +
                                       squote(parent) + " is already inside " + squote(child));
    }
    if (!seen.insert(g).second) continue;
    for (const auto &c : group(g).children) stack.push_back(c);
  }
  auto &kids = group(parent).children;
  if (std::find(kids.begin(), kids.end(), child) == kids.end()) {
    kids.push_back(child);
    group(child).parents.push_back(parent);
  }
  return Status::ok();
}

Status InventoryBuilder::add_host(const std::string &name, const std::string &group_name, std::optional<long long> port,
                                  std::size_t line) {
  if (name.empty()) return input_error(at(line), "empty host name");
  if (auto s = add_group(group_name, line); !s) return s;
  if (host_index_.count(name) == 0) {
    host_index_[name] = hosts_.size();
    hosts_.push_back(ReadHost{name, at(line), {}});
    if (port) hosts_.back().vars["ansible_port"] = VarValue{*port, at(line)};
  }
  // membership is looked up in the host's few direct groups, not in the group's (long) host list:
  // adding n hosts stays linear
  auto &direct = host_direct_groups_[name];
  if (std::find(direct.begin(), direct.end(), group_name) == direct.end()) {
    group(group_name).hosts.push_back(name);
    direct.push_back(group_name);
  }
  return Status::ok();
}

Status InventoryBuilder::check_var(const std::string &key, const nlohmann::json &value, std::size_t line) {
  return check_var_at(key, value, at(line), &warnings_);
}

Status check_var_at(const std::string &key, const nlohmann::json &value, const Origin &origin,
                    std::vector<std::string> *warnings) {
  auto bad = [&](const std::string &what) { return input_error(origin, key + ": " + what); };
  if (value.is_null() || is_templated(value)) return Status::ok();  // templates are checked once resolved
  if (key == "ansible_host" || key == "ansible_ssh_host") {
    if (!value.is_string() || value.get_ref<const std::string &>().empty()) return bad("not a host name or address");
  } else if (key == "ansible_port" || key == "ansible_ssh_port") {
    auto port = as_integer(value);
    if (!port || *port < 1 || *port > 65535) return bad("not a port number");
  } else if (key == "ansible_user" || key == "ansible_password" || key == "ansible_become_password" ||
             key == "ansible_ssh_user" || key == "ansible_ssh_pass" || key == "ansible_ssh_password" ||
             key == "ansible_become_pass" || key == "ansible_enable_pass" || key == "ansible_connection" ||
             key == "ansible_network_os" || key == "ha_group" || key == "mgmt_interface") {
    if (!as_text(value)) return bad("not a string");
  } else if (key == "ha_role") {
    auto text = as_text(value);
    if (!text || (base::to_lower(*text) != "active" && base::to_lower(*text) != "standby"))
      return bad("must be 'active' or 'standby'");
  } else if (key == "ssh_legacy") {
    if (!as_boolean(value)) return bad("not a boolean");
  } else if (key == "reload_timeout") {
    auto seconds = as_integer(value);
    if (!seconds || *seconds < 1 || *seconds > 86400) return bad("not a number of seconds (1-86400)");
  } else if (key == "expected_md5") {
    if (!value.is_object()) return bad("not a mapping of image name to MD5");
    for (const auto &[image, md5] : value.items()) {
      if (!md5.is_string() || !is_md5(md5.get_ref<const std::string &>())) {
        return bad(squote(image) + ": not an MD5 checksum (32 hex digits)");
      }
    }
  } else if (auto intent = likely_intent(key); intent && warnings != nullptr) {
    warnings->push_back(to_string(origin) + ": unknown variable " + squote(key) + " (did you mean " + squote(*intent) +
                        "?)");
  }
  return Status::ok();
}

Status InventoryBuilder::set_group_var(const std::string &group_name, const std::string &key, nlohmann::json value,
                                       std::size_t line, bool vaulted) {
  if (key.empty()) return input_error(at(line), "empty variable name");
  if (auto s = add_group(group_name, line); !s) return s;
  if (key == "ansible_group_priority") {
    auto priority = as_integer(value);
    if (!priority || *priority > 1000000) return input_error(at(line), key + ": not a number");
    group(group_name).priority = static_cast<int>(*priority);
    return Status::ok();
  }
  if (auto s = check_var(key, value, line); !s) return s;
  set_var(group(group_name).vars, key, std::move(value), at(line), vaulted || file_vaulted_);
  return Status::ok();
}

void InventoryBuilder::resolve_connection(Host &h) {
  // The variables licmig uses, resolved (a failure refuses the host: the first one, by name).
  std::map<std::string, std::pair<nlohmann::json, Origin>> used;
  for (const auto &[key, v] : h.vars) {
    if (!is_used_var(key) || v.value.is_null()) continue;
    auto value = resolve_template(v.value, h.vars, h.name);
    Status checked = value ? check_var_at(key, *value, v.origin, nullptr) : value.status();
    if (!checked) {
      std::string why = checked.message();
      const std::string prefix = to_string(v.origin) + ": ";
      if (why.rfind(prefix, 0) == 0) why = why.substr(prefix.size());
      if (why.rfind(key + ": ", 0) == 0) why = why.substr(key.size() + 2);
      if (!h.refusal) {
        h.refusal = to_string(v.origin) + ": host " + squote(h.name) + ": variable " + squote(key) + ": " + why;
      }
      continue;
    }
    used[key] = {std::move(value.value()), v.origin};
  }
  // Aliases: the last name Ansible lists wins; the canonical name holds the result.
  for (const auto &alias : k_aliases) {
    for (auto name : alias.names) {
      if (name.empty() || name == alias.canonical) continue;
      auto it = used.find(std::string(name));
      if (it != used.end()) used[std::string(alias.canonical)] = it->second;
    }
  }
  for (const auto &[key, v] : used) {
    if (auto text = as_text(v.first)) {
      h.connection_vars[key] = *text;
    } else if (v.first.is_boolean()) {
      h.connection_vars[key] = v.first.get<bool>() ? "true" : "false";
    }
  }
  auto text = [&](const char *key) -> std::optional<std::string> {
    auto it = used.find(key);
    return it == used.end() ? std::nullopt : as_text(it->second.first);
  };
  auto value = [&](const char *key) -> const nlohmann::json * {
    auto it = used.find(key);
    return it == used.end() ? nullptr : &it->second.first;
  };
  h.address = text("ansible_host").value_or(h.name);
  if (const auto *v = value("ansible_port"); v && as_integer(*v)) h.port = static_cast<std::uint16_t>(*as_integer(*v));
  h.ha_group = text("ha_group");
  if (auto role = text("ha_role")) h.ha_role = base::to_lower(*role) == "active" ? HaRole::active : HaRole::standby;
  if (const auto *v = value("ssh_legacy")) h.ssh_legacy = as_boolean(*v).value_or(false);
  h.mgmt_interface = text("mgmt_interface");
  if (const auto *v = value("reload_timeout"); v && as_integer(*v)) {
    h.reload_timeout = std::chrono::seconds(*as_integer(*v));
  }
  if (const auto *v = value("expected_md5"); v && v->is_object()) {
    for (const auto &[image, md5] : v->items()) h.expected_md5[image] = base::to_lower(md5.get<std::string>());
  }
  const auto network_os = text("ansible_network_os");
  const auto connection = text("ansible_connection");
  if (network_os && !is_ios_network_os(*network_os)) {
    h.unsupported = to_string(used["ansible_network_os"].second) + ": host " + squote(h.name) +
                    ": ansible_network_os is " + squote(*network_os) + ", not IOS / IOS XE";
  } else if (connection && !is_ssh_connection(*connection)) {
    h.unsupported = to_string(used["ansible_connection"].second) + ": host " + squote(h.name) +
                    ": ansible_connection is " + squote(*connection) + ", not SSH";
  }
}

std::string InventoryBuilder::where(const Origin &origin) const {
  return origin.file == file_ ? "line " + std::to_string(origin.line) : to_string(origin);
}

Status InventoryBuilder::set_host_var(const std::string &host, const std::string &key, nlohmann::json value,
                                      std::size_t line, bool vaulted) {
  if (key.empty()) return input_error(at(line), "empty variable name");
  if (auto s = check_var(key, value, line); !s) return s;
  auto &h = hosts_[host_index_.at(host)];
  if (key == "ansible_host") {
    auto it = h.vars.find(key);
    // (within one file; a later source overrides an earlier one, as in Ansible)
    if (it != h.vars.end() && it->second.origin.file == file_ && it->second.value != value) {
      return input_error(at(line), "host " + squote(host) + " defined again with ansible_host " + squote(shown(value)) +
                                       " (was " + squote(shown(it->second.value)) + " at " + where(it->second.origin) +
                                       ")");
    }
  }
  set_var(h.vars, key, std::move(value), at(line), vaulted || file_vaulted_);
  return Status::ok();
}

Result<LoadedInventory> InventoryBuilder::finish() {
  // Groups without a parent belong to `all`.
  for (std::size_t i = 0; i < groups_.size(); ++i) {
    if (groups_[i].name != "all" && groups_[i].parents.empty()) {
      if (auto s = add_child("all", groups_[i].name, 0); !s) return s;
    }
  }
  if (hosts_.empty()) return Status::error(ErrorKind::invalid_input, first_file_ + ": inventory has no hosts");

  // `ungrouped` holds exactly the hosts that are in no group but `all`.
  // (Built anew in one pass: the hosts listed under it that belong nowhere else, in their order,
  // then every other host in no group, in inventory order.)
  auto &ungrouped = group("ungrouped").hosts;
  auto grouped = [this](const std::string &name) {
    const auto &direct = host_direct_groups_[name];
    return std::any_of(direct.begin(), direct.end(),
                       [](const std::string &g) { return g != "all" && g != "ungrouped"; });
  };
  auto listed = [this](const std::string &name) {
    const auto &direct = host_direct_groups_[name];
    return std::find(direct.begin(), direct.end(), "ungrouped") != direct.end();
  };
  std::vector<std::string> members;
  for (const auto &name : ungrouped) {
    if (!grouped(name)) {
      members.push_back(name);
    } else {
      auto &mine = host_direct_groups_[name];
      mine.erase(std::remove(mine.begin(), mine.end(), "ungrouped"), mine.end());
    }
  }
  for (const auto &h : hosts_) {
    if (grouped(h.name) || listed(h.name)) continue;
    members.push_back(h.name);
    host_direct_groups_[h.name].push_back("ungrouped");
  }
  ungrouped = std::move(members);

  // Depth: the longest path from `all` (the graph is acyclic: add_child refuses cycles).
  std::function<int(const std::string &)> depth_of = [&](const std::string &name) -> int {
    Group &g = group(name);
    if (g.name == "all") return 0;
    if (g.depth > 0) return g.depth;
    int d = 0;
    for (const auto &p : g.parents) d = std::max(d, depth_of(p) + 1);
    g.depth = d;
    return d;
  };
  for (const auto &g : groups_) depth_of(g.name);

  LoadedInventory out;
  Inventory &inv = out.inventory;
  inv.source = first_file_;
  inv.sources = {first_file_};
  inv.groups = groups_;
  // The hosts as read are small; each is resolved into its Host and its own variables freed then,
  // which keeps the peak memory of a 10,000-host inventory down.
  inv.hosts.reserve(hosts_.size());
  for (auto &h : hosts_) {
    // Every group of the host, ancestors included.
    std::set<std::string> all_groups;
    std::vector<std::string> stack = host_direct_groups_[h.name];
    while (!stack.empty()) {
      std::string g = stack.back();
      stack.pop_back();
      if (!all_groups.insert(g).second) continue;
      for (const auto &p : group(g).parents) stack.push_back(p);
    }
    all_groups.insert("all");
    std::vector<const Group *> ordered;
    for (const auto &g : all_groups) ordered.push_back(&group(g));
    std::stable_sort(ordered.begin(), ordered.end(), [](const Group *a, const Group *b) {
      return std::tie(a->depth, a->priority, a->name) < std::tie(b->depth, b->priority, b->name);
    });
    VarMap merged;
    std::vector<std::string> groups;
    auto merge = [&merged](const VarMap &vars) {
      for (const auto &[k, v] : vars) merged[k] = v;
    };
    // Ansible's VariableManager: inventory vars of `all`, then of the other groups; then the
    // group_vars files (all, then the groups), source by source; then the host's inventory vars;
    // then its host_vars files. Each step replaces whole top-level variables.
    for (const auto *g : ordered) {
      if (g->name != "all") groups.push_back(g->name);
      merge(g->vars);
    }
    for (const auto &layer : layers_) {
      if (auto it = layer.groups.find("all"); it != layer.groups.end()) merge(it->second);
    }
    for (const auto &layer : layers_) {
      for (const auto *g : ordered) {
        if (g->name == "all") continue;
        if (auto it = layer.groups.find(g->name); it != layer.groups.end()) merge(it->second);
      }
    }
    std::sort(groups.begin(), groups.end());
    merge(h.vars);
    for (const auto &layer : layers_) {
      if (auto it = layer.hosts.find(h.name); it != layer.hosts.end()) merge(it->second);
    }
    Host &resolved = inv.hosts.emplace_back();
    resolved.name = h.name;
    resolved.origin = std::move(h.origin);
    resolved.vars = std::move(merged);
    resolved.groups = std::move(groups);
    VarMap().swap(h.vars);
  }

  for (auto &h : inv.hosts) resolve_connection(h);
  for (const auto &g : groups_) {
    if (host_index_.count(g.name) != 0) {
      warnings_.push_back(to_string(g.origin) + ": " + squote(g.name) + " is both a group and a host");
    }
  }
  out.warnings = std::move(warnings_);
  return out;
}

}  // namespace licmig::inventory::detail
