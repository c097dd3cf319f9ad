#include "migrate/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <sstream>

#include "snapshot/store.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate {

namespace {

nlohmann::json expect_to_json(const Expectation &e) {
  nlohmann::json j = nlohmann::json::object();
  if (e.release) j["release"] = *e.release;
  if (e.mode) j["mode"] = snapshot::to_string(*e.mode);
  if (e.level) j["level"] = *e.level;
  if (e.registration) j["registration"] = *e.registration;
  if (e.boot_level) j["boot_level"] = *e.boot_level;
  if (e.image_file) j["image_file"] = *e.image_file;
  if (e.image_md5) j["image_md5"] = *e.image_md5;
  return j;
}

Expectation expect_from_json(const nlohmann::json &j) {
  Expectation e;
  if (j.contains("release")) e.release = j.at("release").get<std::string>();
  if (j.contains("mode")) e.mode = snapshot::license_mode_from_string(j.at("mode").get<std::string>());
  if (j.contains("level")) e.level = j.at("level").get<std::string>();
  if (j.contains("registration")) e.registration = j.at("registration").get<std::string>();
  if (j.contains("boot_level")) e.boot_level = j.at("boot_level").get<std::string>();
  if (j.contains("image_file")) e.image_file = j.at("image_file").get<std::string>();
  if (j.contains("image_md5")) e.image_md5 = j.at("image_md5").get<std::string>();
  return e;
}

std::optional<StepKind> step_kind_from_string(const std::string &s) {
  for (auto k : {StepKind::pre_snapshot, StepKind::verify_image, StepKind::set_boot_level, StepKind::smart_enable,
                 StepKind::smart_disable, StepKind::set_boot_image, StepKind::save_config, StepKind::reload,
                 StepKind::register_smart, StepKind::post_snapshot}) {
    if (s == to_string(k)) return k;
  }
  return std::nullopt;
}

}  // namespace

nlohmann::json plan_to_json(const Plan &plan) {
  nlohmann::json steps = nlohmann::json::array();
  for (const auto &s : plan.steps) {
    steps.push_back({{"kind", to_string(s.kind)},
                     {"title", s.title},
                     {"commands", s.commands},
                     {"why", s.why},
                     {"expect", expect_to_json(s.expect)}});
  }
  return {{"host", plan.host},       {"from", plan.from},       {"to", plan.to},         {"steps", steps},
          {"refused", plan.refused}, {"refusal", plan.refusal}, {"remedy", plan.remedy}, {"notes", plan.notes}};
}

Result<Plan> plan_from_json(const nlohmann::json &j) {
  try {
    Plan p;
    p.host = j.at("host").get<std::string>();
    p.from = j.at("from").get<std::string>();
    p.to = j.at("to").get<std::string>();
    p.refused = j.at("refused").get<bool>();
    p.refusal = j.at("refusal").get<std::string>();
    p.remedy = j.at("remedy").get<std::vector<std::string>>();
    p.notes = j.at("notes").get<std::vector<std::string>>();
    for (const auto &s : j.at("steps")) {
      Step step;
      auto kind = step_kind_from_string(s.at("kind").get<std::string>());
      if (!kind) return Status::error(ErrorKind::parse_error, "unknown step kind " + s.at("kind").dump());
      step.kind = *kind;
      step.title = s.at("title").get<std::string>();
      step.commands = s.at("commands").get<std::vector<std::string>>();
      step.why = s.at("why").get<std::string>();
      step.expect = expect_from_json(s.at("expect"));
      p.steps.push_back(std::move(step));
    }
    return p;
  } catch (const nlohmann::json::exception &e) {
    return Status::error(ErrorKind::parse_error, std::string("not a plan record: ") + e.what());
  }
}

std::string Journal::path_for(const std::string &store, const std::string &run_id) {
  return store + "/journal/" + run_id + ".jsonl";
}

Result<Journal> Journal::create(const std::string &store, const std::string &run_id) {
  if (auto st = base::make_private_dirs(store + "/journal"); !st) return st;
  auto path = path_for(store, run_id);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return Status::error(ErrorKind::io_error, path + ": cannot create journal: " + std::strerror(errno));
  return Journal(path, run_id, fd);
}

Result<Journal> Journal::open(const std::string &store, const std::string &run_id) {
  auto path = path_for(store, run_id);
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT)
      return Status::error(ErrorKind::not_found, "no run " + run_id + " (" + path + " does not exist)");
    return Status::error(ErrorKind::io_error, path + ": cannot open journal: " + std::strerror(errno));
  }
  return Journal(path, run_id, fd);
}

Journal::Journal(Journal &&other) noexcept
    : path_(std::move(other.path_)), run_id_(std::move(other.run_id_)), fd_(other.fd_), mu_(std::move(other.mu_)) {
  other.fd_ = -1;
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

Status Journal::append(nlohmann::json event) {
  event["ts"] = snapshot::utc_timestamp();
  std::string line = event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(*mu_);
  const char *p = line.data();
  std::size_t left = line.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::error(ErrorKind::io_error, path_ + ": cannot append: " + std::strerror(errno));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0)
    return Status::error(ErrorKind::io_error, path_ + ": cannot fsync: " + std::strerror(errno));
  return Status::ok();
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

std::map<std::string, HostProgress> Journal::progress(const std::vector<nlohmann::json> &events) {
  std::map<std::string, HostProgress> out;
  for (const auto &e : events) {
    if (!e.contains("host") || !e.contains("event")) continue;
    auto host = e.at("host").get<std::string>();
    auto event = e.at("event").get<std::string>();
    auto &h = out[host];
    if (event == "plan") {
      auto p = plan_from_json(e.at("plan"));
      if (p) h.plan = p.value();
    } else if (event == "done") {
      int step = e.at("step").get<int>();
      h.steps_done = std::max(h.steps_done, step + 1);
      h.reload_pending = false;
      if (e.contains("facts")) {
        for (const auto &[k, v] : e.at("facts").items()) h.facts[k] = v.get<std::string>();
      }
    } else if (event == "reload-sent") {
      h.reload_pending = true;
      h.reload_sent_at = e.at("ts").get<std::string>();
    } else if (event == "result") {
      h.result = e;
    }
  }
  return out;
}

std::string new_run_id() {
  std::random_device rd;
  std::ostringstream id;
  id << snapshot::file_timestamp(snapshot::utc_timestamp()).substr(0, 15) << "Z-" << std::hex << (rd() & 0xffffU);
  return id.str();
}

}  // namespace licmig::migrate
