// The command table of the simulated IOS CLI, IOS-style matching (every word abbreviable to a unique
// prefix; "% Ambiguous command", "% Incomplete command.", "% Invalid input detected at '^' marker."
// with the caret under the bad word), and the exec-mode commands. Configuration-mode commands are in
// cli_config.cpp.
#include <algorithm>
#include <cctype>

#include "base/text.hpp"
#include "sim/cli_session.hpp"
#include "sim/render.hpp"
#include "snapshot/text.hpp"

namespace licmig::sim {

namespace {

using Mode = CliSessionImpl::Mode;

enum ModeBit : unsigned { k_user = 1, k_priv = 2, k_config = 4, k_ch = 8, k_prof = 16, k_if = 32 };
constexpr unsigned k_exec = k_user | k_priv;

struct Pattern {
  const char *text;  // words; WORD = any word, NUM = digits, LINE = the rest of the line
  unsigned modes;
  bool (*available)(const RouterState &);
};

bool always(const RouterState &) { return true; }
bool smart_shows(const RouterState &s) { return s.mode != LicMode::traditional; }
bool pak_info(const RouterState &s) { return s.pak_info_available(); }
bool traditional_only(const RouterState &s) { return s.mode == LicMode::traditional; }

const std::vector<Pattern> &table() {
  static const std::vector<Pattern> t = {
      {"show version", k_exec, always},
      {"show clock", k_exec, always},
      {"show privilege", k_exec, always},
      {"show license", k_exec, always},
      {"show license summary", k_exec, smart_shows},
      {"show license status", k_exec, smart_shows},
      {"show license all", k_exec, smart_shows},
      {"show license usage", k_exec, smart_shows},
      {"show license udi", k_exec, always},
      {"show license tech support", k_exec, smart_shows},
      {"show platform software sl-infra pak-info", k_priv, pak_info},
      {"show running-config", k_priv, always},
      {"show startup-config", k_priv, always},
      {"show redundancy", k_exec, always},
      {"show redundancy states", k_exec, always},
      {"show call-home profile all", k_priv, always},
      {"show bootvar", k_priv, always},
      {"show ip interface brief", k_exec, always},
      {"show boot", k_priv, always},
      {"show logging", k_priv, always},
      {"dir", k_priv, always},
      {"dir WORD", k_priv, always},
      {"verify /md5 WORD", k_priv, always},
      {"verify /md5 WORD WORD", k_priv, always},
      {"terminal length NUM", k_exec, always},
      {"terminal width NUM", k_exec, always},
      {"enable", k_exec, always},
      {"disable", k_priv, always},
      {"exit", k_exec | k_config | k_ch | k_prof | k_if, always},
      {"logout", k_exec, always},
      {"end", k_config | k_ch | k_prof | k_if, always},
      {"configure terminal", k_priv, always},
      {"write", k_priv, always},
      {"write memory", k_priv, always},
      {"copy running-config startup-config", k_priv, always},
      {"copy WORD WORD", k_priv, always},
      {"delete WORD", k_priv, always},
      {"delete /force WORD", k_priv, always},
      {"reload", k_priv, always},
      {"reload in NUM", k_priv, always},
      {"reload cancel", k_priv, always},
      {"license smart register idtoken WORD", k_priv, always},
      {"license smart register idtoken WORD force", k_priv, always},
      {"license smart renew auth", k_priv, always},
      {"license smart renew id", k_priv, always},
      {"license smart deregister", k_priv, always},
      {"license install WORD", k_priv, traditional_only},
      // configuration mode
      {"hostname WORD", k_config, always},
      {"license boot level metroaccess", k_config, always},
      {"license boot level metroipaccess", k_config, always},
      {"license boot level advancedmetroipaccess", k_config, always},
      {"license boot level metroaggrservices", k_config, always},
      {"no license boot level", k_config, always},
      {"no license boot level WORD", k_config, always},
      {"license smart enable", k_config, always},
      {"no license smart enable", k_config, always},
      {"license accept end user agreement", k_config, traditional_only},
      {"boot system WORD", k_config, always},
      {"no boot system", k_config, always},
      {"no boot system WORD", k_config, always},
      {"service call-home", k_config, always},
      {"no service call-home", k_config, always},
      {"call-home", k_config, always},
      {"ip http client secure-trustpoint WORD", k_config, always},
      {"no ip http client secure-trustpoint", k_config, always},
      {"no ip http client secure-trustpoint WORD", k_config, always},
      {"ip scp server enable", k_config, always},
      {"no ip scp server enable", k_config, always},
      {"do LINE", k_config | k_ch | k_prof | k_if, always},
      {"interface WORD", k_config | k_if, always},
      {"shutdown", k_if, always},
      {"no shutdown", k_if, always},
      {"profile WORD", k_ch, always},
      {"no profile WORD", k_ch, always},
      {"contact-email-addr WORD", k_ch, always},
      {"no http secure server-identity-check", k_ch, always},
      {"vrf WORD", k_ch, always},
      {"mail-server LINE", k_ch, always},
      {"destination address http WORD", k_prof, always},
      {"no destination address http WORD", k_prof, always},
      {"destination address email WORD", k_prof, always},
      {"destination transport-method http", k_prof, always},
      {"destination transport-method email", k_prof, always},
      {"active", k_prof, always},
      {"no active", k_prof, always},
  };
  return t;
}

unsigned bit_of(Mode m) {
  switch (m) {
    case Mode::user: return k_user;
    case Mode::priv: return k_priv;
    case Mode::config: return k_config;
    case Mode::call_home: return k_ch;
    case Mode::profile: return k_prof;
    case Mode::interface: return k_if;
  }
  return k_user;
}

struct Token {
  std::string text;
  std::size_t offset = 0;
};

std::vector<Token> tokenize(const std::string &line) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size()) break;
    Token t;
    t.offset = i;
    if (line[i] == '"') {
      auto close = line.find('"', i + 1);
      auto end = close == std::string::npos ? line.size() : close + 1;
      t.text = line.substr(i + 1, (close == std::string::npos ? line.size() : close) - i - 1);
      i = end;
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') t.text += line[i++];
    }
    out.push_back(t);
  }
  return out;
}

