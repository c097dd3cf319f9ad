// SshTransport on libssh: connect, host key check, authentication, shell and exec channels (the way
// through jump hosts or a ProxyCommand: ssh_route_connect.cpp).
#include "devices/ssh_transport.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>
#include <utility>
#include <vector>

#include <libssh/libssh.h>

#include "devices/known_hosts.hpp"
#include "devices/ssh_scp.hpp"
#include "devices/ssh_transport_detail.hpp"

namespace licmig::devices {

namespace {

constexpr const char *modern_kex =
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256,"
    "diffie-hellman-group14-sha256";
constexpr const char *legacy_kex_extra = ",diffie-hellman-group14-sha1";
constexpr const char *modern_hostkeys =
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,rsa-sha2-512,rsa-sha2-256";
constexpr const char *legacy_hostkeys_extra = ",ssh-rsa";

}  // namespace

namespace detail {

void free_session(ssh_session &session, ssh_channel &channel) {
  if (channel) {
    if (ssh_channel_is_open(channel)) ssh_channel_close(channel);
    ssh_channel_free(channel);
    channel = nullptr;
  }
  if (session) {
    if (ssh_is_connected(session)) ssh_disconnect(session);
    ssh_free(session);  // closes the socket, also one given with SSH_OPTIONS_FD
    session = nullptr;
  }
}

}  // namespace detail

using detail::free_session;
using detail::set_session_options;
using detail::tcp_probe;

void SshTransport::Impl::reset() {
  free_session(session, channel);
  if (route_fd >= 0) ::close(route_fd);
  route_fd = -1;
  for (auto &hop : hops) hop->stop = true;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if ((*it)->pump.joinable()) (*it)->pump.join();
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    free_session((*it)->session, (*it)->channel);
    if ((*it)->pump_fd >= 0) ::close((*it)->pump_fd);
  }
  hops.clear();
  if (proxy_pid > 0) {
    // Its process group: the command and what it started. SIGCONT wakes one stopped reading a
    // terminal it does not own; what is still there after two seconds is killed.
    ::kill(-proxy_pid, SIGTERM);
    ::kill(-proxy_pid, SIGCONT);
    int status = 0;
    for (int i = 0; i < 200 && ::waitpid(proxy_pid, &status, WNOHANG) == 0; ++i) ::usleep(10000);
    if (::waitpid(proxy_pid, &status, WNOHANG) == 0) {
      ::kill(-proxy_pid, SIGKILL);
      while (::waitpid(proxy_pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    proxy_pid = -1;
  }
}

SshTransport::Impl::~Impl() { reset(); }

std::string default_known_hosts() {
  const char *home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.ssh/known_hosts";
}

SshTransport::SshTransport(SshOptions options) : options_(std::move(options)), impl_(std::make_unique<Impl>()) {
  if (options_.known_hosts.empty()) options_.known_hosts = default_known_hosts();
}

SshTransport::~SshTransport() = default;

std::string SshTransport::peer() const { return options_.host + ":" + std::to_string(options_.port); }

Status SshTransport::fail(ErrorKind fault, std::string message) {
  fault_ = fault;
  return Status::error(fault, std::move(message));
}

bool SshTransport::is_open() const {
  return impl_->channel != nullptr && ssh_channel_is_open(impl_->channel) && !ssh_channel_is_eof(impl_->channel);
}

Status SshTransport::open() {
  close();
  fault_ = ErrorKind::ok;
  event_.clear();
  if (auto st = connect_session(); !st) return st;
  if (auto st = verify_host_key(impl_->session, options_.host, options_.port, "router"); !st) {
    impl_->reset();
    return st;
  }
  if (auto st = authenticate(impl_->session, options_.credentials, peer(), true); !st) {
    impl_->reset();
    return st;
  }
  if (auto st = open_shell(); !st) {
    impl_->reset();
    return st;
  }
  return Status::ok();
}

namespace {

// The host key algorithms to offer, those of the keys known for the host first (as libssh orders
// them when it reads known_hosts itself): a router with several host keys is asked for the one on file.
std::string hostkey_order(const std::string &algorithms, const std::vector<std::string> &known_types) {
  auto of_type = [&](const std::string &algorithm) {
    return std::any_of(known_types.begin(), known_types.end(), [&](const std::string &type) {
      if (type == "ssh-rsa") return algorithm == "ssh-rsa" || algorithm.rfind("rsa-sha2-", 0) == 0;
      return algorithm == type;
    });
  };
  std::vector<std::string> first, rest;
  std::size_t from = 0;
  while (from <= algorithms.size()) {
    const auto comma = algorithms.find(',', from);
    std::string a = algorithms.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
    if (!a.empty()) (of_type(a) ? first : rest).push_back(std::move(a));
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  std::string out;
  for (const auto *list : {&first, &rest}) {
    for (const auto &a : *list) out += (out.empty() ? "" : ",") + a;
  }
  return out;
}

}  // namespace

namespace detail {

// Session options shared by the router's session and every jump host's. libssh is pointed at no
// known_hosts file: licmig checks host keys against its shared index (known_hosts.hpp), which reads
// a file once instead of once or twice per connection.
bool set_session_options(ssh_session s, const std::string &host, int port, const std::string &user,
                         const std::string &known_hosts, base::Millis timeout, bool legacy) {
  const long secs = static_cast<long>(timeout.count() / 1000);
  const long usecs = static_cast<long>((timeout.count() % 1000) * 1000);
  const int no = 0;
  const int yes = 1;
  std::string kex = modern_kex;
  std::string hostkeys = modern_hostkeys;
  if (legacy) {
    kex += legacy_kex_extra;
    hostkeys += legacy_hostkeys_extra;
  }
  hostkeys = hostkey_order(hostkeys, KnownHosts::of(known_hosts)->key_types(KnownHosts::entry_name(host, port)));
  return ssh_options_set(s, SSH_OPTIONS_HOST, host.c_str()) == 0 && ssh_options_set(s, SSH_OPTIONS_PORT, &port) == 0 &&
         ssh_options_set(s, SSH_OPTIONS_USER, user.c_str()) == 0 &&
         ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &secs) == 0 &&
         ssh_options_set(s, SSH_OPTIONS_TIMEOUT_USEC, &usecs) == 0 &&
         ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, "/dev/null") == 0 &&
         ssh_options_set(s, SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null") == 0 &&
         ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no) == 0 &&
         ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes) == 0 &&
         ssh_options_set(s, SSH_OPTIONS_KEY_EXCHANGE, kex.c_str()) == 0 &&
         ssh_options_set(s, SSH_OPTIONS_HOSTKEYS, hostkeys.c_str()) == 0 &&
         (!legacy || ssh_options_set(s, SSH_OPTIONS_PUBLICKEY_ACCEPTED_TYPES,
                                     (std::string(modern_hostkeys) + legacy_hostkeys_extra).c_str()) == 0);
}

// A TCP connection to host:port, to tell refused, unreachable and timed out apart.
Status tcp_probe(const std::string &host, int port, base::Millis timeout) {
  const std::string peer = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *res = nullptr;
  const auto port_text = std::to_string(port);
  if (::getaddrinfo(host.c_str(), port_text.c_str(), &hints, &res) != 0 || !res) {
    return Status::unreachable("cannot resolve " + host);
  }
  Status result = Status::unreachable(peer + " is unreachable");
  for (addrinfo *ai = res; ai; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
      if (rc == 0) {
        ::close(fd);
        result = Status::timed_out("timed out connecting to " + peer);
        continue;
      }
      int err = 0;
      socklen_t len = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      rc = err == 0 ? 0 : -1;
      errno = err;
    }
    const int err = errno;
    ::close(fd);
    if (rc == 0) {
      ::freeaddrinfo(res);
      return Status::ok();
    }
    result = err == ECONNREFUSED ? Status::refused("connection refused by " + peer)
                                 : Status::unreachable(peer + ": " + std::strerror(err));
  }
  ::freeaddrinfo(res);
  return result;
}

}  // namespace detail

