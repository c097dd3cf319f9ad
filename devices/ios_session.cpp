// IosSession: prompts, commands, modes, dialogs and reload with proof over a Transport.
#include "devices/ios_session.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "base/printable.hpp"
#include "base/text.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::devices {

namespace {

using std::chrono::duration_cast;

bool contains_ci(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != hay.end();
}

// The `%` error line of `output`, or nullopt; with the command and the width of the prompt it was
// typed after, the word the caret line points at is added. With `any_percent`
// every `%` line that is not a syslog message counts; else only the CLI's syntax errors.
std::optional<std::string> find_error(std::string_view output, bool any_percent, std::string_view command = {},
                                      std::size_t prompt_width = std::string_view::npos) {
  const auto lines = base::split_lines(output);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto line = base::trim_view(lines[i]);
    if (line.empty() || line[0] != '%' || snapshot::is_syslog_line(line)) continue;
    if (!any_percent && !snapshot::is_ios_error_line(line)) continue;
    std::string text = base::quote_router_text(line);
    // The caret line above points at the offending word: name it.
    if (i > 0 && base::trim_view(lines[i - 1]) == "^" && prompt_width != std::string_view::npos) {
      const auto col = lines[i - 1].find('^');
      if (col >= prompt_width && col - prompt_width < command.size()) {
        text += " (at '" + std::string(command.substr(col - prompt_width)) + "')";
      }
    }
    return text;
  }
  return std::nullopt;
}

std::size_t prompt_width(const Prompt &p) {
  if (p.hostname.empty()) return std::string_view::npos;
  return p.hostname.size() + 1 + (p.submode.empty() ? 0 : p.submode.size() + 2);
}

std::string seconds_text(base::Millis ms) { return std::to_string((ms.count() + 999) / 1000) + " s"; }

std::string last_line_of(std::string_view raw) {
  if (raw.size() > 4096) raw = raw.substr(raw.size() - 4096);
  auto text = strip_terminal_controls(raw);
  auto t = base::trim_view(text);
  auto nl = t.rfind('\n');
  return std::string(nl == std::string_view::npos ? t : base::trim_view(t.substr(nl + 1)));
}

}  // namespace

std::optional<Prompt> parse_prompt(std::string_view line) {
  // A live prompt starts at the first column and nothing is typed after it yet.
  if (line.empty() || line.size() > 128 || line.front() == ' ' || line.front() == '\t') return std::nullopt;
  auto parsed = snapshot::parse_prompt_line(line);
  if (!parsed || !parsed->command.empty()) return std::nullopt;
  Prompt p;
  p.hostname = std::move(parsed->hostname);
  p.submode = std::move(parsed->submode);
  p.mode = !p.submode.empty() ? CliMode::config : parsed->privileged ? CliMode::privileged : CliMode::user;
  return p;
}

std::optional<std::string> syntax_error(std::string_view output) { return find_error(output, false); }

std::string clean_output(std::string_view raw, std::string_view command) {
  const auto text = strip_terminal_controls(raw);
  auto lines = base::split_lines(text);
  // The unfinished last line is the prompt.
  if (!lines.empty() && parse_prompt(lines.back())) lines.pop_back();
  std::size_t first = 0;
  const auto cmd = base::trim_view(command);
  if (!lines.empty() && !cmd.empty() && base::ends_with(base::trim_view(lines[0]), cmd)) first = 1;
  std::string out;
  for (std::size_t i = first; i < lines.size(); ++i) {
    out.append(lines[i]);
    out.push_back('\n');
  }
  // A final empty line stands for the newline before the prompt.
  if (lines.size() > first && lines.back().empty() && !out.empty()) out.pop_back();
  return out;
}

IosSession::IosSession(Transport &transport, base::Clock &clock, SessionOptions options)
    : transport_(transport), clock_(clock), options_(std::move(options)) {
  rng_.seed(options_.sync_seed != 0 ? options_.sync_seed
                                    : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}());
}

