// CSV inventories: a header `name,host,port,username,group,ha_group,ha_role`, then one router per
// row. `group` may list several groups separated by ';'; empty cells are unset. Fields may be
// double-quoted ("a,b", "say ""hi"""). Blank lines and lines starting with '#' are skipped.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "inventory/inventory_builder.hpp"

namespace licmig::inventory::detail {

namespace {

constexpr std::array<std::string_view, 7> k_columns = {"name",  "host",     "port",   "username",
                                                       "group", "ha_group", "ha_role"};

std::string squote(std::string_view s) { return "'" + std::string(s) + "'"; }

Result<std::vector<std::string>> split_row(std::string_view line) {
  std::vector<std::string> fields;
  std::string field;
  bool in_quotes = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"' && base::trim(field).empty()) {
      in_quotes = true;
      was_quoted = true;
      field.clear();
    } else if (c == ',') {
      fields.push_back(was_quoted ? field : base::trim(field));
      field.clear();
      was_quoted = false;
    } else if (!was_quoted) {
      field.push_back(c);
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      return Status::error(ErrorKind::invalid_input, "text after a closing quote");
    }
  }
  if (in_quotes) return Status::error(ErrorKind::invalid_input, "unterminated quote");
  fields.push_back(was_quoted ? field : base::trim(field));
  return fields;
}

std::string header_text() {
  std::string out;
  for (auto c : k_columns) out += (out.empty() ? "" : ",") + std::string(c);
  return out;
}

}  // namespace

Status read_csv_inventory(std::string_view text, InventoryBuilder &builder) {
  auto error = [&](std::size_t line, const std::string &message) {
    return Status::error(ErrorKind::invalid_input, to_string(builder.at(line)) + ": " + message);
  };
  bool header_seen = false;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    const std::string line =
        base::trim(text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    ++line_no;
    start = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    if (line.empty() || line[0] == '#') continue;
    auto fields = split_row(line);
    if (!fields) return error(line_no, "CSV: " + fields.error_message());
    if (!header_seen) {
      std::vector<std::string> names;
      for (const auto &f : *fields) names.push_back(base::to_lower(f));
      if (!std::equal(names.begin(), names.end(), k_columns.begin(), k_columns.end())) {
        return error(line_no, "CSV header must be " + squote(header_text()) + ", got " + squote(line));
      }
      header_seen = true;
      continue;
    }
    if (fields->size() != k_columns.size()) {
      return error(line_no,
                   "expected " + std::to_string(k_columns.size()) + " fields, got " + std::to_string(fields->size()));
    }
    const auto &f = *fields;
    if (f[0].empty()) return error(line_no, "empty host name");
    std::vector<std::string> groups;
    for (std::size_t pos = 0; pos <= f[4].size();) {
      auto semi = f[4].find(';', pos);
      auto g =
          base::trim(std::string_view(f[4]).substr(pos, semi == std::string::npos ? std::string::npos : semi - pos));
      if (!g.empty()) groups.push_back(g);
      if (semi == std::string::npos) break;
      pos = semi + 1;
    }
    if (groups.empty()) groups.push_back("ungrouped");
    for (const auto &g : groups) {
      if (auto s = builder.add_host(f[0], g, std::nullopt, line_no); !s) return s;
    }
    auto set = [&](const char *key, nlohmann::json value) {
      return builder.set_host_var(f[0], key, std::move(value), line_no);
    };
    Status s;
    if (!f[1].empty()) s = set("ansible_host", f[1]);
    if (s && !f[2].empty()) {
      const bool digits = f[2].size() < 10 && base::is_digits(f[2]);
      s = set("ansible_port", digits ? nlohmann::json(std::stoll(f[2])) : nlohmann::json(f[2]));
    }
    if (s && !f[3].empty()) s = set("ansible_user", f[3]);
    if (s && !f[5].empty()) s = set("ha_group", f[5]);
    if (s && !f[6].empty()) s = set("ha_role", f[6]);
    if (!s) return s;
  }
  if (!header_seen) return Status::error(ErrorKind::invalid_input, builder.file() + ": inventory has no hosts");
  return Status::ok();
}

}  // namespace licmig::inventory::detail
