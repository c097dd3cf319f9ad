// Dialogs: the questions an IOS XE router asks in the middle of a command, and how licmig answers
// them, kept as a data table (ios_dialog_table()) rather than code paths.
//
// A dialog is recognised on the unfinished last line of the router's output (after terminal
// control sequences are removed) by a glob pattern: `*` matches any run of characters, everything
// else matches itself. The first matching rule of the table wins, so specific wordings come before
// the catch-alls. The wordings are the ones real routers print (Unicon's mock-device recordings in
// tests/fixtures/real/unicon_mock and the vendor guide). A question the table does not know
// (any other `[confirm]` or `[yes/no]`) is aborted with Ctrl-C and reported, never left hanging.
// A question that would erase or overwrite the saved configuration (`Erase ...? [confirm]`, and
// `Overwrite the previous NVRAM configuration? [confirm]` while reloading) is answered `n` and
// fails the command: licmig never erases a router's configuration.
//
// Thread-safety: the table is immutable; the functions are pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace licmig::devices {

enum class DialogAnswer {
  save_choice,        // "yes" or "no", as the caller decided; an error when it did not decide
  confirm_reload,     // Enter, only when the caller asked for a reload; else abort
  confirm,            // Enter: a confirmation that follows from the command itself
  confirm_overwrite,  // Enter when saving; `n` and a failure during a reload
  refuse,             // `n`, and the command fails: a question that would erase configuration
  accept_default,     // Enter: take the default offered in brackets
  next_page,          // a space, no Enter: --More--
  decline,            // "no": the setup dialog of a router without configuration
  abort,              // Ctrl-C, and the command fails with the question in the error
};

struct DialogRule {
  const char *name;
  const char *pattern;
  DialogAnswer answer;
};

// The dialog table, specific wordings first.
const std::vector<DialogRule> &ios_dialog_table();

// What the caller decided for the questions that depend on it.
struct DialogPolicy {
  std::optional<bool> save;  // "System configuration has been modified. Save? [yes/no]:"
  bool reload = false;       // confirm "Proceed with reload? [confirm]"
};

// The text to send for a rule, or nullopt when the command has to be aborted (`why` says why).
struct DialogReply {
  std::optional<std::string> send;  // what to write to the router
  std::string why;                  // for an abort or a refusal: the reason
  bool fail = false;                // after sending `send`, the command fails with `why`
};

// The first rule of `table` whose pattern matches `line` (trailing blanks ignored), or nullptr.
const DialogRule *match_dialog(std::string_view line, const std::vector<DialogRule> &table = ios_dialog_table());

DialogReply answer_dialog(const DialogRule &rule, const DialogPolicy &policy);

// Applies backspaces and removes ANSI escape sequences and carriage returns, as a terminal would
// show the text (--More-- is erased this way on real routers).
std::string strip_terminal_controls(std::string_view text);

}  // namespace licmig::devices
