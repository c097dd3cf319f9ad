// `copy URL bootflash:NAME` as IOS XE ends it:
//
//   Destination filename [asr920.bin]?
//   Accessing http://10.0.0.5/asr920.bin...
//   Loading http://10.0.0.5/asr920.bin !!!!!!!!!!!!!!!!!!!!
//   [OK - 588488704 bytes]
//
//   588488704 bytes copied in 104.722 secs (5619638 bytes/sec)
//
// or with an error: "%Error opening tftp://10.0.0.5/x.bin (Timed out)", "%Error writing
// bootflash:x.bin (No space left on device)", "%Error reading ... (I/O error)".
#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

Parsed<CopyOutcome> parse_copy(std::string_view text) {
  CopyOutcome out;
  bool recognised = false;
  for (const auto &l : clean_lines(text)) {
    const auto t = base::trim_view(l.text);
    for (char c : t) {
      if (c == '!') ++out.progress_marks;
    }
    if (base::starts_with(t, "%Error") || base::starts_with(t, "% Error")) {
      if (!out.error) out.error = std::string(t);
      recognised = true;
      continue;
    }
    if (base::starts_with(t, "[OK - ")) {
      auto w = base::words(t.substr(6));
      auto n = w.empty() ? std::nullopt : base::to_int(w[0]);
      if (!n || *n < 0) return Parsed<CopyOutcome>::malformed(l.number, "the byte count of '" + std::string(t) + "'");
      out.bytes = *n;
      recognised = true;
      continue;
    }
    auto w = base::words(t);
    if (w.size() >= 3 && w[1] == "bytes" && w[2] == "copied") {
      auto n = base::to_int(w[0]);
      if (!n || *n < 0) return Parsed<CopyOutcome>::malformed(l.number, "the byte count of '" + std::string(t) + "'");
      if (!out.bytes) out.bytes = *n;
      recognised = true;
    }
  }
  if (!recognised) return Parsed<CopyOutcome>::not_this("no '[OK - N bytes]', 'N bytes copied' or '%Error' line");
  return Parsed<CopyOutcome>::ok(std::move(out));
}

}  // namespace licmig::snapshot
