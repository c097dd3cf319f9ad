// licmig: license-state snapshot, compliance check, planning and migration for IOS XE routers.
#include <iostream>

#include "base/memory.hpp"
#include "base/printable.hpp"
#include "cli/cli.hpp"

int main(int argc, char **argv) {
  // glibc's per-thread caches cost 14 MiB at --parallel 200 and can only be sized as the process
  // starts: licmig starts itself once more with them off (base/memory.hpp).
  licmig::base::restart_with_small_thread_caches(argv);
  // Router text and inventory strings reach the terminal only escaped (base/printable.hpp): every
  // byte licmig writes to stdout and stderr passes through one filter. Carriage returns pass on
  // stderr, where the progress bar redraws its line with them.
  licmig::base::EscapingStreambuf out(std::cout.rdbuf(), false);
  licmig::base::EscapingStreambuf err(std::cerr.rdbuf(), true);
  auto *const raw_out = std::cout.rdbuf(&out);
  auto *const raw_err = std::cerr.rdbuf(&err);
  const int code = licmig::cli::run(argc, argv, std::cout, std::cerr);
  std::cout.flush();
  std::cerr.flush();
  std::cout.rdbuf(raw_out);
  std::cerr.rdbuf(raw_err);
  return code;
}
