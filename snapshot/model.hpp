// The data model of one router's license state: what `show` commands say, as plain structs.
//
// Every struct lists its fields once, in a static `describe(self, visitor)` function; JSON and XML
// serialisation (snapshot/serialize.hpp) are generated from that list, so a field added here is
// stored, loaded and printed everywhere. Optional fields are absent (not empty) when the router did
// not say them. Names are the snake_case keys of the JSON form.
//
// Thread-safety: value types; no shared state.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace licmig::snapshot {

using OptString = std::optional<std::string>;

enum class LicenseMode { unknown, traditional, smart, no_license };
const char *to_string(LicenseMode mode);
std::optional<LicenseMode> license_mode_from_string(const std::string &text);

// `show version`
struct VersionInfo {
  OptString version;             // exactly as printed after "Version", e.g. "17.07.01prd9"; the IOS XE
                                 // line ("Cisco IOS XE Software, Version ..." / "IOS XE Version: ...")
                                 // when printed, else the "Cisco IOS Software ..., Version ..." line
  OptString version_annotation;  // text after the version on the IOS XE line, e.g. "SMU-PATCHED"
  OptString ios_version;         // the version on the "Cisco IOS Software" line, e.g. "17.7.1prd16"
  OptString release;             // normalised, e.g. "17.7.1" (from version, else from ios_version)
  OptString os;                  // "IOS-XE" or "IOS"
  OptString code_name;           // the train name printed in brackets, e.g. "Amsterdam"
  OptString hostname;
  OptString uptime;  // as printed, e.g. "1 week, 2 days, 5 minutes"
  std::optional<std::int64_t> uptime_seconds;
  OptString returned_to_rom_by;     // the reason only: "reload", "power cycle", "Reload Command"
  OptString returned_to_rom_at;     // the time printed after it: "15:57:52 CDT Mon Sep 24 2018"
  OptString returned_to_rom_sp_by;  // Catalyst 6500 "(SP by power on)": "power on"
  OptString last_reload_reason;
  OptString last_reset_from;     // "Last reset from power-on"
  OptString platform;            // chassis model / PID, e.g. "ASR-920-24SZ-IM"
  OptString processor_board_id;  // serial number
  OptString image;               // "System image file is" value
  OptString image_file;          // the file name of `image`, e.g. "packages.conf"
  OptString rom;
  OptString config_register;
  OptString next_config_register;  // "(will be 0x2102 at next reload)"
  OptString license_level;
  OptString license_type;
  OptString next_reload_license_level;
  OptString air_license_level;  // wireless controllers / Catalyst 9k "AIR License Level"
  OptString next_reload_air_license_level;
  OptString smart_licensing_status;
  OptString main_memory;                       // as printed, e.g. "12266721K/3075K"
  std::optional<std::int64_t> main_memory_kb;  // the first figure of main_memory

  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("version", s.version);
    v("version_annotation", s.version_annotation);
    v("ios_version", s.ios_version);
    v("release", s.release);
    v("os", s.os);
    v("code_name", s.code_name);
    v("hostname", s.hostname);
    v("uptime", s.uptime);
    v("uptime_seconds", s.uptime_seconds);
    v("returned_to_rom_by", s.returned_to_rom_by);
    v("returned_to_rom_at", s.returned_to_rom_at);
    v("returned_to_rom_sp_by", s.returned_to_rom_sp_by);
    v("last_reload_reason", s.last_reload_reason);
    v("last_reset_from", s.last_reset_from);
    v("platform", s.platform);
    v("processor_board_id", s.processor_board_id);
    v("image", s.image);
    v("image_file", s.image_file);
    v("rom", s.rom);
    v("config_register", s.config_register);
    v("next_config_register", s.next_config_register);
    v("license_level", s.license_level);
    v("license_type", s.license_type);
    v("next_reload_license_level", s.next_reload_license_level);
    v("air_license_level", s.air_license_level);
    v("next_reload_air_license_level", s.next_reload_air_license_level);
    v("smart_licensing_status", s.smart_licensing_status);
    v("main_memory", s.main_memory);
    v("main_memory_kb", s.main_memory_kb);
  }
};

