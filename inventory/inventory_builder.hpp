// InventoryBuilder: what the YAML, INI and CSV readers feed, and what turns their statements into a
// resolved Inventory with Ansible's semantics (group tree under `all`, `ungrouped`, depth, variable
// precedence). Internal to inventory/; the readers are declared here too.
//
// Thread-safety: one builder per load; not shared.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.hpp"
#include "inventory/inventory.hpp"
#include "inventory/vault.hpp"

namespace licmig::inventory::detail {

class InventoryBuilder {
 public:
  explicit InventoryBuilder(std::string file, const VaultSecrets *vault_secrets = nullptr);

  // The file now being read (the next inventory source, or a group_vars/host_vars file); `vaulted`
  // when the whole file was vault-encrypted: every variable from it is then a secret.
  void set_file(std::string file, bool vaulted);
  const std::string &file() const { return file_; }
  bool file_vaulted() const { return file_vaulted_; }
  Origin at(std::size_t line) const { return Origin{file_, line}; }
  const VaultSecrets &vault_secrets() const { return vault_secrets_ ? *vault_secrets_ : no_secrets_; }
  // Names of the groups and hosts read so far (for group_vars/ and host_vars/ look-ups).
  std::vector<std::string> group_names() const;
  std::vector<std::string> host_names() const;

  bool has_group(std::string_view name) const;
  // Declares a group (no-op when it exists).
  Status add_group(const std::string &name, std::size_t line);
  Status add_child(const std::string &parent, const std::string &child, std::size_t line);
  // Adds a host to `group`; `port` (from "host:port") sets ansible_port when the host is new.
  Status add_host(const std::string &name, const std::string &group, std::optional<long long> port, std::size_t line);
  // `vaulted`: the value was a `!vault` one (decrypted; shown masked).
  Status set_group_var(const std::string &group, const std::string &key, nlohmann::json value, std::size_t line,
                       bool vaulted = false);
  Status set_host_var(const std::string &host, const std::string &key, nlohmann::json value, std::size_t line,
                      bool vaulted = false);

  // The variables of the group_vars/ and host_vars/ files beside one inventory source, added in the
  // order of the sources (`-i`); each file's variables are already merged in file order.
  struct VarsLayer {
    std::map<std::string, VarMap, std::less<>> groups;
    std::map<std::string, VarMap, std::less<>> hosts;
  };
  VarsLayer &add_vars_layer() { return layers_.emplace_back(); }
  // Checks a variable licmig knows (type, range) and warns about likely misspellings.
  Status check_var(const std::string &key, const nlohmann::json &value, std::size_t line);

  // Resolves groups and hosts; fails on a group cycle, an empty inventory or a bad merged value.
  // Called once, last: the hosts' own variables are moved into the result.
  Result<LoadedInventory> finish();

 private:
  Group &group(const std::string &name);
  void resolve_connection(Host &h);
  std::string where(const Origin &origin) const;  // "line N" in this file, else "file:line"

  std::string file_;
  std::string first_file_;
  bool file_vaulted_ = false;
  const VaultSecrets *vault_secrets_ = nullptr;
  VaultSecrets no_secrets_;
  std::vector<VarsLayer> layers_;
  std::vector<Group> groups_;
  std::map<std::string, std::size_t, std::less<>> group_index_;
  // A host as read: finish() resolves it into a Host (a much larger struct, built once, at the end).
  struct ReadHost {
    std::string name;
    Origin origin;
    VarMap vars;  // its own inventory variables
  };
  std::vector<ReadHost> hosts_;
  std::map<std::string, std::size_t, std::less<>> host_index_;
  std::map<std::string, std::vector<std::string>, std::less<>> host_direct_groups_;
  std::vector<std::string> warnings_;
};

// Checks a variable licmig knows, at `origin`; misspelling warnings go to `warnings` (may be null).
// A value with a template is checked only once resolved.
Status check_var_at(const std::string &key, const nlohmann::json &value, const Origin &origin,
                    std::vector<std::string> *warnings);

// Edit distance with adjacent transpositions: base/text.hpp's (also `licmig`'s "did you mean").
using base::edit_distance;

Status read_yaml_inventory(std::string_view text, InventoryBuilder &builder);
Status read_ini_inventory(std::string_view text, InventoryBuilder &builder);
Status read_csv_inventory(std::string_view text, InventoryBuilder &builder);
// A group_vars/host_vars file: a YAML (or JSON) mapping of variables, merged into `vars` (a later
// file's top-level variable replaces an earlier one's). Empty files are allowed.
Status read_yaml_vars(std::string_view text, InventoryBuilder &builder, VarMap &vars);

// Resolves the plain variable references in `value` (`{{ name }}`, nested, bounded) against `vars`
// and the magic variables inventory_hostname / inventory_hostname_short of `host`. Anything else
// between `{{ }}` (filters, expressions, lookups), `{% %}` and undefined names fail with the cause.
Result<nlohmann::json> resolve_template(const nlohmann::json &value, const VarMap &vars, const std::string &host);

// Ansible INI value typing (Python's ast.literal_eval, falling back to the text).
nlohmann::json ini_value(std::string_view text);

}  // namespace licmig::inventory::detail
