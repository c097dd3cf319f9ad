// Logging: licmig's one logger, through spdlog. The command line sets the sinks up (cli/logging.hpp:
// -v, -vv, -q, --log-file); the libraries only write through the functions here, one event per line
// with the run's ID and the router it concerns. Before the command line set a logger up (unit tests,
// other programs) nothing is written.
//
// Secrets: nothing here masks. A caller that logs router text or commands masks them first (the
// migrate layer's sessions log through their SecretMasker, migrate/connect.cpp).
//
// Thread-safety: write() and enabled() may be called from any thread; set_run_id() too.
#pragma once

#include <string>
#include <string_view>

namespace licmig::base::log {

enum class Level { trace, debug, info, warn, error };

// Whether a line at `level` would be written anywhere (to skip building expensive text).
bool enabled(Level level);

// Writes "run=RUN host=HOST: TEXT" at `level` ("-" for a run or a host not known); `text` is
// written on one line (controls and newlines escaped).
void write(Level level, std::string_view host, std::string_view text);

// The run's account (each journal record, migrate/run_log.hpp) at `level`: like write(), to the log
// file only — the terminal shows the run through its status display.
void record(Level level, std::string_view host, std::string_view text);

// The run every later line names (migrate sets it once it has a run ID).
void set_run_id(const std::string &run_id);

// The loggers' names in spdlog's registry: the command line registers them.
inline constexpr const char *k_logger = "licmig";          // the terminal and the log file
inline constexpr const char *k_run_logger = "licmig.run";  // the log file only

}  // namespace licmig::base::log
