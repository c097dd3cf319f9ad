#include "migrate/status.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <streambuf>
#include <variant>

#include "base/char_sink.hpp"
#include "base/printable.hpp"

namespace licmig::migrate {

namespace {

std::mutex &choices_mutex() {
  static std::mutex mu;
  return mu;
}

TerminalChoices &choices_storage() {
  static TerminalChoices choices;
  return choices;
}

// The display drawing a live block now (print_above_status), if any.
std::mutex &live_mutex() {
  static std::mutex mu;
  return mu;
}
StatusDisplay *&live_display() {
  static StatusDisplay *display = nullptr;
  return display;
}

constexpr const char *k_green = "\x1b[32m";
constexpr const char *k_red = "\x1b[31m";
constexpr const char *k_yellow = "\x1b[33m";
constexpr const char *k_reset = "\x1b[0m";

// "45s", "3m07s", "1h02m"
std::string human_duration(std::chrono::duration<double> d) {
  auto s = static_cast<long long>(std::max(0.0, d.count()));
  char buf[32];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s % 3600) / 60);
  }
  return buf;
}

const char *color_of(Outcome o) {
  switch (o) {
    case Outcome::migrated:
    case Outcome::unchanged: return k_green;
    case Outcome::failed:
    case Outcome::unreachable: return k_red;
    default: return k_yellow;
  }
}

// Router and inventory text in a line the display writes unescaped (it holds colour codes).
std::string esc(const std::string &text) { return base::escape_controls_line(text); }

std::string paint(bool colored, const char *color, const std::string &text) {
  return colored ? std::string(color) + text + k_reset : text;
}

// The visible prefix of `line` of at most `width` characters (UTF-8 aware; ANSI sequences are not
// counted, and a cut line ends with a reset so no colour runs on).
std::string cut_to(const std::string &line, std::size_t width) {
  std::string out;
  std::size_t shown = 0;
  bool cut = false;
  for (std::size_t i = 0; i < line.size();) {
    const auto b = static_cast<unsigned char>(line[i]);
    if (b == 0x1b) {
      const auto end = line.find('m', i);
      const std::size_t n = end == std::string::npos ? line.size() - i : end - i + 1;
      out.append(line, i, n);
      i += n;
      continue;
    }
    std::size_t n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    if (shown == width) {
      cut = true;
      break;
    }
    out.append(line, i, n);
    i += n;
    ++shown;
  }
  if (cut && out.find('\x1b') != std::string::npos) out += k_reset;
  return out;
}

}  // namespace

std::optional<ColorChoice> color_choice_from_string(const std::string &s) {
  if (s == "auto") return ColorChoice::automatic;
  if (s == "always") return ColorChoice::always;
  if (s == "never") return ColorChoice::never;
  return std::nullopt;
}

bool use_color(ColorChoice choice, bool tty, const char *no_color) {
  if (choice == ColorChoice::always) return true;
  if (choice == ColorChoice::never) return false;
  return tty && (no_color == nullptr || *no_color == '\0');
}

void set_terminal_choices(const TerminalChoices &choices) {
  std::lock_guard<std::mutex> lock(choices_mutex());
  choices_storage() = choices;
}

TerminalChoices terminal_choices() {
  std::lock_guard<std::mutex> lock(choices_mutex());
  return choices_storage();
}

void print_above_status(std::ostream &err, const std::string &line) {
  std::lock_guard<std::mutex> lock(live_mutex());
  if (live_display() != nullptr) {
    live_display()->message(line);
  } else {
    err << line << "\n" << std::flush;
  }
}

StatusStyle style_for(const std::ostream &err) {
  StatusStyle style;
  style.tty = &err == &std::cerr && ::isatty(2) == 1;
  const auto choices = terminal_choices();
  style.color = use_color(choices.color, style.tty, std::getenv("NO_COLOR"));
  style.quiet = choices.quiet;
  if (style.tty) {
    winsize ws{};
    if (::ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10) style.width = ws.ws_col;
  }
  return style;
}

// Collects what is written into lines and hands each whole one to StatusDisplay::message().
class StatusDisplay::LineBuf final : public base::CharSink {
 public:
  explicit LineBuf(StatusDisplay &display) : display_(display) {}
  ~LineBuf() override {
    if (!line_.empty()) display_.message(line_);
  }
  LineBuf(const LineBuf &) = delete;
  LineBuf &operator=(const LineBuf &) = delete;

 private:
  void put(char c) override {
    std::string whole;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (c != '\n') {
        if (line_.size() < 64 * 1024) line_.push_back(c);
        return;
      }
      whole.swap(line_);
    }
    display_.message(whole);
  }
  StatusDisplay &display_;
  std::mutex mu_;
  std::string line_;
};

StatusDisplay::StatusDisplay(std::ostream &err, StatusStyle style, StatusConfig config, base::Clock &clock)
    : err_(err), style_(style), config_(std::move(config)), clock_(clock), last_draw_(clock.now()) {
  buf_ = std::make_unique<LineBuf>(*this);
  messages_ = std::make_unique<std::ostream>(buf_.get());
  if (style_.tty && !style_.quiet) {
    std::lock_guard<std::mutex> lock(live_mutex());
    if (live_display() == nullptr) live_display() = this;
  }
}

