// The secret rules' small pattern matcher, and the masker (the rule table: secret_rules.cpp).
#include "snapshot/secrets.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "base/digest.hpp"
#include "base/text.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

struct Node {
  enum Kind { literal, number, digit, any, optional, skip, end, secret, secret_rest } kind = literal;
  std::vector<std::string> alts;  // literal
  std::vector<Node> children;     // optional
};

std::vector<std::string> pattern_tokens(std::string_view pattern) {
  std::vector<std::string> out;
  std::istringstream in{std::string(pattern)};
  std::string word;
  while (in >> word) {
    std::size_t open = 0;
    while (open < word.size() && word[open] == '[') ++open;
    std::size_t close = 0;
    while (close < word.size() - open && word[word.size() - 1 - close] == ']') ++close;
    for (std::size_t i = 0; i < open; ++i) out.emplace_back("[");
    if (word.size() > open + close) out.push_back(word.substr(open, word.size() - open - close));
    for (std::size_t i = 0; i < close; ++i) out.emplace_back("]");
  }
  return out;
}

std::vector<Node> compile(const std::vector<std::string> &tokens, std::size_t &i) {
  std::vector<Node> seq;
  while (i < tokens.size()) {
    const auto &t = tokens[i++];
    Node n;
    if (t == "]") break;
    if (t == "[") {
      n.kind = Node::optional;
      n.children = compile(tokens, i);
    } else if (t == "...") {
      n.kind = Node::skip;
    } else if (t == "$") {
      n.kind = Node::end;
    } else if (t == "{secret}") {
      n.kind = Node::secret;
    } else if (t == "{secret...}") {
      n.kind = Node::secret_rest;
    } else if (t == "<n>") {
      n.kind = Node::number;
    } else if (t == "<t>") {
      n.kind = Node::digit;
    } else if (t.size() > 2 && t.front() == '<' && t.back() == '>') {
      n.kind = Node::any;
    } else {
      for (auto a : base::split(t, '|')) n.alts.push_back(base::to_lower(a));
    }
    seq.push_back(std::move(n));
  }
  return seq;
}

std::vector<Node> compile(const char *pattern) {
  std::size_t i = 0;
  return compile(pattern_tokens(pattern), i);
}

struct Compiled {
  std::vector<Node> section;
  std::vector<Node> pattern;
};

// The compiled rules, and which of them can start at a word: a rule whose pattern starts with a
// literal only at one of its spellings (lower case), the others anywhere. Each list is in table order.
struct RuleIndex {
  std::vector<Compiled> rules;
  std::unordered_map<std::string, std::vector<std::size_t>> line_by_word;
  std::vector<std::size_t> line_any;
  std::unordered_map<std::string, std::vector<std::size_t>> anywhere_by_word;
  std::vector<std::size_t> anywhere_any;

  // The `scope` rules that may match from `word` (lower case), in table order.
  std::vector<std::size_t> candidates(RuleScope scope, const std::string &word) const {
    const auto &by_word = scope == RuleScope::line ? line_by_word : anywhere_by_word;
    const auto &any = scope == RuleScope::line ? line_any : anywhere_any;
    const auto it = by_word.find(word);
    if (it == by_word.end()) return any;
    std::vector<std::size_t> out;
    std::merge(it->second.begin(), it->second.end(), any.begin(), any.end(), std::back_inserter(out));
    return out;
  }
};

