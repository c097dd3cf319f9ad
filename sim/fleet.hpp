// The fleet file of iosxe-sim: a YAML document with `defaults:` (keys every router starts from) and
// `devices:` (a list of routers, each a RouterSpec; `replicas: N` expands one entry into N routers on
// consecutive ports with numbered names). Every error names the place: `fleet.yaml:12: unknown key
// 'portt' in device 'pe1'`.
//
// Keys of a device (and of defaults, except name, port and replicas): name, port, hostname, platform,
// release, image, images, license_mode, pak_licenses, boot_level, license_level, smart, call_home,
// ha, interfaces, credentials (or its keys username, password, enable_secret, authorized_keys at the
// top), boot_seconds, faults. See devices/fleets/demo.yaml and docs for the nested keys.
//
// Thread-safety: pure functions and value types.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sim/router_spec.hpp"

namespace licmig::sim {

struct FleetSpec {
  std::string file;                 // the name errors use
  std::vector<RouterSpec> routers;  // replicas expanded, in file order
};

// Parses fleet YAML text; `file_label` is the name error messages start with.
Result<FleetSpec> parse_fleet(std::string_view yaml_text, const std::string &file_label);
// Reads and parses a fleet file (errors start with `path`).
Result<FleetSpec> load_fleet(const std::string &path);

// The release carried by a bootflash image file name ("asr920-universalk9_npe.17.06.01.SPA.bin"
// -> "17.6.1"); empty when the name carries none.
std::string release_from_image(std::string_view file_name);

// The router called `name`, or null.
const RouterSpec *find_router(const FleetSpec &fleet, std::string_view name);

}  // namespace licmig::sim
