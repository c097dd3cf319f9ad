// The target options `check`, `plan` and `migrate` share: --target-release, --target-mode, --image,
// --image-md5, --satellite, --slr, and turning them into a rules::Target.
//
// Thread-safety: value types.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "rules/findings.hpp"
#include "snapshot/release.hpp"

namespace licmig::migrate {

struct TargetOptions {
  std::string release;
  std::string mode;
  std::string image;
  std::string image_md5;
  // --image-url: the routers pull a missing image from it (plan/migrate stage it before the reload);
  // without it, an --image that is a local file is pushed (migrate/stage.hpp)
  std::string image_url;
  std::string token_file;
  bool satellite = false;
  bool slr = false;
  bool allow_unlisted_release = false;  // --allow-unlisted-release
  // --via RELEASE (repeatable): intermediate releases, in order, each reloaded into and verified;
  // --via-image FILE: their images on bootflash:, one per --via
  std::vector<std::string> via;
  std::vector<std::string> via_images;
};

// The --via releases, parsed; invalid_input naming the one that does not parse or that has no image.
Result<std::vector<snapshot::Release>> via_releases(const TargetOptions &options);

// The one check of the target before any router is contacted (check, plan, migrate): the release
// passes rules::validate_target_release against the built-in support matrix, and --image, when
// given, is built for that release (rules::check_image_matches_target). invalid_input naming the
// cause.
Status validate_target(const TargetOptions &options);

// The target for one host (the host's expected_md5 for the image applies when --image-md5 is not
// given). Fails (invalid_input) on an unknown mode.
Result<rules::Target> make_target(const TargetOptions &options, const std::map<std::string, std::string> &expected_md5);

}  // namespace licmig::migrate
