// Internal to devices/: what ssh_transport.cpp (the router's session) and ssh_route_connect.cpp (the
// way to it: jump hosts, ProxyCommand) share — SshTransport's state and the helpers both call.
#pragma once

#include <sys/types.h>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <libssh/libssh.h>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "devices/ssh_transport.hpp"

namespace licmig::devices {

// One jump host on the way: its authenticated session, the direct-tcpip channel to the next hop,
// and the thread that copies between that channel and `pump_fd` — one end of a socket pair whose
// other end is the next session's socket. After the thread starts, only it touches the session.
struct SshTransport::Hop {
  std::string name;  // user@host:port as written
  ssh_session session = nullptr;
  ssh_channel channel = nullptr;
  int pump_fd = -1;
  std::thread pump;
  std::atomic<bool> stop{false};

  void run();  // ssh_route_connect.cpp
};

struct SshTransport::Impl {
  ssh_session session = nullptr;
  ssh_channel channel = nullptr;
  std::vector<std::unique_ptr<Hop>> hops;  // jump hosts, nearest first
  pid_t proxy_pid = -1;                    // the ProxyCommand's process (its own process group)
  int route_fd = -1;                       // the routed stream, until the router's session owns it

  void reset();  // every session, hop and ProxyCommand gone
  ~Impl();
};

namespace detail {

// Frees a channel and its session (disconnecting first); both end as nullptr.
void free_session(ssh_session &session, ssh_channel &channel);
// Session options shared by the router's session and every jump host's (ssh_transport.cpp).
bool set_session_options(ssh_session s, const std::string &host, int port, const std::string &user,
                         const std::string &known_hosts, base::Millis timeout, bool legacy);
// A TCP connection to host:port, to tell refused, unreachable and timed out apart.
Status tcp_probe(const std::string &host, int port, base::Millis timeout);

}  // namespace detail
}  // namespace licmig::devices
