// The inventory: which routers licmig talks to, how to reach them, and their variables.
//
// Read from Ansible YAML or INI inventories, unmodified, or from a CSV file
// (`name,host,port,username,group,ha_group,ha_role`), from one source or several (`-i` repeated, or
// a folder: every file in it, with Ansible's ignore rules), with the `group_vars/` and `host_vars/`
// beside each source and Ansible Vault data decrypted. Hosts and groups follow Ansible's model:
// every group is a descendant of `all`, hosts without a group are in `ungrouped`, and a host's
// variables are merged with Ansible's precedence: the inventory's `all` vars < other groups'
// inventory vars (by depth, ansible_group_priority, name) < group_vars/all < group_vars/<group> <
// the host's inventory vars < host_vars/<host>. Every host, group and variable remembers the
// file:line it came from; every error names the file:line and the cause.
//
// The variables licmig uses have their `{{ name }}` references resolved and Ansible's aliases
// (ansible_ssh_host, ansible_ssh_port, ansible_ssh_user, ansible_ssh_pass, ansible_become_pass, ...)
// folded in; a host whose value cannot be resolved carries a refusal, a host that is not
// IOS-over-SSH (ansible_network_os, ansible_connection) carries the reason.
//
// licmig's own host variables are checked when the inventory is loaded and exposed as typed
// fields: ha_group, ha_role, ssh_legacy, mgmt_interface, reload_timeout, expected_md5.
//
// Thread-safety: loading is a pure function of the file; the result is a value type that may be read
// from any number of threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "inventory/vault.hpp"

namespace licmig::inventory {

// Where something was defined. `line` is 1-based; 0 means the file as a whole.
struct Origin {
  std::string file;
  std::size_t line = 0;
};

// "file:line" (or "file" when line is 0).
std::string to_string(const Origin &origin);

struct VarValue {
  nlohmann::json value;  // as Ansible types it: string, integer, float, boolean, null, list, mapping
  Origin origin;
  bool vaulted = false;  // decrypted from Ansible Vault data: never shown
};

using VarMap = std::map<std::string, VarValue, std::less<>>;

struct Group {
  std::string name;
  std::vector<std::string> hosts;     // direct members, in file order
  std::vector<std::string> children;  // direct child groups, in file order
  std::vector<std::string> parents;   // direct parent groups
  VarMap vars;                        // the group's own variables (from `vars:` / `[g:vars]`)
  int depth = 0;                      // longest path from `all`
  int priority = 1;                   // ansible_group_priority
  Origin origin;
};

enum class HaRole { active, standby };

struct Host {
  std::string name;
  std::string address;              // ansible_host / ansible_ssh_host, else the name
  std::uint16_t port = 22;          // ansible_port / ansible_ssh_port
  std::vector<std::string> groups;  // every group it belongs to, ancestors included, sorted; not `all`
  VarMap vars;                      // merged with Ansible's precedence, as written (templates unresolved)
  Origin origin;                    // where the host first appears

  // The variables licmig uses (ansible_*, and licmig's own), as text, templates resolved and
  // Ansible's aliases folded into ansible_host, ansible_port, ansible_user, ansible_password and
  // ansible_become_password (the alias Ansible prefers wins).
  std::map<std::string, std::string> connection_vars;
  // Set when a variable licmig uses cannot be resolved: "file:line: host 'h': variable 'v': cause".
  std::optional<std::string> refusal;
  // Set when the host is not an IOS router over SSH (ansible_network_os / ansible_connection):
  // "file:line: host 'h': ansible_network_os is 'junos', not IOS".
  std::optional<std::string> unsupported;

  // Typed views of well-known variables (validated when loaded, templates resolved).
  std::optional<std::string> ha_group;
  std::optional<HaRole> ha_role;
  bool ssh_legacy = false;
  std::optional<std::string> mgmt_interface;
  std::optional<std::chrono::seconds> reload_timeout;
  std::map<std::string, std::string> expected_md5;  // image file name -> MD5 (lower case hex)

  // The merged variable `name`, or nullptr.
  const VarValue *var(std::string_view var_name) const;

  // Views of connection_vars (aliases folded in; nullopt when not set). A fleet command keeps only
  // the connection variables it connects with (migrate/fleet.cpp): there, network_os() and
  // connection() are gone — they decided `unsupported` when the inventory was read.
  std::optional<std::string> user() const { return connection_var("ansible_user"); }
  std::optional<std::string> password() const { return connection_var("ansible_password"); }
  std::optional<std::string> enable_secret() const { return connection_var("ansible_become_password"); }
  std::optional<std::string> network_os() const { return connection_var("ansible_network_os"); }
  std::optional<std::string> connection() const { return connection_var("ansible_connection"); }
  std::optional<std::string> connection_var(const std::string &var_name) const;
};

struct Inventory {
  std::string source;                // the first source it was read from, as given
  std::vector<std::string> sources;  // every source, as given (`-i`, in order)
  std::vector<Host> hosts;           // in file order
  std::vector<Group> groups;         // `all` first, `ungrouped` second, then in file order

  const Host *find_host(std::string_view name) const;
  const Group *find_group(std::string_view name) const;
};

struct LoadedInventory {
  Inventory inventory;
  std::vector<std::string> warnings;  // "file:line: unknown variable 'x' (did you mean 'y'?)"
};

enum class InventoryFormat { yaml, ini, csv };

struct LoadOptions {
  VaultSecrets vault_secrets;  // to open `!vault` values and vault-encrypted files
};

// Reads and resolves the inventory at `sources` (files or folders, merged in order, as Ansible
// merges several `-i`); a file's format comes from the extension (.yml, .yaml, .json, .ini, .csv)
// or, without one, from the content. A folder contributes every file in it (sorted, recursively)
// except hidden ones, group_vars/, host_vars/, and names ending in one of Ansible's
// INVENTORY_IGNORE_EXTS (.pyc .pyo .swp .bak ~ .rpm .md .txt .rst .orig .ini .cfg .retry). Then the
// group_vars/ and host_vars/ beside each source (in its folder; for a folder source, in it) are read.
// Errors (kind invalid_input or io_error) read "path:line: cause".
Result<LoadedInventory> load_inventory(const std::vector<std::string> &sources, const LoadOptions &options = {});
Result<LoadedInventory> load_inventory(const std::string &path);

// The connection types that are IOS over SSH, and the network OS names that are IOS / IOS XE.
bool is_ios_network_os(std::string_view network_os);
bool is_ssh_connection(std::string_view connection);

// Parses inventory text; `name` is used in messages as the file name.
Result<LoadedInventory> parse_inventory(std::string_view text, const std::string &name,
                                        std::optional<InventoryFormat> format = std::nullopt);

// The format an inventory in `text` is written in, for files without a known extension.
InventoryFormat sniff_inventory_format(std::string_view text);

// True for variables that hold credentials: ansible_password, ansible_become_password and any
// variable whose name contains "password", "passwd", "secret" or "token" (case-insensitive).
bool is_secret_variable(std::string_view name);

// The inventory as `ansible-inventory --list` prints it: groups with `hosts`/`children` and
// `_meta.hostvars`, for the `selected` hosts only (groups list only selected members), with the
// values of secret variables (is_secret_variable, at any depth) and of every value that came from
// Ansible Vault replaced by "***" (ansible-inventory prints the latter decrypted, or as
// {"__ansible_vault": ciphertext}; licmig never shows a secret).
nlohmann::json inventory_to_json(const Inventory &inventory, const std::vector<const Host *> &selected);

}  // namespace licmig::inventory