void IosSession::set_transcript(Transcript *transcript) {
  transcript_ = transcript;
  if (transcript_ && options_.enable_secret) transcript_->add_secret(*options_.enable_secret);
}

Status IosSession::fail(ErrorKind fault, std::string message) {
  if (fault == ErrorKind::ok) fault = ErrorKind::failed;
  fault_ = fault;
  if (transcript_) transcript_->note("error: " + message);
  return Status::error(fault, std::move(message));
}

Status IosSession::send(std::string_view text) {
  if (auto st = transport_.write(text); !st) return fail(st.kind(), st.message());
  return Status::ok();
}

namespace {

// The unfinished last line of `raw` (from `line_at`) as a terminal shows it, looked at through a
// window of its last k_tail_window bytes: a prompt or a question is far shorter, and a line without
// newlines that grows by every read is not scanned again from its start (linear in the output).
constexpr std::size_t k_tail_window = 4096;

std::string visible_tail(std::string_view raw, std::size_t line_at) {
  auto tail = raw.substr(std::min(line_at, raw.size()));
  if (tail.size() > k_tail_window) tail = tail.substr(tail.size() - k_tail_window);
  return strip_terminal_controls(tail);
}

// What the router may print between the echo of the sync marker and the prompt that answers it:
// nothing, blank lines, or a `%` line with its caret line (a router that does not take `!` comments in
// exec mode answers `% Invalid input detected at '^' marker.`).
bool only_marker_answer(std::string_view text) {
  const auto shown = strip_terminal_controls(text);
  for (const auto line : base::split_lines(shown)) {
    const auto t = base::trim_view(line);
    if (!t.empty() && t.front() != '%' && t != "^") return false;
  }
  return true;
}

}  // namespace

std::string IosSession::next_marker() {
  static constexpr char hex[] = "0123456789abcdef";
  std::string m = k_sync_marker_prefix;
  auto x = rng_();
  for (int i = 0; i < 12; ++i, x >>= 4) m.push_back(hex[x & 0xf]);
  return m;
}

