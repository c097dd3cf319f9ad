// `iosxe-sim --stdio`: one router's CLI on a pair of file descriptors (stdin/stdout), so a real
// OpenSSH sshd can serve a simulated router through `ForceCommand iosxe-sim --stdio ...`. With a
// state dir, the router's state is loaded before and saved after the session.
//
// Thread-safety: runs on the calling thread; blocks until the session ends.
#pragma once

#include <string>

#include "base/result.hpp"
#include "sim/router_spec.hpp"

namespace licmig::sim {

// Runs a shell session of the router `spec` until it ends (exit, reload, drop) or input closes.
Status run_stdio(const RouterSpec &spec, const std::string &state_dir, int in_fd, int out_fd);

}  // namespace licmig::sim
