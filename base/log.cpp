// The logging facade over spdlog's registered "licmig" logger.
#include "base/log.hpp"

#include <mutex>

#include <spdlog/spdlog.h>

#include "base/printable.hpp"

namespace licmig::base::log {

namespace {

std::mutex &run_mutex() {
  static std::mutex mu;
  return mu;
}

std::string &run_id_storage() {
  static std::string id = "-";
  return id;
}

spdlog::level::level_enum to_spdlog(Level level) {
  switch (level) {
    case Level::trace: return spdlog::level::trace;
    case Level::debug: return spdlog::level::debug;
    case Level::info: return spdlog::level::info;
    case Level::warn: return spdlog::level::warn;
    case Level::error: return spdlog::level::err;
  }
  return spdlog::level::info;
}

void write_to(const char *name, Level level, std::string_view host, std::string_view text);

}  // namespace

bool enabled(Level level) {
  auto logger = spdlog::get(k_logger);
  return logger && logger->should_log(to_spdlog(level));
}

namespace {

void write_to(const char *name, Level level, std::string_view host, std::string_view text) {
  auto logger = spdlog::get(name);
  if (!logger || !logger->should_log(to_spdlog(level))) return;
  std::string run;
  {
    std::lock_guard<std::mutex> lock(run_mutex());
    run = run_id_storage();
  }
  logger->log(to_spdlog(level), "run={} host={}: {}", run, host.empty() ? std::string_view("-") : host,
              escape_controls_line(text));
}

}  // namespace

void write(Level level, std::string_view host, std::string_view text) { write_to(k_logger, level, host, text); }

void record(Level level, std::string_view host, std::string_view text) { write_to(k_run_logger, level, host, text); }

void set_run_id(const std::string &run_id) {
  std::lock_guard<std::mutex> lock(run_mutex());
  run_id_storage() = run_id.empty() ? "-" : run_id;
}

}  // namespace licmig::base::log
