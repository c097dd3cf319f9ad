// SshConfig: an OpenSSH client configuration file (~/.ssh/config or --ssh-config FILE) as licmig
// reads it: `Host` blocks with patterns (`*`, `?`, `!negated`, several per line, matched without
// regard to case), and in them the keywords HostName (`%h`, `%%`), User, Port, IdentityFile (`~/`),
// ProxyJump and ProxyCommand — the first value obtained wins, IdentityFile accumulates, as in ssh.
//
// A matching block that says anything else refuses the host, naming file:line and the keyword:
// licmig never connects another way than the file says. Keywords that change nothing about where
// licmig connects or whom it trusts are ignored (k_ignored_config_keywords, listed in
// docs/usage.md). `Match` and `Include` cannot be followed and refuse every host looked up.
//
// Thread-safety: value types; lookups are const.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "devices/ssh_route.hpp"

namespace licmig::devices {

// What the file says for one host name.
struct SshConfigEntry {
  std::optional<std::string> hostname;
  std::optional<std::string> user;
  std::optional<int> port;
  std::vector<std::string> identity_files;          // `~/` expanded
  std::optional<std::vector<JumpHost>> proxy_jump;  // set and empty: `ProxyJump none`
  std::optional<std::string> proxy_command;         // set and empty: `ProxyCommand none`
};

class SshConfig {
 public:
  // Parses `text` (read from `path`, which names the place in messages). Fails (invalid_input) on a
  // line without a value or a bad Port / ProxyJump value: "PATH:LINE: ...".
  static Result<SshConfig> parse(const std::string &text, const std::string &path);
  // Reads and parses the file. A missing file fails with not_found.
  static Result<SshConfig> load(const std::string &path);

  // What the blocks matching `host` say. Fails (invalid_input) when one of them holds a keyword
  // licmig does not honour, or the file has Match / Include: "PATH:LINE: Host r*: ForwardAgent ...".
  Result<SshConfigEntry> lookup(const std::string &host) const;

  const std::string &path() const { return path_; }

 private:
  struct Line {
    int number = 0;
    std::string keyword;  // as written
    std::string value;    // quotes removed (ProxyCommand: the rest of the line as written)
  };
  struct Block {
    int number = 0;                     // the line of its Host (0: before any Host, applies to all)
    std::string header;                 // "Host r* !r9"
    std::vector<std::string> patterns;  // empty: applies to all
    std::vector<Line> lines;
  };
  std::string path_;
  std::vector<Block> blocks_;
  std::optional<std::string> unsupported_;  // "PATH:LINE: Match ..." when the file cannot be followed
};

// The user's ssh configuration: $HOME/.ssh/config.
std::string default_ssh_config();

}  // namespace licmig::devices
