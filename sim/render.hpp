// The show-command outputs of a simulated router, in the real format of its release and license
// mode (render_*.cpp). Each function returns the text the router prints, lines ended by "\n" (the
// CLI turns them into "\r\n"), without the command echo or the prompt.
//
// Thread-safety: pure functions of the state passed in.
#pragma once

#include <cstdint>
#include <string>

#include "sim/router_state.hpp"

namespace licmig::sim::render {

// Time and duration text.
std::string syslog_stamp(std::int64_t wall, int millis);  // "*Mar 12 09:12:44.102"
std::string smart_date(std::int64_t wall);                // "Mar 13 08:09:24 2024 UTC"
std::string rom_date(std::int64_t wall);                  // "09:38:38 UTC Thu Aug 31 2017"
std::string ctime_date(std::int64_t wall);                // "Tue Oct 26 20:45:26 2021"
std::string uptime_text(std::int64_t seconds);            // "1 week, 2 days, 3 hours, 4 minutes"
std::string eval_text(std::int64_t seconds);              // "70 days, 7 hours, 23 minutes, 19 seconds"
// "17.06.01" for 17.6.1, "17.03.04a" for 17.3.4a.
std::string xe_version(const snapshot::Release &r);

std::string show_version(const RouterState &s, Clock::time_point now);
std::string show_clock(const RouterState &s, Clock::time_point now);

// `show license`: the traditional "Index N Feature:" list, or the Smart mode answer.
std::string show_license(const RouterState &s, Clock::time_point now);
std::string show_license_udi(const RouterState &s);
std::string show_pak_info(const RouterState &s);

// Smart Licensing commands (classic layout, or Smart Licensing Using Policy on 17.3+ where the
// platform uses it). In No-License mode they say Smart Licensing is disabled.
std::string show_license_summary(const RouterState &s, Clock::time_point now);
std::string show_license_status(const RouterState &s, Clock::time_point now);
std::string show_license_all(const RouterState &s, Clock::time_point now);
std::string show_license_usage(const RouterState &s, Clock::time_point now);
std::string show_license_tech_support(const RouterState &s, Clock::time_point now);

std::string show_running_config(const RouterState &s, Clock::time_point now);
std::string show_startup_config(const RouterState &s, Clock::time_point now);
std::string show_bootvar(const RouterState &s);
std::string show_ip_interface_brief(const RouterState &s);
// `dir bootflash:`, or `dir bootflash:NAME` (that file only; %Error opening when there is none).
std::string dir_bootflash(const RouterState &s, const std::string &only = {});
// `verify /md5 bootflash:F [MD5]`; `file` without the file system prefix.
// Not const: the md5 of a file read for the first time is cached on bootflash.
std::string verify_md5(RouterState &s, const std::string &file, const std::string &expected);

std::string show_redundancy(const RouterState &s, Clock::time_point now);
std::string show_redundancy_states(const RouterState &s, Clock::time_point now);
std::string show_call_home_profile_all(const RouterState &s);
std::string show_logging(const RouterState &s, Clock::time_point now);

}  // namespace licmig::sim::render
