// `licmig show -i INV [-l LIMIT] [--parallel N] [--format text|json] -- "show license" ...`: runs
// read-only commands on every selected router and prints each router's output under its name.
// Only `show`, `dir` and `verify` (and their IOS abbreviations) are allowed, without output
// redirection; anything else is refused before any connection is made.
#include <algorithm>
#include <cctype>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/digest.hpp"
#include "cli/cli.hpp"
#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "cli/settings.hpp"
#include "devices/ios_session.hpp"
#include "migrate/connect.hpp"
#include "migrate/fleet.hpp"
#include "migrate/json_report.hpp"

namespace licmig::cli {

namespace {

struct ShowOptions {
  migrate::FleetOptions fleet;
  std::vector<std::string> commands;
  bool keep_transcripts = false;  // write transcripts (and the mask key) to the store
};

struct CommandResult {
  std::string command;
  std::string output;
  std::string error;  // the IOS error line, or a transport error
};

struct HostResult {
  std::string name;
  std::string address;
  int port = 22;
  std::string error;  // could not connect / log in
  ErrorKind error_kind = ErrorKind::ok;
  bool unreachable = false;
  std::string session_error;  // the session failed mid-way (dropped, timed out): not an IOS error
  std::vector<CommandResult> commands;
  std::string transcript;
};

std::string lower(std::string s) {
  for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// `word` abbreviates `full` (IOS accepts unique prefixes) with at least `min` letters.
bool abbreviates(const std::string &word, const std::string &full, std::size_t min) {
  return word.size() >= min && word.size() <= full.size() && full.compare(0, word.size(), word) == 0;
}

}  // namespace

// Why `command` is not an allowed read-only command, or "" when it is.
std::string read_only_refusal(const std::string &command) {
  for (char c : command) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "it contains a control character or line break";
  }
  std::istringstream words(lower(command));
  std::string first;
  words >> first;
  if (first.empty()) return "it is empty";
  if (!abbreviates(first, "show", 2) && first != "dir" && !abbreviates(first, "verify", 4)) {
    return "only show, dir and verify commands are allowed";
  }
  std::string word;
  bool after_pipe = false;
  while (words >> word) {
    if (after_pipe &&
        (abbreviates(word, "redirect", 3) || abbreviates(word, "tee", 1) || abbreviates(word, "append", 2))) {
      return "output redirection writes files";
    }
    after_pipe = word == "|";
  }
  return "";
}

namespace {

HostResult run_on_host(const inventory::Host &host, const ShowOptions &opt) {
  HostResult r;
  r.name = host.name;
  r.address = host.address;
  r.port = host.port;
  auto session = migrate::make_device_session(host, opt.fleet.connect);
  if (!session) {
    r.error = session.error_message();
    r.error_kind = session.status().kind();
    return r;
  }
  auto &s = *session.value();
  if (auto st = s.open(); !st) {
    r.error = st.message();
    r.error_kind = st.kind();
    r.unreachable = devices::is_connection_failure(st.kind());
    r.transcript = s.transcript_path();
    s.close();
    return r;
  }
  for (const auto &cmd : opt.commands) {
    CommandResult c;
    c.command = cmd;
    auto out = s.run_tolerant(cmd);
    if (!out) {
      c.error = out.error_message();
      r.session_error = c.error;
      r.commands.push_back(std::move(c));
      break;  // the session is gone or confused; later commands would fail the same way
    }
    c.output = std::move(out.value());
    if (auto err = devices::syntax_error(c.output)) c.error = *err;
    r.commands.push_back(std::move(c));
  }
  r.transcript = s.transcript_path();
  s.close();
  return r;
}

std::string render_text(const std::vector<HostResult> &results) {
  std::ostringstream out;
  for (const auto &r : results) {
    if (!r.error.empty()) {
      out << "=== " << r.name << " === error: " << r.error << "\n\n";
      continue;
    }
    for (const auto &c : r.commands) {
      out << "=== " << r.name << ": " << c.command << " ===\n";
      out << c.output;
      if (!c.output.empty() && c.output.back() != '\n') out << "\n";
      if (!c.error.empty() && c.output.find(c.error) == std::string::npos) out << "error: " << c.error << "\n";
      out << "\n";
    }
  }
  return out.str();
}

// A router's exit code (exit_code.hpp): 0, 1 a command answered with an IOS error, or its failure's.
int host_code(const HostResult &r) {
  if (!r.error.empty()) return migrate::router_exit_code(r.error_kind, r.unreachable, false);
  if (!r.session_error.empty()) return exit_failed;
  for (const auto &c : r.commands) {
    if (!c.error.empty()) return exit_findings;
  }
  return exit_ok;
}

const char *host_status(const HostResult &r) {
  if (!r.error.empty()) return migrate::router_status(r.error_kind, r.unreachable, false);
  switch (host_code(r)) {
    case exit_ok: return "ok";
    case exit_findings: return "ios-error";
    default: return "failed";
  }
}

// Moves the outputs out of `results` (a command's output is held once, not twice).
std::string render_json(std::vector<HostResult> &results, int code) {
  migrate::JsonReport report{"show", std::nullopt};
  for (auto &r : results) {
    nlohmann::json h;
    h["host"] = r.name;
    h["status"] = host_status(r);
    h["address"] = r.address;
    h["port"] = r.port;
    h["error"] = r.error.empty() ? nlohmann::json(r.session_error.empty() ? nlohmann::json(nullptr)
                                                                          : nlohmann::json(r.session_error))
                                 : nlohmann::json(r.error);
    nlohmann::json cmds = nlohmann::json::array();
    for (auto &c : r.commands) {
      cmds.push_back({{"command", c.command},
                      {"output", std::move(c.output)},
                      {"error", c.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.error)}});
    }
    h["commands"] = std::move(cmds);
    if (!r.transcript.empty()) h["transcript"] = r.transcript;
    report.routers.push_back(std::move(h));
  }
  report.summary = migrate::count_statuses(report.routers);
  return migrate::render_json_report(std::move(report), code);
}

int run_show(ShowOptions &opt, Io io) {
  for (const auto &cmd : opt.commands) {
    const auto why = read_only_refusal(cmd);
    if (!why.empty()) {
      io.err << "licmig: error: refusing '" << cmd << "': " << why << " (licmig show is read-only)\n";
      return exit_usage;
    }
  }
  if (opt.fleet.format == "table") opt.fleet.format = "text";
  auto fleet = migrate::load_fleet(opt.fleet, io);
  if (!fleet) return exit_usage;
  if (!opt.keep_transcripts) {
    // nothing is written: no transcripts, and the secrets masked under a key of this run's own
    opt.fleet.connect.transcripts = false;
    auto key = base::random_bytes(32);
    if (!key) {
      io.err << "licmig: error: " << key.error_message() << "\n";
      return exit_failed;
    }
    opt.fleet.connect.mask_key = key.value();
  }
  std::vector<HostResult> results(fleet->hosts.size());
  {
    migrate::Progress progress(io.err, results.size(), "show");
    migrate::run_parallel(results.size(), opt.fleet.parallel, [&](std::size_t i) {
      results[i] = run_on_host(*fleet->hosts[i], opt);
      progress.done(results[i].name, results[i].error.empty());
    });
  }
  int code = exit_ok;
  for (const auto &r : results) {
    code = migrate::worst(code, host_code(r));
    if (!r.error.empty()) io.err << "licmig: " << r.name << ": " << r.error << "\n";
    if (r.error.empty() && !r.session_error.empty()) io.err << "licmig: " << r.name << ": " << r.session_error << "\n";
  }
  const auto text = opt.fleet.format == "json" ? render_json(results, code) : render_text(results);
  if (!migrate::write_output(opt.fleet, text, io)) return exit_usage;
  return code;
}

}  // namespace

void add_show_command(CLI::App &app, Io io, int *exit_code) {
  auto opt = std::make_shared<ShowOptions>();
  opt->fleet.format = "text";
  auto *sub =
      app.add_subcommand("show", "Run read-only commands (show, dir, verify) on routers and print their output");
  cli::add_fleet_options(sub, opt->fleet, {"text", "json"});
  sub->add_flag("--keep-transcripts", opt->keep_transcripts,
                "Keep each session's transcript in the store (--store); without it `show` writes nothing");
  sub->add_option("commands", opt->commands, "Commands to run, after --, e.g. -- \"show license\" \"show version\"")
      ->required();
  sub->footer("Only show, dir and verify commands are run; anything else is refused before connecting.");
  sub->callback([opt, io, exit_code, sub]() {
    *exit_code = apply_settings(*sub, opt->fleet, io) ? run_show(*opt, io) : exit_usage;
  });
}

}  // namespace licmig::cli
