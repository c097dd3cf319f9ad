// Fleet file loader: YAML (yaml-cpp) into RouterSpecs, with tables of known keys and errors that
// name file:line.
#include "sim/fleet.hpp"

#include "sim/fleet_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "base/text.hpp"
#include "snapshot/release.hpp"

namespace licmig::sim::fleet_detail {
namespace {

const Keys k_router_keys = {
    "name",         "port",         "hostname",   "platform",      "release",         "image",           "images",
    "license_mode", "pak_licenses", "boot_level", "license_level", "smart",           "call_home",       "ha",
    "interfaces",   "credentials",  "username",   "password",      "enable_secret",   "authorized_keys", "boot_seconds",
    "faults",       "extra_config", "replicas",   "auth_methods",  "bootflash_bytes", "link_rate"};
const Keys k_device_only_keys = {"name", "port", "replicas"};

// Joins message parts (one allocation; also keeps string building out of loops).
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}

bool contains(Keys keys, const std::string &key) {
  return std::any_of(keys.begin(), keys.end(), [&](const char *k) { return key == k; });
}

std::string join(Keys keys, const char *separator) {
  std::string out;
  for (const char *k : keys) {
    if (!out.empty()) out += separator;
    out += k;
  }
  return out;
}

std::string replace_all(std::string s, std::string_view what, const std::string &with) {
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + with.size())) {
    s.replace(at, what.size(), with);
  }
  return s;
}

// The node that gave `key` its value: the device's own, else the defaults'.
YAML::Node origin(const YAML::Node &device, const YAML::Node &defaults, const char *key) {
  if (device[key]) return device[key];
  if (defaults.IsDefined() && defaults.IsMap() && defaults[key]) return defaults[key];
  return device;
}

}  // namespace

void Loader::check_keys(const YAML::Node &map, Keys allowed, const std::string &where) const {
  std::set<std::string> seen;
  for (const auto &item : map) {
    if (!item.first.IsScalar()) fail(item.first, cat({"a key must be a name ", where}));
    const std::string key = item.first.Scalar();
    if (!contains(allowed, key)) fail(item.first, cat({"unknown key '", key, "' ", where}));
    if (!seen.insert(key).second) fail(item.first, cat({"duplicate key '", key, "' ", where}));
  }
}

void Loader::require_map(const YAML::Node &node, const std::string &what, const std::string &where) const {
  if (!node.IsMap()) fail(node, "'" + what + "' must be a mapping " + where);
}

void Loader::require_list(const YAML::Node &node, const std::string &what, const std::string &where) const {
  if (!node.IsSequence()) fail(node, "'" + what + "' must be a list " + where);
}

std::string Loader::text(const YAML::Node &node, const std::string &key, const std::string &where) const {
  if (!node.IsScalar()) fail(node, "'" + key + "' must be a string " + where);
  return node.Scalar();
}

std::optional<std::string> Loader::optional_text(const YAML::Node &node, const std::string &key,
                                                 const std::string &where) const {
  if (node.IsNull()) return std::nullopt;
  return text(node, key, where);
}

int Loader::integer(const YAML::Node &node, const std::string &key, const std::string &where, int min, int max) const {
  return static_cast<int>(integer64(node, key, where, min, max));
}

std::int64_t Loader::integer64(const YAML::Node &node, const std::string &key, const std::string &where,
                               std::int64_t min, std::int64_t max) const {
  const std::string s = node.IsScalar() ? node.Scalar() : std::string();
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (!node.IsScalar() || s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    fail(node, "'" + key + "' must be an integer (got '" + s + "') " + where);
  }
  if (value < min || value > max) {
    fail(node, "'" + key + "' must be between " + std::to_string(min) + " and " + std::to_string(max) + " (got " + s +
                   ") " + where);
  }
  return value;
}

bool Loader::boolean(const YAML::Node &node, const std::string &key, const std::string &where) const {
  const std::string s = node.IsScalar() ? node.Scalar() : std::string();
  if (s == "true" || s == "yes" || s == "True" || s == "on") return true;
  if (s == "false" || s == "no" || s == "False" || s == "off") return false;
  fail(node, "'" + key + "' must be true or false (got '" + s + "') " + where);
}

std::vector<std::string> Loader::text_list(const YAML::Node &node, const std::string &key,
                                           const std::string &where) const {
  require_list(node, key, where);
  std::vector<std::string> out;
  for (const auto &item : node) out.push_back(text(item, key, where));
  return out;
}