const RuleIndex &rule_index() {
  static const RuleIndex index = [] {
    RuleIndex out;
    const auto &rules = secret_rules();
    for (std::size_t r = 0; r < rules.size(); ++r) {
      out.rules.push_back({compile(rules[r].section), compile(rules[r].pattern)});
      if (rules[r].scope == RuleScope::url) continue;
      const bool line = rules[r].scope == RuleScope::line;
      const auto &p = out.rules.back().pattern;
      if (!p.empty() && p[0].kind == Node::literal) {
        for (const auto &a : p[0].alts) (line ? out.line_by_word : out.anywhere_by_word)[a].push_back(r);
      } else {
        (line ? out.line_any : out.anywhere_any).push_back(r);
      }
    }
    return out;
  }();
  return index;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto &c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

struct Word {
  std::size_t begin;
  std::size_t end;
};
struct Span {
  std::size_t begin;
  std::size_t end;
};

std::string_view word_at(std::string_view text, const Word &w) { return text.substr(w.begin, w.end - w.begin); }

// Backtracking match of a node sequence against words, with the rest of the pattern as an explicit
// continuation (optional groups and `...` try each way).
class Matcher {
 public:
  Matcher(std::string_view text, const std::vector<Word> &words) : text_(text), words_(words) {}
  std::vector<std::pair<std::size_t, std::size_t>> captures;  // word index ranges

  bool match(const std::vector<Node> &seq, std::size_t wi) {
    Cont c{&seq, 0, nullptr};
    return run(&c, wi);
  }

 private:
  struct Cont {
    const std::vector<Node> *seq;
    std::size_t i;
    const Cont *next;
  };

  std::string_view word(std::size_t i) const { return text_.substr(words_[i].begin, words_[i].end - words_[i].begin); }

  bool run(const Cont *c, std::size_t wi) {
    if (!c) return true;
    if (c->i == c->seq->size()) return run(c->next, wi);
    const Node &n = (*c->seq)[c->i];
    const Cont rest{c->seq, c->i + 1, c->next};
    const std::size_t count = words_.size();
    switch (n.kind) {
      case Node::literal: {
        if (wi >= count) return false;
        const auto w = word(wi);
        const bool hit = std::any_of(n.alts.begin(), n.alts.end(), [&](const auto &a) { return base::iequals(a, w); });
        return hit && run(&rest, wi + 1);
      }
      case Node::number: return wi < count && base::is_digits(word(wi)) && run(&rest, wi + 1);
      case Node::digit: return wi < count && word(wi).size() == 1 && base::is_digits(word(wi)) && run(&rest, wi + 1);
      case Node::any: return wi < count && run(&rest, wi + 1);
      case Node::end: return wi == count && run(&rest, wi);
      case Node::skip:
        for (std::size_t j = wi; j <= count; ++j) {
          if (run(&rest, j)) return true;
        }
        return false;
      case Node::optional: {
        const Cont inner{&n.children, 0, &rest};
        return run(&inner, wi) || run(&rest, wi);
      }
      case Node::secret:
      case Node::secret_rest: {
        if (wi >= count) return false;
        const std::size_t last = n.kind == Node::secret ? wi + 1 : count;
        captures.emplace_back(wi, last);
        if (run(&rest, last)) return true;
        captures.pop_back();
        return false;
      }
    }
    return false;
  }

  std::string_view text_;
  const std::vector<Word> &words_;
};

std::vector<Word> split_words(std::string_view text, std::size_t from) {
  std::vector<Word> out;
  std::size_t i = from;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i >= text.size()) break;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t') ++j;
    out.push_back({i, j});
    i = j;
  }
  return out;
}

std::size_t indent_of(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}

// The password of `scheme://user:password@host...` inside `word` (offsets in the word): from the
// first ':' after the scheme to the last '@' of the word, so a password holding '/' or '@' is
// masked whole (a path holding '@' after a port loses a little to the mask instead).
std::optional<Span> url_password_span(std::string_view word) {
  const auto scheme = word.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const auto start = scheme + 3;
  const auto at = word.rfind('@');
  if (at == std::string_view::npos || at < start) return std::nullopt;
  const auto colon = word.find(':', start);
  if (colon == std::string_view::npos || colon > at || colon + 1 >= at) return std::nullopt;
  return Span{colon + 1, at};
}

bool is_block_end(std::string_view trimmed) { return base::iequals(trimmed, "quit") || base::iequals(trimmed, "exit"); }

}  // namespace

