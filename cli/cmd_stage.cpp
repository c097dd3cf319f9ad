// `licmig stage`: put an image on every selected router's bootflash — free space, cleanup, transfer
// (pull or push), verify /md5 — in parallel under one rate cap, resumable by running it again
// (a router already staged is skipped).
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "base/text.hpp"
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "migrate/stage_fleet.hpp"

namespace licmig::migrate {

namespace {

using cli::Io;

bool confirm_stage_on_terminal(Io io) {
  if (::isatty(0) != 1) return false;
  io.err << "Delete these files / change this configuration and stage? Type 'yes' to continue: " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return base::trim(answer) == "yes";
}

// parse -> one call -> render -> exit code
int run_stage(StageOptions &o, Io io) {
  auto result = stage_fleet(o, io, [io]() { return confirm_stage_on_terminal(io); });
  if (!result.ran) return result.exit_code;
  const std::string text = o.fleet.format == "json" ? stage_json(result) : stage_table(result);
  if (!write_output(o.fleet, text, io)) return cli::exit_usage;
  return result.exit_code;
}

}  // namespace

}  // namespace licmig::migrate

namespace licmig::cli {

void add_stage_command(CLI::App &app, Io io, int *exit_code) {
  using namespace licmig::migrate;
  auto o = std::make_shared<StageOptions>();
  auto *sub = app.add_subcommand(
      "stage", "Put an image on bootflash: free space, cleanup, transfer (pull or push), verify /md5 — in parallel");
  cli::add_fleet_options(sub, o->fleet, {"table", "json"});
  sub->add_option("--image", o->image,
                  "Local image file: pushed over SCP, or (with --image-url) its size and md5; else the file name on "
                  "bootflash:");
  sub->add_option(
      "--image-url", o->image_url,
      "The routers pull the image from here (http, https, ftp, tftp, scp, sftp) with `copy URL bootflash:`");
  sub->add_option("--image-md5", o->image_md5, "Expected md5 (else computed from the local --image file)");
  sub->add_flag("--cleanup", o->cleanup,
                "When short of space, delete unused images (never the running, a boot or the target image)");
  sub->add_flag("--enable-scp-server", o->enable_scp_server,
                "Push to a router without 'ip scp server enable': enable it for the transfer, restore it after");
  sub->add_option("--max-rate", o->max_rate,
                  "Bytes per second across all SCP pushes (0: no cap); refused with --image-url (the routers pull)")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 40));
  sub->add_option("--retries", o->retries, "More attempts after a failed or corrupted transfer (default 2)")
      ->check(CLI::Range(0, 20));
  sub->add_option("--transfer-timeout", o->transfer_timeout_s, "Seconds one transfer may take (default 3600)")
      ->check(CLI::Range(1, 7 * 24 * 3600));
  sub->add_flag("--yes", o->yes, "Delete and reconfigure without asking");
  sub->add_flag("--dry-run", o->dry_run, "Show what would be done on each router and stop");
  sub->footer(
      "Exit codes: 0 every router staged or already staged; 1 some refused (no space, no SCP server, target in use) "
      "or not confirmed; 2 usage; 3 unreachable; 4 a transfer or its verification failed; 5 store unavailable.");
  sub->callback([o, io, exit_code]() { *exit_code = run_stage(*o, io); });
}

}  // namespace licmig::cli