std::vector<std::string> words(const char *text) {
  const auto w = base::words(text);
  return {w.begin(), w.end()};
}

bool is_placeholder(const std::string &w) { return w == "WORD" || w == "NUM" || w == "LINE"; }

enum class MatchError { none, invalid, incomplete, ambiguous };

struct MatchResult {
  MatchError error = MatchError::none;
  std::size_t bad_offset = 0;
  std::string id;
  std::vector<std::string> args;
};

MatchResult match(const std::vector<Token> &toks, const std::string &line, Mode mode, const RouterState &s) {
  struct Cand {
    std::vector<std::string> words;
    std::string id;
    std::vector<std::string> args;
    bool alive = true;
    bool rest = false;  // LINE took the rest
  };
  std::vector<Cand> cands;
  for (const auto &p : table()) {
    if ((p.modes & bit_of(mode)) && p.available(s)) cands.push_back({words(p.text), p.text, {}, true, false});
  }
  MatchResult r;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const auto tok = base::to_lower(toks[i].text);
    std::vector<std::string> lits;
    bool exact = false;
    for (const auto &c : cands) {
      if (!c.alive || c.rest || i >= c.words.size() || is_placeholder(c.words[i])) continue;
      if (c.words[i].rfind(tok, 0) == 0) {
        if (std::find(lits.begin(), lits.end(), c.words[i]) == lits.end()) lits.push_back(c.words[i]);
        exact = exact || c.words[i] == tok;
      }
    }
    bool any = false;
    for (auto &c : cands) {
      if (!c.alive || c.rest) {
        any = any || (c.alive && c.rest);
        continue;
      }
      if (i >= c.words.size()) {
        c.alive = false;
        continue;
      }
      const auto &w = c.words[i];
      bool ok = false;
      if (w == "LINE") {
        ok = true;
        c.rest = true;
        c.args.push_back(base::trim(line.substr(toks[i].offset)));
      } else if (w == "WORD") {
        ok = lits.empty();
        if (ok) c.args.push_back(toks[i].text);
      } else if (w == "NUM") {
        ok = lits.empty() && base::is_digits(tok);
        if (ok) c.args.push_back(toks[i].text);
      } else {
        ok = w.rfind(tok, 0) == 0 && (!exact || w == tok);
      }
      c.alive = ok;
      any = any || ok;
    }
    if (!any) {
      r.error = MatchError::invalid;
      r.bad_offset = toks[i].offset;
      return r;
    }
    if (lits.size() > 1 && !exact) {
      r.error = MatchError::ambiguous;
      return r;
    }
    if (std::any_of(cands.begin(), cands.end(), [](const Cand &c) { return c.alive && c.rest; })) break;
  }
  for (const auto &c : cands) {
    if (c.alive && (c.rest || c.words.size() == toks.size())) {
      r.id = c.id;
      r.args = c.args;
      return r;
    }
  }
  r.error = MatchError::incomplete;
  return r;
}

std::string strip_fs(const std::string &path) {
  auto colon = path.find(':');
  auto f = colon == std::string::npos ? path : path.substr(colon + 1);
  while (!f.empty() && f.front() == '/') f.erase(f.begin());
  return f;
}

// Whether a fault's command list names this command (its table id or the text as typed).
bool listed(const std::vector<std::string> &commands, const std::string &id, const std::string &typed) {
  for (const auto &c : commands) {
    if (c == id || c == base::trim(typed)) return true;
  }
  return false;
}

