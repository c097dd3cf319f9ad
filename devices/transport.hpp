// Transport: the seam between an IOS CLI session and the byte stream that reaches a router's shell.
//
// The real one is SshTransport (libssh, ssh_transport.hpp); tests use scripted fakes. A transport
// opens a connection (connect, host key check, authentication, interactive shell), reads with a
// bounded wait, writes, runs single exec commands and closes. A failed call returns a Status whose
// ErrorKind (base/result.hpp) says what happened — timed_out, refused, unreachable, closed,
// auth_failed, host_key_unknown, host_key_changed, protocol — and fault() repeats the kind of the
// last failure; the message carries the human detail (for a changed host key, both SHA256
// fingerprints).
//
// Thread-safety: one transport is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/result.hpp"

namespace licmig::devices {

// One local file sent to the router with SCP (Transport::send_file).
struct FileSend {
  std::string local_path;   // read in chunks: memory stays bounded whatever the size
  std::string remote_path;  // the router's `scp -t` target, e.g. "bootflash:NAME"
  std::string remote_name;  // the name in the SCP header, e.g. "NAME"
  std::int64_t size = 0;    // bytes the header announces (the local file's size)
  // Before each chunk, with its size: may wait (a rate cap); an error stops the transfer with it.
  std::function<Status(std::size_t)> before_chunk;
  // After each chunk: the bytes sent so far.
  std::function<void(std::int64_t)> sent;
};

// Whether `kind` means the router could not be reached or logged in to (connection refused, timed
// out, unreachable, closed, authentication failed, host key unknown or changed): the one definition
// behind "unreachable" in reports and exit code 3. An SSH protocol failure, a local I/O error and
// an IOS `%` error are not.
bool is_connection_failure(ErrorKind kind);

class Transport {
 public:
  virtual ~Transport() = default;

  // "host:port", for messages.
  virtual std::string peer() const = 0;

  // Connects, checks the host key, authenticates and opens an interactive shell. Calling it again
  // after close() (or after the peer dropped) reconnects with the same settings.
  virtual Status open() = 0;

  // Whether the port accepts a TCP connection within `timeout` (no SSH): a cheap check for a
  // router that is still booting. Errors: refused, timed_out or unreachable.
  virtual Status probe(base::Millis timeout) = 0;
  virtual bool is_open() const = 0;

  // What the router sent, waiting up to `wait` for the first byte. An empty string means nothing
  // arrived in time (not an error); an error of kind closed means the connection dropped.
  virtual Result<std::string> read(base::Millis wait) = 0;

  virtual Status write(std::string_view data) = 0;

  // Runs one command on its own exec channel and returns everything it printed.
  virtual Result<std::string> exec(const std::string &command, base::Millis timeout) = 0;

  virtual void close() = 0;

  // Sends a file over this connection with SCP (a channel of its own beside the shell; through the
  // same jump hosts). The default: a transport that cannot (ErrorKind::failed).
  virtual Status send_file(const FileSend &file);

  // The kind of the last failure (ErrorKind::ok after a success).
  virtual ErrorKind fault() const = 0;
};

}  // namespace licmig::devices
