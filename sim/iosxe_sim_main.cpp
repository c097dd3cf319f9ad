// iosxe-sim: a fleet of simulated IOS XE routers behind real SSH (or one router on stdin/stdout).
// Options are parsed here; everything else lives in licmig_sim (fleet.hpp, ssh_server.hpp,
// stdio_mode.hpp). Exit codes: 0 ok, 1 runtime failure, 2 bad arguments or fleet file.
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "base/file.hpp"
#include "docgen/docgen.hpp"
#include "sim/fleet.hpp"
#include "sim/ssh_server.hpp"
#include "sim/state_store.hpp"
#include "sim/stdio_mode.hpp"

namespace {

licmig::sim::SshServer *g_server = nullptr;

extern "C" void on_signal(int) {
  if (g_server) g_server->stop();
}

int fail(int code, const std::string &message) {
  std::cerr << "iosxe-sim: error: " << message << "\n";
  return code;
}

}  // namespace

int main(int argc, char **argv) {
  CLI::App app{"iosxe-sim: simulated Cisco IOS XE routers behind SSH"};
  std::string fleet_path, state_dir, bind_address = "127.0.0.1", ready_file, device;
  bool stdio = false, verbose = false;
  app.add_option("--fleet", fleet_path, "fleet file (YAML)")->required();
  app.add_option("--state-dir", state_dir, "keep router state and host keys here across runs");
  app.add_option("--bind", bind_address, "address the routers listen on")->capture_default_str();
  app.add_option("--ready-file", ready_file, "write this file once every port accepts connections");
  app.add_flag("--stdio", stdio, "serve one router's CLI on stdin/stdout (for sshd ForceCommand)");
  app.add_option("--device", device, "the router --stdio serves");
  app.add_flag("-v,--verbose", verbose, "log connections");
  app.footer(
      "Exit codes:\n  0  ok (stopped by SIGINT or SIGTERM, state saved)\n  1  runtime failure\n"
      "  2  bad arguments or fleet file\n");
  const licmig::docgen::ManInfo manual{
      "iosxe-sim", LICMIG_VERSION, "a fleet of simulated Cisco IOS XE routers behind real SSH",
      "iosxe-sim serves the routers of a fleet file (YAML: identity, software, licenses, credentials, "
      "faults), each on its own SSH port, with the IOS XE command line licmig drives: show commands, "
      "configuration, license commands, reload and its dialogs. It is licmig's test bed and the target "
      "of its demo.\n\nThe fleet file format is described in sim/fleet.hpp of the licmig source; the behaviour "
      "model in /usr/share/doc/licmig/behaviour.md.",
      "licmig(1)"};
  if (const auto code = licmig::docgen::handle_generate(app, manual, argc, argv, std::cout, std::cerr)) return *code;
  CLI11_PARSE(app, argc, argv);
  spdlog::set_default_logger(spdlog::stderr_color_st("iosxe-sim"));
  spdlog::set_level(verbose ? (getenv("IOSXE_SIM_TRACE") ? spdlog::level::trace : spdlog::level::debug)
                            : spdlog::level::warn);

  auto fleet = licmig::sim::load_fleet(fleet_path);
  if (!fleet) return fail(2, fleet.error_message());

  if (stdio) {
    if (device.empty()) return fail(2, "--stdio needs --device NAME");
    const auto *spec = licmig::sim::find_router(*fleet, device);
    if (spec == nullptr) return fail(2, "no device '" + device + "' in " + fleet_path);
    const licmig::Status s = licmig::sim::run_stdio(*spec, state_dir, STDIN_FILENO, STDOUT_FILENO);
    return s ? 0 : fail(1, s.message());
  }

  licmig::sim::ServerOptions options;
  options.bind_address = bind_address;
  options.state_dir = state_dir;
  licmig::sim::SshServer server(std::move(fleet).value(), options);
  if (const licmig::Status s = server.start(); !s) return fail(1, s.message());

  g_server = &server;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const std::string ready = "ready " + std::to_string(server.router_count()) + " routers\n";
  if (!ready_file.empty()) {
    if (const licmig::Status s = licmig::base::write_file_atomically(ready_file, ready); !s)
      return fail(1, s.message());
  } else {
    std::cout << ready << std::flush;
  }
  const licmig::Status ran = server.run();
  g_server = nullptr;
  const licmig::Status saved = server.save_state();
  if (!ran) return fail(1, ran.message());
  if (!saved) return fail(1, saved.message());
  return 0;
}
