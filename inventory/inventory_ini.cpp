// Ansible INI inventories: host lines (`name key=value ...`, ranges, `name:port`) before any
// section and in `[group]`, `[group:vars]`, `[group:children]`; `#` and `;` comments. Values are
// typed like Ansible's INI plugin types them (Python literals, else the text).
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "base/text.hpp"
#include "inventory/host_range.hpp"
#include "inventory/inventory_builder.hpp"

namespace licmig::inventory::detail {

namespace {

std::string squote(std::string_view s) { return "'" + std::string(s) + "'"; }

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Python's ast.literal_eval over one line: numbers, strings, True/False/None, lists, tuples,
// dicts, unary +/-. Any other text is not a literal.
class PyLiteral {
 public:
  explicit PyLiteral(std::string_view s) : s_(s) {}

  std::optional<nlohmann::json> parse() {
    auto v = expr(0);
    skip_space();
    if (!v || i_ != s_.size()) return std::nullopt;
    return v;
  }

 private:
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    if (i_ < s_.size() && s_[i_] == '#') i_ = s_.size();
  }
  bool eat(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  char peek() {
    skip_space();
    return i_ < s_.size() ? s_[i_] : '\0';
  }

  std::optional<nlohmann::json> expr(int depth) {
    if (depth > 64) return std::nullopt;
    const char c = peek();
    if (c == '-' || c == '+') {
      ++i_;
      skip_space();
      auto n = number();
      if (!n) return std::nullopt;
      if (c == '-')
        *n = n->is_number_integer() ? nlohmann::json(-n->get<long long>()) : nlohmann::json(-n->get<double>());
      return n;
    }
    if (c == '[') return sequence(depth, ']');
    if (c == '(') return sequence(depth, ')');
    if (c == '{') return mapping(depth);
    if (c == '\'' || c == '"') return strings();
    if ((c == 'u' || c == 'U' || c == 'r' || c == 'R') && i_ + 1 < s_.size() &&
        (s_[i_ + 1] == '\'' || s_[i_ + 1] == '"')) {
      return strings();
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = i_;
      while (i_ < s_.size() && is_word_char(s_[i_])) ++i_;
      auto word = s_.substr(start, i_ - start);
      if (word == "True") return nlohmann::json(true);
      if (word == "False") return nlohmann::json(false);
      if (word == "None") return nlohmann::json(nullptr);
    }
    return std::nullopt;
  }

  std::optional<nlohmann::json> sequence(int depth, char close) {
    ++i_;
    auto out = nlohmann::json::array();
    bool comma = false;
    while (!eat(close)) {
      if (!out.empty() && !comma) return std::nullopt;
      auto v = expr(depth + 1);
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
      comma = eat(',');
    }
    if (close == ')' && out.size() == 1 && !comma) return out[0];  // (x) is x, (x,) a tuple
    return out;
  }

  std::optional<nlohmann::json> mapping(int depth) {
    ++i_;
    auto out = nlohmann::json::object();
    bool comma = true;
    while (!eat('}')) {
      if (!comma) return std::nullopt;
      auto k = expr(depth + 1);
      if (!k || !eat(':')) return std::nullopt;  // sets are not JSON
      auto v = expr(depth + 1);
      if (!v) return std::nullopt;
      out[k->is_string() ? k->get<std::string>() : k->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)] =
          std::move(*v);
      comma = eat(',');
    }
    return out;
  }