Status IosSession::wait_for_prompt(Exchange &ex, const std::string &what, const DialogPolicy &policy,
                                   base::Millis timeout, bool *confirmed) {
  const auto deadline = clock_.now() + timeout;
  auto last_data = clock_.now();
  for (;;) {
    const auto left = base::remaining(clock_, deadline);
    if (left.count() == 0) {
      auto seen = last_line_of(ex.raw);
      return fail(ErrorKind::timed_out,
                  what + ": no prompt from " + transport_.peer() + " within " + seconds_text(timeout) +
                      (ex.marker.empty() ? "" : " after the sync marker") +
                      (seen.empty() ? "" : " (last line: '" + base::quote_router_text(seen) + "')"));
    }
    auto chunk = transport_.read(std::min(options_.poll, left));
    if (!chunk) {
      return fail(chunk.status().kind(), what + ": " + chunk.error_message());
    }
    if (!chunk->empty()) {
      if (ex.raw.size() + chunk->size() > options_.max_output) {
        // The rest of this output would reach the next command: the session cannot go on.
        if (transcript_) transcript_->received(*chunk);
        transport_.close();
        prompt_ = Prompt{};
        return fail(ErrorKind::protocol, what + ": the router's output exceeds the limit of " +
                                             std::to_string(options_.max_output) +
                                             " bytes (--max-output); the session was closed");
      }
      const auto old_size = ex.raw.size();
      ex.raw += *chunk;
      if (transcript_) transcript_->received(*chunk);
      last_data = clock_.now();
      if (const auto nl = chunk->rfind('\n'); nl != std::string::npos) ex.line_at = old_size + nl + 1;
    }
    if (!ex.marker.empty()) {
      // Synchronising: the command has ended at the prompt before the echo of our marker line.
      if (ex.echo_at == std::string::npos) {
        const auto from = std::max(ex.marker_sent_at, ex.search_at);
        const auto at = ex.raw.find(ex.marker, from);
        if (at == std::string::npos) {
          if (ex.raw.size() >= ex.marker.size()) ex.search_at = ex.raw.size() - ex.marker.size() + 1;
          const auto tail = visible_tail(ex.raw, ex.line_at);
          if (match_dialog(tail) && clock_.now() - last_data >= options_.settle) {
            transport_.close();
            prompt_ = Prompt{};
            return fail(ErrorKind::protocol, what + ": lost synchronisation with the router: a question ('" +
                                                 base::quote_router_text(base::trim_view(tail)) +
                                                 "') came after a prompt; the session was closed");
          }
          continue;
        }
        // The echo line must be a prompt and our marker: `R1#!licmig-sync 1a2b...`.
        const auto back = at > k_tail_window ? at - k_tail_window : 0;
        const auto nl = ex.raw.rfind('\n', at);
        const auto line_start = nl == std::string::npos || nl < back ? back : nl + 1;
        const auto before = strip_terminal_controls(std::string_view(ex.raw).substr(line_start, at - line_start));
        auto p = parse_prompt(before);
        if (!p) {
          transport_.close();
          prompt_ = Prompt{};
          return fail(ErrorKind::protocol, what +
                                               ": lost synchronisation with the router: the sync marker's echo "
                                               "followed '" +
                                               base::quote_router_text(before) +
                                               "', not a prompt; the session was closed");
        }
        ex.echo_at = at;
        ex.echo_prompt = *p;
      }
      // Then the prompt that answers the marker, and nothing else.
      const auto echo_end = ex.raw.find('\n', ex.echo_at);
      if (echo_end == std::string::npos || ex.line_at <= echo_end) continue;
      auto p = parse_prompt(visible_tail(ex.raw, ex.line_at));
      if (!p) continue;
      const auto between = std::string_view(ex.raw).substr(echo_end + 1, ex.line_at - echo_end - 1);
      if (p->hostname != ex.echo_prompt.hostname || p->mode != ex.echo_prompt.mode || !only_marker_answer(between)) {
        transport_.close();
        prompt_ = Prompt{};
        return fail(ErrorKind::protocol,
                    what + ": lost synchronisation with the router: after the sync marker it printed '" +
                        base::quote_router_text(base::trim_view(between)) + "'; the session was closed");
      }
      prompt_ = ex.echo_prompt;
      ex.prompt = true;
      ex.raw.resize(ex.echo_at);  // the output and the prompt line it ended with
      return Status::ok();
    }
    if (ex.nudge_at && clock_.now() >= *ex.nudge_at) {
      ex.nudge_at.reset();
      if (auto st = send("\n"); !st) return st;
    }
    if (ex.line_at >= ex.raw.size()) continue;
    const auto tail = visible_tail(ex.raw, ex.line_at);
    const bool quiet = clock_.now() - last_data >= options_.settle;
    if (parse_prompt(tail)) {
      // Prompt-like text: it may be the prompt, or text inside the output. Send the marker line
      // (an IOS comment) and believe the prompt that its echo follows.
      ex.marker = next_marker();
      ex.marker_sent_at = ex.raw.size();
      ex.search_at = ex.raw.size();
      if (auto st = transport_.write(ex.marker + "\n"); !st) {
        // The router dropped the session right after its output: say so as a read would.
        return fail(st.kind(),
                    what + ": " +
                        (st.kind() == ErrorKind::closed ? "the connection to " + transport_.peer() + " was closed"
                                                        : st.message()));
      }
      continue;
    }
    if (ex.password_prompt_ok && base::ends_with(base::trim_view(tail), "Password:")) {
      ex.password = true;
      return Status::ok();
    }
    const auto *rule = match_dialog(tail);
    if (!rule || (rule->answer == DialogAnswer::abort && !quiet)) continue;
    const auto reply = answer_dialog(*rule, policy);
    const std::string question = base::quote_router_text(base::trim_view(tail));
    if (reply.send) {
      if (rule->answer == DialogAnswer::next_page) {
        ex.raw.erase(ex.line_at);
      } else {
        ex.raw += "\n";
        ex.line_at = ex.raw.size();
      }
      if (rule->answer == DialogAnswer::confirm_reload && confirmed) *confirmed = true;
      if (transcript_ && rule->answer != DialogAnswer::next_page)
        transcript_->note("answered '" + question + "' (" + rule->name + ")" + (reply.fail ? " with no" : ""));
      if (auto st = send(*reply.send); !st) return st;
      if (!reply.fail) continue;
      Exchange drain;
      (void)wait_for_prompt(drain, what, DialogPolicy{}, std::min(timeout, base::Millis(5000)));
      return fail(ErrorKind::failed, what + ": " + reply.why + ": '" + question + "'");
    }
    // A question we must not answer: abort it with Ctrl-C and let the prompt come back.
    (void)send("\x03");
    Exchange drain;
    (void)wait_for_prompt(drain, what, DialogPolicy{}, std::min(timeout, base::Millis(5000)));
    return fail(ErrorKind::failed, what + ": " + reply.why + ": '" + question + "' (aborted)");
  }
}

