// Credentials: who licmig logs in as on a router, and where that comes from.
//
// Sources, most specific first: the inventory host's variables (ansible_user, ansible_password /
// ansible_ssh_pass, ansible_become_password / ansible_become_pass, ansible_ssh_private_key_file),
// the answers to --ask-pass (typed without echo), a credentials file (YAML; refused unless no one
// but its owner can read it, i.e. mode 0600 or 0400), then the environment (LICMIG_USER,
// LICMIG_PASSWORD, LICMIG_ENABLE_SECRET). Never command-line arguments: they show in `ps`. Without
// a user name from any of them, the local user's name (as Ansible and ssh do).
//
// Thread-safety: value types; resolve_credentials() is pure apart from the getenv hook.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace licmig::devices {

struct Credentials {
  std::string username;
  std::optional<std::string> password;
  std::optional<std::string> enable_secret;
  std::vector<std::string> key_files;                  // private keys to offer, in order
  bool use_agent = true;                               // offer the keys of ssh-agent ($SSH_AUTH_SOCK) first
  std::map<std::string, std::string> key_passphrases;  // key file -> its passphrase (typed for --ask-pass)

  // Every secret value held (password, enable secret, key passphrases), for transcript masking.
  std::vector<std::string> secrets() const;
};

// The parsed credentials file.
struct CredentialsFile {
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::optional<std::string> enable_secret;
  std::vector<std::string> key_files;
};

// Reads a credentials file: a YAML mapping with the keys username, password, enable_secret and
// key_file (a path or a list). Refused (invalid_input) when group or others may read or write it,
// when it is not a regular file, or on an unknown key; every error names the file (and line).
Result<CredentialsFile> load_credentials_file(const std::string &path);

struct CredentialSources {
  std::map<std::string, std::string> host_vars;  // the inventory host's variables
  std::optional<std::string> asked_password;     // --ask-pass answers
  std::optional<std::string> asked_enable_secret;
  const CredentialsFile *file = nullptr;
  // What the ssh configuration file says for the host: its User (after every source above, before
  // the local user, as ssh takes it when Ansible passes no user) and IdentityFile keys (after the others).
  std::optional<std::string> ssh_config_user;
  std::vector<std::string> ssh_config_keys;
  // Environment lookup; defaults to std::getenv.
  std::function<const char *(const char *)> getenv;
  // The local user's name; defaults to the password database entry of the effective user.
  std::function<std::optional<std::string>()> local_user;
};

// The effective user's login name (getpwuid_r), or nothing.
std::optional<std::string> local_user_name();

// Merges the sources for one host. Fails (invalid_input) when no source names a user and the local
// user's name is unknown.
Result<Credentials> resolve_credentials(const CredentialSources &sources, const std::string &host_name);
// Whether resolve_credentials reads the host variable `name` (ansible_user, ansible_password, ...).
bool is_credential_variable(std::string_view name);

// Prompts on `err` and reads one line from standard input with echo turned off (termios) when it
// is a terminal. Fails when standard input is closed.
Result<std::string> prompt_secret(const std::string &prompt, std::ostream &err);

}  // namespace licmig::devices
