// SSH host keys of the simulated routers: one ed25519 key per router, generated once and kept in a
// file (OpenSSH private key format, 0600) so clients see the same key across simulator restarts.
//
// Thread-safety: free functions; libssh key objects are not shared between threads.
#pragma once

#include <libssh/libssh.h>

#include <memory>
#include <string>

#include "base/result.hpp"

namespace licmig::sim {

struct SshKeyDeleter {
  void operator()(ssh_key key) const { ssh_key_free(key); }
};
using SshKey = std::unique_ptr<std::remove_pointer_t<ssh_key>, SshKeyDeleter>;

// The key in `path`, or (when the file does not exist) a new ed25519 key written there.
Result<SshKey> load_or_create_host_key(const std::string &path, bool durable = true);
// (`durable`: fsync the file; off for keys in a temporary folder.)
// A new ed25519 key, replacing whatever `path` held (rotate_host_key_on_reload).
Result<SshKey> create_host_key(const std::string &path, bool durable = true);

// "ssh-ed25519 AAAA..." of a key (its public half).
std::string public_key_line(ssh_key key);

}  // namespace licmig::sim
