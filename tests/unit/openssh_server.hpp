// A real OpenSSH sshd for unit tests -- a server we did not write -- run as whoever runs the test,
// root or not (the C++ twin of tests/e2e/harness.py's Sshd; see docs/testing.md).
//
// Debian's /usr/sbin/sshd listens on a free loopback port with everything its own, in `dir`: its
// config, host key (dir/host_key), AuthorizedKeysFile (dir/authorized_keys), PidFile and log
// (dir/NAME.log); UsePAM no, StrictModes no. One logs in as the current user (current_login()), by
// key or by password. The machine's user database is never changed and need not be readable:
// write_user_database() writes a copy of the passwd database in which the current user's shell is
// /bin/sh (sshd runs ForceCommand through the user's shell; bash could source the machine's startup
// files), a shadow file of one line, the current user with the password's hash, and the group
// database without "tty" (an unprivileged sshd cannot give a pty to that group; without it, sshd gives
// it to the user's own); sshd reads them through nss_wrapper (libnss-wrapper, LD_PRELOAD). As root
// sshd also needs /run/sshd.
//
// Thread-safety: one test thread.
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "devices/ssh_transport.hpp"

namespace licmig::test {

inline constexpr const char *k_sshd = "/usr/sbin/sshd";  // Debian's openssh-server

// The current user's name (whom every Sshd lets in).
inline std::string current_login() {
  const passwd *pw = ::getpwuid(::getuid());
  return pw != nullptr ? pw->pw_name : std::to_string(::getuid());
}

// dir/passwd (every entry of the passwd database, the current user's shell /bin/sh) and dir/shadow
// (the current user with `password_hash`, e.g. from `openssl passwd -6`; "*" for none).
inline void write_user_database(const std::filesystem::path &dir, const std::string &password_hash) {
  std::ofstream out(dir / "passwd");
  const uid_t me = ::getuid();
  bool listed = false;
  ::setpwent();
  while (const passwd *pw = ::getpwent()) {
    const bool mine = pw->pw_uid == me;
    listed = listed || mine;
    out << pw->pw_name << ":x:" << pw->pw_uid << ':' << pw->pw_gid << ':' << pw->pw_gecos << ':' << pw->pw_dir << ':'
        << (mine ? "/bin/sh" : pw->pw_shell) << "\n";
  }
  ::endpwent();
  if (!listed) out << current_login() << ":x:" << me << ':' << ::getgid() << "::/:/bin/sh\n";
  // the group database without "tty": sshd then gives a session's pty to the user's own group,
  // which an unprivileged sshd may (it cannot chown it to "tty")
  std::ofstream groups(dir / "group");
  ::setgrent();
  while (const group *g = ::getgrent()) {
    if (std::string(g->gr_name) == "tty") continue;
    groups << g->gr_name << ":x:" << g->gr_gid << ':';
    for (char **m = g->gr_mem; *m != nullptr; ++m) groups << (m == g->gr_mem ? "" : ",") << *m;
    groups << "\n";
  }
  ::endgrent();
  std::ofstream(dir / "shadow") << current_login() << ':' << password_hash << ":19000:0:99999:7:::\n";
  ::chmod((dir / "shadow").c_str(), 0600);
}

class Sshd {
 public:
  // Starts sshd NAME on `port` with dir's host key, authorized_keys and user database
  // (write_user_database first), running `force_command`, plus `extra_config` lines.
  Sshd(const std::filesystem::path &dir, const std::string &name, int port, const std::string &force_command,
       const std::string &extra_config)
      : port_(port), log_(dir / (name + ".log")) {
    const auto config = dir / (name + ".conf");
    std::ofstream(config) << "Port " << port << "\nListenAddress 127.0.0.1\nHostKey " << (dir / "host_key").string()
                          << "\nPidFile " << (dir / (name + ".pid")).string() << "\nAuthorizedKeysFile "
                          << (dir / "authorized_keys").string()
                          << "\nPermitRootLogin yes\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\n"
                             "PubkeyAuthentication yes\nUsePAM no\nStrictModes no\nPermitUserRC no\nPrintMotd no\n"
                             "PrintLastLog no\nLogLevel VERBOSE\nForceCommand "
                          << force_command << "\n"
                          << extra_config;
    if (::geteuid() == 0) ::mkdir("/run/sshd", 0755);  // root's sshd: its privilege separation folder
    // Everything the child needs is built before fork(): it only calls async-signal-safe functions.
    std::vector<std::string> env = {"LD_PRELOAD=libnss_wrapper.so", "NSS_WRAPPER_PASSWD=" + (dir / "passwd").string(),
                                    "NSS_WRAPPER_GROUP=" + (dir / "group").string(),
                                    "NSS_WRAPPER_SHADOW=" + (dir / "shadow").string()};
    for (char **e = environ; *e != nullptr; ++e) {
      const std::string entry = *e;
      if (entry.rfind("LD_PRELOAD=", 0) != 0 && entry.rfind("NSS_WRAPPER_", 0) != 0) env.push_back(entry);
    }
    std::vector<char *> envp;
    for (auto &e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string config_path = config.string();
    const char *argv[] = {k_sshd, "-D", "-e", "-f", config_path.c_str(), nullptr};  // sshd re-execs argv[0]
    const int log_fd = ::open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      if (log_fd < 0 || ::dup2(log_fd, STDERR_FILENO) < 0) ::_exit(126);
      ::execve(k_sshd, const_cast<char *const *>(argv), envp.data());
      ::_exit(127);
    }
    if (log_fd >= 0) ::close(log_fd);
    // Ready when it answers an SSH probe: up to 20 s, a generous deadline on a busy runner.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!ready() && std::chrono::steady_clock::now() < deadline && running())
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Sshd(const Sshd &) = delete;
  Sshd &operator=(const Sshd &) = delete;
  ~Sshd() {
    if (pid_ > 0) {
      ::kill(-pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  bool ready() const {
    devices::SshOptions o;
    o.host = "127.0.0.1";
    o.port = port_;
    devices::SshTransport t(o);
    return static_cast<bool>(t.probe(base::Millis(500)));
  }
  int port() const { return port_; }
  const std::filesystem::path &log() const { return log_; }

 private:
  bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }
  int port_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

}  // namespace licmig::test
