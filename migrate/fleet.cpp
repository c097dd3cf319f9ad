#include "migrate/fleet.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iterator>
#include <thread>

#include "base/memory.hpp"
#include "inventory/host_pattern.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

std::optional<inventory::LoadedInventory> load_inventory_sources(const std::vector<std::string> &sources,
                                                                 const inventory::VaultOptions &options, Io io) {
  auto secrets = inventory::collect_vault_secrets(
      options, std::getenv("ANSIBLE_VAULT_PASSWORD_FILE"),
      [&io](const std::string &prompt) { return devices::prompt_secret(prompt, io.err); });
  if (!secrets) {
    io.err << "licmig: error: " << secrets.error_message() << "\n";
    return std::nullopt;
  }
  inventory::LoadOptions load;
  load.vault_secrets = std::move(secrets.value());
  auto loaded = inventory::load_inventory(sources, load);
  if (!loaded) {
    io.err << "licmig: error: " << loaded.error_message() << "\n";
    return std::nullopt;
  }
  return std::move(loaded).value();
}

namespace {

// After the selection a fleet command reads only each host's typed fields, the connection variables
// that connecting reads (read_when_connecting) and the merged variables whose origin an error names
// (endpoint_for); the rest — every host's copy of its groups' variables, the group lists, the
// connection variables already in typed fields — was most of licmig's memory at 10,000 routers. It
// goes, and the freed heap is given back to the system before the sessions start.
void slim_for_fleet(inventory::Inventory &inv) {
  for (auto &h : inv.hosts) {
    for (auto it = h.vars.begin(); it != h.vars.end();) {
      const bool named_in_errors = it->first == "ansible_ssh_common_args" || it->first == "ansible_ssh_extra_args";
      it = named_in_errors ? std::next(it) : h.vars.erase(it);
    }
    std::vector<std::string>().swap(h.groups);
    for (auto it = h.connection_vars.begin(); it != h.connection_vars.end();) {
      it = read_when_connecting(it->first) ? std::next(it) : h.connection_vars.erase(it);
    }
  }
  for (auto &g : inv.groups) {
    std::vector<std::string>().swap(g.hosts);
    std::vector<std::string>().swap(g.children);
    std::vector<std::string>().swap(g.parents);
    g.vars.clear();
  }
  base::release_free_memory();
}

}  // namespace

std::unique_ptr<Fleet> load_fleet(FleetOptions &o, Io io) {
  auto fleet = std::make_unique<Fleet>();
  auto loaded = load_inventory_sources(o.inventory, o.vault, io);
  if (!loaded) return nullptr;
  fleet->loaded = std::move(*loaded);
  for (const auto &w : fleet->loaded.warnings) io.err << "licmig: warning: " << w << "\n";
  auto selected = inventory::select_hosts(fleet->loaded.inventory, o.limit);
  if (!selected) {
    io.err << "licmig: error: --limit: " << selected.error_message() << "\n";
    return nullptr;
  }
  // A host whose variables cannot be resolved is refused, and the run with it (the inventory is
  // wrong); a host that is not IOS over SSH is skipped with a warning, or refused with --strict.
  bool refused = false;
  for (const auto *h : selected.value()) {
    if (h->refusal) {
      io.err << "licmig: error: " << *h->refusal << "\n";
      refused = true;
    } else if (h->unsupported) {
      io.err << "licmig: " << (o.strict ? "error: " : "warning: ") << *h->unsupported
             << (o.strict ? " (--strict)" : ": skipped") << "\n";
      refused = refused || o.strict;
      if (o.strict) continue;
    }
    if (!h->refusal && !h->unsupported) fleet->hosts.push_back(h);
  }
  if (refused) return nullptr;
  slim_for_fleet(fleet->loaded.inventory);
  if (fleet->hosts.empty()) {
    io.err << "licmig: error: no IOS host over SSH left to work on\n";
    return nullptr;
  }
  o.connect.connect_timeout = std::chrono::seconds(o.connect_timeout_s);
  o.connect.command_timeout = std::chrono::seconds(o.command_timeout_s);
  if (o.reload_timeout_s > 0) o.connect.reload_timeout = std::chrono::seconds(o.reload_timeout_s);
  if (!o.credentials_file.empty()) {
    auto file = devices::load_credentials_file(o.credentials_file);
    if (!file) {
      io.err << "licmig: error: " << file.error_message() << "\n";
      return nullptr;
    }
    o.connect.credentials_file = std::make_shared<devices::CredentialsFile>(file.value());
  }
  // The ssh configuration: --ssh-config FILE (must exist), else ~/.ssh/config when there is one.
  const std::string ssh_config = o.ssh_config.empty() ? devices::default_ssh_config() : o.ssh_config;
  if (!o.ssh_config.empty() || ::access(ssh_config.c_str(), F_OK) == 0) {
    auto config = devices::SshConfig::load(ssh_config);
    if (!config) {
      io.err << "licmig: error: " << config.error_message() << "\n";
      return nullptr;
    }
    o.connect.ssh_config = std::make_shared<devices::SshConfig>(std::move(config.value()));
  }
  if (o.ask_pass) {
    auto pass = devices::prompt_secret("SSH password: ", io.err);
    if (!pass) {
      io.err << "licmig: error: --ask-pass: " << pass.error_message() << "\n";
      return nullptr;
    }
    o.connect.asked_password = pass.value();
    auto secret = devices::prompt_secret("Enable secret (empty: same as the password): ", io.err);
    if (secret && !secret->empty()) o.connect.asked_enable_secret = secret.value();
    // The passphrase of each passphrase-protected key licmig would offer, once per file.
    for (const auto *h : fleet->hosts) {
      auto files = key_files_for(*h, o.connect);
      if (!files) continue;  // the host fails with this error when it is worked on
      for (const auto &file : files.value()) {
        if (o.connect.key_passphrases.count(file) > 0 || !devices::key_is_encrypted(file)) continue;
        auto phrase = devices::prompt_secret("Passphrase for key " + file + ": ", io.err);
        if (!phrase) {
          io.err << "licmig: error: --ask-pass: " << phrase.error_message() << "\n";
          return nullptr;
        }
        o.connect.key_passphrases[file] = phrase.value();
      }
    }
  }
  return fleet;
}

void run_parallel(std::size_t count, int parallel, const std::function<void(std::size_t)> &job) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> finished{0};
  const std::size_t workers = std::min<std::size_t>(count, static_cast<std::size_t>(std::max(parallel, 1)));
  // Each time as many jobs as there are threads (at least 64) have finished, the memory they freed
  // goes back to the system: without it the threads' arenas keep every hole (base/memory.hpp).
  const std::size_t trim_every = std::max<std::size_t>(workers, 64);
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&]() {
      for (std::size_t i = next++; i < count; i = next++) {
        job(i);
        if (++finished % trim_every == 0) base::release_free_memory();
      }
    });
  }
  for (auto &t : threads) t.join();
  base::release_free_memory();  // what the threads freed, before the caller puts its report together
}

bool write_output(const FleetOptions &options, const std::string &text, Io io) {
  if (options.output.empty()) {
    io.out << text;
    return true;
  }
  if (auto st = base::write_file_atomically(options.output, text, 0644); !st) {
    io.err << "licmig: error: " << st.message() << "\n";
    return false;
  }
  return true;
}

}  // namespace licmig::migrate