  // One or more adjacent string literals ('a' "b" -> "ab").
  std::optional<nlohmann::json> strings() {
    std::string out;
    bool any = false;
    for (;;) {
      char c = peek();
      bool raw = false;
      if ((c == 'u' || c == 'U' || c == 'r' || c == 'R') && i_ + 1 < s_.size() &&
          (s_[i_ + 1] == '\'' || s_[i_ + 1] == '"')) {
        raw = c == 'r' || c == 'R';
        ++i_;
        c = s_[i_];
      }
      if (c != '\'' && c != '"') break;
      if (i_ + 2 < s_.size() && s_[i_ + 1] == c && s_[i_ + 2] == c) return std::nullopt;  // triple quotes
      ++i_;
      bool closed = false;
      while (i_ < s_.size()) {
        char ch = s_[i_++];
        if (ch == c) {
          closed = true;
          break;
        }
        if (ch == '\\' && i_ < s_.size()) {
          char e = s_[i_++];
          if (raw) {
            out.push_back('\\');
            out.push_back(e);
            continue;
          }
          switch (e) {
            case 'n': out.push_back('\n'); break;
            case 't': out.push_back('\t'); break;
            case 'r': out.push_back('\r'); break;
            case '0': out.push_back('\0'); break;
            case '\\': out.push_back('\\'); break;
            case '\'': out.push_back('\''); break;
            case '"': out.push_back('"'); break;
            default: out.push_back('\\'); out.push_back(e);
          }
          continue;
        }
        out.push_back(ch);
      }
      if (!closed) return std::nullopt;
      any = true;
    }
    if (!any) return std::nullopt;
    return nlohmann::json(out);
  }

  std::optional<nlohmann::json> number() {
    std::size_t start = i_;
    while (i_ < s_.size() && (is_word_char(s_[i_]) || s_[i_] == '.' ||
                              ((s_[i_] == '-' || s_[i_] == '+') && (s_[i_ - 1] == 'e' || s_[i_ - 1] == 'E')))) {
      ++i_;
    }
    std::string text;
    for (char c : s_.substr(start, i_ - start)) {
      if (c != '_') text.push_back(c);
    }
    if (text.empty() || text.size() > 18) return std::nullopt;
    try {
      return number_value(text);
    } catch (const std::exception &) {
      return std::nullopt;
    }
  }

  static std::optional<nlohmann::json> number_value(const std::string &text) {
    auto all_in = [&](std::size_t from, const char *set) {
      return text.size() > from && text.find_first_not_of(set, from) == std::string::npos;
    };
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') &&
        all_in(2, "0123456789abcdefABCDEF")) {
      return nlohmann::json(std::stoll(text.substr(2), nullptr, 16));
    }
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'o' || text[1] == 'O') && all_in(2, "01234567")) {
      return nlohmann::json(std::stoll(text.substr(2), nullptr, 8));
    }
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B') && all_in(2, "01")) {
      return nlohmann::json(std::stoll(text.substr(2), nullptr, 2));
    }
    if (all_in(0, "0123456789")) {
      if (text[0] == '0' && text.find_first_not_of('0') != std::string::npos) return std::nullopt;  // 022
      return nlohmann::json(std::stoll(text));
    }
    // Floats: digits with one '.', and/or an exponent.
    const auto e = text.find_first_of("eE");
    const std::string mantissa = text.substr(0, e);
    if (mantissa.empty() || mantissa == "." || mantissa.find_first_not_of("0123456789.") != std::string::npos ||
        std::count(mantissa.begin(), mantissa.end(), '.') > 1) {
      return std::nullopt;
    }
    if (e != std::string::npos) {
      std::string exponent = text.substr(e + 1);
      if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) exponent.erase(0, 1);
      if (exponent.empty() || exponent.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
    } else if (mantissa.find('.') == std::string::npos) {
      return std::nullopt;
    }
    return nlohmann::json(std::stod(text));
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// Python's shlex.split(line, comments=True) in POSIX mode. Fails on an unterminated quote or a
// trailing backslash.
Result<std::vector<std::string>> shell_split(std::string_view line) {
  std::vector<std::string> tokens;
  std::string token;
  bool in_token = false;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (in_token) tokens.push_back(std::move(token));
      token.clear();
      in_token = false;
      ++i;
    } else if (c == '#') {
      break;
    } else if (c == '\\') {
      if (i + 1 >= line.size()) return Status::error(ErrorKind::invalid_input, "no escaped character");
      token.push_back(line[i + 1]);
      in_token = true;
      i += 2;
    } else if (c == '\'' || c == '"') {
      const auto end = line.find(c, i + 1);
      std::size_t j = i + 1;
      for (; j < line.size() && line[j] != c; ++j) {
        if (c == '"' && line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\')) ++j;
        token.push_back(line[j]);
      }
      if (end == std::string_view::npos || j >= line.size()) {
        return Status::error(ErrorKind::invalid_input, "no closing quotation");
      }
      in_token = true;
      i = j + 1;
    } else {
      token.push_back(c);
      in_token = true;
      ++i;
    }
  }
  if (in_token) tokens.push_back(std::move(token));
  return tokens;
}

