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

// Adds --target-release, --target-mode (both required), --image, --image-md5, --image-url, --satellite,
// --slr, --allow-unlisted-release, --via/--via-image and, when `with_token`, --token-file: the one set
// of target options of check, plan, migrate and report (migrate and report make the first two
// optional: a resume or a report takes them from the journal).
void add_target_options(CLI::App *sub, migrate::TargetOptions &options, bool with_token);

// The rollout options `migrate` and `rollback` share: --yes, --dry-run, --serial, --canary,
// --max-fail-percentage and --max-fail-scope. `verb` names what a canary does ("Migrate").
void add_rollout_options(CLI::App *sub, migrate::MigrateOptions &options, const std::string &verb);

}  // namespace licmig::cli