// One traditional (CSL / PAK) license from `show license`. A feature the image knows but holds
// no license for is printed as a bare "Index N Feature: X" line: only index and feature are set.
struct PakLicense {
  std::int64_t index = 0;
  std::string feature;
  OptString period_left;                            // as printed, e.g. "Life time", "Not Activated", "8 weeks 3 days"
  OptString period_used;                            // as printed, e.g. "0  minute  0  second"
  std::optional<std::int64_t> period_used_seconds;  // period_used in seconds, when it reads as one
  OptString license_type;                           // Permanent, EvalRightToUse, Evaluation, Extension, ...
  OptString license_state;
  OptString license_count;  // as printed: "Non-Counted", "0/0  (In-use/Violation)"
  // The numbers of a counted license: "0/0  (In-use/Violation)", "4/2/0  (Active/In-use/Violation)"
  std::optional<std::int64_t> license_count_active;
  std::optional<std::int64_t> license_count_in_use;
  std::optional<std::int64_t> license_count_violation;
  OptString license_priority;
  OptString license_store;  // "License Store: ..." where printed
  OptString store_index;    // "Store Index: ..." where printed

  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("index", s.index);
    v("feature", s.feature);
    v("period_left", s.period_left);
    v("period_used", s.period_used);
    v("period_used_seconds", s.period_used_seconds);
    v("license_type", s.license_type);
    v("license_state", s.license_state);
    v("license_count", s.license_count);
    v("license_count_active", s.license_count_active);
    v("license_count_in_use", s.license_count_in_use);
    v("license_count_violation", s.license_count_violation);
    v("license_priority", s.license_priority);
    v("license_store", s.license_store);
    v("store_index", s.store_index);
  }
};

// `show license` (traditional layout)
struct PakLicenseList {
  std::vector<PakLicense> licenses;
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("licenses", s.licenses);
  }
};

// One entry of the router's own PAK snapshot (`show platform software sl-infra pak-info`).
struct PakSnapshotEntry {
  std::string license_name;
  std::optional<std::int64_t> index;
  std::optional<std::int64_t> in_use_count;
  std::optional<std::int64_t> in_use_count_valid;
  std::optional<std::int64_t> license_precedence;
  OptString license_type;                         // text after the code, e.g. "Permanent"
  OptString license_count;                        // e.g. "Non-Counted"
  OptString current_state;                        // e.g. "Active, Not in Use"
  OptString license_state;                        // e.g. "Active, In Use"
  OptString timestamp;                            // the date printed after "Timestamp lower 32bits: N - "
  std::optional<std::int64_t> timestamp_seconds;  // the lower and upper 32 bits as one number
  OptString trial_period_left;                    // "Trial Elapsed Period Left", as printed

  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("license_name", s.license_name);
    v("index", s.index);
    v("in_use_count", s.in_use_count);
    v("in_use_count_valid", s.in_use_count_valid);
    v("license_precedence", s.license_precedence);
    v("license_type", s.license_type);
    v("license_count", s.license_count);
    v("current_state", s.current_state);
    v("license_state", s.license_state);
    v("timestamp", s.timestamp);
    v("timestamp_seconds", s.timestamp_seconds);
    v("trial_period_left", s.trial_period_left);
  }
};

// `show platform software sl-infra pak-info` (17.8-17.10): the three status lines and the entries.
struct PakSnapshot {
  std::optional<bool> platform_supports;
  std::optional<bool> integrity_ok;
  std::optional<bool> available;
  std::vector<PakSnapshotEntry> entries;
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("platform_supports", s.platform_supports);
    v("integrity_ok", s.integrity_ok);
    v("available", s.available);
    v("entries", s.entries);
  }
};

// One line of Smart Licensing usage: a row of the summary table, a "name (tag):" block of
// `show license usage|all`, or a "Handle: N" block of `show license tech support`.
struct UsageEntry {
  std::string license;        // name as printed, e.g. "Device METRO IP ACCESS", "network-advantage"
  OptString entitlement_tag;  // e.g. "metroipaccess", "C9300-48 Network Advan...", or a regid tag
  OptString count;
  OptString status;  // as printed, e.g. "AUTHORIZED", "IN USE", "IN USE(15)"
  OptString description;
  OptString version;
  OptString enforcement_type;
  std::optional<std::int64_t> handle;  // tech support's "Handle: N"
  OptString export_status;
  OptString feature_name;
  OptString feature_description;
  OptString license_type;  // Perpetual / Subscription
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("license", s.license);
    v("entitlement_tag", s.entitlement_tag);
    v("count", s.count);
    v("status", s.status);
    v("description", s.description);
    v("version", s.version);
    v("enforcement_type", s.enforcement_type);
    v("handle", s.handle);
    v("export_status", s.export_status);
    v("feature_name", s.feature_name);
    v("feature_description", s.feature_description);
    v("license_type", s.license_type);
  }
};

