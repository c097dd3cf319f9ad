// Transport: the seam between an IOS CLI session and the byte stream that reaches a router's shell.
//
// The real one is SshTransport (libssh, ssh_transport.hpp); tests use scripted fakes. A transport
// opens a connection (connect, host key check, authentication, interactive shell), reads with a
// bounded wait, writes, runs single exec commands and closes. After a failed call, fault() says
// what kind of failure it was, so callers can act on "timed out" differently from "refused",
// "authentication failed" and "host key" — the Status message carries the human detail (for a
// changed host key, both SHA256 fingerprints).
//
// Thread-safety: one transport is used by one thread at a time.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace licmig::devices {

// What went wrong on the last failed call of a transport.
enum class Fault {
  none,
  timed_out,           // a bounded wait ran out (connect, banner, command)
  connection_refused,  // nothing listens on the port (a router that is booting)
  unreachable,         // name resolution or routing failed
  auth_failed,         // every authentication method was rejected
  host_key_unknown,    // the host is not in known_hosts and accepting new keys was not allowed
  host_key_changed,    // the host offered a key other than the one known_hosts holds
  closed,              // the peer closed the connection (e.g. the router reloaded)
  failed,              // protocol or local error
};

const char *to_string(Fault fault);
std::ostream &operator<<(std::ostream &out, Fault fault);

// The ErrorKind a fault maps to: timed_out, refused (connection, auth, host key), io_error
// (closed, unreachable) or failed.
ErrorKind error_kind(Fault fault);

// A Status for `fault` with `message`.
Status fault_status(Fault fault, std::string message);

class Transport {
 public:
  virtual ~Transport() = default;

  // "host:port", for messages.
  virtual std::string peer() const = 0;

  // Connects, checks the host key, authenticates and opens an interactive shell. Calling it again
  // after close() (or after the peer dropped) reconnects with the same settings.
  virtual Status open() = 0;

  // Whether the port accepts a TCP connection within `timeout` (no SSH): a cheap check for a
  // router that is still booting. Fault: connection_refused, timed_out or unreachable.
  virtual Status probe(base::Millis timeout) = 0;
  virtual bool is_open() const = 0;

  // What the router sent, waiting up to `wait` for the first byte. An empty string means nothing
  // arrived in time (not an error); an error with fault() == closed means the connection dropped.
  virtual Result<std::string> read(base::Millis wait) = 0;

  virtual Status write(std::string_view data) = 0;

  // Runs one command on its own exec channel and returns everything it printed.
  virtual Result<std::string> exec(const std::string &command, base::Millis timeout) = 0;

  virtual void close() = 0;

  // The kind of the last failure (none after a success).
  virtual Fault fault() const = 0;
};

}  // namespace licmig::devices
