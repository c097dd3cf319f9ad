#include "base/result.hpp"

#include <ostream>

namespace licmig {

const char *to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::ok: return "ok";
    case ErrorKind::invalid_input: return "invalid input";
    case ErrorKind::parse_error: return "parse error";
    case ErrorKind::not_found: return "not found";
    case ErrorKind::io_error: return "I/O error";
    case ErrorKind::no_space: return "no space left";
    case ErrorKind::timed_out: return "timed out";
    case ErrorKind::refused: return "connection refused";
    case ErrorKind::unreachable: return "unreachable";
    case ErrorKind::closed: return "connection closed";
    case ErrorKind::auth_failed: return "authentication failed";
    case ErrorKind::host_key_unknown: return "host key unknown";
    case ErrorKind::host_key_changed: return "host key changed";
    case ErrorKind::protocol: return "protocol error";
    case ErrorKind::ios_error: return "IOS error";
    case ErrorKind::busy: return "busy";
    case ErrorKind::failed: return "failed";
  }
  return "unknown";
}

std::optional<ErrorKind> error_kind_from_string(const std::string &name) {
  for (int k = static_cast<int>(ErrorKind::ok); k <= static_cast<int>(ErrorKind::failed); ++k) {
    if (name == to_string(static_cast<ErrorKind>(k))) return static_cast<ErrorKind>(k);
  }
  return std::nullopt;
}

std::ostream &operator<<(std::ostream &out, ErrorKind kind) { return out << to_string(kind); }

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  return std::string(licmig::to_string(kind_)) + ": " + message_;
}

}  // namespace licmig