StatusDisplay::~StatusDisplay() {
  messages_->flush();
  finish();
}

void StatusDisplay::on_record(const JournalRecord &record) {
  std::lock_guard<std::mutex> lock(mu_);
  record_locked(record);
}

void StatusDisplay::record_locked(const JournalRecord &record) {
  if (const auto *w = std::get_if<WaveRecord>(&record)) {
    wave_ = w->wave;
    std::string line = "wave " + std::to_string(w->wave) +
                       (config_.waves > 0 ? "/" + std::to_string(config_.waves) : std::string()) +
                       (w->canary ? " (canary)" : "") + " started:";
    for (std::size_t i = 0; i < w->hosts.size(); ++i) {
      if (i == 20) {
        line += " … and " + std::to_string(w->hosts.size() - 20) + " more";
        break;
      }
      line += (i == 0 ? " " : ", ") + esc(w->hosts[i]);
    }
    plain_locked(line);
  } else if (const auto *s = std::get_if<StepRecord>(&record)) {
    step_locked(*s);
  } else if (const auto *r = std::get_if<ResultRecord>(&record)) {
    result_locked(*r);
  } else {
    return;
  }
  // at most a few redraws a second; the ticker draws what this skips
  if (style_.tty && !finished_ && (drawn_ == 0 || clock_.now() - last_draw_ >= std::chrono::milliseconds(200))) {
    clear_locked();
    draw_locked();
  }
}

StatusDisplay::Router &StatusDisplay::router_locked(const std::string &host) {
  for (auto &r : active_) {
    if (r.name == host) return r;
  }
  Router r;
  r.name = host;
  r.started = clock_.now();
  r.step_started = r.started;
  active_.push_back(std::move(r));
  return active_.back();
}

void StatusDisplay::step_locked(const StepRecord &r) {
  auto &router = router_locked(r.host);
  const std::string host = esc(r.host);
  const auto total = config_.steps.find(r.host);
  const std::string step = "step " + std::to_string(r.step + 1) +
                           (total != config_.steps.end() ? "/" + std::to_string(total->second) : std::string());
  const auto now = clock_.now();
  switch (r.event) {
    case StepRecord::Event::start:
      router.step = r.step;
      router.kind = r.kind ? to_string(*r.kind) : "";
      router.step_started = now;
      router.reload_from.reset();
      if (r.kind == StepKind::reload) router.reload_from = now;
      plain_locked(host + ": " + step + " " + router.kind + " started");
      break;
    case StepRecord::Event::reload_sent: {
      router.reload_from = now;
      auto timeout = config_.reload_timeouts.find(r.host);
      plain_locked(host + ": " + step + " reload sent" +
                   (timeout != config_.reload_timeouts.end()
                        ? "; waiting up to " + human_duration(timeout->second) + " for it to come back"
                        : std::string()));
      break;
    }
    case StepRecord::Event::done:
      plain_locked(host + ": " + step + " " + (r.kind ? to_string(*r.kind) : router.kind) + " done");
      break;
    case StepRecord::Event::failed:
      plain_locked(host + ": " + step + " " + (r.kind ? to_string(*r.kind) : router.kind) + " " +
                   paint(style_.color, k_red, "failed") + (r.detail.empty() ? "" : ": " + esc(r.detail)));
      break;
  }
}

void StatusDisplay::count_locked(Outcome outcome) {
  switch (outcome) {
    case Outcome::migrated:
    case Outcome::unchanged: ++done_; break;
    case Outcome::failed:
    case Outcome::unreachable: ++failed_; break;
    case Outcome::refused: ++refused_; break;
    default: ++other_; break;
  }
}

void StatusDisplay::replayed(const ResultRecord &record) {
  std::lock_guard<std::mutex> lock(mu_);
  count_locked(record.outcome);
}

void StatusDisplay::result_locked(const ResultRecord &r) {
  const auto now = clock_.now();
  auto it = std::find_if(active_.begin(), active_.end(), [&](const Router &a) { return a.name == r.host; });
  if (it != active_.end()) {
    if (it->step >= 0) {
      finished_time_ += now - it->started;
      ++timed_;
    }
    active_.erase(it);
  }
  count_locked(r.outcome);
  if (style_.quiet) return;
  std::string line = esc(r.host) + ": " + paint(style_.color, color_of(r.outcome), to_string(r.outcome));
  if (!r.from.empty() || !r.to.empty()) line += " (" + esc(r.from) + " -> " + esc(r.to) + ")";
  if (!r.message.empty()) line += ": " + esc(r.message);
  if (style_.tty) {
    // a router's result is a message above the block: what happened stays on screen
    clear_locked();
    base::write_trusted(err_, line + "\n");
    return;
  }
  plain_locked(line);
}

