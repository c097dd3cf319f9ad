#include "devices/known_hosts.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>

#include <libssh/libssh.h>

namespace licmig::devices {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

std::string host_key_fingerprint(ssh_key key) {
  unsigned char *hash = nullptr;
  std::size_t len = 0;
  if (key == nullptr || ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash, &len) != 0) return "(unknown)";
  char *text = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash, len);
  std::string out = text ? text : "(unknown)";
  ssh_string_free_char(text);
  ssh_clean_pubkey_hash(&hash);
  return out;
}

namespace {

// One known_hosts file as an index of its lines. The index only narrows the lines to try: every
// candidate is matched by libssh's own parser (ssh_known_hosts_parse_line), so the result is what
// libssh decides — names, case, hashes, wildcards and all.
struct FileIndex {
  std::string path;
  bool loaded = false;
  bool exists = false;
  dev_t dev = 0;
  ino_t ino = 0;
  off_t size = 0;
  timespec mtime{};
  std::string read_error;                                           // the file exists but cannot be read
  std::vector<std::string> lines;                                   // every entry line
  std::unordered_map<std::string, std::vector<std::size_t>> plain;  // lower-case name -> lines
  std::vector<std::size_t> always;                                  // lines no name index can select

  static bool same_time(const timespec &a, const timespec &b) { return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec; }

  void index_line(std::string line) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') return;
    const auto end = line.find_first_of(" \t", start);
    const std::string hosts = line.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const std::size_t n = lines.size();
    lines.push_back(std::move(line));
    // Hashed names, patterns, negations, markers and "[host]:22" (which libssh also matches for
    // "host") are tried for every name.
    if (hosts.find_first_of("|*?!@") != std::string::npos || hosts.find(":22") != std::string::npos) {
      always.push_back(n);
      return;
    }
    std::size_t from = 0;
    while (from <= hosts.size()) {
      const auto comma = hosts.find(',', from);
      const std::string name = hosts.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
      if (!name.empty()) plain[lower(name)].push_back(n);
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
  }

  // Re-reads the file when it is not the one last read (size, mtime or inode changed).
  void refresh() {
    struct stat st {};
    const bool now_exists = ::stat(path.c_str(), &st) == 0;
    if (loaded && now_exists == exists &&
        (!now_exists || (st.st_dev == dev && st.st_ino == ino && st.st_size == size && same_time(st.st_mtim, mtime)))) {
      return;
    }
    loaded = true;
    exists = now_exists;
    read_error.clear();
    lines.clear();
    plain.clear();
    always.clear();
    if (!now_exists) return;
    dev = st.st_dev;
    ino = st.st_ino;
    size = st.st_size;
    mtime = st.st_mtim;
    if (!S_ISREG(st.st_mode)) {
      read_error = "not a regular file";
      return;
    }
    std::ifstream in(path);
    if (!in) {
      read_error = std::strerror(errno);
      return;
    }
    std::string line;
    while (std::getline(in, line)) index_line(std::move(line));
    if (in.bad()) read_error = "read failed";
  }

  // Calls f(key) for every key the file holds for `name`.
  template <class F>
  void each_key(const std::string &name, F &&f) const {
    auto try_line = [&](std::size_t i) {
      ssh_knownhosts_entry *entry = nullptr;
      if (ssh_known_hosts_parse_line(name.c_str(), lines[i].c_str(), &entry) == SSH_OK && entry && entry->publickey) {
        f(entry->publickey);
      }
      if (entry) ssh_knownhosts_entry_free(entry);
    };
    if (auto it = plain.find(lower(name)); it != plain.end()) {
      for (auto i : it->second) try_line(i);
    }
    for (auto i : always) try_line(i);
  }

  // Our own append: the file (whose stat is `st`) now is what we knew, plus this line.
  void appended(std::string line, const struct stat &st) {
    exists = true;
    dev = st.st_dev;
    ino = st.st_ino;
    size = st.st_size;
    mtime = st.st_mtim;
    index_line(std::move(line));
  }
};

std::mutex registry_mu;
std::string global_file = "/etc/ssh/ssh_known_hosts";

}  // namespace

struct KnownHosts::Impl {
  std::mutex mu;
  FileIndex user;
  FileIndex global;
};

