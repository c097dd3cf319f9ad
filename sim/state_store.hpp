// Where iosxe-sim keeps each router's persistent state between runs (--state-dir): one JSON file per
// router (Router::save_state), its bootflash folder and its SSH host key, written with base::write_file_atomically and
// readable by the owner only (0600, folder 0700).
//
// Thread-safety: none needed; used from the simulator's one thread.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace licmig::sim {

class StateStore {
 public:
  explicit StateStore(std::string dir) : dir_(std::move(dir)) {}

  const std::string &dir() const { return dir_; }
  // Creates the folder (0700) if needed.
  Status prepare() const;

  std::string state_path(const std::string &router) const { return dir_ + "/" + router + ".state.json"; }
  std::string host_key_path(const std::string &router) const { return dir_ + "/" + router + ".host_key"; }
  // The router's bootflash folder (real files: bootflash.hpp).
  std::string bootflash_path(const std::string &router) const { return dir_ + "/" + router + ".bootflash"; }

  // The saved state of `router`; nullopt when none was saved; an error when the file is unreadable.
  Result<std::optional<nlohmann::json>> load(const std::string &router) const;
  Status save(const std::string &router, const nlohmann::json &state) const;

 private:
  std::string dir_;
};

}  // namespace licmig::sim
