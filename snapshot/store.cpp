#include "snapshot/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include <boost/filesystem.hpp>

#include "snapshot/serialize.hpp"

namespace licmig::snapshot {

namespace fs = boost::filesystem;

namespace {

Status io_error(const std::string &what, const std::string &path) {
  return Status::error(ErrorKind::io_error, path + ": " + what + ": " + std::strerror(errno));
}

Status fsync_dir(const std::string &dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error("cannot open folder", dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error("cannot fsync folder", dir);
  return Status::ok();
}

}  // namespace

Status write_file_atomically(const std::string &path, const std::string &content, unsigned mode) {
  const fs::path target(path);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  std::string tmp = (fs::path(dir) / fs::unique_path("." + target.filename().string() + ".%%%%%%%%.tmp")).string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) return io_error("cannot create", tmp);
  const char *p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto st = io_error("cannot write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return st;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || ::fsync(fd) != 0) {
    auto st = io_error("cannot fsync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return st;
  }
  if (::close(fd) != 0) {
    auto st = io_error("cannot close", tmp);
    ::unlink(tmp.c_str());
    return st;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    auto st = io_error("cannot rename into place", path);
    ::unlink(tmp.c_str());
    return st;
  }
  return fsync_dir(dir);
}

Status make_private_dirs(const std::string &path) {
  boost::system::error_code ec;
  fs::path p(path);
  std::vector<fs::path> missing;
  for (fs::path q = p; !q.empty() && !fs::exists(q, ec); q = q.parent_path()) missing.push_back(q);
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) return io_error("cannot create folder", it->string());
  }
  if (!fs::is_directory(p, ec)) {
    return Status::error(ErrorKind::io_error, path + ": not a folder");
  }
  return Status::ok();
}

Result<std::string> read_file(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::error(ErrorKind::not_found, path + ": no such file");
    return io_error("cannot open", path);
  }
  std::string out;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      auto st = io_error("cannot read", path);
      ::close(fd);
      return st;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string safe_file_name(const std::string &name) {
  std::string out;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    out.push_back(ok ? c : '_');
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

std::string utc_timestamp() {
  auto now = std::chrono::system_clock::now();
  auto secs = std::chrono::system_clock::to_time_t(now);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
  return buf;
}

std::string file_timestamp(const std::string &utc) {
  std::string out;
  for (char c : utc) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

Store::Store(std::string root) : root_(std::move(root)) {}

std::string Store::host_dir(const std::string &host) const {
  return (fs::path(root_) / "snapshots" / safe_file_name(host)).string();
}

Result<std::string> Store::save(const Snapshot &snap) const {
  if (snap.taken_at.empty())
    return Status::error(ErrorKind::invalid_input, "snapshot of " + snap.host + " has no time");
  const std::string dir = host_dir(snap.host);
  if (auto st = make_private_dirs(dir); !st) return st;
  std::string base = (fs::path(dir) / file_timestamp(snap.taken_at)).string();
  std::string json_path = base + ".json";
  for (int n = 1; fs::exists(json_path); ++n) json_path = base + "-" + std::to_string(n) + ".json";
  const std::string xml_path = json_path.substr(0, json_path.size() - 5) + ".xml";
  if (auto st = write_file_atomically(xml_path, snapshot_to_xml_text(snap)); !st) return st;
  if (auto st = write_file_atomically(json_path, snapshot_to_json_text(snap)); !st) return st;
  return json_path;
}

Result<Snapshot> Store::load(const std::string &path) const {
  auto text = read_file(path);
  if (!text) return text.status();
  auto snap = fs::path(path).extension() == ".xml" ? snapshot_from_xml_text(text.value())
                                                   : snapshot_from_json_text(text.value());
  if (!snap) return Status::error(ErrorKind::parse_error, path + ": " + snap.error_message());
  return snap;
}

std::vector<std::string> Store::list(const std::string &host) const {
  std::vector<std::string> out;
  boost::system::error_code ec;
  for (fs::directory_iterator it(host_dir(host), ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".json") out.push_back(it->path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::string> Store::latest(const std::string &host) const {
  auto all = list(host);
  if (all.empty()) return Status::error(ErrorKind::not_found, "no stored snapshot of " + host + " in " + root_);
  return all.back();
}

}  // namespace licmig::snapshot
