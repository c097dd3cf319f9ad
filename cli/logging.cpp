// -v, -q, --log-file, --color: spdlog's sinks for licmig's loggers.
#include "cli/logging.hpp"

#include <filesystem>
#include <mutex>
#include <ostream>
#include <string_view>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "base/char_sink.hpp"
#include "base/log.hpp"
#include "migrate/status.hpp"

namespace licmig::cli {

namespace {

// Log lines for the terminal: each printed above the status display when one is live.
class TerminalSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit TerminalSink(std::ostream &err) : err_(err) {}

 protected:
  void sink_it_(const spdlog::details::log_msg &msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::string line(formatted.data(), formatted.size());
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    migrate::print_above_status(err_, line);
  }
  void flush_() override { err_.flush(); }

 private:
  std::ostream &err_;
};

// Drops the lines that start with `licmig: warning:`; decides on each line as soon as its start
// shows whether it is one, so a prompt without a newline still reaches the terminal at once.
class QuietFilter final : public base::CharSink {
 public:
  explicit QuietFilter(std::streambuf *target) : target_(target) {}

 protected:
  int sync() override { return target_->pubsync(); }

 private:
  static constexpr std::string_view k_warning = "licmig: warning:";
  enum class State { deciding, passing, dropping };
  void put(char c) override {
    if (state_ == State::deciding) {
      start_.push_back(c);
      if (start_ == k_warning) {
        state_ = State::dropping;
      } else if (k_warning.substr(0, start_.size()) != start_) {
        target_->sputn(start_.data(), static_cast<std::streamsize>(start_.size()));
        state_ = State::passing;
      }
    } else if (state_ == State::passing) {
      target_->sputc(c);
    }
    if (c == '\n') {
      // a line shorter than the prefix ends undecided: it is no warning
      if (state_ == State::deciding) target_->sputn(start_.data(), static_cast<std::streamsize>(start_.size()));
      state_ = State::deciding;
      start_.clear();
    }
  }
  std::streambuf *target_;
  State state_ = State::deciding;
  std::string start_;
};

}  // namespace

std::unique_ptr<std::streambuf> quiet_filter(std::streambuf *target) { return std::make_unique<QuietFilter>(target); }

void add_global_options(CLI::App &app, GlobalOptions &o) {
  app.add_flag("-v,--verbose", o.verbose,
               "More on the terminal: -v each command sent to a router (debug), -vv also the routers' answers "
               "(trace); secrets masked");
  app.add_flag("-q,--quiet", o.quiet, "Only errors on the terminal: no status display, no log lines below error");
  app.add_option("--log-file", o.log_file,
                 "Append a log to FILE: debug level (trace with -vv), one event per line with the time, run ID and "
                 "router; secrets masked");
  app.add_option("--color", o.color,
                 "Colour outcome words and counts: auto (a terminal, unless NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  app.fallthrough();  // `licmig migrate ... -v` as well as `licmig -v migrate ...`
}

bool setup_logging(const GlobalOptions &o, std::ostream &err) {
  migrate::TerminalChoices choices;
  choices.color = migrate::color_choice_from_string(o.color).value_or(migrate::ColorChoice::automatic);
  choices.quiet = o.quiet;
  migrate::set_terminal_choices(choices);

  spdlog::drop(base::log::k_logger);
  spdlog::drop(base::log::k_run_logger);
  const auto terminal_level = o.quiet          ? spdlog::level::err
                              : o.verbose >= 2 ? spdlog::level::trace
                              : o.verbose == 1 ? spdlog::level::debug
                                               : spdlog::level::info;
  auto terminal = std::make_shared<TerminalSink>(err);
  terminal->set_pattern("licmig: %l: %v");
  terminal->set_level(terminal_level);
  std::vector<spdlog::sink_ptr> sinks{terminal};
  std::vector<spdlog::sink_ptr> run_sinks;
  auto lowest = terminal_level;
  if (!o.log_file.empty()) {
    // spdlog would make the missing folders: a mistyped path is an error instead
    const auto folder = std::filesystem::path(o.log_file).parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder)) {
      err << "licmig: error: --log-file " << o.log_file << ": its folder " << folder.string() << " does not exist\n";
      return false;
    }
    try {
      auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(o.log_file, false);
      file->set_formatter(
          std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%fZ %l %v", spdlog::pattern_time_type::utc));
      file->set_level(o.verbose >= 2 ? spdlog::level::trace : spdlog::level::debug);
      sinks.push_back(file);
      run_sinks.push_back(file);
      lowest = std::min(lowest, file->level());
    } catch (const spdlog::spdlog_ex &e) {
      err << "licmig: error: --log-file " << o.log_file << ": cannot open it for appending (" << e.what() << ")\n";
      return false;
    }
  }
  auto logger = std::make_shared<spdlog::logger>(base::log::k_logger, sinks.begin(), sinks.end());
  logger->set_level(lowest);
  logger->flush_on(spdlog::level::trace);
  spdlog::register_logger(logger);
  auto run_logger = std::make_shared<spdlog::logger>(base::log::k_run_logger, run_sinks.begin(), run_sinks.end());
  run_logger->set_level(run_sinks.empty() ? spdlog::level::off : spdlog::level::debug);
  run_logger->flush_on(spdlog::level::trace);
  spdlog::register_logger(run_logger);
  return true;
}

void stop_logging() {
  spdlog::drop(base::log::k_logger);
  spdlog::drop(base::log::k_run_logger);
}

}  // namespace licmig::cli
