// Result<T> and Status: the one way licmig returns recoverable errors.
//
// A Status is either ok or carries an error kind and a message; a Result<T> is either a value or a
// Status. Both are [[nodiscard]] so an ignored error is a compile warning. "Timed out" is its own
// kind, distinct from "failed", because the callers act differently on it.
//
// Thread-safety: value types; no shared state.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace licmig {

enum class ErrorKind {
  ok,
  invalid_input,  // bad user input (inventory, arguments, files); names the place
  parse_error,    // text from a router that is garbled or not the expected format
  not_found,      // a file, host or record that does not exist
  io_error,       // the filesystem or a socket failed
  timed_out,      // a bounded wait ran out
  refused,        // the peer refused (connection, authentication, host key)
  busy,           // held by someone else (the store lock of another run)
  no_space,       // the disk or quota is full
  failed,         // anything else that went wrong
};

const char *to_string(ErrorKind kind);

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(ErrorKind kind, std::string message) { return Status(kind, std::move(message)); }

  bool is_ok() const { return kind_ == ErrorKind::ok; }
  explicit operator bool() const { return is_ok(); }
  ErrorKind kind() const { return kind_; }
  const std::string &message() const { return message_; }

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
