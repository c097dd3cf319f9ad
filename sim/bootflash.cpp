// Bootflash: a folder of real files with a capacity, seeded with the fleet's declared images (sparse)
// and a manifest of the md5s known without reading the bytes.
#include "sim/bootflash.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <nlohmann/json.hpp>

#include "base/digest.hpp"
#include "base/file.hpp"
#include "base/text.hpp"

namespace licmig::sim {

namespace {

namespace fs = std::filesystem;
constexpr const char *k_manifest = ".sim-bootflash.json";

// The size IOS shows for a declared image without one (the fleet file gave only a name).
std::int64_t declared_size(const ImageSpec &img, std::size_t i) {
  return img.size > 0 ? img.size : 588488704 + static_cast<std::int64_t>(i) * 7340032;
}

// A stable md5-looking value for a declared image without one.
std::string placeholder_md5(const std::string &file) { return base::md5_of("iosxe-sim declared image " + file); }

struct Stat {
  bool ok = false;
  std::int64_t size = 0;
  std::int64_t mtime = 0;
  std::int64_t mtime_ns = 0;
};

Stat stat_of(const std::string &path) {
  struct stat st {};
  Stat s;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return s;
  s.ok = true;
  s.size = static_cast<std::int64_t>(st.st_size);
  s.mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec);
  s.mtime_ns = s.mtime * 1000000000LL + static_cast<std::int64_t>(st.st_mtim.tv_nsec);
  return s;
}

}  // namespace

Bootflash::~Bootflash() {
  if (owned_ && !dir_.empty()) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
}

bool Bootflash::valid_name(const std::string &name) {
  return !name.empty() && name.front() != '.' && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos && name.size() <= 255;
}

Status Bootflash::attach_temporary(std::int64_t capacity, const std::vector<ImageSpec> &declared,
                                   std::int64_t seed_mtime) {
  std::string pattern = (fs::temp_directory_path() / "iosxe-sim-bootflash-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return Status::error(ErrorKind::io_error, pattern + ": " + std::strerror(errno));
  }
  return attach(pattern, true, capacity, declared, seed_mtime);
}

Status Bootflash::attach(const std::string &dir, bool owned, std::int64_t capacity,
                         const std::vector<ImageSpec> &declared, std::int64_t seed_mtime) {
  if (owned_ && !dir_.empty() && dir_ != dir) {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  dir_ = dir;
  owned_ = owned;
  capacity_ = capacity;
  known_.clear();
  if (Status s = base::make_private_dirs(dir); !s) return s;
  const std::string manifest = dir + "/" + k_manifest;
  auto text = base::read_file(manifest);
  if (text) {
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Status::error(ErrorKind::invalid_input, manifest + ": not a bootflash manifest");
    }
    const nlohmann::json files = j.contains("files") && j["files"].is_object() ? j["files"] : nlohmann::json::object();
    for (auto it = files.begin(); it != files.end(); ++it) {
      const auto &k = it.value();
      if (!k.is_object()) continue;
      known_[it.key()] = Known{k.value("md5", std::string{}), k.value("size", std::int64_t{0}),
                               k.value("mtime_ns", std::int64_t{0}), k.value("declared_index", -1)};
    }
    return Status::ok();
  }
  if (text.status().kind() != ErrorKind::not_found) return text.status();
  // A new folder: seed the declared images as sparse files of their size.
  for (std::size_t i = 0; i < declared.size(); ++i) {
    const auto &img = declared[i];
    if (!valid_name(img.file)) continue;
    const std::string path = path_of(img.file);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Status::error(base::errno_kind(errno), path + ": " + std::strerror(errno));
    const std::int64_t size = declared_size(img, i);
    const bool sized = ::ftruncate(fd, static_cast<off_t>(size)) == 0;
    const struct timespec times[2] = {{seed_mtime, 0}, {seed_mtime + 86400 * (10 + 20 * static_cast<long>(i)), 0}};
    ::futimens(fd, times);
    ::close(fd);
    if (!sized) return Status::error(base::errno_kind(errno), path + ": " + std::strerror(errno));
    const Stat st = stat_of(path);
    known_[img.file] = Known{img.md5.empty() ? placeholder_md5(img.file) : base::to_lower(img.md5), st.size,
                             st.mtime_ns, static_cast<int>(i)};
  }
  return save_manifest();
}

