// Internal to the Smart Licensing parsers (smart_*.cpp): one scanner reads every `show license`
// command's text, classic (before 17.3) or Smart Licensing Using Policy (17.3+), because the long
// commands (`all`, `tech support`) repeat the short ones' blocks. The public parse_show_license_*
// functions (smart_licensing.cpp) decide per command whether what was found makes the text theirs.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot/model.hpp"
#include "snapshot/parse_result.hpp"

namespace licmig::snapshot::smart {

// One line as the scanner sees it: cleaned, with the original line number. A line the vendor
// guide's PDF flattened ("Registration: Status: UNREGISTERED Export-Controlled Functionality: ...")
// becomes several logical lines with the same number.
struct LogicalLine {
  std::size_t number = 0;
  std::size_t indent = 0;  // leading blanks of the original line
  std::string text;        // trimmed
};

// Splits and cleans `text` (snapshot/text.hpp's clean_lines), recovers output that shares the
// echoed command line ("Router#sh license summary Smart Licensing is ENABLED") and unflattens.
std::vector<LogicalLine> logical_lines(std::string_view text);

// What the scanner found besides the values.
struct ScanFacts {
  bool marker = false;        // some Smart Licensing block or line was seen
  bool udi_seen = false;      // a UDI line, HA UDI list or classic UDI table
  std::string first_content;  // the first non-blank line, for "% Invalid input" and the like
};

// Reads the lines; malformed with the line when the text is cut off or garbled inside a block.
Parsed<SmartLicensing> scan(const std::vector<LogicalLine> &lines, ScanFacts &facts);

// Table rows: "network-advantage   (C9300-48 Network Advan...)   1 IN USE". False if `line` is not one.
bool parse_usage_row(std::string_view line, UsageEntry &out);

// The PDF-flattened table after "License Usage:" ("License Entitlement Tag Count Status name (tag)
// 1 EVAL MODE ..."): appends the rows; false if the text holds no complete row.
bool parse_flattened_usage(std::string_view text, std::vector<UsageEntry> &out);

// "PID:C9300-24U,SN:FCW2134L00C" (optionally with VID:); false without a PID.
bool parse_udi_value(std::string_view value, Udi &out);

// Field setters (smart_fields.cpp). `key` is squeezed, `value` trimmed; an empty value leaves the
// field absent. Each returns false when `key` is not a field of that block.
void set(OptString &field, const std::string &value);
bool set_usage_field(UsageEntry &e, const std::string &key, const std::string &value);
bool set_registration_field(SmartLicensing &s, const std::string &key, const std::string &value);  // not Status
bool set_account_field(SmartLicensing &s, const std::string &key, const std::string &value);
bool set_communication_field(SmartLicensing &s, const std::string &key, const std::string &value);
bool set_transport_field(SmartLicensing &s, const std::string &key, const std::string &value);
bool set_usage_reporting_field(SmartLicensing &s, const std::string &key, const std::string &value);
// "AUTHORIZED on <date>" -> authorization_status and authorization_date.
void set_authorization(SmartLicensing &s, const std::string &value);
// "NAME As of <date>" -> smart_account and smart_account_as_of.
void set_smart_account(SmartLicensing &s, const std::string &value);

}  // namespace licmig::snapshot::smart
