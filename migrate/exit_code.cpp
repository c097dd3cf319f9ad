#include "migrate/exit_code.hpp"

#include "devices/transport.hpp"

namespace licmig::migrate {

int router_exit_code(ErrorKind kind, bool unreachable, bool store_failed) {
  if (store_failed) return exit_store_unavailable;
  if (unreachable || devices::is_connection_failure(kind)) return exit_unreachable;
  if (kind == ErrorKind::invalid_input || kind == ErrorKind::not_found) return exit_usage;
  return exit_failed;
}

const char *router_status(ErrorKind kind, bool unreachable, bool store_failed) {
  switch (router_exit_code(kind, unreachable, store_failed)) {
    case exit_store_unavailable: return "store-failed";
    case exit_unreachable: return "unreachable";
    case exit_usage: return "no-data";
    default: return "failed";
  }
}

}  // namespace licmig::migrate
