// The options every fleet command shares (inventory, --limit, store, connection, parallelism, output)
// and the target options of `check`, `plan` and `migrate`, added to a CLI11 subcommand. The values
// land in the library's plain option structs.
//
// Thread-safety: called while the app is built.
#pragma once

#include <string>
#include <vector>

#include "migrate/fleet.hpp"
#include "migrate/migration.hpp"
#include "migrate/target_options.hpp"

namespace CLI {
class App;
}

namespace licmig::cli {

// Adds -i/--inventory, -l/--limit, --store, --parallel, --format (with the given choices),
// -o/--output, --known-hosts, --accept-new-host-keys, --ask-pass, --credentials-file, the vault
// options, --strict and the timeouts to `sub`.
void add_fleet_options(CLI::App *sub, migrate::FleetOptions &options, const std::vector<std::string> &formats);

// Adds --vault-id, --vault-password-file and --ask-vault-pass (also part of add_fleet_options).
void add_vault_options(CLI::App *sub, inventory::VaultOptions &options);

// Adds --target-release, --target-mode, --image, --image-md5, --satellite, --slr and, when
// `with_token`, --token-file.
void add_target_options(CLI::App *sub, migrate::TargetOptions &options, bool with_token);
// --via RELEASE / --via-image FILE (part of add_target_options; `migrate` adds them alone, its target
// options being optional with --resume).
void add_via_options(CLI::App *sub, migrate::TargetOptions &options);

// The rollout options `migrate` and `rollback` share: --yes, --dry-run, --serial, --canary,
// --max-fail-percentage and --max-fail-scope. `verb` names what a canary does ("Migrate").
void add_rollout_options(CLI::App *sub, migrate::MigrateOptions &options, const std::string &verb);

}  // namespace licmig::cli
