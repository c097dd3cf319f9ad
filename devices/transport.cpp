// Fault names and their mapping to licmig's ErrorKind.
#include "devices/transport.hpp"

#include <ostream>
#include <utility>

namespace licmig::devices {

const char *to_string(Fault fault) {
  switch (fault) {
    case Fault::none: return "none";
    case Fault::timed_out: return "timed out";
    case Fault::connection_refused: return "connection refused";
    case Fault::unreachable: return "unreachable";
    case Fault::auth_failed: return "authentication failed";
    case Fault::host_key_unknown: return "host key unknown";
    case Fault::host_key_changed: return "host key changed";
    case Fault::closed: return "connection closed";
    case Fault::failed: return "failed";
  }
  return "failed";
}

std::ostream &operator<<(std::ostream &out, Fault fault) { return out << to_string(fault); }

ErrorKind error_kind(Fault fault) {
  switch (fault) {
    case Fault::none: return ErrorKind::ok;
    case Fault::timed_out: return ErrorKind::timed_out;
    case Fault::connection_refused:
    case Fault::auth_failed:
    case Fault::host_key_unknown:
    case Fault::host_key_changed: return ErrorKind::refused;
    case Fault::unreachable:
    case Fault::closed: return ErrorKind::io_error;
    case Fault::failed: return ErrorKind::failed;
  }
  return ErrorKind::failed;
}

Status fault_status(Fault fault, std::string message) {
  if (fault == Fault::none) return Status::ok();
  return Status::error(error_kind(fault), std::move(message));
}

}  // namespace licmig::devices
