// StateStore: per-router JSON state and host keys in the --state-dir folder.
#include "sim/state_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace licmig::sim {
namespace {

Status io_error(const std::string &path, int error) {
  return Status::error(ErrorKind::io_error, path + ": " + std::strerror(error));
}

}  // namespace

Status write_file_atomically(const std::string &path, const std::string &content, bool durable) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::error(ErrorKind::io_error, tmp + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return io_error(tmp, error);
    }
    done += static_cast<std::size_t>(n);
  }
  if ((durable && ::fsync(fd) != 0) || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return Status::error(ErrorKind::io_error, tmp + ": " + std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Status::error(ErrorKind::io_error, path + ": " + why);
  }
  return Status::ok();
}

Status StateStore::prepare() const {
  if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::error(ErrorKind::io_error, dir_ + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::stat(dir_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::error(ErrorKind::io_error, dir_ + ": not a folder");
  }
  return Status::ok();
}

Result<std::optional<nlohmann::json>> StateStore::load(const std::string &router) const {
  const std::string path = state_path(router);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return std::optional<nlohmann::json>();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error(ErrorKind::io_error, path + ": cannot read");
  std::ostringstream text;
  text << in.rdbuf();
  auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) return Status::error(ErrorKind::invalid_input, path + ": not valid JSON");
  return std::optional<nlohmann::json>(std::move(json));
}

Status StateStore::save(const std::string &router, const nlohmann::json &state) const {
  return write_file_atomically(state_path(router), state.dump(2) + "\n");
}

}  // namespace licmig::sim
