// A software release as routers print it, normalised and ordered.
//
// Parses every form seen in `show version` output and in the vendor guide:
//   17.07.01prd9  17.7.1  17.3.4a  17.10.1a  16.6.10  16.09.04      (IOS XE 16.x/17.x)
//   17.2.20191101:003833                                            (engineering build of 17.2)
//   03.16.08.S  3.16.8S  03.13.04b.S                                 (IOS XE 3.x)
//   15.8(3)M3b  15.2(4)S5  12.2(55)SE                                (classic IOS)
// Leading zeros are dropped (17.07.01 == 17.7.1). Ordering: classic IOS sorts before IOS XE; within
// a family by the numbers; then a pre-release build (prd, engineering date) sorts before the
// release, and a letter rebuild (17.3.4a) after it.
//
// Canonical spellings: "17.7.1", "17.3.4a", "17.7.1-prd9", "17.2-20191101:003833" (an engineering
// build of 17.2, ordered after every 17.1.x and before 17.2.1), "3.16.8S", "3.13.4bS",
// "15.8(3)M3b", "15.2(4.0.55)E" (an interim build, ordered before 15.2(4)E).
//
// An unparseable string is an error value (Result), never an exception.
//
// Thread-safety: value type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace licmig::snapshot {

struct ReleaseScanner;

class Release {
 public:
  enum class Family { ios, iosxe };

  static Result<Release> parse(std::string_view text);
  // Shorthand for building releases in code and tests: parse() that must succeed
  // (throws std::invalid_argument otherwise; never used on device text).
  static Release of(std::string_view text);

  Family family() const { return family_; }
  bool is_iosxe() const { return family_ == Family::iosxe; }
  int major() const { return major_; }
  int minor() const { return minor_; }
  int patch() const { return patch_; }
  // Letter rebuild ("a" in 17.3.4a, "b" in 03.13.04b.S), may be empty; for classic IOS everything
  // after the brackets ("M3b" in 15.8(3)M3b, "SE" in 12.2(55)SE).
  const std::string &rebuild() const { return rebuild_; }
  // Pre-release tag ("prd9", "20191101:003833", "0.55" in 15.2(4.0.55)E), may be empty.
  const std::string &prerelease() const { return prerelease_; }
  // The text as given.
  const std::string &text() const { return text_; }

  // Canonical form: "17.7.1", "17.3.4a", "3.16.8S", "15.8(3)M3b"; a pre-release keeps its tag
  // after a dash: "17.7.1-prd9".
  std::string normalised() const;
  // The release without any pre-release tag, as the vendor's tables name it: "17.7.1" ("17.2" for
  // an engineering build of 17.2).
  std::string base() const;
  // "17.x", "16.x", "3.x", "15.x" ...
  std::string train() const;

  friend bool operator==(const Release &a, const Release &b) { return a.compare(b) == 0; }
  friend bool operator!=(const Release &a, const Release &b) { return a.compare(b) != 0; }
  friend bool operator<(const Release &a, const Release &b) { return a.compare(b) < 0; }
  friend bool operator>(const Release &a, const Release &b) { return a.compare(b) > 0; }
  friend bool operator<=(const Release &a, const Release &b) { return a.compare(b) <= 0; }
  friend bool operator>=(const Release &a, const Release &b) { return a.compare(b) >= 0; }

  // <0, 0, >0
  int compare(const Release &other) const;

 private:
  friend struct ReleaseScanner;

  Family family_ = Family::iosxe;
  int major_ = 0;
  int minor_ = 0;
  int patch_ = 0;
  std::string train_letters_;  // classic IOS train ("M", "S", "SE") / IOS XE 3.x "S"
  std::string patch_letters_;  // classic IOS: "f" in 12.3(6f), "r" in ROM versions 12.2(33r)
  std::string rebuild_;
  int rebuild_number_ = -1;     // classic IOS: 3 in 15.8(3)M3b; -1 when absent
  std::string rebuild_letter_;  // "a" in 17.3.4a, "b" in 15.8(3)M3b
  bool engineering_ = false;    // dated engineering build, 17.2.20191101:003833
  std::string prerelease_;
  std::string text_;
};

struct VersionInfo;

// The release a router's `show version` shows: the normalised `release` field first (on engineering
// builds `version` is a build label), else `version`; nullopt when neither parses. The one answer
// to "which release does this router run" for the rules, the planner and the executor.
std::optional<Release> release_of(const VersionInfo &version);

}  // namespace licmig::snapshot
