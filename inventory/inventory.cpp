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

std::optional<std::string> Host::connection_var(const std::string &var_name) const {
  auto it = connection_vars.find(var_name);
  return it == connection_vars.end() ? std::nullopt : std::optional<std::string>(it->second);
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

namespace {

// Feeds one inventory source's text to the builder (whose current file is already set).
Status read_source(std::string_view text, detail::InventoryBuilder &builder, std::optional<InventoryFormat> format) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM
  if (text.find('\0') != std::string_view::npos) {
    return Status::error(ErrorKind::invalid_input, builder.file() + ": not a text file");
  }
  switch (format.value_or(sniff_inventory_format(text))) {
    case InventoryFormat::yaml: return detail::read_yaml_inventory(text, builder);
    case InventoryFormat::ini: return detail::read_ini_inventory(text, builder);
    case InventoryFormat::csv: return detail::read_csv_inventory(text, builder);
  }
  return Status::ok();
}

constexpr std::size_t k_max_file = 64U << 20;  // an inventory or vars file larger than this is refused

Result<std::string> read_file(const std::string &path, const char *what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::error(ErrorKind::io_error, path + ": cannot read " + what + ": " + std::strerror(errno));
  }
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > k_max_file) return Status::error(ErrorKind::invalid_input, path + ": larger than 64 MiB");
  }
  if (in.bad()) return Status::error(ErrorKind::io_error, path + ": cannot read " + std::string(what) + ": read error");
  return text;
}

// The text of `path`, decrypted when it is a vault-encrypted file (`vaulted` then set).
Result<std::string> read_maybe_vaulted(const std::string &path, const char *what, const VaultSecrets &secrets,
                                       bool *vaulted) {
  auto text = read_file(path, what);
  if (!text) return text;
  *vaulted = is_vault_data(*text);
  if (!*vaulted) return text;
  return vault_decrypt(*text, secrets, path);
}

// Ansible's INVENTORY_IGNORE_EXTS and the names it always skips in an inventory folder.
bool ignored_in_folder(const std::string &name) {
  if (name.empty() || name[0] == '.' || name == "group_vars" || name == "host_vars" || name == "vars_plugins") {
    return true;
  }
  for (const char *ext :
       {".pyc", ".pyo", ".swp", ".bak", "~", ".rpm", ".md", ".txt", ".rst", ".orig", ".ini", ".cfg", ".retry"}) {
    const std::size_t n = std::strlen(ext);
    if (name.size() >= n && name.compare(name.size() - n, n, ext) == 0) return true;
  }
  return false;
}

// The files of a folder source, sorted by name, recursively, as Ansible lists them.
Status folder_files(const std::string &folder, std::vector<std::string> &out, int depth) {
  if (depth > 16) return Status::error(ErrorKind::invalid_input, folder + ": inventory folders nested too deep");
  std::error_code ec;
  std::vector<std::string> names;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) return Status::error(ErrorKind::io_error, folder + ": cannot list inventory folder: " + ec.message());
  std::sort(names.begin(), names.end());
  for (const auto &name : names) {
    if (ignored_in_folder(name)) continue;
    const std::string path = (std::filesystem::path(folder) / name).string();
    if (std::filesystem::is_directory(path, ec)) {
      if (auto s = folder_files(path, out, depth + 1); !s) return s;
    } else {
      out.push_back(path);
    }
  }
  return Status::ok();
}

bool is_vars_extension(const std::string &ext) {
  return ext.empty() || ext == ".yml" || ext == ".yaml" || ext == ".json";
}

// The vars files of a folder NAME/ in group_vars or host_vars, sorted, recursively (Ansible's
// DataLoader._get_dir_vars_files).
void vars_folder_files(const std::filesystem::path &folder, std::vector<std::string> &out, int depth) {
  if (depth > 16) return;
  std::error_code ec;
  std::vector<std::string> names;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const auto &name : names) {
    if (name.empty() || name[0] == '.' || name.back() == '~') continue;
    const auto path = folder / name;
    const std::string ext = path.extension().string();
    if (std::filesystem::is_directory(path, ec)) {
      if (ext.empty()) vars_folder_files(path, out, depth + 1);
    } else if (std::filesystem::is_regular_file(path, ec) && is_vars_extension(ext)) {
      out.push_back(path.string());
    }
  }
}

