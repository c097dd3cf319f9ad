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

// How hard an atomic write tries to survive a crash of the machine (not of the process: the rename
// is atomic either way).
//   durable - the file and then its folder are fsynced: after success the new content is on disk.
//   fast    - no fsync: a power loss may bring back the old file. Only for throwaway files the
//             simulator writes by the hundred (host keys in a temporary folder, its ready file),
//             where 500 fsyncs cost seconds on a busy disk.
enum class Sync { durable, fast };

// Writes `content` to `path` atomically with the given permission bits. The folder must exist.
// A `path` that exists and is not a regular file or folder (/dev/null, /dev/stdout, a FIFO) is
// written into instead, not replaced (`licmig snapshot -o /dev/null` once replaced the device).
// Errors: no_space when the disk or quota is full (the temporary file is removed, the old file
// stays), io_error otherwise.
Status write_file_atomically(const std::string &path, const std::string &content, unsigned mode = 0600,
                             Sync sync = Sync::durable);
// Creates a folder and its parents with mode 0700 (existing ones are left as they are).
Status make_private_dirs(const std::string &path);
// Reads a whole file; not_found when it does not exist.
Result<std::string> read_file(const std::string &path);

// A name (a host name from an inventory) as one path component, injectively: letters, digits,
// '-', '_' and '.' stay; every other byte, and '%' itself, becomes %XX (upper-case hex); "", "."
// and ".." are escaped whole. Two names never share a component ("a/b" -> "a%2Fb", "a b" ->
// "a%20b", "a_b" stays). Pure.
std::string path_component_for(const std::string &name);

// The ErrorKind for an errno value, used by every failed call above: ENOSPC and EDQUOT (disk or
// quota full) are no_space, anything else io_error (read_file answers ENOENT with not_found).
ErrorKind errno_kind(int err);

}  // namespace licmig::base
