// The SSH side of iosxe-sim: every router of a fleet on its own TCP port, served by libssh from one
// event-loop thread. Password, keyboard-interactive and public-key authentication (checked by the
// Router), pty + shell channels driving a CliSession, exec channels (`ssh r1 show version`), many
// clients per router. While a router reloads its port is closed (connections are refused), and
// sessions opened before the reload are dropped. Each router has a persistent ed25519 host key.
//
// Thread-safety: run() owns the loop; stop() may be called from a signal handler or another
// thread; everything else only before run() or after it returned.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "base/result.hpp"
#include "sim/fleet.hpp"

namespace licmig::sim {

struct ServerOptions {
  std::string bind_address = "127.0.0.1";
  // Where router state and host keys persist; empty: host keys in a temporary folder for the run
  // and no state kept.
  std::string state_dir;
  std::chrono::milliseconds tick_interval{50};
  int max_auth_attempts = 3;                // then the connection is closed, as IOS does
  std::chrono::seconds login_timeout{120};  // `ip ssh time-out`
};

class SshServer {
 public:
  SshServer(FleetSpec fleet, ServerOptions options);
  ~SshServer();
  SshServer(const SshServer &) = delete;
  SshServer &operator=(const SshServer &) = delete;

  // Creates the routers (loading saved state), their host keys and listening sockets. Fails on a
  // port that is in use, an unreadable state file or host key.
  Status start();
  // Serves until stop(). Returns an error only when the event loop itself failed.
  Status run();
  // Asks run() to return (async-signal-safe).
  void stop();
  // Writes every router's state (and keeps the host keys) in the state dir; no-op without one.
  Status save_state() const;

  std::size_t router_count() const;
  // Routers whose port currently accepts connections.
  std::size_t listening_count() const;

  struct Impl;  // in ssh_server.cpp (named here so its libssh C callbacks can reach it)

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace licmig::sim
