// The dialog table and its matcher.
#include "devices/dialogs.hpp"

#include "base/glob.hpp"

namespace licmig::devices {

namespace {

// Prompt patterns: only `*` is a wildcard; the `?` and `[...]` of IOS prompts are literal.
constexpr base::GlobSyntax k_prompt_syntax{false, false, false};

}  // namespace

const std::vector<DialogRule> &ios_dialog_table() {
  static const std::vector<DialogRule> table = {
      {"more", "*--More--*", DialogAnswer::next_page},
      {"save_modified", "*System configuration has been modified. Save? [yes/no]:", DialogAnswer::save_choice},
      {"save_generic", "*Save? [yes/no]*", DialogAnswer::save_choice},
      {"proceed_reload", "*Proceed with*reload?*[confirm]*", DialogAnswer::confirm_reload},
      {"reload_anyway", "*proceed with reload anyway*[confirm]*", DialogAnswer::confirm_reload},
      {"reload_shelf", "*Reload the entire shelf*[confirm]*", DialogAnswer::confirm_reload},
      {"destination_filename", "*Destination filename [*]?", DialogAnswer::accept_default},
      {"other_filename", "*filename [*]?", DialogAnswer::accept_default},
      {"overwrite_nvram", "*Overwrite the previous NVRAM configuration?*[confirm]*", DialogAnswer::confirm_overwrite},
      {"erase", "*Eras*[confirm]*", DialogAnswer::refuse},
      {"initial_config_dialog", "*Would you like to enter the initial configuration dialog? [yes/no]:*",
       DialogAnswer::decline},
      {"basic_management_setup", "*Would you like to enter basic management setup? [yes/no]:*", DialogAnswer::decline},
      {"other_confirm", "*[confirm]*", DialogAnswer::abort},
      {"other_yes_no", "*[yes/no]*", DialogAnswer::abort},
      {"other_y_n", "*[y/n]*", DialogAnswer::abort},
  };
  return table;
}

const DialogRule *match_dialog(std::string_view line, const std::vector<DialogRule> &table) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
  if (line.empty()) return nullptr;
  for (const auto &rule : table) {
    if (base::glob_match(rule.pattern, line, k_prompt_syntax)) return &rule;
  }
  return nullptr;
}

DialogReply answer_dialog(const DialogRule &rule, const DialogPolicy &policy) {
  switch (rule.answer) {
    case DialogAnswer::save_choice:
      if (!policy.save)
        return {std::nullopt, "the router asks whether to save the configuration and no answer was given"};
      return {std::string(*policy.save ? "yes\n" : "no\n"), ""};
    case DialogAnswer::confirm_reload:
      if (!policy.reload) return {std::nullopt, "the router asks to confirm a reload that was not requested"};
      return {std::string("\n"), ""};
    case DialogAnswer::confirm_overwrite:
      if (policy.reload)
        return {std::string("n"), "the router asks to overwrite the saved configuration during a reload (answered no)",
                true};
      return {std::string("\n"), ""};
    case DialogAnswer::refuse: return {std::string("n"), "the router asks to erase configuration (answered no)", true};
    case DialogAnswer::confirm:
    case DialogAnswer::accept_default: return {std::string("\n"), ""};
    case DialogAnswer::next_page: return {std::string(" "), ""};
    case DialogAnswer::decline: return {std::string("no\n"), ""};
    case DialogAnswer::abort: return {std::nullopt, "unexpected question from the router"};
  }
  return {std::nullopt, "unexpected question from the router"};
}

std::string strip_terminal_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\x1b') {
      // CSI: ESC [ parameters final-byte; other escapes: ESC + one character.
      if (i + 1 < text.size() && text[i + 1] == '[') {
        i += 2;
        while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
      } else {
        ++i;
      }
      continue;
    }
    if (c == '\b') {
      if (!out.empty() && out.back() != '\n') out.pop_back();
      continue;
    }
    if (c == '\r') {
      // A carriage return not followed by a newline moves to the start of the line: what follows
      // overwrites it, so drop what the line held.
      if (i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '\r') {
        while (!out.empty() && out.back() != '\n') out.pop_back();
      }
      continue;
    }
    if (c == '\0' || c == '\a') continue;
    out.push_back(c);
  }
  return out;
}

}  // namespace licmig::devices
