// JSON (nlohmann-json) and XML (tinyxml2) forms of the snapshot model, generated from each
// struct's `describe` field list. Absent optionals are absent keys; both forms round-trip exactly
// (a value written and read back compares equal).
//
// The XML form mirrors the JSON one: an object is an element with one child per key, a list is an
// element with type="list" and <item> children, booleans and integers carry type="bool"/"int".
// Strings that XML 1.0 cannot carry verbatim (control characters, carriage returns, edge
// whitespace) are stored JSON-escaped with encoding="json"; bytes that are not valid UTF-8 are
// stored as hex with encoding="hex". The JSON text form replaces invalid UTF-8 with U+FFFD (JSON
// cannot carry it); the device session hands the parsers valid UTF-8.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "snapshot/model.hpp"

namespace licmig::snapshot {

namespace detail {
template <class T, class = void>
struct has_describe : std::false_type {};
struct NullVisitor {
  template <class F>
  void operator()(const char *, F &) const {}
};
template <class T>
struct has_describe<T, std::void_t<decltype(T::describe(std::declval<T &>(), NullVisitor{}))>> : std::true_type {};

struct JsonWriter {
  nlohmann::json &out;
  template <class F>
  void operator()(const char *key, const std::optional<F> &field) const {
    if (field) out[key] = *field;
  }
  template <class F>
  void operator()(const char *key, const F &field) const {
    out[key] = field;
  }
};

struct JsonReader {
  const nlohmann::json &in;
  template <class F>
  void operator()(const char *key, std::optional<F> &field) const {
    auto it = in.find(key);
    if (it == in.end() || it->is_null()) {
      field.reset();
    } else {
      field = it->template get<F>();
    }
  }
  template <class F>
  void operator()(const char *key, F &field) const {
    auto it = in.find(key);
    if (it == in.end()) {
      field = F{};
    } else {
      field = it->template get<F>();
    }
  }
};
}  // namespace detail

template <class T, std::enable_if_t<detail::has_describe<T>::value, int> = 0>
void to_json(nlohmann::json &out, const T &value) {
  out = nlohmann::json::object();
  T::describe(value, detail::JsonWriter{out});
}

template <class T, std::enable_if_t<detail::has_describe<T>::value, int> = 0>
void from_json(const nlohmann::json &in, T &value) {
  if (!in.is_object()) throw nlohmann::json::type_error::create(302, "expected an object", &in);
  T::describe(value, detail::JsonReader{in});
}

void to_json(nlohmann::json &out, const LicenseMode &mode);
void from_json(const nlohmann::json &in, LicenseMode &mode);

// A snapshot as pretty JSON text, and back. Reading fails (parse_error) on text that is not a
// snapshot record; the message names the cause.
std::string snapshot_to_json_text(const Snapshot &snap);
Result<Snapshot> snapshot_from_json_text(const std::string &text);

// Any JSON document as an XML record with the given root element name, and back.
std::string json_to_xml_text(const nlohmann::json &doc, const std::string &root_name);
Result<nlohmann::json> json_from_xml_text(const std::string &text);

std::string snapshot_to_xml_text(const Snapshot &snap);
Result<Snapshot> snapshot_from_xml_text(const std::string &text);

}  // namespace licmig::snapshot
