// `show platform software sl-infra pak-info` (IOS XE 17.8-17.10): the router's own snapshot of the
// PAK licenses it held before the upgrade.
//
//   Pak License Snapshot Information
//   Platform Supports PAK License snapshot
//   PAK License Snapshot integrity check pass
//   PAK License Snapshot available
//   License Name                : advancedmetroipaccess
//    Index                      : 0
//    In Use Count               : 0
//    In Use Count Valid         : 0
//    License Precedence         : 0
//    License Type               : 0 - Permanent
//    License Count              : 65535 - Non-Counted
//    Current State              : 2 - Active, Not in Use
//    License State              : 1 - Active, In Use
//    Timestamp lower 32bits     : 1635281126 - Tue Oct 26 20:45:26 2021
//    Timestamp upper 32bits     : 0
//    Trial Elapsed Period Left  : 0
//
// Besides one "Key : value" per line it reads the form the vendor guide prints (text flattened from
// a PDF): several "Key: value" pairs run together on one line, and keys and values on separate
// lines out of step. A value line with no key (": 0") is given to the next field in the order
// above, after the last field set; a line holding only a key is skipped, except "License Name",
// which starts a new entry. Type, count and state values keep the text after "N - ".
//
// Not this format: empty text, an IOS error ("% Invalid input" on 17.11+ and before 17.8), text
// with no "PAK License Snapshot" status line. Malformed: a number field that is not a number, a
// "N - text" value whose code is not a number, an entry without a license name, a value line
// past the last field, "PAK License Snapshot available" with no license listed.
#include <array>
#include <cstdint>
#include <utility>

#include "snapshot/parsers.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

using Result = Parsed<PakSnapshot>;

enum Field : int {
  f_name,
  f_index,
  f_in_use_count,
  f_in_use_count_valid,
  f_precedence,
  f_type,
  f_count,
  f_current_state,
  f_license_state,
  f_timestamp_lower,
  f_timestamp_upper,
  f_trial,
  f_end
};

// In field order; a key that another key starts with comes after it ("In Use Count Valid"
// before "In Use Count") so the longest match wins.
constexpr std::array<std::pair<std::string_view, Field>, f_end> keys{{
    {"License Name", f_name},
    {"Index", f_index},
    {"In Use Count Valid", f_in_use_count_valid},
    {"In Use Count", f_in_use_count},
    {"License Precedence", f_precedence},
    {"License Type", f_type},
    {"License Count", f_count},
    {"Current State", f_current_state},
    {"License State", f_license_state},
    {"Timestamp lower 32bits", f_timestamp_lower},
    {"Timestamp upper 32bits", f_timestamp_upper},
    {"Trial Elapsed Period Left", f_trial},
}};

bool iprefix(std::string_view s, std::size_t at, std::string_view key) {
  return at + key.size() <= s.size() && base::iequals(s.substr(at, key.size()), key);
}

// A key at `at` followed by optional blanks and a colon: returns the key and where its value starts.
std::optional<std::pair<Field, std::size_t>> key_at(std::string_view s, std::size_t at) {
  for (const auto &[name, field] : keys) {
    if (!iprefix(s, at, name)) continue;
    auto i = at + name.size();
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i < s.size() && s[i] == ':') return std::make_pair(field, i + 1);
  }
  return std::nullopt;
}

struct Piece {
  std::optional<Field> key;          // none: a value line with no key (": 0")
  std::optional<std::string> value;  // none: a line holding only a key
};

// Splits one line into its "Key: value" pairs (several, when the line runs them together).
std::vector<Piece> split_pieces(std::string_view line) {
  std::vector<Piece> out;
  auto t = base::trim_view(line);
  for (const auto &[name, field] : keys) {
    if (base::iequals(t, name)) return {Piece{field, std::nullopt}};
  }
  std::vector<std::pair<std::size_t, std::pair<Field, std::size_t>>> hits;  // key start, (key, value start)
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (auto k = key_at(t, i)) {
      hits.emplace_back(i, *k);
      i = k->second - 1;
    }
  }
  auto head = base::trim_view(t.substr(0, hits.empty() ? t.size() : hits.front().first));
  if (base::starts_with(head, ":")) out.push_back(Piece{std::nullopt, base::trim(head.substr(1))});
  for (std::size_t h = 0; h < hits.size(); ++h) {
    auto start = hits[h].second.second;
    auto end = h + 1 < hits.size() ? hits[h + 1].first : t.size();
    out.push_back(Piece{hits[h].second.first, base::trim(t.substr(start, end - start))});
  }
  return out;
}

// The status lines; returns true if the line is one.
bool read_status(std::string_view line, PakSnapshot &snap) {
  auto t = base::to_lower(base::squeeze(line));
  if (t.find("pak license snapshot") == std::string::npos) return false;
  if (t.find("does not support") != std::string::npos || t.find("not supported") != std::string::npos) {
    snap.platform_supports = false;
  } else if (t.find("supports") != std::string::npos) {
    snap.platform_supports = true;
  } else if (t.find("integrity check") != std::string::npos) {
    snap.integrity_ok = t.find("fail") == std::string::npos && t.find("pass") != std::string::npos;
  } else if (t.find("not available") != std::string::npos) {
    snap.available = false;
  } else if (t.find("available") != std::string::npos) {
    snap.available = true;
  }
  return true;
}

struct Entry {
  PakSnapshotEntry value;
  bool has_name = false;
  int next = f_name;  // the field an unkeyed value goes to
  std::size_t first_line = 0;
  std::optional<std::int64_t> ts_lower;
  std::optional<std::int64_t> ts_upper;
};