// The files Ansible reads for entity `name` in `folder` (group_vars/ or host_vars/): the first of
// NAME, NAME.yml, NAME.yaml, NAME.json that exists — a folder NAME/ standing for all its files.
std::vector<std::string> vars_files(const std::filesystem::path &folder, const std::string &name) {
  std::vector<std::string> out;
  if (name.empty() || name[0] == '/') return out;
  std::error_code ec;
  for (const char *ext : {"", ".yml", ".yaml", ".json"}) {
    const auto path = folder / (name + ext);
    if (!std::filesystem::exists(path, ec)) continue;
    if (std::filesystem::is_directory(path, ec)) {
      vars_folder_files(path, out, 0);
    } else {
      out.push_back(path.string());
    }
    break;
  }
  return out;
}

// Reads the group_vars/ and host_vars/ beside one source into a new layer of the builder.
Status read_vars_beside(const std::string &source, detail::InventoryBuilder &builder, const VaultSecrets &secrets) {
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::is_directory(source, ec)
                                         ? std::filesystem::path(source)
                                         : std::filesystem::path(source).parent_path();
  auto &layer = builder.add_vars_layer();
  struct Kind {
    const char *folder;
    std::vector<std::string> names;
    std::map<std::string, VarMap, std::less<>> *into;
  };
  for (const Kind &kind : {Kind{"group_vars", builder.group_names(), &layer.groups},
                           Kind{"host_vars", builder.host_names(), &layer.hosts}}) {
    const auto folder = base.empty() ? std::filesystem::path(kind.folder) : base / kind.folder;
    if (!std::filesystem::is_directory(folder, ec)) continue;
    for (const auto &name : kind.names) {
      for (const auto &file : vars_files(folder, name)) {
        bool vaulted = false;
        auto text = read_maybe_vaulted(file, "variables file", secrets, &vaulted);
        if (!text) return text.status();
        builder.set_file(file, vaulted);
        if (auto s = detail::read_yaml_vars(*text, builder, (*kind.into)[name]); !s) return s;
      }
    }
  }
  return Status::ok();
}

}  // namespace

Result<LoadedInventory> parse_inventory(std::string_view text, const std::string &name,
                                        std::optional<InventoryFormat> format) {
  detail::InventoryBuilder builder(name);
  if (auto s = read_source(text, builder, format); !s) return s;
  return builder.finish();
}

Result<LoadedInventory> load_inventory(const std::vector<std::string> &sources, const LoadOptions &options) {
  if (sources.empty()) return Status::error(ErrorKind::invalid_input, "no inventory given");
  detail::InventoryBuilder builder(sources.front(), &options.vault_secrets);
  for (const auto &source : sources) {
    std::error_code ec;
    std::vector<std::string> files;
    if (std::filesystem::is_directory(source, ec)) {
      if (auto s = folder_files(source, files, 0); !s) return s;
      if (files.empty())
        return Status::error(ErrorKind::invalid_input, source + ": inventory folder has no inventory files");
    } else {
      files.push_back(source);
    }
    for (const auto &file : files) {
      bool vaulted = false;
      auto text = read_maybe_vaulted(file, "inventory", options.vault_secrets, &vaulted);
      if (!text) return text.status();
      builder.set_file(file, vaulted);
      if (auto s = read_source(*text, builder, format_from_extension(file)); !s) return s;
    }
  }
  for (const auto &source : sources) {
    if (auto s = read_vars_beside(source, builder, options.vault_secrets); !s) return s;
  }
  builder.set_file(sources.front(), false);
  auto loaded = builder.finish();
  if (loaded) {
    loaded->inventory.sources = sources;
  }
  return loaded;
}

Result<LoadedInventory> load_inventory(const std::string &path) {
  return load_inventory(std::vector<std::string>{path});
}

bool is_ios_network_os(std::string_view network_os) {
  const std::string os = base::to_lower(network_os);
  for (const char *name :
       {"ios", "iosxe", "ios-xe", "ios_xe", "cisco.ios.ios", "cisco.ios", "cisco.iosxe.iosxe", "cisco.ios.iosxe"}) {
    if (os == name) return true;
  }
  return false;
}

bool is_ssh_connection(std::string_view connection) {
  const std::string c = base::to_lower(connection);
  for (const char *name :
       {"ssh", "network_cli", "ansible.netcommon.network_cli", "paramiko", "paramiko_ssh",
        "ansible.builtin.paramiko_ssh", "ansible.builtin.ssh", "libssh", "ansible.netcommon.libssh", "smart"}) {
    if (c == name) return true;
  }
  return false;
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
    for (const auto &[k, v] : h->vars) vars[k] = v.vaulted ? nlohmann::json("***") : masked(k, v.value);
    hostvars[h->name] = vars;
  }
  out["_meta"] = {{"hostvars", hostvars}};
  return out;
}

}  // namespace licmig::inventory
