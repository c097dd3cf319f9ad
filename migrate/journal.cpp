#include "migrate/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <random>
#include <sstream>
#include <variant>

#include "base/file.hpp"
#include "snapshot/store.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate {

std::string Journal::path_for(const std::string &store, const std::string &run_id) {
  return store + "/journal/" + run_id + ".jsonl";
}

Result<Journal> Journal::create(const std::string &store, const std::string &run_id, base::Clock &clock) {
  if (auto st = base::make_private_dirs(store + "/journal"); !st) return st;
  auto path = path_for(store, run_id);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int err = errno;
    return Status::error(base::errno_kind(err), path + ": cannot create journal: " + std::strerror(err));
  }
  return Journal(path, run_id, fd, clock);
}

Result<Journal> Journal::open(const std::string &store, const std::string &run_id, base::Clock &clock) {
  auto path = path_for(store, run_id);
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return Status::error(ErrorKind::not_found, "no run " + run_id + " (" + path + " does not exist)");
    const int err = errno;
    return Status::error(base::errno_kind(err), path + ": cannot open journal: " + std::strerror(err));
  }
  // a torn last line (the writer was killed mid-record) is cut off, so this run's records start on
  // a line of their own
  if (auto text = base::read_file(path); text && !text->empty() && text->back() != '\n') {
    const auto keep = text->rfind('\n');
    if (::ftruncate(fd, keep == std::string::npos ? 0 : static_cast<off_t>(keep + 1)) != 0) {
      const int err = errno;
      ::close(fd);
      return Status::error(base::errno_kind(err), path + ": cannot cut its torn last line: " + std::strerror(err));
    }
  }
  return Journal(path, run_id, fd, clock);
}

Journal::Journal(Journal &&other) noexcept
    : path_(std::move(other.path_)),
      run_id_(std::move(other.run_id_)),
      fd_(other.fd_),
      clock_(other.clock_),
      mu_(std::move(other.mu_)),
      failure_(std::move(other.failure_)),
      observers_(std::move(other.observers_)) {
  other.fd_ = -1;
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

Status Journal::healthy() const {
  std::lock_guard<std::mutex> lock(*mu_);
  return failure_;
}

Status Journal::append_json(nlohmann::json event) {
  event["ts"] = utc_timestamp_of(clock_->wall_now());
  std::string line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  auto fail = [&](const char *what, int err) {  // with mu_ held
    failure_ = Status::error(base::errno_kind(err), path_ + ": cannot " + what + ": " + std::strerror(err));
    return failure_;
  };
  {
    std::lock_guard<std::mutex> lock(*mu_);
    if (!failure_) return failure_;
    if (const int err = write_record(line); err != 0) return fail("append", err);
  }
  // The sync runs outside the lock: it covers this record (written before it started), and the
  // appends of routers finishing together overlap their syncs instead of queueing one sync behind
  // the other (bench: 50 concurrent stage transfers waited up to 5 s for the journal).
  if (::fdatasync(fd_) != 0) {
    const int err = errno;
    std::lock_guard<std::mutex> lock(*mu_);
    return fail("fsync", err);
  }
  return Status::ok();
}

int Journal::write_record(const std::string &line) {
  // where this record starts: a record that cannot be written whole is cut off again, so the
  // journal never holds a torn line that a later append would bury
  const off_t start = ::lseek(fd_, 0, SEEK_END);
  const char *p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      if (start >= 0) (void)::ftruncate(fd_, start);
      return err;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

Result<std::vector<nlohmann::json>> Journal::read_events(const std::string &path) {
  auto text = base::read_file(path);
  if (!text) return text.status();
  std::vector<nlohmann::json> out;
  std::istringstream in(text.value());
  std::string line;
  std::size_t number = 0;
  const bool ends_with_newline = !text->empty() && text->back() == '\n';
  std::size_t total =
      static_cast<std::size_t>(std::count(text->begin(), text->end(), '\n')) + (ends_with_newline ? 0 : 1);
  while (std::getline(in, line)) {
    ++number;
    if (base::trim(line).empty()) continue;
    try {
      out.push_back(nlohmann::json::parse(line));
    } catch (const nlohmann::json::exception &) {
      if (number == total && !ends_with_newline) break;  // torn last line: the write never finished
      return Status::error(ErrorKind::parse_error, path + ":" + std::to_string(number) + ": not a journal record");
    }
  }
  return out;
}

std::map<std::string, HostProgress> Journal::progress(const std::vector<nlohmann::json> &events, bool rollback_phase) {
  struct Fold {
    std::map<std::string, HostProgress> &out;
    bool phase;
    void operator()(const RunRecord &) const {}
    void operator()(const PlanRecord &r) const {
      if (r.rollback == phase) out[r.host].plan = r.plan;
    }
    void operator()(const StepRecord &r) const {
      if (r.rollback != phase) return;
      auto &h = out[r.host];
      if (r.event == StepRecord::Event::done) {
        h.steps_done = std::max(h.steps_done, r.step + 1);
        h.reload_pending = false;
        for (const auto &[k, v] : r.facts) h.facts[k] = v;
      } else if (r.event == StepRecord::Event::reload_sent) {
        h.reload_pending = true;
        h.reload_sent_at = r.ts;
      } else {
        (void)h;  // start and failed change nothing a resume needs
      }
    }
    void operator()(const ResultRecord &r) const {
      if (r.rollback == phase) out[r.host].result = r;
    }
    void operator()(const InterruptedRecord &) const {}
    void operator()(const WaveRecord &) const {}
    void operator()(const StageRecord &) const {}  // staging is redone from the router's state, not the journal
  };
  std::map<std::string, HostProgress> out;
  for (const auto &e : events) {
    auto record = decode_record(e);
    if (!record || !record.value()) continue;  // a record this version cannot use is skipped
    std::visit(Fold{out, rollback_phase}, *record.value());
  }
  return out;
}

Result<RunRecord> Journal::run_record(const std::vector<nlohmann::json> &events) {
  if (events.empty() || !events.front().is_object() || events.front().value("event", "") != "run") {
    return Status::error(ErrorKind::parse_error, "no run record");
  }
  return RunRecord::decode(events.front());
}

std::string utc_timestamp_of(base::WallTime t) { return base::utc_timestamp(t); }

std::optional<std::chrono::milliseconds> time_between(const std::string &utc, base::WallTime now) {
  std::tm tm{};
  const char *rest = strptime(utc.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  auto then = std::chrono::system_clock::from_time_t(timegm(&tm));
  if (*rest == '.') {  // the fraction, to the microsecond
    std::chrono::microseconds::rep micros = 0;
    int digits = 0;
    for (++rest; *rest >= '0' && *rest <= '9'; ++rest) {
      if (digits++ < 6) micros = micros * 10 + (*rest - '0');
    }
    for (; digits < 6; ++digits) micros *= 10;
    then += std::chrono::microseconds(micros);
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(now - then);
}

std::string new_run_id() {
  std::random_device rd;
  std::ostringstream id;
  id << snapshot::file_timestamp(snapshot::utc_timestamp()).substr(0, 15) << "Z-" << std::hex << (rd() & 0xffffU);
  return id.str();
}

}  // namespace licmig::migrate