bool garbled(const RouterState &s, const std::string &id, const std::string &typed) {
  for (const auto &g : s.spec.faults.garble) {
    if (g == id || g == base::trim(typed)) return true;
  }
  return false;
}

// The command as IOS hands it to AAA command authorization: the table's words in full (abbreviations
// expanded), the typed values in place of WORD / NUM / LINE, one space between words, lower case.
std::vector<std::string> full_command(const std::string &id, const std::vector<std::string> &args) {
  std::vector<std::string> out;
  std::size_t arg = 0;
  for (const auto &w : words(id.c_str())) {
    if (!is_placeholder(w)) {
      out.push_back(w);
      continue;
    }
    if (arg >= args.size()) break;
    for (auto piece : base::words(args[arg++])) out.push_back(base::to_lower(piece));
  }
  return out;
}

// The `deny_commands` fault: the command starts, word by word, with one of the denied prefixes.
bool denied(const RouterState &s, const std::string &id, const std::vector<std::string> &args) {
  if (s.spec.faults.deny_commands.empty()) return false;
  const auto command = full_command(id, args);
  for (const auto &prefix : s.spec.faults.deny_commands) {
    const auto want = base::words(prefix);
    if (want.empty() || want.size() > command.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < want.size() && same; ++i) same = base::to_lower(want[i]) == command[i];
    if (same) return true;
  }
  return false;
}

}  // namespace

std::string CliSessionImpl::invalid_at(const std::string &line, std::size_t offset) const {
  std::string o;
  std::size_t col = offset;
  if (exec_) {
    o += line + "\n";
  } else {
    col += prompt().size();
  }
  o += std::string(col, ' ') + "^\n% Invalid input detected at '^' marker.\n\n";
  return o;
}

std::string CliSessionImpl::run_command(const std::string &line, Clock::time_point now) {
  auto bar = line.find('|');
  const std::string cmd = line.substr(0, bar);
  if (base::starts_with(base::trim_view(line), "!")) return "";  // a comment: IOS ignores it in every mode
  auto toks = tokenize(cmd);
  if (toks.empty()) return "";
  ++commands_;
  auto m = match(toks, cmd, mode_, s_);
  if (m.error == MatchError::invalid) return invalid_at(line, m.bad_offset);
  if (m.error == MatchError::incomplete) return "% Incomplete command.\n\n";
  if (m.error == MatchError::ambiguous) return "% Ambiguous command:  \"" + base::trim(cmd) + "\"\n";
  if ((mode_ == Mode::user || mode_ == Mode::priv) && denied(s_, m.id, m.args)) return "% Authorization failed.\n";
  auto out = execute(m.id, m.args, now);
  if (bar != std::string::npos && m.id.rfind("show", 0) == 0) {
    std::size_t bad = 0;
    if (!apply_pipes(line.substr(bar), out, bad)) {
      if (bad == std::string::npos) return "% Incomplete command.\n\n";
      return invalid_at(line, bar + bad);
    }
  }
  if (garbled(s_, m.id, cmd) && out.size() > 8) out = out.substr(0, out.size() / 2);
  const auto &f = s_.spec.faults;
  if (listed(f.fake_prompt_in, m.id, cmd)) {
    // The prompt on a line of its own in the middle, then a pause (k_pause in the output).
    auto mid = out.find('\n', out.size() / 2);
    mid = mid == std::string::npos ? out.size() : mid + 1;
    out.insert(mid, prompt() + std::string(1, k_pause) + "\n");
  }
  if (listed(f.control_chars_in, m.id, cmd)) {
    out +=
        "ctl:\x1b]0;owned\x07 \x1b[2J\x1b[31mred\x1b[0m \x0e\x05 \xc2\x9b"
        "31m \xc2\x9d"
        "0;t\x07 ";
    out.push_back('\0');
    out += " \xff\xfe\xc3 end\n";
  }
  if (listed(f.trickle, m.id, cmd)) out.insert(0, 1, k_trickle);  // the prompt after it trickles too
  const auto flood_size = static_cast<std::size_t>(f.flood_bytes);
  if (listed(f.flood, m.id, cmd)) {
    const std::string filler = std::string(71, 'x') + "\n";
    out.reserve(out.size() + flood_size + filler.size());
    while (out.size() < flood_size) out += filler;
  } else if (listed(f.flood_no_newlines, m.id, cmd)) {
    out.append(flood_size, 'x');
    out += "\n";  // one line: the prompt still starts a line of its own
  }
  return out;
}

