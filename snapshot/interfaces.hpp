// The interfaces of a configuration (`show running-config` / `show startup-config` text) and their
// administrative state: a section `interface X` holding a ` shutdown` line is admin down; its VRF
// (` vrf forwarding NAME`); the rows of `show ip interface brief`; and which interface is the
// management one. Pure.
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
  std::string vrf;        // ` vrf forwarding NAME` (or ` ip vrf forwarding NAME`); "" = the global table
};

// One row of `show ip interface brief`.
struct InterfaceBrief {
  std::string name;     // "GigabitEthernet0"
  std::string address;  // "192.0.2.10", or "unassigned"
  std::string status;   // "up", "down", "administratively down"
  std::string protocol;
};

// Every `interface X` section of `config_text`, in order.
std::vector<InterfaceAdmin> interfaces_of_config(std::string_view config_text);

// The names of the sections that are admin down.
std::vector<std::string> shutdown_interfaces(std::string_view config_text);

// The interfaces `show ip interface brief` shows with Status "administratively down", in order
// (the table's rows after its `Interface ... Status Protocol` header).
std::vector<std::string> admin_down_interfaces(std::string_view brief_text);

// Every row of `show ip interface brief` (after its `Interface ... Status Protocol` header).
std::vector<InterfaceBrief> parse_ip_interface_brief(std::string_view brief_text);

// The VRF IOS XE puts the management port of an ASR 900/920 in (GigabitEthernet0).
inline constexpr std::string_view k_management_vrf = "Mgmt-intf";

// Whether interface `name` is the router's management interface: GigabitEthernet0 / Gi0 /
// FastEthernet0, a Mgmt* or Management* name, or any interface the configuration `config_text`
// ("" = not known) puts in VRF Mgmt-intf. `no license smart enable` leaves it up; every other
// port goes administratively down.
bool is_management_interface(std::string_view name, std::string_view config_text = {});

}  // namespace licmig::snapshot
