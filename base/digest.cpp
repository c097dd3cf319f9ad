#include "base/digest.hpp"

#include <openssl/evp.h>

#include <array>
#include <memory>

#include "base/file.hpp"

namespace licmig::base {

std::string sha256_of(const std::string &bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), md.data(), &len) != 1) {
    return {};
  }
  static const char *hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 0xf]);
  }
  return out;
}

Result<std::string> sha256_of_file(const std::string &path) {
  auto text = read_file(path);
  if (!text) return text.status();
  auto digest = sha256_of(text.value());
  if (digest.empty()) return Status::error(ErrorKind::failed, path + ": sha256 failed (libcrypto)");
  return digest;
}

}  // namespace licmig::base
