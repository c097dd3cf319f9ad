// The license support matrix (rules/support_matrix.xml, the vendor guide's "Table 3: License Support
// Matrix") as data: for a
// release, whether PAK licenses, the PAK snapshot, Smart Licensing and No-License mode exist.
//
// The XML is compiled into licmig (so the binary is self-contained) and can be replaced at run time
// with another file of the same form. Releases after the `<after>` train behave as that train;
// releases in no row (classic IOS, IOS XE 3.x, 15.x) are outside the matrix. `<newest>` names the
// newest train the data knows of; a release past it is unknown (a typo, or data to update).
//
// Thread-safety: immutable after loading; the built-in matrix is loaded once, thread-safely.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "snapshot/release.hpp"

namespace licmig::rules {

using snapshot::Release;

struct MatrixRow {
  int major = 0;
  std::optional<int> minor;  // absent: the row covers every MAJOR.x release
  bool pak = false;
  bool snapshot = false;
  bool smart = false;
  bool no_license = false;
  bool slr = false;           // Specific License Reservation
  std::string guide_line;     // where the fact stands in the guide (line numbers, for us)
  std::string guide_section;  // the guide's title of where it stands (what users are shown)
  std::string guide_text;     // the guide's row as printed

  std::string train() const;  // "16.x", "17.3"
};

class SupportMatrix {
 public:
  // Parses the XML form. Errors (invalid_input) name the line and the cause.
  static Result<SupportMatrix> from_xml(const std::string &xml, const std::string &origin);
  // The matrix compiled into licmig.
  static const SupportMatrix &builtin();

  const std::vector<MatrixRow> &rows() const { return rows_; }

  // The row a release falls in (after the `<after>` train: that train's row). nullopt = outside.
  std::optional<MatrixRow> lookup(const Release &release) const;
  // True when `release` is past the `<after>` train and therefore behaves as it.
  bool behaves_as_later_train(const Release &release) const;
  const std::string &after_note() const { return after_note_; }
  // The newest release train the data knows ("17.18"; "" when the data names none: then only the
  // trains with rows are known).
  std::string newest_train() const;
  // True when `release` is on a train the data has a row for, or on a later train up to the newest
  // known one.
  bool knows(const Release &release) const;
  const std::string &after_line() const { return after_line_; }

 private:
  std::vector<MatrixRow> rows_;
  std::optional<std::pair<int, int>> after_;  // major.minor of the train later releases behave as
  std::string after_note_;
  std::string after_line_;
  std::optional<std::pair<int, int>> newest_;  // major.minor of the newest known train
};

// The XML text compiled in (generated from rules/support_matrix.xml at build time).
extern const char *const builtin_support_matrix_xml;

}  // namespace licmig::rules
