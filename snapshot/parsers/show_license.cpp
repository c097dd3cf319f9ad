// `show license` in the traditional (CSL / PAK) layout:
//
//   Index 1 Feature: advancedmetroipaccess
//           Period left: Life time
//           License Type: Permanent
//           License State: Active, In Use
//           License Count: Non-Counted
//           License Priority: Medium
//   Index 2 Feature: ipbase
//
// A bare "Index N Feature: X" line (no fields under it) is a feature the image knows but holds no
// license for; real routers print many of them, so it is recognised with only index and feature.
//
// Not this format: empty text, an IOS error, the Smart Licensing answer a Smart-mode router gives
// to `show license`, any text whose first line is not an "Index N Feature:" line.
// Malformed: an Index line with a non-numeric index, no "Feature:" or no feature name; a line
// under a license that is not "Key: value"; a license whose fields stop before "License Priority"
// (the last field the router prints, so the block was cut off); text before the first Index line.
// A prompt line after the list (a pasted session) ends the output.
#include <array>
#include <utility>
#include <vector>

#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

using Result = Parsed<PakLicenseList>;

struct IndexLine {
  bool is_index = false;  // the line starts with "Index "
  std::optional<std::int64_t> index;
  std::string feature;
  std::string problem;  // why a line that starts with "Index " is not a good one
};

IndexLine read_index_line(std::string_view line) {
  IndexLine out;
  auto t = base::trim_view(line);
  if (t != "Index" && !base::starts_with(t, "Index ")) return out;
  out.is_index = true;
  auto rest = base::trim_view(t.substr(5));
  auto sp = rest.find_first_of(" \t");
  auto number = rest.substr(0, sp);
  auto after = sp == std::string_view::npos ? std::string_view{} : base::trim_view(rest.substr(sp));
  auto value = base::to_int(number);
  if (!value || *value < 0) {
    out.problem = "license index '" + std::string(number) + "' is not a number";
    return out;
  }
  if (!base::starts_with(after, "Feature")) {
    out.problem = "index line without 'Feature:'";
    return out;
  }
  auto feature = value_after(after, "Feature");
  if (!feature) {
    out.problem = "index line without 'Feature:'";
    return out;
  }
  if (feature->empty()) {
    out.problem = "index line without a feature name";
    return out;
  }
  out.index = *value;
  out.feature = std::move(*feature);
  return out;
}

// Splits "Key: value" at the first colon; nullopt when there is no colon or no key.
std::optional<std::pair<std::string, std::string>> split_field(std::string_view line) {
  auto t = base::trim_view(line);
  auto colon = t.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  return std::make_pair(base::squeeze(t.substr(0, colon)), base::trim(t.substr(colon + 1)));
}

// "0  minute  0  second", "2 minutes 19 seconds", "8 weeks 3 days" -> seconds.
std::optional<std::int64_t> period_seconds(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::int64_t>, 5> units{
      {{"week", 7 * 24 * 3600}, {"day", 24 * 3600}, {"hour", 3600}, {"minute", 60}, {"second", 1}}};
  std::int64_t total = 0;
  bool any = false;
  std::size_t pos = 0;
  auto next_word = [&]() -> std::string_view {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == ',')) ++pos;
    auto start = pos;
    while (pos < text.size() && text[pos] != ' ' && text[pos] != '\t' && text[pos] != ',') ++pos;
    return text.substr(start, pos - start);
  };
  for (auto word = next_word(); !word.empty(); word = next_word()) {
    auto count = base::to_int(word);
    auto unit = next_word();
    if (!count || *count < 0 || *count > 1'000'000'000 || unit.empty()) return std::nullopt;
    if (unit.back() == 's') unit.remove_suffix(1);
    std::int64_t factor = 0;
    for (const auto &[name, seconds] : units) {
      if (unit == name) factor = seconds;
    }
    if (factor == 0) return std::nullopt;
    total += *count * factor;
    any = true;
  }
  if (!any) return std::nullopt;
  return total;
}

// Splits "a/b/c" into its parts.
std::vector<std::string_view> slash_parts(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    auto slash = s.find('/', pos);
    out.push_back(
        base::trim_view(s.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos)));
    if (slash == std::string_view::npos) return out;
    pos = slash + 1;
  }
}

