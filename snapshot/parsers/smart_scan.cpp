// The Smart Licensing scanner: walks the logical lines of any `show license` command, keeping track
// of the "====="-underlined major section (tech support, all) and the "Name:" block inside it, and
// fills SmartLicensing. Sections it does not know are skipped, never an error.
#include <optional>

#include "snapshot/parsers/smart_scan.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot::smart {

namespace {

// Underlined sections of `show license all|tech support`; `ignored` covers every other one.
enum class Major { none, status, usage, product, agent, ignored };

// "Name:" blocks.
enum class Minor {
  none,
  registration,
  authorization,
  evaluation,
  policy_status,  // "Smart Licensing Using Policy:"
  account,
  utility,
  transport,
  policy,
  usage_reporting,
  trust_code,
  usage_table,
  udi_table,
  ha_udi,
  ignored,
};

struct KeyValue {
  bool has_colon = false;
  std::string key;  // squeezed
  std::string value;
};

KeyValue split_key_value(std::string_view t) {
  KeyValue kv;
  auto colon = t.find(':');
  if (colon == std::string_view::npos) return kv;
  kv.has_colon = true;
  kv.key = base::squeeze(t.substr(0, colon));
  kv.value = base::trim(t.substr(colon + 1));
  return kv;
}

bool is_rule(std::string_view t) {
  if (t.size() < 3) return false;
  for (char c : t) {
    if (c != '-' && c != '=' && c != '_' && c != ' ') return false;
  }
  return true;
}

bool is_underline(std::string_view t) { return t.size() >= 3 && t.find_first_not_of('=') == std::string_view::npos; }

// "Trust Code Installed:    Trust Code Type: CSSM": the value is another key, not a date.
bool is_nested_key(std::string_view value) {
  auto colon = value.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (char c : value.substr(0, colon)) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '-')) return false;
  }
  return true;
}

// "UDI: ...", "Status:": the first word ends with a colon (a UDI table row's first word never does).
bool starts_like_key(std::string_view t) {
  auto end = t.find_first_of(" \t");
  auto word = t.substr(0, end);
  return !word.empty() && word.back() == ':';
}

bool is_usage_block_header(const KeyValue &kv) {
  if (!kv.value.empty() || kv.key.size() < 3 || kv.key.back() != ')') return false;
  auto open = kv.key.find(" (");
  return open != std::string::npos && open > 0;
}

class Scanner {
 public:
  Scanner(const std::vector<LogicalLine> &lines, ScanFacts &facts) : lines_(lines), facts_(facts) {}

