// What a fleet file says about one simulated router: identity, software, licenses, credentials and
// faults. Filled by the fleet loader (fleet.hpp); the Router (router.hpp) starts from it.
//
// Thread-safety: value types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace licmig::sim {

struct ImageSpec {
  std::string file;     // bootflash file name, e.g. "asr920-universalk9_npe.17.06.01.SPA.bin"
  std::string release;  // e.g. "17.6.1"
  std::string md5;      // 32 hex digits
  std::int64_t size = 0;
};

struct PakSpec {
  std::string feature;             // e.g. "advancedmetroipaccess"
  std::string type = "Permanent";  // Permanent | EvalRightToUse | Evaluation
  std::string state = "Active, In Use";
};

struct TokenSpec {
  std::string token;
  bool valid = true;  // false: expired or revoked, registration fails
};

struct SmartSpec {
  std::string registration = "UNREGISTERED";  // REGISTERED | UNREGISTERED
  std::string smart_account;
  std::string virtual_account;
  std::vector<TokenSpec> tokens;  // tokens the simulated CSSM knows
  int eval_days_remaining = 90;
  bool satellite = false;  // deployment through an on-premises satellite
};

struct CallHomeProfileSpec {
  std::string name = "CiscoTAC-1";
  bool active = true;
  std::string transport = "http";  // http | email
  std::vector<std::string> http_destinations;
  std::vector<std::string> email_destinations;
};

struct CallHomeSpec {
  bool service_enabled = true;
  std::vector<CallHomeProfileSpec> profiles;
  std::optional<std::string> secure_trustpoint;  // `ip http client secure-trustpoint X`
};

struct HaSpec {
  std::string group;  // routers with the same group form a pair
  std::string role;   // active | standby
};

struct InterfacesSpec {
  std::string management = "GigabitEthernet0";
  std::vector<std::string> data_ports = {"GigabitEthernet0/0/0", "GigabitEthernet0/0/1"};
  // The ports a port license (a PAK license that is not a boot level, e.g. 10GEupgradelicense:
  // "Device 2-10G PORT LICENSE") enables: configured only while the router holds one.
  std::vector<std::string> licensed_ports = {"TenGigabitEthernet0/0/24", "TenGigabitEthernet0/0/25"};
  std::string session_via;  // the interface SSH sessions arrive on; empty = management
};

struct Credentials {
  std::string username = "admin";
  std::string password;
  std::string enable_secret;
  std::vector<std::string> authorized_keys;  // OpenSSH public key lines
  // The SSH authentication methods the router offers and accepts, each of "password",
  // "keyboard-interactive", "publickey" (fleet key auth_methods); a method not listed is refused.
  std::vector<std::string> auth_methods = {"password", "keyboard-interactive", "publickey"};
};

struct Faults {
  int command_delay_ms = 0;
  int drop_after_commands = 0;  // 0 = never
  bool never_return_after_reload = false;
  int boot_extra_seconds = 0;
  bool auth_fail_after_reload = false;
  bool rotate_host_key_on_reload = false;
  std::vector<std::string> garble;  // commands whose output comes back truncated
  // Exec commands refused as by AAA command authorization: a command whose full text (abbreviations
  // expanded) starts, word by word, with one of these gets only "% Authorization failed.".
  std::vector<std::string> deny_commands;
  bool refuse_connections = false;
  bool refuse_reload = false;           // `reload` is answered but the router never reloads
  bool ignore_terminal_length = false;  // `terminal length N` is accepted but paging stays on
  // Commands whose output holds, in its middle, a line that is the router's own prompt, after which
  // the output pauses for a moment (so that it arrives as the last thing of a read).
  std::vector<std::string> fake_prompt_in;
  // Commands whose output is followed by a line of terminal controls: escape sequences (OSC title,
  // clear screen, colour), SO, ENQ, NUL, UTF-8 encoded C1 controls (U+009B CSI, U+009D OSC) and
  // invalid UTF-8.
  std::vector<std::string> control_chars_in;
  // Commands whose output is followed by flood_bytes more bytes (lines of 72 characters, or one
  // line with a newline only at its end for flood_no_newlines): "endless" output for licmig's --max-output.
  std::vector<std::string> flood;
  std::vector<std::string> flood_no_newlines;
  int flood_bytes = 50 << 20;
  bool no_prompt = false;  // the shell prints a banner and never a prompt, whatever is typed
  // `reload` first asks "Overwrite the previous NVRAM configuration?[confirm]" (one key: Enter or y
  // erases the saved configuration and goes on to the reload, any other key cancels).
  bool erase_question_on_reload = false;
  // Commands whose output trickles: trickle_chunk_bytes at a time, one piece every
  // trickle_interval_ms (a slow link, or a router that keeps a session busy for ever).
  std::vector<std::string> trickle;
  int trickle_chunk_bytes = 16;
  int trickle_interval_ms = 20;
  // File transfers to bootflash (`copy URL bootflash:`, the SCP server): the transfer stops once this
  // percent of the file has arrived (0 = never), leaving the partial file; corrupt_transfer stores
  // the bytes with one of them changed (the first), so `verify /md5` disagrees with the source.
  int transfer_drop_at_percent = 0;
  bool corrupt_transfer = false;
  // The first N reloads bring the router up at the default level (metroaccess), whatever its saved
  // `license boot level` and licenses say: a router that comes back, but not as it should (what
  // `migrate --rollback-on-failure` and `licmig rollback` are for). Later reloads behave.
  int wrong_level_reloads = 0;
};

struct RouterSpec {
  std::string name;
  int port = 0;
  std::string hostname;
  std::string platform = "ASR-920-24SZ-IM";
  std::string release;  // normalised, e.g. "17.6.1"; derived from `image` when only that is given
  std::string image;    // the running image's bootflash file name
  std::vector<ImageSpec> images;
  std::string license_mode = "traditional";  // traditional | smart | no-license
  std::vector<PakSpec> pak_licenses;
  std::optional<std::string> boot_level;  // saved `license boot level X`
  std::optional<std::string> license_level;
  SmartSpec smart;
  CallHomeSpec call_home;
  std::optional<HaSpec> ha;
  InterfacesSpec interfaces;
  Credentials credentials;
  int boot_seconds = 5;
  // Bootflash capacity (`dir bootflash:`'s "bytes total"); files live in the router's state folder.
  std::int64_t bootflash_bytes = 7897796608;
  // The router's link, bytes per second, for file transfers in both directions (0 = unlimited).
  std::int64_t link_rate = 0;
  Faults faults;
  // Lines added as they are to the running and startup configurations, before the `line` section
  // (fleet key `extra_config`): e.g. SNMP communities, TACACS+ keys, certificate chains, so tests
  // can give a router a configuration full of secrets.
  std::vector<std::string> extra_config;
  std::string source;  // "fleet.yaml:12", where it was defined
};

}  // namespace licmig::sim
