#include "snapshot/model.hpp"

#include <algorithm>
#include <cctype>

#include "base/text.hpp"

namespace licmig::snapshot {

const char *to_string(LicenseMode mode) {
  switch (mode) {
    case LicenseMode::unknown: return "unknown";
    case LicenseMode::traditional: return "traditional";
    case LicenseMode::smart: return "smart";
    case LicenseMode::no_license: return "no-license";
  }
  return "unknown";
}

std::optional<LicenseMode> license_mode_from_string(const std::string &text) {
  for (auto mode : {LicenseMode::unknown, LicenseMode::traditional, LicenseMode::smart, LicenseMode::no_license}) {
    if (text == to_string(mode)) return mode;
  }
  return std::nullopt;
}

LicenseMode license_mode_from_license_type(const std::string &license_type) {
  const std::string t = base::to_lower(license_type);
  if (t.find("smart") != std::string::npos) return LicenseMode::smart;
  if (t.find("no license") != std::string::npos) return LicenseMode::no_license;
  static const char *const traditional[] = {"permanent",    "evalrighttouse",    "evaluation",
                                            "extension",    "paid subscription", "rtu",
                                            "right to use", "temporary"};
  for (const char *word : traditional) {
    if (t.find(word) != std::string::npos) return LicenseMode::traditional;
  }
  return LicenseMode::unknown;
}

}  // namespace licmig::snapshot
