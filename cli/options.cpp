// The options the fleet commands share, on the CLI11 app.
#include "cli/options.hpp"

#include <CLI/CLI.hpp>

namespace licmig::cli {

using migrate::FleetOptions;
using migrate::TargetOptions;

void add_fleet_options(CLI::App *sub, FleetOptions &o, const std::vector<std::string> &formats) {
  sub->add_option("-i,--inventory", o.inventory,
                  "Inventory: Ansible YAML or INI, CSV, or a folder of them; repeat to merge several (as ansible)")
      ->allow_extra_args(false);  // one value per -i, as ansible: `-i a.yml pe1` leaves pe1 alone
  // required, from the command line or the settings (cli/settings.hpp): apply_settings() checks
  add_vault_options(sub, o.vault);
  sub->add_flag("--strict", o.strict,
                "Fail when a selected host is not IOS over SSH (ansible_network_os, ansible_connection) instead of "
                "skipping it");
  sub->add_option("-l,--limit", o.limit, "Hosts to work on, as Ansible patterns (pe*, group, a:!b, a:&b)");
  sub->add_option("--store", o.connect.store,
                  "Where snapshots, journals and transcripts are kept (also LICMIG_STORE, store: in licmig.yaml)")
      ->default_str("./licmig-data");
  sub->add_option("--parallel", o.parallel, "Routers worked on at once")->check(CLI::Range(1, 1000))->default_str("20");
  std::string choices;
  for (const auto &f : formats) choices += (choices.empty() ? "" : "|") + f;
  sub->add_option("--format", o.format, "Output format: " + choices)->check(CLI::IsMember(formats));
  sub->add_option("-o,--output", o.output, "Write the report to FILE instead of standard output");
  sub->add_option("--known-hosts", o.connect.known_hosts, "OpenSSH known_hosts file (default ~/.ssh/known_hosts)");
  sub->add_flag("--accept-new-host-keys", o.connect.accept_new_host_keys,
                "Accept and record the host key of a router not yet in known_hosts (a changed key is always refused)");
  sub->add_flag("--ask-pass", o.ask_pass, "Ask for the password and enable secret (typed without echo)");
  sub->add_option("--credentials-file", o.credentials_file,
                  "YAML file with username/password/enable_secret/key_file; must be mode 0600");
  sub->add_option("--ssh-config", o.ssh_config,
                  "OpenSSH client configuration to read Host blocks from (default ~/.ssh/config when it exists)");
  sub->add_option("--connect-timeout", o.connect_timeout_s, "Seconds to connect and log in")
      ->check(CLI::Range(1, 3600));
  sub->add_option("--command-timeout", o.command_timeout_s, "Seconds one command may take")->check(CLI::Range(1, 3600));
  sub->add_option("--max-output", o.connect.max_output,
                  "Most output one command may print, in bytes (suffixes k, M, G: 1024-based); more fails the router")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 34))
      ->default_str("32M");
  sub->add_option("--reload-timeout", o.reload_timeout_s, "Seconds a router may take to come back after a reload")
      ->check(CLI::Range(1, 86400));
}

namespace {

// --via RELEASE / --via-image FILE (part of add_target_options).
void add_via_options(CLI::App *sub, TargetOptions &o) {
  sub->add_option("--via", o.via,
                  "An intermediate release to reload into and verify on the way (repeatable, in order), e.g. 17.9.4 "
                  "so the router takes its PAK snapshot")
      ->allow_extra_args(false);
  sub->add_option("--via-image", o.via_images, "The image on bootflash: for each --via release, in the same order")
      ->allow_extra_args(false);
}

}  // namespace

void add_vault_options(CLI::App *sub, inventory::VaultOptions &o) {
  sub->add_option("--vault-id", o.ids, "Vault secret: [LABEL@]FILE or [LABEL@]prompt (repeatable), as ansible")
      ->allow_extra_args(false);
  sub->add_option("--vault-password-file", o.password_files,
                  "File holding the vault password, or an executable that prints it (repeatable); also "
                  "ANSIBLE_VAULT_PASSWORD_FILE")
      ->allow_extra_args(false);
  sub->add_flag("--ask-vault-pass", o.ask, "Ask for the vault password (typed without echo)");
}

void add_target_options(CLI::App *sub, TargetOptions &o, bool with_token) {
  sub->add_option("--target-release", o.release, "The release to end on, e.g. 17.9.4")->required();
  sub->add_option("--target-mode", o.mode, "smart | no-license | traditional")
      ->required()
      ->check(CLI::IsMember({"smart", "no-license", "traditional"}));
  sub->add_option("--image", o.image,
                  "Image file on bootflash: for the target release (check: its presence and `verify /md5`, read-only)");
  sub->add_option("--image-md5", o.image_md5, "Expected md5 of the image (else the inventory's expected_md5)");
  sub->add_option(
      "--image-url", o.image_url,
      "Where routers missing the image pull it from (http, https, ftp, tftp, scp, sftp): the plan stages it");
  sub->add_flag("--satellite", o.satellite, "Smart Licensing goes through an on-premises satellite");
  sub->add_flag("--slr", o.slr, "Specific License Reservation is wanted");
  sub->add_flag("--allow-unlisted-release", o.allow_unlisted_release,
                "Accept a --target-release newer than the newest release train licmig knows");
  add_via_options(sub, o);
  if (with_token) {
    sub->add_option("--token-file", o.token_file, "File (mode 0600) holding the Smart registration token");
  }
}

void add_rollout_options(CLI::App *sub, migrate::MigrateOptions &o, const std::string &verb) {
  sub->add_flag("--yes", o.yes, "Apply without asking");
  sub->add_flag("--dry-run", o.dry_run, "Print the plans and stop");
  sub->add_option("--serial", o.rollout.serial, "Routers per wave: N or N% (default: all in one wave)");
  sub->add_option("--canary", o.rollout.canary, verb + " the first K routers alone first; stop if any fails")
      ->check(CLI::Range(0, 100000));
  sub->add_option("--max-fail-percentage", o.rollout.max_fail_percentage,
                  "Start no more routers once more than P% have failed")
      ->check(CLI::Range(0, 100));
  sub->add_option("--max-fail-scope", o.max_fail_scope,
                  "What --max-fail-percentage counts: the whole run (default) or each wave")
      ->check(CLI::IsMember({"run", "wave"}));
}

}  // namespace licmig::cli