std::string SshTransport::router_address() const {
  if (!options_.route.direct() || impl_->session == nullptr || !ssh_is_connected(impl_->session)) return "";
  const int fd = ssh_get_fd(impl_->session);
  sockaddr_storage peer{};
  socklen_t len = sizeof peer;
  if (fd < 0 || ::getpeername(fd, reinterpret_cast<sockaddr *>(&peer), &len) != 0) return "";
  char text[INET6_ADDRSTRLEN] = {};
  if (peer.ss_family == AF_INET) {
    const auto *v4 = reinterpret_cast<const sockaddr_in *>(&peer);
    if (::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text) == nullptr) return "";
  } else if (peer.ss_family == AF_INET6) {
    const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(&peer);
    if (IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
      if (::inet_ntop(AF_INET, &v6->sin6_addr.s6_addr[12], text, sizeof text) == nullptr) return "";
    } else if (::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text) == nullptr) {
      return "";
    }
  } else {
    return "";
  }
  return text;
}

Status SshTransport::connect_session() {
  impl_->reset();
  const bool routed = !options_.route.direct();
  if (!options_.route.jumps.empty()) {
    if (auto st = connect_jumps(); !st) {
      impl_->reset();
      return st;
    }
  } else if (options_.route.proxy_command) {
    if (auto st = start_proxy_command(); !st) {
      impl_->reset();
      return st;
    }
  }
  impl_->session = ssh_new();
  if (!impl_->session) {
    impl_->reset();
    return fail(ErrorKind::failed, "cannot create an SSH session");
  }
  ssh_session s = impl_->session;
  bool ok = set_session_options(s, options_.host, options_.port, options_.credentials.username, options_.known_hosts,
                                options_.connect_timeout, options_.legacy);
  if (ok && routed) {
    ok = ssh_options_set(s, SSH_OPTIONS_FD, &impl_->route_fd) == 0;
    if (ok) impl_->route_fd = -1;  // the session owns it now
  }
  if (!ok) {
    std::string why = ssh_get_error(s);
    impl_->reset();
    return fail(ErrorKind::failed, peer() + ": bad SSH options: " + why);
  }
  auto &clock = base::system_clock();
  const auto started = clock.now();
  if (ssh_connect(s) != SSH_OK) {
    std::string why = ssh_get_error(s);
    impl_->reset();
    // libssh says what went wrong only in words. The kind is found without them: a wait that used
    // (nearly) the whole timeout timed out; else our own TCP connect (errno-based, see probe())
    // says refused or unreachable; when that succeeds, the SSH handshake itself failed. A routed
    // connection is never probed straight.
    const auto elapsed = clock.now() - started;
    ErrorKind kind = ErrorKind::protocol;
    std::string message = "cannot connect to " + peer();
    if (elapsed * 10 >= options_.connect_timeout * 9) {
      kind = ErrorKind::timed_out;
      message =
          "timed out connecting to " + peer() + " after " + std::to_string(options_.connect_timeout.count()) + " ms";
      if (routed) message += " through " + route_text();
    } else if (routed) {
      kind = ErrorKind::unreachable;
      message = "cannot connect to " + peer() + " through " + route_text();
    } else if (auto tcp = probe(options_.connect_timeout); !tcp) {
      kind = tcp.kind();
      message = tcp.message();
    } else {
      message = "the SSH handshake with " + peer() + " failed";
      if (!options_.legacy) message += " (an old IOS may need `ssh_legacy: true` in the inventory)";
    }
    return fail(kind, message + ": " + why);
  }
  return Status::ok();
}

