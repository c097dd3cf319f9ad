// Ansible Vault envelopes (format 1.1 and 1.2, AES256) and vault password files and scripts.
#include "inventory/vault.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "base/crypto.hpp"
#include "base/text.hpp"

namespace licmig::inventory {

namespace {

constexpr std::string_view k_header = "$ANSIBLE_VAULT;";
constexpr int k_iterations = 10000;  // Ansible's VaultAES256
constexpr std::size_t k_key_length = 32;
constexpr std::size_t k_iv_length = 16;
constexpr std::size_t k_max_secret = 64 * 1024;  // a password file or script output larger than this is refused

Status invalid(const std::string &message) { return Status::error(ErrorKind::invalid_input, message); }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> unhexlify(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string_view strip(std::string_view s, const char *chars) {
  const auto b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(chars) - b + 1);
}

struct Envelope {
  std::string version;
  std::string cipher;
  std::string id;  // empty in 1.1
  std::string salt;
  std::string hmac;  // hex, as stored
  std::string ciphertext;
};

Result<Envelope> parse_envelope(std::string_view text, const std::string &where) {
  auto bad = [&](const std::string &why) { return invalid(where + ": vault envelope format error: " + why); };
  const auto nl = text.find('\n');
  std::string_view header = strip(text.substr(0, nl), " \t\r");
  std::vector<std::string> fields;
  for (std::size_t start = 0;;) {
    auto semi = header.find(';', start);
    fields.emplace_back(strip(header.substr(start, semi == std::string_view::npos ? semi : semi - start), " \t"));
    if (semi == std::string_view::npos) break;
    start = semi + 1;
  }
  if (fields.size() < 3 || fields[0] != "$ANSIBLE_VAULT") return bad("bad header");
  Envelope e;
  e.version = fields[1];
  e.cipher = fields[2];
  if (fields.size() >= 4) e.id = fields[3];
  if (e.version != "1.1" && e.version != "1.2") return bad("unknown version '" + e.version + "'");
  if (e.cipher != "AES256") return invalid(where + ": vault cipher '" + e.cipher + "' is not supported (AES256 is)");
  std::string hex;
  if (nl != std::string_view::npos) {
    for (char c : text.substr(nl + 1)) {
      if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
      hex.push_back(c);
    }
  }
  auto body = unhexlify(hex);
  if (!body) return bad("the payload is not hexadecimal");
  const auto first = body->find('\n');
  const auto second = first == std::string::npos ? std::string::npos : body->find('\n', first + 1);
  if (second == std::string::npos) return bad("the payload lacks salt, HMAC and ciphertext");
  auto salt = unhexlify(std::string_view(*body).substr(0, first));
  auto ciphertext = unhexlify(std::string_view(*body).substr(second + 1));
  if (!salt || !ciphertext || salt->empty()) return bad("the salt or ciphertext is not hexadecimal");
  e.salt = std::move(*salt);
  e.hmac = body->substr(first + 1, second - first - 1);
  e.ciphertext = std::move(*ciphertext);
  return e;
}

// The plaintext when `password` opens the envelope; nullopt when the HMAC does not match.
Result<std::optional<std::string>> try_secret(const Envelope &e, const std::string &password) {
  auto derived = base::pbkdf2_hmac_sha256(password, e.salt, k_iterations, 2 * k_key_length + k_iv_length);
  if (!derived) return derived.status();
  const std::string_view keys(*derived);
  auto mac = base::hmac_sha256(keys.substr(k_key_length, k_key_length), e.ciphertext);
  if (!mac) return mac.status();
  auto expected = unhexlify(e.hmac);
  if (!expected || !base::constant_time_equal(*mac, *expected)) return std::optional<std::string>();
  auto plain = base::aes256_ctr(keys.substr(0, k_key_length), keys.substr(2 * k_key_length, k_iv_length), e.ciphertext);
  if (!plain) return plain.status();
  // PKCS#7 padding to the AES block size
  std::string &p = plain.value();
  const auto pad = p.empty() ? 0U : static_cast<unsigned char>(p.back());
  if (pad == 0 || pad > 16 || pad > p.size()) return invalid("vault data: bad padding");
  for (std::size_t i = p.size() - pad; i < p.size(); ++i) {
    if (static_cast<unsigned char>(p[i]) != pad) return invalid("vault data: bad padding");
  }
  p.resize(p.size() - pad);
  return std::optional<std::string>(std::move(p));
}

bool is_executable_file(const std::string &path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111U) != 0;
}

// Runs `argv` without a shell; its standard output (at most k_max_secret bytes), or an error.
Result<std::string> run_script(const std::vector<std::string> &argv, const std::string &path) {
  int fds[2];
  if (::pipe(fds) != 0) return Status::error(ErrorKind::io_error, path + ": cannot run: " + std::strerror(errno));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::error(ErrorKind::io_error, path + ": cannot run: " + std::strerror(errno));
  }
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char *> args;
    for (const auto &a : argv) args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  bool too_long = false;
  for (;;) {
    const ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (out.size() + static_cast<std::size_t>(n) > k_max_secret) {
      too_long = true;
      continue;  // drain, so the script is not stopped by a full pipe
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return invalid(path + ": vault password script failed (exit status " +
                   std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) + ")");
  }
  if (too_long) return invalid(path + ": vault password script printed more than 64 KiB");
  return out;
}

}  // namespace

