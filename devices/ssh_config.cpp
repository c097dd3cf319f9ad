// SshConfig: the Host-block parser and lookup of an OpenSSH client configuration file.
#include "devices/ssh_config.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

#include "base/glob.hpp"

namespace licmig::devices {

namespace {

// Keywords that change nothing about where licmig connects or whom it trusts: connection sharing,
// keep-alives, agent and known_hosts housekeeping, environment passing, logging, X11, GSSAPI (licmig
// offers no GSSAPI; a server that needs it fails authentication, never another route).
constexpr std::array<std::string_view, 17> k_ignored_config_keywords = {
    "addkeystoagent",    "compression",          "controlmaster",
    "controlpath",       "controlpersist",       "forwardx11",
    "forwardx11trusted", "gssapiauthentication", "gssapidelegatecredentials",
    "hashknownhosts",    "identitiesonly",       "loglevel",
    "sendenv",           "serveraliveinterval",  "serveralivecountmax",
    "updatehostkeys",    "visualhostkey"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// ssh_config `Host` patterns: `*` and `?`, compared without case (ssh_config(5) PATTERNS).
constexpr base::GlobSyntax k_host_syntax{true, false, true};

}  // namespace

std::string default_ssh_config() { return expand_home("~/.ssh/config"); }

Result<SshConfig> SshConfig::load(const std::string &path) {
  std::ifstream in(path);
  if (!in) return Status::not_found(path + ": cannot read the ssh configuration file");
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

Result<SshConfig> SshConfig::parse(const std::string &text, const std::string &path) {
  SshConfig config;
  config.path_ = path;
  config.blocks_.push_back(Block{});
  std::istringstream in(text);
  std::string raw;
  int number = 0;
  while (std::getline(in, raw)) {
    ++number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(number);
    // `Keyword value`, `Keyword=value` or `Keyword = value`
    const auto end = line.find_first_of(" \t=");
    const std::string keyword = line.substr(0, end);
    std::string value;
    if (end != std::string::npos) {
      auto start = line.find_first_not_of(" \t", end);
      if (start != std::string::npos && line[start] == '=') start = line.find_first_not_of(" \t", start + 1);
      if (start != std::string::npos) value = line.substr(start);
    }
    if (value.empty()) return Status::invalid_input(where + ": " + keyword + " has no value");
    const std::string k = lower(keyword);
    if (k == "match" || k == "include") {
      if (!config.unsupported_) {
        config.unsupported_ = where + ": " + keyword + " is not supported by licmig (it reads Host blocks only)";
      }
      continue;
    }
    if (k == "host") {
      auto words = split_shell_words(value);
      if (!words) return Status::invalid_input(where + ": Host: " + words.status().message());
      Block block;
      block.number = number;
      block.header = "Host " + value;
      block.patterns = std::move(words.value());
      config.blocks_.push_back(std::move(block));
      continue;
    }
    if (k != "proxycommand" && value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (k == "port") {
      int port = 0;
      if (value.find_first_not_of("0123456789") != std::string::npos || value.size() > 5 ||
          (port = std::atoi(value.c_str())) < 1 || port > 65535) {
        return Status::invalid_input(where + ": Port: bad port '" + value + "'");
      }
    } else if (k == "proxyjump") {
      if (auto jumps = parse_jump_spec(value); !jumps) {
        return Status::invalid_input(where + ": ProxyJump: " + jumps.status().message());
      }
    }
    config.blocks_.back().lines.push_back(Line{number, keyword, value});
  }
  return config;
}

Result<SshConfigEntry> SshConfig::lookup(const std::string &host) const {
  if (unsupported_) return Status::invalid_input(*unsupported_);
  SshConfigEntry e;
  for (const auto &block : blocks_) {
    if (block.number != 0) {
      bool matched = false;
      bool negated = false;
      for (const auto &p : block.patterns) {
        if (!p.empty() && p[0] == '!') {
          negated = negated || base::glob_match(p.substr(1), host, k_host_syntax);
        } else {
          matched = matched || base::glob_match(p, host, k_host_syntax);
        }
      }
      if (!matched || negated) continue;
    }
    for (const auto &line : block.lines) {
      const std::string where =
          path_ + ":" + std::to_string(line.number) + (block.header.empty() ? "" : " (" + block.header + ")");
      const std::string k = lower(line.keyword);
      if (k == "hostname") {
        if (e.hostname) continue;
        std::string name;
        for (std::size_t i = 0; i < line.value.size(); ++i) {
          if (line.value[i] != '%') {
            name.push_back(line.value[i]);
          } else if (i + 1 < line.value.size() && line.value[i + 1] == 'h') {
            name += host;
            ++i;
          } else if (i + 1 < line.value.size() && line.value[i + 1] == '%') {
            name.push_back('%');
            ++i;
          } else {
            return Status::invalid_input(where + ": HostName '" + line.value +
                                         "': licmig knows only the tokens %h and %%");
          }
        }
        e.hostname = name;
      } else if (k == "user") {
        if (!e.user) e.user = line.value;
      } else if (k == "port") {
        if (!e.port) e.port = std::atoi(line.value.c_str());
      } else if (k == "identityfile") {
        if (line.value.find('%') != std::string::npos) {
          return Status::invalid_input(where + ": IdentityFile '" + line.value +
                                       "': tokens (%d, %u, ...) are not supported by licmig");
        }
        e.identity_files.push_back(expand_home(line.value));
      } else if (k == "proxyjump") {
        if (e.proxy_jump || e.proxy_command) continue;  // the first of the two wins, as in ssh
        e.proxy_jump = parse_jump_spec(line.value).value();
      } else if (k == "proxycommand") {
        if (e.proxy_jump || e.proxy_command) continue;
        e.proxy_command = lower(line.value) == "none" ? std::string() : line.value;
      } else if (std::find(k_ignored_config_keywords.begin(), k_ignored_config_keywords.end(), k) ==
                 k_ignored_config_keywords.end()) {
        return Status::invalid_input(where + ": " + line.keyword +
                                     " is not supported by licmig (it honours HostName, User, Port, IdentityFile, "
                                     "ProxyJump and ProxyCommand)");
      }
    }
  }
  return e;
}

}  // namespace licmig::devices
