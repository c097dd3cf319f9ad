// The way to the router when it is not straight: jump hosts (each an SSH session whose
// direct-tcpip channel a pump thread joins to the next hop's socket) or a ProxyCommand (a process
// whose standard input and output are the stream), and how SshTransport describes that way.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

#include <libssh/libssh.h>

#include "devices/credentials.hpp"
#include "devices/ssh_transport.hpp"
#include "devices/ssh_transport_detail.hpp"

extern char **environ;

namespace licmig::devices {

using detail::set_session_options;
using detail::tcp_probe;

namespace {

// Sends all of `data` on the socket `fd`; false once the peer is gone (no SIGPIPE).
bool send_all(int fd, const char *data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The ProxyCommand with OpenSSH's tokens replaced: %h host, %p port, %r user, %% a percent sign.
Result<std::string> expand_proxy_command(const std::string &command, const std::string &host, int port,
                                         const std::string &user) {
  std::string out;
  for (std::size_t i = 0; i < command.size(); ++i) {
    if (command[i] != '%') {
      out.push_back(command[i]);
      continue;
    }
    const char t = i + 1 < command.size() ? command[++i] : '\0';
    switch (t) {
      case 'h': out += host; break;
      case 'p': out += std::to_string(port); break;
      case 'r': out += user; break;
      case '%': out.push_back('%'); break;
      default:
        return Status::invalid_input("ProxyCommand '" + command + "': unknown token %" + std::string(1, t) +
                                     " (licmig knows %h, %p, %r and %%)");
    }
  }
  return out;
}

}  // namespace

void SshTransport::Hop::run() {
  char buf[16384];
  const int ssh_fd = ssh_get_fd(session);
  while (!stop.load()) {
    pollfd p[2] = {{pump_fd, POLLIN, 0}, {ssh_fd, POLLIN, 0}};
    ::poll(p, 2, 20);
    const int n = ssh_channel_read_nonblocking(channel, buf, sizeof buf, 0);
    if (n > 0) {
      if (!send_all(pump_fd, buf, static_cast<std::size_t>(n))) break;
      continue;
    }
    if (n == SSH_ERROR || ssh_channel_is_eof(channel) || !ssh_channel_is_open(channel)) break;
    if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      const ssize_t r = ::read(pump_fd, buf, sizeof buf);
      if (r > 0) {
        if (ssh_channel_write(channel, buf, static_cast<uint32_t>(r)) != static_cast<int>(r)) break;
      } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
        ssh_channel_send_eof(channel);
        break;
      }
    }
  }
  ::shutdown(pump_fd, SHUT_RDWR);  // the next session sees the end at once
}

std::string SshTransport::route_description() const {
  return options_.route.direct() ? std::string("straight") : "through " + route_text();
}

std::string SshTransport::route_text() const {
  const auto &route = options_.route;
  if (route.proxy_command) return "ProxyCommand '" + *route.proxy_command + "'";
  std::string names;
  for (const auto &j : route.jumps) names += (names.empty() ? "" : ", ") + j.to_string();
  return (route.jumps.size() == 1 ? "jump host " : "jump hosts ") + names;
}

