// SshServer: one libssh event loop for every router of the fleet. Listening sockets are our own
// (so a rebooting router's port can be closed and reopened); accepted sockets are handed to libssh
// with ssh_bind_accept_fd on the router's ssh_bind (which only holds its host key). libssh callbacks
// only record what happened; all state changes happen in service() after each poll, so no callback
// ever frees something libssh is still iterating over.
#include "sim/ssh_server.hpp"

#include "sim/ssh_server_detail.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libssh/callbacks.h>
#include <libssh/libssh.h>
#include <libssh/server.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <list>
#include <map>
#include <optional>

#include <spdlog/spdlog.h>

#include "sim/router.hpp"
#include "sim/ssh_keys.hpp"
#include "sim/state_store.hpp"

namespace licmig::sim {
namespace {

using ssh_detail::Conn;
using ssh_detail::Isolate;
using ssh_detail::Slot;
using ssh_detail::until;

constexpr const char *k_server_banner = "Cisco-1.25";  // what IOS XE's SSH server announces
constexpr auto k_idle_without_channels = std::chrono::seconds(5);

// The local address of an accepted connection, numeric: the router's address the client reached.
std::string local_address_of(int fd) {
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  if (::getsockname(fd, reinterpret_cast<sockaddr *>(&local), &len) != 0) return "";
  char text[INET6_ADDRSTRLEN] = {};
  const void *raw = nullptr;
  int family = local.ss_family;
  if (family == AF_INET) raw = &reinterpret_cast<const sockaddr_in *>(&local)->sin_addr;
  if (family == AF_INET6) {
    const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(&local);
    raw = &v6->sin6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
      raw = &v6->sin6_addr.s6_addr[12];
      family = AF_INET;
    }
  }
  if (raw == nullptr || ::inet_ntop(family, raw, text, sizeof text) == nullptr) return "";
  return text;
}

int on_listen_ready(socket_t, int, void *userdata);
int on_wake(socket_t fd, int, void *userdata);

}  // namespace

namespace {

int on_listen_ready(socket_t fd, int, void *userdata) {
  auto *impl = static_cast<SshServer::Impl *>(userdata);
  for (std::size_t i = 0; i < impl->slots.size(); ++i) {
    if (impl->slots[i].listen_fd == fd) {
      impl->ready_listeners.push_back(i);
      break;
    }
  }
  return 0;
}

int on_wake(socket_t fd, int, void *userdata) {
  char buffer[64];
  while (::read(fd, buffer, sizeof buffer) > 0) {
  }
  static_cast<SshServer::Impl *>(userdata)->stopping = true;
  return 0;
}

}  // namespace

SshServer::Impl::~Impl() {
  for (auto &conn : conns) {
    if (conn->in_event) ssh_event_remove_session(event, conn->session);
    ssh_disconnect(conn->session);
    ssh_free(conn->session);
  }
  conns.clear();
  for (auto &slot : slots) {
    close_listener(slot);
    if (slot.bind) ssh_bind_free(slot.bind);
  }
  if (event) {
    if (wake_pipe[0] >= 0) ssh_event_remove_fd(event, wake_pipe[0]);
    ssh_event_free(event);
  }
  for (int fd : wake_pipe) {
    if (fd >= 0) ::close(fd);
  }
  if (temp_key_dir) {
    std::error_code ignored;
    std::filesystem::remove_all(key_dir, ignored);
  }
  if (started) ssh_finalize();
}

Status SshServer::Impl::make_bind(Slot &slot, SshKey key) const {
  ssh_bind bind = ssh_bind_new();
  if (bind == nullptr) return Status::error(ErrorKind::failed, "ssh_bind_new failed");
  bool process_config = false;
  ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &process_config);
  ssh_bind_options_set(bind, SSH_BIND_OPTIONS_BANNER, k_server_banner);
  if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, key.get()) != SSH_OK) {
    ssh_bind_free(bind);
    return Status::error(ErrorKind::failed, slot.key_path + ": libssh refused the host key");
  }
  (void)key.release();  // the bind owns it now
  if (slot.bind) ssh_bind_free(slot.bind);
  slot.bind = bind;
  return Status::ok();
}

