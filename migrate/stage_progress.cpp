#include "migrate/stage_progress.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include "base/printable.hpp"

namespace licmig::migrate {

TransferProgress::TransferProgress(std::ostream &err, const StatusStyle &style, std::size_t routers, base::Clock &clock)
    : err_(err),
      tty_(style.tty),
      quiet_(style.quiet),
      width_(style.width),
      routers_(routers),
      clock_(clock),
      started_(clock.now()),
      last_draw_(clock.now()) {}

void TransferProgress::on_event(const StageEvent &e) {
  if (quiet_) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto &r = active_[e.host];
  if (e.kind == StageEvent::Kind::transferring) {
    bytes_total_ += e.total - r.total;
    r = Router{0, e.total, -1};
  }
  if (e.kind == StageEvent::Kind::progress) {
    r.bytes = e.bytes;
    if (!tty_ && r.total > 0) {
      const int decile = static_cast<int>(std::min<std::int64_t>(10, r.bytes * 10 / r.total));
      if (decile > r.last_decile) {
        r.last_decile = decile;
        err_ << "stage " << e.host << ": " << e.text << " " << human_bytes(r.bytes) << " of " << human_bytes(r.total)
             << " (" << decile * 10 << "%)\n"
             << std::flush;
      }
    }
    draw_locked(false);
    return;
  }
  if (tty_) {
    if (drawn_) base::write_trusted(err_, "\r\x1b[K");
    drawn_ = false;
  }
  err_ << "stage " << e.host << ": " << e.text << "\n" << std::flush;
  draw_locked(true);
}

void TransferProgress::on_done(const StageReport &r) {
  if (quiet_) return;
  std::lock_guard<std::mutex> lock(mu_);
  ++done_;
  if (auto it = active_.find(r.host); it != active_.end()) {
    bytes_done_ += it->second.bytes;
    active_.erase(it);
  }
  if (tty_ && drawn_) base::write_trusted(err_, "\r\x1b[K");
  drawn_ = false;
  err_ << "stage " << r.host << ": " << to_string(r.outcome) << (r.message.empty() ? "" : ": " + r.message) << "\n"
       << std::flush;
  draw_locked(true);
}

void TransferProgress::finish() {
  if (quiet_) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (tty_ && drawn_) err_ << "\n" << std::flush;
  drawn_ = false;
}

void TransferProgress::draw_locked(bool force) {
  if (!tty_) return;
  const auto now = clock_.now();
  if (!force && now - last_draw_ < base::Millis(200)) return;
  last_draw_ = now;
  std::int64_t bytes = bytes_done_;
  for (const auto &[host, r] : active_) bytes += r.bytes;
  const double secs = std::chrono::duration<double>(now - started_).count();
  const double rate = secs > 0 ? static_cast<double>(bytes) / secs : 0;
  std::string eta = "?";
  if (rate > 0 && bytes_total_ >= bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0fs", static_cast<double>(bytes_total_ - bytes) / rate);
    eta = buf;
  }
  std::string line = "stage " + std::to_string(done_) + "/" + std::to_string(routers_) + " routers, " +
                     human_bytes(bytes) + " of " + human_bytes(bytes_total_) + ", " +
                     human_bytes(static_cast<std::int64_t>(rate)) + "/s, ETA " + eta;
  std::size_t shown = 0;
  for (const auto &[host, r] : active_) {
    if (r.total <= 0 || shown == 4) continue;
    line += (shown == 0 ? " | " : ", ") + host + " " + std::to_string(r.bytes * 100 / r.total) + "%";
    ++shown;
  }
  // a wrapped line would break the redraw (\r goes back to the start of the last row only)
  if (width_ > 1 && line.size() >= width_) line.resize(width_ - 1);
  // the line's start is a control sequence (written as it is); its text goes through the escaping
  base::write_trusted(err_, "\r\x1b[K");
  err_ << line << std::flush;
  drawn_ = true;
}

}  // namespace licmig::migrate
