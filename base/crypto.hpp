// Symmetric cryptography for reading Ansible Vault data, from OpenSSL's libcrypto (licmig writes no
// cryptography of its own): PBKDF2-HMAC-SHA256 key derivation, HMAC-SHA256, AES-256 in CTR mode,
// and a constant-time comparison. Bytes travel in std::string.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace licmig::base {

// PBKDF2 with HMAC-SHA256 (PKCS5_PBKDF2_HMAC): `length` bytes of key from `password` and `salt`.
Result<std::string> pbkdf2_hmac_sha256(std::string_view password, std::string_view salt, int iterations,
                                       std::size_t length);
// The raw 32-byte HMAC-SHA256 of `bytes` under `key`.
Result<std::string> hmac_sha256(std::string_view key, std::string_view bytes);
// AES-256-CTR (EVP) of `bytes` under a 32-byte `key` and a 16-byte initial counter block `iv`;
// encryption and decryption are the same operation.
Result<std::string> aes256_ctr(std::string_view key, std::string_view iv, std::string_view bytes);
// True when `a` and `b` are equal, in time that depends only on their lengths (CRYPTO_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace licmig::base
