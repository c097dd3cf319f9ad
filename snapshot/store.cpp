#include "snapshot/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include <boost/filesystem.hpp>

#include "base/clock.hpp"
#include "base/digest.hpp"
#include "snapshot/serialize.hpp"

namespace licmig::snapshot {

namespace fs = boost::filesystem;

std::string utc_timestamp() { return base::utc_timestamp(std::chrono::system_clock::now()); }

std::string file_timestamp(const std::string &utc) {
  std::string out;
  for (char c : utc) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

Store::Store(std::string root) : root_(std::move(root)) {}

std::string Store::host_dir(const std::string &host) const {
  return (fs::path(root_) / "snapshots" / base::path_component_for(host)).string();
}

Result<std::string> Store::mask_key() const {
  const std::string path = (fs::path(root_) / "mask.key").string();
  auto read_key = [&]() -> Result<std::string> {
    auto key = base::read_file(path);
    if (key && key->empty())
      return Status::io_error(path + ": the mask key is empty (remove the file to make a new one)");
    return key;
  };
  if (auto key = read_key(); key || !key.status().is_not_found()) return key;
  if (auto st = base::make_private_dirs(root_); !st) return st;
  auto key = base::random_bytes(32);
  if (!key) return key.status();
  // Written complete under a name of its own, then linked into place: link() fails when another
  // writer was first, and then its key is the store's.
  static std::atomic<unsigned> counter{0};
  const std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::io_error(tmp + ": cannot create: " + std::strerror(errno));
  const auto &bytes = key.value();
  const bool written =
      ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
  const int write_errno = errno;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    return Status::error(write_errno == ENOSPC || write_errno == EDQUOT ? ErrorKind::no_space : ErrorKind::io_error,
                         tmp + ": cannot write: " + std::strerror(write_errno));
  }
  const bool linked = ::link(tmp.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (!linked && link_errno != EEXIST) return Status::io_error(path + ": cannot create: " + std::strerror(link_errno));
  return read_key();
}

Result<std::string> Store::save(const Snapshot &snap) const {
  if (snap.taken_at.empty())
    return Status::error(ErrorKind::invalid_input, "snapshot of " + snap.host + " has no time");
  const std::string dir = host_dir(snap.host);
  if (auto st = base::make_private_dirs(dir); !st) return st;
  std::string base = (fs::path(dir) / file_timestamp(snap.taken_at)).string();
  std::string json_path = base + ".json";
  for (int n = 1; fs::exists(json_path); ++n) json_path = base + "-" + std::to_string(n) + ".json";
  const std::string xml_path = json_path.substr(0, json_path.size() - 5) + ".xml";
  if (auto st = base::write_file_atomically(xml_path, snapshot_to_xml_text(snap)); !st) return st;
  if (auto st = base::write_file_atomically(json_path, snapshot_to_json_text(snap)); !st) return st;
  return json_path;
}

Result<Snapshot> Store::load(const std::string &path) const {
  auto text = base::read_file(path);
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
  // the newest file that is a record of this host: a file of another host (copied in, or from an
  // older store whose folder names were not injective) is never taken for it
  std::string others;
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    auto snap = load(*it);
    if (snap && snap->host == host) return *it;
    if (snap && others.empty()) others = *it + " is a snapshot of '" + snap->host + "'";
  }
  return Status::error(ErrorKind::not_found,
                       "no stored snapshot of " + host + " in " + root_ +
                           (others.empty() ? std::string(" (the files there cannot be read)") : " (" + others + ")"));
}

}  // namespace licmig::snapshot
