// Test doubles for devices/: a fake clock and FakeRouter, a fault-injecting fake Transport that
// behaves like a small IOS XE CLI (prompts, enable, config mode, paging, dialogs, reload with a
// boot time) so IosSession can be tested without a network, in simulated time.
#pragma once

#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "devices/transport.hpp"

namespace licmig::devices::testing {

class FakeClock final : public base::Clock {
 public:
  base::SteadyTime now() override { return now_; }
  base::WallTime wall_now() override {
    return base::WallTime(std::chrono::seconds(1700000000)) + (now_ - base::SteadyTime());
  }
  void sleep_for(base::Millis d) override {
    now_ += d;
    slept += d;
  }
  void advance(base::Millis d) { now_ += d; }
  base::Millis slept{0};

 private:
  base::SteadyTime now_{std::chrono::hours(1000)};
};

inline std::string read_text_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct RouterFaults {
  int drop_after_commands = -1;  // the connection drops while running command N (0-based; empty lines do not count)
  bool silent_command = false;   // `show hang` never returns a prompt
  bool refuse_reload = false;    // confirms, then returns to the prompt
  bool reload_keeps_session = false;  // confirms, prints nothing, never drops
  bool fake_reload = false;           // drops, comes back, but uptime is not reset
  bool wrong_reload_reason = false;   // comes back with "Last reload reason: PowerOn"
  bool never_return = false;          // after a reload the port stays closed
  bool auth_fail_after_reload = false;
  bool host_key_changed_after_reload = false;
  bool crlf = true;        // lines end in \r\n
  bool ansi_more = false;  // --More-- in reverse video, erased with \r
  bool overwrite_on_reload = false;
  bool chatter_after_comment = false;
  bool reject_comments =
      false;  // `!` lines get `% Invalid input` (a router without exec comments)  // a `!` comment line is answered
              // with text before the prompt  // `reload` asks "Overwrite the previous NVRAM configuration?[confirm]"
};

class FakeRouter final : public Transport {
 public:
  explicit FakeRouter(FakeClock &clock) : clock_(clock) {
    show_version_ =
        read_text_file(std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/show_version/asr920_17_06_01_permanent.txt");
    // Drop the captured echo line and the trailing prompt: the fake prints its own.
    show_version_ = show_version_.substr(show_version_.find('\n') + 1);
    show_version_ = show_version_.substr(0, show_version_.rfind("PE-920-01#"));
    boot_at_ = clock_.now() - std::chrono::hours(24 * 400);
  }

  // --- configuration ---------------------------------------------------------------------
  std::string hostname = "R1";
  std::string enable_secret = "En4ble!";
  std::string banner = "\r\n\r\nAuthorized access only\r\n";
  bool start_privileged = false;
  base::Millis boot_time{60000};
  RouterFaults faults;
  std::map<std::string, std::string> outputs = {
      {"show license", "Index 1 Feature: advancedmetroipaccess\n        Period left: Life time\n"}};
  std::vector<ErrorKind> open_faults;  // scripted failures of the next open() calls

  // --- observation -------------------------------------------------------------------------
  std::vector<std::string> lines_received;  // every line typed, secrets included
  std::string typed;                        // every byte written
  int opens = 0;
  int reloads = 0;
  bool saved = false;
  bool modified = false;
  int terminal_length = 24;

  // --- Transport -----------------------------------------------------------------------------
  std::string peer() const override { return "fake:22"; }

  Status open() override {
    if (!open_faults.empty()) {
      auto f = open_faults.front();
      open_faults.erase(open_faults.begin());
      return fail(f, std::string("scripted: ") + to_string(f));
    }
    if (down()) return fail(ErrorKind::refused, "connection refused by fake:22");
    if (reloads > 0 && faults.auth_fail_after_reload)
      return fail(ErrorKind::auth_failed, "authentication failed for admin@fake:22");
    if (reloads > 0 && faults.host_key_changed_after_reload) {
      return fail(ErrorKind::host_key_changed,
                  "host key for fake has changed: SHA256:old, the router offers SHA256:new");
    }
    ++opens;
    open_ = true;
    mode_ = start_privileged ? Mode::priv : Mode::user;
    terminal_length = 24;
    state_ = State::line;
    out_.clear();
    emit(banner);
    emit_prompt();
    fault_ = ErrorKind::ok;
    return Status::ok();
  }

  Status probe(base::Millis) override {
    if (down()) return fail(ErrorKind::refused, "connection refused by fake:22");
    return Status::ok();
  }

  bool is_open() const override { return open_; }

  Result<std::string> read(base::Millis wait) override {
    if (!out_.empty()) {
      auto chunk = out_.front();
      out_.pop_front();
      return chunk;
    }
    if (drop_pending_ || !open_) {
      drop_pending_ = false;
      open_ = false;
      return fail(ErrorKind::closed, "the connection to fake:22 was closed");
    }
    clock_.advance(wait);
    return std::string();
  }

  Status write(std::string_view data) override {
    if (!open_) return fail(ErrorKind::closed, "not connected");
    typed.append(data);
    for (char c : data) key(c);
    return Status::ok();
  }

  Result<std::string> exec(const std::string &command, base::Millis) override {
    auto it = outputs.find(command);
    return it == outputs.end() ? std::string("% Invalid input\n") : it->second;
  }

  void close() override {
    open_ = false;
    out_.clear();
  }

  ErrorKind fault() const override { return fault_; }

  // Splits what the router says into reads of at most `n` bytes (0: one read per emit).
  std::size_t chunk_size = 0;

 private:
  enum class Mode { user, priv, config, config_if };
  enum class State { line, password, more, save, confirm_reload, dest_filename, erase_confirm };

  Status fail(ErrorKind f, std::string m) {
    fault_ = f;
    return Status::error(f, std::move(m));
  }

  bool down() const { return faults.never_return ? reloads > 0 : clock_.now() < up_at_; }

  std::string nl() const { return faults.crlf ? "\r\n" : "\n"; }

  void emit(std::string text) {
    if (faults.crlf) {
      std::string t;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) t += '\r';
        t += text[i];
      }
      text = t;
    }
    // A \x01 in scripted output ends a read there (and is not sent).
    if (const auto cut = text.find('\x01'); cut != std::string::npos) {
      emit(text.substr(0, cut));
      emit(text.substr(cut + 1));
      return;
    }
    if (text.empty()) return;
    if (chunk_size == 0) {
      out_.push_back(text);
      return;
    }
    for (std::size_t i = 0; i < text.size(); i += chunk_size) out_.push_back(text.substr(i, chunk_size));
  }

