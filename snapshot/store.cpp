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

#include "base/clock.hpp"
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