Status SshTransport::verify_host_key(ssh_session s, const std::string &host, int port, const char *role) {
  ssh_key server_key = nullptr;
  const std::string name = KnownHosts::entry_name(host, port);
  if (ssh_get_server_publickey(s, &server_key) != SSH_OK) {
    return fail(ErrorKind::protocol, name + ": the server sent no host key");
  }
  auto known_hosts = KnownHosts::of(options_.known_hosts);
  auto checked = known_hosts->check(name, server_key);
  const std::string offered = host_key_fingerprint(server_key);
  const std::string key_type = ssh_key_type_to_char(ssh_key_type(server_key));
  ssh_key_free(server_key);
  if (!checked) {
    return fail(ErrorKind::io_error, "cannot check the host key of " + name + ": " + checked.error_message());
  }
  switch (checked->state) {
    case KnownHosts::State::ok: return Status::ok();
    case KnownHosts::State::changed:
    case KnownHosts::State::other:
      return fail(ErrorKind::host_key_changed,
                  "host key for " + name + " has changed: " + options_.known_hosts + " holds " + checked->known +
                      ", the " + role + " offers " + offered + " (" + key_type + "). Refusing to connect. If the " +
                      role + "'s key was replaced on purpose, remove the old entry: ssh-keygen -R '" + name + "' -f " +
                      options_.known_hosts);
    case KnownHosts::State::not_found: break;
  }
  if (!options_.accept_new_host_keys) {
    return fail(ErrorKind::host_key_unknown, "host key for " + name + " is not known (" + key_type + " " + offered +
                                                 "); add it to " + options_.known_hosts +
                                                 " or run with --accept-new-host-keys to record it");
  }
  if (auto st = known_hosts->add(s, name); !st) return fail(st.kind(), st.message());
  event_ += (event_.empty() ? "" : "; ") + std::string("recorded new host key ") + offered + " for " + name + " in " +
            options_.known_hosts;
  return Status::ok();
}

