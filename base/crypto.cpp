// Ansible Vault's primitives over libcrypto's EVP, PKCS5 and HMAC interfaces.
#include "base/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <climits>
#include <memory>

namespace licmig::base {

namespace {

const unsigned char *bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char *>(s.data()); }

Status crypto_error(const char *what) { return Status::error(ErrorKind::failed, std::string("libcrypto: ") + what); }

}  // namespace

Result<std::string> pbkdf2_hmac_sha256(std::string_view password, std::string_view salt, int iterations,
                                       std::size_t length) {
  if (password.size() > INT_MAX || salt.size() > INT_MAX || length > 4096 || iterations < 1) {
    return crypto_error("PBKDF2: parameters out of range");
  }
  std::string out(length, '\0');
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), bytes_of(salt),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(length),
                        reinterpret_cast<unsigned char *>(out.data())) != 1) {
    return crypto_error("PBKDF2 failed");
  }
  return out;
}

Result<std::string> hmac_sha256(std::string_view key, std::string_view bytes) {
  if (key.size() > INT_MAX) return crypto_error("HMAC: key too long");
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes_of(bytes), bytes.size(), md, &len) ==
      nullptr) {
    return crypto_error("HMAC failed");
  }
  return std::string(reinterpret_cast<const char *>(md), len);
}

Result<std::string> aes256_ctr(std::string_view key, std::string_view iv, std::string_view bytes) {
  if (key.size() != 32 || iv.size() != 16) return crypto_error("AES-256-CTR: wrong key or IV length");
  if (bytes.size() > INT_MAX) return crypto_error("AES-256-CTR: input too long");
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) return crypto_error("cannot allocate a cipher context");
  std::string out(bytes.size() + 16, '\0');
  int len = 0, tail = 0;
  auto *dst = reinterpret_cast<unsigned char *>(out.data());
  if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_ctr(), nullptr, bytes_of(key), bytes_of(iv), 1) != 1 ||
      EVP_CipherUpdate(ctx.get(), dst, &len, bytes_of(bytes), static_cast<int>(bytes.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), dst + len, &tail) != 1) {
    return crypto_error("AES-256-CTR failed");
  }
  out.resize(static_cast<std::size_t>(len) + static_cast<std::size_t>(tail));
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace licmig::base
