#include "snapshot/config_compare.hpp"

#include <set>

#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

bool is_volatile(const std::string &t) {
  return t.empty() || base::starts_with(t, "Building configuration") || base::starts_with(t, "Current configuration") ||
         base::starts_with(t, "! Last configuration change") || base::starts_with(t, "! NVRAM config last updated") ||
         base::starts_with(t, "! No configuration change since last restart") || base::starts_with(t, "Using ") ||
         t == "!";
}

std::vector<std::string> significant(std::string_view text) {
  std::vector<std::string> out;
  for (const auto &l : clean_lines(text)) {
    auto t = base::trim(l.text);
    if (!is_volatile(t)) out.push_back(l.text);
  }
  return out;
}

}  // namespace

bool configs_differ(std::string_view running, std::string_view startup) {
  return significant(running) != significant(startup);
}

std::vector<std::string> config_differences(std::string_view running, std::string_view startup) {
  auto r = significant(running);
  auto s = significant(startup);
  std::multiset<std::string> rs(r.begin(), r.end());
  std::multiset<std::string> ss(s.begin(), s.end());
  std::vector<std::string> out;
  for (const auto &l : r) {
    auto it = ss.find(l);
    if (it == ss.end()) {
      out.push_back("+ " + l);
    } else {
      ss.erase(it);
    }
  }
  for (const auto &l : s) {
    auto it = rs.find(l);
    if (it == rs.end()) {
      out.push_back("- " + l);
    } else {
      rs.erase(it);
    }
  }
  return out;
}

}  // namespace licmig::snapshot
