// Printable text: router output and inventory strings made safe for a terminal, a log line or a
// transcript, and router text quoted in an error message at a bounded length.
//
// escape_controls() keeps printable ASCII, tab, newline and valid UTF-8 other than C1 controls, and
// writes everything else visibly: C0 controls (NUL, ESC, SO, ENQ, a lone CR, ...) and DEL as `\xNN`,
// C1 controls as `\xNN` when they come as a single byte and as `\u00NN` when UTF-8 encodes them
// (U+0080-U+009F, e.g. U+009B CSI, U+009D OSC), and each byte of an invalid UTF-8 sequence
// (overlong, surrogate, beyond U+10FFFF, truncated) as `\xNN`. A backslash stays as it is. The
// result holds no byte a terminal acts on except tab and newline, so an escape sequence cannot
// move the cursor, retitle the window or hide text; it is valid UTF-8 (JSON writers accept it).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace licmig::base {

// `text` with every control and invalid byte escaped as described above.
std::string escape_controls(std::string_view text);

// Like escape_controls(), for text shown on one line: a newline is escaped too (`\n`).
std::string escape_controls_line(std::string_view text);

// Router text for an error message: one line, escaped, at most `max_chars` characters of the
// original (default 200), then ` ...(N more bytes)`.
inline constexpr std::size_t k_quote_limit = 200;
std::string quote_router_text(std::string_view text, std::size_t max_chars = k_quote_limit);

// A stream buffer that writes everything through escape_controls() to another one: installed on
// std::cout and std::cerr by licmig's main, so that no router text or inventory string reaches the
// terminal raw, whichever path printed it. A UTF-8 sequence split across writes is kept until its
// end arrives. With `allow_cr`, a carriage return passes (the progress bar on stderr redraws its
// line with it). Not thread-safe by itself: the streams it serves are written under their own locks.
class EscapingStreambuf final : public std::streambuf {
 public:
  EscapingStreambuf(std::streambuf *target, bool allow_cr) : target_(target), allow_cr_(allow_cr) {}
  ~EscapingStreambuf() override;
  EscapingStreambuf(const EscapingStreambuf &) = delete;
  EscapingStreambuf &operator=(const EscapingStreambuf &) = delete;

 protected:
  int_type overflow(int_type ch) override;
  std::streamsize xsputn(const char *s, std::streamsize n) override;
  int sync() override;

 public:
  // Writes `bytes` to the target as they are, after what is pending: the status display's cursor
  // moves and colours (migrate/status.hpp), whose text it escaped itself.
  void write_trusted(std::string_view bytes);

 private:
  void emit(bool all);
  std::streambuf *target_;
  bool allow_cr_;
  std::string pending_;
};

// Writes `bytes` to `os` unescaped: through EscapingStreambuf::write_trusted() when `os` writes
// through one (licmig's std::cerr), else as they are. For terminal control sequences only; any text
// in `bytes` must already have been escaped.
void write_trusted(std::ostream &os, std::string_view bytes);

}  // namespace licmig::base
