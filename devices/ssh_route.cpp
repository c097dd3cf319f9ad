// SshRoute: the ProxyJump / ProxyCommand parser of Ansible's ssh argument variables.
#include "devices/ssh_route.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <utility>

namespace licmig::devices {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto &c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_port(std::string_view s, int &port) {
  if (s.empty() || s.size() > 5) return false;
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 65535) return false;
  port = value;
  return true;
}

Result<JumpHost> parse_one_jump(std::string_view part) {
  const std::string whole(part);
  auto bad = [&](const std::string &why) {
    return Status::invalid_input("jump host '" + whole + "': " + why + " (expected [user@]host[:port])");
  };
  if (part.rfind("ssh://", 0) == 0) part.remove_prefix(6);
  JumpHost jump;
  if (auto at = part.rfind('@'); at != std::string_view::npos) {
    jump.user = std::string(part.substr(0, at));
    part.remove_prefix(at + 1);
    if (jump.user.empty()) return bad("empty user name");
  }
  std::string_view host = part;
  std::string_view port;
  if (!part.empty() && part.front() == '[') {
    const auto close = part.find(']');
    if (close == std::string_view::npos) return bad("unterminated '['");
    host = part.substr(1, close - 1);
    std::string_view rest = part.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("unexpected text after ']'");
      port = rest.substr(1);
      if (port.empty()) return bad("empty port");
    }
  } else if (auto colon = part.find(':'); colon != std::string_view::npos) {
    if (part.find(':', colon + 1) != std::string_view::npos) return bad("an IPv6 address needs [brackets]");
    host = part.substr(0, colon);
    port = part.substr(colon + 1);
    if (port.empty()) return bad("empty port");
  }
  if (host.empty()) return bad("no host name");
  for (char c : host) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '/' || c == '%') return bad("bad host name");
  }
  if (!port.empty() && !is_port(port, jump.port)) return bad("bad port '" + std::string(port) + "'");
  jump.host = std::string(host);
  return jump;
}

// Options that change nothing about where licmig connects or whom it trusts: OpenSSH connection
// sharing (licmig opens its own sessions) and keep-alives.
constexpr std::array<std::string_view, 5> k_ignored_options = {"controlmaster", "controlpersist", "controlpath",
                                                               "serveraliveinterval", "serveralivecountmax"};

std::string hint_for(const std::string &key) {
  if (key == "stricthostkeychecking" || key == "userknownhostsfile" || key == "globalknownhostsfile") {
    return "; licmig checks host keys against --known-hosts, and records new ones only with --accept-new-host-keys";
  }
  if (key == "identityfile") return "; set ansible_ssh_private_key_file instead";
  if (key == "user") return "; set ansible_user instead";
  if (key == "port") return "; set ansible_port instead";
  if (key == "connecttimeout") return "; use --connect-timeout instead";
  return "";
}

}  // namespace

std::string JumpHost::to_string() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return (user.empty() ? "" : user + "@") + h + (port == 22 ? "" : ":" + std::to_string(port));
}

