// Release: parsing, normalising and ordering of IOS / IOS XE release strings (see release.hpp).
// A small hand-written scanner over the text; no regular expressions.
#include "snapshot/release.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>
#include <utility>

#include "base/text.hpp"
#include "snapshot/model.hpp"

namespace licmig::snapshot {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// Reads a run of decimal digits at s[i...] into `out`; false when there is none or it overflows.
bool read_number(std::string_view s, std::size_t &i, int &out, std::size_t *digits = nullptr) {
  std::size_t start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == start) return false;
  if (digits) *digits = i - start;
  auto [ptr, ec] = std::from_chars(s.data() + start, s.data() + i, out);
  return ec == std::errc() && ptr == s.data() + i;
}

// Reads a run of characters accepted by `pred`.
template <class Pred>
std::string read_run(std::string_view s, std::size_t &i, Pred pred) {
  std::size_t start = i;
  while (i < s.size() && pred(s[i])) ++i;
  return std::string(s.substr(start, i - start));
}

bool expect(std::string_view s, std::size_t &i, char c) {
  if (i < s.size() && s[i] == c) {
    ++i;
    return true;
  }
  return false;
}

int sign(int v) { return (v > 0) - (v < 0); }

int compare_strings(const std::string &a, const std::string &b) { return sign(a.compare(b)); }

// Compares two tags piecewise: runs of digits by value, other runs as text.
int compare_tags(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = is_digit(a[i]);
    bool db = is_digit(b[j]);
    if (da != db) return da ? -1 : 1;
    std::size_t si = i;
    std::size_t sj = j;
    while (i < a.size() && is_digit(a[i]) == da) ++i;
    while (j < b.size() && is_digit(b[j]) == db) ++j;
    auto ra = a.substr(si, i - si);
    auto rb = b.substr(sj, j - sj);
    if (da) {
      // strip leading zeros, then the longer number is larger
      while (ra.size() > 1 && ra.front() == '0') ra.remove_prefix(1);
      while (rb.size() > 1 && rb.front() == '0') rb.remove_prefix(1);
      if (ra.size() != rb.size()) return ra.size() < rb.size() ? -1 : 1;
    }
    if (int c = sign(ra.compare(rb))) return c;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

// Engineering builds (a date) sort before `prd` builds.
int prerelease_rank(const std::string &tag) { return (!tag.empty() && is_digit(tag.front())) ? 0 : 1; }

}  // namespace

// Parsing is a member so that it can fill the private fields; the helpers below return false on
// anything they do not recognise.
struct ReleaseScanner {
  static bool classic(std::string_view s, Release &r);
  static bool dotted(std::string_view s, Release &r);
  static bool engineering_tag(std::string_view s, std::size_t i, Release &r);
};

// 15.8(3)M3b, 12.2(55)SE, 12.3(6f), 15.2(4.0.55)E, 12.2(33r)SRB4
bool ReleaseScanner::classic(std::string_view s, Release &r) {
  std::size_t i = 0;
  r.family_ = Release::Family::ios;
  if (!read_number(s, i, r.major_) || !expect(s, i, '.') || !read_number(s, i, r.minor_) || !expect(s, i, '(') ||
      !read_number(s, i, r.patch_)) {
    return false;
  }
  r.patch_letters_ = read_run(s, i, is_lower);
  if (r.patch_letters_.size() > 2) return false;
  if (expect(s, i, '.')) {  // interim build inside the brackets: (4.0.55)
    std::size_t start = i;
    int part = 0;
    if (!read_number(s, i, part)) return false;
    while (expect(s, i, '.')) {
      if (!read_number(s, i, part)) return false;
    }
    r.prerelease_ = std::string(s.substr(start, i - start));
  }
  if (!expect(s, i, ')')) return false;
  r.train_letters_ = read_run(s, i, is_upper);
  if (i < s.size() && is_digit(s[i]) && !read_number(s, i, r.rebuild_number_)) return false;
  r.rebuild_letter_ = read_run(s, i, is_lower);
  if (r.rebuild_letter_.size() > 1 || i != s.size()) return false;
  r.rebuild_ = r.train_letters_ + (r.rebuild_number_ >= 0 ? std::to_string(r.rebuild_number_) : std::string()) +
               r.rebuild_letter_;
  return true;
}

// A dated engineering build tag at s[i...] to the end: 20191101 or 20191101:003833.
bool ReleaseScanner::engineering_tag(std::string_view s, std::size_t i, Release &r) {
  std::size_t start = i;
  std::size_t digits = 0;
  int part = 0;
  if (!read_number(s, i, part, &digits) || digits < 8) return false;
  if (expect(s, i, ':') && !read_number(s, i, part)) return false;
  if (i != s.size()) return false;
  r.patch_ = 0;
  r.engineering_ = true;
  r.prerelease_ = std::string(s.substr(start));
  return true;
}

