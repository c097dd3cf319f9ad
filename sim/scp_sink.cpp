// The SCP server of a simulated router: the sink side of the (legacy, rcp-style) SCP protocol that
// OpenSSH `scp -O`, Netmiko's file_transfer and licmig speak over an exec channel running
// `scp -t TARGET`:
//   sink: \0                      (ready)
//   source: "C0644 SIZE NAME\n"   sink: \0, or "\1scp: ...\n" / "\2scp: ...\n" (refused)
//   source: SIZE bytes, then \0   sink: \0 once stored ("\1scp: ...\n" when it could not be)
//   ("T..." time lines are acked and ignored; "D"/"E" directory lines are refused.)
// Bytes go straight to the bootflash file (bounded memory). Capacity is checked as they arrive:
// when bootflash is full the rest of the file is read and dropped, the partial file stays, and the
// final answer is "\1scp: bootflash:NAME: No space left on device". The link rate holds the final
// ack back until SIZE / rate seconds after the C line; transfer_drop_at_percent drops the
// connection at that point of the file (partial file left); corrupt_transfer changes the first
// byte stored.
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <optional>

#include "base/digest.hpp"
#include "base/text.hpp"
#include "sim/router.hpp"
#include "sim/router_state.hpp"

namespace licmig::sim {

namespace {

// The words of a command line as a POSIX shell splits them ('...', "...", backslash).
std::vector<std::string> shell_words(std::string_view line) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        word += line[++i];
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) out.push_back(std::exchange(word, {}));
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(word);
  return out;
}

class ScpSink : public ScpSession {
 public:
  ScpSink(RouterState &s, std::string target) : s_(s), target_(std::move(target)) {}
  ~ScpSink() override { close_file(); }
  ScpSink(const ScpSink &) = delete;
  ScpSink &operator=(const ScpSink &) = delete;

  std::string start() override { return std::string(1, '\0'); }
  bool finished() const override { return finished_; }
  bool drop_connection() const override { return drop_; }
  bool idle() const override { return state_ == State::command && line_.empty(); }
  int exit_status() const override { return failed_ ? 1 : 0; }

  std::string input(std::string_view bytes, Clock::time_point now) override {
    std::string out;
    std::size_t i = 0;
    while (i < bytes.size() && !finished_ && !drop_) {
      switch (state_) {
        case State::command: {
          const char c = bytes[i++];
          if (c != '\n') {
            if (line_.size() > 4096) return fatal("protocol error: line too long");
            line_ += c;
            continue;
          }
          out += command(std::exchange(line_, {}), now);
          break;
        }
        case State::data: {
          const auto n =
              static_cast<std::size_t>(std::min<std::int64_t>(remaining_, static_cast<std::int64_t>(bytes.size() - i)));
          store(bytes.substr(i, n));
          i += n;
          remaining_ -= static_cast<std::int64_t>(n);
          if (remaining_ == 0 && !drop_) state_ = State::end;
          break;
        }
        case State::end:
          ++i;  // the source's \0 after the data
          state_ = State::ack;
          break;
        case State::ack:  // the source waits for our ack; anything more is kept for after it
          pending_.append(bytes.substr(i));
          return out;
      }
      if (state_ == State::ack) out += poll(now);
    }
    return out;
  }

  std::string poll(Clock::time_point now) override {
    if (state_ != State::ack || now < ack_due_) return "";
    state_ = State::command;
    close_file();
    if (no_space_ || write_failed_) {
      failed_ = true;
      return std::string("\x01") + "scp: bootflash:" + name_ +
             (no_space_ ? ": No space left on device\n" : ": Input/output error\n") +
             input(std::exchange(pending_, {}), now);
    }
    s_.bootflash.remember_md5(name_, md5_.hex());
    return std::string(1, '\0') + input(std::exchange(pending_, {}), now);
  }

 private:
  enum class State { command, data, end, ack };

  std::string fatal(const std::string &why) {
    failed_ = true;
    finished_ = true;
    return std::string("\x02") + "scp: " + why + "\n";
  }
  std::string warn(const std::string &why) {
    failed_ = true;
    return std::string("\x01") + "scp: " + why + "\n";
  }

  std::string command(const std::string &line, Clock::time_point now) {
    if (line.empty()) return fatal("protocol error: empty line");
    switch (line[0]) {
      case 'T': return std::string(1, '\0');
      case 'C': return file_line(line, now);
      case 'D':
      case 'E': return fatal("bootflash:" + target_ + ": directories are not supported");
      case '\x01':
      case '\x02': finished_ = true; return "";  // the source gave up
      default: return fatal("protocol error: unexpected <" + line.substr(0, 1) + ">");
    }
  }