  std::string prompt() const {
    switch (mode_) {
      case Mode::user: return hostname + ">";
      case Mode::priv: return hostname + "#";
      case Mode::config: return hostname + "(config)#";
      case Mode::config_if: return hostname + "(config-if)#";
    }
    return hostname + ">";
  }

  void emit_prompt() { emit(prompt()); }

  void key(char c) {
    if (state_ == State::more) {
      if (c == ' ') {
        emit(faults.ansi_more ? std::string("\r          \r")
                              : std::string(9, '\b') + std::string(9, ' ') + std::string(9, '\b'));
        page();
      } else if (c == 'q' || c == '\x03') {
        pending_.clear();
        state_ = State::line;
        emit("\n");
        emit_prompt();
      }
      return;
    }
    if (c == '\x03') {
      input_.clear();
      state_ = State::line;
      emit("^C\n");
      emit_prompt();
      return;
    }
    if (c == '\r') return;
    if (c != '\n') {
      input_ += c;
      if (state_ == State::confirm_reload || state_ == State::erase_confirm) {
        // [confirm]: any key but Enter or y cancels.
        if (c != 'y') {
          input_.clear();
          state_ = State::line;
          emit("\n");
          emit_prompt();
        }
      }
      return;
    }
    auto line = input_;
    input_.clear();
    lines_received.push_back(line);
    answer(line);
  }

