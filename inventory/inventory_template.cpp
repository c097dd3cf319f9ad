// Templated inventory values: `{{ name }}` references are resolved, recursively and with a bound;
// everything else Jinja can do (filters, tests, expressions, lookups, statements) is refused.
#include <cctype>

#include "inventory/inventory_builder.hpp"

namespace licmig::inventory::detail {

namespace {

constexpr int k_max_depth = 20;                // nested references deeper than this are a loop
constexpr std::size_t k_max_lookups = 10000;   // references resolved for one value, in all
constexpr std::size_t k_max_length = 1 << 20;  // the longest text a value may expand to

bool is_identifier(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool has_template(std::string_view s) {
  return s.find("{{") != std::string_view::npos || s.find("{%") != std::string_view::npos ||
         s.find("{#") != std::string_view::npos;
}

class Resolver {
 public:
  Resolver(const VarMap &vars, const std::string &host) : vars_(vars), host_(host) {}

  Result<nlohmann::json> value(const nlohmann::json &v, int depth) {
    if (v.is_string()) return text(v.get_ref<const std::string &>(), depth);
    if (v.is_array()) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto &item : v) {
        auto r = value(item, depth);
        if (!r) return r;
        out.push_back(std::move(r.value()));
      }
      return out;
    }
    if (v.is_object()) {
      nlohmann::json out = nlohmann::json::object();
      for (const auto &[k, item] : v.items()) {
        auto r = value(item, depth);
        if (!r) return r;
        out[k] = std::move(r.value());
      }
      return out;
    }
    return v;
  }

 private:
  Result<nlohmann::json> lookup(std::string_view name, int depth) {
    if (name == "inventory_hostname") return nlohmann::json(host_);
    if (name == "inventory_hostname_short") return nlohmann::json(host_.substr(0, host_.find('.')));
    if (++lookups_ > k_max_lookups) {
      return fail("expands through more than " + std::to_string(k_max_lookups) + " references: refused");
    }
    auto it = vars_.find(name);
    if (it == vars_.end()) return fail("'" + std::string(name) + "' is undefined");
    if (depth >= k_max_depth) {
      return fail("references nested more than " + std::to_string(k_max_depth) + " deep (a loop through '" +
                  std::string(name) + "'?)");
    }
    return value(it->second.value, depth + 1);
  }

  Result<nlohmann::json> text(const std::string &s, int depth) {
    if (!has_template(s)) return nlohmann::json(s);
    if (s.find("{%") != std::string::npos || s.find("{#") != std::string::npos) {
      return fail("Jinja statements and comments ({% %}, {# #}) are not supported");
    }
    std::string out;
    std::size_t pos = 0;
    std::optional<nlohmann::json> whole;  // "{{ x }}" and nothing else keeps x's type
    while (pos < s.size()) {
      const auto open = s.find("{{", pos);
      if (open == std::string::npos) {
        out += s.substr(pos);
        break;
      }
      const auto close = s.find("}}", open + 2);
      if (close == std::string::npos) return fail("'{{' without '}}'");
      out += s.substr(pos, open - pos);
      const std::string_view expr = trim(std::string_view(s).substr(open + 2, close - open - 2));
      if (!is_identifier(expr)) {
        return fail("'{{ " + std::string(expr) +
                    " }}' is not a plain variable reference (filters, expressions and lookups are not supported)");
      }
      auto v = lookup(expr, depth);
      if (!v) return v;
      if (open == 0 && close + 2 == s.size()) whole = v.value();
      if (v->is_string()) {
        out += v->get<std::string>();
      } else {
        out += v->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      }
      if (out.size() > k_max_length) return fail("expands to more than 1 MiB: refused");
      pos = close + 2;
    }
    if (whole) return *whole;
    return nlohmann::json(out);
  }

  Status fail(const std::string &why) { return Status::error(ErrorKind::invalid_input, why); }

  const VarMap &vars_;
  const std::string &host_;
  std::size_t lookups_ = 0;
};

}  // namespace

Result<nlohmann::json> resolve_template(const nlohmann::json &value, const VarMap &vars, const std::string &host) {
  return Resolver(vars, host).value(value, 0);
}

}  // namespace licmig::inventory::detail
