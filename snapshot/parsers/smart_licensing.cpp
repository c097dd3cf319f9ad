#include "snapshot/parsers.hpp"

namespace licmig::snapshot {

Parsed<SmartLicensing> parse_show_license_summary(std::string_view) { return Parsed<SmartLicensing>::not_this("parser not written yet"); }
Parsed<SmartLicensing> parse_show_license_status(std::string_view) { return Parsed<SmartLicensing>::not_this("parser not written yet"); }
Parsed<SmartLicensing> parse_show_license_all(std::string_view) { return Parsed<SmartLicensing>::not_this("parser not written yet"); }
Parsed<SmartLicensing> parse_show_license_usage(std::string_view) { return Parsed<SmartLicensing>::not_this("parser not written yet"); }
Parsed<SmartLicensing> parse_show_license_udi(std::string_view) { return Parsed<SmartLicensing>::not_this("parser not written yet"); }
Parsed<SmartLicensing> parse_show_license_tech_support(std::string_view) { return Parsed<SmartLicensing>::not_this("parser not written yet"); }

}  // namespace licmig::snapshot