Status SshTransport::authenticate(ssh_session s, const Credentials &cred, const std::string &where,
                                  bool password_allowed) {
  int rc = ssh_userauth_none(s, nullptr);
  if (rc == SSH_AUTH_SUCCESS) return Status::ok();
  if (rc == SSH_AUTH_ERROR) {
    return fail(ssh_is_connected(s) ? ErrorKind::protocol : ErrorKind::closed, where + ": " + ssh_get_error(s));
  }
  const auto methods = static_cast<unsigned>(ssh_userauth_list(s, nullptr));
  std::vector<std::string> tried;
  auto done = [&](const char *how) {
    event_ += (event_.empty() ? "" : "; ") + std::string("authenticated by ") + how;
    return Status::ok();
  };
  if (methods & unsigned{SSH_AUTH_METHOD_PUBLICKEY}) {
    const char *agent = std::getenv("SSH_AUTH_SOCK");
    if (cred.use_agent && agent && *agent) {
      tried.push_back("publickey (ssh-agent)");
      if (ssh_userauth_agent(s, nullptr) == SSH_AUTH_SUCCESS) return done("ssh-agent key");
    }
    std::vector<std::string> files;
    for (const auto &file : cred.key_files) files.push_back(expand_home(file));
    if (files.empty()) files = default_identities();
    for (const auto &file : files) {
      ssh_key key = nullptr;
      const auto typed = cred.key_passphrases.find(file);
      const char *passphrase = typed == cred.key_passphrases.end() ? nullptr : typed->second.c_str();
      if (ssh_pki_import_privkey_file(file.c_str(), passphrase, nullptr, nullptr, &key) != SSH_OK) {
        if (key_is_encrypted(file)) {
          tried.push_back("publickey (" + file +
                          (passphrase ? ": the passphrase typed does not open the key)"
                                      : ": the key is passphrase-protected; give its passphrase with --ask-pass or "
                                        "load it into ssh-agent (ssh-add " +
                                            file + "))"));
          continue;
        }
        tried.push_back("publickey (" + file + ": cannot read the key)");
        continue;
      }
      tried.push_back("publickey (" + file + ")");
      rc = ssh_userauth_publickey(s, nullptr, key);
      ssh_key_free(key);
      if (rc == SSH_AUTH_SUCCESS) return done("key file");
    }
  }
  if (password_allowed && (methods & unsigned{SSH_AUTH_METHOD_PASSWORD}) && cred.password) {
    tried.push_back("password");
    if (ssh_userauth_password(s, nullptr, cred.password->c_str()) == SSH_AUTH_SUCCESS) return done("password");
  }
  if (password_allowed && (methods & unsigned{SSH_AUTH_METHOD_INTERACTIVE}) && cred.password) {
    tried.push_back("keyboard-interactive");
    rc = ssh_userauth_kbdint(s, nullptr, nullptr);
    for (int round = 0; rc == SSH_AUTH_INFO && round < 5; ++round) {
      const int n = ssh_userauth_kbdint_getnprompts(s);
      for (int i = 0; i < n; ++i) {
        char echo = 0;
        ssh_userauth_kbdint_getprompt(s, static_cast<unsigned>(i), &echo);
        const std::string &answer = echo ? cred.username : *cred.password;
        ssh_userauth_kbdint_setanswer(s, static_cast<unsigned>(i), answer.c_str());
      }
      rc = ssh_userauth_kbdint(s, nullptr, nullptr);
    }
    if (rc == SSH_AUTH_SUCCESS) return done("keyboard-interactive");
  }
  if (!ssh_is_connected(s)) return fail(ErrorKind::closed, where + " closed the connection during authentication");
  std::string offered;
  if (methods & unsigned{SSH_AUTH_METHOD_PUBLICKEY}) offered += " publickey";
  if (methods & unsigned{SSH_AUTH_METHOD_PASSWORD}) offered += " password";
  if (methods & unsigned{SSH_AUTH_METHOD_INTERACTIVE}) offered += " keyboard-interactive";
  std::string list;
  for (const auto &t : tried) list += (list.empty() ? "" : ", ") + t;
  std::string nothing = password_allowed ? "nothing — no key, agent or password available"
                                         : "nothing — no agent key or key file (~/.ssh/id_*) for a jump host";
  return fail(ErrorKind::auth_failed, "authentication failed for " + cred.username + "@" + where +
                                          " (tried: " + (list.empty() ? nothing : list) +
                                          "; the server offers:" + (offered.empty() ? " none" : offered) + ")");
}