Result<std::string> IosSession::command(const std::string &command, const DialogPolicy &policy, base::Millis timeout) {
  if (!transport_.is_open()) {
    // Once the session has started, a transport that is no longer open was closed under us.
    const bool started = prompt_.mode != CliMode::unknown;
    return fail(ErrorKind::closed, "'" + command + "': " +
                                       (started ? "the connection to " + transport_.peer() + " was closed"
                                                : "not connected to " + transport_.peer()));
  }
  if (auto st = send(command + "\n"); !st) return st;
  Exchange ex;
  if (auto st = wait_for_prompt(ex, "'" + command + "'", policy, timeout); !st) return st;
  fault_ = ErrorKind::ok;
  return clean_output(ex.raw, command);
}

Result<std::string> IosSession::run_raw(const std::string &cmd, const DialogPolicy &policy) {
  return command(cmd, policy, options_.command_timeout);
}

Result<std::string> IosSession::run_raw_within(const std::string &cmd, base::Millis timeout,
                                               const DialogPolicy &policy) {
  return command(cmd, policy, timeout);
}

Result<std::string> IosSession::run(const std::string &cmd, const DialogPolicy &policy) {
  const auto width = prompt_width(prompt_);
  auto out = command(cmd, policy, options_.command_timeout);
  if (!out) return out;
  if (auto err = find_error(*out, false, cmd, width)) return fail(ErrorKind::ios_error, "'" + cmd + "': " + *err);
  return out;
}

Status IosSession::learn_prompt() {
  // Most routers print the prompt by themselves after the banner; one that has not after a moment
  // gets an empty line. A prompt-looking last line (a banner can hold one) is believed only once
  // the sync marker's echo follows it, like at the end of every command.
  Exchange ex;
  ex.nudge_at = clock_.now() + std::min(options_.login_timeout, base::Millis(1000) + options_.settle);
  return wait_for_prompt(ex, "login", {}, options_.login_timeout);
}

Status IosSession::start() {
  fault_ = ErrorKind::ok;
  if (!transport_.is_open()) {
    if (auto st = transport_.open(); !st) return fail(st.kind(), st.message());
  }
  if (transcript_) transcript_->note("connected to " + transport_.peer());
  prompt_ = Prompt{};
  if (auto st = learn_prompt(); !st) return st;
  if (options_.set_terminal) {
    for (const char *cmd : {"terminal length 0", "terminal width 511"}) {
      auto out = run(cmd);
      if (!out) return out.status();
    }
  }
  if (options_.enable_secret && prompt_.mode == CliMode::user) return enable();
  return Status::ok();
}

