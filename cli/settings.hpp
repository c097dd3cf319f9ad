// Settings from outside the command line: `licmig.yaml` in the working folder, then
// `~/.config/licmig/licmig.yaml` ($XDG_CONFIG_HOME/licmig/licmig.yaml when set), and `LICMIG_*`
// environment variables, for the inventory, the store, known_hosts, parallelism and the timeouts.
//
// Precedence, highest first: the command line > the environment > ./licmig.yaml > the user's file >
// the built-in default. `migrate --resume` keeps its journal's options over these (only the command
// line overrides them), except the store, which it needs to find the journal.
//
//   key (licmig.yaml)   variable                 option
//   inventory           LICMIG_INVENTORY (a,b)   -i (a list in YAML; comma-separated in the variable)
//   store               LICMIG_STORE             --store
//   known_hosts         LICMIG_KNOWN_HOSTS       --known-hosts
//   parallel            LICMIG_PARALLEL          --parallel
//   connect_timeout     LICMIG_CONNECT_TIMEOUT   --connect-timeout
//   command_timeout     LICMIG_COMMAND_TIMEOUT   --command-timeout
//   reload_timeout      LICMIG_RELOAD_TIMEOUT    --reload-timeout
//
// A command adopts them with one call at the top of its callback: apply_settings(*sub, options, io).
//
// Thread-safety: reads the environment and files; call from the main thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "migrate/fleet.hpp"

namespace CLI {
class App;
}

namespace licmig::cli {

struct Settings {
  std::optional<std::vector<std::string>> inventory;
  std::optional<std::string> store;
  std::optional<std::string> known_hosts;
  std::optional<int> parallel;
  std::optional<int> connect_timeout;
  std::optional<int> command_timeout;
  std::optional<int> reload_timeout;
};

// The settings of the files and the environment, merged by precedence. `env` looks a variable up
// (std::getenv by default); `files` are read in rising precedence (default: the user's file, then
// ./licmig.yaml). A file that does not exist is skipped; a bad one is an error naming FILE:LINE.
Result<Settings> load_settings(const std::vector<std::string> &files,
                               const std::map<std::string, std::string> &environment);
Result<Settings> load_settings();

// Fills the options of `sub` not given on its command line from load_settings(); then -i must be
// set from somewhere (`need_inventory`). Prints `licmig: error: ...` and returns false on a bad
// setting or a missing inventory.
bool apply_settings(const CLI::App &sub, migrate::FleetOptions &options, migrate::Io io, bool need_inventory = true);
// Only the store (diff HOST, store prune): the command line, else the settings, else the default.
bool apply_store_setting(const CLI::App &sub, std::string &store, migrate::Io io);

}  // namespace licmig::cli
