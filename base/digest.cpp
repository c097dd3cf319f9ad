#include "base/digest.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

#include "base/file.hpp"

namespace licmig::base {

namespace {

std::string to_hex(const unsigned char *bytes, unsigned int len) {
  static const char *hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[bytes[i] >> 4]);
    out.push_back(hex[bytes[i] & 0xf]);
  }
  return out;
}

}  // namespace

std::string hmac_sha256_hex(const std::string &key, std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
            reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size(), md.data(), &len)) {
    return {};
  }
  return to_hex(md.data(), len);
}

Result<std::string> random_bytes(std::size_t count) {
  std::string out(count, '\0');
  if (count && RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), static_cast<int>(count)) != 1) {
    return Status::error(ErrorKind::failed, "no random bytes from libcrypto (RAND_bytes)");
  }
  return out;
}

std::string sha256_of(const std::string &bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), md.data(), &len) != 1) {
    return {};
  }
  return to_hex(md.data(), len);
}

Result<std::string> sha256_of_file(const std::string &path) {
  auto text = read_file(path);
  if (!text) return text.status();
  auto digest = sha256_of(text.value());
  if (digest.empty()) return Status::error(ErrorKind::failed, path + ": sha256 failed (libcrypto)");
  return digest;
}

std::string md5_of(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &len, EVP_md5(), nullptr) != 1) return {};
  return to_hex(md.data(), len);
}

struct Md5::Impl {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
  bool ok = false;
};

Md5::Md5() : impl_(std::make_unique<Impl>()) { reset(); }
Md5::~Md5() = default;

void Md5::reset() { impl_->ok = impl_->ctx && EVP_DigestInit_ex(impl_->ctx.get(), EVP_md5(), nullptr) == 1; }

void Md5::update(std::string_view bytes) {
  if (impl_->ok) impl_->ok = EVP_DigestUpdate(impl_->ctx.get(), bytes.data(), bytes.size()) == 1;
}

std::string Md5::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  const bool ok = impl_->ok && EVP_DigestFinal_ex(impl_->ctx.get(), md.data(), &len) == 1;
  reset();
  return ok ? to_hex(md.data(), len) : std::string();
}

Result<std::string> md5_of_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    return Status::error(err == ENOENT ? ErrorKind::not_found : ErrorKind::io_error, path + ": " + std::strerror(err));
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_md5(), nullptr) != 1) {
    return Status::error(ErrorKind::failed, path + ": md5 failed (libcrypto)");
  }
  std::array<char, 1 << 16> buf{};
  while (in) {
    in.read(buf.data(), buf.size());
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n > 0 && EVP_DigestUpdate(ctx.get(), buf.data(), n) != 1) {
      return Status::error(ErrorKind::failed, path + ": md5 failed (libcrypto)");
    }
  }
  if (in.bad()) return Status::error(ErrorKind::io_error, path + ": read error");
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx.get(), md.data(), &len) != 1) {
    return Status::error(ErrorKind::failed, path + ": md5 failed (libcrypto)");
  }
  return to_hex(md.data(), len);
}

}  // namespace licmig::base