Result<std::vector<JumpHost>> parse_jump_spec(std::string_view spec) {
  std::vector<JumpHost> out;
  if (lower(spec) == "none") return out;
  std::size_t start = 0;
  while (true) {
    const auto comma = spec.find(',', start);
    const auto part = spec.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    auto jump = parse_one_jump(part);
    if (!jump) return jump.status();
    out.push_back(std::move(jump.value()));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<std::vector<std::string>> split_shell_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'') {
      const auto end = text.find('\'', i + 1);
      if (end == std::string_view::npos) return Status::invalid_input("unterminated ' quote");
      word.append(text.substr(i + 1, end - i - 1));
      in_word = true;
      i = end;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() &&
            (text[j + 1] == '"' || text[j + 1] == '\\' || text[j + 1] == '$' || text[j + 1] == '`')) {
          ++j;
        }
        word.push_back(text[j]);
      }
      if (j >= text.size()) return Status::invalid_input("unterminated \" quote");
      in_word = true;
      i = j;
    } else if (c == '\\') {
      if (i + 1 < text.size()) word.push_back(text[++i]);
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

Status add_ssh_args(SshRoute &route, std::string_view var_name, std::string_view text) {
  const std::string var(var_name);
  auto words = split_shell_words(text);
  if (!words) return Status::invalid_input(var + ": " + words.status().message());
  const auto &w = words.value();
  auto set_jumps = [&](const std::string &shown, const std::string &spec) -> Status {
    auto jumps = parse_jump_spec(spec);
    if (!jumps) return Status::invalid_input(var + ": " + shown + ": " + jumps.status().message());
    if (route.proxy_command) {
      return Status::invalid_input(var + ": " + shown + ": ProxyJump and ProxyCommand are both set; licmig uses one");
    }
    if (!route.jumps.empty() && route.jumps != jumps.value()) {
      return Status::invalid_input(var + ": " + shown + ": ProxyJump is set twice, to different values");
    }
    route.jumps = std::move(jumps.value());
    return Status::ok();
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::string &word = w[i];
    if (word == "-J" || word == "-o") {
      if (i + 1 >= w.size()) return Status::invalid_input(var + ": option '" + word + "' needs a value");
    }
    if (word.rfind("-J", 0) == 0) {
      const std::string spec = word.size() > 2 ? word.substr(2) : w[++i];
      if (auto st = set_jumps("-J " + spec, spec); !st) return st;
      continue;
    }
    if (word.rfind("-o", 0) != 0) {
      return Status::invalid_input(var + ": option '" + word +
                                   "' is not supported by licmig (it honours -J, -o ProxyJump=, -o ProxyCommand=)");
    }
    const std::string option = word.size() > 2 ? word.substr(2) : w[++i];
    // `Key=Value`, `Key Value` or `Key = Value`, as ssh reads a -o argument.
    auto sep = option.find_first_of("= \t");
    std::string key = option.substr(0, sep);
    std::string value;
    if (sep != std::string::npos) {
      auto start = option.find_first_not_of(" \t", sep);
      if (start != std::string::npos && option[start] == '=') start = option.find_first_not_of(" \t", start + 1);
      if (start != std::string::npos) value = option.substr(start);
    }
    const std::string shown = "-o " + option;
    const std::string k = lower(key);
    if (value.empty()) return Status::invalid_input(var + ": option '" + shown + "' has no value");
    if (k == "proxyjump") {
      if (auto st = set_jumps(shown, value); !st) return st;
    } else if (k == "proxycommand") {
      if (lower(value) == "none") continue;
      if (!route.jumps.empty()) {
        return Status::invalid_input(var + ": " + shown + ": ProxyJump and ProxyCommand are both set; licmig uses one");
      }
      if (route.proxy_command && *route.proxy_command != value) {
        return Status::invalid_input(var + ": " + shown + ": ProxyCommand is set twice, to different values");
      }
      route.proxy_command = value;
    } else if (std::find(k_ignored_options.begin(), k_ignored_options.end(), k) == k_ignored_options.end()) {
      return Status::invalid_input(
          var + ": option '" + shown +
          "' is not supported by licmig (it honours -J, -o ProxyJump=, -o ProxyCommand=" + hint_for(k) + ")");
    }
  }
  return Status::ok();
}

std::string expand_home(const std::string &path) {
  if (path == "~" || path.rfind("~/", 0) == 0) {
    const char *home = std::getenv("HOME");
    if (home && *home) return std::string(home) + path.substr(1);
  }
  return path;
}

// Whether the private key file `path` is encrypted: PEM with "ENCRYPTED", or an OpenSSH key whose
// cipher is not "none".
bool key_is_encrypted(const std::string &path) {
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.find("ENCRYPTED") != std::string::npos) return true;
  const std::string begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
  const auto at = text.find(begin);
  if (at == std::string::npos) return false;
  std::string b64;
  for (std::size_t i = at + begin.size(); i < text.size() && b64.size() < 64; ++i) {
    const char c = text[i];
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') b64.push_back(c);
  }
  std::string bytes;
  unsigned value = 0;
  int bits = 0;
  for (char c : b64) {
    const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    value = (value << 6U) | static_cast<unsigned>(std::strchr(alphabet, c) - alphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((value >> static_cast<unsigned>(bits)) & 0xFFU));
    }
  }
  // "openssh-key-v1\0", then the cipher name as a string (4-byte big-endian length).
  const std::string magic("openssh-key-v1\0", 15);
  if (bytes.size() < magic.size() + 8 || bytes.compare(0, magic.size(), magic) != 0) return false;
  return bytes.compare(magic.size(), 8, std::string("\0\0\0\4none", 8)) != 0;
}

std::vector<std::string> default_identities() {
  std::vector<std::string> out;
  for (const char *name : {"~/.ssh/id_ed25519", "~/.ssh/id_ecdsa", "~/.ssh/id_rsa"}) {
    const std::string path = expand_home(name);
    struct stat st {};
    if (path[0] != '~' && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out.push_back(path);
  }
  return out;
}

}  // namespace licmig::devices
