// `licmig parse --command "show version" FILE`: parses captured router output to JSON.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "snapshot/parser_registry.hpp"

namespace licmig::cli {

namespace {

struct ParseOptions {
  std::string command;
  std::string file;
  bool compact = false;
};

int run_parse(const ParseOptions &opt, Io io) {
  auto entry = snapshot::find_parser(opt.command);
  if (!entry) {
    io.err << "licmig: error: " << entry.error_message() << "\n";
    return exit_usage;
  }
  std::string text;
  if (opt.file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(opt.file, std::ios::binary);
    if (!in) {
      io.err << "licmig: error: " << opt.file << ": cannot open file\n";
      return exit_usage;
    }
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto parsed = (*entry)->to_json(text);
  const std::string where = opt.file == "-" ? "<stdin>" : opt.file;
  switch (parsed.outcome) {
    case snapshot::ParseOutcome::recognised:
      io.out << parsed.value.dump(opt.compact ? -1 : 2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return exit_ok;
    case snapshot::ParseOutcome::not_this_format:
      io.err << "licmig: " << where << ": not '" << (*entry)->command << "' output: " << parsed.reason << "\n";
      return exit_findings;
    case snapshot::ParseOutcome::malformed:
      io.err << "licmig: " << where << ":" << parsed.line << ": malformed '" << (*entry)->command
             << "' output: " << parsed.reason << "\n";
      return exit_findings;
  }
  return exit_findings;
}

}  // namespace

void add_parse_command(CLI::App &app, Io io, int *exit_code) {
  auto opt = std::make_shared<ParseOptions>();
  auto *sub = app.add_subcommand("parse", "Parse captured router output (a file or - for stdin) and print it as JSON");
  sub->add_option("--command,-c", opt->command, "The command the text came from, e.g. \"show version\"")->required();
  sub->add_option("file", opt->file, "File with the captured output, or - for standard input")->required();
  sub->add_flag("--compact", opt->compact, "Print JSON on one line");
  sub->callback([opt, io, exit_code]() { *exit_code = run_parse(*opt, io); });
}

}  // namespace licmig::cli
