// What every fleet command shares: the inventory and --limit, the connection options, the store,
// parallelism and output format; running a job on each selected host in parallel (the progress bar
// callers show beside it is status.hpp's Progress); and reading credentials interactively.
//
// Thread-safety: run_parallel() calls `job` from up to `parallel` threads at once, each with a
// different host index; the progress display is internally locked.
#pragma once

#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "inventory/inventory.hpp"
#include "migrate/connect.hpp"
#include "migrate/status.hpp"  // Progress, the bar run_parallel()'s callers show

namespace licmig::migrate {

// Where a command's output goes: the report to `out`, progress and diagnostics to `err`.
struct Io {
  std::ostream &out;
  std::ostream &err;
};

struct FleetOptions {
  std::vector<std::string> inventory;  // -i, files or folders, merged in order
  inventory::VaultOptions vault;       // --vault-id, --vault-password-file, --ask-vault-pass
  bool strict = false;                 // a host that is not IOS over SSH fails the run instead of being skipped
  std::string limit;
  int parallel = 20;
  std::string format = "table";
  std::string output;  // -o FILE ("" = stdout)
  bool ask_pass = false;
  std::string credentials_file;
  std::string ssh_config;  // --ssh-config FILE; empty: ~/.ssh/config when it exists
  int connect_timeout_s = 10;
  int command_timeout_s = 60;
  int reload_timeout_s = 0;  // 0 = the inventory's, else devices::k_default_reload_timeout
  ConnectOptions connect;
};

struct Fleet {
  // After load_fleet: hosts keep their typed fields and connection_vars; their merged `vars` keep
  // only ansible_ssh_common_args / ansible_ssh_extra_args, and the groups are names alone (what a
  // fleet command reads; memory stays flat at 10,000 hosts). `licmig inventory` loads in full.
  inventory::LoadedInventory loaded;
  std::vector<const inventory::Host *> hosts;  // selected, in inventory order
};

// Collects the vault secrets (`options`, ANSIBLE_VAULT_PASSWORD_FILE, prompting on `err` without
// echo) and loads the inventory from `sources`. Errors are printed as `licmig: error: ...`; the result
// is then empty. Warnings are not printed.
std::optional<inventory::LoadedInventory> load_inventory_sources(const std::vector<std::string> &sources,
                                                                 const inventory::VaultOptions &options, Io io);

// Loads the inventory, prints its warnings to `err`, applies --limit, completes the connection
// options (credentials file, --ask-pass prompts). Errors are printed as `licmig: error: ...`; the
// result is then empty.
std::unique_ptr<Fleet> load_fleet(FleetOptions &options, Io io);

// Runs job(i) for i in [0, count) on up to `parallel` threads.
void run_parallel(std::size_t count, int parallel, const std::function<void(std::size_t)> &job);

// Writes `text` to -o FILE (atomically) or to `out`. Returns false after printing an error.
bool write_output(const FleetOptions &options, const std::string &text, Io io);

}  // namespace licmig::migrate
