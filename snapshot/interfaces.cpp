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
    if (in_section && base::trim(t) == "shutdown") out.back().shutdown = true;
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

std::vector<std::string> admin_down_interfaces(std::string_view brief_text) {
  std::vector<std::string> out;
  bool in_table = false;
  for (const auto &line : clean_lines(brief_text)) {
    const std::string t = base::trim(line.text);
    if (!in_table) {
      in_table = base::starts_with(t, "Interface ") && t.find(" Status ") != std::string::npos;
      continue;
    }
    if (t.empty() || t.find(' ') == std::string::npos) continue;
    if (t.find(" administratively down ") != std::string::npos) out.push_back(t.substr(0, t.find(' ')));
  }
  return out;
}

}  // namespace licmig::snapshot
