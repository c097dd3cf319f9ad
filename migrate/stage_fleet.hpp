// `licmig stage` as one call: the image and its source from the options (a local file licmig
// pushes, or a URL the routers pull from; its size and md5), every selected router read and its
// decision made (stage_plan.hpp), the deletions listed and consented to, then each router staged
// (stage.hpp) in parallel under one aggregate rate cap, with progress, journaled in
// STORE/journal/RUN-ID.jsonl. The report's JSON and exit code are made here, in one place.
// --parallel N bounds the routers being changed at once; up to N more are logged in to and read
// again meanwhile (read_ahead.hpp), so a freed place never waits for a login (docs/usage.md,
// "Parallelism").
//
// Exit codes (exit_code.hpp): 0 every router staged or already staged; 1 some refused (no space,
// no SCP server, the target in use with a wrong md5) or the deletions not confirmed; 2 usage; 3 some
// unreachable; 4 some failed (transfer or verification failed after every retry); 5 the store.
//
// Thread-safety: call from one thread (it runs its own).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "devices/url_size.hpp"
#include "migrate/fleet.hpp"
#include "migrate/stage.hpp"

namespace licmig::migrate {

struct StageOptions {
  FleetOptions fleet;
  std::string image;      // --image: a local file (pushed, or the size and md5 of a pull), or the name on bootflash
  std::string image_url;  // --image-url: the routers pull from it
  std::string image_md5;  // --image-md5 (else computed from the local file)
  bool cleanup = false;
  bool enable_scp_server = false;
  std::int64_t max_rate = 0;  // bytes/s across all pushes (0: no cap)
  int retries = 2;
  int transfer_timeout_s = 3600;
  bool yes = false;
  bool dry_run = false;
};

// The image as staging needs it: name, size, md5 and source. Fails (invalid_input) naming the
// option: no --image nor --image-url; a URL of another scheme; no md5 for a pull without a local
// file; a local file that is missing, empty or unreadable; an --image-md5 that is not 32 hex digits
// or disagrees with the local file.
// A pull without a local copy: the size is asked of the URL's server (`probe`, by default
// devices::probe_url_size: HTTP(S) HEAD, FTP SIZE); a server that cannot be asked (tftp, scp, sftp)
// or does not say leaves it unknown, with the reason in size_unknown_why (decide_stage then refuses
// a router that needs the transfer: StageRefusal::size_unknown). A server that fails the question
// (unreachable, 404, login refused, an empty file) fails here with its kind, naming the URL without
// its password. Messages never hold the URL's password.
// The URL's password may come from the environment, LICMIG_IMAGE_URL_PASSWORD (image_url_password),
// so that it is on no command line (the process list) and in no journal: the URL names the user only.
Result<StageImage> stage_image_of(const std::string &image, const std::string &image_url, const std::string &image_md5,
                                  const devices::UrlSizeProbe &probe = {});

// The variable that holds --image-url's password.
constexpr const char *k_image_url_password_variable = "LICMIG_IMAGE_URL_PASSWORD";
// --image-url as given (command line, journal): a scheme a router copies from, and no password in
// it — a password on a command line is in the process list, so it is refused with the remedy (the
// user in the URL, the password in LICMIG_IMAGE_URL_PASSWORD). Pure.
Status check_image_url(const std::string &url);
// `url` (check_image_url) with the password `from_environment` (the variable's value; absent or
// empty: unset) given to its user. Fails (invalid_input) when the URL fails check_image_url, or the
// variable is set and the URL names no user. Pure.
Result<std::string> image_url_with_password(const std::string &url, const std::optional<std::string> &from_environment);

// The URL schemes a router can copy from.
bool stage_url_supported(const std::string &url);

// Whether a router read ahead (read_ahead.hpp) that `waited` for its transfer slot is logged in to
// and read again before `decision` is carried out: after 60 s always (a long-idle session may have
// been closed by the router's exec-timeout or a firewall), after 10 s when the decision deletes a
// file (a deletion is decided on fresh facts only). Pure.
bool read_again_before_apply(std::chrono::milliseconds waited, const StageDecision &decision);

struct StageFleetResult {
  int exit_code = 0;
  std::string run_id;
  std::vector<StageReport> reports;  // in inventory order; empty when nothing ran
  bool ran = false;
};

// Reads, decides, lists (on io.err), asks `confirm` when files would be deleted or the SCP server
// enabled and --yes was not given, stages. Prints errors itself.
StageFleetResult stage_fleet(StageOptions &o, Io io, const std::function<bool()> &confirm);

// The report: a table for people, JSON for machines; the exit code of the table above.
std::string stage_table(const StageFleetResult &r);
std::string stage_json(const StageFleetResult &r);
int stage_exit_code(const std::vector<StageReport> &reports);

}  // namespace licmig::migrate
