// CliSessionImpl: bytes to lines, prompts per mode, the dialogs (enable password, save before
// reload, reload confirmation, copy destination), --More-- paging and the per-session faults
// (command delay, drop after N commands).
#include "sim/cli_session.hpp"

#include <algorithm>

#include "sim/render.hpp"
#include "snapshot/text.hpp"

namespace licmig::sim {

namespace {

const std::string k_more = " --More-- ";

std::string erase_more() {
  return std::string(k_more.size(), '\b') + std::string(k_more.size(), ' ') + std::string(k_more.size(), '\b');
}

std::string to_crlf(const std::string &s) {
  std::string out;
  out.reserve(s.size() + s.size() / 16);
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// Puts `text` into `reply`, cut at the markers the commands left in it: after k_pause the rest
// comes k_pause_length later; after k_trickle it comes faults.trickle_chunk_bytes at a time, one
// piece every faults.trickle_interval_ms.
void schedule(const std::string &text, const Faults &faults, Reply &reply) {
  const auto chunk = static_cast<std::size_t>(faults.trickle_chunk_bytes);
  const std::chrono::milliseconds interval{faults.trickle_interval_ms};
  std::string *piece = &reply.text;
  bool trickling = false;
  for (char c : text) {
    if (c == k_pause || c == k_trickle) {
      trickling = trickling || c == k_trickle;
      reply.later.push_back({c == k_pause ? k_pause_length : interval, {}});
      piece = &reply.later.back().text;
      continue;
    }
    if (trickling && piece->size() >= chunk) {
      reply.later.push_back({interval, {}});
      piece = &reply.later.back().text;
    }
    *piece += c;
  }
}

std::vector<std::string> split_lines(const std::string &s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto nl = s.find('\n', start);
    if (nl == std::string::npos) {
      out.push_back(s.substr(start));
      break;
    }
    out.push_back(s.substr(start, nl - start + 1));
    start = nl + 1;
  }
  return out;
}

}  // namespace

CliSessionImpl::CliSessionImpl(Router &router, RouterState &state, Clock::time_point, std::string via,
                               bool exec_channel)
    : router_(router), s_(state), via_(std::move(via)), exec_(exec_channel), generation_(state.generation) {
  if (exec_ || s_.spec.credentials.enable_secret.empty()) mode_ = Mode::priv;
  if (exec_) length_ = 0;
}

std::string CliSessionImpl::start() {
  if (s_.spec.faults.no_prompt) return to_crlf("\nUser Access Verification\n\n");
  return to_crlf("\n" + prompt());
}

bool CliSessionImpl::via_data_port() const {
  if (via_.empty() || via_ == s_.spec.interfaces.management) return false;
  return true;
}

bool CliSessionImpl::closed() const {
  return closed_ || generation_ != s_.generation || (via_data_port() && s_.data_ports_down);
}

std::string CliSessionImpl::prompt() const {
  const auto &h = s_.running.hostname;
  switch (mode_) {
    case Mode::user: return h + ">";
    case Mode::priv: return h + "#";
    case Mode::config: return h + "(config)#";
    case Mode::call_home: return h + "(config-call-home)#";
    case Mode::profile: return h + "(cfg-call-home-profile)#";
    case Mode::interface: return h + "(config-if)#";
  }
  return h + ">";
}

std::string CliSessionImpl::dialog_prompt() const {
  switch (dialog_) {
    case Dialog::enable_password: return "Password: ";
    case Dialog::save_before_reload: return "System configuration has been modified. Save? [yes/no]: ";
    case Dialog::confirm_reload: return "Proceed with reload? [confirm]";
    case Dialog::copy_destination: return "Destination filename [startup-config]? ";
    case Dialog::overwrite_nvram:
      return "Erase of nvram: complete\nOverwrite the previous NVRAM configuration?[confirm]";
    case Dialog::copy_url_destination: return "Destination filename [" + file_name_ + "]? ";
    case Dialog::copy_overwrite: return "Do you want to over write? [confirm]";
    case Dialog::delete_filename: return "Delete filename [" + file_name_ + "]? ";
    case Dialog::delete_confirm: return "Delete bootflash:/" + file_name_ + "? [confirm]";
    case Dialog::none: break;
  }
  return "";
}

std::string CliSessionImpl::finish(std::string out) {
  if (dialog_ != Dialog::none) return out + dialog_prompt();
  if (pull_) return out;  // a copy runs: its end brings the prompt (poll)
  if (closed()) return out;
  if (length_ > 0) {
    auto lines = split_lines(out);
    const auto page = static_cast<std::size_t>(std::max(1, length_ - 1));
    if (lines.size() > page) {
      std::string shown;
      for (std::size_t i = 0; i < page; ++i) shown += lines[i];
      more_lines_.assign(lines.begin() + static_cast<long>(page), lines.end());
      more_ = true;
      return shown + k_more;
    }
  }
  return out + prompt();
}

std::string CliSessionImpl::more_key(char key) {
  std::string out = erase_more();
  std::size_t n = 0;
  if (key == ' ') {
    n = static_cast<std::size_t>(std::max(1, length_ - 1));
  } else if (key == '\r' || key == '\n') {
    n = 1;
  } else {
    more_lines_.clear();  // q or any other key ends the output
  }
  for (std::size_t i = 0; i < n && !more_lines_.empty(); ++i) {
    out += more_lines_.front();
    more_lines_.pop_front();
  }
  if (more_lines_.empty()) {
    more_ = false;
    if (!out.empty() && out.back() != '\n' && key != ' ' && key != '\r' && key != '\n') out += "\n";
    return out + prompt();
  }
  return out + k_more;
}

std::string CliSessionImpl::run_line(const std::string &line, Clock::time_point now) {
  if (dialog_ != Dialog::none) return run_dialog(line, now);
  return run_command(line, now);
}

std::string CliSessionImpl::run_dialog(const std::string &line, Clock::time_point now) {
  const auto answer = base::to_lower(base::trim(line));
  switch (dialog_) {
    case Dialog::enable_password:
      if (line == s_.spec.credentials.enable_secret) {
        dialog_ = Dialog::none;
        mode_ = Mode::priv;
        return "";
      }
      if (++password_tries_ >= 3) {
        dialog_ = Dialog::none;
        return "% Bad secrets\n\n";
      }
      return "";
    case Dialog::save_before_reload:
      if (answer == "yes" || answer == "y") {
        s_.save_config(now);
        dialog_ = Dialog::confirm_reload;
        return "Building configuration...\n[OK]\n";
      }
      if (answer == "no" || answer == "n") {
        dialog_ = Dialog::confirm_reload;
        return "";
      }
      return "% Please answer 'yes' or 'no'.\n";
    case Dialog::confirm_reload:
      dialog_ = Dialog::none;
      if (!(answer.empty() || answer == "y" || answer == "yes" || answer == "confirm")) {
        reload_in_minutes_.reset();
        return "";
      }
      if (reload_in_minutes_) {
        s_.scheduled = ScheduledReload{now + std::chrono::minutes(*reload_in_minutes_),
                                       s_.spec.credentials.username + " on vty0 (192.0.2.1)"};
        reload_in_minutes_.reset();
        return "";
      }
      if (!s_.spec.faults.refuse_reload) reload_pending_ = true;
      return "";
    case Dialog::copy_destination:
      dialog_ = Dialog::none;
      if (answer.empty() || answer == "startup-config" || answer == "nvram:startup-config") {
        s_.save_config(now);
        return "Building configuration...\n[OK]\n";
      }
      return "%Error opening bootflash:" + base::trim(line) + " (Permission denied)\n";
    case Dialog::copy_url_destination:
    case Dialog::delete_filename: return file_dialog(line);
    case Dialog::overwrite_nvram:  // answered by one key in input()
    case Dialog::copy_overwrite:
    case Dialog::delete_confirm:
    case Dialog::none: break;
  }
  return "";
}

void CliSessionImpl::do_reload(Clock::time_point now) {
  s_.reload(now, s_.spec.credentials.username + " on vty0 (192.0.2.1)", true);
  closed_ = true;
}

Reply CliSessionImpl::input(std::string_view bytes, Clock::time_point now) {
  Reply reply;
  s_.tick(now);
  if (closed()) {
    reply.close = true;
    return reply;
  }
  if (s_.spec.faults.no_prompt) return reply;  // never answers
  std::string out;
  const int before = commands_;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (closed()) break;
    if (pull_) {  // a copy runs: what is typed waits for its end
      queued_input_.append(bytes.substr(i));
      break;
    }
    const char c = bytes[i];
    if (skip_lf_ && c == '\n') {
      skip_lf_ = false;
      continue;
    }
    skip_lf_ = c == '\r';
    if (more_) {
      out += more_key(c);
      continue;
    }
    if (dialog_ == Dialog::copy_overwrite || dialog_ == Dialog::delete_confirm) {  // [confirm]: one key
      out += finish(file_key(c));
      continue;
    }
    if (dialog_ == Dialog::overwrite_nvram) {  // [confirm]: one key
      if (c == '\r' || c == '\n' || c == 'y' || c == 'Y') {
        s_.startup = Config{};  // erased
        dialog_ = Dialog::confirm_reload;
        out += "\n" + dialog_prompt();
      } else {
        dialog_ = Dialog::none;
        reload_in_minutes_.reset();
        out += "\n" + prompt();
      }
      continue;
    }
    if (c == '\r' || c == '\n' || c == 0x1a) {
      std::string line = c == 0x1a ? std::string("end") : line_;
      line_.clear();
      if (c == 0x1a && mode_ < Mode::config) line.clear();
      auto result = run_line(line, now);
      if (reload_pending_) {
        reload_pending_ = false;
        out += result + "\n\n";
        do_reload(now);
        for (auto it = s_.log.rbegin(); it != s_.log.rend(); ++it) {
          if (it->text.rfind("%SYS-5-RELOAD", 0) == 0) {
            out += render::syslog_stamp(it->wall, it->millis) + ": " + it->text + "\n";
            break;
          }
        }
        break;
      }
      out += finish(result);
      const int limit = s_.spec.faults.drop_after_commands;
      if (limit > 0 && commands_ >= limit) {
        closed_ = true;
        break;
      }
      continue;
    }
    if (c == 0x7f || c == 0x08) {
      if (!line_.empty()) line_.pop_back();
      continue;
    }
    if (c == 0x03) {  // Ctrl-C: abandon a dialog or the line
      line_.clear();
      if (dialog_ != Dialog::none) {
        dialog_ = Dialog::none;
        out += "\n" + prompt();
      }
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') continue;
    line_ += c;
  }
  schedule(to_crlf(out), s_.spec.faults, reply);
  if (commands_ > before && s_.spec.faults.command_delay_ms > 0) {
    reply.delay = std::chrono::milliseconds(s_.spec.faults.command_delay_ms);
  }
  reply.close = closed();
  return reply;
}

Reply CliSessionImpl::run_exec(std::string_view command, Clock::time_point now) {
  Reply reply;
  s_.tick(now);
  mode_ = Mode::priv;
  length_ = 0;
  auto out = run_line(std::string(command), now);
  if (dialog_ != Dialog::none) {
    out += dialog_prompt();  // nobody answers on an exec channel: the dialog is abandoned
    dialog_ = Dialog::none;
  }
  schedule(to_crlf(out), s_.spec.faults, reply);
  if (s_.spec.faults.command_delay_ms > 0) reply.delay = std::chrono::milliseconds(s_.spec.faults.command_delay_ms);
  reply.close = closed();
  return reply;
}

}  // namespace licmig::sim
