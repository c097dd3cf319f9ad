// Loading an inventory file (format by extension or content), lookups, and the
// `ansible-inventory --list` view with secrets masked.
#include "inventory/inventory.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>

#include "base/text.hpp"
#include "inventory/inventory_builder.hpp"

namespace licmig::inventory {

namespace {

std::optional<InventoryFormat> format_from_extension(const std::string &path) {
  const std::string ext = base::to_lower(std::filesystem::path(path).extension().string());
  if (ext == ".yml" || ext == ".yaml" || ext == ".json") return InventoryFormat::yaml;
  if (ext == ".ini") return InventoryFormat::ini;
  if (ext == ".csv") return InventoryFormat::csv;
  return std::nullopt;
}

nlohmann::json masked(const std::string &key, const nlohmann::json &value) {
  if (is_secret_variable(key) && !value.is_null()) return "***";
  if (!value.is_object()) return value;
  nlohmann::json out = nlohmann::json::object();
  for (const auto &[k, v] : value.items()) out[k] = masked(k, v);
  return out;
}

}  // namespace

std::string to_string(const Origin &origin) {
  return origin.line == 0 ? origin.file : origin.file + ":" + std::to_string(origin.line);
}

const VarValue *Host::var(std::string_view var_name) const {
  auto it = vars.find(var_name);
  return it == vars.end() ? nullptr : &it->second;
}

const Host *Inventory::find_host(std::string_view name) const {
  auto it = std::find_if(hosts.begin(), hosts.end(), [&](const Host &h) { return h.name == name; });
  return it == hosts.end() ? nullptr : &*it;
}

const Group *Inventory::find_group(std::string_view name) const {
  auto it = std::find_if(groups.begin(), groups.end(), [&](const Group &g) { return g.name == name; });
  return it == groups.end() ? nullptr : &*it;
}

InventoryFormat sniff_inventory_format(std::string_view text) {
  std::size_t start = 0;
  while (start < text.size()) {
    auto nl = text.find('\n', start);
    auto line = base::trim_view(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    start = nl == std::string_view::npos ? text.size() : nl + 1;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line[0] == '[') return InventoryFormat::ini;
    if (base::to_lower(line).rfind("name,host,", 0) == 0) return InventoryFormat::csv;
    if (line == "---" || line[0] == '{' || line.back() == ':') return InventoryFormat::yaml;
    if (line.find(": ") != std::string_view::npos && line.find('=') == std::string_view::npos) {
      return InventoryFormat::yaml;
    }
    return InventoryFormat::ini;
  }
  return InventoryFormat::ini;
}

Result<LoadedInventory> parse_inventory(std::string_view text, const std::string &name,
                                        std::optional<InventoryFormat> format) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  if (text.find('\0') != std::string_view::npos) {
    return Status::error(ErrorKind::invalid_input, name + ": not a text file");
  }
  detail::InventoryBuilder builder(name);
  Status read;
  switch (format.value_or(sniff_inventory_format(text))) {
    case InventoryFormat::yaml: read = detail::read_yaml_inventory(text, builder); break;
    case InventoryFormat::ini: read = detail::read_ini_inventory(text, builder); break;
    case InventoryFormat::csv: read = detail::read_csv_inventory(text, builder); break;
  }
  if (!read) return read;
  return builder.finish();
}

Result<LoadedInventory> load_inventory(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::error(ErrorKind::invalid_input, path + ": cannot read inventory: is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::error(ErrorKind::io_error, path + ": cannot read inventory: " + std::strerror(errno));
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Status::error(ErrorKind::io_error, path + ": cannot read inventory: read error");
  return parse_inventory(text, path, format_from_extension(path));
}

bool is_secret_variable(std::string_view name) {
  const std::string n = base::to_lower(name);
  for (const char *word : {"password", "passwd", "secret", "token"}) {
    if (n.find(word) != std::string::npos) return true;
  }
  return n.size() >= 5 && n.compare(n.size() - 5, 5, "_pass") == 0;  // ansible_ssh_pass, ansible_become_pass
}

nlohmann::json inventory_to_json(const Inventory &inventory, const std::vector<const Host *> &selected) {
  std::set<std::string> chosen;
  for (const auto *h : selected) chosen.insert(h->name);
  nlohmann::json out = nlohmann::json::object();
  std::set<std::string> seen;
  // Like ansible-inventory: each group once, empty lists dropped, empty groups left out.
  std::function<void(const Group &)> add_group = [&](const Group &g) {
    nlohmann::json entry = nlohmann::json::object();
    if (g.name != "all") {
      nlohmann::json hosts = nlohmann::json::array();
      for (const auto &h : g.hosts) {
        if (chosen.count(h)) hosts.push_back(h);
      }
      if (!hosts.empty()) entry["hosts"] = hosts;
    }
    nlohmann::json children = nlohmann::json::array();
    for (const auto &c : g.children) {
      children.push_back(c);
      if (seen.insert(c).second) {
        if (const auto *child = inventory.find_group(c)) add_group(*child);
      }
    }
    if (!children.empty()) entry["children"] = children;
    if (!entry.empty()) out[g.name] = entry;
  };
  if (const auto *all = inventory.find_group("all")) add_group(*all);
  nlohmann::json hostvars = nlohmann::json::object();
  for (const auto *h : selected) {
    if (h->vars.empty()) continue;
    nlohmann::json vars = nlohmann::json::object();
    for (const auto &[k, v] : h->vars) vars[k] = masked(k, v.value);
    hostvars[h->name] = vars;
  }
  out["_meta"] = {{"hostvars", hostvars}};
  return out;
}

}  // namespace licmig::inventory