  void answer(const std::string &line) {
    switch (state_) {
      case State::password: return password(line);
      case State::save:
        emit(line + "\n");
        if (line == "yes") {
          saved = true;
          modified = false;
          emit("Building configuration...\n[OK]\n");
        }
        state_ = State::confirm_reload;
        emit("Proceed with reload? [confirm]");
        return;
      case State::confirm_reload: return do_reload();
      case State::erase_confirm:
        state_ = State::line;
        emit("\nErasing nvram: complete\n");
        emit_prompt();
        return;
      case State::dest_filename:
        state_ = State::line;
        saved = true;
        modified = false;
        emit("\nBuilding configuration...\n[OK]\n");
        emit_prompt();
        return;
      case State::more:
      case State::line: break;
    }
    emit(line + "\n");                      // echo
    if (!line.empty() && line[0] == '!') {  // a comment (licmig's sync marker)
      if (faults.chatter_after_comment) emit("Building configuration...\n");
      if (faults.reject_comments) return invalid(line, 0);
      return emit_prompt();
    }
    if (faults.drop_after_commands >= 0 && !line.empty() && commands_++ == faults.drop_after_commands) {
      emit("Building something long...\n");
      drop_pending_ = true;
      return;
    }
    command(line);
  }

  void password(const std::string &secret) {
    emit("\n");
    if (secret == enable_secret) {
      state_ = State::line;
      mode_ = Mode::priv;
      emit_prompt();
      return;
    }
    if (++bad_tries_ >= 3) {
      bad_tries_ = 0;
      state_ = State::line;
      emit("% Bad secrets\n\n");
      emit_prompt();
      return;
    }
    emit("Password: ");
  }

  void command(const std::string &line) {
    if (line.empty()) return emit_prompt();
    const bool config = mode_ == Mode::config || mode_ == Mode::config_if;
    if (line.rfind("terminal length ", 0) == 0) {
      terminal_length = std::stoi(line.substr(16));
      return emit_prompt();
    }
    if (line.rfind("terminal width ", 0) == 0) return emit_prompt();
    if (line == "enable") {
      if (mode_ != Mode::user) return emit_prompt();
      state_ = State::password;
      return emit("Password: ");
    }
    if (config) return config_command(line);
    if (line == "configure terminal") {
      if (mode_ == Mode::user) return invalid(line, 0);
      mode_ = Mode::config;
      emit("Enter configuration commands, one per line.  End with CNTL/Z.\n");
      return emit_prompt();
    }
    if (line == "show hang" && faults.silent_command) return emit("working...\n");
    if (line == "show version") return paged(version_text());
    if (line == "show running-config") return paged(running_config());
    if (line == "copy running-config startup-config") {
      state_ = State::dest_filename;
      return emit("Destination filename [startup-config]? ");
    }
    if (line == "write memory") {
      saved = true;
      modified = false;
      emit("Building configuration...\n[OK]\n");
      return emit_prompt();
    }
    if (line == "clear counters") {
      state_ = State::erase_confirm;
      return emit("Clear \"show interface\" counters on all interfaces [confirm]");
    }
    if (line == "erase nvram:") {
      state_ = State::erase_confirm;
      return emit("Erasing the nvram filesystem will remove all configuration files! Continue? [confirm]");
    }
    if (line == "reload") {
      if (mode_ == Mode::user) return invalid(line, 0);
      if (faults.overwrite_on_reload) {
        state_ = State::erase_confirm;
        return emit("Erase of nvram: complete\nOverwrite the previous NVRAM configuration?[confirm]");
      }
      if (modified) {
        state_ = State::save;
        return emit("\nSystem configuration has been modified. Save? [yes/no]: ");
      }
      state_ = State::confirm_reload;
      return emit("Proceed with reload? [confirm]");
    }
    auto it = outputs.find(line);
    if (it != outputs.end()) return paged(it->second);
    if (line == "show") {
      emit("% Incomplete command.\n\n");
      return emit_prompt();
    }
    return invalid(line, 5);
  }

