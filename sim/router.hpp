// One simulated IOS XE router: its state (running and saved configuration, release, licenses, Smart
// registration, logs, reload count), the behaviour model of the vendor guide (what a reload does to
// license mode and level), and its CLI. No sockets, time passed in; files only on its bootflash
// (bootflash.hpp) and through transfers (transfer.hpp). The SSH
// server (ssh_server.hpp) and the --stdio mode drive it.
//
// Thread-safety: none. The simulator runs every router on one event-loop thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "sim/router_spec.hpp"

namespace licmig::sim {

using Clock = std::chrono::steady_clock;

// What the CLI sends back for one piece of input.
struct Reply {
  std::string text;                    // bytes to send (echo is the client's pty business: not included)
  std::chrono::milliseconds delay{0};  // send after this long (command_delay_ms fault)
  bool close = false;                  // drop the connection after sending (exit, reload, drop fault)
  // More bytes after `text`, each piece `after` the one before it (a pause after a fake prompt, a
  // trickle): `close` applies after the last piece.
  struct Later {
    std::chrono::milliseconds after{0};
    std::string text;
  };
  std::vector<Later> later;
};

class Router;

// One interactive shell on a router (an SSH "shell" channel, or --stdio).
class CliSession {
 public:
  virtual ~CliSession() = default;
  // Banner (if any) and the first prompt, e.g. "\r\nPE1>" or "PE1#" for a privilege-15 user.
  virtual std::string start() = 0;
  // Bytes the client typed: may hold part of a line, one line or several (\r, \n or \r\n ended).
  virtual Reply input(std::string_view bytes, Clock::time_point now) = 0;
  // True once the session has ended (exit/logout, reload, the router dropped it).
  virtual bool closed() const = 0;
  // True while the router asks for a secret (`enable`'s "Password: "): the pty must not echo.
  virtual bool echo_off() const { return false; }
  // Output that became due without input (progress and end of a `copy` running in the background);
  // called by the server on every turn of its loop.
  virtual Reply poll(Clock::time_point /*now*/) { return {}; }
};

// The router's end of `scp -t TARGET` on an SSH exec channel, once `ip scp server enable` is
// configured (scp_sink.cpp): the sink side of the SCP protocol (C line, data, \0 acks) writing to
// bootflash.
class ScpSession {
 public:
  virtual ~ScpSession() = default;
  virtual std::string start() = 0;  // the first "\0" (ready)
  // Bytes from the client; returns what to send back (acks, "\1scp: ...\n" errors).
  virtual std::string input(std::string_view bytes, Clock::time_point now) = 0;
  // An ack held back by the link rate that became due.
  virtual std::string poll(Clock::time_point now) = 0;
  virtual bool finished() const = 0;         // a fatal error: close the channel after sending
  virtual bool drop_connection() const = 0;  // transfer_drop_at_percent: the connection goes away
  virtual bool idle() const = 0;             // between files: the client's EOF ends the session
  virtual int exit_status() const = 0;       // 0, or 1 after an error
};

class Router {
 public:
  Router(RouterSpec spec, Clock::time_point now);
  ~Router();
  Router(const Router &) = delete;
  Router &operator=(const Router &) = delete;

  const RouterSpec &spec() const;
  const std::string &name() const;

  // HA: the other router of the pair (set by the fleet after all routers exist; may be null).
  void set_peer(Router *peer);

  // Persistent state for --state-dir: saved config, release/boot image, licenses, registration,
  // reload count. load_state() fails (invalid_input) on a record it cannot use.
  nlohmann::json save_state() const;
  Status load_state(const nlohmann::json &state);

  // Keeps bootflash in `dir` (created when missing, seeded with the declared images when new) instead
  // of the temporary folder the router starts with.
  Status attach_bootflash(const std::string &dir);
  std::string bootflash_dir() const;

  // Lifecycle. tick() completes a boot whose time has come (and runs HA standby reload loops).
  void tick(Clock::time_point now);
  // False while the router reloads/boots, never returns, or refuses connections (fault).
  bool accepting_connections(Clock::time_point now) const;
  // Increments at every reload; a session opened in an older generation must be dropped.
  std::uint64_t boot_generation() const;
  std::uint64_t reload_count() const;

  // Authentication (false after a reload when the auth_fail_after_reload fault is set).
  bool password_ok(std::string_view user, std::string_view password) const;
  bool public_key_ok(std::string_view user, std::string_view key_type, std::string_view key_base64) const;

  // A new interactive session; `via_interface` empty = the spec's interfaces.session_via.
  std::unique_ptr<CliSession> open_shell(Clock::time_point now, const std::string &via_interface = {});
  // `scp -t TARGET` (options -p -d -r -v -- allowed, the target quoted or not) while the SCP server
  // is enabled: a sink writing to bootflash. Null for any other command, or when the server is off
  // (the command then runs as an exec command, which IOS does not know).
  std::unique_ptr<ScpSession> open_scp(std::string_view command, Clock::time_point now);
  // One command over an exec channel ("ssh r1 show version"): runs in privileged mode.
  Reply exec(std::string_view command, Clock::time_point now);

  // Inspection, for tests and the simulator's log lines.
  std::string hostname() const;
  std::string release() const;
  std::string license_mode() const;  // traditional | smart | no-license
  std::string license_level() const;
  std::string registration_status() const;
  bool in_standby_reload_loop() const;
  // The ports administratively down now (the data ports after `no license smart enable` until the
  // reload; licensed ports until `no shutdown` and a reload), in `show ip interface brief` order.
  std::vector<std::string> admin_down_ports() const;
  std::string logging_text() const;  // the log buffer's messages, one a line
  // Sets the simulated wall clock (used in timestamps) to `unix_seconds` at `now`; the default is
  // the host's clock when the router was created.
  void set_wall_clock(std::int64_t unix_seconds, Clock::time_point now);

 private:
  struct State;
  std::unique_ptr<State> state_;
  friend class CliSessionImpl;
};

}  // namespace licmig::sim
