#include "cli/help.hpp"

#include <algorithm>
#include <memory>
#include <ostream>

#include <CLI/CLI.hpp>

#include "base/text.hpp"
#include "migrate/exit_code.hpp"

namespace licmig::cli {

namespace {

std::vector<std::string> command_names(const CLI::App &app) {
  std::vector<std::string> names;
  for (const auto *sub : app.get_subcommands([](const CLI::App *) { return true; })) names.push_back(sub->get_name());
  return names;
}

// The deepest command the parse reached.
const CLI::App *reached(const CLI::App &app) {
  const CLI::App *at = &app;
  for (bool deeper = true; deeper;) {
    deeper = false;
    for (const auto *sub : at->get_subcommands()) {
      at = sub;
      deeper = true;
      break;
    }
  }
  return at;
}

}  // namespace

std::string nearest(const std::string &word, const std::vector<std::string> &candidates) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  for (const auto &c : candidates) {
    const auto d = base::edit_distance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  // a typo: a third of the word at most (and at least one edit), never a different word
  const std::size_t allowed = std::max<std::size_t>(1, std::min(word.size(), best.size()) / 3);
  return best_distance <= allowed ? best : std::string();
}

bool unknown_command(const CLI::App &app, int argc, char **argv, Io io) {
  if (argc < 2 || argv[1][0] == '-') return false;
  const std::string word = argv[1];
  const auto names = command_names(app);
  if (std::find(names.begin(), names.end(), word) != names.end()) return false;
  io.err << "licmig: error: unknown command '" << word << "'";
  const auto guess = nearest(word, names);
  if (!guess.empty()) io.err << "; did you mean '" << guess << "'?";
  io.err << "\nRun 'licmig help' for the commands.\n";
  return true;
}

std::string option_suggestions(const CLI::App &app, int argc, char **argv) {
  std::vector<std::string> names;
  for (const CLI::App *at = reached(app); at != nullptr; at = at->get_parent()) {
    for (const auto *o : at->get_options()) {
      for (const auto &l : o->get_lnames()) names.push_back("--" + l);
    }
  }
  std::string out;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg.size() <= 2 || arg.compare(0, 2, "--") != 0) continue;
    const std::string word = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), word) != names.end()) continue;
    const auto guess = nearest(word, names);
    out += "\n  " + word + (guess.empty() ? ": unknown option" : ": did you mean " + guess + "?");
  }
  return out;
}

void add_exit_code_footers(CLI::App &app) {
  for (auto *sub : app.get_subcommands([](CLI::App *) { return true; })) {
    const std::string codes = migrate::exit_codes_text(sub->get_name());
    for (auto *nested : sub->get_subcommands([](CLI::App *) { return true; })) nested->footer(codes);
    const std::string footer = sub->get_footer();
    sub->footer(footer + (footer.empty() ? "" : "\n") + codes);
  }
}

void add_help_command(CLI::App &app, Io io, int *exit_code) {
  auto words = std::make_shared<std::vector<std::string>>();
  auto *help = app.add_subcommand("help", "Show the help of licmig or of one command: licmig help check");
  help->add_option("command", *words, "COMMAND [SUBCOMMAND]");
  CLI::App *root = &app;
  help->callback([root, words, io, exit_code]() {
    const CLI::App *at = root;
    for (const auto &w : *words) {
      const auto names = command_names(*at);
      if (std::find(names.begin(), names.end(), w) == names.end()) {
        io.err << "licmig: error: help: unknown command '" << w << "'";
        const auto guess = nearest(w, names);
        if (!guess.empty()) io.err << "; did you mean '" << guess << "'?";
        io.err << "\n";
        *exit_code = migrate::exit_usage;
        return;
      }
      at = at->get_subcommand(w);
    }
    io.out << at->help() << (at == root ? "\n" + migrate::exit_codes_text("") : std::string());
    *exit_code = migrate::exit_ok;
  });
}

}  // namespace licmig::cli
