// libFuzzer target for the IOS session's state machine (devices/ios_session.hpp): prompts, the sync
// marker, paging, dialogs, enable, configuration mode and reload, driven by random router output.
//
// The input is a script of reads: each starts with a control byte — its low 6 bits the length of
// the read that follows (0-63 bytes), bit 6 "when licmig writes a line, echo it and print a prompt
// before this read" (a router that answers the sync marker), bit 7 "the connection drops here".
// When the script is used up the router is silent, so every wait ends at its (simulated) timeout.
// The session starts, runs two commands, a configuration line and a reload. Checked: no crash or
// sanitizer report, no output beyond max_output, and every error message short and free of raw
// control bytes (tab aside).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "devices/ios_session.hpp"

namespace {

using namespace licmig;

class FuzzClock final : public base::Clock {
 public:
  base::SteadyTime now() override { return now_; }
  base::WallTime wall_now() override { return base::WallTime(std::chrono::seconds(1700000000)); }
  void sleep_for(base::Millis d) override { now_ += d; }
  void advance(base::Millis d) { now_ += d; }

 private:
  base::SteadyTime now_{std::chrono::hours(1000)};
};

struct Read {
  std::string text;
  bool echo_first = false;
  bool drop = false;
};

class FuzzTransport final : public devices::Transport {
 public:
  FuzzTransport(FuzzClock &clock, std::deque<Read> script) : clock_(clock), script_(std::move(script)) {}
  std::string peer() const override { return "fuzz:22"; }
  Status open() override {
    open_ = true;
    return Status::ok();
  }
  Status probe(base::Millis) override { return Status::ok(); }
  bool is_open() const override { return open_; }
  Result<std::string> read(base::Millis wait) override {
    if (!open_) return Status::error(ErrorKind::closed, "closed");
    if (!pending_.empty()) {
      std::string out;
      out.swap(pending_);
      return out;
    }
    if (script_.empty()) {
      clock_.advance(wait);
      return std::string();
    }
    Read r = std::move(script_.front());
    script_.pop_front();
    if (r.drop) {
      open_ = false;
      return Status::error(ErrorKind::closed, "dropped");
    }
    return r.text;
  }
  Status write(std::string_view data) override {
    if (!open_) return Status::error(ErrorKind::closed, "closed");
    line_.append(data);
    // A line typed: echo it and prompt when the next read says so.
    for (auto nl = line_.find('\n'); nl != std::string::npos; nl = line_.find('\n')) {
      const auto line = line_.substr(0, nl);
      line_.erase(0, nl + 1);
      if (!script_.empty() && script_.front().echo_first) pending_ += line + "\r\nR1#";
    }
    if (line_.size() > 4096) line_.clear();
    return Status::ok();
  }
  Result<std::string> exec(const std::string &, base::Millis) override { return std::string(); }
  void close() override { open_ = false; }
  ErrorKind fault() const override { return ErrorKind::ok; }

 private:
  FuzzClock &clock_;
  std::deque<Read> script_;
  std::string pending_;
  std::string line_;
  bool open_ = false;
};

[[noreturn]] void fail(const char *why, const std::string &message) {
  std::fprintf(stderr, "fuzz_session: %s: %s\n", why, message.c_str());
  std::abort();
}

void check(const Status &st) {
  if (st) return;
  const auto &m = st.message();
  if (m.size() > 4000) fail("message too long", m);  // router text is quoted at ~200 characters
  for (char c : m) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 && b != '\t') || b == 0x7f) fail("raw control byte in the message", m);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  std::deque<Read> script;
  std::size_t i = 0;
  while (i < size) {
    const auto control = data[i++];
    Read r;
    const std::size_t n = std::min<std::size_t>(control & 0x3f, size - i);
    r.text.assign(reinterpret_cast<const char *>(data + i), n);
    i += n;
    r.echo_first = (control & 0x40) != 0;
    r.drop = (control & 0x80) != 0 && n == 0;
    script.push_back(std::move(r));
  }
  FuzzClock clock;
  FuzzTransport transport(clock, std::move(script));
  devices::SessionOptions options;
  options.command_timeout = base::Millis(2000);
  options.login_timeout = base::Millis(2000);
  options.max_output = 4096;
  options.sync_seed = 1;
  options.enable_secret = "secret";
  devices::IosSession session(transport, clock, options);
  check(session.start());
  for (const char *cmd : {"show version", "show license"}) {
    auto out = session.run(cmd);
    if (out && out->size() > options.max_output) std::abort();
    if (!out) check(out.status());
  }
  auto cfg = session.config("license boot level metroaccess");
  if (!cfg) check(cfg.status());
  devices::ReloadOptions reload;
  reload.save = false;
  reload.timeout = base::Millis(3000);
  reload.drop_timeout = base::Millis(2000);
  reload.prompt_grace = base::Millis(1000);
  auto proof = session.reload(reload);
  if (!proof) check(proof.status());
  return 0;
}
