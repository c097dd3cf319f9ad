// `licmig help [COMMAND [SUBCOMMAND]]`, each command's exit-code footer, and "did you mean" for a
// mistyped command or option (the nearest registered name by edit distance, inventory's
// edit_distance, when it is close enough).
//
// Thread-safety: called while the app is built or after a parse, from the main thread.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace licmig::cli {

// Adds the `help` command; `root` is the whole app (its commands are looked up when it runs).
void add_help_command(CLI::App &app, Io io, int *exit_code);

// Appends each command's exit codes (migrate/exit_code.hpp) to its help footer.
void add_exit_code_footers(CLI::App &app);

// The candidate nearest to `word`, when it is near enough to be a typo; "" otherwise.
std::string nearest(const std::string &word, const std::vector<std::string> &candidates);

// A mistyped command: the command line's first word that is neither an option nor a command of
// `app`. Prints the error (with a suggestion) and returns true; false when the first word is fine.
bool unknown_command(const CLI::App &app, int argc, char **argv, Io io);

// For each `--word` of the command line (before `--`) that is no option of the command the parse
// reached: "\n  --word: did you mean --nearest?" (or "... unknown option"); "" when there is none.
std::string option_suggestions(const CLI::App &app, int argc, char **argv);

}  // namespace licmig::cli
