#include "snapshot/parsers.hpp"

namespace licmig::snapshot {

Parsed<VersionInfo> parse_show_version(std::string_view) { return Parsed<VersionInfo>::not_this("parser not written yet"); }

}  // namespace licmig::snapshot
