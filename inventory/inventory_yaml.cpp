// Ansible YAML inventories: top-level groups, each with `hosts`, `children` and `vars`, nested to
// any depth. Scalars are typed the way Ansible's YAML 1.1 loader types them.
#include <algorithm>
#include <cctype>
#include <set>
#include <string>

#include <yaml-cpp/yaml.h>

#include "inventory/host_range.hpp"
#include "inventory/inventory_builder.hpp"

namespace licmig::inventory::detail {

namespace {

std::string squote(std::string_view s) { return "'" + std::string(s) + "'"; }

std::size_t line_of(const YAML::Node &node) {
  const auto mark = node.Mark();
  return mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : 0;
}

bool all_of(std::string_view s, const char *allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos;
}

std::string without_underscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out.push_back(c);
  }
  return out;
}

std::optional<long long> to_integer(const std::string &digits, int base) {
  if (digits.empty() || digits.size() > 18) return std::nullopt;
  try {
    return std::stoll(digits, nullptr, base);
  } catch (const std::exception &) {
    return std::nullopt;  // out of range: Ansible would keep a big integer; we keep the text
  }
}

// YAML 1.1 integers as PyYAML resolves them (binary, octal, decimal, hex, sexagesimal).
std::optional<long long> yaml_int(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  std::optional<long long> v;
  if (s.size() > 2 && s.substr(0, 2) == "0b" && all_of(s.substr(2), "01_")) {
    v = to_integer(without_underscores(s.substr(2)), 2);
  } else if (s.size() > 2 && s.substr(0, 2) == "0x" && all_of(s.substr(2), "0123456789abcdefABCDEF_")) {
    v = to_integer(without_underscores(s.substr(2)), 16);
  } else if (s.size() > 1 && s[0] == '0' && all_of(s.substr(1), "01234567_")) {
    v = to_integer(without_underscores(s.substr(1)), 8);
  } else if (s == "0" || (s[0] >= '1' && s[0] <= '9' && all_of(s, "0123456789_"))) {
    v = to_integer(without_underscores(s), 10);
  } else if (!s.empty() && s[0] >= '1' && s[0] <= '9' && all_of(s, "0123456789_:") && s.find(':') != s.npos) {
    // Sexagesimal: 1:20 = 80; every part after the first is [0-5]?[0-9].
    long long total = 0;
    std::size_t start = 0;
    bool first = true;
    while (start <= s.size()) {
      auto colon = s.find(':', start);
      auto part = s.substr(start, colon == s.npos ? s.npos : colon - start);
      if (part.empty() || (!first && (part.size() > 2 || (part.size() == 2 && part[0] > '5')))) return std::nullopt;
      auto n = to_integer(without_underscores(part), 10);
      if (!n || total > 1000000000000LL) return std::nullopt;
      total = total * 60 + *n;
      first = false;
      if (colon == s.npos) break;
      start = colon + 1;
    }
    v = total;
  }
  if (v && negative) *v = -*v;
  return v;
}

// YAML 1.1 floats as PyYAML resolves them: a dot is required ("1.5", ".5", "1.5e+3").
std::optional<double> yaml_float(std::string_view s) {
  std::string_view body = s;
  if (!body.empty() && (body[0] == '-' || body[0] == '+')) body.remove_prefix(1);
  auto dot = body.find('.');
  if (dot == body.npos || body.find('.', dot + 1) != body.npos) return std::nullopt;
  auto mantissa_end = body.find_first_of("eE");
  std::string_view mantissa = body.substr(0, mantissa_end);
  if (!all_of(mantissa, "0123456789_.") || mantissa == ".") return std::nullopt;
  if (dot == 0 && s.size() != body.size()) return std::nullopt;  // "-.5" is not a YAML 1.1 float
  if (mantissa_end != body.npos) {
    auto exponent = body.substr(mantissa_end + 1);
    if (exponent.size() < 2 || (exponent[0] != '-' && exponent[0] != '+') ||
        !all_of(exponent.substr(1), "0123456789")) {
      return std::nullopt;
    }
  }
  try {
    return std::stod(without_underscores(s));
  } catch (const std::exception &) {
    return std::nullopt;
  }
}

nlohmann::json resolve_plain(const std::string &s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  for (const char *t : {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}) {
    if (s == t) return true;
  }
  for (const char *f : {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}) {
    if (s == f) return false;
  }
  if (auto i = yaml_int(s)) return *i;
  if (auto d = yaml_float(s)) return *d;
  return s;
}

// YAML aliases let a small document stand for a huge one ("billion laughs"): every node the reader
// visits — a value, a host, a variable, a group — is counted, and a document that expands beyond
// max(k_min_budget, k_expansion x its size in bytes) nodes is refused at the node where it happens.
constexpr std::size_t k_min_budget = 100000;
constexpr std::size_t k_expansion = 64;