KnownHosts::KnownHosts(std::string user_file, std::string global) : impl_(std::make_unique<Impl>()) {
  impl_->user.path = std::move(user_file);
  impl_->global.path = std::move(global);
}

KnownHosts::~KnownHosts() = default;

std::shared_ptr<KnownHosts> KnownHosts::of(const std::string &user_file) {
  static std::map<std::string, std::shared_ptr<KnownHosts>> files;
  std::error_code ec;
  auto key = std::filesystem::absolute(user_file, ec).lexically_normal().string();
  if (ec) key = user_file;
  std::lock_guard<std::mutex> lock(registry_mu);
  auto &slot = files[key];
  if (!slot) slot.reset(new KnownHosts(user_file, global_file));
  return slot;
}

void KnownHosts::set_global_file(std::string path) {
  std::lock_guard<std::mutex> lock(registry_mu);
  global_file = std::move(path);
}

std::string KnownHosts::entry_name(const std::string &host, int port) {
  return port == 22 ? host : "[" + host + "]:" + std::to_string(port);
}

Result<KnownHosts::Check> KnownHosts::check(const std::string &name, ssh_key server_key) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Check out;
  for (FileIndex *file : {&impl_->user, &impl_->global}) {
    file->refresh();
    if (!file->read_error.empty()) {
      return Status::error(ErrorKind::io_error, "cannot read " + file->path + ": " + file->read_error);
    }
    bool any = false, same_type = false, equal = false;
    std::string known;
    file->each_key(name, [&](ssh_key key) {
      any = true;
      if (ssh_key_cmp(key, server_key, SSH_KEY_CMP_PUBLIC) == 0) equal = true;
      if (ssh_key_type(key) == ssh_key_type(server_key)) same_type = true;
      known += (known.empty() ? "" : " and ") + host_key_fingerprint(key);
    });
    if (!any) continue;  // the next file decides
    out.state = equal ? State::ok : same_type ? State::changed : State::other;
    if (!equal) out.known = known;
    return out;
  }
  return out;
}

std::vector<std::string> KnownHosts::key_types(const std::string &name) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<std::string> types;
  for (FileIndex *file : {&impl_->user, &impl_->global}) {
    file->refresh();
    file->each_key(name, [&](ssh_key key) {
      const char *type = ssh_key_type_to_char(ssh_key_type(key));
      if (type && std::find(types.begin(), types.end(), type) == types.end()) types.emplace_back(type);
    });
    if (!types.empty()) break;
  }
  return types;
}

Status KnownHosts::add(ssh_session session, const std::string &name) {
  char *exported = nullptr;
  if (ssh_session_export_known_hosts_entry(session, &exported) != SSH_OK || exported == nullptr) {
    return Status::error(ErrorKind::io_error, "cannot record the host key of " + name + " in " + impl_->user.path +
                                                  ": " + ssh_get_error(session));
  }
  std::string line = exported;
  ssh_string_free_char(exported);
  if (line.empty() || line.back() != '\n') line += '\n';
  std::lock_guard<std::mutex> lock(impl_->mu);
  FileIndex &user = impl_->user;
  user.refresh();  // the index is the file on disk: after the append it is that plus our line
  const bool existed = user.exists;
  const off_t size_before = existed ? user.size : 0;
  const ino_t ino_before = user.ino;
  const std::filesystem::path file(impl_->user.path);
  std::error_code ec;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  const int fd = ::open(impl_->user.path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::error(ErrorKind::io_error, "cannot record the host key of " + name + " in " + impl_->user.path +
                                                  ": " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return Status::error(ErrorKind::io_error,
                           "cannot record the host key of " + name + " in " + impl_->user.path + ": " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    return Status::error(ErrorKind::io_error, "cannot record the host key of " + name + " in " + impl_->user.path +
                                                  ": " + std::strerror(errno));
  }
  line.pop_back();
  struct stat st {};
  if (::stat(user.path.c_str(), &st) == 0 && (!existed || st.st_ino == ino_before) &&
      st.st_size == size_before + static_cast<off_t>(line.size() + 1)) {
    user.appended(std::move(line), st);
  } else {
    user.loaded = false;  // someone else wrote too: read it all again next time
  }
  return Status::ok();
}

}  // namespace licmig::devices