void StatusDisplay::plain_locked(const std::string &line) {
  if (style_.tty || style_.quiet) return;
  const auto ts = base::utc_timestamp(clock_.wall_now());
  // seconds are enough on a line a person reads; the log file keeps microseconds
  base::write_trusted(err_, "[" + ts.substr(0, 19) + "Z] " + line + "\n");
}

void StatusDisplay::message(const std::string &line) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!style_.tty || finished_) {
    err_ << line << "\n" << std::flush;
    return;
  }
  clear_locked();
  base::write_trusted(err_, base::escape_controls_line(line) + "\n");
  draw_locked();
}

void StatusDisplay::clear_locked() {
  if (drawn_ == 0) return;
  base::write_trusted(err_, "\r\x1b[" + std::to_string(drawn_) + "A\x1b[J");
  drawn_ = 0;
}

void StatusDisplay::draw_locked() {
  if (!style_.tty || style_.quiet || finished_) return;
  std::string frame;
  const auto lines = lines_locked(style_.color);
  for (const auto &l : lines) frame += cut_to(l, style_.width - 1) + "\n";
  base::write_trusted(err_, frame);
  drawn_ = lines.size();
  last_draw_ = clock_.now();
}

void StatusDisplay::tick() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!style_.tty || finished_) return;
  clear_locked();
  draw_locked();
}

std::vector<std::string> StatusDisplay::block_lines() {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_locked(false);
}

std::string StatusDisplay::eta_locked() const {
  const std::size_t finished = done_ + failed_ + refused_ + other_;
  if (timed_ == 0 || finished >= config_.routers) return "—";
  const double average = finished_time_.count() / static_cast<double>(timed_);
  const std::size_t left = config_.routers - finished;
  const auto at_once =
      std::max<std::size_t>(1, std::min<std::size_t>(left, static_cast<std::size_t>(config_.parallel)));
  const std::size_t rounds = (left + at_once - 1) / at_once;
  return "~" + human_duration(std::chrono::duration<double>(average * static_cast<double>(rounds)));
}

std::vector<std::string> StatusDisplay::lines_locked(bool colored) const {
  std::vector<std::string> lines;
  const auto now = clock_.now();
  std::size_t name_width = 4;
  for (const auto &r : active_) name_width = std::max(name_width, std::min<std::size_t>(r.name.size(), 24));
  for (std::size_t i = 0; i < active_.size() && i < config_.max_routers; ++i) {
    const auto &r = active_[i];
    std::string name = base::escape_controls_line(r.name);
    name.resize(std::max(name.size(), name_width), ' ');
    std::string line = "  " + name + "  ";
    if (r.step < 0) {
      line += "starting";
    } else {
      const auto total = config_.steps.find(r.name);
      line += "step " + std::to_string(r.step + 1) +
              (total != config_.steps.end() ? "/" + std::to_string(total->second) : std::string()) + " " + r.kind;
    }
    line += "  " + human_duration(now - r.started);
    if (r.reload_from) {
      auto timeout = config_.reload_timeouts.find(r.name);
      if (timeout != config_.reload_timeouts.end()) {
        const auto left = std::chrono::duration<double>(timeout->second) - (now - *r.reload_from);
        line += left.count() > 0 ? "  reload: " + human_duration(left) + " left of " + human_duration(timeout->second)
                                 : "  reload: past its timeout of " + human_duration(timeout->second);
      } else {
        line += "  reload: " + human_duration(now - *r.reload_from) + " so far";
      }
    }
    lines.push_back(line);
  }
  if (active_.size() > config_.max_routers) {
    lines.push_back("  … and " + std::to_string(active_.size() - config_.max_routers) + " more");
  }
  const std::size_t finished = done_ + failed_ + refused_ + other_;
  std::string footer = wave_ > 0 ? "wave " + std::to_string(wave_) +
                                       (config_.waves > 0 ? " of " + std::to_string(config_.waves) : std::string())
                                 : std::string("starting");
  footer += " | " + paint(colored, k_green, std::to_string(done_) + " done") + ", " +
            paint(colored && failed_ > 0, k_red, std::to_string(failed_) + " failed") + ", " +
            paint(colored && refused_ > 0, k_yellow, std::to_string(refused_) + " refused") + " | " +
            std::to_string(finished) + "/" + std::to_string(config_.routers) + " routers | ETA " + eta_locked();
  lines.push_back(footer);
  return lines;
}

std::vector<std::string> StatusDisplay::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const auto &r : active_) out.push_back(r.name);
  return out;
}

void StatusDisplay::start_ticker(std::chrono::milliseconds period) {
  if (!style_.tty || style_.quiet || ticker_.joinable()) return;
  ticker_ = std::thread([this, period]() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_ticker_) {
      wake_.wait_for(lock, period);
      if (stop_ticker_ || finished_) break;
      clear_locked();
      draw_locked();
    }
  });
}

void StatusDisplay::finish() {
  {
    std::lock_guard<std::mutex> lock(live_mutex());
    if (live_display() == this) live_display() = nullptr;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ticker_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  clear_locked();
  finished_ = true;
}

}  // namespace licmig::migrate
