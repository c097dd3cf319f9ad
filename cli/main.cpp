// licmig: license-state snapshot, compliance check, planning and migration for IOS XE routers.
#include <iostream>

#include "base/printable.hpp"
#include "cli/cli.hpp"

int main(int argc, char **argv) {
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
