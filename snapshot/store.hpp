// The snapshot store on disk: `ROOT/snapshots/HOST/TIMESTAMP.json` (and `.xml`), the record of what
// each router had. Every file is written atomically — to a temporary file in the same folder,
// fsynced, renamed into place, and the folder fsynced — so a crash leaves either the old state or
// the complete new file, never a torn one. Files are created 0600, folders 0700.
//
// The store also keeps `ROOT/mask.key`, the key of its secret masks (snapshot/secrets.hpp): 32 random
// bytes from libcrypto, made on first use (mode 0600). Every mask in a store — its snapshots, their
// diffs, its transcripts, its journal — is made with this key, so the same secret masks the same way
// across them; deleting the file makes later masks incomparable with earlier ones.
//
// Thread-safety: a Store may be used from several threads for different hosts; two writers of the
// same host get distinct file names (the timestamp has microseconds and a collision counter). The
// mask key is created exclusively (a complete file linked into place), so concurrent first uses, in
// one process or several, all read the same key.
#pragma once

#include <string>
#include <vector>

#include "base/file.hpp"
#include "base/result.hpp"
#include "snapshot/model.hpp"

namespace licmig::snapshot {

class Store {
 public:
  explicit Store(std::string root);
  const std::string &root() const { return root_; }

  // Saves the snapshot as JSON and XML; returns the JSON file's path. taken_at must be set.
  Result<std::string> save(const Snapshot &snap) const;
  // Loads a stored snapshot (.json or .xml by extension).
  Result<Snapshot> load(const std::string &path) const;
  // The JSON snapshot files of a host, oldest first.
  std::vector<std::string> list(const std::string &host) const;
  // The newest JSON snapshot that is a record of `host` (its "host" field; files of other hosts in
  // its folder are passed over); not_found when there is none.
  Result<std::string> latest(const std::string &host) const;

  std::string host_dir(const std::string &host) const;

  // The store's mask key (ROOT/mask.key), created on first use; io_error/no_space when it cannot be
  // read or made (nothing is then masked, and nothing should be shown or kept).
  Result<std::string> mask_key() const;

 private:
  std::string root_;
};

// UTC time as used in records: "2026-11-28T06:48:05.123456Z", and the file-name form
// "20261128T064805.123456Z".
std::string utc_timestamp();
std::string file_timestamp(const std::string &utc);

}  // namespace licmig::snapshot
