// Files: the one atomic, durable write every layer uses (snapshots, journals, reports, simulator
// state), private folders, and whole-file reads.
//
// An atomic write goes to a temporary file in the same folder (created exclusively with the given
// mode), is fsynced, renamed into place and the folder fsynced: a crash leaves either the old file
// or the complete new one, never a torn one, and no reader sees a partial file.
//
// Thread-safety: functions are safe to call from several threads on different paths.
#pragma once

#include <string>

#include "base/result.hpp"

namespace licmig::base {

// Writes `content` to `path` atomically with the given permission bits. The folder must exist.
Status write_file_atomically(const std::string &path, const std::string &content, unsigned mode = 0600);
// Creates a folder and its parents with mode 0700 (existing ones are left as they are).
Status make_private_dirs(const std::string &path);
// Reads a whole file; not_found when it does not exist.
Result<std::string> read_file(const std::string &path);

}  // namespace licmig::base
