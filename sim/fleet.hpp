// The fleet file of iosxe-sim: a YAML document with `defaults:` (keys every router starts from) and
// `devices:` (a list of routers, each a RouterSpec; `replicas: N` expands one entry into N routers on
// consecutive ports with numbered names). Every error names the place: `fleet.yaml:12: unknown key
// 'portt' in device 'pe1'`.
//
// Keys of a device (and of defaults, except name, port and replicas): name, port, hostname, platform,
// release, image, images, license_mode, pak_licenses, boot_level, license_level, smart, call_home,
// ha, interfaces, credentials (or its keys username, password, enable_secret, authorized_keys,
// auth_methods at the top), boot_seconds, bootflash_bytes, link_rate, faults, extra_config. See
// sim/fleets/demo.yaml and docs for the nested keys.
//
// `auth_methods: [METHOD, ...]` (default [password, keyboard-interactive, publickey]): the SSH
// authentication methods the router offers and accepts. [keyboard-interactive] makes a router that
// takes only keyboard-interactive (one "Password: " prompt, answered with the password), as many
// TACACS+/RADIUS-backed IOS XE routers do; any other method is refused.
//
// `bootflash_bytes: N` (default 7897796608, 4 MiB to 4 TiB) is the bootflash capacity `dir
// bootflash:` reports as "N bytes total"; its files are real, in STATE_DIR/<name>.bootflash/ (a
// temporary folder without --state-dir), and the declared `images` are seeded there once as sparse
// files of their size with their declared md5 (sim/bootflash.hpp; docs/behaviour.md).
// `link_rate: N` (bytes/s, default 0 = unlimited) caps file transfers to the router: `copy URL
// bootflash:` downloads at most N bytes/s; an SCP push gets each file's final ack no sooner than
// size/N seconds after it started.
//
// `extra_config: [LINE, ...]` adds the lines, as they are (indentation included), to the router's
// running and startup configurations before its `line` section: a configuration full of secrets
// (SNMP communities, TACACS+ keys, certificate chains, ...) for the secret masking tests.
//
// Keys of `faults:` (all off by default; RouterSpec's Faults in router_spec.hpp):
//   command_delay_ms: N            every command's reply comes N ms late
//   drop_after_commands: N         the session is dropped after its Nth command
//   never_return_after_reload      a reload never comes back (the router stays unreachable)
//   boot_extra_seconds: N          a reload takes N seconds more than boot_seconds
//   auth_fail_after_reload         after a reload the password is no longer accepted
//   rotate_host_key_on_reload      a reload gives the router a new SSH host key
//   garble: [COMMAND, ...]         these commands' output comes back cut in half
//   deny_commands: [PREFIX, ...]   an exec command whose full text (abbreviations expanded, one
//                                  space between words, case ignored) starts word by word with a
//                                  PREFIX gets only `% Authorization failed.` (IOS's answer when AAA
//                                  command authorization denies it), e.g. [show license]
//   refuse_connections             every SSH connection is refused
//   refuse_reload                  `reload` is answered but the router never reloads
//   ignore_terminal_length         `terminal length N` is accepted but paging stays on
//   fake_prompt_in: [COMMAND, ...] the output holds a line that is the router's prompt, and pauses
//                                  200 ms after it (a hostile router for session synchronisation)
//   control_chars_in: [COMMAND, ...] the output ends with a line of escape sequences, C0 and UTF-8
//                                  C1 controls, NUL and invalid UTF-8
//   flood: [COMMAND, ...]          the output goes on for flood_bytes more bytes (72-character lines)
//   flood_no_newlines: [COMMAND, ...] the same as one line (a newline only at its end)
//   flood_bytes: N                 how much a flood adds (default 50 MiB)
//   no_prompt                      the shell prints a banner and never a prompt
//   erase_question_on_reload       `reload` first asks to overwrite the saved configuration
//                                  ([confirm], one key: Enter/y erases it, any other cancels)
//   trickle: [COMMAND, ...]        the output comes trickle_chunk_bytes at a time (default 16), one
//                                  piece every trickle_interval_ms (default 20)
//   transfer_drop_at_percent: P    (1-99) a transfer to bootflash stops at P % of the file: `copy`
//                                  answers `%Error reading URL (Timed out)` (when the server gave
//                                  the size), an SCP push loses its SSH connection; the partial
//                                  file stays on bootflash
//   corrupt_transfer               transfers store the file with its first byte changed (same
//                                  size, another md5: `verify /md5` disagrees with the source)
//   wrong_level_reloads: N         the first N reloads bring the router up at metroaccess whatever
//                                  is saved or licensed (it comes back, in the wrong state)
//
// Thread-safety: pure functions and value types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sim/router_spec.hpp"

namespace licmig::sim {

struct FleetSpec {
  std::string file;                 // the name errors use
  std::vector<RouterSpec> routers;  // replicas expanded, in file order
};

// Parses fleet YAML text; `file_label` is the name error messages start with.
Result<FleetSpec> parse_fleet(std::string_view yaml_text, const std::string &file_label);
// Reads and parses a fleet file (errors start with `path`).
Result<FleetSpec> load_fleet(const std::string &path);

// The release carried by a bootflash image file name ("asr920-universalk9_npe.17.06.01.SPA.bin"
// -> "17.6.1"); empty when the name carries none.
std::string release_from_image(std::string_view file_name);

// The router called `name`, or null.
const RouterSpec *find_router(const FleetSpec &fleet, std::string_view name);

}  // namespace licmig::sim