bool is_vault_data(std::string_view text) { return text.substr(0, k_header.size()) == k_header; }

Result<std::string> vault_decrypt(std::string_view envelope, const VaultSecrets &secrets, const std::string &where) {
  if (secrets.empty()) {
    return invalid(where +
                   ": vault-encrypted data, but no vault secret was given (--vault-password-file, "
                   "--ask-vault-pass, --vault-id or ANSIBLE_VAULT_PASSWORD_FILE)");
  }
  auto e = parse_envelope(envelope, where);
  if (!e) return e.status();
  std::vector<const VaultSecret *> order;
  for (const auto &s : secrets) {
    if (!e->id.empty() && s.id == e->id) order.push_back(&s);
  }
  for (const auto &s : secrets) {
    if (e->id.empty() || s.id != e->id) order.push_back(&s);
  }
  for (const auto *s : order) {
    auto plain = try_secret(*e, s->password);
    if (!plain) return Status::error(plain.status().kind(), where + ": " + plain.status().message());
    if (*plain) return std::string(**plain);
  }
  std::string ids;
  for (const auto &s : secrets) ids += (ids.empty() ? "" : ", ") + s.id;
  return invalid(where + ": cannot decrypt vault data" + (e->id.empty() ? "" : " (vault id '" + e->id + "')") +
                 ": no vault secret given opens it (tried " + ids + "): wrong password?");
}

Result<VaultSecret> read_vault_secret(const std::string &id, const std::string &path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return invalid(path + ": vault password file not found");
  std::string password;
  if (is_executable_file(path)) {
    std::vector<std::string> argv{path};
    const std::string stem = std::filesystem::path(path).stem().string();
    if (stem.size() >= 7 && stem.compare(stem.size() - 7, 7, "-client") == 0) {
      argv.push_back("--vault-id");
      argv.push_back(id);
    }
    auto out = run_script(argv, path);
    if (!out) return out.status();
    password = std::string(strip(*out, "\r\n"));
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) return invalid(path + ": cannot read vault password file: " + std::strerror(errno));
    std::string text;
    char buf[4096];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      text.append(buf, static_cast<std::size_t>(in.gcount()));
      if (text.size() > k_max_secret) return invalid(path + ": vault password file is larger than 64 KiB");
    }
    password = std::string(strip(text, " \t\r\n\f\v"));
  }
  if (password.empty()) return invalid(path + ": vault password file is empty");
  return VaultSecret{id, std::move(password), path};
}

std::pair<std::string, std::string> split_vault_id(const std::string &argument) {
  const auto at = argument.find('@');
  if (at == std::string::npos) return {"default", argument};
  return {argument.substr(0, at), argument.substr(at + 1)};
}

Result<VaultSecrets> collect_vault_secrets(const VaultOptions &options, const char *env_password_file,
                                           const std::function<Result<std::string>(const std::string &)> &prompt) {
  VaultSecrets out;
  auto ask = [&](const std::string &id) -> Status {
    auto answer = prompt(id == "default" ? "Vault password: " : "Vault password (" + id + "): ");
    if (!answer) return answer.status();
    if (answer->empty()) return invalid("vault password (" + id + "): empty");
    out.push_back(VaultSecret{id, std::move(answer.value()), "prompt"});
    return Status::ok();
  };
  auto from_file = [&](const std::string &id, const std::string &path) -> Status {
    auto secret = read_vault_secret(id, path);
    if (!secret) return secret.status();
    out.push_back(std::move(secret.value()));
    return Status::ok();
  };
  for (const auto &argument : options.ids) {
    const auto [id, source] = split_vault_id(argument);
    if (source.empty()) return invalid("--vault-id " + argument + ": no password file or 'prompt'");
    if (auto s = source == "prompt" || source == "prompt_ask_vault_pass" ? ask(id) : from_file(id, source); !s)
      return s;
  }
  std::vector<std::string> files = options.password_files;
  if (env_password_file != nullptr && *env_password_file != '\0') files.emplace_back(env_password_file);
  for (const auto &f : files) {
    if (auto s = from_file("default", f); !s) return s;
  }
  if (options.ask) {
    if (auto s = ask("default"); !s) return s;
  }
  return out;
}

}  // namespace licmig::inventory
