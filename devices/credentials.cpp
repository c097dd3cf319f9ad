// Credentials: the credentials file (mode-checked), source merging and the no-echo prompt.
#include "devices/credentials.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace licmig::devices {

namespace {

std::string line_of(const std::string &path, const YAML::Mark &mark) {
  return path + ":" + std::to_string(mark.line + 1);
}

Status check_file_mode(const std::string &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::error(ErrorKind::not_found, path + ": cannot read credentials file");
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::error(ErrorKind::invalid_input, path + ": credentials file is not a regular file");
  }
  const auto perms = st.st_mode & 0777U;
  if ((perms & 0077U) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", perms);
    return Status::error(ErrorKind::invalid_input, path + ": credentials file has mode " + mode +
                                                       "; it must be readable by its owner only (chmod 600 " + path +
                                                       ")");
  }
  return Status::ok();
}

// The host variables resolve_credentials reads, each list in the order it prefers them.
using VarNames = std::initializer_list<const char *>;
constexpr VarNames k_user_vars = {"ansible_user", "ansible_ssh_user"};
constexpr VarNames k_password_vars = {"ansible_password", "ansible_ssh_pass", "ansible_ssh_password"};
constexpr VarNames k_enable_vars = {"ansible_become_password", "ansible_become_pass"};
constexpr VarNames k_key_vars = {"ansible_ssh_private_key_file", "ansible_private_key_file"};

std::optional<std::string> var(const std::map<std::string, std::string> &vars, VarNames names) {
  for (const char *name : names) {
    auto it = vars.find(name);
    if (it != vars.end() && !it->second.empty()) return it->second;
  }
  return std::nullopt;
}

std::optional<std::string> env(const CredentialSources &sources, const char *name) {
  const char *value = sources.getenv ? sources.getenv(name) : std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

template <class T>
std::optional<T> first_of(std::initializer_list<std::optional<T>> options) {
  for (const auto &o : options) {
    if (o) return o;
  }
  return std::nullopt;
}

}  // namespace

std::vector<std::string> Credentials::secrets() const {
  std::vector<std::string> out;
  if (password && !password->empty()) out.push_back(*password);
  if (enable_secret && !enable_secret->empty()) out.push_back(*enable_secret);
  for (const auto &kv : key_passphrases) {
    if (!kv.second.empty()) out.push_back(kv.second);
  }
  return out;
}

Result<CredentialsFile> load_credentials_file(const std::string &path) {
  if (auto st = check_file_mode(path); !st) return st;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception &e) {
    return Status::error(ErrorKind::invalid_input, line_of(path, e.mark) + ": " + e.msg);
  }
  CredentialsFile file;
  if (root.IsNull()) return file;
  if (!root.IsMap()) {
    return Status::error(ErrorKind::invalid_input, line_of(path, root.Mark()) + ": expected a mapping of credentials");
  }
  for (const auto &item : root) {
    const auto key = item.first.as<std::string>("");
    const auto &value = item.second;
    const auto where = line_of(path, item.first.Mark());
    if (key == "key_file" || key == "key_files") {
      if (value.IsSequence()) {
        for (const auto &k : value) file.key_files.push_back(k.as<std::string>(""));
      } else if (value.IsScalar()) {
        file.key_files.push_back(value.as<std::string>());
      } else {
        return Status::error(ErrorKind::invalid_input, where + ": " + key + ": expected a path or a list of paths");
      }
      continue;
    }
    if (!value.IsScalar()) {
      return Status::error(ErrorKind::invalid_input, where + ": " + key + ": expected a string");
    }
    if (key == "username") {
      file.username = value.as<std::string>();
    } else if (key == "password") {
      file.password = value.as<std::string>();
    } else if (key == "enable_secret") {
      file.enable_secret = value.as<std::string>();
    } else {
      return Status::error(ErrorKind::invalid_input,
                           where + ": unknown key '" + key + "' (known: username, password, enable_secret, key_file)");
    }
  }
  return file;
}

std::optional<std::string> local_user_name() {
  passwd entry{};
  passwd *found = nullptr;
  std::vector<char> buf(16384);
  if (::getpwuid_r(::geteuid(), &entry, buf.data(), buf.size(), &found) != 0 || found == nullptr ||
      found->pw_name == nullptr || *found->pw_name == '\0') {
    return std::nullopt;
  }
  return std::string(found->pw_name);
}

bool is_credential_variable(std::string_view name) {
  for (const VarNames &names : {k_user_vars, k_password_vars, k_enable_vars, k_key_vars}) {
    for (const char *n : names) {
      if (name == n) return true;
    }
  }
  return false;
}

Result<Credentials> resolve_credentials(const CredentialSources &sources, const std::string &host_name) {
  const auto &vars = sources.host_vars;
  const CredentialsFile empty;
  const CredentialsFile &file = sources.file ? *sources.file : empty;
  Credentials c;
  auto user = first_of<std::string>({var(vars, k_user_vars), file.username, env(sources, "LICMIG_USER")});
  if (!user) user = sources.ssh_config_user;
  if (!user) user = sources.local_user ? sources.local_user() : local_user_name();
  if (!user) {
    return Status::error(ErrorKind::invalid_input,
                         host_name +
                             ": no user name: set ansible_user in the inventory, LICMIG_USER, or "
                             "username in the credentials file (the local user's name is unknown)");
  }
  c.username = *user;
  c.password = first_of<std::string>(
      {var(vars, k_password_vars), sources.asked_password, file.password, env(sources, "LICMIG_PASSWORD")});
  c.enable_secret = first_of<std::string>({var(vars, k_enable_vars), sources.asked_enable_secret, file.enable_secret,
                                           env(sources, "LICMIG_ENABLE_SECRET")});
  if (auto key = var(vars, k_key_vars)) c.key_files.push_back(*key);
  for (const auto &k : file.key_files) c.key_files.push_back(k);
  for (const auto &k : sources.ssh_config_keys) c.key_files.push_back(k);
  return c;
}

Result<std::string> prompt_secret(const std::string &prompt, std::ostream &err) {
  err << prompt << std::flush;
  termios saved{};
  const bool tty = ::isatty(STDIN_FILENO) != 0 && ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= static_cast<tcflag_t>(ECHONL);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  if (!got) return Status::error(ErrorKind::invalid_input, "no answer to '" + prompt + "' (standard input closed)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace licmig::devices