// A unique device identifier: "UDI: PID:X,SN:Y", an "HA UDI List" member ("Standby:PID:X,SN:Y")
// or a row of the classic `show license udi` table ("SlotID PID SN UDI").
struct Udi {
  OptString pid;
  OptString sn;
  OptString vid;
  OptString role;  // HA list: "Active", "Standby", "Member"
  OptString slot;  // classic table's SlotID, e.g. "*"
  OptString udi;   // classic table's UDI column, e.g. "ASR1006:NWG1512050G"
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("pid", s.pid);
    v("sn", s.sn);
    v("vid", s.vid);
    v("role", s.role);
    v("slot", s.slot);
    v("udi", s.udi);
  }
};

// Smart Licensing state from `show license summary|status|all|usage|udi|tech support`.
// `layout` says which format it came from: "classic" (before 17.3) or "policy" (Smart Licensing
// Using Policy, 17.3 and later). Each command fills only the parts it prints.
struct SmartLicensing {
  OptString layout;
  std::optional<bool> smart_enabled;  // "Smart Licensing is ENABLED" / policy "Status: ENABLED"
  OptString registration_status;      // REGISTERED, UNREGISTERED, ... (classic only)
  OptString smart_account;            // without the policy layout's " As of <date>" suffix
  OptString smart_account_as_of;      // that suffix's date, e.g. "Oct 14 12:10:01 2021 UTC"
  OptString virtual_account;
  OptString export_controlled;
  OptString initial_registration;
  OptString last_renewal_attempt;
  OptString next_renewal_attempt;
  OptString registration_expires;
  OptString authorization_status;  // AUTHORIZED, EVAL MODE, OUT OF COMPLIANCE, ...
  OptString authorization_date;    // the date after "AUTHORIZED on"
  OptString evaluation_mode;
  OptString evaluation_remaining;
  OptString last_communication_attempt;
  OptString failure_reason;
  OptString next_communication_attempt;
  OptString communication_deadline;
  OptString utility_status;  // "Utility:" block's Status
  OptString reporting_mode;  // policy: "Reporting Mode: STANDARD"
  OptString transport_type;  // Callhome, Smart, cslu, Transport Off, ...
  OptString transport_url;   // "URL:"
  OptString cslu_address;    // "Cslu address:"
  OptString proxy_address;
  OptString proxy_port;
  OptString policy_in_use;
  OptString policy_name;
  OptString last_ack_received;  // policy "Usage Reporting:" block, as printed
  OptString next_ack_deadline;
  OptString reporting_push_interval;
  OptString next_ack_push_check;
  OptString next_report_push;
  OptString last_report_push;
  OptString last_report_file_write;
  OptString trust_code_installed;  // the one-line form: "<none>" or a date
  OptString agent_version;         // "Smart Agent for Licensing: ..."
  std::vector<UsageEntry> usage;
  std::vector<Udi> udi;     // "UDI:" line(s) or the classic table's rows
  std::vector<Udi> ha_udi;  // "HA UDI List:" members, in order

  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("layout", s.layout);
    v("smart_enabled", s.smart_enabled);
    v("registration_status", s.registration_status);
    v("smart_account", s.smart_account);
    v("smart_account_as_of", s.smart_account_as_of);
    v("virtual_account", s.virtual_account);
    v("export_controlled", s.export_controlled);
    v("initial_registration", s.initial_registration);
    v("last_renewal_attempt", s.last_renewal_attempt);
    v("next_renewal_attempt", s.next_renewal_attempt);
    v("registration_expires", s.registration_expires);
    v("authorization_status", s.authorization_status);
    v("authorization_date", s.authorization_date);
    v("evaluation_mode", s.evaluation_mode);
    v("evaluation_remaining", s.evaluation_remaining);
    v("last_communication_attempt", s.last_communication_attempt);
    v("failure_reason", s.failure_reason);
    v("next_communication_attempt", s.next_communication_attempt);
    v("communication_deadline", s.communication_deadline);
    v("utility_status", s.utility_status);
    v("reporting_mode", s.reporting_mode);
    v("transport_type", s.transport_type);
    v("transport_url", s.transport_url);
    v("cslu_address", s.cslu_address);
    v("proxy_address", s.proxy_address);
    v("proxy_port", s.proxy_port);
    v("policy_in_use", s.policy_in_use);
    v("policy_name", s.policy_name);
    v("last_ack_received", s.last_ack_received);
    v("next_ack_deadline", s.next_ack_deadline);
    v("reporting_push_interval", s.reporting_push_interval);
    v("next_ack_push_check", s.next_ack_push_check);
    v("next_report_push", s.next_report_push);
    v("last_report_push", s.last_report_push);
    v("last_report_file_write", s.last_report_file_write);
    v("trust_code_installed", s.trust_code_installed);
    v("agent_version", s.agent_version);
    v("usage", s.usage);
    v("udi", s.udi);
    v("ha_udi", s.ha_udi);
  }
};

