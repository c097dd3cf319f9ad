// `show running-config` / `show startup-config` and their `| include X` / `| section X` forms:
// the license-related facts of the configuration (hostname, `license boot level`, `license smart
// ...`, `boot system`, call-home, the HTTP client trustpoint).
//
// Recognition. A whole configuration starts with a header ("Building configuration...",
// "Current configuration : N bytes", "Using N out of N bytes", "!" or "version X"); after it any
// line is accepted. Filtered output (`| include`, `| section`) has no header, so then every line
// must look like configuration: "!" comments, indented lines that are not "Key: value" show
// output, and top-level lines that start with a lower-case keyword of at most 32 characters.
// Anything else (show version, show license, an IOS "% ..." error) is not this format.
//
// Empty output IS recognised, with no facts: it is what the router prints for
// `show running-config | include license boot level` when no line matches, and it means "not
// configured". (The parser cannot tell that from an empty capture of the full configuration,
// which a router never produces.)
//
// Malformed: `license boot level`, `boot system` or `hostname` with no value, a call-home
// `profile` with no name.
#include <algorithm>
#include <cctype>
#include <utility>

#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

using Result = Parsed<RunningConfig>;

std::size_t indent_of(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return i;
}

bool is_header(std::string_view t) {
  return base::starts_with(t, "Building configuration") || base::starts_with(t, "Current configuration") ||
         (base::starts_with(t, "Using ") && t.find(" out of ") != std::string_view::npos) ||
         base::starts_with(t, "!") || base::starts_with(t, "version ");
}

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

constexpr std::size_t max_keyword = 32;  // longer than any top-level IOS keyword

bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '-' || c == '_' || c == '(' || c == ')';
}

// Show output, not configuration: "Period left: Life time" (a capitalised key before a colon) or
// "my state = 13 -ACTIVE" (words, then " = ").
bool looks_like_show_field(std::string_view t) {
  if (t.empty()) return false;
  auto eq = t.find(" = ");
  if (eq != std::string_view::npos && eq > 0) {
    bool key = true;
    for (char c : t.substr(0, eq)) key = key && is_key_char(c);
    if (key) return true;
  }
  if (!std::isupper(static_cast<unsigned char>(t.front()))) return false;
  auto colon = t.find(':');
  if (colon == std::string_view::npos) return false;
  for (char c : t.substr(0, colon)) {
    if (!is_key_char(c)) return false;
  }
  return true;
}

bool is_config_line(std::string_view raw) {
  auto t = base::trim_view(raw);
  if (t.empty() || base::starts_with(t, "!")) return true;
  if (looks_like_show_field(t)) return false;
  if (indent_of(raw) > 0) return true;
  if (!is_lower(t.front())) return false;
  std::size_t i = 0;
  while (i < t.size() &&
         (is_lower(t[i]) || std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '-' || t[i] == '_')) {
    ++i;
  }
  // IOS keywords are short words; a long run of letters is not one
  return i <= max_keyword && (i == t.size() || t[i] == ' ' || t[i] == '\t');
}

// The trimmed text after `prefix` (whole words), or nullopt when `t` does not start with it.
std::optional<std::string> after_words(std::string_view t, std::string_view prefix) {
  if (!base::starts_with(t, prefix)) return std::nullopt;
  auto rest = t.substr(prefix.size());
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') return std::nullopt;
  return base::squeeze(rest);
}

std::string last_word(std::string_view s) {
  auto t = base::trim_view(s);
  auto sp = t.find_last_of(" \t");
  return std::string(sp == std::string_view::npos ? t : t.substr(sp + 1));
}

// Skips a `banner motd ^C ... ^C` block; returns the index of its last line.
std::size_t skip_banner(const std::vector<Line> &lines, std::size_t i) {
  auto t = base::trim_view(lines[i].text);
  // banner <kind> <delimiter><text>: the delimiter is "^C" or one character
  auto sp1 = t.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : t.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || sp2 + 1 >= t.size()) return i;
  auto body = t.substr(sp2 + 1);
  std::string_view delim = base::starts_with(body, "^C") ? body.substr(0, 2) : body.substr(0, 1);
  if (body.substr(delim.size()).find(delim) != std::string_view::npos) return i;
  for (std::size_t j = i + 1; j < lines.size(); ++j) {
    if (lines[j].text.find(delim) != std::string::npos) return j;
  }
  return lines.size() - 1;
}

class Reader {
 public:
  // Reads one configuration line; returns an error when a known statement is garbled.
  std::optional<Result> take(const Line &l) {
    auto t = base::trim_view(l.text);
    if (t.empty() || base::starts_with(t, "!")) return std::nullopt;
    if (indent_of(l.text) == 0) {
      in_call_home_ = false;
      return top_level(t, l.number);
    }
    if (in_call_home_) return call_home_line(l);
    return std::nullopt;
  }

  RunningConfig take_result() {
    end_profile();
    return std::move(cfg_);
  }