Status SshServer::Impl::start() {
  if (ssh_init() != SSH_OK) return Status::error(ErrorKind::failed, "libssh initialisation failed");
  started = true;
  const auto now = Clock::now();
  if (!options.state_dir.empty()) {
    store.emplace(options.state_dir);
    if (Status s = store->prepare(); !s) return s;
    key_dir = options.state_dir;
  } else {
    std::string pattern = (std::filesystem::temp_directory_path() / "iosxe-sim-keys-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Status::error(ErrorKind::io_error, pattern + ": " + std::strerror(errno));
    }
    key_dir = pattern;
    temp_key_dir = true;
  }
  StateStore keys(key_dir);
  slots.reserve(fleet.routers.size());
  for (const RouterSpec &spec : fleet.routers) {
    Slot slot;
    slot.router = std::make_unique<Router>(spec, now);
    if (store) {
      auto saved = store->load(spec.name);
      if (!saved) return saved.status();
      if (saved->has_value()) {
        if (Status s = slot.router->load_state(**saved); !s) {
          return Status::error(s.kind(), store->state_path(spec.name) + ": " + s.message());
        }
      }
    }
    if (Status s = slot.router->attach_bootflash(keys.bootflash_path(spec.name)); !s) return s;
    slot.generation = slot.router->boot_generation();
    slot.key_path = keys.host_key_path(spec.name);
    auto key = load_or_create_host_key(slot.key_path, !temp_key_dir);
    if (!key) return key.status();
    if (Status s = make_bind(slot, std::move(key).value()); !s) return s;
    slots.push_back(std::move(slot));
  }
  // HA pairs know each other.
  std::map<std::string, Router *> first_of_group;
  for (auto &slot : slots) {
    const auto &ha = slot.router->spec().ha;
    if (!ha) continue;
    auto [it, fresh] = first_of_group.emplace(ha->group, slot.router.get());
    if (!fresh) {
      it->second->set_peer(slot.router.get());
      slot.router->set_peer(it->second);
    }
  }
  event = ssh_event_new();
  if (event == nullptr) return Status::error(ErrorKind::failed, "ssh_event_new failed");
  if (::pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
    return Status::error(ErrorKind::io_error, std::string("pipe: ") + std::strerror(errno));
  }
  ssh_event_add_fd(event, wake_pipe[0], POLLIN, on_wake, this);
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (!slots[i].router->accepting_connections(now)) continue;
    if (Status s = open_listener(i); !s) return s;
  }
  next_tick = now + options.tick_interval;
  return Status::ok();
}

Status SshServer::Impl::open_listener(std::size_t index) {
  Slot &slot = slots[index];
  const RouterSpec &spec = slot.router->spec();
  const bool v6 = options.bind_address.find(':') != std::string::npos;
  const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::error(ErrorKind::io_error, std::string("socket: ") + std::strerror(errno));
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_storage address{};
  socklen_t length = 0;
  const auto port = htons(static_cast<std::uint16_t>(spec.port));
  int parsed = 0;
  if (v6) {
    auto *a = reinterpret_cast<sockaddr_in6 *>(&address);
    a->sin6_family = AF_INET6;
    a->sin6_port = port;
    parsed = ::inet_pton(AF_INET6, options.bind_address.c_str(), &a->sin6_addr);
    length = sizeof(sockaddr_in6);
  } else {
    auto *a = reinterpret_cast<sockaddr_in *>(&address);
    a->sin_family = AF_INET;
    a->sin_port = port;
    parsed = ::inet_pton(AF_INET, options.bind_address.c_str(), &a->sin_addr);
    length = sizeof(sockaddr_in);
  }
  const std::string where = options.bind_address + " port " + std::to_string(spec.port) + " (" + spec.name + ")";
  if (parsed != 1) {
    ::close(fd);
    return Status::error(ErrorKind::invalid_input, "bad --bind address '" + options.bind_address + "'");
  }
  if (::bind(fd, reinterpret_cast<sockaddr *>(&address), length) != 0 || ::listen(fd, 128) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    return Status::error(ErrorKind::io_error, where + ": " + why);
  }
  slot.listen_fd = fd;
  ssh_event_add_fd(event, fd, POLLIN, on_listen_ready, this);
  return Status::ok();
}

void SshServer::Impl::close_listener(Slot &slot) {
  if (slot.listen_fd < 0) return;
  if (event) ssh_event_remove_fd(event, slot.listen_fd);
  ::close(slot.listen_fd);
  slot.listen_fd = -1;
}

void SshServer::Impl::accept_all(std::size_t index, Clock::time_point now) {
  for (;;) {
    const int listen_fd = slots[index].listen_fd;
    if (listen_fd < 0) return;
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;  // EAGAIN, or an error we retry at the next readiness
    // An interactive server (OpenSSH, a router) sends without Nagle's delay: otherwise a command's
    // output written after its echo waits for the client's delayed ACK (about 40 ms a command).
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!slots[index].router->accepting_connections(now)) {
      // The router went down (reload) since the last tick: it must not answer. Drop the
      // connection and stop listening now rather than at the next tick.
      ::close(fd);
      close_listener(slots[index]);
      return;
    }
    add_connection(index, fd, now);
  }
}