struct CallHomeProfile {
  std::string name;
  OptString status;                    // ACTIVE / INACTIVE
  OptString mode;                      // "Full Reporting" / "Anonymous Reporting"
  OptString reporting_data;            // e.g. "Smart Call Home, Smart Licensing"
  OptString preferred_message_format;  // xml / short-text / long-text
  std::optional<std::int64_t> message_size_limit_bytes;
  OptString transport_method;  // as printed: "http", "email", "http and email"
  std::vector<std::string> http_destinations;
  std::vector<std::string> email_destinations;
  std::vector<std::string> other_destinations;  // "Other address(es)", e.g. "default"
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("name", s.name);
    v("status", s.status);
    v("mode", s.mode);
    v("reporting_data", s.reporting_data);
    v("preferred_message_format", s.preferred_message_format);
    v("message_size_limit_bytes", s.message_size_limit_bytes);
    v("transport_method", s.transport_method);
    v("http_destinations", s.http_destinations);
    v("email_destinations", s.email_destinations);
    v("other_destinations", s.other_destinations);
  }
};

// `show call-home profile all` (and the call-home part of the running configuration)
struct CallHome {
  std::optional<bool> enabled;
  std::vector<CallHomeProfile> profiles;
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("enabled", s.enabled);
    v("profiles", s.profiles);
  }
};

// `show redundancy`, `show redundancy states`. Both commands fill the same fields with the same
// meaning, so the two merge into one record: `mode` is always the operating redundancy mode (sso,
// Non-redundant, "Stateful Switchover"), `hardware_mode` the Duplex/Simplex hardware state
// (`Mode =` in `show redundancy states`, `Hardware Mode =` in `show redundancy`). Values as printed.
struct Redundancy {
  OptString mode;  // operating redundancy mode, e.g. "sso", "Stateful Switchover"
  OptString configured_mode;
  OptString hardware_mode;  // "Duplex" / "Simplex"
  OptString my_state;       // e.g. "13 -ACTIVE" (states), "ACTIVE" (show redundancy)
  OptString peer_state;     // e.g. "8  -STANDBY HOT", "1  -DISABLED", "STANDBY HOT", "DISABLED"
  OptString unit;           // "Primary" / "Secondary"
  OptString unit_id;
  OptString redundancy_state;
  OptString communications;         // "Up" / "Down"
  OptString communications_reason;  // e.g. "Simplex mode", "Failure"
  OptString maintenance_mode;       // "Disabled" / "Enabled"
  OptString manual_swact;           // "enabled" / "disabled"
  OptString manual_swact_reason;    // e.g. "system is simplex (no peer unit)"
  std::optional<std::int64_t> client_count;
  OptString switchovers;  // "Switchovers system experienced", as printed
  OptString standby_failures;
  OptString last_switchover_reason;
  OptString available_uptime;  // "Available system uptime"
  // This processor ("Current Processor Information") and its peer ("Peer Processor Information")
  OptString active_location;  // e.g. "slot 6"
  OptString uptime_in_state;
  OptString image_version;  // first line of "Image Version ="
  OptString boot;           // BOOT variable
  OptString config_register;
  OptString standby_location;
  OptString peer_uptime_in_state;
  OptString peer_image_version;
  OptString peer_boot;
  OptString peer_config_register;
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("mode", s.mode);
    v("configured_mode", s.configured_mode);
    v("hardware_mode", s.hardware_mode);
    v("my_state", s.my_state);
    v("peer_state", s.peer_state);
    v("unit", s.unit);
    v("unit_id", s.unit_id);
    v("redundancy_state", s.redundancy_state);
    v("communications", s.communications);
    v("communications_reason", s.communications_reason);
    v("maintenance_mode", s.maintenance_mode);
    v("manual_swact", s.manual_swact);
    v("manual_swact_reason", s.manual_swact_reason);
    v("client_count", s.client_count);
    v("switchovers", s.switchovers);
    v("standby_failures", s.standby_failures);
    v("last_switchover_reason", s.last_switchover_reason);
    v("available_uptime", s.available_uptime);
    v("active_location", s.active_location);
    v("uptime_in_state", s.uptime_in_state);
    v("image_version", s.image_version);
    v("boot", s.boot);
    v("config_register", s.config_register);
    v("standby_location", s.standby_location);
    v("peer_uptime_in_state", s.peer_uptime_in_state);
    v("peer_image_version", s.peer_image_version);
    v("peer_boot", s.peer_boot);
    v("peer_config_register", s.peer_config_register);
  }
};