// A group name as Ansible's INI plugin accepts it: no whitespace, ':' or ']'.
bool is_group_name(std::string_view s) { return !s.empty() && s.find_first_of(" \t:]") == std::string_view::npos; }

// "name   # comment" -> name, or nullopt when the line is not a bare group name.
std::optional<std::string> group_name_line(std::string_view line) {
  auto end = line.find_first_of(" \t#");
  auto name = line.substr(0, end);
  auto rest = end == std::string_view::npos ? std::string_view() : base::trim_view(line.substr(end));
  if (!is_group_name(name) || (!rest.empty() && rest[0] != '#')) return std::nullopt;
  return std::string(name);
}

struct Section {
  std::string group;
  std::string type;  // "hosts", "vars", "children"; empty if not a section header
};

// "[group]", "[group:type]" with an optional trailing comment.
std::optional<Section> section_header(std::string_view line) {
  if (line.empty() || line[0] != '[') return std::nullopt;
  const auto close = line.find(']');
  if (close == std::string_view::npos) return std::nullopt;
  auto rest = base::trim_view(line.substr(close + 1));
  if (!rest.empty() && rest[0] != '#') return std::nullopt;
  auto inside = line.substr(1, close - 1);
  auto colon = inside.find(':');
  Section s;
  s.group = std::string(inside.substr(0, colon));
  if (!is_group_name(s.group)) return std::nullopt;
  if (colon != std::string_view::npos) {
    auto type = inside.substr(colon + 1);
    if (type.empty() || !std::all_of(type.begin(), type.end(), is_word_char)) return std::nullopt;
    s.type = std::string(type);
  } else {
    s.type = "hosts";
  }
  return s;
}

struct Pending {
  std::size_t line = 0;
  std::string type;  // "vars" or "children"
  std::vector<std::string> parents;
};

class IniReader {
 public:
  explicit IniReader(InventoryBuilder &builder) : b_(builder) {}

  Status read(std::string_view text) {
    std::size_t line_no = 0;
    for (const auto raw : base::split_lines(text)) {
      if (auto s = line(base::trim_view(raw), ++line_no); !s) return s;
    }
    // Report the first unresolved reference in the file.
    const std::pair<const std::string, Pending> *first = nullptr;
    for (const auto &entry : pending_) {
      if (!first || entry.second.line < first->second.line) first = &entry;
    }
    if (!first) return Status::ok();
    const auto &[group, decl] = *first;
    if (decl.type == "vars")
      return error(decl.line, "section [" + group + ":vars] is for undefined group " + squote(group));
    return error(decl.line,
                 "section [" + decl.parents.front() + ":children] includes undefined group " + squote(group));
  }

 private:
  Status error(std::size_t line, const std::string &message) {
    return Status::error(ErrorKind::invalid_input, to_string(b_.at(line)) + ": " + message);
  }

  Status line(std::string_view text, std::size_t n) {
    if (text.empty() || text[0] == '#' || text[0] == ';') return Status::ok();
    if (auto header = section_header(text)) return enter(*header, n);
    if (text[0] == '[' && text.back() == ']') return error(n, "invalid section header " + squote(text));
    if (text[0] == '[' && text.find(']') == std::string_view::npos) {
      return error(n, "invalid section header " + squote(text) + " (missing ']')");
    }
    if (type_ == "hosts") return host_line(text, n);
    if (type_ == "vars") return vars_line(text, n);
    return children_line(text, n);
  }