void SshServer::Impl::add_connection(std::size_t index, int fd, Clock::time_point now) {
  Slot &slot = slots[index];
  auto conn = std::make_unique<Conn>();
  conn->slot = index;
  conn->router = slot.router.get();
  conn->local_address = local_address_of(fd);
  conn->generation = slot.router->boot_generation();
  conn->opened = now;
  conn->last_channel_seen = now;
  conn->session = ssh_new();
  if (conn->session == nullptr) {
    ::close(fd);
    return;
  }
  if (ssh_bind_accept_fd(slot.bind, conn->session, fd) != SSH_OK) {
    spdlog::warn("{}: cannot accept a connection: {}", slot.router->name(), ssh_get_error(slot.bind));
    ssh_free(conn->session);
    return;
  }
  ssh_set_blocking(conn->session, 0);
  ssh_detail::install_session_callbacks(*conn);
  const int rc = ssh_handle_key_exchange(conn->session);
  if (rc == SSH_ERROR) {
    ssh_free(conn->session);
    return;
  }
  conn->kex_done = rc == SSH_OK;
  if (ssh_event_add_session(event, conn->session) != SSH_OK) {
    ssh_free(conn->session);
    return;
  }
  conn->in_event = true;
  spdlog::debug("{}: connection accepted", slot.router->name());
  conns.push_back(std::move(conn));
}

void SshServer::Impl::tick(Clock::time_point now) {
  for (std::size_t i = 0; i < slots.size(); ++i) {
    Slot &slot = slots[i];
    slot.router->tick(now);
    const std::uint64_t generation = slot.router->boot_generation();
    if (generation != slot.generation) {
      slot.generation = generation;
      if (slot.router->spec().faults.rotate_host_key_on_reload) {
        auto key = create_host_key(slot.key_path, !temp_key_dir);
        if (!key)
          spdlog::error("{}", key.error_message());
        else if (Status s = make_bind(slot, std::move(key).value()); !s)
          spdlog::error("{}", s.message());
      }
    }
    const bool accepting = slot.router->accepting_connections(now);
    if (accepting && slot.listen_fd < 0) {
      if (Status s = open_listener(i); !s) {
        spdlog::warn("{}", s.message());  // retried at the next tick
      } else {
        spdlog::debug("{}: booted, accepting connections", slot.router->name());  // scripts/bench reads this
      }
    } else if (!accepting && slot.listen_fd >= 0) {
      close_listener(slot);
    }
  }
}

// The router went away (reload): whatever it said last (e.g. the reload confirmation) still goes
// out, then each channel closes without an exit status. An SSH_MSG_DISCONNECT would make OpenSSH
// exit before printing that output, so the connection just closes once the client has gone.
void SshServer::Impl::start_draining(Conn &conn, Clock::time_point now) {
  conn.draining = true;
  conn.drain_deadline = now + std::chrono::seconds(1);
  for (auto &ch : conn.channels) {
    if (ch->closed_by_us || ch->peer_closed) continue;
    ch->exit_status = false;
    ch->close_after_send = false;
    for (auto &out : ch->queue) ch->unsent += out.text;
    ch->queue.clear();
    ch->close_after_send = true;
    flush(*ch, now, true);
  }
  if (conn.channels.empty()) conn.drop = true;
}

void SshServer::Impl::drop_connection(Conn &conn) {
  // out of the event first: the flush must poll this session's socket alone (see Isolate)
  if (conn.in_event) ssh_event_remove_session(event, conn.session);
  conn.in_event = false;
  if (conn.kex_done) ssh_blocking_flush(conn.session, 200);
  for (auto &ch : conn.channels) ssh_remove_channel_callbacks(ch->channel, &ch->callbacks);
  if (!conn.draining) ssh_disconnect(conn.session);
  ssh_free(conn.session);  // frees the channels too
  conn.session = nullptr;
  conn.channels.clear();
}

