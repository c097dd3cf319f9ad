// `dir bootflash:` (and `dir` of any other file system): the files and the free space.
//
//   Directory of bootflash:/
//
//      11  -rw-      588488704  Oct 21 2021 10:11:12 +00:00  asr920-universalk9_npe.17.06.01.SPA.bin
//   130049  drwx           4096  Sep 13 2021 13:19:19 +00:00  core
//       2  -rw-              0          <no date>  vlan.dat
//
//   7897796608 bytes total (3578658816 bytes free)
//
// Also read: entries without a timezone or without a date (ROMMON), entries with no number and
// permissions ("52429131    Apr 05 08:53:17 2021  test.txt"), "No such file", ROMMON's
// "N bytes available (M bytes used)" total, and recursive listings (several "Directory of" lines;
// `directory` is the first, all entries go to `files`). IOS file names hold no spaces: the name
// is the last word of the entry.
//
// Not this format: empty text, an IOS error ("%Error opening ...", "% Invalid input"), text with
// neither a "Directory of" nor a "bytes total" line. Malformed: an entry line (number, then
// permissions) whose size is not a number or that stops before the name, a total that is not a
// number.
#include <array>
#include <cctype>
#include <limits>
#include <utility>

#include "base/text.hpp"
#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

using Result = Parsed<DirListing>;

std::string join(const std::vector<std::string_view> &w, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (!out.empty()) out.push_back(' ');
    out.append(w[i]);
  }
  return out;
}

using base::is_digits;

// "-rw-", "drwx", "-rwx", "lrwx"
bool is_permissions(std::string_view s) {
  if (s.size() < 4 || s.size() > 11) return false;
  if (s[0] != '-' && s[0] != 'd' && s[0] != 'l') return false;
  for (char c : s.substr(1)) {
    if (c != '-' && c != 'r' && c != 'w' && c != 'x' && c != 's' && c != 't') return false;
  }
  return true;
}

bool is_month(std::string_view s) {
  static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (auto m : months) {
    if (s == m) return true;
  }
  return false;
}

// The date words between the size and the name; "<no date>" is no date.
OptString date_of(const std::vector<std::string_view> &w, std::size_t from, std::size_t to) {
  auto d = join(w, from, to);
  if (d.empty() || d == "<no date>") return std::nullopt;
  return d;
}

enum class EntryRead { not_entry, ok, garbled };

// One listing line; `why` says what is wrong with a garbled one.
EntryRead read_entry(std::string_view t, FlashFile &f, std::string &why) {
  auto w = base::words(t);
  if (w.size() >= 2 && is_digits(w[0]) && is_permissions(w[1])) {
    // inode, permissions, size, [date...], name
    if (w.size() < 4) {
      why = "entry stops before the file name";
      return EntryRead::garbled;
    }
    auto size = base::to_int(w[2]);
    if (!size || *size < 0) {
      why = "file size '" + std::string(w[2]) + "' is not a number";
      return EntryRead::garbled;
    }
    f.inode = base::to_int(w[0]);
    f.permissions = std::string(w[1]);
    f.size = *size;
    f.date = date_of(w, 3, w.size() - 1);
    f.name = std::string(w.back());
    return EntryRead::ok;
  }
  if (w.size() >= 3 && is_digits(w[0]) && is_month(w[1])) {
    // size, date..., name
    auto size = base::to_int(w[0]);
    if (!size) {
      why = "file size '" + std::string(w[0]) + "' is too large";
      return EntryRead::garbled;
    }
    f.size = *size;
    f.date = date_of(w, 1, w.size() - 1);
    f.name = std::string(w.back());
    return EntryRead::ok;
  }
  return EntryRead::not_entry;
}

// "N bytes total (M bytes free)" or ROMMON's "N bytes available (M bytes used)".
EntryRead read_totals(std::string_view t, DirListing &d, std::string &why) {
  auto w = base::words(t);
  if (w.size() < 3 || w[1] != "bytes" || (w[2] != "total" && w[2] != "available")) return EntryRead::not_entry;
  auto first = base::to_int(w[0]);
  std::optional<long long> second;
  if (w.size() >= 6 && w[4] == "bytes") {
    auto n = w[3];
    if (base::starts_with(n, "(")) n.remove_prefix(1);
    second = base::to_int(n);
  }
  if (!first || *first < 0 || (w.size() >= 4 && (!second || *second < 0))) {
    why = "byte count is not a number";
    return EntryRead::garbled;
  }
  if (w[2] == "total") {
    d.total_bytes = *first;
    if (second) d.free_bytes = *second;
  } else {
    d.free_bytes = *first;
    if (second && *second <= std::numeric_limits<long long>::max() - *first) d.total_bytes = *first + *second;
  }
  return EntryRead::ok;
}

}  // namespace

Parsed<DirListing> parse_dir(std::string_view text) {
  auto lines = clean_lines(text);
  if (auto why = not_command_output(lines)) return Result::not_this(*why);

  DirListing out;
  bool marker = false;
  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (base::starts_with(t, "Directory of ")) marker = true;
    auto w = base::words(t);
    if (w.size() >= 3 && w[1] == "bytes" && (w[2] == "total" || w[2] == "available")) marker = true;
  }
  if (!marker) return Result::not_this("no 'Directory of' or 'bytes total' line");

  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (t.empty()) continue;
    if (is_prompt_line(t)) break;  // a captured session: the next command starts here
    if (base::starts_with(t, "Directory of ")) {
      if (!out.directory) out.directory = base::trim(t.substr(13));
      continue;
    }
    std::string why;
    FlashFile f;
    switch (read_entry(t, f, why)) {
      case EntryRead::ok: out.files.push_back(std::move(f)); continue;
      case EntryRead::garbled: return Result::malformed(l.number, why);
      case EntryRead::not_entry: break;
    }
    if (read_totals(t, out, why) == EntryRead::garbled) return Result::malformed(l.number, why);
    // anything else ("No such file", notes) carries nothing we keep
  }
  return Result::ok(std::move(out));
}

}  // namespace licmig::snapshot
