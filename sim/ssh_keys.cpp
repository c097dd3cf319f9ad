// Host key files for iosxe-sim (libssh pki).
#include "sim/ssh_keys.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/file.hpp"
#include "sim/state_store.hpp"

namespace licmig::sim {

Result<SshKey> create_host_key(const std::string &path, bool durable) {
  ssh_key raw = nullptr;
  if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &raw) != SSH_OK || raw == nullptr) {
    return Status::error(ErrorKind::failed, "cannot generate an ed25519 host key");
  }
  SshKey key(raw);
  char *b64 = nullptr;
  if (ssh_pki_export_privkey_base64(key.get(), nullptr, nullptr, nullptr, &b64) != SSH_OK || b64 == nullptr) {
    return Status::error(ErrorKind::failed, path + ": cannot export the host key");
  }
  std::string text(b64);
  ssh_string_free_char(b64);
  if (text.empty() || text.back() != '\n') text += '\n';
  if (Status written = base::write_file_atomically(path, text, 0600, durable ? base::Sync::durable : base::Sync::fast);
      !written)
    return written;
  return key;
}

Result<SshKey> load_or_create_host_key(const std::string &path, bool durable) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return create_host_key(path, durable);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  ssh_key raw = nullptr;
  if (!in || ssh_pki_import_privkey_base64(text.str().c_str(), nullptr, nullptr, nullptr, &raw) != SSH_OK ||
      raw == nullptr) {
    return Status::error(ErrorKind::invalid_input, path + ": not a usable private key");
  }
  return SshKey(raw);
}

std::string public_key_line(ssh_key key) {
  char *b64 = nullptr;
  if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK || b64 == nullptr) return {};
  std::string line = std::string(ssh_key_type_to_char(ssh_key_type(key))) + " " + b64;
  ssh_string_free_char(b64);
  return line;
}

}  // namespace licmig::sim