// 17.07.01prd9, 17.3.4a, 16.6.10, 17.2.20191101:003833, 03.16.08.S, 3.16.8S, 03.13.04b.S, and the
// canonical spellings 17.7.1-prd9, 17.2-20191101:003833
bool ReleaseScanner::dotted(std::string_view s, Release &r) {
  std::size_t i = 0;
  r.family_ = Release::Family::iosxe;
  std::size_t digits = 0;
  if (!read_number(s, i, r.major_) || !expect(s, i, '.') || !read_number(s, i, r.minor_)) return false;
  const bool xe3 = r.major_ == 2 || r.major_ == 3;
  if (!xe3 && r.major_ < 16) return false;
  if (!xe3 && expect(s, i, '-')) return engineering_tag(s, i, r);
  if (!expect(s, i, '.')) return false;
  std::size_t third_start = i;
  if (!read_number(s, i, r.patch_, &digits)) return false;
  if (!xe3 && digits >= 8) return engineering_tag(s, third_start, r);
  if (xe3) {
    r.rebuild_letter_ = read_run(s, i, is_lower);
    if (r.rebuild_letter_.size() > 1) return false;
    expect(s, i, '.');
    r.train_letters_ = read_run(s, i, is_upper);
    if (i != s.size()) return false;
    r.rebuild_ = r.rebuild_letter_;
    return true;
  }
  const bool dash = expect(s, i, '-');
  auto rest = s.substr(i);
  if (rest.size() > 3 && (rest[0] == 'p' || rest[0] == 'P') && (rest[1] == 'r' || rest[1] == 'R') &&
      (rest[2] == 'd' || rest[2] == 'D')) {
    std::size_t j = 3;
    int n = 0;
    if (!read_number(rest, j, n) || j != rest.size()) return false;
    r.prerelease_ = "prd" + std::to_string(n);
    return true;
  }
  if (dash) return false;
  r.rebuild_letter_ = read_run(s, i, is_lower);
  if (r.rebuild_letter_.size() > 1 || i != s.size()) return false;
  r.rebuild_ = r.rebuild_letter_;
  return true;
}

Result<Release> Release::parse(std::string_view text) {
  const auto s = base::trim_view(text);
  Release r;
  bool ok = !s.empty() &&
            (s.find('(') != std::string_view::npos ? ReleaseScanner::classic(s, r) : ReleaseScanner::dotted(s, r));
  if (!ok) return Status::error(ErrorKind::parse_error, "not a software release: '" + std::string(text) + "'");
  r.text_ = std::string(s);
  return r;
}

Release Release::of(std::string_view text) {
  auto r = parse(text);
  if (!r) throw std::invalid_argument(r.error_message());
  return std::move(r).value();
}

std::string Release::base() const {
  std::string mm = std::to_string(major_) + "." + std::to_string(minor_);
  if (family_ == Family::ios) {
    return mm + "(" + std::to_string(patch_) + patch_letters_ + ")" + rebuild_;
  }
  if (engineering_) return mm;
  return mm + "." + std::to_string(patch_) + rebuild_letter_ + train_letters_;
}

std::string Release::normalised() const {
  if (prerelease_.empty()) return base();
  if (family_ == Family::ios) {
    // interim builds keep the vendor's spelling: 15.2(4.0.55)E
    return std::to_string(major_) + "." + std::to_string(minor_) + "(" + std::to_string(patch_) + patch_letters_ + "." +
           prerelease_ + ")" + rebuild_;
  }
  return base() + "-" + prerelease_;
}

std::string Release::train() const { return std::to_string(major_) + ".x"; }

int Release::compare(const Release &other) const {
  if (family_ != other.family_) return family_ == Family::ios ? -1 : 1;
  if (major_ != other.major_) return major_ < other.major_ ? -1 : 1;
  if (minor_ != other.minor_) return minor_ < other.minor_ ? -1 : 1;
  if (patch_ != other.patch_) return patch_ < other.patch_ ? -1 : 1;
  if (int c = compare_strings(patch_letters_, other.patch_letters_)) return c;
  if (int c = compare_strings(train_letters_, other.train_letters_)) return c;
  // a pre-release sorts before the release it leads to
  const bool pa = !prerelease_.empty();
  const bool pb = !other.prerelease_.empty();
  if (pa != pb) return pa ? -1 : 1;
  if (pa) {
    int ra = prerelease_rank(prerelease_);
    int rb = prerelease_rank(other.prerelease_);
    if (ra != rb) return ra < rb ? -1 : 1;
    if (int c = compare_tags(prerelease_, other.prerelease_)) return c;
  }
  if (rebuild_number_ != other.rebuild_number_) return rebuild_number_ < other.rebuild_number_ ? -1 : 1;
  return compare_strings(rebuild_letter_, other.rebuild_letter_);
}

std::optional<Release> release_of(const VersionInfo &version) {
  for (const auto *text : {&version.release, &version.version}) {
    if (!*text) continue;
    auto r = Release::parse(**text);
    if (r) return r.value();
  }
  return std::nullopt;
}

}  // namespace licmig::snapshot