bool is_mask(std::string_view word) {
  if (word.size() != 15 || word.substr(0, 8) != "<secret:" || word.back() != '>') return false;
  return std::all_of(word.begin() + 8, word.end() - 1,
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<std::string> url_password(std::string_view url) {
  const auto span = url_password_span(url);
  if (!span) return std::nullopt;
  return std::string(url.substr(span->begin, span->end - span->begin));
}

std::string hide_url_password(std::string_view url) {
  const auto span = url_password_span(url);
  if (!span) return std::string(url);
  return std::string(url.substr(0, span->begin)) + "***" + std::string(url.substr(span->end));
}

std::optional<std::string> with_url_password(std::string_view url, std::string_view password) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  const auto start = scheme + 3;
  const auto path = url.find('/', start);
  const auto at = url.substr(0, path).rfind('@');
  if (at == std::string_view::npos || at <= start) return std::nullopt;
  if (url.substr(start, at - start).find(':') != std::string_view::npos) return std::nullopt;
  return std::string(url.substr(0, at)) + ":" + std::string(password) + std::string(url.substr(at));
}

SecretMasker::SecretMasker(std::string key) : key_(std::move(key)) {}

void SecretMasker::add_known(std::string value) {
  if (value.empty() || std::find(known_.begin(), known_.end(), value) != known_.end()) return;
  known_.push_back(std::move(value));
  // Longest first, so a value that contains another is masked whole.
  std::stable_sort(known_.begin(), known_.end(), [](const auto &a, const auto &b) { return a.size() > b.size(); });
}

std::string SecretMasker::mask_of(std::string_view value) const {
  return "<secret:" + base::hmac_sha256_hex(key_, value).substr(0, 6) + ">";
}

std::string SecretMasker::mask_known(std::string_view text) const {
  if (known_.empty()) return std::string(text);
  // The next occurrence of each known value (and of a mask, copied as it is), found with find()
  // and found again only once passed: linear in the text for a handful of values.
  constexpr auto npos = std::string_view::npos;
  std::vector<std::size_t> next(known_.size() + 1, 0);  // 0 < from: not looked for yet
  auto refresh = [&](std::size_t from) {
    for (std::size_t k = 0; k < known_.size(); ++k) {
      if (next[k] != npos && next[k] < from) next[k] = text.find(known_[k], from);
    }
    while (next.back() != npos && next.back() < from) {
      const auto at = text.find("<secret:", from);
      next.back() = at;
      if (at == npos || (at + 15 <= text.size() && is_mask(text.substr(at, 15)))) break;
      from = at + 1;
    }
  };
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  for (std::size_t k = 0; k < known_.size(); ++k) next[k] = text.find(known_[k]);
  next.back() = npos;
  for (auto at = text.find("<secret:"); at != npos; at = text.find("<secret:", at + 1)) {
    if (at + 15 <= text.size() && is_mask(text.substr(at, 15))) {
      next.back() = at;
      break;
    }
  }
  while (true) {
    // The earliest match; at one place a mask first, then the longest value (known_ is longest first).
    std::size_t best = next.back();
    std::size_t which = known_.size();
    for (std::size_t k = 0; k < known_.size(); ++k) {
      if (next[k] < best) {
        best = next[k];
        which = k;
      }
    }
    if (best == npos) break;
    out.append(text.substr(i, best - i));
    if (which == known_.size()) {
      out.append(text.substr(best, 15));
      i = best + 15;
    } else {
      out += mask_of(known_[which]);
      i = best + known_[which].size();
    }
    refresh(i);
  }
  out.append(text.substr(i));
  return out;
}

std::string SecretMasker::mask(std::string_view text) const {
  MaskStream stream(*this);
  return stream.mask_lines(text);
}

void MaskStream::reset() {
  parents_.clear();
  in_block_ = false;
}

std::string MaskStream::mask_lines(std::string_view lines) {
  std::string out;
  out.reserve(lines.size() + lines.size() / 8);
  std::size_t start = 0;
  while (start < lines.size()) {
    const auto nl = lines.find('\n', start);
    const auto end = nl == std::string_view::npos ? lines.size() : nl + 1;
    out += mask_line(lines.substr(start, end - start));
    start = end;
  }
  return out;
}

std::string MaskStream::mask_line(std::string_view raw) {
  // The line's end (`\r\n`, `\n`) is kept as it is.
  std::size_t body_end = raw.size();
  while (body_end > 0 && (raw[body_end - 1] == '\n' || raw[body_end - 1] == '\r')) --body_end;
  const std::string s = masker_->mask_known(raw.substr(0, body_end));
  const std::string_view eol = raw.substr(body_end);
  const auto trimmed = base::trim_view(s);
  if (trimmed.empty()) return s + std::string(eol);

  const std::size_t indent = indent_of(s);
  std::size_t from = indent;
  bool typed = false;
  if (auto prompt = parse_prompt_line(s)) {
    reset();
    if (prompt->command.empty()) return s + std::string(eol);
    from = s.rfind(prompt->command);
    typed = true;
  }
  if (in_block_) {
    if (indent > block_indent_ && !is_block_end(trimmed)) {
      const auto tail = s.find_last_not_of(" \t") + 1;
      return s.substr(0, indent) + (is_mask(trimmed) ? std::string(trimmed) : masker_->mask_of(trimmed)) +
             s.substr(tail) + std::string(eol);
    }
    in_block_ = false;
    if (is_block_end(trimmed)) return s + std::string(eol);
  }
  while (!parents_.empty() && parents_.back().indent >= indent) parents_.pop_back();
  const Parent *parent = typed || parents_.empty() ? nullptr : &parents_.back();

  const auto words = split_words(s, from);
  std::vector<Span> spans;
  auto add_words = [&](const Matcher &m) {
    for (const auto &[first, last] : m.captures) spans.push_back({words[first].begin, words[last - 1].end});
  };
  bool line_matched = false;
  const auto &index = rule_index();
  const auto first_word = words.empty() ? std::string() : lower_ascii(word_at(s, words[0]));
  for (const auto r : index.candidates(RuleScope::line, first_word)) {
    const auto &rule = index.rules[r];
    if (!rule.section.empty() && !parent) continue;
    Matcher m(s, words);
    if (!m.match(rule.pattern, 0)) continue;
    if (!rule.section.empty()) {
      const auto pw = split_words(parent->text, 0);
      Matcher pm(parent->text, pw);
      if (!pm.match(rule.section, 0)) continue;
    }
    line_matched = true;
    add_words(m);
    if (secret_rules()[r].block) {
      in_block_ = true;
      block_indent_ = indent;
    }
    break;
  }
  // Not in comments (`!`) and IOS messages (`%`), where `password` and `secret` are prose.
  if (!line_matched && trimmed[0] != '!' && trimmed[0] != '%') {
    for (std::size_t wi = 0; wi < words.size(); ++wi) {
      for (const auto r : index.candidates(RuleScope::anywhere, lower_ascii(word_at(s, words[wi])))) {
        Matcher m(s, words);
        if (!m.match(index.rules[r].pattern, wi)) continue;
        for (const auto &[first, last] : m.captures) {
          const Span span{words[first].begin, words[last - 1].end};
          const bool overlaps = std::any_of(spans.begin(), spans.end(),
                                            [&](const Span &o) { return span.begin < o.end && o.begin < span.end; });
          if (!overlaps) spans.push_back(span);
        }
      }
    }
  }
  for (const auto &w : words) {
    if (word_at(s, w).find("://") == std::string_view::npos) continue;
    const auto pw = url_password_span(std::string_view(s).substr(w.begin, w.end - w.begin));
    if (!pw) continue;
    const Span span{w.begin + pw->begin, w.begin + pw->end};
    const bool inside = std::any_of(spans.begin(), spans.end(),
                                    [&](const Span &o) { return span.begin < o.end && o.begin < span.end; });
    if (!inside) spans.push_back(span);
  }
  if (!typed && trimmed != "!") parents_.push_back({indent, std::string(trimmed)});
  if (spans.empty()) return s + std::string(eol);

  std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(s.size() + 16 * spans.size());
  std::size_t at = 0;
  for (const auto &span : spans) {
    if (span.begin < at) continue;
    out.append(s, at, span.begin - at);
    const std::string_view value = std::string_view(s).substr(span.begin, span.end - span.begin);
    // A value that is (or holds) a mask already — a known value masked above — is left as it is.
    out += value.find("<secret:") != std::string_view::npos ? std::string(value) : masker_->mask_of(value);
    at = span.end;
  }
  out.append(s, at, std::string::npos);
  return out + std::string(eol);
}

}  // namespace licmig::snapshot
