#include "rules/matrix.hpp"

#include <tinyxml2.h>
#include <stdexcept>

#include "snapshot/text.hpp"

namespace licmig::rules {

namespace {

Status bad(const std::string &origin, int line, const std::string &what) {
  return Status::error(ErrorKind::invalid_input, origin + ":" + std::to_string(line) + ": " + what);
}

Result<bool> yes_no(const tinyxml2::XMLElement *el, const char *attr, const std::string &origin) {
  const char *v = el->Attribute(attr);
  if (v == nullptr) return bad(origin, el->GetLineNum(), std::string("missing attribute '") + attr + "'");
  std::string s(v);
  if (s == "yes") return true;
  if (s == "no") return false;
  return bad(origin, el->GetLineNum(), std::string("attribute '") + attr + "' must be yes or no, not '" + s + "'");
}

// "16" or "17.3" -> (major, minor?)
bool parse_train(const std::string &text, int &major, std::optional<int> &minor) {
  auto dot = text.find('.');
  auto maj = base::to_int(text.substr(0, dot));
  if (!maj || *maj < 0 || *maj > 1000) return false;
  major = static_cast<int>(*maj);
  if (dot == std::string::npos) {
    minor.reset();
    return true;
  }
  auto min = base::to_int(text.substr(dot + 1));
  if (!min || *min < 0 || *min > 1000) return false;
  minor = static_cast<int>(*min);
  return true;
}

}  // namespace

std::string MatrixRow::train() const {
  return std::to_string(major) + (minor ? "." + std::to_string(*minor) : std::string(".x"));
}

Result<SupportMatrix> SupportMatrix::from_xml(const std::string &xml, const std::string &origin) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.c_str(), xml.size()) != tinyxml2::XML_SUCCESS) {
    return bad(origin, doc.ErrorLineNum(), std::string("not valid XML: ") + doc.ErrorStr());
  }
  const auto *root = doc.RootElement();
  if (root == nullptr || std::string(root->Name()) != "support-matrix") {
    return bad(origin, root ? root->GetLineNum() : 1, "root element must be <support-matrix>");
  }
  SupportMatrix m;
  for (const auto *el = root->FirstChildElement(); el != nullptr; el = el->NextSiblingElement()) {
    std::string name = el->Name();
    const char *train = el->Attribute("train");
    int major = 0;
    std::optional<int> minor;
    if (train == nullptr || !parse_train(train, major, minor)) {
      return bad(origin, el->GetLineNum(), "<" + name + "> needs train=\"MAJOR\" or \"MAJOR.MINOR\"");
    }
    const char *line = el->Attribute("line");
    const char *text = el->GetText();
    if (name == "row") {
      MatrixRow row;
      row.major = major;
      row.minor = minor;
      for (auto [attr, field] : {std::pair<const char *, bool *>{"pak", &row.pak},
                                 {"snapshot", &row.snapshot},
                                 {"smart", &row.smart},
                                 {"no-license", &row.no_license},
                                 {"slr", &row.slr}}) {
        auto v = yes_no(el, attr, origin);
        if (!v) return v.status();
        *field = v.value();
      }
      row.guide_line = line ? line : "";
      const char *section = el->Attribute("section");
      row.guide_section = section ? section : "Table 3: License Support Matrix";
      row.guide_text = text ? base::trim(text) : "";
      for (const auto &other : m.rows_) {
        if (other.major == row.major && other.minor == row.minor) {
          return bad(origin, el->GetLineNum(), "train " + row.train() + " appears twice");
        }
      }
      m.rows_.push_back(std::move(row));
    } else if (name == "after") {
      if (!minor) return bad(origin, el->GetLineNum(), "<after> needs train=\"MAJOR.MINOR\"");
      m.after_ = std::make_pair(major, *minor);
      m.after_note_ = text ? base::trim(text) : "";
      m.after_line_ = line ? line : "";
    } else if (name == "newest") {
      if (!minor) return bad(origin, el->GetLineNum(), "<newest> needs train=\"MAJOR.MINOR\"");
      m.newest_ = std::make_pair(major, *minor);
    } else {
      return bad(origin, el->GetLineNum(), "unknown element <" + name + ">");
    }
  }
  if (m.rows_.empty()) return bad(origin, root->GetLineNum(), "no <row> elements");
  if (m.after_) {
    auto found = false;
    for (const auto &r : m.rows_) found = found || (r.major == m.after_->first && r.minor == m.after_->second);
    if (!found) return bad(origin, root->GetLineNum(), "<after> names a train that has no row");
  }
  if (m.newest_ && m.after_ && *m.newest_ < *m.after_) {
    return bad(origin, root->GetLineNum(), "<newest> names a train before the <after> train");
  }
  return m;
}

std::string SupportMatrix::newest_train() const {
  return newest_ ? std::to_string(newest_->first) + "." + std::to_string(newest_->second) : std::string();
}

bool SupportMatrix::knows(const Release &release) const {
  if (!lookup(release)) return false;
  if (!behaves_as_later_train(release)) return true;
  return newest_ && std::make_pair(release.major(), release.minor()) <= *newest_;
}

const SupportMatrix &SupportMatrix::builtin() {
  static const SupportMatrix matrix = [] {
    auto m = from_xml(builtin_support_matrix_xml, "support_matrix.xml");
    if (!m) throw std::logic_error("built-in support matrix is broken: " + m.error_message());
    return std::move(m).value();
  }();
  return matrix;
}

bool SupportMatrix::behaves_as_later_train(const Release &release) const {
  if (!after_ || !release.is_iosxe()) return false;
  return release.major() > after_->first || (release.major() == after_->first && release.minor() > after_->second);
}

std::optional<MatrixRow> SupportMatrix::lookup(const Release &release) const {
  if (!release.is_iosxe()) return std::nullopt;
  int major = release.major();
  int minor = release.minor();
  if (behaves_as_later_train(release)) {
    major = after_->first;
    minor = after_->second;
  }
  for (const auto &r : rows_) {
    if (r.major == major && r.minor && *r.minor == minor) return r;
  }
  for (const auto &r : rows_) {
    if (r.major == major && !r.minor) return r;
  }
  return std::nullopt;
}

}  // namespace licmig::rules
