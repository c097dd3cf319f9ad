// Parsers from raw `show` text (IOS / IOS XE) to the snapshot model. Pure: text in, struct out,
// no I/O, never throws on device text (see parse_result.hpp for the three outcomes).
//
// Every parser tolerates `\r\n`, trailing spaces, `Load for five secs` headers, the echo of the
// command and paging leftovers (snapshot/text.hpp does the cleaning).
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "snapshot/model.hpp"
#include "snapshot/parse_result.hpp"

namespace licmig::snapshot {

// show version
Parsed<VersionInfo> parse_show_version(std::string_view text);

// show license (traditional CSL / PAK layout: "Index N Feature: ...")
Parsed<PakLicenseList> parse_show_license(std::string_view text);

// show license summary / status / all / usage / udi / tech support — both the classic (before
// 17.3) and the Smart Licensing Using Policy (17.3+) layouts. Each fills the parts of
// SmartLicensing its command prints.
Parsed<SmartLicensing> parse_show_license_summary(std::string_view text);
Parsed<SmartLicensing> parse_show_license_status(std::string_view text);
Parsed<SmartLicensing> parse_show_license_all(std::string_view text);
Parsed<SmartLicensing> parse_show_license_usage(std::string_view text);
Parsed<SmartLicensing> parse_show_license_udi(std::string_view text);
Parsed<SmartLicensing> parse_show_license_tech_support(std::string_view text);

// show platform software sl-infra pak-info
Parsed<PakSnapshot> parse_show_pak_info(std::string_view text);

// show running-config / show startup-config and their `| include` / `| section` forms
Parsed<RunningConfig> parse_show_running_config(std::string_view text);

// show redundancy, show redundancy states
Parsed<Redundancy> parse_show_redundancy(std::string_view text);
Parsed<Redundancy> parse_show_redundancy_states(std::string_view text);

// show call-home profile all
Parsed<CallHome> parse_show_call_home_profile_all(std::string_view text);

// show bootvar, show boot
Parsed<BootVar> parse_show_bootvar(std::string_view text);

// dir bootflash:
Parsed<DirListing> parse_dir(std::string_view text);

// verify /md5 FILE [EXPECTED]: the checksum the router computed, 32 lower-case hex digits. Read
// from "verify /md5 (F) = <md5>", "Verified (F) = <md5>" or, after "%Error verifying",
// "Computed signature = <md5>". Not this format: no such line (e.g. "%Error opening F"); malformed:
// such a line whose checksum is not exactly 32 hex digits.
Parsed<std::string> parse_verify_md5(std::string_view text);

// The end of `copy SOURCE DESTINATION`: how many bytes the router says it copied, or the IOS error
// that stopped it ("%Error opening tftp://... (Timed out)", "%Error writing bootflash:F (No space left
// on device)"). `progress_marks` counts the `!` the router printed while copying.
struct CopyOutcome {
  std::optional<std::int64_t> bytes;  // "[OK - N bytes]" / "N bytes copied in S secs"
  std::optional<std::string> error;   // the first `%Error` / `%Warning` line, as printed
  std::int64_t progress_marks = 0;
};
// Recognised: an "[OK - N bytes]" or "N bytes copied" line, or a `%Error` line. Not this format:
// neither (e.g. the copy was cut off). Malformed: an OK line whose byte count is not a number.
Parsed<CopyOutcome> parse_copy(std::string_view text);

}  // namespace licmig::snapshot
