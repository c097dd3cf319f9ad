// A std::streambuf that hands every character written to it to one function, put(c): the base of
// the output filters that decide line by line (cli/logging.cpp's -q filter, the status display's
// message lines in migrate/status.cpp), so each writes only what it does with a character.
//
// Thread-safety: as the derived put().
#pragma once

#include <streambuf>

namespace licmig::base {

class CharSink : public std::streambuf {
 protected:
  virtual void put(char c) = 0;

  int_type overflow(int_type ch) override {
    if (traits_type::eq_int_type(ch, traits_type::eof())) return traits_type::not_eof(ch);
    put(traits_type::to_char_type(ch));
    return ch;
  }
  std::streamsize xsputn(const char *s, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) put(s[i]);
    return n;
  }
};

}  // namespace licmig::base
