// SshTransport on libssh: connect, host key check, authentication, shell and exec channels.
#include "devices/ssh_transport.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <utility>
#include <vector>

#include <libssh/libssh.h>

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

std::string fingerprint(ssh_key key) {
  unsigned char *hash = nullptr;
  std::size_t len = 0;
  if (key == nullptr || ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != 0) return "(unknown)";
  char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
  std::string out = text ? text : "(unknown)";
  ssh_string_free_char(text);
  ssh_clean_pubkey_hash(&hash);
  return out;
}

// The SHA256 fingerprints of every key `file` holds for `name` (plain or hashed entries).
std::string known_fingerprints(const std::string &file, const std::string &name) {
  std::ifstream in(file);
  std::string line, out;
  while (std::getline(in, line)) {
    ssh_knownhosts_entry *entry = nullptr;
    if (ssh_known_hosts_parse_line(name.c_str(), line.c_str(), &entry) == SSH_OK && entry) {
      out += (out.empty() ? "" : " and ") + fingerprint(entry->publickey);
    }
    if (entry) ssh_knownhosts_entry_free(entry);
  }
  return out.empty() ? "(another key)" : out;
}

std::string known_hosts_name(const std::string &host, int port) {
  return port == 22 ? host : "[" + host + "]:" + std::to_string(port);
}

}  // namespace

struct SshTransport::Impl {
  ssh_session session = nullptr;
  ssh_channel channel = nullptr;

  void reset() {
    if (channel) {
      if (ssh_channel_is_open(channel)) ssh_channel_close(channel);
      ssh_channel_free(channel);
      channel = nullptr;
    }
    if (session) {
      if (ssh_is_connected(session)) ssh_disconnect(session);
      ssh_free(session);
      session = nullptr;
    }
  }
  ~Impl() { reset(); }
};

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
  if (auto st = verify_host_key(); !st) {
    impl_->reset();
    return st;
  }
  if (auto st = authenticate(); !st) {
    impl_->reset();
    return st;
  }
  if (auto st = open_shell(); !st) {
    impl_->reset();
    return st;
  }
  return Status::ok();
}

