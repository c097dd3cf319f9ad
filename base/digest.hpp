// Digests and random bytes, from OpenSSL's libcrypto (licmig writes no cryptography of its own):
// the journal records the sha256 of each router's pre-change snapshot, and a resumed run re-reads
// the file and checks it; secret masking (snapshot/secrets.hpp) shows a secret as a keyed digest
// (HMAC-SHA256) under a random key kept in the store.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace licmig::base {

// Lower-case hex sha256 of the file's bytes; an io_error/not_found naming the file otherwise.
Result<std::string> sha256_of_file(const std::string &path);
// Lower-case hex md5 of the file's bytes, read in chunks (an image of gigabytes in bounded memory):
// the checksum IOS `verify /md5` prints. not_found / io_error naming the file otherwise.
Result<std::string> md5_of_file(const std::string &path);
// An md5 fed piece by piece (bytes as they arrive over a transfer). Not thread-safe: one owner.
class Md5 {
 public:
  Md5();
  ~Md5();
  Md5(const Md5 &) = delete;
  Md5 &operator=(const Md5 &) = delete;
  void reset();                         // start again, as after construction
  void update(std::string_view bytes);  // add bytes
  std::string hex();                    // lower-case hex of everything added; the md5 is reset after

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Lower-case hex md5 of `bytes`.
std::string md5_of(std::string_view bytes);
// Lower-case hex sha256 of `bytes`.
std::string sha256_of(const std::string &bytes);
// Lower-case hex HMAC-SHA256 of `bytes` under `key`; "" only if libcrypto fails.
std::string hmac_sha256_hex(const std::string &key, std::string_view bytes);
// `count` bytes from libcrypto's CSPRNG (RAND_bytes); failed when it cannot give them.
Result<std::string> random_bytes(std::size_t count);

}  // namespace licmig::base
