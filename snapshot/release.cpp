#include "snapshot/release.hpp"

#include <stdexcept>

namespace licmig::snapshot {

Result<Release> Release::parse(std::string_view text) {
  return Status::error(ErrorKind::parse_error, "release parser not written yet: '" + std::string(text) + "'");
}
Release Release::of(std::string_view text) {
  auto r = parse(text);
  if (!r) throw std::invalid_argument(r.error_message());
  return std::move(r).value();
}
std::string Release::normalised() const { return text_; }
std::string Release::base() const { return text_; }
std::string Release::train() const { return text_; }
int Release::compare(const Release &) const { return 0; }

}  // namespace licmig::snapshot
