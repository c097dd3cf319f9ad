// The transport's one policy: which error kinds mean "the router could not be reached".
#include "devices/transport.hpp"

namespace licmig::devices {

bool is_connection_failure(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::timed_out:
    case ErrorKind::refused:
    case ErrorKind::unreachable:
    case ErrorKind::closed:
    case ErrorKind::auth_failed:
    case ErrorKind::host_key_unknown:
    case ErrorKind::host_key_changed: return true;
    case ErrorKind::protocol:  // the router answered but speaks no SSH we accept: not "unreachable"
    case ErrorKind::ok:
    case ErrorKind::invalid_input:
    case ErrorKind::parse_error:
    case ErrorKind::not_found:
    case ErrorKind::io_error:
    case ErrorKind::no_space:
    case ErrorKind::ios_error:
    case ErrorKind::busy:
    case ErrorKind::failed: return false;
  }
  return false;
}

Status Transport::send_file(const FileSend &file) {
  return Status::error(ErrorKind::failed, peer() + ": this connection cannot send " + file.remote_name + " with SCP");
}

}  // namespace licmig::devices
