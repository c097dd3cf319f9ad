// Staging an image on bootflash, the decision part — pure: from what a router said (its bootflash
// listing, running and boot images, the md5 of the target when it is there, whether it serves SCP)
// and the image, what `licmig stage` (and the stage step of a migration) will do on it: nothing (already
// staged), a transfer (after deleting which files, with the SCP server enabled for it or not), or a
// refusal naming the cause with the numbers. `licmig stage --dry-run`, the listing shown before a
// confirmation and the run all come from decide_stage(), so they cannot disagree.
//
// Free space: the image must fit with a margin left over, stage_margin(size) = max(8 MiB, 5% of
// the image): IOS XE rounds files to its block size, and keeps writing crashinfo, tracelogs and
// license usage files to bootflash while the copy runs; a full bootflash stops those.
//
// Cleanup (--cleanup) is conservative: only top-level `*.bin` files (bundle images), and `*.pkg`
// files only when the router neither runs nor boots a `.conf` (install mode, whose packages a
// `.conf` lists); never the running image, never one a `boot system` line or BOOT variable names,
// never the target, never a folder. The largest go first, only as many as are needed.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "snapshot/model.hpp"

namespace licmig::migrate {

inline constexpr std::int64_t k_stage_margin_min = std::int64_t{8} << 20;
std::int64_t stage_margin(std::int64_t image_size);

// The image and where it comes from.
struct StageImage {
  std::string name;                  // the file name on bootflash:
  std::optional<std::int64_t> size;  // bytes; unknown for a pull without a local copy whose server does not say
  std::string md5;                   // expected, lower case
  std::string local_path;            // push: the local file
  std::string url;                   // pull: what the router copies from (http, https, ftp, tftp, scp, sftp)
  std::string size_unknown_why;      // when size is absent: why ("a tftp:// server is not asked for a size")
  bool pull() const { return !url.empty(); }
};

// What the router said (read_stage_facts in stage.hpp reads it).
struct StageFacts {
  snapshot::DirListing bootflash;
  std::string running_image;               // show version's "System image file is", e.g. "bootflash:x.bin"
  std::vector<std::string> boot_images;    // BOOT variable and `boot system` lines
  std::optional<std::string> present_md5;  // verify /md5 of the target, when it is on bootflash
  bool scp_server = false;                 // `ip scp server enable` in the running configuration
};

struct StagePolicy {
  bool cleanup = false;            // delete unused images when short of space
  bool enable_scp_server = false;  // push to a router without `ip scp server enable`: enable it for the transfer
};

enum class StageAction { already_staged, transfer, refuse };
enum class StageRefusal {
  none,
  no_space,       // short of space (and --cleanup not given, or not enough to delete)
  no_scp_server,  // push without `ip scp server enable` and without --enable-scp-server
  target_in_use,  // the target has the wrong md5 but is the running or a boot image: never deleted
  size_unknown,   // nothing says how large the image is, and the free space cannot be judged
};
const char *to_string(StageAction action);
const char *to_string(StageRefusal refusal);

struct StageDecision {
  StageAction action = StageAction::refuse;
  StageRefusal refusal = StageRefusal::none;
  std::string reason;                        // a refusal's cause, with the numbers
  bool replace = false;                      // the target is there with another md5: deleted first
  std::vector<snapshot::FlashFile> cleanup;  // deleted before the transfer
  bool enable_scp_server = false;            // enabled for the transfer, restored after
  std::int64_t free_bytes = 0;               // as `dir bootflash:` said
  std::int64_t needed_bytes = 0;             // image + margin
  bool changes_router() const { return action == StageAction::transfer; }
};

// Whether `name` (any "bootflash:" prefix or path) is the same file as `other`, by base name.
bool same_flash_file(const std::string &name, const std::string &other);

// The files --cleanup may delete, largest first (see the header comment).
std::vector<snapshot::FlashFile> cleanup_candidates(const StageFacts &facts, const std::string &target);

// Whether a running configuration's text has the top-level line `ip scp server enable`.
bool serves_scp(const std::string &running_config);

// The facts of a stored snapshot (its `dir bootflash:`, show version, bootvar, running-config and
// the `verify /md5` of `image` it recorded): what plan/check decide a stage step on.
StageFacts stage_facts_of(const snapshot::Snapshot &snap, const std::string &image);

StageDecision decide_stage(const StageFacts &facts, const StageImage &image, const StagePolicy &policy);

// "1.5 GiB" / "12.0 MiB" / "512 B": sizes for people (refusals say the exact bytes too).
std::string human_bytes(std::int64_t bytes);

}  // namespace licmig::migrate