Status Bootflash::save_manifest() const {
  nlohmann::json files = nlohmann::json::object();
  for (const auto &[name, k] : known_) {
    files[name] = {{"md5", k.md5}, {"size", k.size}, {"mtime_ns", k.mtime_ns}, {"declared_index", k.declared_index}};
  }
  nlohmann::json j = {{"seeded", true}, {"files", files}};
  return base::write_file_atomically(dir_ + "/" + k_manifest, j.dump(1) + "\n", 0600, base::Sync::fast);
}

bool Bootflash::matches(const Known &k, const std::string &name) const {
  const Stat st = stat_of(path_of(name));
  return st.ok && st.size == k.size && st.mtime_ns == k.mtime_ns;
}

std::vector<BootflashFile> Bootflash::files() const {
  std::vector<BootflashFile> out;
  if (dir_.empty()) return out;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (!valid_name(name)) continue;
    const Stat st = stat_of(entry.path().string());
    if (!st.ok) continue;
    BootflashFile f{name, st.size, st.mtime, -1};
    if (auto it = known_.find(name);
        it != known_.end() && it->second.size == st.size && it->second.mtime_ns == st.mtime_ns) {
      f.declared_index = it->second.declared_index;
    }
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const BootflashFile &a, const BootflashFile &b) {
    const bool ad = a.declared_index >= 0;
    const bool bd = b.declared_index >= 0;
    if (ad != bd) return ad;
    if (ad) return a.declared_index < b.declared_index;
    if (a.mtime != b.mtime) return a.mtime < b.mtime;
    return a.name < b.name;
  });
  return out;
}

bool Bootflash::exists(const std::string &name) const { return valid_name(name) && stat_of(path_of(name)).ok; }

std::int64_t Bootflash::used_in(const std::string &dir) {
  std::int64_t used = k_fixed_bytes;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!valid_name(name)) continue;
    const Stat st = stat_of(entry.path().string());
    if (st.ok) used += st.size;
  }
  return used;
}

std::int64_t Bootflash::used_bytes() const { return dir_.empty() ? k_fixed_bytes : used_in(dir_); }

std::int64_t Bootflash::free_bytes() const { return std::max<std::int64_t>(0, capacity_ - used_bytes()); }

Result<std::string> Bootflash::md5(const std::string &name) {
  if (!exists(name)) return Status::error(ErrorKind::not_found, "bootflash:" + name + ": no such file");
  if (auto it = known_.find(name); it != known_.end() && matches(it->second, name)) return it->second.md5;
  auto md5 = base::md5_of_file(path_of(name));
  if (md5) remember_md5(name, *md5);
  return md5;
}

void Bootflash::remember_md5(const std::string &name, const std::string &md5) {
  const Stat st = stat_of(path_of(name));
  if (!st.ok) return;
  known_[name] = Known{md5, st.size, st.mtime_ns, -1};
  (void)save_manifest();  // a lost cache entry only costs a re-read
}

void Bootflash::forget(const std::string &name) {
  if (known_.erase(name) > 0) (void)save_manifest();
}

Status Bootflash::remove(const std::string &name) {
  if (!exists(name)) return Status::error(ErrorKind::not_found, "bootflash:" + name + ": no such file");
  if (::unlink(path_of(name).c_str()) != 0) {
    return Status::error(base::errno_kind(errno), path_of(name) + ": " + std::strerror(errno));
  }
  forget(name);
  return Status::ok();
}

}  // namespace licmig::sim