  // "C0644 SIZE NAME"
  std::string file_line(const std::string &line, Clock::time_point now) {
    const auto w = base::words(std::string_view(line).substr(1));
    std::int64_t size = -1;
    if (w.size() < 2) return fatal("protocol error: bad file line");
    const auto [end, ec] = std::from_chars(w[1].data(), w[1].data() + w[1].size(), size);
    if (ec != std::errc() || end != w[1].data() + w[1].size() || size < 0) return fatal("protocol error: bad size");
    const auto name_at = line.find(w[1]) + w[1].size() + 1;
    const std::string sent = name_at < line.size() ? line.substr(name_at) : std::string();
    name_ = target_.empty() ? sent : target_;
    if (!Bootflash::valid_name(name_)) return warn("bootflash:" + name_ + ": Invalid argument");
    if (!s_.bootflash.attached()) return warn("bootflash:" + name_ + ": Input/output error");
    s_.bootflash.forget(name_);
    fd_ = ::open(s_.bootflash.path_of(name_).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0) return warn("bootflash:" + name_ + ": Permission denied");
    size_ = size;
    remaining_ = size;
    stored_ = 0;
    no_space_ = write_failed_ = false;
    next_space_check_ = 0;
    md5_.reset();
    const auto rate = s_.spec.link_rate;
    ack_due_ = now;
    if (rate > 0) ack_due_ += std::chrono::milliseconds(size * 1000 / rate);
    state_ = size == 0 ? State::end : State::data;
    return std::string(1, '\0');
  }

  void store(std::string_view piece) {
    const int drop_pct = s_.spec.faults.transfer_drop_at_percent;
    if (drop_pct > 0) {
      const std::int64_t limit = size_ * drop_pct / 100;
      const std::int64_t received = size_ - remaining_;
      if (received + static_cast<std::int64_t>(piece.size()) >= limit) {
        piece = piece.substr(0, static_cast<std::size_t>(std::max<std::int64_t>(0, limit - received)));
        drop_ = true;
      }
    }
    if (no_space_ || write_failed_ || fd_ < 0) return;
    if (stored_ + static_cast<std::int64_t>(piece.size()) >= next_space_check_) {
      const std::int64_t free = s_.bootflash.capacity() - Bootflash::used_in(s_.bootflash.dir());
      if (free < static_cast<std::int64_t>(piece.size())) {
        piece = piece.substr(0, static_cast<std::size_t>(std::max<std::int64_t>(0, free)));
        no_space_ = true;
      }
      next_space_check_ = stored_ + static_cast<std::int64_t>(piece.size()) + (256 << 10);
    }
    std::string corrupted;
    if (s_.spec.faults.corrupt_transfer && stored_ == 0 && !piece.empty()) {
      corrupted.assign(piece);
      corrupted[0] = static_cast<char>(corrupted[0] ^ 0x5a);
      piece = corrupted;
    }
    std::size_t done = 0;
    while (done < piece.size()) {
      const ssize_t w = ::write(fd_, piece.data() + done, piece.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        write_failed_ = true;
        return;
      }
      done += static_cast<std::size_t>(w);
    }
    md5_.update(piece);
    stored_ += static_cast<std::int64_t>(piece.size());
  }

  void close_file() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  RouterState &s_;
  std::string target_;  // the file name the command named; empty = the name the C line sends
  State state_ = State::command;
  std::string line_;
  std::string pending_;  // bytes that came while our ack was held back
  std::string name_;
  int fd_ = -1;
  std::int64_t size_ = 0;
  std::int64_t remaining_ = 0;
  std::int64_t stored_ = 0;
  std::int64_t next_space_check_ = 0;
  bool no_space_ = false;
  bool write_failed_ = false;
  bool failed_ = false;
  bool finished_ = false;
  bool drop_ = false;
  Clock::time_point ack_due_{};
  base::Md5 md5_;
};

}  // namespace

std::unique_ptr<ScpSession> Router::open_scp(std::string_view command, Clock::time_point now) {
  auto &s = *state_;
  s.tick(now);
  const auto words = shell_words(command);
  if (words.empty() || words[0] != "scp" || !s.running.scp_server) return nullptr;
  bool sink = false;
  std::optional<std::string> target;
  bool options = true;
  for (std::size_t i = 1; i < words.size(); ++i) {
    const auto &w = words[i];
    if (options && w == "--") {
      options = false;
    } else if (options && w.size() > 1 && w[0] == '-') {
      for (std::size_t k = 1; k < w.size(); ++k) {
        if (w[k] == 't') sink = true;
        if (w[k] == 'f') return nullptr;  // source mode (copy from the router): not served
      }
    } else if (!target) {
      target = w;
    } else {
      return nullptr;  // one target only
    }
  }
  if (!sink || !target) return nullptr;
  // "bootflash:NAME", "flash:/NAME", "NAME"; "bootflash:" (a folder) = the name the client sends.
  std::string name = *target;
  if (const auto colon = name.find(':'); colon != std::string::npos) {
    const auto fs = base::to_lower(name.substr(0, colon + 1));
    if (fs != "bootflash:" && fs != "flash:") return nullptr;
    name = name.substr(colon + 1);
  }
  while (!name.empty() && name.front() == '/') name.erase(name.begin());
  if (name == ".") name.clear();
  return std::make_unique<ScpSink>(s, name);
}

}  // namespace licmig::sim