Status IosSession::enable() {
  if (prompt_.mode == CliMode::privileged || prompt_.mode == CliMode::config) return Status::ok();
  if (prompt_.mode == CliMode::unknown) return fail(ErrorKind::failed, "enable: the session has not started");
  if (auto st = send("enable\n"); !st) return st;
  std::string router_text;
  for (int attempt = 0; attempt < 4; ++attempt) {
    Exchange ex;
    ex.password_prompt_ok = true;
    if (auto st = wait_for_prompt(ex, "enable", {}, options_.command_timeout); !st) return st;
    router_text += strip_terminal_controls(ex.raw);
    if (ex.prompt) break;
    // Password: asked. Without a secret, answer empty lines until the router gives up.
    if (transcript_) transcript_->note(options_.enable_secret ? "sent the enable secret" : "no enable secret to send");
    if (auto st = send((options_.enable_secret ? *options_.enable_secret : std::string()) + "\n"); !st) return st;
  }
  if (prompt_.mode == CliMode::privileged) return Status::ok();
  std::string why = options_.enable_secret ? "the router refused the enable secret"
                                           : "the router asks for an enable secret and none was given";
  if (auto err = find_error(router_text, true)) why += " (" + *err + ")";
  return fail(ErrorKind::auth_failed, "enable: " + why);
}

Status IosSession::enter_config() {
  if (prompt_.mode == CliMode::config) return Status::ok();
  if (auto st = enable(); !st) return st;
  auto out = run("configure terminal");
  if (!out) return out.status();
  if (prompt_.mode != CliMode::config)
    return fail(ErrorKind::failed, "'configure terminal': the router did not enter configuration mode");
  return Status::ok();
}

Status IosSession::leave_config() {
  if (prompt_.mode != CliMode::config) return Status::ok();
  auto out = command("end", {}, options_.command_timeout);
  if (!out) return out.status();
  if (prompt_.mode == CliMode::config) return fail(ErrorKind::failed, "'end': the router stayed in configuration mode");
  return Status::ok();
}

Result<std::string> IosSession::config(const std::string &line) {
  if (auto st = enter_config(); !st) return st;
  const auto cmd = base::trim_view(line);
  const auto width = prompt_width(prompt_);
  auto out = command(line, {}, options_.command_timeout);
  if (!out) return out;
  if (auto err = find_error(*out, true, line, width))
    return fail(ErrorKind::ios_error, "'" + std::string(cmd) + "': " + *err);
  return out;
}

Status IosSession::configure(const std::vector<std::string> &lines) {
  if (auto st = enter_config(); !st) return st;
  for (const auto &line : lines) {
    auto out = config(line);
    if (!out) {
      const auto error = out.status();
      const auto keep = fault_;
      if (transport_.is_open()) (void)leave_config();
      fault_ = keep;
      return error;
    }
  }
  return leave_config();
}

void IosSession::close() {
  if (transcript_) transcript_->note("closing the session");
  transport_.close();
  prompt_ = Prompt{};
}

Result<ReloadProof> IosSession::reload(const ReloadOptions &options) {
  reload_confirmed_ = false;
  if (auto st = leave_config(); !st) return st;
  if (auto st = enable(); !st) return st;
  const auto started = clock_.now();
  if (transcript_) {
    transcript_->note(std::string("reload requested; save: ") +
                      (options.save ? (*options.save ? "yes" : "no") : "not decided"));
  }
  if (auto st = send("reload\n"); !st) return st;
  Exchange ex;
  bool confirmed = false;
  auto st = wait_for_prompt(ex, "reload", DialogPolicy{options.save, true}, options.drop_timeout, &confirmed);
  reload_confirmed_ = confirmed;
  if (st) {
    // The prompt came back. Before the confirmation that means the router would not reload.
    if (!confirmed) {
      auto out = clean_output(ex.raw, "reload");
      auto said = base::trim_view(out);
      return fail(ErrorKind::failed,
                  "reload did not happen: the router returned to its prompt without asking to confirm" +
                      (said.empty() ? std::string() : " ('" + base::quote_router_text(said) + "')"));
    }
    // After it, a drop may still follow shortly.
    const auto grace_end = clock_.now() + options.prompt_grace;
    for (;;) {
      const auto left = base::remaining(clock_, grace_end);
      if (left.count() == 0) {
        return fail(ErrorKind::failed,
                    "reload did not happen: the router confirmed the reload but the session stayed open for " +
                        seconds_text(options.prompt_grace));
      }
      auto chunk = transport_.read(std::min(options_.poll, left));
      if (!chunk) break;
      if (transcript_ && !chunk->empty()) transcript_->received(*chunk);
    }
  } else if (fault_ == ErrorKind::closed) {
    if (!confirmed) return fail(ErrorKind::closed, "reload: the connection closed before the reload was confirmed");
  } else if (fault_ == ErrorKind::timed_out && confirmed) {
    return fail(ErrorKind::failed, "reload did not happen: the session did not drop within " +
                                       seconds_text(options.drop_timeout) + " of the confirmation");
  } else {
    return st;
  }
  if (transcript_) {
    transcript_->note("session dropped; waiting up to " + seconds_text(options.timeout) + " for the router to return");
  }
  transport_.close();
  prompt_ = Prompt{};
  return prove_reload(options, started, 0);
}

