// Ansible Vault: the secrets that open it and the decryption of its envelopes
// ($ANSIBLE_VAULT;1.1;AES256 and $ANSIBLE_VAULT;1.2;AES256;<vault id>), as `ansible-vault` writes
// them — whole encrypted files and `!vault` values alike. The cryptography (PBKDF2-HMAC-SHA256,
// HMAC-SHA256, AES-256-CTR) comes from libcrypto through base/crypto.hpp.
//
// Secrets are read the way Ansible reads them: a password file is read and stripped of surrounding
// white space; an executable file is run and its standard output (less the trailing newline) is the
// password; a file named `*-client[.ext]` is run with `--vault-id <label>`.
//
// Thread-safety: pure functions apart from read_vault_secret (reads a file or runs it).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"

namespace licmig::inventory {

struct VaultSecret {
  std::string id = "default";  // the vault ID label (`--vault-id label@source`)
  std::string password;
  std::string source;  // where it came from ("prompt", a file name), for messages
};

using VaultSecrets = std::vector<VaultSecret>;

// True when `text` starts with the vault header `$ANSIBLE_VAULT;`.
bool is_vault_data(std::string_view text);

// Decrypts a vault envelope. The secrets are tried as Ansible tries them: one whose id matches the
// envelope's (1.2) first, then the others. `where` ("file:line") starts every error message: no
// secret given, a malformed envelope, an unknown cipher, or no secret that opens it (invalid_input).
Result<std::string> vault_decrypt(std::string_view envelope, const VaultSecrets &secrets, const std::string &where);

// Reads the secret from a password file or script (see above) for `id`; invalid_input naming the
// file when it is missing, empty, or the script fails.
Result<VaultSecret> read_vault_secret(const std::string &id, const std::string &path);

// Parses a `--vault-id` argument: "label@source" or "source" (id "default"). `source` "prompt"
// means: ask. Returns {id, source}.
std::pair<std::string, std::string> split_vault_id(const std::string &argument);

// Where the vault secrets come from, as ansible's command-line options name them.
struct VaultOptions {
  std::vector<std::string> ids;             // --vault-id [label@]FILE|prompt, in order
  std::vector<std::string> password_files;  // --vault-password-file FILE (label "default")
  bool ask = false;                         // --ask-vault-pass
};

// The secrets, in Ansible's order: the --vault-id ones, then the password files (with
// ANSIBLE_VAULT_PASSWORD_FILE, `env_password_file`, after them when set), then the --ask-vault-pass
// answer. `prompt` asks for one password without echo ("Vault password (label): ").
Result<VaultSecrets> collect_vault_secrets(const VaultOptions &options, const char *env_password_file,
                                           const std::function<Result<std::string>(const std::string &)> &prompt);

}  // namespace licmig::inventory