std::vector<std::string> Loader::command_prefixes(const YAML::Node &node, const std::string &key,
                                                  const std::string &where) const {
  require_list(node, key, where);
  std::vector<std::string> out;
  for (const auto &item : node) {
    auto prefix = text(item, key, where);
    if (prefix.find_first_not_of(" \t") == std::string::npos) fail(item, "empty command in '" + key + "' " + where);
    out.push_back(std::move(prefix));
  }
  return out;
}

std::string Loader::one_of(const YAML::Node &node, const std::string &key, const std::string &where,
                           Keys choices) const {
  std::string value = text(node, key, where);
  if (!contains(choices, value)) {
    fail(node, "'" + key + "' must be one of " + join(choices, ", ") + " (got '" + value + "') " + where);
  }
  return value;
}

void Loader::apply(const YAML::Node &map, RouterSpec &spec, const std::string &where) const {
  for (const auto &item : map) {
    const std::string key = item.first.Scalar();
    const YAML::Node &v = item.second;
    if (key == "name" || key == "replicas") continue;  // read by the caller
    if (key == "port")
      spec.port = integer(v, key, where, 1, 65535);
    else if (key == "hostname")
      spec.hostname = text(v, key, where);
    else if (key == "platform")
      spec.platform = text(v, key, where);
    else if (key == "release") {
      spec.release = text(v, key, where);
      if (!map["image"]) spec.image.clear();
    } else if (key == "image") {
      spec.image = text(v, key, where);
      if (!map["release"]) spec.release.clear();
    } else if (key == "images")
      apply_images(v, spec, where);
    else if (key == "license_mode")
      spec.license_mode = one_of(v, key, where, {"traditional", "smart", "no-license"});
    else if (key == "pak_licenses")
      apply_paks(v, spec, where);
    else if (key == "boot_level")
      spec.boot_level = optional_text(v, key, where);
    else if (key == "license_level")
      spec.license_level = optional_text(v, key, where);
    else if (key == "smart")
      apply_smart(v, spec.smart, "in smart " + where);
    else if (key == "call_home")
      apply_call_home(v, spec.call_home, "in call_home " + where);
    else if (key == "ha")
      apply_ha(v, spec, "in ha " + where);
    else if (key == "interfaces")
      apply_interfaces(v, spec.interfaces, "in interfaces " + where);
    else if (key == "credentials")
      apply_credentials(v, spec.credentials, "in credentials " + where, true);
    else if (key == "boot_seconds")
      spec.boot_seconds = integer(v, key, where, 0, 3600);
    else if (key == "faults")
      apply_faults(v, spec.faults, "in faults " + where);
    else if (key == "bootflash_bytes")
      spec.bootflash_bytes = integer64(v, key, where, std::int64_t{1} << 22, std::int64_t{1} << 42);
    else if (key == "link_rate")
      spec.link_rate = integer64(v, key, where, 0, std::int64_t{1} << 40);
    else if (key == "extra_config")
      spec.extra_config = text_list(v, key, where);
  }
  apply_credentials(map, spec.credentials, where, false);
}

void Loader::apply_images(const YAML::Node &list, RouterSpec &spec, const std::string &where) const {
  require_list(list, "images", where);
  spec.images.clear();
  const std::string in = "in images " + where;
  for (const auto &item : list) {
    require_map(item, "images", where);
    check_keys(item, {"file", "release", "md5", "size"}, in);
    if (!item["file"]) fail(item, "missing 'file' " + in);
    ImageSpec image;
    image.file = text(item["file"], "file", in);
    if (item["release"]) {
      const std::string raw = text(item["release"], "release", in);
      const auto release = snapshot::Release::parse(raw);
      if (!release) fail(item["release"], cat({"bad release '", raw, "' ", in}));
      image.release = release->normalised();
    } else {
      image.release = release_from_image(image.file);
      if (image.release.empty()) {
        fail(item["file"], "cannot derive a release from image '" + image.file + "' " + in);
      }
    }
    if (item["md5"]) {
      image.md5 = text(item["md5"], "md5", in);
      const bool hex = image.md5.size() == 32 && std::all_of(image.md5.begin(), image.md5.end(), [](char c) {
                         return std::isxdigit(static_cast<unsigned char>(c)) != 0;
                       });
      if (!hex) fail(item["md5"], "'md5' must be 32 hex digits (got '" + image.md5 + "') " + in);
    }
    if (item["size"]) image.size = integer(item["size"], "size", in, 0, 2147483647);
    spec.images.push_back(std::move(image));
  }
}