Result<ReloadProof> IosSession::prove_reload(const ReloadOptions &options, base::SteadyTime started, int attempts) {
  const auto deadline = started + options.timeout;
  const auto interval = std::clamp(options.poll_interval, base::Millis(1), base::Millis(1000));
  std::string last_error = "no attempt";
  for (;;) {
    if (clock_.now() >= deadline) {
      return fail(ErrorKind::timed_out, "reload: " + transport_.peer() + " did not come back within " +
                                            seconds_text(options.timeout) + " (" + std::to_string(attempts) +
                                            " attempts; last: " + last_error + ")");
    }
    const auto tick = clock_.now() + interval;
    ++attempts;
    auto probe = transport_.probe(std::min(interval, base::remaining(clock_, deadline)));
    if (probe) {
      auto st = start();
      if (st) break;
      const auto f = fault_;
      if (f == ErrorKind::auth_failed || f == ErrorKind::host_key_changed || f == ErrorKind::host_key_unknown) {
        return fail(f, "after the reload: " + st.message());
      }
      last_error = st.message();
      transport_.close();
    } else {
      last_error = probe.message();
    }
    clock_.sleep_for(std::min(base::remaining(clock_, tick), base::remaining(clock_, deadline)));
  }
  ReloadProof proof;
  proof.connect_attempts = attempts;
  proof.elapsed = duration_cast<base::Millis>(clock_.now() - started);
  if (transcript_) transcript_->note("back after " + seconds_text(proof.elapsed) + "; checking show version");
  auto out = run("show version");
  if (!out) return out.status();
  auto version = snapshot::parse_show_version(*out);
  if (!version.recognised() || !version.value.uptime_seconds) {
    return fail(ErrorKind::failed, "after the reload: cannot read the uptime from 'show version'" +
                                       (version.reason.empty() ? std::string() : ": " + version.reason));
  }
  proof.uptime_seconds = *version.value.uptime_seconds;
  proof.uptime = version.value.uptime.value_or("");
  proof.last_reload_reason = version.value.last_reload_reason.value_or(version.value.returned_to_rom_by.value_or(""));
  const auto elapsed = duration_cast<base::Millis>(clock_.now() - started);
  if (proof.uptime_seconds * 1000 >= elapsed.count()) {
    return fail(ErrorKind::failed, "reload did not happen: uptime '" + proof.uptime + "' is not below the " +
                                       seconds_text(elapsed) + " since the reload command");
  }
  if (!contains_ci(proof.last_reload_reason, "reload")) {
    return fail(ErrorKind::failed,
                "reload did not happen: the last reload reason is '" + proof.last_reload_reason + "', not a reload");
  }
  if (transcript_) {
    transcript_->note("reload proven: uptime '" + proof.uptime + "', last reload reason '" + proof.last_reload_reason +
                      "'");
  }
  return proof;
}

}  // namespace licmig::devices
