// Ansible host patterns over a resolved Inventory.
#include "inventory/host_pattern.hpp"

#include <algorithm>
#include <set>

#include "base/glob.hpp"
#include "base/text.hpp"

namespace licmig::inventory {

namespace {

// Ansible's host patterns are fnmatch patterns, case-sensitive: `*`, `?`, `[seq]`, `[!seq]`.
constexpr base::GlobSyntax k_ansible_syntax{true, true, false};

bool has_wildcard(std::string_view p) { return p.find_first_of(".?*[") != std::string_view::npos; }

// Every host in group `name` or any group below it.
void collect_group_hosts(const Inventory &inv, const std::string &name, std::set<std::string> *hosts,
                         std::set<std::string> *visited) {
  if (!visited->insert(name).second) return;
  const Group *g = inv.find_group(name);
  if (!g) return;
  hosts->insert(g->hosts.begin(), g->hosts.end());
  for (const auto &c : g->children) collect_group_hosts(inv, c, hosts, visited);
}

// The host names one term matches (groups by name, and hosts by name when no group matched or the
// term has wildcards).
std::set<std::string> match_term(const Inventory &inv, std::string_view term) {
  std::set<std::string> out;
  if (term == "all" || term == "*") {
    for (const auto &h : inv.hosts) out.insert(h.name);
    return out;
  }
  bool group_matched = false;
  std::set<std::string> visited;
  for (const auto &g : inv.groups) {
    if (base::glob_match(term, g.name, k_ansible_syntax)) {
      group_matched = true;
      collect_group_hosts(inv, g.name, &out, &visited);
    }
  }
  if (!group_matched || has_wildcard(term)) {
    for (const auto &h : inv.hosts) {
      if (base::glob_match(term, h.name, k_ansible_syntax)) out.insert(h.name);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> split_host_pattern(std::string_view limit) {
  std::vector<std::string> terms;
  auto push = [&](std::string_view t) {
    t = base::trim_view(t);
    if (!t.empty()) terms.emplace_back(t);
  };
  const bool commas = limit.find(',') != std::string_view::npos;
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i < limit.size(); ++i) {
    const char c = limit[i];
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if ((commas && c == ',') || (!commas && c == ':' && depth == 0)) {
      push(limit.substr(start, i - start));
      start = i + 1;
    }
  }
  push(limit.substr(start));
  return terms;
}

Result<std::vector<const Host *>> select_hosts(const Inventory &inventory, std::string_view limit) {
  std::vector<const Host *> all;
  for (const auto &h : inventory.hosts) all.push_back(&h);
  if (base::trim_view(limit).empty()) return all;

  std::vector<std::string> plain, intersect, exclude;
  for (auto &t : split_host_pattern(limit)) {
    if (t[0] == '!') {
      exclude.push_back(t);
    } else if (t[0] == '&') {
      intersect.push_back(t);
    } else {
      plain.push_back(t);
    }
  }
  if (plain.empty()) plain.emplace_back("all");

  std::set<std::string> chosen;
  auto apply = [&](const std::string &term, char op) -> Status {
    const std::string_view name = op == '+' ? std::string_view(term) : std::string_view(term).substr(1);
    if (name.empty())
      return Status::error(ErrorKind::invalid_input, "--limit: empty pattern after '" + std::string(1, op) + "'");
    if (name[0] == '~') {
      return Status::error(ErrorKind::invalid_input,
                           "--limit: regular-expression patterns are not supported: '" + term + "'");
    }
    auto matched = match_term(inventory, name);
    if (matched.empty() && name != "all") {
      return Status::error(ErrorKind::invalid_input, "--limit: '" + std::string(name) + "' matches no host or group");
    }
    if (op == '+') chosen.insert(matched.begin(), matched.end());
    if (op == '&') {
      std::set<std::string> both;
      for (const auto &h : chosen) {
        if (matched.count(h)) both.insert(h);
      }
      chosen = std::move(both);
    }
    if (op == '!') {
      for (const auto &h : matched) chosen.erase(h);
    }
    return Status::ok();
  };
  for (const auto &t : plain) {
    if (auto s = apply(t, '+'); !s) return s;
  }
  for (const auto &t : intersect) {
    if (auto s = apply(t, '&'); !s) return s;
  }
  for (const auto &t : exclude) {
    if (auto s = apply(t, '!'); !s) return s;
  }
  std::vector<const Host *> out;
  for (const auto *h : all) {
    if (chosen.count(h->name)) out.push_back(h);
  }
  if (out.empty()) {
    return Status::error(ErrorKind::invalid_input, "--limit '" + std::string(limit) + "': no hosts left");
  }
  return out;
}

}  // namespace licmig::inventory