class YamlReader {
 public:
  YamlReader(InventoryBuilder &builder, std::size_t text_size)
      : b_(builder), budget_(std::max(k_min_budget, k_expansion * text_size)) {}

  Status read_top(const YAML::Node &doc) {
    if (!doc || doc.IsNull()) return Status::ok();  // finish() reports the empty inventory
    if (!doc.IsMap()) return error(line_of(doc), "YAML inventory must be a mapping of group names");
    if (auto s = check_keys(doc); !s) return s;
    for (const auto &kv : doc) {
      const std::string name = kv.first.Scalar();
      if (name == "plugin") return error(line_of(kv.first), "inventory plugin configuration files are not supported");
      if (auto s = read_group(name, kv.second, line_of(kv.first)); !s) return s;
    }
    return Status::ok();
  }

  // A group_vars/host_vars file: a mapping of variables.
  Status read_vars(const YAML::Node &doc, VarMap &vars) {
    if (!doc || doc.IsNull()) return Status::ok();
    if (!doc.IsMap()) return error(line_of(doc), "a variables file must be a mapping of variable names");
    if (auto s = check_keys(doc); !s) return s;
    for (const auto &kv : doc) {
      const std::string key = kv.first.Scalar();
      vaulted_ = false;
      auto v = value(key, kv.second);
      if (!v) return v.status();
      if (key.empty()) return error(line_of(kv.first), "empty variable name");
      if (auto s = b_.check_var(key, *v, line_of(kv.first)); !s) return s;
      vars[key] = VarValue{std::move(v.value()), b_.at(line_of(kv.first)), vaulted_ || b_.file_vaulted()};
    }
    return Status::ok();
  }

 private:
  Status error(std::size_t line, const std::string &message) {
    return Status::error(ErrorKind::invalid_input, to_string(b_.at(line)) + ": " + message);
  }

  // Rejects duplicate keys in a mapping (Ansible keeps the last one silently).
  Status check_keys(const YAML::Node &map) {
    std::set<std::string> seen;
    for (const auto &kv : map) {
      if (!kv.first.IsScalar()) return error(line_of(kv.first), "a key must be a plain name");
      if (!seen.insert(kv.first.Scalar()).second) {
        return error(line_of(kv.first), "duplicate key " + squote(kv.first.Scalar()));
      }
    }
    return Status::ok();
  }

  // One more node visited; an error once the document has expanded past its budget.
  Status spend(const YAML::Node &node) {
    if (++spent_ <= budget_) return Status::ok();
    return error(line_of(node),
                 "the document expands to more than " + std::to_string(budget_) + " values (YAML aliases?): refused");
  }