  void config_command(const std::string &line) {
    if (line == "end") {
      mode_ = Mode::priv;
      return emit_prompt();
    }
    if (line == "exit") {
      mode_ = mode_ == Mode::config_if ? Mode::config : Mode::priv;
      return emit_prompt();
    }
    if (line.rfind("hostname ", 0) == 0) {
      hostname = line.substr(9);
      modified = true;
      return emit_prompt();
    }
    if (line.rfind("interface ", 0) == 0) {
      mode_ = Mode::config_if;
      return emit_prompt();
    }
    if (line.rfind("license boot level ", 0) == 0 || line.rfind("description ", 0) == 0 ||
        line.rfind("username ", 0) == 0 || line.rfind("license smart register idtoken ", 0) == 0) {
      modified = true;
      if (line.find("metroaccess") != std::string::npos)
        emit("% use 'write' command to make license boot config take effect on next boot\n");
      return emit_prompt();
    }
    if (line == "license boot") {
      emit("% Incomplete command.\n\n");
      return emit_prompt();
    }
    if (line == "l") {
      emit("% Ambiguous command:  \"l\"\n");
      return emit_prompt();
    }
    return invalid(line, 0);
  }

  void invalid(const std::string &line, std::size_t at) {
    (void)line;
    emit(std::string(prompt().size() + at, ' ') + "^\n% Invalid input detected at '^' marker.\n\n");
    emit_prompt();
  }

  void paged(const std::string &text) {
    pending_.clear();
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) pending_.push_back(l);
    page();
  }

  void page() {
    const std::size_t rows = terminal_length == 0 ? pending_.size() : static_cast<std::size_t>(terminal_length - 1);
    std::string out;
    std::size_t n = 0;
    while (!pending_.empty() && n < rows) {
      out += pending_.front() + "\n";
      pending_.pop_front();
      ++n;
    }
    if (!pending_.empty()) {
      state_ = State::more;
      emit(out + (faults.ansi_more ? " \x1b[7m--More--\x1b[27m" : " --More-- "));
      return;
    }
    state_ = State::line;
    emit(out);
    emit_prompt();
  }

  std::string version_text() const {
    auto text = show_version_;
    const auto up = std::chrono::duration_cast<std::chrono::minutes>(clock_.now() - boot_at_).count();
    std::string uptime;
    if (up >= 60 * 24) uptime = std::to_string(up / (60 * 24)) + " days, ";
    uptime += std::to_string(up % (60 * 24) / 60) + " hours, " + std::to_string(up % 60) + " minutes";
    replace_line(text, "PE-920-01 uptime is ", hostname + " uptime is " + uptime);
    replace_line(text, "Last reload reason:", std::string("Last reload reason: ") + reason_);
    return text;
  }

  static void replace_line(std::string &text, const std::string &start, const std::string &with) {
    const auto at = text.find(start);
    if (at == std::string::npos) return;
    text.replace(at, text.find('\n', at) - at, with);
  }

  std::string running_config() const {
    std::string out =
        "Building configuration...\n\nCurrent configuration : 120 bytes\n!\nhostname " + hostname + "\n!\n";
    for (int i = 0; i < 40; ++i) out += "interface GigabitEthernet0/0/" + std::to_string(i) + "\n no ip address\n!\n";
    return out + "end\n";
  }

  void do_reload() {
    state_ = State::line;
    if (faults.refuse_reload) {
      emit("\n% Reload aborted\n");
      return emit_prompt();
    }
    if (faults.reload_keeps_session) return;
    emit(
        "\n\n*Jan  1 00:00:00.000: %SYS-5-RELOAD: Reload requested by admin on vty0. Reload Reason: Reload Command.\n");
    drop_pending_ = true;
    ++reloads;
    up_at_ = clock_.now() + boot_time;
    if (!faults.fake_reload) boot_at_ = up_at_;
    reason_ = faults.wrong_reload_reason ? "PowerOn" : "Reload Command";
    mode_ = Mode::user;
  }

  FakeClock &clock_;
  ErrorKind fault_ = ErrorKind::ok;
  bool open_ = false;
  bool drop_pending_ = false;
  Mode mode_ = Mode::user;
  State state_ = State::line;
  std::string input_;
  std::deque<std::string> out_;
  std::deque<std::string> pending_;
  std::string show_version_;
  std::string reason_ = "PowerOn";
  base::SteadyTime boot_at_;
  base::SteadyTime up_at_{};
  int commands_ = 0;
  int bad_tries_ = 0;
};

}  // namespace licmig::devices::testing
