// SshRoute: how licmig reaches a router — straight, through a chain of jump hosts (OpenSSH's
// ProxyJump), or through a command whose standard input and output carry the SSH stream (OpenSSH's
// ProxyCommand) — and the parser of the ssh options an Ansible inventory gives for it
// (`ansible_ssh_common_args`, `ansible_ssh_extra_args`).
//
// The parser is pure: it splits the text as Ansible does (shell words), and accepts only what licmig
// honours: `-J SPEC`, `-o ProxyJump=SPEC`, `-o ProxyCommand=CMD`, and the options that change
// nothing about where or how licmig connects (`ControlMaster`, `ControlPersist`, `ControlPath`,
// `ServerAliveInterval`, `ServerAliveCountMax`). Every other option or flag is refused with the
// variable and the option named: licmig never connects another way than the one written.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace licmig::devices {

struct JumpHost {
  std::string user;  // empty: the local user's name (as ssh does)
  std::string host;
  int port = 22;
  std::vector<std::string> identity_files;  // from ssh_config; empty: OpenSSH's default identities

  bool operator==(const JumpHost &o) const { return user == o.user && host == o.host && port == o.port; }
  // "user@host:port" (user and port only when given / not 22).
  std::string to_string() const;
};

struct SshRoute {
  std::vector<JumpHost> jumps;               // nearest to licmig first; the last one reaches the router
  std::optional<std::string> proxy_command;  // %h %p %r %% substituted when run, through /bin/sh -c

  bool direct() const { return jumps.empty() && !proxy_command; }
};

// Parses a ProxyJump value: `[user@]host[:port]` or `ssh://[user@]host[:port]`, several joined by
// commas; `[v6addr]:port` for IPv6. `none` gives no jumps. Fails (invalid_input) naming the part.
Result<std::vector<JumpHost>> parse_jump_spec(std::string_view spec);

// Splits `text` into words as a POSIX shell does (quotes and backslashes; no expansions).
// Fails (invalid_input) on an unterminated quote.
Result<std::vector<std::string>> split_shell_words(std::string_view text);

// Adds the options of one inventory variable (`var_name`, e.g. ansible_ssh_common_args) to `route`.
// Messages: "ansible_ssh_common_args: option '-o ForwardAgent=yes' is not supported by licmig (...)".
// ProxyJump and ProxyCommand together, or set twice to different values, are refused.
Status add_ssh_args(SshRoute &route, std::string_view var_name, std::string_view text);

// `path` with a leading `~/` (or a lone `~`) replaced by $HOME.
std::string expand_home(const std::string &path);

// Whether the private key file `path` is passphrase-protected: PEM with "ENCRYPTED", or an OpenSSH
// key whose cipher is not "none". False for a file that cannot be read.
bool key_is_encrypted(const std::string &path);

// OpenSSH's default identities that exist: ~/.ssh/id_ed25519, ~/.ssh/id_ecdsa, ~/.ssh/id_rsa.
std::vector<std::string> default_identities();

}  // namespace licmig::devices
