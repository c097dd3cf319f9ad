#include "base/memory.hpp"

#include <unistd.h>

#include <cstdlib>  // defines __GLIBC__ (features.h) for the tests below
#include <string>
#ifdef __GLIBC__
#include <malloc.h>
#endif

// A sanitizer's malloc replaces glibc's (and its thread caches): GCC says so with __SANITIZE_*__,
// clang with __has_feature.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LICMIG_OWN_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define LICMIG_OWN_MALLOC 1
#endif
#endif

namespace licmig::base {

bool restarts_with_small_thread_caches() {
#if defined(__GLIBC__) && !defined(LICMIG_OWN_MALLOC)
  return true;
#else
  return false;
#endif
}

void release_free_memory() {
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

void restart_with_small_thread_caches(char **argv) {
#if defined(__GLIBC__) && !defined(LICMIG_OWN_MALLOC)
  constexpr const char *k_name = "glibc.malloc.tcache_count";
  const char *given = std::getenv("GLIBC_TUNABLES");
  const std::string before = given != nullptr ? given : "";
  if (before.find(k_name) != std::string::npos || argv == nullptr || argv[0] == nullptr) return;
  const std::string setting = std::string(k_name) + "=0";
  const std::string after = before.empty() ? setting : before + ":" + setting;
  if (::setenv("GLIBC_TUNABLES", after.c_str(), 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // not executed (no /proc, a limit on processes): on as we are, the environment as it was
  if (given != nullptr) {
    ::setenv("GLIBC_TUNABLES", before.c_str(), 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
#else
  (void)argv;
#endif
}

}  // namespace licmig::base
