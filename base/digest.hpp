// Digests of files on disk, from OpenSSL's libcrypto: the journal records the sha256 of each
// router's pre-change snapshot, and a resumed run re-reads the file and checks it.
//
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "base/result.hpp"

namespace licmig::base {

// Lower-case hex sha256 of the file's bytes; an io_error/not_found naming the file otherwise.
Result<std::string> sha256_of_file(const std::string &path);
// Lower-case hex sha256 of `bytes`.
std::string sha256_of(const std::string &bytes);

}  // namespace licmig::base
