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
//  - Route (SshOptions::route): straight to the router; or through jump hosts (ProxyJump), each
//    reached with its own libssh session — its host key checked against the same known_hosts file
//    under the same policy as a router's, authenticated by ssh-agent and key files only (the
//    router's password is never sent to a jump host) — whose direct-tcpip channel to the next hop
//    carries the next session through a socket pair and a pump thread; or through a ProxyCommand run
//    by /bin/sh -c with %h %p %r %% substituted, its standard input and output the SSH stream. A
//    routed connection that fails is never retried straight to the router, and probe() on a routed
//    transport connects nowhere (it reports success: the next open() tries through the route).
//  - Key files: `~` expanded; none given: OpenSSH's default identities (~/.ssh/id_ed25519, id_ecdsa,
//    id_rsa). A passphrase-protected key is refused with a message naming it (use ssh-agent).
//  - Algorithms: modern key exchange and host key types only; diffie-hellman-group14-sha1 and
//    ssh-rsa are offered only when `legacy` is set (inventory `ssh_legacy: true`), for old IOS.
//
// Thread-safety: one transport per thread; different transports may run in parallel threads.
#pragma once

#include <memory>
#include <string>

#include "devices/credentials.hpp"
#include "devices/ssh_route.hpp"
#include "devices/transport.hpp"

struct ssh_session_struct;

namespace licmig::devices {

struct SshOptions {
  std::string host;
  int port = 22;
  SshRoute route;  // jump hosts or a proxy command; default: straight to host:port
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
  // libssh's SCP client (ssh_scp_*) on the router's session: `scp -t REMOTE_PATH` on the router,
  // which needs `ip scp server enable`. Errors: protocol (the router refused the channel or the SCP
  // exchange, e.g. no SCP server, or a write failed on the router's side), io_error (the local file),
  // whatever before_chunk returned.
  Status send_file(const FileSend &file) override;
  void close() override;
  ErrorKind fault() const override { return fault_; }

  // Notes of the last open(): which key was recorded, which authentication method succeeded.
  const std::string &last_event() const { return event_; }

  // The router-side address of the open connection, numeric ("192.0.2.10", "2001:db8::1"): the
  // peer address of licmig's own socket. "" when not open, and when it cannot be seen from here:
  // through jump hosts or a ProxyCommand licmig's socket ends at the jump host or the command.
  std::string router_address() const;
  // How the connection reaches the router, in words: "straight", "through jump host ops@b1:22",
  // "through ProxyCommand '...'".
  std::string route_description() const;

 private:
  struct Impl;
  struct Hop;
  Status connect_session();
  Status connect_jumps();
  Status start_proxy_command();
  Status verify_host_key(ssh_session_struct *session, const std::string &host, int port, const char *role);
  Status authenticate(ssh_session_struct *session, const Credentials &cred, const std::string &where,
                      bool password_allowed);
  std::string route_text() const;
  Status open_shell();
  Status fail(ErrorKind fault, std::string message);
  SshOptions options_;
  std::unique_ptr<Impl> impl_;
  ErrorKind fault_ = ErrorKind::ok;
  std::string event_;
};

}  // namespace licmig::devices
