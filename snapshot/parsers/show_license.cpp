#include "snapshot/parsers.hpp"

namespace licmig::snapshot {

Parsed<PakLicenseList> parse_show_license(std::string_view) { return Parsed<PakLicenseList>::not_this("parser not written yet"); }

}  // namespace licmig::snapshot
