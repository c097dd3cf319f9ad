#include "migrate/target_options.hpp"

#include <filesystem>

#include "migrate/stage_fleet.hpp"

#include "base/text.hpp"
#include "rules/matrix.hpp"
#include "rules/target_release.hpp"
#include "snapshot/release.hpp"
#include "snapshot/secrets.hpp"

namespace licmig::migrate {

Status validate_target(const TargetOptions &o) {
  auto release = rules::validate_target_release(o.release, rules::SupportMatrix::builtin(), o.allow_unlisted_release);
  if (!release) return release.status();
  if (!o.image.empty()) {
    if (auto st = rules::check_image_matches_target(o.image, release.value()); !st) return st;
  }
  if (auto via = via_releases(o); !via) return via.status();
  if (!o.image_url.empty()) {
    if (o.image.empty()) {
      return Status::invalid_input("--image-url needs --image: the image's name on bootflash: (or a local copy of it)");
    }
    if (auto st = check_image_url(o.image_url); !st) return st;
  }
  return Status::ok();
}

Result<std::vector<snapshot::Release>> via_releases(const TargetOptions &o) {
  std::vector<snapshot::Release> out;
  if (o.via_images.size() != o.via.size()) {
    return Status::error(ErrorKind::invalid_input, "--via: give one --via-image per --via release (" +
                                                       std::to_string(o.via.size()) + " releases, " +
                                                       std::to_string(o.via_images.size()) + " images)");
  }
  for (std::size_t i = 0; i < o.via.size(); ++i) {
    auto r = snapshot::Release::parse(o.via[i]);
    if (!r) return Status::error(ErrorKind::invalid_input, "--via " + o.via[i] + ": " + r.error_message());
    if (auto st = rules::check_image_matches_target(o.via_images[i], r.value()); !st) {
      return Status::error(ErrorKind::invalid_input, "--via-image: " + st.message());
    }
    out.push_back(r.value());
  }
  return out;
}

Result<rules::Target> make_target(const TargetOptions &o, const std::map<std::string, std::string> &expected_md5) {
  rules::Target t;
  t.release_text = o.release;
  if (auto r = snapshot::Release::parse(o.release)) t.release = r.value();
  auto mode = rules::target_mode_from_string(o.mode);
  if (!mode) return Status::error(ErrorKind::invalid_input, "--target-mode: unknown mode '" + o.mode + "'");
  t.mode = *mode;
  t.image = o.image;
  if (!o.image_url.empty()) {
    t.image_source = "pull from " + snapshot::hide_url_password(o.image_url);
  } else if (!o.image.empty() && std::filesystem::is_regular_file(o.image)) {
    t.image_source = "push of " + o.image;
  }
  if (!o.image_md5.empty()) {
    t.image_md5 = o.image_md5;
  } else if (!o.image.empty()) {
    auto it = expected_md5.find(base::basename_of(o.image));
    if (it != expected_md5.end()) t.image_md5 = it->second;
  }
  t.satellite = o.satellite;
  t.specific_license_reservation = o.slr;
  t.register_token = !o.token_file.empty();
  return t;
}

}  // namespace licmig::migrate
