// Result<T> and Status: the one way licmig returns recoverable errors.
//
// A Status is either ok or carries an error kind and a message; a Result<T> is either a value or a
// Status. Both are [[nodiscard]] so an ignored error is a compile warning. The kind says what
// happened and travels unchanged from where it was found (a socket, the SSH handshake, a file write,
// a router's `%` line) to the report: callers decide with the kind (`is_timed_out()`,
// `kind() == ErrorKind::host_key_changed`), never by searching the message, which is for people.
// Named constructors follow leveldb's Status: `Status::timed_out("...")`.
//
// Thread-safety: value types; no shared state.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace licmig {

enum class ErrorKind {
  ok,
  invalid_input,     // bad user input (inventory, arguments, files); names the place
  parse_error,       // text from a router that is garbled or not the expected format
  not_found,         // a file, host or record that does not exist
  io_error,          // the local filesystem or operating system failed
  no_space,          // a write failed because the disk or the quota is full (ENOSPC, EDQUOT)
  timed_out,         // a bounded wait ran out
  refused,           // the router's port refused the connection (nothing listens: e.g. booting)
  unreachable,       // name resolution or routing failed
  closed,            // the peer closed the connection (e.g. the router reloaded)
  auth_failed,       // every authentication method (or the enable secret) was rejected
  host_key_unknown,  // the host is not in known_hosts and accepting new keys was not allowed
  host_key_changed,  // the host offered a key other than the one known_hosts holds
  protocol,          // the SSH handshake or a channel request failed
  ios_error,         // the router answered a command with a `%` error line
  busy,              // held by someone else (the store lock of another run)
  failed,            // anything else that went wrong
};

// A short lower-case name: "timed out", "host key changed", ...
const char *to_string(ErrorKind kind);
// The kind whose to_string() is `name` (journals record kinds by name); nothing for another text.
std::optional<ErrorKind> error_kind_from_string(const std::string &name);
std::ostream &operator<<(std::ostream &out, ErrorKind kind);

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(ErrorKind kind, std::string message) { return Status(kind, std::move(message)); }

  static Status invalid_input(std::string m) { return Status(ErrorKind::invalid_input, std::move(m)); }
  static Status parse_error(std::string m) { return Status(ErrorKind::parse_error, std::move(m)); }
  static Status not_found(std::string m) { return Status(ErrorKind::not_found, std::move(m)); }
  static Status io_error(std::string m) { return Status(ErrorKind::io_error, std::move(m)); }
  static Status no_space(std::string m) { return Status(ErrorKind::no_space, std::move(m)); }
  static Status timed_out(std::string m) { return Status(ErrorKind::timed_out, std::move(m)); }
  static Status refused(std::string m) { return Status(ErrorKind::refused, std::move(m)); }
  static Status unreachable(std::string m) { return Status(ErrorKind::unreachable, std::move(m)); }
  static Status closed(std::string m) { return Status(ErrorKind::closed, std::move(m)); }
  static Status auth_failed(std::string m) { return Status(ErrorKind::auth_failed, std::move(m)); }
  static Status host_key_unknown(std::string m) { return Status(ErrorKind::host_key_unknown, std::move(m)); }
  static Status host_key_changed(std::string m) { return Status(ErrorKind::host_key_changed, std::move(m)); }
  static Status protocol(std::string m) { return Status(ErrorKind::protocol, std::move(m)); }
  static Status ios_error(std::string m) { return Status(ErrorKind::ios_error, std::move(m)); }
  static Status busy(std::string m) { return Status(ErrorKind::busy, std::move(m)); }
  static Status failed(std::string m) { return Status(ErrorKind::failed, std::move(m)); }

  bool is_ok() const { return kind_ == ErrorKind::ok; }
  explicit operator bool() const { return is_ok(); }
  ErrorKind kind() const { return kind_; }
  const std::string &message() const { return message_; }

  bool is_invalid_input() const { return kind_ == ErrorKind::invalid_input; }
  bool is_parse_error() const { return kind_ == ErrorKind::parse_error; }
  bool is_not_found() const { return kind_ == ErrorKind::not_found; }
  bool is_io_error() const { return kind_ == ErrorKind::io_error; }
  bool is_no_space() const { return kind_ == ErrorKind::no_space; }
  bool is_timed_out() const { return kind_ == ErrorKind::timed_out; }
  bool is_refused() const { return kind_ == ErrorKind::refused; }
  bool is_unreachable() const { return kind_ == ErrorKind::unreachable; }
  bool is_closed() const { return kind_ == ErrorKind::closed; }
  bool is_auth_failed() const { return kind_ == ErrorKind::auth_failed; }
  bool is_host_key_unknown() const { return kind_ == ErrorKind::host_key_unknown; }
  bool is_host_key_changed() const { return kind_ == ErrorKind::host_key_changed; }
  bool is_protocol() const { return kind_ == ErrorKind::protocol; }
  bool is_ios_error() const { return kind_ == ErrorKind::ios_error; }
  bool is_busy() const { return kind_ == ErrorKind::busy; }
  bool is_failed() const { return kind_ == ErrorKind::failed; }

  // "timed out: <message>".
  std::string to_string() const;

 private:
  Status(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}
  ErrorKind kind_ = ErrorKind::ok;
  std::string message_;
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool is_ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return is_ok(); }

  const T &value() const & { return std::get<T>(data_); }
  T &value() & { return std::get<T>(data_); }
  T &&value() && { return std::get<T>(std::move(data_)); }
  const T &operator*() const & { return value(); }
  const T *operator->() const { return &value(); }
  T *operator->() { return &value(); }

  // The error; an ok Status when this holds a value.
  Status status() const { return is_ok() ? Status::ok() : std::get<Status>(data_); }
  const std::string &error_message() const { return std::get<Status>(data_).message(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace licmig