// "2 - Active, In Use" -> "Active, In Use"; an error text when the code is not a number.
std::optional<std::string> coded_text(const std::string &value, std::string *text) {
  auto dash = value.find(" - ");
  if (dash == std::string::npos) {
    *text = value;
    return std::nullopt;
  }
  if (!base::to_int(value.substr(0, dash))) return "code '" + base::trim(value.substr(0, dash)) + "' is not a number";
  *text = base::trim(std::string_view(value).substr(dash + 3));
  return std::nullopt;
}

// Stores one value; returns an error text when it is garbled.
std::optional<std::string> store(Entry &e, Field f, const std::string &value) {
  auto number = [&value](std::optional<std::int64_t> &into, const char *what) -> std::optional<std::string> {
    auto v = base::to_int(value);
    if (!v) return std::string(what) + " '" + value + "' is not a number";
    into = *v;
    return std::nullopt;
  };
  auto coded = [&value](OptString &into) -> std::optional<std::string> {
    std::string text;
    if (auto bad = coded_text(value, &text)) return bad;
    into = std::move(text);
    return std::nullopt;
  };
  auto &v = e.value;
  switch (f) {
    case f_name:
      if (value.empty()) return "empty license name";
      v.license_name = value;
      e.has_name = true;
      return std::nullopt;
    case f_index: return number(v.index, "index");
    case f_in_use_count: return number(v.in_use_count, "in use count");
    case f_in_use_count_valid: return number(v.in_use_count_valid, "in use count valid");
    case f_precedence: return number(v.license_precedence, "license precedence");
    case f_type: return coded(v.license_type);
    case f_count: return coded(v.license_count);
    case f_current_state: return coded(v.current_state);
    case f_license_state: return coded(v.license_state);
    case f_timestamp_lower: {
      auto dash = value.find(" - ");
      auto lower =
          base::to_int(dash == std::string::npos ? std::string_view(value) : std::string_view(value).substr(0, dash));
      if (!lower || *lower < 0 || *lower > 0xFFFFFFFFLL) return "timestamp '" + value + "' is not a 32-bit number";
      e.ts_lower = *lower;
      if (dash != std::string::npos) v.timestamp = base::trim(std::string_view(value).substr(dash + 3));
      return std::nullopt;
    }
    case f_timestamp_upper: {
      auto upper = base::to_int(value);
      if (!upper || *upper < 0 || *upper > 0x7FFFFFFFLL) return "timestamp '" + value + "' is not a 32-bit number";
      e.ts_upper = *upper;
      return std::nullopt;
    }
    case f_trial: v.trial_period_left = value; return std::nullopt;
    case f_end: break;
  }
  return std::nullopt;
}

class Reader {
 public:
  // Takes one piece of line `number`; returns an error when it is garbled.
  std::optional<Result> take(const Piece &p, std::size_t number) {
    if (p.key == f_name) {
      if (auto bad = start(number)) return bad;
    }
    if (!p.value) return std::nullopt;  // a line with only a key: its value comes on a value line
    if (!current_) {
      if (auto bad = start(number)) return bad;
    }
    auto f = p.key ? *p.key : static_cast<Field>(current_->next);
    if (f >= f_end) return Result::malformed(number, "value '" + *p.value + "' after the last field of a license");
    if (auto bad = store(*current_, f, *p.value)) return Result::malformed(number, *bad);
    current_->next = f + 1;
    return std::nullopt;
  }

  // Ends the last entry and hands over all; an error when one has no name.
  std::optional<Result> finish(PakSnapshot &snap) {
    if (auto bad = close()) return bad;
    snap.entries = std::move(done_);
    return std::nullopt;
  }

 private:
  std::optional<Result> start(std::size_t number) {
    if (auto bad = close()) return bad;
    current_ = Entry{};
    current_->first_line = number;
    return std::nullopt;
  }

  std::optional<Result> close() {
    if (!current_) return std::nullopt;
    auto e = std::move(*current_);
    current_.reset();
    if (!e.has_name) return Result::malformed(e.first_line, "PAK snapshot entry without a license name");
    if (e.ts_lower) e.value.timestamp_seconds = *e.ts_lower + (e.ts_upper.value_or(0) << 32);
    done_.push_back(std::move(e.value));
    return std::nullopt;
  }

  std::optional<Entry> current_;
  std::vector<PakSnapshotEntry> done_;
};

}  // namespace

Parsed<PakSnapshot> parse_show_pak_info(std::string_view text) {
  auto lines = clean_lines(text);
  if (auto why = not_command_output(lines)) return Result::not_this(*why);
  const Line *first = first_content(lines);

  PakSnapshot snap;
  bool marker = false;
  for (const auto &l : lines) {
    if (read_status(l.text, snap)) marker = true;
  }
  if (!marker) return Result::not_this("no 'PAK License Snapshot' status line");

  Reader reader;
  std::size_t last_line = first->number;
  for (const auto &l : lines) {
    auto t = base::trim_view(l.text);
    if (t.empty()) continue;
    if (is_prompt_line(t)) break;  // a captured session: the next command starts here
    last_line = l.number;
    PakSnapshot ignored;
    if (read_status(t, ignored)) continue;
    for (const auto &piece : split_pieces(t)) {
      if (auto bad = reader.take(piece, l.number)) return *bad;
    }
  }
  if (auto bad = reader.finish(snap)) return *bad;
  if (snap.available == true && snap.entries.empty()) {
    return Result::malformed(last_line, "PAK License Snapshot available, but no license listed");
  }
  return Result::ok(std::move(snap));
}

}  // namespace licmig::snapshot
