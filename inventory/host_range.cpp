// Ansible's host keys in inventories: ranges ("pe[01:20].net", "[a:c]", steps "[1:9:2]") and a
// port after the name ("pe1:2222", "[2001:db8::1]:2222"), as ansible-inventory reads them.
#include "inventory/host_range.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "base/text.hpp"

namespace licmig::inventory::detail {

namespace {

using base::is_digits;

std::string squote(std::string_view s) { return "'" + std::string(s) + "'"; }

}  // namespace

HostAndPort split_host_port(std::string_view pattern) {
  const auto colon = pattern.rfind(':');
  if (colon == std::string_view::npos || !is_digits(pattern.substr(colon + 1))) return {std::string(pattern), {}};
  std::string_view host = pattern.substr(0, colon);
  const std::string port(pattern.substr(colon + 1));
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return {std::string(host.substr(1, host.size() - 2)), port};  // [v6]:port or [host]:port
  }
  // Every other colon must sit inside a [x:y] range, otherwise this is an IPv6 address.
  int depth = 0;
  for (char c : host) {
    if (c == '[') ++depth;
    if (c == ']') --depth;
    if (c == ':' && depth == 0) return {std::string(pattern), {}};
  }
  if (depth != 0) return {std::string(pattern), {}};
  return {std::string(host), port};
}

Result<std::vector<std::string>> expand_host_range(std::string_view pattern) {
  const auto open = pattern.find('[');
  if (open == std::string_view::npos) return std::vector<std::string>{std::string(pattern)};
  const auto close = pattern.find(']', open);
  auto fail = [&](const std::string &why) {
    return Status::error(ErrorKind::invalid_input, "host range " + squote(pattern) + ": " + why);
  };
  if (close == std::string_view::npos) return fail("missing ']'");
  const std::string_view head = pattern.substr(0, open);
  const std::string_view range = pattern.substr(open + 1, close - open - 1);
  const std::string_view tail = pattern.substr(close + 1);
  std::vector<std::string_view> bounds;
  for (std::size_t start = 0;;) {
    auto c = range.find(':', start);
    bounds.push_back(range.substr(start, c == std::string_view::npos ? std::string_view::npos : c - start));
    if (c == std::string_view::npos) break;
    start = c + 1;
  }
  if (bounds.size() != 2 && bounds.size() != 3) return fail("must be [begin:end] or [begin:end:step]");
  std::string_view beg = bounds[0].empty() ? std::string_view("0") : bounds[0];
  std::string_view end = bounds[1];
  if (end.empty()) return fail("no end value");
  long long step = 1;
  if (bounds.size() == 3) {
    if (!is_digits(bounds[2]) || bounds[2].size() > 6 || std::stoll(std::string(bounds[2])) == 0) {
      return fail("step must be a positive number");
    }
    step = std::stoll(std::string(bounds[2]));
  }
  std::vector<std::string> items;
  const bool alpha = beg.size() == 1 && end.size() == 1 && std::isalpha(static_cast<unsigned char>(beg[0])) &&
                     std::isalpha(static_cast<unsigned char>(end[0]));
  if (alpha) {
    // Python's string.ascii_letters order: a-z then A-Z.
    auto index = [](char c) { return std::islower(static_cast<unsigned char>(c)) ? c - 'a' : 26 + (c - 'A'); };
    const int b = index(beg[0]), e = index(end[0]);
    if (b > e) return fail("begin is after end");
    for (long long i = b; i <= e; i += step) {
      items.emplace_back(1, static_cast<char>(i < 26 ? 'a' + i : 'A' + (i - 26)));
    }
  } else {
    if (!is_digits(beg) || !is_digits(end) || beg.size() > 9 || end.size() > 9) {
      return fail("begin and end must both be numbers or both be letters");
    }
    std::size_t width = 0;
    if (beg.size() > 1 && beg[0] == '0') {
      if (beg.size() != end.size()) return fail("zero-padded begin and end must have the same length");
      width = beg.size();
    }
    const long long b = std::stoll(std::string(beg)), e = std::stoll(std::string(end));
    if (b > e) return fail("begin is after end");
    if ((e - b) / step > 100000) return fail("more than 100000 hosts");
    for (long long i = b; i <= e; i += step) {
      std::string digits = std::to_string(i);
      if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
      items.push_back(std::move(digits));
    }
  }
  std::vector<std::string> names;
  for (const auto &item : items) {
    std::string name = std::string(head) + item + std::string(tail);
    if (name.find('[') == std::string::npos) {
      names.push_back(std::move(name));
      continue;
    }
    auto more = expand_host_range(name);
    if (!more) return more.status();
    // nested ranges multiply: the bound holds for the whole pattern
    if (names.size() + more->size() > 100000) return fail("more than 100000 hosts");
    names.insert(names.end(), more->begin(), more->end());
  }
  return names;
}

Status expand_host_key(std::string_view key, std::vector<std::string> *names, std::optional<long long> *port) {
  auto hp = split_host_port(key);
  port->reset();
  if (hp.port) {
    if (hp.port->size() > 6 || std::stoll(*hp.port) < 1 || std::stoll(*hp.port) > 65535) {
      return Status::error(ErrorKind::invalid_input, "ansible_port: not a port number");
    }
    *port = std::stoll(*hp.port);
  } else if (!key.empty() && key.back() == ':') {
    return Status::error(ErrorKind::invalid_input,
                         "host " + squote(key) + ": a ':' after a host name must be followed by a port");
  }
  if (hp.host.empty()) return Status::error(ErrorKind::invalid_input, "empty host name");
  auto expanded = expand_host_range(hp.host);
  if (!expanded) return expanded.status();
  *names = std::move(expanded.value());
  return Status::ok();
}

}  // namespace licmig::inventory::detail