  Parsed<SmartLicensing> run() {
    // Reads on after a failure: the first one is reported, but later lines may still show that
    // the text is Smart Licensing output at all.
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const auto &l = lines_[i];
      if (l.text.empty()) {
        close_block();
        continue;
      }
      if (facts_.first_content.empty()) facts_.first_content = l.text;
      last_ = i;
      bool underlined = i + 1 < lines_.size() && is_underline(lines_[i + 1].text) && !is_rule(l.text);
      interpreted_ = false;
      line(l, underlined);
      last_interpreted_ = interpreted_;
    }
    close_block();
    if (!failed()) check_end();
    if (failed()) return Parsed<SmartLicensing>::malformed(fail_line_, fail_reason_);
    decide_layout();
    return Parsed<SmartLicensing>::ok(std::move(out_));
  }

 private:
  const std::vector<LogicalLine> &lines_;
  ScanFacts &facts_;
  SmartLicensing out_;
  Major major_ = Major::none;
  Minor minor_ = Minor::none;
  std::optional<std::size_t> block_;  // index into out_.usage of the open usage block
  std::size_t block_line_ = 0;
  std::size_t block_fields_ = 0;
  std::size_t fail_line_ = 0;
  std::string fail_reason_;
  std::optional<std::size_t> last_;
  bool interpreted_ = false;
  bool last_interpreted_ = false;
  bool explicit_policy_ = false;
  bool explicit_classic_ = false;
  bool policy_hint_ = false;
  bool classic_hint_ = false;

  bool failed() const { return fail_line_ != 0; }

  void fail(std::size_t line, std::string reason) {
    if (failed()) return;
    fail_line_ = line == 0 ? 1 : line;
    fail_reason_ = std::move(reason);
  }

  void marker() { facts_.marker = true; }

  void line(const LogicalLine &l, bool underlined) {
    const auto &t = l.text;
    if (is_rule(t)) return;
    if (underlined || t == "Smart Licensing Status") {
      enter_major(t);
      return;
    }
    if (base::starts_with(t, "Smart Licensing is ")) {
      enabled_line(t.substr(19));
      return;
    }
    if (base::starts_with(t, "Smart Licensing Tech Support info")) {
      marker();
      return;
    }
    auto kv = split_key_value(t);
    if (major_ == Major::ignored) {
      // the only block the router prints among the other tech support sections
      if (kv.has_colon && base::iequals(kv.key, "Trust Code Installed")) section_header(l, kv);
      return;
    }
    interpreted_ = minor_ != Minor::ignored;
    if (minor_ == Minor::usage_table && !block_ && table_row(l, kv)) return;
    if (minor_ == Minor::udi_table && !starts_like_key(t)) {
      udi_row(l);
      return;
    }
    if (!kv.has_colon) {
      plain_line(l);
      return;
    }
    if (block_header(l, kv) || section_header(l, kv)) return;
    if (block_) {
      block_field(l, kv);
      return;
    }
    if (!field(l, kv) && kv.value.empty() && l.indent == 0) minor_ = Minor::ignored;
  }

  void enter_major(std::string_view header) {
    close_block();
    minor_ = Minor::none;
    auto name = base::squeeze(header);
    if (!name.empty() && name.back() == ':') name.pop_back();
    name = base::trim(name);
    if (base::iequals(name, "Smart Licensing Status")) {
      major_ = Major::status;
      marker();
    } else if (base::iequals(name, "License Usage")) {
      major_ = Major::usage;
      marker();
    } else if (base::iequals(name, "Product Information")) {
      major_ = Major::product;
    } else if (base::iequals(name, "Agent Version")) {
      major_ = Major::agent;
    } else {
      major_ = Major::ignored;
    }
  }

  void enabled_line(std::string_view rest) {
    marker();
    classic_hint_ = true;
    auto word = base::trim(rest);
    if (base::iequals(word, "ENABLED")) out_.smart_enabled = true;
    if (base::iequals(word, "DISABLED")) out_.smart_enabled = false;
  }

  // A line without a colon.
  void plain_line(const LogicalLine &l) {
    auto words = base::squeeze(l.text);
    if (base::starts_with(base::to_lower(words), "no licenses in use")) {
      marker();
      return;
    }
    if (base::starts_with(base::to_lower(words), "slotid pid sn udi")) {
      close_block();
      minor_ = Minor::udi_table;
      facts_.udi_seen = true;
      classic_hint_ = true;
      marker();
      return;
    }
    if (base::iequals(words, "License Entitlement Tag Count Status")) {
      close_block();
      minor_ = Minor::usage_table;
      return;
    }
  }

  // A row of the summary's usage table; false if the line is something else.
  bool table_row(const LogicalLine &l, const KeyValue &kv) {
    UsageEntry e;
    if (parse_usage_row(l.text, e)) {
      marker();
      out_.usage.push_back(std::move(e));
      return true;
    }
    if (kv.has_colon) return false;
    auto words = base::squeeze(l.text);
    if (base::iequals(words, "License Entitlement Tag Count Status") ||
        base::starts_with(base::to_lower(words), "no licenses in use")) {
      return true;
    }
    bool is_last = last_ && *last_ + 1 == lines_.size();
    if (l.text.find('(') != std::string::npos || is_last) {
      fail(l.number, "garbled or cut-off usage table row: " + l.text);
    } else {
      minor_ = Minor::ignored;
    }
    return true;
  }

  void udi_row(const LogicalLine &l) {
    auto w = base::squeeze(l.text);
    std::vector<std::string> cols;
    std::size_t pos = 0;
    while (pos <= w.size()) {
      auto sp = w.find(' ', pos);
      cols.push_back(w.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos));
      if (sp == std::string::npos) break;
      pos = sp + 1;
    }
    Udi u;
    if (cols.size() == 4 && cols[3].find(':') != std::string::npos) {
      u.slot = cols[0];
      u.pid = cols[1];
      u.sn = cols[2];
      u.udi = cols[3];
    } else if (cols.size() == 3 && cols[2].find(':') != std::string::npos) {
      u.pid = cols[0];
      u.sn = cols[1];
      u.udi = cols[2];
    } else {
      fail(l.number, "garbled or cut-off UDI table row: " + l.text);
      return;
    }
    out_.udi.push_back(std::move(u));
  }

  // "name (tag):" and "Handle: N" open a usage block.
  bool block_header(const LogicalLine &l, const KeyValue &kv) {
    bool usage_context = major_ == Major::usage ||
                         (major_ == Major::none &&
                          (minor_ == Minor::none || minor_ == Minor::authorization || minor_ == Minor::usage_table));
    if (!usage_context) return false;
    UsageEntry e;
    if (is_usage_block_header(kv)) {
      auto open = kv.key.find(" (") + 1;
      e.license = base::trim(std::string_view(kv.key).substr(0, open));
      set(e.entitlement_tag, base::trim(std::string_view(kv.key).substr(open + 1, kv.key.size() - open - 2)));
    } else if (base::iequals(kv.key, "Handle")) {
      auto n = base::to_int(kv.value);
      if (!n) {
        fail(l.number, "garbled usage handle: " + l.text);
        return true;
      }
      e.handle = *n;
      policy_hint_ = true;
    } else {
      return false;
    }
    close_block();
    out_.usage.push_back(std::move(e));
    block_ = out_.usage.size() - 1;
    block_line_ = l.number;
    block_fields_ = 0;
    return true;
  }

  // A block is Smart Licensing output once it holds a usage field; one without fields was cut off.
  void close_block() {
    if (!block_) return;
    if (block_fields_ == 0) fail(block_line_, "usage block without fields (output cut off?)");
    block_.reset();
  }

  void block_field(const LogicalLine &l, const KeyValue &kv) {
    auto &e = out_.usage[*block_];
    ++block_fields_;
    if (base::iequals(kv.key, "Count") && !base::to_int(kv.value))
      fail(l.number, "garbled or missing usage count: " + l.text);
    if (base::iequals(kv.key, "Status") && kv.value.empty()) fail(l.number, "usage status missing (output cut off?)");
    if (set_usage_field(e, kv.key, kv.value)) marker();
  }

  // "Name:" block headers; true if `kv` is one.
  bool section_header(const LogicalLine &l, const KeyValue &kv) {
    const auto &k = kv.key;
    bool bare = kv.value.empty();
    std::optional<Minor> next;
    if (bare && base::iequals(k, "Registration")) {
      next = Minor::registration;
      explicit_classic_ = true;
      marker();
    } else if (bare && base::iequals(k, "License Authorization")) {
      next = Minor::authorization;
      marker();
    } else if (bare && base::iequals(k, "Evaluation Period")) {
      next = Minor::evaluation;
      classic_hint_ = true;
      marker();
    } else if (base::iequals(k, "License Usage")) {
      next = Minor::usage_table;
      marker();
      if (!bare && !parse_flattened_usage(kv.value, out_.usage)) {
        fail(l.number, "garbled usage table: " + l.text);
      }
    } else if (bare && base::iequals(k, "Smart Licensing Using Policy")) {
      next = Minor::policy_status;
      explicit_policy_ = true;
      marker();
    } else if (bare && base::iequals(k, "Account Information")) {
      next = Minor::account;
      policy_hint_ = true;
      marker();
    } else if (bare && base::iequals(k, "Usage Reporting")) {
      next = Minor::usage_reporting;
      policy_hint_ = true;
      marker();
    } else if (base::iequals(k, "Trust Code Installed")) {
      next = Minor::trust_code;
      policy_hint_ = true;
      marker();
      if (!is_nested_key(kv.value)) set(out_.trust_code_installed, kv.value);
    } else if (bare && base::iequals(k, "HA UDI List")) {
      next = Minor::ha_udi;
      facts_.udi_seen = true;
      marker();
    } else if (bare && base::iequals(k, "Utility")) {
      next = Minor::utility;
    } else if (bare && base::iequals(k, "Transport")) {
      next = Minor::transport;
    } else if (bare && base::iequals(k, "Policy")) {
      next = Minor::policy;
      policy_hint_ = true;
    } else if (bare && (base::iequals(k, "Product Information") || base::iequals(k, "Agent Version"))) {
      enter_major(k);
      return true;
    } else if (bare && (base::iequals(k, "Data Privacy") || base::iequals(k, "Miscellaneous") ||
                        base::iequals(k, "Export Authorization Key") || base::iequals(k, "License Conversion"))) {
      next = Minor::ignored;
    }
    if (!next) return false;
    close_block();
    if (major_ == Major::ignored) major_ = Major::status;  // "Trust Code Installed:" among other sections
    minor_ = *next;
    interpreted_ = true;
    return true;
  }

  // "Status:" of a block where it must have a value.
  bool status_value(const LogicalLine &l, const KeyValue &kv) {
    if (kv.value.empty()) {
      fail(l.number, "Status without a value (output cut off?)");
      return false;
    }
    return true;
  }

  // A "Key: value" line of the current block; false if the key is not one we read there.
  bool field(const LogicalLine &l, const KeyValue &kv) {
    const auto &k = kv.key;
    const auto &v = kv.value;
    if (base::iequals(k, "UDI")) {
      facts_.udi_seen = true;
      marker();
      Udi u;
      if (parse_udi_value(v, u)) {
        out_.udi.push_back(std::move(u));
      } else {
        fail(l.number, "garbled or cut-off UDI: " + l.text);
      }
      return true;
    }
    if (base::iequals(k, "Smart Agent for Licensing")) {
      set(out_.agent_version, v);
      return true;
    }
    if (base::iequals(k, "Evaluation Period Remaining")) {
      set(out_.evaluation_remaining, v);
      return true;
    }
    switch (minor_) {
      case Minor::registration:
        if (base::iequals(k, "Status")) {
          if (status_value(l, kv)) set(out_.registration_status, v);
          return true;
        }
        return set_registration_field(out_, k, v);
      case Minor::authorization:
        if (base::iequals(k, "Status")) {
          if (status_value(l, kv)) {
            set_authorization(out_, v);
            classic_hint_ = classic_hint_ || out_.authorization_status != "Not Applicable";
          }
          return true;
        }
        return set_communication_field(out_, k, v);
      case Minor::evaluation:
        if (base::iequals(k, "Evaluation Mode")) set(out_.evaluation_mode, v);
        return base::iequals(k, "Evaluation Mode");
      case Minor::policy_status:
        if (base::iequals(k, "Status") && status_value(l, kv)) {
          if (base::iequals(v, "ENABLED")) out_.smart_enabled = true;
          if (base::iequals(v, "DISABLED")) out_.smart_enabled = false;
        }
        if (base::iequals(k, "Reporting Mode")) set(out_.reporting_mode, v);
        return base::iequals(k, "Status") || base::iequals(k, "Reporting Mode");
      case Minor::account: return set_account_field(out_, k, v);
      case Minor::utility:
        if (base::iequals(k, "Status")) set(out_.utility_status, v);
        return base::iequals(k, "Status");
      case Minor::transport:
        set_transport_field(out_, k, v);
        return true;  // Proxy:, VRF:, Server Identity Check: ... belong to the block
      case Minor::policy:
        if (base::iequals(k, "Policy in use")) set(out_.policy_in_use, v);
        if (base::iequals(k, "Policy name")) set(out_.policy_name, v);
        return true;  // its attribute sub-blocks belong to it as well
      case Minor::usage_reporting: return set_usage_reporting_field(out_, k, v);
      case Minor::ha_udi: {
        Udi u;
        if (!parse_udi_value(v, u)) return false;
        u.role = k;
        out_.ha_udi.push_back(std::move(u));
        return true;
      }
      case Minor::trust_code: return true;  // per-member lines
      default: return false;
    }
  }

  // Output that stops right after a "Name:" line was cut off.
  void check_end() {
    if (!last_ || !last_interpreted_) return;
    const auto &l = lines_[*last_];
    if (!l.text.empty() && l.text.back() == ':') fail(l.number, "output ends inside a block: " + l.text);
  }

  void decide_layout() {
    for (const auto &e : out_.usage) {
      if (e.enforcement_type || e.feature_name || e.license_type) policy_hint_ = true;
      if (!e.status) continue;
      auto s = *e.status;
      if (base::starts_with(s, "IN USE") || base::starts_with(s, "NOT IN USE")) {
        policy_hint_ = true;
      } else {
        classic_hint_ = true;
      }
    }
    if (!out_.udi.empty() && !out_.udi.front().slot && !out_.udi.front().udi) policy_hint_ = true;
    if (explicit_policy_)
      out_.layout = "policy";
    else if (explicit_classic_)
      out_.layout = "classic";
    else if (policy_hint_)
      out_.layout = "policy";
    else if (classic_hint_)
      out_.layout = "classic";
  }
};

}  // namespace

Parsed<SmartLicensing> scan(const std::vector<LogicalLine> &lines, ScanFacts &facts) {
  return Scanner(lines, facts).run();
}

}  // namespace licmig::snapshot::smart