// "0/0  (In-use/Violation)", "4/2/0  (Active/In-use/Violation)": each number by its label.
void read_count(PakLicense &lic) {
  auto t = base::trim_view(*lic.license_count);
  auto open = t.find('(');
  auto close = t.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return;
  auto numbers = slash_parts(base::trim_view(t.substr(0, open)));
  auto labels = slash_parts(t.substr(open + 1, close - open - 1));
  if (numbers.size() != labels.size()) return;
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    auto n = base::to_int(numbers[i]);
    if (!n) return;
    auto label = base::to_lower(labels[i]);
    if (label == "active") lic.license_count_active = *n;
    if (label == "in-use") lic.license_count_in_use = *n;
    if (label == "violation") lic.license_count_violation = *n;
  }
}

// Stores a field of the current license; unknown keys (other releases print more) are skipped.
void store_field(PakLicense &lic, const std::string &key, std::string value) {
  auto set = [&value](OptString &field) {
    if (!field) field = value;
  };
  auto k = base::to_lower(key);
  if (k == "period left") {
    set(lic.period_left);
  } else if (k == "period used") {
    set(lic.period_used);
    if (!lic.period_used_seconds) lic.period_used_seconds = period_seconds(*lic.period_used);
  } else if (k == "license type") {
    set(lic.license_type);
  } else if (k == "license state") {
    set(lic.license_state);
  } else if (k == "license count") {
    set(lic.license_count);
    read_count(lic);
  } else if (k == "license priority") {
    set(lic.license_priority);
  } else if (k == "license store") {
    set(lic.license_store);
  } else if (k == "store index") {
    set(lic.store_index);
  }
}

struct Block {
  PakLicense license;
  std::size_t fields = 0;
  std::size_t last_line = 0;
};

// A block that has fields must reach "License Priority"; otherwise it was cut off.
std::optional<Result> check_block(const Block &b) {
  if (b.fields > 0 && !b.license.license_priority) {
    return Result::malformed(b.last_line, "license '" + b.license.feature + "' ends before 'License Priority'");
  }
  return std::nullopt;
}

}  // namespace

Parsed<PakLicenseList> parse_show_license(std::string_view text) {
  auto lines = clean_lines(text);
  if (auto why = not_command_output(lines)) return Result::not_this(*why);
  const Line *first = first_content(lines);
  auto first_text = base::trim_view(first->text);
  if (!read_index_line(first_text).is_index) {
    for (const auto &l : lines) {
      auto t = base::trim_view(l.text);
      if (t.find("Smart Licensing") != std::string_view::npos) {
        return Result::not_this("Smart Licensing output, not the traditional license list");
      }
    }
    for (const auto &l : lines) {
      if (read_index_line(l.text).index) {
        return Result::malformed(first->number, "text before the first 'Index N Feature:' line");
      }
    }
    return Result::not_this("no 'Index N Feature:' line");
  }

  PakLicenseList out;
  std::optional<Block> block;
  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (t.empty()) continue;
    if (is_prompt_line(t)) break;  // a captured session: the next command starts here
    auto idx = read_index_line(t);
    if (idx.is_index) {
      if (!idx.index) return Result::malformed(l.number, idx.problem);
      if (block) {
        if (auto bad = check_block(*block)) return *bad;
        out.licenses.push_back(std::move(block->license));
      }
      block = Block{};
      block->license.index = *idx.index;
      block->license.feature = std::move(idx.feature);
      block->last_line = l.number;
      continue;
    }
    auto field = split_field(t);
    if (!field)
      return Result::malformed(l.number, "expected 'Key: value' under a license, got '" + std::string(t) + "'");
    // block is set: the first non-empty line is an Index line
    store_field(block->license, field->first, std::move(field->second));
    ++block->fields;
    block->last_line = l.number;
  }
  if (block) {
    if (auto bad = check_block(*block)) return *bad;
    out.licenses.push_back(std::move(block->license));
  }
  return Result::ok(std::move(out));
}

}  // namespace licmig::snapshot