Status SshTransport::connect_jumps() {
  const auto &jumps = options_.route.jumps;
  const std::string router = peer();
  int fd = -1;  // the stream to the current hop; -1: a TCP connection of libssh's own
  for (std::size_t i = 0; i < jumps.size(); ++i) {
    const JumpHost &j = jumps[i];
    auto hop = std::make_unique<Hop>();
    hop->name = j.to_string();
    const std::string where = "jump host " + hop->name + " (on the way to " + router + ")";
    hop->session = ssh_new();
    Hop &h = *hop;
    impl_->hops.push_back(std::move(hop));
    if (!h.session) {
      if (fd >= 0) ::close(fd);
      return fail(ErrorKind::failed, "cannot create an SSH session");
    }
    Credentials cred;
    cred.username = j.user.empty() ? local_user_name().value_or("") : j.user;
    cred.use_agent = options_.credentials.use_agent;
    cred.key_files = j.identity_files.empty() ? default_identities() : j.identity_files;
    cred.key_passphrases = options_.credentials.key_passphrases;
    if (cred.username.empty()) {
      if (fd >= 0) ::close(fd);
      return fail(ErrorKind::invalid_input, where + ": no user name (write user@host)");
    }
    const bool options_ok = set_session_options(h.session, j.host, j.port, cred.username, options_.known_hosts,
                                                options_.connect_timeout, false) &&
                            (fd < 0 || ssh_options_set(h.session, SSH_OPTIONS_FD, &fd) == 0);
    if (!options_ok) {
      if (fd >= 0) ::close(fd);
      return fail(ErrorKind::failed, where + ": bad SSH options: " + ssh_get_error(h.session));
    }
    fd = -1;  // the session owns it now
    auto &clock = base::system_clock();
    const auto started = clock.now();
    if (ssh_connect(h.session) != SSH_OK) {
      const std::string why = ssh_get_error(h.session);
      if ((clock.now() - started) * 10 >= options_.connect_timeout * 9) {
        return fail(ErrorKind::timed_out, "timed out connecting to " + where + ": " + why);
      }
      if (i == 0) {
        if (auto tcp = tcp_probe(j.host, j.port, options_.connect_timeout); !tcp) {
          return fail(tcp.kind(), "cannot connect to " + where + ": " + tcp.message());
        }
      }
      return fail(ErrorKind::protocol, "the SSH handshake with " + where + " failed: " + why);
    }
    if (auto st = verify_host_key(h.session, j.host, j.port, "jump host"); !st) {
      return Status::error(st.kind(), where + ": " + st.message());
    }
    const std::string as_peer = j.host + ":" + std::to_string(j.port) + " (jump host on the way to " + router + ")";
    if (auto st = authenticate(h.session, cred, as_peer, false); !st) return st;
    const bool last = i + 1 == jumps.size();
    const std::string next_host = last ? options_.host : jumps[i + 1].host;
    const int next_port = last ? options_.port : jumps[i + 1].port;
    h.channel = ssh_channel_new(h.session);
    if (!h.channel || ssh_channel_open_forward(h.channel, next_host.c_str(), next_port, "127.0.0.1", 0) != SSH_OK) {
      return fail(ErrorKind::unreachable, where + " cannot open a connection to " + next_host + ":" +
                                              std::to_string(next_port) + ": " + ssh_get_error(h.session));
    }
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
      return fail(ErrorKind::io_error, std::string("cannot make a socket pair: ") + std::strerror(errno));
    }
    h.pump_fd = pair[1];
    fd = pair[0];
    h.pump = std::thread([&h] { h.run(); });
  }
  impl_->route_fd = fd;
  return Status::ok();
}

Status SshTransport::start_proxy_command() {
  auto command =
      expand_proxy_command(*options_.route.proxy_command, options_.host, options_.port, options_.credentials.username);
  if (!command) return fail(ErrorKind::invalid_input, peer() + ": " + command.status().message());
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    return fail(ErrorKind::io_error, std::string("cannot make a socket pair: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawnattr_init(&attr);
  ::posix_spawn_file_actions_adddup2(&actions, pair[1], STDIN_FILENO);
  ::posix_spawn_file_actions_adddup2(&actions, pair[1], STDOUT_FILENO);
  // Its own process group (reset() stops it and what it started), no signal blocked, and the
  // signals licmig handles at their defaults.
  sigset_t none;
  sigset_t defaults;
  ::sigemptyset(&none);
  ::sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGHUP}) ::sigaddset(&defaults, sig);
  ::posix_spawnattr_setflags(
      &attr, static_cast<short>(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF));
  ::posix_spawnattr_setpgroup(&attr, 0);
  ::posix_spawnattr_setsigmask(&attr, &none);
  ::posix_spawnattr_setsigdefault(&attr, &defaults);
  std::string sh = "/bin/sh";
  std::string dash_c = "-c";
  char *argv[] = {sh.data(), dash_c.data(), command.value().data(), nullptr};
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
  ::posix_spawn_file_actions_destroy(&actions);
  ::posix_spawnattr_destroy(&attr);
  ::close(pair[1]);
  if (rc != 0) {
    ::close(pair[0]);
    return fail(ErrorKind::failed, peer() + ": cannot run the " + route_text() + ": " + std::strerror(rc));
  }
  impl_->proxy_pid = pid;
  impl_->route_fd = pair[0];
  return Status::ok();
}

}  // namespace licmig::devices
