#include "snapshot/interfaces.hpp"

#include "base/text.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

std::vector<InterfaceAdmin> interfaces_of_config(std::string_view config_text) {
  std::vector<InterfaceAdmin> out;
  bool in_section = false;
  for (const auto &line : clean_lines(config_text)) {
    const std::string &t = line.text;
    if (t.empty()) continue;
    if (t.front() != ' ') {
      // a top-level line: a new section, or the end of the one before
      in_section = base::starts_with(t, "interface ");
      if (in_section) {
        InterfaceAdmin i;
        i.name = base::trim(t.substr(std::string("interface ").size()));
        in_section = !i.name.empty();
        if (in_section) out.push_back(std::move(i));
      }
      continue;
    }
    if (!in_section) continue;
    const std::string body = base::trim(t);
    if (body == "shutdown") out.back().shutdown = true;
    for (std::string_view key : {"vrf forwarding ", "ip vrf forwarding "}) {
      if (base::starts_with(body, key)) out.back().vrf = base::trim(body.substr(key.size()));
    }
  }
  return out;
}

std::vector<std::string> shutdown_interfaces(std::string_view config_text) {
  std::vector<std::string> out;
  for (const auto &i : interfaces_of_config(config_text)) {
    if (i.shutdown) out.push_back(i.name);
  }
  return out;
}

std::vector<InterfaceBrief> parse_ip_interface_brief(std::string_view brief_text) {
  std::vector<InterfaceBrief> out;
  bool in_table = false;
  for (const auto &line : clean_lines(brief_text)) {
    const std::string t = base::trim(line.text);
    if (!in_table) {
      in_table = base::starts_with(t, "Interface ") && t.find(" Status ") != std::string::npos;
      continue;
    }
    // Interface IP-Address OK? Method Status Protocol; Status may be two words
    const auto w = base::words(t);
    if (w.size() < 6) continue;
    InterfaceBrief row;
    row.name = std::string(w[0]);
    row.address = std::string(w[1]);
    row.protocol = std::string(w.back());
    for (std::size_t i = 4; i + 1 < w.size(); ++i) row.status += (i > 4 ? " " : "") + std::string(w[i]);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<std::string> admin_down_interfaces(std::string_view brief_text) {
  std::vector<std::string> out;
  for (const auto &row : parse_ip_interface_brief(brief_text)) {
    if (row.status == "administratively down") out.push_back(row.name);
  }
  return out;
}

bool is_management_interface(std::string_view name, std::string_view config_text) {
  const std::string n = base::to_lower(std::string(name));
  if (n == "gigabitethernet0" || n == "gi0" || n == "fastethernet0" || base::starts_with(n, "mgmt") ||
      base::starts_with(n, "management")) {
    return true;
  }
  for (const auto &i : interfaces_of_config(config_text)) {
    if (i.vrf == k_management_vrf && base::to_lower(i.name) == n) return true;
  }
  return false;
}

}  // namespace licmig::snapshot
