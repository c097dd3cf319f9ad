// Internal to the fleet-file loader (fleet.cpp: the file, the typed values, the fleet;
// fleet_sections.cpp: the nested sections of a router — smart, call_home, ha, interfaces,
// credentials, faults). Not for the rest of the simulator: sim/fleet.hpp is the interface.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/fleet.hpp"

namespace licmig::sim::fleet_detail {

// Thrown by the loader, turned into a Status at the top (parse_fleet).
struct FleetError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Keys = std::initializer_list<const char *>;

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  FleetSpec load(const YAML::Node &root);

 private:
  [[noreturn]] void fail(const YAML::Node &node, const std::string &message) const {
    throw FleetError(file_ + ":" + std::to_string(line_of(node)) + ": " + message);
  }
  static int line_of(const YAML::Node &node) { return node.Mark().line + 1; }

  void check_keys(const YAML::Node &map, Keys allowed, const std::string &where) const;
  void require_map(const YAML::Node &node, const std::string &what, const std::string &where) const;
  void require_list(const YAML::Node &node, const std::string &what, const std::string &where) const;
  std::string text(const YAML::Node &node, const std::string &key, const std::string &where) const;
  std::optional<std::string> optional_text(const YAML::Node &node, const std::string &key,
                                           const std::string &where) const;
  int integer(const YAML::Node &node, const std::string &key, const std::string &where, int min, int max) const;
  std::int64_t integer64(const YAML::Node &node, const std::string &key, const std::string &where, std::int64_t min,
                         std::int64_t max) const;
  bool boolean(const YAML::Node &node, const std::string &key, const std::string &where) const;
  std::vector<std::string> text_list(const YAML::Node &node, const std::string &key, const std::string &where) const;
  std::string one_of(const YAML::Node &node, const std::string &key, const std::string &where, Keys choices) const;
  // A list of command prefixes: each at least one word.
  std::vector<std::string> command_prefixes(const YAML::Node &node, const std::string &key,
                                            const std::string &where) const;

  void apply(const YAML::Node &map, RouterSpec &spec, const std::string &where) const;
  void apply_images(const YAML::Node &list, RouterSpec &spec, const std::string &where) const;
  void apply_paks(const YAML::Node &list, RouterSpec &spec, const std::string &where) const;
  void apply_smart(const YAML::Node &map, SmartSpec &smart, const std::string &where) const;
  void apply_call_home(const YAML::Node &map, CallHomeSpec &call_home, const std::string &where) const;
  void apply_ha(const YAML::Node &map, RouterSpec &spec, const std::string &where) const;
  void apply_interfaces(const YAML::Node &map, InterfacesSpec &interfaces, const std::string &where) const;
  void apply_credentials(const YAML::Node &map, Credentials &credentials, const std::string &where, bool nested) const;
  void apply_faults(const YAML::Node &map, Faults &faults, const std::string &where) const;

  void finish_release(const YAML::Node &device, RouterSpec &spec, const std::string &where) const;
  void expand(const YAML::Node &device, const RouterSpec &spec, int replicas, FleetSpec &fleet) const;
  void check_unique(const YAML::Node &devices, const FleetSpec &fleet) const;
  void check_ha(const YAML::Node &devices, const FleetSpec &fleet) const;

  std::string file_;
  YAML::Node defaults_;
  std::vector<YAML::Node> entry_of_;  // per expanded router: its device entry (for error lines)
};

}  // namespace licmig::sim::fleet_detail
