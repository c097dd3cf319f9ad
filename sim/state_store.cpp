// StateStore: per-router JSON state and host keys in the --state-dir folder.
#include "sim/state_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "base/file.hpp"

namespace licmig::sim {
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
  return base::write_file_atomically(state_path(router), state.dump(2) + "\n");
}

}  // namespace licmig::sim
