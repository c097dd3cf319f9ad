#include "rules/target_release.hpp"

#include <cctype>
#include <vector>

#include "base/text.hpp"

namespace licmig::rules {

namespace {

using base::is_digits;

// Digits, optionally followed by one lower-case rebuild letter ("01a").
bool digits_and_letter(std::string_view s) {
  if (!s.empty() && std::islower(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return is_digits(s);
}

}  // namespace

Result<Release> image_release(std::string_view image) {
  const std::string name = base::basename_of(image);
  std::vector<std::string_view> parts;
  std::string_view rest(name);
  while (true) {
    auto dot = rest.find('.');
    parts.push_back(rest.substr(0, dot));
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  for (std::size_t i = 0; i + 2 < parts.size(); ++i) {
    if (is_digits(parts[i]) && is_digits(parts[i + 1]) && digits_and_letter(parts[i + 2])) {
      const std::string text =
          std::string(parts[i]) + "." + std::string(parts[i + 1]) + "." + std::string(parts[i + 2]);
      auto r = Release::parse(text);
      if (r && r->is_iosxe()) return r;
    }
  }
  return Status::error(ErrorKind::not_found, "--image " + std::string(image) +
                                                 ": no release in the file name (expected e.g. "
                                                 "asr920-universalk9_npe.17.12.01.SPA.bin)");
}

Result<Release> validate_target_release(const std::string &text, const SupportMatrix &matrix, bool allow_unlisted) {
  auto r = Release::parse(text);
  if (!r)
    return Status::error(ErrorKind::invalid_input, "--target-release '" + text + "': not a release (" +
                                                       r.error_message() + "); expected e.g. 17.12.1");
  if (!r->prerelease().empty()) {
    return Status::error(ErrorKind::invalid_input,
                         "--target-release '" + text + "': a pre-release build is not a migration target");
  }
  if (matrix.knows(r.value())) return r;
  const bool past_newest = matrix.lookup(r.value()).has_value();
  if (past_newest && allow_unlisted) return r;
  std::string known =
      "16.x and 17.1 to " + (matrix.newest_train().empty() ? std::string("17.11") : matrix.newest_train());
  if (past_newest) {
    return Status::error(ErrorKind::invalid_input,
                         "--target-release " + text + ": newer than the newest release train licmig knows (" +
                             matrix.newest_train() + "); check the number, or pass --allow-unlisted-release");
  }
  return Status::error(ErrorKind::invalid_input,
                       "--target-release " + text + ": not a release of the support matrix (" + known + ")");
}

Status check_image_matches_target(const std::string &image, const Release &target) {
  auto img = image_release(image);
  if (!img) return Status::error(ErrorKind::invalid_input, img.error_message());
  const auto &i = img.value();
  const bool same_numbers = i.major() == target.major() && i.minor() == target.minor() && i.patch() == target.patch();
  // A letter rebuild of the target (17.09.04a for 17.9.4) comes up as that release; a target that
  // names a rebuild needs exactly that image.
  if (same_numbers && (target.rebuild().empty() || target.rebuild() == i.rebuild())) return Status::ok();
  return Status::error(ErrorKind::invalid_input, "--image " + image + " is release " + i.normalised() +
                                                     ", not the target release " + target.normalised());
}

}  // namespace licmig::rules