 private:
  std::optional<Result> top_level(std::string_view t, std::size_t number) {
    end_profile();
    if (t == "call-home") {
      in_call_home_ = true;
      return std::nullopt;
    }
    if (auto v = after_words(t, "hostname")) {
      if (v->empty()) return Result::malformed(number, "'hostname' without a name");
      cfg_.hostname = std::move(*v);
    } else if (auto b = after_words(t, "boot system")) {
      if (b->empty()) return Result::malformed(number, "'boot system' without an image");
      cfg_.boot_system.push_back(base::trim(t.substr(std::string_view("boot system").size())));
    } else if (t == "service call-home") {
      cfg_.service_call_home = true;
    } else if (t == "no service call-home") {
      cfg_.service_call_home = false;
    } else if (auto tp = after_words(t, "ip http client secure-trustpoint")) {
      if (!tp->empty()) cfg_.http_client_secure_trustpoint = std::move(*tp);
    } else if (base::starts_with(t, "license ") || base::starts_with(t, "no license ")) {
      return license_line(t, number);
    }
    return std::nullopt;
  }

  std::optional<Result> license_line(std::string_view t, std::size_t number) {
    cfg_.license_lines.push_back(base::squeeze(t));
    auto s = base::squeeze(t);
    if (auto level = after_words(s, "license boot level")) {
      if (level->empty()) return Result::malformed(number, "'license boot level' without a level");
      cfg_.boot_level = std::move(*level);
    } else if (s == "license smart enable") {
      cfg_.smart_enable = true;
    } else if (s == "no license smart enable") {
      cfg_.smart_enable = false;
    } else if (auto tr = after_words(s, "license smart transport")) {
      if (!tr->empty()) cfg_.license_smart_transport = std::move(*tr);
    } else if (auto url = after_words(s, "license smart url")) {
      if (!url->empty()) cfg_.license_smart_url = last_word(*url);
    }
    return std::nullopt;
  }

  std::optional<Result> call_home_line(const Line &l) {
    auto indent = indent_of(l.text);
    auto t = base::squeeze(l.text);
    if (profile_ && indent <= profile_indent_) end_profile();
    if (auto name = after_words(t, "profile")) {
      std::string n = *name;
      if (n.size() >= 2 && n.front() == '"' && n.back() == '"') n = n.substr(1, n.size() - 2);
      if (n.empty()) return Result::malformed(l.number, "call-home 'profile' without a name");
      profile_ = CallHomeProfile{};
      profile_->name = std::move(n);
      profile_indent_ = indent;
      return std::nullopt;
    }
    if (!profile_) return std::nullopt;
    auto &p = *profile_;
    if (t == "active") {
      p.status = "ACTIVE";
    } else if (t == "no active") {
      p.status = "INACTIVE";
    } else if (auto m = after_words(t, "destination transport-method")) {
      if (!m->empty()) p.transport_method = p.transport_method ? *p.transport_method + " and " + *m : *m;
    } else if (auto http = after_words(t, "destination address http")) {
      if (!http->empty()) p.http_destinations.push_back(std::move(*http));
    } else if (auto mail = after_words(t, "destination address email")) {
      if (!mail->empty()) p.email_destinations.push_back(std::move(*mail));
    }
    return std::nullopt;
  }

  void end_profile() {
    if (profile_) cfg_.call_home_profiles.push_back(std::move(*profile_));
    profile_.reset();
  }

  RunningConfig cfg_;
  bool in_call_home_ = false;
  std::optional<CallHomeProfile> profile_;
  std::size_t profile_indent_ = 0;
};

}  // namespace

Parsed<RunningConfig> parse_show_running_config(std::string_view text) {
  auto lines = clean_lines(text);
  if (auto err = ios_error(lines)) return Result::not_this(*err);
  // Text pasted or captured with every line shifted right: measure indentation from the least.
  std::size_t base = std::string::npos;
  for (const auto &l : lines) {
    if (!base::trim_view(l.text).empty()) base = std::min(base, indent_of(l.text));
  }
  for (auto &l : lines) l.text.erase(0, std::min(base, indent_of(l.text)));
  const Line *first = first_content(lines);
  // Nothing printed: an `| include` that matched no line ("not configured"; see the file comment).
  if (first == nullptr) return Result::ok(RunningConfig{});
  auto head = base::trim_view(first->text);
  if (base::starts_with(head, "%")) return Result::not_this("IOS error: " + std::string(head));
  const bool whole = is_header(head);

  Reader reader;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto &l = lines[i];
    auto t = base::trim_view(l.text);
    if (is_prompt_line(t) && t.find_first_of("#>") != std::string_view::npos) {
      auto after = t.substr(t.find_first_of("#>") + 1);
      if (after.empty() || std::isalpha(static_cast<unsigned char>(after.front()))) break;  // next command
    }
    if (indent_of(l.text) == 0 && base::starts_with(t, "banner ")) {
      i = skip_banner(lines, i);
      continue;
    }
    if (!whole && !is_config_line(l.text)) {
      return Result::not_this("line " + std::to_string(l.number) + " is not configuration: '" + std::string(t) + "'");
    }
    if (auto bad = reader.take(l)) return *bad;
  }
  return Result::ok(reader.take_result());
}

}  // namespace licmig::snapshot