void Loader::apply_paks(const YAML::Node &list, RouterSpec &spec, const std::string &where) const {
  require_list(list, "pak_licenses", where);
  spec.pak_licenses.clear();
  const std::string in = "in pak_licenses " + where;
  for (const auto &item : list) {
    require_map(item, "pak_licenses", where);
    check_keys(item, {"feature", "type", "state"}, in);
    if (!item["feature"]) fail(item, "missing 'feature' " + in);
    PakSpec pak;
    pak.feature = text(item["feature"], "feature", in);
    if (item["type"]) pak.type = one_of(item["type"], "type", in, {"Permanent", "EvalRightToUse", "Evaluation"});
    if (item["state"]) pak.state = text(item["state"], "state", in);
    spec.pak_licenses.push_back(std::move(pak));
  }
}

void Loader::finish_release(const YAML::Node &device, RouterSpec &spec, const std::string &where) const {
  if (spec.release.empty() && spec.image.empty()) fail(device, "missing 'release' or 'image' " + where);
  std::string derived;
  if (!spec.image.empty()) {
    derived = release_from_image(spec.image);
    if (derived.empty() && spec.release.empty()) {
      fail(origin(device, defaults_, "image"), "cannot derive a release from image '" + spec.image + "' " + where);
    }
  }
  if (spec.release.empty()) {
    spec.release = derived;
    return;
  }
  const auto release = snapshot::Release::parse(spec.release);
  if (!release) fail(origin(device, defaults_, "release"), "bad release '" + spec.release + "' " + where);
  if (!derived.empty() && derived != release->normalised()) {
    fail(origin(device, defaults_, "release"),
         "release '" + spec.release + "' does not match image '" + spec.image + "' (" + derived + ") " + where);
  }
  spec.release = release->normalised();
}

void Loader::expand(const YAML::Node &device, const RouterSpec &spec, int replicas, FleetSpec &fleet) const {
  for (int n = 1; n <= replicas; ++n) {
    RouterSpec copy = spec;
    const std::string number = std::to_string(n);
    auto numbered = [&](const std::string &s) {
      if (s.find("{n}") != std::string::npos) return replace_all(s, "{n}", number);
      return replicas > 1 ? s + number : s;
    };
    copy.name = numbered(spec.name);
    copy.hostname = spec.hostname.empty() ? copy.name : numbered(spec.hostname);
    copy.port = spec.port + n - 1;
    if (copy.ha && replicas > 1) copy.ha->group = numbered(copy.ha->group);
    fleet.routers.push_back(std::move(copy));
  }
  (void)device;
}

void Loader::check_unique(const YAML::Node &devices, const FleetSpec &fleet) const {
  (void)devices;
  std::map<std::string, std::size_t> names;
  std::map<int, std::size_t> ports;
  for (std::size_t i = 0; i < fleet.routers.size(); ++i) {
    const RouterSpec &r = fleet.routers[i];
    const YAML::Node &entry = entry_of_[i];
    if (const auto [it, fresh] = names.emplace(r.name, i); !fresh) {
      fail(entry["name"] ? entry["name"] : entry,
           "duplicate device name '" + r.name + "' (first defined at " + fleet.routers[it->second].source + ")");
    }
    if (r.port + 0 > 65535)
      fail(entry, "port " + std::to_string(r.port) + " of device '" + r.name + "' is above 65535");
    if (const auto [it, fresh] = ports.emplace(r.port, i); !fresh) {
      fail(entry["port"] ? entry["port"] : entry, "port " + std::to_string(r.port) + " of device '" + r.name +
                                                      "' is already used by device '" + fleet.routers[it->second].name +
                                                      "'");
    }
  }
}

void Loader::check_ha(const YAML::Node &devices, const FleetSpec &fleet) const {
  (void)devices;
  struct Group {
    std::size_t first = 0;
    int active = 0;
    int standby = 0;
  };
  std::map<std::string, Group> groups;
  std::vector<std::string> order;
  for (std::size_t i = 0; i < fleet.routers.size(); ++i) {
    const auto &ha = fleet.routers[i].ha;
    if (!ha) continue;
    auto [it, fresh] = groups.emplace(ha->group, Group{i, 0, 0});
    if (fresh) order.push_back(ha->group);
    (ha->role == "active" ? it->second.active : it->second.standby) += 1;
  }
  for (const auto &name : order) {
    const Group &g = groups[name];
    if (g.active != 1 || g.standby != 1) {
      const YAML::Node &entry = entry_of_[g.first];
      fail(entry["ha"] ? entry["ha"] : entry,
           "HA group '" + name + "' needs exactly one active and one standby router (has " + std::to_string(g.active) +
               " active, " + std::to_string(g.standby) + " standby)");
    }
  }
}

