// Secret masking: the one list of the secret-bearing lines of an IOS XE configuration (and of the
// commands typed to a router), and the masker every path that keeps or shows router text uses —
// transcripts (devices/transcript.hpp), the sessions' outputs and error messages, and so snapshots
// (JSON and XML, raw outputs and parsed fields), diffs and reports.
//
// Masking keeps each line's structure — keywords, encryption-type digits, addresses, the rest of
// the line — and replaces each secret value with a keyed digest, `<secret:3fa2c1>`: the first six
// hex digits of HMAC-SHA256(key, value). The key is the store's (Store::mask_key(), the file
// STORE/mask.key), so within one store the same secret always gives the same mask and `licmig diff`
// shows that a secret changed without showing it; without the key a mask cannot be tested against
// guessed values. A value that already is a mask is left as it is, so masking twice changes nothing.
//
// Text is masked one line at a time. A rule applies to a line (after its indentation, or after a
// prompt such as `R1(config)#` when the line is a typed command) whose words match its pattern;
// some rules also need the section the line is in (the nearest line above it that is less
// indented). Block rules mask the lines below the matching line that are more indented than it,
// up to a `quit` or `exit` (certificate chains, public key blobs). Known values (the credentials a
// session logs in with, a registration token) are masked wherever they appear.
//
// Pattern words: a literal (case-insensitive; `md5|sha` = either), `<n>` a number, `<t>` one digit
// (an encryption type), `<word>` any one word, `[...]` optional, `...` any number of words, `$` the
// end of the line, `{secret}` the secret (one word), `{secret...}` the secret (the rest of the
// line). A pattern need not reach the end of the line.
//
// Thread-safety: the rule table is immutable; a SecretMasker is safe to share once built (mask()
// is const); a MaskStream belongs to one writer.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace licmig::snapshot {

enum class RuleScope {
  line,      // the pattern starts at the line's first word
  anywhere,  // the pattern may start at any word (only in a line that no `line` rule matched, and that
             // is no comment `!` or IOS message `%`)
  url,       // inside any word: the password of `scheme://user:password@host`
};

struct SecretRule {
  const char *kind;     // e.g. "snmp-community"
  RuleScope scope;      //
  const char *section;  // a pattern the line's section must match; "" = any
  const char *pattern;  // see above; a pattern without {secret} marks a line that holds none
  bool block;           // the more indented lines below the matching line are secret, to quit/exit
  const char *example;  // lines as IOS prints them, with made-up secrets (the section's line first)
};

// The rules, in the order they are tried (the first `line` rule that matches a line applies).
const std::vector<SecretRule> &secret_rules();

// docs/secrets.md: the rule table with each example masked (a test keeps the file equal to it).
std::string secret_rules_markdown();

// True for a word that is a mask: `<secret:` six lower-case hex digits `>`.
bool is_mask(std::string_view word);

// The password of `scheme://user:password@host...` (the url rule's reading: from the first ':'
// after the scheme to the last '@'); absent when `url` has none.
std::optional<std::string> url_password(std::string_view url);

// `url` with its password (url_password) replaced by `***`: for licmig's own words about a URL the
// engineer gave (messages, listings, journal details, plan commands), which no store key masks.
std::string hide_url_password(std::string_view url);

// `url` with `password` given to its user: `scheme://user@host/...` becomes
// `scheme://user:password@host/...`. Absent when the URL names no user (no '@' before the path) or
// already holds a password.
std::optional<std::string> with_url_password(std::string_view url, std::string_view password);

class MaskStream;

class SecretMasker {
 public:
  // `key`: the store's mask key (any bytes; an empty key still masks, but digests are then guessable).
  explicit SecretMasker(std::string key);

  // A value masked wherever it appears in text, not only where a rule finds it (credentials, tokens).
  void add_known(std::string value);

  // `<secret:xxxxxx>` for `value`.
  std::string mask_of(std::string_view value) const;

  // Masks a whole text (one command's output, a configuration, a message).
  std::string mask(std::string_view text) const;

 private:
  friend class MaskStream;
  std::string mask_known(std::string_view text) const;
  std::string key_;
  std::vector<std::string> known_;  // longest first
};

// Masks text that arrives in pieces, whole lines at a time, keeping the section and block state
// from one piece to the next (a transcript written as the router sends it).
class MaskStream {
 public:
  explicit MaskStream(const SecretMasker &masker) : masker_(&masker) {}
  // Masks `lines` (whole lines, each with its line end; a last piece without one is a line too).
  std::string mask_lines(std::string_view lines);
  // Forgets the section and block state (a new command's output begins).
  void reset();

 private:
  struct Parent {
    std::size_t indent;
    std::string text;
  };
  std::string mask_line(std::string_view line);
  const SecretMasker *masker_;
  std::vector<Parent> parents_;
  bool in_block_ = false;
  std::size_t block_indent_ = 0;
};

}  // namespace licmig::snapshot
