// Escaping controls and invalid UTF-8 for terminals and logs.
#include "base/printable.hpp"

#include <algorithm>
#include <cstdint>

namespace licmig::base {

namespace {

constexpr char k_hex[] = "0123456789abcdef";

void hex_byte(std::string &out, const char *prefix, unsigned char b) {
  out += prefix;
  out.push_back(k_hex[b >> 4]);
  out.push_back(k_hex[b & 0xf]);
}

// The length of the valid UTF-8 sequence at `s[i]` (2-4), or 0 when it is not one. Rejects
// overlong forms, surrogates and code points beyond U+10FFFF.
std::size_t utf8_length(std::string_view s, std::size_t i, std::uint32_t &cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  std::uint32_t min = 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    n = 2;
    cp = b0 & 0x1fu;
    min = 0x80;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    cp = b0 & 0x0fu;
    min = 0x800;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    cp = b0 & 0x07u;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3fu);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

// Appends the escaped form of s[i...] and returns how many bytes of `s` it consumed.
std::size_t escape_one(std::string &out, std::string_view s, std::size_t i, bool keep_newline) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b == '\t' || (b == '\n' && keep_newline)) {
    out.push_back(static_cast<char>(b));
    return 1;
  }
  if (b == '\n') {
    out += "\\n";
    return 1;
  }
  if (b < 0x20 || b == 0x7f) {
    hex_byte(out, "\\x", b);
    return 1;
  }
  if (b < 0x80) {
    out.push_back(static_cast<char>(b));
    return 1;
  }
  std::uint32_t cp = 0;
  const auto n = utf8_length(s, i, cp);
  if (n == 0) {
    hex_byte(out, "\\x", b);
    return 1;
  }
  if (cp <= 0x9f) {
    hex_byte(out, "\\u00", static_cast<unsigned char>(cp));
  } else {
    out.append(s.substr(i, n));
  }
  return n;
}

std::string escape(std::string_view text, bool keep_newline) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) i += escape_one(out, text, i, keep_newline);
  return out;
}

}  // namespace

std::string escape_controls(std::string_view text) { return escape(text, true); }

std::string escape_controls_line(std::string_view text) { return escape(text, false); }

EscapingStreambuf::~EscapingStreambuf() { emit(true); }

void EscapingStreambuf::emit(bool all) {
  std::size_t cut = pending_.size();
  if (!all) {
    // Keep an unfinished UTF-8 sequence at the end (a lead byte and fewer continuation bytes than it needs).
    for (std::size_t back = 1; back <= 3 && back <= pending_.size(); ++back) {
      const auto b = static_cast<unsigned char>(pending_[pending_.size() - back]);
      if ((b & 0xc0) == 0x80) continue;
      const std::size_t need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      if (need > back) cut = pending_.size() - back;
      break;
    }
  }
  std::string out;
  out.reserve(cut);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= cut; ++i) {
    if (i < cut && !(allow_cr_ && pending_[i] == '\r')) continue;
    out += escape_controls(std::string_view(pending_).substr(start, i - start));
    if (i < cut) out.push_back('\r');
    start = i + 1;
  }
  pending_.erase(0, cut);
  if (!out.empty()) target_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
}

EscapingStreambuf::int_type EscapingStreambuf::overflow(int_type ch) {
  if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
  pending_.push_back(traits_type::to_char_type(ch));
  if (pending_.size() >= 4096 || ch == '\n') emit(false);
  return ch;
}

std::streamsize EscapingStreambuf::xsputn(const char *s, std::streamsize n) {
  // in slices: what is held here stays small whatever one write brings
  constexpr std::size_t slice = 64 * 1024;
  const auto size = static_cast<std::size_t>(n);
  for (std::size_t at = 0; at < size; at += slice) {
    pending_.append(s + at, std::min(slice, size - at));
    emit(false);
  }
  return n;
}

int EscapingStreambuf::sync() {
  emit(false);
  return target_->pubsync();
}

void EscapingStreambuf::write_trusted(std::string_view bytes) {
  emit(true);
  target_->sputn(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  target_->pubsync();
}

void write_trusted(std::ostream &os, std::string_view bytes) {
  if (auto *escaping = dynamic_cast<EscapingStreambuf *>(os.rdbuf())) {
    escaping->write_trusted(bytes);
    return;
  }
  os.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  os.flush();
}

std::string quote_router_text(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t i = 0;
  std::size_t chars = 0;
  while (i < text.size() && chars < max_chars) {
    i += escape_one(out, text, i, false);
    ++chars;
  }
  if (i < text.size()) out += " ...(" + std::to_string(text.size() - i) + " more bytes)";
  return out;
}

}  // namespace licmig::base