FleetSpec Loader::load(const YAML::Node &root) {
  FleetSpec fleet;
  fleet.file = file_;
  if (!root.IsMap()) fail(root, "a fleet file is a mapping with 'defaults:' and 'devices:'");
  for (const auto &item : root) {
    const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string();
    if (key != "defaults" && key != "devices") {
      fail(item.first, "unknown top-level key '" + key + "' (expected defaults, devices)");
    }
  }
  if (root["defaults"]) defaults_.reset(root["defaults"]);
  if (!defaults_.IsNull()) {
    require_map(defaults_, "defaults", "at the top level");
    check_keys(defaults_, k_router_keys, "in defaults");
    for (const auto &item : defaults_) {
      if (contains(k_device_only_keys, item.first.Scalar())) {
        fail(item.first, "key '" + item.first.Scalar() + "' is not allowed in defaults");
      }
    }
    RouterSpec probe;
    apply(defaults_, probe, "in defaults");
  }
  const YAML::Node devices = root["devices"];
  if (!devices) throw FleetError(file_ + ": missing 'devices:'");
  require_list(devices, "devices", "at the top level");
  if (devices.size() == 0) fail(devices, "'devices' is empty");
  std::size_t index = 0;
  for (const auto &device : devices) {
    ++index;
    const std::string numbered = "in device #" + std::to_string(index);
    require_map(device, "devices", "(entry #" + std::to_string(index) + ")");
    if (!device["name"]) fail(device, "missing 'name' " + numbered);
    const std::string name = text(device["name"], "name", numbered);
    const std::string where = "in device '" + name + "'";
    check_keys(device, k_router_keys, where);
    if (!device["port"]) fail(device, "missing 'port' " + where);
    RouterSpec spec;
    if (defaults_.IsMap()) apply(defaults_, spec, where);
    apply(device, spec, where);
    spec.name = name;
    const int replicas = device["replicas"] ? integer(device["replicas"], "replicas", where, 1, 10000) : 1;
    finish_release(device, spec, where);
    spec.source = file_ + ":" + std::to_string(line_of(device));
    expand(device, spec, replicas, fleet);
    entry_of_.resize(fleet.routers.size(), device);
  }
  check_unique(devices, fleet);
  check_ha(devices, fleet);
  return fleet;
}

}  // namespace licmig::sim::fleet_detail

namespace licmig::sim {

using fleet_detail::FleetError;
using fleet_detail::Loader;

std::string release_from_image(std::string_view file_name) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t dot = file_name.find('.', start);
    parts.push_back(file_name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (std::size_t i = 0; i + 2 < parts.size(); ++i) {
    const std::string_view third = parts[i + 2];
    if (!base::is_digits(parts[i]) || !base::is_digits(parts[i + 1]) || third.empty() ||
        !std::isdigit(static_cast<unsigned char>(third[0]))) {
      continue;
    }
    std::string candidate = std::string(parts[i]) + "." + std::string(parts[i + 1]) + "." + std::string(third);
    if (i + 3 < parts.size() && parts[i + 3] == "S") candidate += ".S";  // IOS XE 3.x: 03.16.08.S
    const auto release = snapshot::Release::parse(candidate);
    if (release && release->is_iosxe()) return release->normalised();
  }
  return {};
}

Result<FleetSpec> parse_fleet(std::string_view yaml_text, const std::string &file_label) {
  try {
    const YAML::Node root = YAML::Load(std::string(yaml_text));
    return Loader(file_label).load(root);
  } catch (const YAML::Exception &e) {
    return Status::error(ErrorKind::invalid_input,
                         file_label + ":" + std::to_string(e.mark.line + 1) + ": YAML syntax error: " + e.msg);
  } catch (const FleetError &e) {
    return Status::error(ErrorKind::invalid_input, e.what());
  }
}

Result<FleetSpec> load_fleet(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error(ErrorKind::not_found, path + ": cannot read the fleet file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_fleet(text.str(), path);
}

const RouterSpec *find_router(const FleetSpec &fleet, std::string_view name) {
  for (const auto &r : fleet.routers) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace licmig::sim
