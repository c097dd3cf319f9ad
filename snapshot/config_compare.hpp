// Comparison of a running and a startup configuration as `show running-config` and
// `show startup-config` print them: true when they differ in anything but the lines IOS adds around
// them (Building configuration..., Current configuration : N bytes, the "Last configuration change"
// and "NVRAM config last updated" comments, Using N out of M bytes) and blank lines.
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace licmig::snapshot {

bool configs_differ(std::string_view running, std::string_view startup);

// The lines that differ (for messages): "+ line" only in running, "- line" only in startup.
std::vector<std::string> config_differences(std::string_view running, std::string_view startup);

}  // namespace licmig::snapshot