// Facts from `show running-config` / `show startup-config` and their `| include` forms.
struct RunningConfig {
  OptString hostname;
  OptString boot_level;                  // value of `license boot level X`
  std::optional<bool> smart_enable;      // `license smart enable` present / `no license smart enable`
  std::vector<std::string> boot_system;  // each `boot system ...` value, in order
  std::optional<bool> service_call_home;
  OptString http_client_secure_trustpoint;
  OptString license_smart_transport;
  OptString license_smart_url;                      // the URL of `license smart url [smart|cslu] URL`
  std::vector<CallHomeProfile> call_home_profiles;  // from the `call-home` section
  std::vector<std::string> license_lines;           // every top-level `license ...` / `no license ...` line
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("hostname", s.hostname);
    v("boot_level", s.boot_level);
    v("smart_enable", s.smart_enable);
    v("boot_system", s.boot_system);
    v("service_call_home", s.service_call_home);
    v("http_client_secure_trustpoint", s.http_client_secure_trustpoint);
    v("license_smart_transport", s.license_smart_transport);
    v("license_smart_url", s.license_smart_url);
    v("call_home_profiles", s.call_home_profiles);
    v("license_lines", s.license_lines);
  }
};

// `show bootvar` / `show boot`. A variable the router reports as "does not exist" is absent.
// Catalyst 9000 prints "Current Boot Variables:" and "Boot Variables on next reload:"; the latter
// fills the next_* fields. For a stack, the first switch's section is kept.
struct BootVar {
  OptString boot_variable;               // as printed, e.g. "bootflash:asr920.bin,12;"
  std::vector<std::string> boot_images;  // the image paths from it, in order
  OptString next_boot_variable;          // Cat9k "Boot Variables on next reload"
  std::vector<std::string> next_boot_images;
  OptString config_file;  // CONFIG_FILE variable, when set
  OptString bootldr;      // BOOTLDR variable, when set
  OptString config_register;
  OptString next_config_register;  // "(will be 0x2142 at next reload)"
  OptString standby_boot_variable;
  std::vector<std::string> standby_boot_images;
  OptString standby_config_register;
  std::optional<bool> standby_ready;  // false on "Standby not ready to show bootvar"
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("boot_variable", s.boot_variable);
    v("boot_images", s.boot_images);
    v("next_boot_variable", s.next_boot_variable);
    v("next_boot_images", s.next_boot_images);
    v("config_file", s.config_file);
    v("bootldr", s.bootldr);
    v("config_register", s.config_register);
    v("next_config_register", s.next_config_register);
    v("standby_boot_variable", s.standby_boot_variable);
    v("standby_boot_images", s.standby_boot_images);
    v("standby_config_register", s.standby_config_register);
    v("standby_ready", s.standby_ready);
  }
};

