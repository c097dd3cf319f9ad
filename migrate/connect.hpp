// DeviceSession: the real RouterSession — an IOS CLI session (devices/ios_session.hpp) over SSH
// (devices/ssh_transport.hpp) with a transcript in the store — and how one is built for an
// inventory host from the connection options every fleet command shares. Every text it returns —
// command outputs, and error messages that quote the router — is masked (snapshot/secrets.hpp)
// under the store's mask key, with the host's credentials and any added secret as known values;
// so snapshots, diffs, reports, the journal and `licmig show` only ever see masked router text.
//
// Thread-safety: one session per thread; building sessions for different hosts in parallel is safe.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "devices/credentials.hpp"
#include "devices/ios_session.hpp"
#include "devices/ssh_config.hpp"
#include "devices/ssh_route.hpp"
#include "inventory/inventory.hpp"
#include "migrate/router_session.hpp"

namespace licmig::migrate {

struct ConnectOptions {
  std::string store = "licmig-data";  // transcripts go to STORE/transcripts/HOST/
  std::string known_hosts;            // empty: ~/.ssh/known_hosts
  bool accept_new_host_keys = false;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds command_timeout{60000};
  std::size_t max_output = devices::k_default_max_output;  // bytes one command may print (--max-output)
  std::optional<std::chrono::seconds> reload_timeout;      // overrides the inventory's reload_timeout
  std::optional<std::string> asked_password;               // --ask-pass
  std::optional<std::string> asked_enable_secret;
  std::shared_ptr<const devices::CredentialsFile> credentials_file;
  std::shared_ptr<const devices::SshConfig> ssh_config;  // --ssh-config, else ~/.ssh/config; null: none
  std::map<std::string, std::string> key_passphrases;    // key file -> passphrase typed for --ask-pass
  bool transcripts = true;
  // The key of the secret masks when it is not the store's (`licmig show` without
  // --keep-transcripts: a key of its own, so that nothing is written); "" = STORE/mask.key.
  std::string mask_key;
};

class DeviceSession;

// Builds (does not connect) a session for `host`. Fails (invalid_input) when no credentials name a
// user for it, or (io_error, no_space) when the store's mask key cannot be read or made.
Result<std::unique_ptr<RouterSession>> make_device_session(const inventory::Host &host, const ConnectOptions &options);

// How long `host` may take to come back from a reload: --reload-timeout, else the inventory's
// reload_timeout, else devices::k_default_reload_timeout.
std::chrono::seconds reload_timeout_for(const inventory::Host &host, const ConnectOptions &options);

// Where and how licmig reaches `host`: the address and port (ansible_host / ansible_port, else the
// ssh configuration's HostName / Port), and the route — the ProxyJump / ProxyCommand of its
// ansible_ssh_common_args and ansible_ssh_extra_args (devices/ssh_route.hpp), else of the ssh
// configuration; each jump host resolved through the ssh configuration too (HostName, User, Port,
// IdentityFile). Fails (invalid_input) on an option licmig does not honour:
// "inventory.yaml:4: host 'r1': ansible_ssh_common_args: option '-o ForwardAgent=yes' is ...".
struct HostEndpoint {
  std::string address;
  int port = 22;
  devices::SshRoute route;
};
Result<HostEndpoint> endpoint_for(const inventory::Host &host, const ConnectOptions &options);

// Every private key file licmig may offer on the way to `host` (its own, else OpenSSH's default
// identities; and each jump host's), `~` expanded: the files whose passphrase --ask-pass asks for.
Result<std::vector<std::string>> key_files_for(const inventory::Host &host, const ConnectOptions &options);

// Whether endpoint_for or host_credentials read the connection variable `variable` (a key of
// Host::connection_vars): after --limit a fleet command keeps only those (fleet.cpp).
bool read_when_connecting(std::string_view variable);

// The credentials a host logs in with, from all sources (for masking and for sessions).
Result<devices::Credentials> host_credentials(const inventory::Host &host, const ConnectOptions &options);

}  // namespace licmig::migrate