Status SshTransport::connect_session() {
  impl_->session = ssh_new();
  if (!impl_->session) return fail(ErrorKind::failed, "cannot create an SSH session");
  ssh_session s = impl_->session;
  const int port = options_.port;
  const long secs = static_cast<long>(options_.connect_timeout.count() / 1000);
  const long usecs = static_cast<long>((options_.connect_timeout.count() % 1000) * 1000);
  const int no = 0;
  const int yes = 1;
  std::string kex = modern_kex;
  std::string hostkeys = modern_hostkeys;
  if (options_.legacy) {
    kex += legacy_kex_extra;
    hostkeys += legacy_hostkeys_extra;
  }
  const bool ok =
      ssh_options_set(s, SSH_OPTIONS_HOST, options_.host.c_str()) == 0 &&
      ssh_options_set(s, SSH_OPTIONS_PORT, &port) == 0 &&
      ssh_options_set(s, SSH_OPTIONS_USER, options_.credentials.username.c_str()) == 0 &&
      ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &secs) == 0 &&
      ssh_options_set(s, SSH_OPTIONS_TIMEOUT_USEC, &usecs) == 0 &&
      ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, options_.known_hosts.c_str()) == 0 &&
      ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no) == 0 && ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes) == 0 &&
      ssh_options_set(s, SSH_OPTIONS_KEY_EXCHANGE, kex.c_str()) == 0 &&
      (!options_.legacy || (ssh_options_set(s, SSH_OPTIONS_HOSTKEYS, hostkeys.c_str()) == 0 &&
                            ssh_options_set(s, SSH_OPTIONS_PUBLICKEY_ACCEPTED_TYPES,
                                            (std::string(modern_hostkeys) + legacy_hostkeys_extra).c_str()) == 0));
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
    // says refused or unreachable; when that succeeds, the SSH handshake itself failed.
    const auto elapsed = clock.now() - started;
    ErrorKind kind = ErrorKind::protocol;
    std::string message = "cannot connect to " + peer();
    if (elapsed * 10 >= options_.connect_timeout * 9) {
      kind = ErrorKind::timed_out;
      message =
          "timed out connecting to " + peer() + " after " + std::to_string(options_.connect_timeout.count()) + " ms";
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

Status SshTransport::verify_host_key() {
  ssh_session s = impl_->session;
  ssh_key server_key = nullptr;
  if (ssh_get_server_publickey(s, &server_key) != SSH_OK) {
    return fail(ErrorKind::protocol, peer() + ": the server sent no host key");
  }
  const std::string offered = fingerprint(server_key);
  const std::string key_type = ssh_key_type_to_char(ssh_key_type(server_key));
  ssh_key_free(server_key);
  const std::string name = known_hosts_name(options_.host, options_.port);
  const auto state = ssh_session_is_known_server(s);
  switch (state) {
    case SSH_KNOWN_HOSTS_OK: return Status::ok();
    case SSH_KNOWN_HOSTS_CHANGED:
    case SSH_KNOWN_HOSTS_OTHER: {
      std::string known = known_fingerprints(options_.known_hosts, name);
      return fail(ErrorKind::host_key_changed,
                  "host key for " + name + " has changed: " + options_.known_hosts + " holds " + known +
                      ", the router offers " + offered + " (" + key_type +
                      "). Refusing to connect. If the router's key was replaced on purpose, remove "
                      "the old entry: ssh-keygen -R '" +
                      name + "' -f " + options_.known_hosts);
    }
    case SSH_KNOWN_HOSTS_UNKNOWN:
    case SSH_KNOWN_HOSTS_NOT_FOUND:
      if (!options_.accept_new_host_keys) {
        return fail(ErrorKind::host_key_unknown, "host key for " + name + " is not known (" + key_type + " " + offered +
                                                     "); add it to " + options_.known_hosts +
                                                     " or run with --accept-new-host-keys to record it");
      }
      if (ssh_session_update_known_hosts(s) != SSH_OK) {
        return fail(ErrorKind::io_error,
                    "cannot record the host key of " + name + " in " + options_.known_hosts + ": " + ssh_get_error(s));
      }
      event_ = "recorded new host key " + offered + " for " + name + " in " + options_.known_hosts;
      return Status::ok();
    case SSH_KNOWN_HOSTS_ERROR: break;
  }
  return fail(ErrorKind::io_error,
              "cannot check the host key of " + name + " against " + options_.known_hosts + ": " + ssh_get_error(s));
}

Status SshTransport::authenticate() {
  ssh_session s = impl_->session;
  const auto &cred = options_.credentials;
  int rc = ssh_userauth_none(s, nullptr);
  if (rc == SSH_AUTH_SUCCESS) return Status::ok();
  if (rc == SSH_AUTH_ERROR) {
    return fail(ssh_is_connected(s) ? ErrorKind::protocol : ErrorKind::closed, peer() + ": " + ssh_get_error(s));
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
    for (const auto &file : cred.key_files) {
      ssh_key key = nullptr;
      if (ssh_pki_import_privkey_file(file.c_str(), nullptr, nullptr, nullptr, &key) != SSH_OK) {
        tried.push_back("publickey (" + file + ": cannot read the key)");
        continue;
      }
      tried.push_back("publickey (" + file + ")");
      rc = ssh_userauth_publickey(s, nullptr, key);
      ssh_key_free(key);
      if (rc == SSH_AUTH_SUCCESS) return done("key file");
    }
  }
  if ((methods & unsigned{SSH_AUTH_METHOD_PASSWORD}) && cred.password) {
    tried.push_back("password");
    if (ssh_userauth_password(s, nullptr, cred.password->c_str()) == SSH_AUTH_SUCCESS) return done("password");
  }
  if ((methods & unsigned{SSH_AUTH_METHOD_INTERACTIVE}) && cred.password) {
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
  if (!ssh_is_connected(s)) return fail(ErrorKind::closed, peer() + " closed the connection during authentication");
  std::string offered;
  if (methods & unsigned{SSH_AUTH_METHOD_PUBLICKEY}) offered += " publickey";
  if (methods & unsigned{SSH_AUTH_METHOD_PASSWORD}) offered += " password";
  if (methods & unsigned{SSH_AUTH_METHOD_INTERACTIVE}) offered += " keyboard-interactive";
  std::string list;
  for (const auto &t : tried) list += (list.empty() ? "" : ", ") + t;
  return fail(ErrorKind::auth_failed, "authentication failed for " + cred.username + "@" + peer() + " (tried: " +
                                          (list.empty() ? "nothing — no key, agent or password available" : list) +
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
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo *res = nullptr;
  const auto port = std::to_string(options_.port);
  if (::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &res) != 0 || !res) {
    return fail(ErrorKind::unreachable, "cannot resolve " + options_.host);
  }
  Status result = fail(ErrorKind::unreachable, peer() + " is unreachable");
  for (addrinfo *ai = res; ai; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
      if (rc == 0) {
        ::close(fd);
        result = fail(ErrorKind::timed_out, "timed out connecting to " + peer());
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
      fault_ = ErrorKind::ok;
      return Status::ok();
    }
    result = err == ECONNREFUSED ? fail(ErrorKind::refused, "connection refused by " + peer())
                                 : fail(ErrorKind::unreachable, peer() + ": " + std::strerror(err));
  }
  ::freeaddrinfo(res);
  return result;
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
    if (auto st = verify_host_key(); !st) return st;
    if (auto st = authenticate(); !st) return st;
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

void SshTransport::close() { impl_->reset(); }

}  // namespace licmig::devices