void SshServer::Impl::service(Clock::time_point now) {
  for (std::size_t index : std::exchange(ready_listeners, {})) accept_all(index, now);
  for (auto it = conns.begin(); it != conns.end();) {
    Conn &conn = **it;
    if (!conn.drop && !conn.kex_done) {
      Isolate alone(event, conn);
      const int rc = ssh_handle_key_exchange(conn.session);
      if (rc == SSH_OK)
        conn.kex_done = true;
      else if (rc == SSH_ERROR)
        conn.drop = true;
    }
    const char *why = nullptr;
    if ((ssh_get_status(conn.session) & (SSH_CLOSED | SSH_CLOSED_ERROR)) != 0)
      why = "closed by the client";
    else if (conn.auth_failures >= options.max_auth_attempts)
      why = "too many authentication failures";
    else if (!conn.authed && now - conn.opened > options.login_timeout)
      why = "login timed out";
    else if (conn.draining && now > conn.drain_deadline)
      why = "the client did not close after the router did";
    if (why == nullptr && !conn.draining && conn.router->boot_generation() != conn.generation) {
      spdlog::debug("{}: closing a connection: the router reloaded", conn.router->name());
      start_draining(conn, now);
    }
    if (why != nullptr && !conn.drop) {
      spdlog::debug("{}: dropping a connection: {}", conn.router->name(), why);
      conn.drop = true;
    }
    if (!conn.drop && conn.draining) {
      for (auto &ch : conn.channels) flush(*ch, now, true);
      conn.drop = std::all_of(conn.channels.begin(), conn.channels.end(),
                              [](const auto &ch) { return ch->peer_closed && ch->unsent.empty(); });
    }
    if (!conn.drop && !conn.draining) {
      for (auto &ch : conn.channels) service_channel(conn, *ch, now);
      // Free channels both sides closed.
      for (auto c = conn.channels.begin(); c != conn.channels.end();) {
        Channel &ch = **c;
        if (ch.peer_closed && ch.closed_by_us) {
          ssh_remove_channel_callbacks(ch.channel, &ch.callbacks);
          ssh_channel_free(ch.channel);
          c = conn.channels.erase(c);
        } else {
          ++c;
        }
      }
      // A client has k_idle_without_channels from its login (not from its connection, whose key
      // exchange and login can take longer than that on a loaded machine) to open a channel.
      if (!conn.channels.empty() || (conn.authed && !std::exchange(conn.login_seen, true)))
        conn.last_channel_seen = now;
      else if (conn.authed && now - conn.last_channel_seen > k_idle_without_channels)
        conn.drop = true;
    }
    if (conn.drop) {
      drop_connection(conn);
      it = conns.erase(it);
    } else {
      ++it;
    }
  }
}

int SshServer::Impl::poll_timeout(Clock::time_point now) const {
  Clock::time_point wake = next_tick;
  for (const auto &conn : conns) {
    if (!conn->kex_done) wake = std::min(wake, now + std::chrono::milliseconds(10));
    for (const auto &ch : conn->channels) {
      if (!ch->unsent.empty() || !ch->input.empty() || ch->want_shell || ch->want_exec) {
        wake = std::min(wake, now + std::chrono::milliseconds(5));
      }
      if (!ch->queue.empty()) wake = std::min(wake, ch->queue.front().due);
    }
  }
  return static_cast<int>(until(now, wake).count());
}

SshServer::SshServer(FleetSpec fleet, ServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->fleet = std::move(fleet);
  impl_->options = std::move(options);
}

SshServer::~SshServer() = default;

Status SshServer::start() { return impl_->start(); }

Status SshServer::run() {
  Impl &s = *impl_;
  if (s.event == nullptr) return Status::error(ErrorKind::failed, "the server was not started");
  while (!s.stopping) {
    ssh_event_dopoll(s.event, s.poll_timeout(Clock::now()));  // errors (EINTR) just loop again
    auto now = Clock::now();
    s.service(now);
    if (now >= s.next_tick) {
      s.tick(now);
      s.next_tick = now + s.options.tick_interval;
      s.service(now);  // sessions of a router that just rebooted go now
    }
  }
  return Status::ok();
}

void SshServer::stop() {
  impl_->stopping = true;
  if (impl_->wake_pipe[1] >= 0) {
    const char byte = 's';
    [[maybe_unused]] const auto n = ::write(impl_->wake_pipe[1], &byte, 1);
  }
}

Status SshServer::save_state() const {
  if (!impl_->store) return Status::ok();
  for (const auto &slot : impl_->slots) {
    if (Status s = impl_->store->save(slot.router->name(), slot.router->save_state()); !s) return s;
  }
  return Status::ok();
}

std::size_t SshServer::router_count() const { return impl_->slots.size(); }

std::size_t SshServer::listening_count() const {
  return static_cast<std::size_t>(
      std::count_if(impl_->slots.begin(), impl_->slots.end(), [](const Slot &s) { return s.listen_fd >= 0; }));
}

}  // namespace licmig::sim
