// Internal to the simulator's SSH server (ssh_server.cpp, ssh_callbacks.cpp, ssh_channels.cpp): a
// connection, its channels and the routers' listening slots, and SshServer::Impl, the one event loop
// that owns them. Not for other parts of the simulator: sim/ssh_server.hpp is the server's interface.
//
// Thread-safety: everything here belongs to the server's one thread.
#pragma once

#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/router.hpp"
#include "sim/ssh_keys.hpp"
#include "sim/ssh_server.hpp"
#include "sim/state_store.hpp"

namespace licmig::sim {
namespace ssh_detail {

struct Output {
  Clock::time_point due;
  std::string text;
  bool close = false;
};

struct Conn;

struct Channel {
  Conn *conn = nullptr;
  ssh_channel channel = nullptr;
  ssh_channel_callbacks_struct callbacks{};
  bool pty = false;
  bool want_shell = false;
  bool want_exec = false;
  std::string exec_command;
  bool is_exec = false;
  std::unique_ptr<CliSession> cli;
  std::unique_ptr<ScpSession> scp;  // `scp -t` on an exec channel (the router's SCP server)
  int exit_code = 0;
  std::string input;
  std::string last_output;  // the end of what the CLI said last (is it asking for a password?)
  std::deque<Output> queue;
  std::string unsent;  // written partially: the rest
  bool close_after_send = false;
  bool exit_status = true;  // send exit-status 0 when we close (not when the router drops us)
  bool closed_by_us = false;
  bool peer_eof = false;
  bool peer_closed = false;
};

struct Conn {
  std::size_t slot = 0;
  ssh_session session = nullptr;
  ssh_server_callbacks_struct callbacks{};
  std::uint64_t generation = 0;
  Clock::time_point opened;
  Clock::time_point last_channel_seen;
  bool in_event = false;
  int isolated = 0;  // Isolate scopes open on this connection (see Isolate)
  bool kex_done = false;
  bool authed = false;
  bool login_seen = false;  // service() has seen `authed`: the idle clock restarted there
  bool drop = false;
  bool draining = false;  // channels closed by us; waiting for the client to go
  Clock::time_point drain_deadline;
  int auth_failures = 0;
  std::string kbdint_user;
  std::string local_address;  // the router's address the client connected to (getsockname)
  std::vector<std::unique_ptr<Channel>> channels;
  Router *router = nullptr;
};

struct Slot {
  std::unique_ptr<Router> router;
  ssh_bind bind = nullptr;
  int listen_fd = -1;
  std::uint64_t generation = 0;
  std::string key_path;
};

// Sets the session's libssh callbacks (ssh_callbacks.cpp): authentication by the router's offered
// methods and credentials, channel opening, each channel's requests and data. They only record what
// happened on `conn` and its channels; SshServer::Impl::service acts on it after the poll.
void install_session_callbacks(Conn &conn);

// libssh flushes inside ssh_channel_write(), ssh_channel_send_eof(), ssh_channel_close() and the
// key exchange by polling the poll context the session's socket is in. For a session in our
// ssh_event that context holds every connection's socket: when another router's client closes its
// connection at that moment the poll fails, and libssh blames *this* session (the write returns
// SSH_ERROR, the session state becomes an error, a healthy connection is dropped). Such calls
// therefore run with the session taken out of the event, alone in its own poll context.
class Isolate {
 public:
  Isolate(ssh_event event, Conn &conn) : event_(event), conn_(conn), active_(conn.in_event && event != nullptr) {
    if (active_ && conn_.isolated++ == 0) ssh_event_remove_session(event_, conn_.session);
  }
  ~Isolate() {
    if (active_ && --conn_.isolated == 0 && conn_.in_event) ssh_event_add_session(event_, conn_.session);
  }
  Isolate(const Isolate &) = delete;
  Isolate &operator=(const Isolate &) = delete;

 private:
  ssh_event event_;
  Conn &conn_;
  bool active_;
};

// The time from `from` to `to` as a poll timeout: rounded up, 0 when it is past.
inline std::chrono::milliseconds until(Clock::time_point from, Clock::time_point to) {
  if (to <= from) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from) + std::chrono::milliseconds(1);
}

}  // namespace ssh_detail

// The server: one thread, one libssh event for every connection. ssh_server.cpp: start, listeners,
// accepting, the boot clock (tick), the loop (service) and connections' ends; ssh_channels.cpp: the
// channels' input and output.
struct SshServer::Impl {
  using Channel = ssh_detail::Channel;
  using Conn = ssh_detail::Conn;
  using Slot = ssh_detail::Slot;

  FleetSpec fleet;
  ServerOptions options;
  std::vector<Slot> slots;
  std::list<std::unique_ptr<Conn>> conns;
  ssh_event event = nullptr;
  int wake_pipe[2] = {-1, -1};
  std::atomic<bool> stopping{false};
  std::vector<std::size_t> ready_listeners;
  std::optional<StateStore> store;
  std::string key_dir;
  bool temp_key_dir = false;
  Clock::time_point next_tick;
  bool started = false;

  ~Impl();
  Status start();
  Status make_bind(Slot &slot, SshKey key) const;
  Status open_listener(std::size_t index);
  void close_listener(Slot &slot);
  void accept_all(std::size_t index, Clock::time_point now);
  void add_connection(std::size_t index, int fd, Clock::time_point now);
  void tick(Clock::time_point now);
  void service(Clock::time_point now);
  void service_channel(Conn &conn, Channel &ch, Clock::time_point now);
  void service_scp(Conn &conn, Channel &ch, Clock::time_point now);
  void feed_lines(Channel &ch, std::string_view input, Clock::time_point now);
  void feed(Channel &ch, std::string_view piece, Clock::time_point now);
  void queue_reply(Channel &ch, Reply reply, Clock::time_point now);
  void flush(Channel &ch, Clock::time_point now, bool ignore_delays);
  void finish_channel(Channel &ch);
  void start_draining(Conn &conn, Clock::time_point now);
  void drop_connection(Conn &conn);
  int poll_timeout(Clock::time_point now) const;
};

}  // namespace licmig::sim
