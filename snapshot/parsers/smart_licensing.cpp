// The `show license summary|status|all|usage|udi|tech support` parsers. All six read the text with
// the one Smart Licensing scanner (smart_scan.cpp); they differ in what makes a text theirs:
// `show license udi` needs a UDI, the others any Smart Licensing block or line.
#include "snapshot/parsers.hpp"
#include "snapshot/parsers/smart_scan.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

enum class Need { smart_output, udi };

Parsed<SmartLicensing> parse_smart(std::string_view text, Need need) {
  auto lines = smart::logical_lines(text);
  smart::ScanFacts facts;
  auto result = smart::scan(lines, facts);
  if (facts.first_content.empty()) return Parsed<SmartLicensing>::not_this("empty output");
  if (base::starts_with(facts.first_content, "%"))
    return Parsed<SmartLicensing>::not_this("IOS error: " + facts.first_content);
  if (need == Need::udi && !facts.udi_seen) return Parsed<SmartLicensing>::not_this("no UDI in the text");
  if (!facts.marker) return Parsed<SmartLicensing>::not_this("no Smart Licensing output in the text");
  return result;
}

}  // namespace

Parsed<SmartLicensing> parse_show_license_summary(std::string_view text) {
  return parse_smart(text, Need::smart_output);
}

Parsed<SmartLicensing> parse_show_license_status(std::string_view text) {
  return parse_smart(text, Need::smart_output);
}

Parsed<SmartLicensing> parse_show_license_all(std::string_view text) { return parse_smart(text, Need::smart_output); }

Parsed<SmartLicensing> parse_show_license_usage(std::string_view text) { return parse_smart(text, Need::smart_output); }

Parsed<SmartLicensing> parse_show_license_udi(std::string_view text) { return parse_smart(text, Need::udi); }

Parsed<SmartLicensing> parse_show_license_tech_support(std::string_view text) {
  return parse_smart(text, Need::smart_output);
}

}  // namespace licmig::snapshot
