#include "base/result.hpp"

namespace licmig {

const char *to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::ok: return "ok";
    case ErrorKind::invalid_input: return "invalid input";
    case ErrorKind::parse_error: return "parse error";
    case ErrorKind::not_found: return "not found";
    case ErrorKind::io_error: return "I/O error";
    case ErrorKind::timed_out: return "timed out";
    case ErrorKind::refused: return "refused";
    case ErrorKind::busy: return "busy";
    case ErrorKind::no_space: return "no space";
    case ErrorKind::failed: return "failed";
  }
  return "unknown";
}

}  // namespace licmig
