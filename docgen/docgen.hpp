// Manual pages and shell completion generated from a program's CLI11 definition, so the installed
// documentation can never drift from the options the binary accepts. Both binaries (licmig and
// iosxe-sim) answer a hidden first argument before they parse anything else:
//
//   PROG --generate-docs man DIR    writes DIR/PROG.1 and, per subcommand, DIR/PROG-SUB.1
//   PROG --generate-docs bash       prints a bash completion script
//   PROG --generate-docs zsh        prints a zsh completion script
//
// The build runs these (docgen/CMakeLists.txt) and `cmake --install` / the .deb ship the results.
//
// Thread-safety: pure functions over a finished app.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace licmig::docgen {

struct ManInfo {
  std::string program;      // "licmig"
  std::string version;      // "0.1.0"
  std::string summary;      // one line for NAME
  std::string description;  // paragraphs (blank-line separated) for DESCRIPTION
  std::string see_also;     // e.g. "iosxe-sim(1)"
};

// roff text of the program's page (subcommands listed) and of one subcommand's page.
std::string man_page(const CLI::App &app, const ManInfo &info);
std::string subcommand_man_page(const CLI::App &sub, const ManInfo &info);
std::string bash_completion(const CLI::App &app, const std::string &program);
std::string zsh_completion(const CLI::App &app, const std::string &program);

// When argv asks for --generate-docs, does it and returns the exit code (0, or 2 with a message on
// `err` for a bad request or an unwritable folder); otherwise nullopt.
std::optional<int> handle_generate(const CLI::App &app, const ManInfo &info, int argc, const char *const *argv,
                                   std::ostream &out, std::ostream &err);

}  // namespace licmig::docgen