// One entry of `dir`.
struct FlashFile {
  std::string name;
  std::optional<std::int64_t> size;
  OptString permissions;              // e.g. "-rw-", "drwx"
  OptString date;                     // as printed, e.g. "Oct 21 2021 10:11:12 +00:00"; absent for "<no date>"
  std::optional<std::int64_t> inode;  // the leading entry number
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("name", s.name);
    v("size", s.size);
    v("permissions", s.permissions);
    v("date", s.date);
    v("inode", s.inode);
  }
};

// `dir bootflash:` (and `dir` of any file system; a recursive listing's files are all in `files`)
struct DirListing {
  OptString directory;  // e.g. "bootflash:/" (the first "Directory of" line)
  std::vector<FlashFile> files;
  std::optional<std::int64_t> total_bytes;
  std::optional<std::int64_t> free_bytes;
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("directory", s.directory);
    v("files", s.files);
    v("total_bytes", s.total_bytes);
    v("free_bytes", s.free_bytes);
  }
};

// Which interface licmig's SSH session arrives on (issue 17; rules LM030/LM031): the router-side
// address the session reached and the interface of `show ip interface brief` that owns it.
struct SessionPath {
  // The router's address the session connected to (the peer address of licmig's own socket); ""
  // when it cannot be seen from licmig's side: through a jump host or a ProxyCommand the connection
  // licmig holds ends at the jump host.
  std::string address;
  std::string interface;    // the interface owning `address` ("" = none: not seen, or NAT on the way)
  bool management = false;  // that interface is the management one (snapshot::is_management_interface)
  std::string basis;        // how licmig knows, in words (shown in findings)
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("address", s.address);
    v("interface", s.interface);
    v("management", s.management);
    v("basis", s.basis);
  }
};

// The raw text one command returned, kept with the snapshot.
struct RawOutput {
  std::string command;
  std::string text;
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("command", s.command);
    v("text", s.text);
  }
};

// The result of `verify /md5 FILE` on the router.
struct ImageCheck {
  std::string file;  // e.g. "bootflash:asr920-universalk9_npe.17.09.04.SPA.bin"
  std::string md5;   // as the router computed it, lower case
  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("file", s.file);
    v("md5", s.md5);
  }
};

// Everything licmig records about one router at one moment.
struct Snapshot {
  std::string host;      // inventory name
  std::string taken_at;  // UTC, ISO 8601
  std::string tool_version;
  VersionInfo version;
  LicenseMode license_mode = LicenseMode::unknown;
  OptString license_level;
  OptString license_type;
  OptString next_reload_level;
  OptString configured_boot_level;
  std::vector<PakLicense> pak_licenses;
  std::optional<PakSnapshot> pak_snapshot;
  SmartLicensing smart;
  CallHome call_home;
  Redundancy redundancy;
  RunningConfig running_config;
  std::optional<BootVar> boot;
  std::optional<DirListing> bootflash;
  std::optional<bool> config_unsaved;         // running-config differs from startup-config
  std::vector<ImageCheck> image_checks;       // `verify /md5` results
  std::vector<std::string> smart_log_events;  // %SMART_LIC-... messages from `show logging`
  std::optional<SessionPath> session;         // how the session reached the router (none: not recorded)
  std::vector<RawOutput> raw;

  template <class S, class V>
  static void describe(S &s, V &&v) {
    v("host", s.host);
    v("taken_at", s.taken_at);
    v("tool_version", s.tool_version);
    v("version", s.version);
    v("license_mode", s.license_mode);
    v("license_level", s.license_level);
    v("license_type", s.license_type);
    v("next_reload_level", s.next_reload_level);
    v("configured_boot_level", s.configured_boot_level);
    v("pak_licenses", s.pak_licenses);
    v("pak_snapshot", s.pak_snapshot);
    v("smart", s.smart);
    v("call_home", s.call_home);
    v("redundancy", s.redundancy);
    v("running_config", s.running_config);
    v("boot", s.boot);
    v("bootflash", s.bootflash);
    v("config_unsaved", s.config_unsaved);
    v("image_checks", s.image_checks);
    v("smart_log_events", s.smart_log_events);
    v("session", s.session);
    v("raw", s.raw);
  }
};

// The license mode a `License Type:` value of `show version` means ("Smart License" -> smart,
// "No License Mode" -> no_license, "Permanent"/"EvalRightToUse"/... -> traditional).
LicenseMode license_mode_from_license_type(const std::string &license_type);

}  // namespace licmig::snapshot
