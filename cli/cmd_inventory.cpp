// `licmig inventory -i INV [-l LIMIT] [--list]`: loads an inventory and shows the resolved hosts —
// as `ansible-inventory --list` JSON with --list (secrets masked), else one line per host.
// Credentials are never taken from the command line.
#include <iomanip>
#include <memory>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/settings.hpp"
#include "inventory/host_pattern.hpp"
#include "inventory/inventory.hpp"
#include "migrate/fleet.hpp"

namespace licmig::cli {

namespace {

struct InventoryOptions {
  std::vector<std::string> inventory;
  inventory::VaultOptions vault;
  std::string limit;
  bool list = false;
  bool compact = false;
};

std::string join(const std::vector<std::string> &items) {
  std::string out;
  for (const auto &i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

int run_inventory(const InventoryOptions &opt, Io io) {
  auto loaded = migrate::load_inventory_sources(opt.inventory, opt.vault, io);
  if (!loaded) return exit_usage;
  for (const auto &w : loaded->warnings) io.err << "licmig: warning: " << w << "\n";
  auto selected = inventory::select_hosts(loaded->inventory, opt.limit);
  if (!selected) {
    io.err << "licmig: error: " << selected.error_message() << "\n";
    return exit_usage;
  }
  for (const auto *h : *selected) {
    if (h->refusal) io.err << "licmig: warning: " << *h->refusal << " (the fleet commands refuse this host)\n";
    if (h->unsupported) io.err << "licmig: warning: " << *h->unsupported << " (the fleet commands skip this host)\n";
  }
  if (opt.list) {
    // invalid UTF-8 in a name or value is shown as U+FFFD rather than ending the command
    io.out << inventory::inventory_to_json(loaded->inventory, *selected)
                  .dump(opt.compact ? -1 : 4, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
    return exit_ok;
  }
  std::size_t width = 4;
  for (const auto *h : *selected) width = std::max(width, h->name.size());
  io.out << std::left << std::setw(static_cast<int>(width)) << "HOST"
         << "  ADDRESS:PORT  GROUPS\n";
  for (const auto *h : *selected) {
    io.out << std::left << std::setw(static_cast<int>(width)) << h->name << "  " << h->address << ":" << h->port << "  "
           << join(h->groups) << "\n";
  }
  return exit_ok;
}

}  // namespace

void add_inventory_command(CLI::App &app, Io io, int *exit_code) {
  auto opt = std::make_shared<InventoryOptions>();
  auto *sub = app.add_subcommand("inventory",
                                 "Show the hosts of an inventory (Ansible YAML/INI, or CSV) as licmig resolves them");
  sub->add_option("--inventory,-i", opt->inventory,
                  "Inventory: .yml/.yaml/.json, .ini, .csv (or sniffed), or a folder; repeat to merge several")
      ->allow_extra_args(false);  // one value per -i, as ansible; else from the settings (cli/settings.hpp)
  add_vault_options(sub, opt->vault);
  sub->add_option("--limit,-l", opt->limit, "Ansible host pattern, e.g. 'core:&site1:!pe3'");
  sub->add_flag("--list", opt->list,
                "Print hosts, groups and variables as JSON like `ansible-inventory --list` (secrets and vault values "
                "as ***)");
  sub->add_flag("--compact", opt->compact, "Print JSON on one line");
  sub->callback([opt, io, exit_code, sub]() {
    if (sub->count("--inventory") == 0) {
      migrate::FleetOptions fleet;
      if (!apply_settings(*sub, fleet, io)) {
        *exit_code = exit_usage;
        return;
      }
      opt->inventory = fleet.inventory;
    }
    *exit_code = run_inventory(*opt, io);
  });
}

}  // namespace licmig::cli
