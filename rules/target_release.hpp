// Validating a migration's target before any router is touched: the target release must be one the
// support matrix data knows (a release on a train it has a row for, or a later train up to the
// newest train the data names), and the image file must be built for that release (the release
// encoded in its name, `asr920-universalk9_npe.17.12.01.SPA.bin` -> 17.12.1, must equal the target).
// Anything else is refused as invalid input before a connection is made; a release past the
// newest known train can be allowed explicitly (--allow-unlisted-release).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "rules/matrix.hpp"

namespace licmig::rules {

// The release encoded in an IOS XE image file name (path and "bootflash:" allowed): the first three
// dot-separated numeric groups ("17.12.01", "16.09.04", "17.06.01a"). not_found when the name
// carries none.
Result<Release> image_release(std::string_view image);

// invalid_input naming the cause when `text` is not a release, not IOS XE, or outside what the
// matrix data knows (unless `allow_unlisted`, which admits any IOS XE 16.x/17.x-style release
// past the newest known train, never an unparseable one or one before the matrix).
Result<Release> validate_target_release(const std::string &text, const SupportMatrix &matrix, bool allow_unlisted);

// invalid_input when the image's release differs from the target's (a letter rebuild of the
// target, 17.9.4a for 17.9.4, is the same release) or cannot be read from the name.
Status check_image_matches_target(const std::string &image, const Release &target);

}  // namespace licmig::rules
