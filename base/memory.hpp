// Giving the heap's free memory back to the system. A long fleet run on hundreds of threads frees
// as much as it allocates, but glibc keeps what each thread's arena freed for that arena's next
// allocation: over 10,000 routers the resident size grows with holes that nothing uses. Fleet runs
// hand it back now and then (migrate/fleet.cpp).
//
// Thread-safety: release_free_memory() is callable from any thread (glibc locks each arena in turn);
// restart_with_small_thread_caches() only first thing in main(), before any thread starts.
#pragma once

namespace licmig::base {

// glibc gives every thread a cache of blocks it freed (tcache: up to 7 per size class, up to
// ~230 KB a thread). licmig runs --parallel threads (200): at 10,000 routers those caches were
// 14 MiB of an 81 MiB peak (docs/benchmarks.md), for a CPU saving too small to measure (~3 %).
// The cache is sized only by GLIBC_TUNABLES, which glibc reads when the process starts: this
// executes the running program again (/proc/self/exe, the same arguments and environment) with
// glibc.malloc.tcache_count=0 added to GLIBC_TUNABLES. It returns, doing nothing, when
// GLIBC_TUNABLES already sets the cache (the second start, or the user's own choice), when the C
// library is not glibc or malloc is a sanitizer's, or when the exec fails (the run goes on with the
// caches). Processes licmig starts (a ProxyCommand) inherit the setting.
void restart_with_small_thread_caches(char **argv);
// Whether this build restarts at all (glibc's malloc, not a sanitizer's).
bool restarts_with_small_thread_caches();

// The free pages of every malloc arena returned to the system (glibc's malloc_trim); a no-op where
// the C library has no such call.
void release_free_memory();

}  // namespace licmig::base
