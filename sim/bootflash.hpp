// A simulated router's bootflash: a folder of real files (in the state folder, `<router>.bootflash/`,
// or a temporary folder when the simulator keeps no state) with a capacity.
//
// Images the fleet file declares (ImageSpec: name, size, md5) are seeded once, when the folder is
// new, as sparse files of the declared size: they take no disk space, and their md5 is the declared
// one as long as the file is untouched (same size and modification time). Every other file
// (transferred by `copy URL bootflash:` or SCP) is real bytes, and `verify /md5` hashes them
// (libcrypto); the md5 a transfer computed while writing is cached, keyed by size and mtime. Deleted
// declared images stay deleted (a manifest, `.sim-bootflash.json` in the folder, remembers the
// seeding and the declared md5s). `dir bootflash:` lists the files after three fixed folders
// (lost+found, core, tracelogs) and before the fixed `nvram_config` file; they all count as used.
//
// Thread-safety: used_in() may be called from transfer threads; everything else from the
// simulator's event-loop thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "sim/router_spec.hpp"

namespace licmig::sim {

struct BootflashFile {
  std::string name;
  std::int64_t size = 0;
  std::int64_t mtime = 0;   // unix seconds
  int declared_index = -1;  // index in the fleet's `images` for an untouched declared image, else -1
};

class Bootflash {
 public:
  // What the fixed entries (lost+found, core, tracelogs, nvram_config) take.
  static constexpr std::int64_t k_fixed_bytes = 16384 + 4096 + 4096 + 2097152;

  Bootflash() = default;
  ~Bootflash();
  Bootflash(const Bootflash &) = delete;
  Bootflash &operator=(const Bootflash &) = delete;

  // Uses `dir` (created 0700 when missing; `owned` = removed with everything in it on destruction)
  // with `capacity` bytes. A new folder is seeded with the declared images (mtime `seed_mtime`).
  Status attach(const std::string &dir, bool owned, std::int64_t capacity, const std::vector<ImageSpec> &declared,
                std::int64_t seed_mtime);
  // A fresh temporary folder (unit tests, --stdio): removed on destruction.
  Status attach_temporary(std::int64_t capacity, const std::vector<ImageSpec> &declared, std::int64_t seed_mtime);
  bool attached() const { return !dir_.empty(); }
  const std::string &dir() const { return dir_; }

  std::int64_t capacity() const { return capacity_; }
  std::string path_of(const std::string &name) const { return dir_ + "/" + name; }
  // Files in listing order (declared images in fleet order, then the others by mtime and name).
  std::vector<BootflashFile> files() const;
  bool exists(const std::string &name) const;
  std::int64_t used_bytes() const;
  std::int64_t free_bytes() const;

  // md5 (lower-case hex) of a file's stored bytes; not_found when there is no such file.
  Result<std::string> md5(const std::string &name);
  // Records the md5 a transfer computed over the bytes it stored (the file as it is now).
  void remember_md5(const std::string &name, const std::string &md5);
  // Forgets what is known of `name` (a transfer starts overwriting it).
  void forget(const std::string &name);
  // Deletes a file; not_found when there is none.
  Status remove(const std::string &name);

  // Bytes used in a bootflash folder: the fixed entries plus every file's size (reads the folder
  // only; safe from any thread).
  static std::int64_t used_in(const std::string &dir);
  // A name IOS would accept as a bootflash file: not empty, no '/', not starting with '.'.
  static bool valid_name(const std::string &name);

 private:
  struct Known {
    std::string md5;
    std::int64_t size = 0;
    std::int64_t mtime_ns = 0;
    int declared_index = -1;
  };
  Status save_manifest() const;
  bool matches(const Known &k, const std::string &name) const;

  std::string dir_;
  bool owned_ = false;
  std::int64_t capacity_ = 0;
  std::map<std::string, Known> known_;
};

}  // namespace licmig::sim