  Status enter(const Section &section, std::size_t n) {
    if (section.type != "hosts" && section.type != "vars" && section.type != "children") {
      return error(n, "section [" + section.group + ":" + section.type + "] has unknown type " + squote(section.type) +
                          " (expected children or vars)");
    }
    group_ = section.group;
    type_ = section.type;
    if (!b_.has_group(group_)) {
      if (type_ == "vars" && pending_.count(group_) == 0) pending_[group_] = Pending{n, "vars", {}};
      if (auto s = b_.add_group(group_, n); !s) return s;
    }
    auto it = pending_.find(group_);
    if (it != pending_.end() && type_ != "vars") {
      if (it->second.type == "children") return add_pending_children(group_, n);
      pending_.erase(it);
    }
    return Status::ok();
  }

  Status add_pending_children(const std::string &group, std::size_t n) {
    auto it = pending_.find(group);
    if (it == pending_.end()) return Status::ok();
    const Pending decl = it->second;
    pending_.erase(it);
    for (const auto &parent : decl.parents) {
      if (auto s = b_.add_child(parent, group, decl.line); !s) return s;
      auto p = pending_.find(parent);
      if (p != pending_.end() && p->second.type == "children") {
        if (auto s = add_pending_children(parent, n); !s) return s;
      }
    }
    return Status::ok();
  }

  Status host_line(std::string_view text, std::size_t n) {
    auto tokens = shell_split(text);
    if (!tokens) return error(n, "host line " + squote(text) + ": " + tokens.error_message());
    if (tokens->empty()) return Status::ok();
    const std::string &pattern = tokens->front();
    if (pattern == "---") return error(n, "'---' starts a YAML document: name a YAML inventory .yml or .yaml");
    std::vector<std::string> names;
    std::optional<long long> port;
    if (auto s = expand_host_key(pattern, &names, &port); !s) return error(n, s.message());
    std::vector<std::pair<std::string, nlohmann::json>> vars;
    for (std::size_t i = 1; i < tokens->size(); ++i) {
      const std::string &t = (*tokens)[i];
      const auto eq = t.find('=');
      if (eq == std::string::npos) return error(n, "expected key=value host variable, got " + squote(t));
      vars.emplace_back(t.substr(0, eq), ini_value(std::string_view(t).substr(eq + 1)));
    }
    for (const auto &host : names) {
      if (auto s = b_.add_host(host, group_, port, n); !s) return s;
      for (const auto &[k, v] : vars) {
        if (auto s = b_.set_host_var(host, k, v, n); !s) return s;
      }
    }
    return Status::ok();
  }

  Status vars_line(std::string_view text, std::size_t n) {
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) return error(n, "expected key=value, got " + squote(text));
    return b_.set_group_var(group_, std::string(base::trim_view(text.substr(0, eq))),
                            ini_value(base::trim_view(text.substr(eq + 1))), n);
  }

  Status children_line(std::string_view text, std::size_t n) {
    auto child = group_name_line(text);
    if (!child) return error(n, "expected a group name, got " + squote(text));
    if (b_.has_group(*child)) return b_.add_child(group_, *child, n);
    auto it = pending_.find(*child);
    if (it == pending_.end()) {
      pending_[*child] = Pending{n, "children", {group_}};
    } else {
      it->second.parents.push_back(group_);
    }
    return Status::ok();
  }

  InventoryBuilder &b_;
  std::string group_ = "ungrouped";
  std::string type_ = "hosts";
  std::map<std::string, Pending> pending_;
};

}  // namespace

nlohmann::json ini_value(std::string_view text) {
  auto start = text.find_first_not_of(" \t");
  if (start != std::string_view::npos) {
    if (auto v = PyLiteral(text.substr(start)).parse()) return *v;
  }
  return nlohmann::json(std::string(text));
}

Status read_ini_inventory(std::string_view text, InventoryBuilder &builder) { return IniReader(builder).read(text); }

}  // namespace licmig::inventory::detail
