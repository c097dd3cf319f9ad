// The interfaces of a configuration (`show running-config` / `show startup-config` text) and their
// administrative state: a section `interface X` holding a ` shutdown` line is admin down; and the
// interfaces `show ip interface brief` shows administratively down. Pure.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace licmig::snapshot {

struct InterfaceAdmin {
  std::string name;       // as configured, e.g. "TenGigabitEthernet0/0/24"
  bool shutdown = false;  // the section holds ` shutdown`
};

// Every `interface X` section of `config_text`, in order.
std::vector<InterfaceAdmin> interfaces_of_config(std::string_view config_text);

// The names of the sections that are admin down.
std::vector<std::string> shutdown_interfaces(std::string_view config_text);

// The interfaces `show ip interface brief` shows with Status "administratively down", in order
// (the table's rows after its `Interface ... Status Protocol` header).
std::vector<std::string> admin_down_interfaces(std::string_view brief_text);

}  // namespace licmig::snapshot