Status SshTransport::open_shell() {
  ssh_session s = impl_->session;
  impl_->channel = ssh_channel_new(s);
  ssh_channel ch = impl_->channel;
  if (!ch || ssh_channel_open_session(ch) != SSH_OK) {
    return fail(ErrorKind::protocol, peer() + ": cannot open a session channel: " + ssh_get_error(s));
  }
  if (ssh_channel_request_pty_size(ch, "vt100", options_.columns, options_.rows) != SSH_OK) {
    return fail(ErrorKind::protocol, peer() + ": the router refused a terminal: " + ssh_get_error(s));
  }
  if (ssh_channel_request_shell(ch) != SSH_OK) {
    return fail(ErrorKind::protocol, peer() + ": the router refused a shell: " + ssh_get_error(s));
  }
  return Status::ok();
}

Status SshTransport::probe(base::Millis timeout) {
  fault_ = ErrorKind::ok;
  // Through a jump host or a ProxyCommand the router is reached only by open(): never straight.
  if (!options_.route.direct()) return Status::ok();
  auto st = tcp_probe(options_.host, options_.port, timeout);
  if (!st) fault_ = st.kind();
  return st;
}

Result<std::string> SshTransport::read(base::Millis wait) {
  ssh_channel ch = impl_->channel;
  if (!ch) return fail(ErrorKind::closed, "not connected to " + peer());
  char buf[16384];
  const int ms = static_cast<int>(std::max<base::Millis::rep>(1, wait.count()));
  const int n = ssh_channel_read_timeout(ch, buf, sizeof buf, 0, ms);
  if (n > 0) {
    fault_ = ErrorKind::ok;
    return std::string(buf, static_cast<std::size_t>(n));
  }
  if (n == SSH_ERROR || ssh_channel_is_eof(ch) || !ssh_channel_is_open(ch) || !ssh_is_connected(impl_->session)) {
    return fail(ErrorKind::closed, "the connection to " + peer() + " was closed");
  }
  return std::string();
}

Status SshTransport::write(std::string_view data) {
  ssh_channel ch = impl_->channel;
  if (!ch || !ssh_channel_is_open(ch)) return fail(ErrorKind::closed, "not connected to " + peer());
  const int n = ssh_channel_write(ch, data.data(), static_cast<uint32_t>(data.size()));
  if (n == SSH_ERROR || static_cast<std::size_t>(n) != data.size()) {
    return fail(ErrorKind::closed, "cannot send to " + peer() + ": " + ssh_get_error(impl_->session));
  }
  return Status::ok();
}

Result<std::string> SshTransport::exec(const std::string &command, base::Millis timeout) {
  if (!impl_->session || !ssh_is_connected(impl_->session)) {
    if (auto st = connect_session(); !st) return st;
    if (auto st = verify_host_key(impl_->session, options_.host, options_.port, "router"); !st) return st;
    if (auto st = authenticate(impl_->session, options_.credentials, peer(), true); !st) return st;
  }
  ssh_channel ch = ssh_channel_new(impl_->session);
  if (!ch || ssh_channel_open_session(ch) != SSH_OK || ssh_channel_request_exec(ch, command.c_str()) != SSH_OK) {
    std::string why = ssh_get_error(impl_->session);
    if (ch) ssh_channel_free(ch);
    return fail(ErrorKind::protocol, peer() + ": cannot run '" + command + "': " + why);
  }
  std::string out;
  char buf[16384];
  int left = static_cast<int>(timeout.count());
  while (!ssh_channel_is_eof(ch)) {
    if (left <= 0) {
      ssh_channel_close(ch);
      ssh_channel_free(ch);
      return fail(ErrorKind::timed_out,
                  peer() + ": '" + command + "' did not finish within " + std::to_string(timeout.count()) + " ms");
    }
    const int slice = std::min(left, 200);
    const int n = ssh_channel_read_timeout(ch, buf, sizeof buf, 0, slice);
    if (n == SSH_ERROR) break;
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    } else {
      left -= slice;
    }
    const int e = ssh_channel_read_nonblocking(ch, buf, sizeof buf, 1);
    if (e > 0) out.append(buf, static_cast<std::size_t>(e));
  }
  ssh_channel_send_eof(ch);
  ssh_channel_close(ch);
  ssh_channel_free(ch);
  fault_ = ErrorKind::ok;
  return out;
}

Status SshTransport::send_file(const FileSend &file) {
  if (!impl_->session || !ssh_is_connected(impl_->session)) {
    return fail(ErrorKind::closed, "not connected to " + peer());
  }
  auto st = scp_send(impl_->session, file, peer());
  if (!st) return fail(st.kind(), st.message());
  fault_ = ErrorKind::ok;
  return st;
}

void SshTransport::close() { impl_->reset(); }

}  // namespace licmig::devices