std::string CliSessionImpl::execute(const std::string &id, const std::vector<std::string> &args,
                                    Clock::time_point now) {
  namespace r = render;
  if (id == "show version") return r::show_version(s_, now);
  if (id == "show clock") return r::show_clock(s_, now);
  if (id == "show privilege") {
    return mode_ == Mode::user ? "Current privilege level is 1\n" : "Current privilege level is 15\n";
  }
  if (id == "show license") return r::show_license(s_, now);
  if (id == "show license summary") return r::show_license_summary(s_, now);
  if (id == "show license status") return r::show_license_status(s_, now);
  if (id == "show license all") return r::show_license_all(s_, now);
  if (id == "show license usage") return r::show_license_usage(s_, now);
  if (id == "show license udi") return r::show_license_udi(s_);
  if (id == "show license tech support") return r::show_license_tech_support(s_, now);
  if (id == "show platform software sl-infra pak-info") return r::show_pak_info(s_);
  if (id == "show running-config") return r::show_running_config(s_, now);
  if (id == "show startup-config") return r::show_startup_config(s_, now);
  if (id == "show redundancy") return r::show_redundancy(s_, now);
  if (id == "show redundancy states") return r::show_redundancy_states(s_, now);
  if (id == "show call-home profile all") return r::show_call_home_profile_all(s_);
  if (id == "show bootvar" || id == "show boot") return r::show_bootvar(s_);
  if (id == "show logging") return r::show_logging(s_, now);
  if (id == "show ip interface brief") return r::show_ip_interface_brief(s_, via_, address_);
  if (id == "dir") return r::dir_bootflash(s_);
  if (id == "dir WORD") {
    auto fs = base::to_lower(args[0]);
    if (fs == "bootflash:" || fs == "flash:" || fs == "bootflash:/" || fs == "flash:/") return r::dir_bootflash(s_);
    if (fs.rfind("bootflash:", 0) == 0 || fs.rfind("flash:", 0) == 0) return r::dir_bootflash(s_, strip_fs(args[0]));
    return "%Error opening " + args[0] + " (No such file or directory)\n";
  }
  if (id == "verify /md5 WORD") return r::verify_md5(s_, strip_fs(args[0]), "");
  if (id == "verify /md5 WORD WORD") return r::verify_md5(s_, strip_fs(args[0]), args[1]);
  if (id == "terminal length NUM") {
    if (s_.spec.faults.ignore_terminal_length) return "";  // fault: paging stays on
    length_ = std::min(512, std::atoi(args[0].c_str()));
    return "";
  }
  if (id == "terminal width NUM") {
    width_ = std::max(0, std::min(512, std::atoi(args[0].c_str())));
    return "";
  }
  if (id == "enable") {
    if (mode_ == Mode::priv) return "";
    password_tries_ = 0;
    dialog_ = Dialog::enable_password;
    return "";
  }
  if (id == "disable") {
    mode_ = Mode::user;
    return "";
  }
  if (id == "exit" || id == "logout" || id == "end") return execute_config(id, args, now);
  if (id == "configure terminal") {
    mode_ = Mode::config;
    return "Enter configuration commands, one per line.  End with CNTL/Z.\n";
  }
  if (id == "write" || id == "write memory") {
    s_.save_config(now);
    return "Building configuration...\n[OK]\n";
  }
  if (id == "copy running-config startup-config") {
    dialog_ = Dialog::copy_destination;
    return "";
  }
  if (id == "copy WORD WORD" || id == "delete WORD" || id == "delete /force WORD") return execute_files(id, args);
  if (id == "reload" || id == "reload in NUM") {
    if (id == "reload in NUM") reload_in_minutes_ = std::atoi(args[0].c_str());
    dialog_ = s_.running != s_.startup ? Dialog::save_before_reload : Dialog::confirm_reload;
    if (s_.spec.faults.erase_question_on_reload) dialog_ = Dialog::overwrite_nvram;
    if (reload_in_minutes_) {
      auto at = s_.wall(now) + 60LL * *reload_in_minutes_;
      return "Reload scheduled for " + r::rom_date(at) + " (in " + std::to_string(*reload_in_minutes_) +
             " minutes) by " + s_.spec.credentials.username + " on vty0 (192.0.2.1)\n";
    }
    return "";
  }
  if (id == "reload cancel") {
    if (!s_.scheduled) return "%No reload is scheduled.\n";
    s_.scheduled.reset();
    return "\n\n***\n*** --- SHUTDOWN ABORTED ---\n***\n\n";
  }
  if (id == "license smart register idtoken WORD") return s_.register_token(args[0], false, now) + "\n";
  if (id == "license smart register idtoken WORD force") return s_.register_token(args[0], true, now) + "\n";
  if (id == "license smart renew auth") return s_.renew("auth", now) + "\n";
  if (id == "license smart renew id") return s_.renew("id", now) + "\n";
  if (id == "license smart deregister") return s_.deregister(now) + "\n";
  if (id == "license install WORD") return "%Error opening " + args[0] + " (No such file or directory)\n";
  return execute_config(id, args, now);
}

}  // namespace licmig::sim
