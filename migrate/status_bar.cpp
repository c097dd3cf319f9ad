// Progress: the one-line bar of the read-only fleet commands (status.hpp).
#include <string>

#include "base/printable.hpp"
#include "migrate/status.hpp"

namespace licmig::migrate {

Progress::Progress(std::ostream &err, std::size_t total, std::string label)
    : err_(err), total_(total), label_(std::move(label)), style_(style_for(err)) {
  std::lock_guard<std::mutex> lock(mu_);
  draw_locked();
}

Progress::~Progress() { finish(); }

void Progress::draw_locked() {
  if (!style_.tty || style_.quiet) return;
  const std::size_t width = 30;
  const std::size_t filled = total_ ? done_ * width / total_ : width;
  std::string line = "\r\x1b[K" + base::escape_controls_line(label_) + " [" + std::string(filled, '#') +
                     std::string(width - filled, '.') + "] " + std::to_string(done_) + "/" + std::to_string(total_);
  if (failed_ > 0) {
    const std::string failed = std::to_string(failed_) + " failed";
    line += " (" + (style_.color ? "\x1b[31m" + failed + "\x1b[0m" : failed) + ")";
  }
  base::write_trusted(err_, line);
}

void Progress::done(const std::string & /*host*/, bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  ++done_;
  if (!ok) ++failed_;
  draw_locked();
}

void Progress::finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (finished_) return;
  finished_ = true;
  if (style_.tty && !style_.quiet) base::write_trusted(err_, "\n");
}

}  // namespace licmig::migrate