  Result<nlohmann::json> value(const std::string &key, const YAML::Node &node) {
    if (auto s = spend(node); !s) return s;
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined: return nlohmann::json(nullptr);
      case YAML::NodeType::Scalar: {
        const std::string &tag = node.Tag();
        if (tag == "!vault") {
          auto plain = vault_decrypt(node.Scalar(), b_.vault_secrets(), to_string(b_.at(line_of(node))) + ": " + key);
          if (!plain) return plain.status();
          vaulted_ = true;
          return nlohmann::json(std::move(plain.value()));
        }
        if (tag == "?") return resolve_plain(node.Scalar());
        if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" || tag == "tag:yaml.org,2002:bool" ||
            tag == "tag:yaml.org,2002:null") {
          return resolve_plain(node.Scalar());
        }
        return nlohmann::json(node.Scalar());
      }
      case YAML::NodeType::Sequence: {
        auto out = nlohmann::json::array();
        for (const auto &item : node) {
          auto v = value(key, item);
          if (!v) return v;
          out.push_back(std::move(v.value()));
        }
        return out;
      }
      case YAML::NodeType::Map: {
        if (auto s = check_keys(node); !s) return s;
        auto out = nlohmann::json::object();
        for (const auto &kv : node) {
          auto v = value(key, kv.second);
          if (!v) return v;
          out[kv.first.Scalar()] = std::move(v.value());
        }
        return out;
      }
    }
    return nlohmann::json(nullptr);
  }

  // A string host or group name: quoted, or plain that YAML does not type as a number/bool/null.
  Result<std::string> name_of(const YAML::Node &key, const char *what) {
    if (key.Tag() == "?" && !resolve_plain(key.Scalar()).is_string()) {
      return error(line_of(key), std::string(what) + " " + squote(key.Scalar()) + " must be a string (quote it)");
    }
    return key.Scalar();
  }

  // A section whose value may be a single name (`hosts: pe1`), a mapping, or empty.
  Result<YAML::Node> section(const YAML::Node &node, const std::string &what, const std::string &group) {
    if (node.IsScalar()) {
      YAML::Node map(YAML::NodeType::Map);
      map[node] = YAML::Node(YAML::NodeType::Null);
      return map;
    }
    if (!node.IsMap()) return error(line_of(node), what + " of group " + squote(group) + " must be a mapping");
    if (auto s = check_keys(node); !s) return s;
    return node;
  }

  Status read_group(const std::string &name, const YAML::Node &data, std::size_t line) {
    if (data) {
      if (auto s = spend(data); !s) return s;
    }
    if (auto s = b_.add_group(name, line); !s) return s;
    if (!data || data.IsNull()) return Status::ok();
    if (!data.IsMap()) {
      return error(line, "group " + squote(name) + " must be a mapping with hosts, children or vars");
    }
    if (auto s = check_keys(data); !s) return s;
    for (const auto &kv : data) {
      const std::string key = kv.first.Scalar();
      const std::size_t key_line = line_of(kv.first);
      if (key != "hosts" && key != "children" && key != "vars") {
        return error(key_line, "unknown key " + squote(key) + " in group " + squote(name) +
                                   " (expected hosts, children or vars)");
      }
      if (!kv.second || kv.second.IsNull()) continue;
      auto entries = section(kv.second, key, name);
      if (!entries) return entries.status();
      Status s;
      if (key == "hosts") s = read_hosts(name, *entries);
      if (key == "children") s = read_children(name, *entries);
      if (key == "vars") s = read_group_vars(name, *entries);
      if (!s) return s;
    }
    return Status::ok();
  }

  Status read_hosts(const std::string &group, const YAML::Node &hosts) {
    for (const auto &kv : hosts) {
      const std::size_t line = line_of(kv.first);
      auto key = name_of(kv.first, "host name");
      if (!key) return key.status();
      std::vector<std::string> names;
      std::optional<long long> port;
      if (auto s = expand_host_key(*key, &names, &port); !s) return error(line, s.message());
      const YAML::Node &vars = kv.second;
      if (vars && !vars.IsNull() && !vars.IsMap()) {
        return error(line, "host " + squote(*key) + ": variables must be a mapping (name: value)");
      }
      if (vars && vars.IsMap()) {
        if (auto s = check_keys(vars); !s) return s;
      }
      for (const auto &host : names) {
        if (auto s = spend(kv.first); !s) return s;
        if (auto s = b_.add_host(host, group, port, line); !s) return s;
        if (!vars || !vars.IsMap()) continue;
        for (const auto &var : vars) {
          vaulted_ = false;
          auto v = value(var.first.Scalar(), var.second);
          if (!v) return v.status();
          if (auto s = b_.set_host_var(host, var.first.Scalar(), std::move(v.value()), line_of(var.first), vaulted_);
              !s) {
            return s;
          }
        }
      }
    }
    return Status::ok();
  }

  Status read_children(const std::string &group, const YAML::Node &children) {
    for (const auto &kv : children) {
      auto child = name_of(kv.first, "group name");
      if (!child) return child.status();
      if (auto s = read_group(*child, kv.second, line_of(kv.first)); !s) return s;
      if (auto s = b_.add_child(group, *child, line_of(kv.first)); !s) return s;
    }
    return Status::ok();
  }

  Status read_group_vars(const std::string &group, const YAML::Node &vars) {
    for (const auto &kv : vars) {
      vaulted_ = false;
      auto v = value(kv.first.Scalar(), kv.second);
      if (!v) return v.status();
      if (auto s = b_.set_group_var(group, kv.first.Scalar(), std::move(v.value()), line_of(kv.first), vaulted_); !s) {
        return s;
      }
    }
    return Status::ok();
  }

  InventoryBuilder &b_;
  std::size_t budget_;
  std::size_t spent_ = 0;
  bool vaulted_ = false;  // the value being read held a !vault part
};

}  // namespace

namespace {

// Parses `text` as YAML and hands the document to `read` (a YamlReader member); a YAML error in
// either becomes invalid_input naming the file and line.
template <typename Read>
Status with_yaml_document(std::string_view text, InventoryBuilder &builder, Read read) {
  auto error_at = [&builder](const YAML::Exception &e, const char *what) {
    const std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 0;
    return Status::error(ErrorKind::invalid_input, to_string(builder.at(line)) + ": " + what + e.msg);
  };
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::Exception &e) {
    return error_at(e, "YAML syntax error: ");
  }
  try {
    YamlReader reader(builder, text.size());
    return read(reader, doc);
  } catch (const YAML::Exception &e) {
    return error_at(e, "");
  }
}

}  // namespace

Status read_yaml_inventory(std::string_view text, InventoryBuilder &builder) {
  return with_yaml_document(text, builder, [](YamlReader &r, const YAML::Node &doc) { return r.read_top(doc); });
}

Status read_yaml_vars(std::string_view text, InventoryBuilder &builder, VarMap &vars) {
  return with_yaml_document(text, builder,
                            [&vars](YamlReader &r, const YAML::Node &doc) { return r.read_vars(doc, vars); });
}

}  // namespace licmig::inventory::detail
