// Ansible's host keys in inventories (detail of the inventory readers, tested directly): ranges and
// ports, as ansible-inventory expands them. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace licmig::inventory::detail {

// Expands Ansible host ranges: "pe[01:03].net" -> pe01.net pe02.net pe03.net; "[a:c]", steps
// "[1:9:2]" and several ranges in one name. Fails naming the pattern.
Result<std::vector<std::string>> expand_host_range(std::string_view pattern);

// Splits "host:port" / "[v6]:port" the way Ansible does; ranges' colons are not ports.
struct HostAndPort {
  std::string host;
  std::optional<std::string> port;  // the digits, unvalidated
};
HostAndPort split_host_port(std::string_view pattern);

// Expands a host key ("pe[1:3]:2222") into names and a port, validating the port.
Status expand_host_key(std::string_view key, std::vector<std::string> *names, std::optional<long long> *port);

}  // namespace licmig::inventory::detail
