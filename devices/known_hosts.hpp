// KnownHosts: OpenSSH known_hosts files, read once and shared by every session of the process.
//
// libssh reads the whole known_hosts file on every connection (once to choose the host key
// algorithm, once to check the key) and appends to it blindly: a fleet of N routers recording
// their keys costs N²/2 line parses — at 10,000 routers that was more CPU than the rest of a
// snapshot. Here a file is parsed once into an index (plain names in a hash map; hashed, wildcard,
// negated and multi-name entries kept as lines and matched with libssh's own parser), re-read only
// when the file changed on disk behind licmig (size, mtime or inode), and a new key is appended
// under a lock and added to the index. The decision is libssh's (ssh_session_is_known_server):
// the user file decides when it knows the host at all; else the global file
// (/etc/ssh/ssh_known_hosts); a key equal to a known one is ok, a known key of the same type that
// differs is "changed", known keys of other types only are "other".
//
// Thread-safety: every member function may be called from any thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.hpp"

struct ssh_key_struct;
struct ssh_session_struct;

namespace licmig::devices {

// A key's SHA256 fingerprint as ssh-keygen -l prints it ("SHA256:..."), or "(unknown)".
std::string host_key_fingerprint(ssh_key_struct *key);

class KnownHosts {
 public:
  enum class State { ok, changed, other, not_found };
  struct Check {
    State state = State::not_found;
    std::string known;  // SHA256 fingerprints of the keys held for the name ("a and b"), when not ok
  };

  // The shared index of `user_file` (and of the global file beside it). Never fails: a missing or
  // unreadable file holds nothing yet, and check() reports an unreadable one.
  static std::shared_ptr<KnownHosts> of(const std::string &user_file);
  // Where the global file is looked for (libssh's default); tests point it elsewhere. Applies to
  // the files first asked for after the call.
  static void set_global_file(std::string path);

  // `name` as known_hosts writes it: "host" for port 22, "[host]:port" otherwise.
  static std::string entry_name(const std::string &host, int port);

  // Checks `server_key` (the key the server offered) for `name`. Fails (io_error) when a file that
  // exists cannot be read.
  Result<Check> check(const std::string &name, ssh_key_struct *server_key);
  // The key types known for `name` ("ssh-ed25519", ...), so a session can ask for those first.
  std::vector<std::string> key_types(const std::string &name);
  // Appends the session's server key for its host to the user file (creating it and its folder)
  // and to the index. Fails (io_error) naming the file.
  Status add(ssh_session_struct *session, const std::string &name);

  KnownHosts(const KnownHosts &) = delete;
  KnownHosts &operator=(const KnownHosts &) = delete;
  ~KnownHosts();

 private:
  KnownHosts(std::string user_file, std::string global_file);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace licmig::devices
