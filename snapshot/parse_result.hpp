// The outcome of running one parser over one command's text.
//
// Every parser answers in one of three ways and never throws on device text:
//   recognised       - the text is this command's output; `value` holds what it said
//   not_this_format  - the text is some other output (or empty, or an IOS error line)
//   malformed        - it starts like this command's output but is broken (truncated, garbled);
//                      `line` (1-based, in the original text) and `reason` say where and why
//
// Thread-safety: value type.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

namespace licmig::snapshot {

enum class ParseOutcome { recognised, not_this_format, malformed };

const char *to_string(ParseOutcome outcome);

template <class T>
struct [[nodiscard]] Parsed {
  ParseOutcome outcome = ParseOutcome::not_this_format;
  T value{};
  std::string reason;    // why not recognised / what is malformed
  std::size_t line = 0;  // where it is malformed (0 = not tied to a line)

  bool recognised() const { return outcome == ParseOutcome::recognised; }

  static Parsed ok(T v) { return Parsed{ParseOutcome::recognised, std::move(v), {}, 0}; }
  static Parsed not_this(std::string why) { return Parsed{ParseOutcome::not_this_format, T{}, std::move(why), 0}; }
  static Parsed malformed(std::size_t at_line, std::string why) {
    return Parsed{ParseOutcome::malformed, T{}, std::move(why), at_line};
  }
};

// Converts a Parsed<T> into a Parsed<U> carrying the same failure (for failures only).
template <class U, class T>
Parsed<U> forward_failure(const Parsed<T> &p) {
  return Parsed<U>{p.outcome, U{}, p.reason, p.line};
}

}  // namespace licmig::snapshot
