#include "base/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <boost/filesystem.hpp>

namespace licmig::base {

namespace fs = boost::filesystem;

ErrorKind errno_kind(int err) {
  switch (err) {
    case ENOSPC:
    case EDQUOT: return ErrorKind::no_space;
    default: return ErrorKind::io_error;
  }
}

std::string path_component_for(const std::string &name) {
  static const char *hex = "0123456789ABCDEF";
  if (name.empty()) return "%";  // '%' alone is no escape of anything else
  if (name == "." || name == "..") return name == "." ? "%2E" : "%2E%2E";
  std::string out;
  out.reserve(name.size());
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool plain =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (plain) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xf]);
    }
  }
  return out;
}

namespace {

Status io_error(const std::string &what, const std::string &path) {
  const int err = errno;
  return Status::error(errno_kind(err), path + ": " + what + ": " + std::strerror(err));
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

namespace {

// Writes all of `content` to `fd`; false with errno set on an error.
bool write_all(int fd, const std::string &content) {
  const char *p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

Status write_file_atomically(const std::string &path, const std::string &content, unsigned mode, Sync sync) {
  // A path that is there but not a regular file (`-o /dev/null`, /dev/stdout, a FIFO) is written
  // into: renaming over it would replace the device node or pipe with a plain file.
  struct stat existing {};
  if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode) && !S_ISDIR(existing.st_mode)) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return io_error("cannot open", path);
    if (!write_all(fd, content)) {
      auto st = io_error("cannot write", path);
      ::close(fd);
      return st;
    }
    if (::close(fd) != 0) return io_error("cannot close", path);
    return Status::ok();
  }
  const fs::path target(path);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  std::string tmp = (fs::path(dir) / fs::unique_path("." + target.filename().string() + ".%%%%%%%%.tmp")).string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
  if (fd < 0) return io_error("cannot create", tmp);
  if (!write_all(fd, content)) {
    auto st = io_error("cannot write", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return st;
  }
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || (sync == Sync::durable && ::fsync(fd) != 0)) {
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
  return sync == Sync::durable ? fsync_dir(dir) : Status::ok();
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

}  // namespace licmig::base
