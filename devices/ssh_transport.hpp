// SshTransport: the real Transport, an SSH client on libssh.
//
// open() connects with a bounded timeout, checks the router's host key against an OpenSSH
// known_hosts file (`[host]:port` entries for ports other than 22), authenticates and opens an
// interactive shell on a pty.
//  - Host keys: a known key must match. An unknown key is refused (ErrorKind::host_key_unknown) unless
//    accept_new_host_keys is set, which records it in the file; a changed key is always refused
//    (ErrorKind::host_key_changed) with both SHA256 fingerprints in the message.
//  - Authentication, in order: ssh-agent keys, key files, password, keyboard-interactive (every
//    prompt that hides its answer gets the password). All rejected: ErrorKind::auth_failed.
//  - Algorithms: modern key exchange and host key types only; diffie-hellman-group14-sha1 and
//    ssh-rsa are offered only when `legacy` is set (inventory `ssh_legacy: true`), for old IOS.
//
// Thread-safety: one transport per thread; different transports may run in parallel threads.
#pragma once

#include <memory>
#include <string>

#include "devices/credentials.hpp"
#include "devices/transport.hpp"

namespace licmig::devices {

struct SshOptions {
  std::string host;
  int port = 22;
  Credentials credentials;
  std::string known_hosts;  // an OpenSSH known_hosts file; empty: ~/.ssh/known_hosts
  bool accept_new_host_keys = false;
  bool legacy = false;
  base::Millis connect_timeout{10000};  // TCP connect, banner, key exchange, each authentication step
  int columns = 511;
  int rows = 24;
};

// The user's known_hosts file: $HOME/.ssh/known_hosts.
std::string default_known_hosts();

class SshTransport final : public Transport {
 public:
  explicit SshTransport(SshOptions options);
  ~SshTransport() override;
  SshTransport(const SshTransport &) = delete;
  SshTransport &operator=(const SshTransport &) = delete;

  std::string peer() const override;
  Status open() override;
  Status probe(base::Millis timeout) override;
  bool is_open() const override;
  Result<std::string> read(base::Millis wait) override;
  Status write(std::string_view data) override;
  Result<std::string> exec(const std::string &command, base::Millis timeout) override;
  void close() override;
  ErrorKind fault() const override { return fault_; }

  // Notes of the last open(): which key was recorded, which authentication method succeeded.
  const std::string &last_event() const { return event_; }

 private:
  struct Impl;
  Status connect_session();
  Status verify_host_key();
  Status authenticate();
  Status open_shell();
  Status fail(ErrorKind fault, std::string message);
  SshOptions options_;
  std::unique_ptr<Impl> impl_;
  ErrorKind fault_ = ErrorKind::ok;
  std::string event_;
};

}  // namespace licmig::devices
