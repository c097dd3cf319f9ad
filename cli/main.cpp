// licmig: license-state snapshot, compliance check, planning and migration for IOS XE routers.
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char **argv) { return licmig::cli::run(argc, argv, std::cout, std::cerr); }
