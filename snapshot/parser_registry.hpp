// The table of commands licmig can parse: each entry names an IOS command (with the aliases and
// abbreviations a user or a capture may use), parses its text to JSON for `licmig parse`, and
// merges what it found into a Snapshot.
//
// Command lookup follows IOS: each word may be abbreviated to a unique prefix ("sh lic sum"), and a
// pipe (`| include ...`) after the command is allowed; `show running-config | include boot` uses the
// running-config parser.
//
// Thread-safety: the table is immutable after static initialisation.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "snapshot/model.hpp"
#include "snapshot/parse_result.hpp"

namespace licmig::snapshot {

struct ParserEntry {
  std::string command;               // canonical, e.g. "show license summary"
  std::vector<std::string> aliases;  // other full spellings, e.g. "show startup-config"
  std::string name;                  // short id for fuzzers and docs, e.g. "show_license_summary"
  std::function<Parsed<nlohmann::json>(std::string_view)> to_json;
  std::function<Parsed<bool>(std::string_view, Snapshot &)> into_snapshot;
};

const std::vector<ParserEntry> &parser_table();

// The command whose output a snapshot keeps as Smart Licensing log events (no parser).
inline constexpr const char *k_smart_log_command = "show logging | include SMART_LIC";

// The commands a snapshot runs, in order: the one list behind the collector and the plan's pre-
// and post-snapshot steps. Every entry but k_smart_log_command has a parser in parser_table().
const std::vector<std::string> &snapshot_commands();

// Finds the parser for a command as typed. Fails (invalid_input) with a message listing the
// supported commands, or naming the ambiguity.
Result<const ParserEntry *> find_parser(std::string_view command);

// Finds a parser by its short name (e.g. "show_version").
const ParserEntry *find_parser_by_name(std::string_view name);

// Merges `part` into `into`: fields `part` has replace those in `into`; lists replace only when
// `part`'s list is non-empty; absent fields leave `into` as it was.
template <class T>
void merge_into(T &into, const T &part);

// Fills the derived license fields of a snapshot (license_mode, license_level, license_type,
// next_reload_level, configured_boot_level) from the parsed parts.
void derive_license_fields(Snapshot &snap);

}  // namespace licmig::snapshot
