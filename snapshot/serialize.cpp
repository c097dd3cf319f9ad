#include "snapshot/serialize.hpp"

#include <tinyxml2.h>
#include <boost/algorithm/hex.hpp>

namespace licmig::snapshot {

void to_json(nlohmann::json &out, const LicenseMode &mode) { out = to_string(mode); }

void from_json(const nlohmann::json &in, LicenseMode &mode) {
  auto parsed = license_mode_from_string(in.get<std::string>());
  if (!parsed) throw nlohmann::json::type_error::create(302, "unknown license mode", &in);
  mode = *parsed;
}

std::string snapshot_to_json_text(const Snapshot &snap) {
  return nlohmann::json(snap).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<Snapshot> snapshot_from_json_text(const std::string &text) {
  try {
    return nlohmann::json::parse(text).get<Snapshot>();
  } catch (const nlohmann::json::exception &e) {
    return Status::error(ErrorKind::parse_error, std::string("not a snapshot record: ") + e.what());
  }
}

namespace {

// XML 1.0 can carry tab and newline verbatim; a carriage return would be normalised away and most
// other control characters are not allowed at all. Leading/trailing whitespace survives tinyxml2's
// PRESERVE_WHITESPACE mode, but a string made only of whitespace would come back empty-looking to
// other readers, so it is escaped too.
bool needs_escape(const std::string &s) {
  if (s.empty()) return false;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\n') return true;
    if (c == 0x7f) return true;
  }
  return s.find_first_not_of(" \t\n") == std::string::npos;
}

bool is_valid_utf8(const std::string &s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::type_error &) {
    return false;
  }
}

void write_value(tinyxml2::XMLDocument &doc, tinyxml2::XMLElement *el, const nlohmann::json &v) {
  using nlohmann::json;
  switch (v.type()) {
    case json::value_t::object:
      el->SetAttribute("type", "object");
      for (const auto &[key, child] : v.items()) {
        auto *c = doc.NewElement(key.c_str());
        el->InsertEndChild(c);
        write_value(doc, c, child);
      }
      break;
    case json::value_t::array:
      el->SetAttribute("type", "list");
      for (const auto &child : v) {
        auto *c = doc.NewElement("item");
        el->InsertEndChild(c);
        write_value(doc, c, child);
      }
      break;
    case json::value_t::boolean:
      el->SetAttribute("type", "bool");
      el->SetText(v.get<bool>() ? "true" : "false");
      break;
    case json::value_t::number_integer:
      el->SetAttribute("type", "int");
      el->SetText(std::to_string(v.get<std::int64_t>()).c_str());
      break;
    case json::value_t::number_unsigned:
      el->SetAttribute("type", "uint");
      el->SetText(std::to_string(v.get<std::uint64_t>()).c_str());
      break;
    case json::value_t::number_float:
      el->SetAttribute("type", "float");
      el->SetText(json(v).dump().c_str());
      break;
    case json::value_t::null: el->SetAttribute("type", "null"); break;
    case json::value_t::string: {
      const auto &s = v.get_ref<const std::string &>();
      if (!is_valid_utf8(s)) {
        el->SetAttribute("encoding", "hex");
        el->SetText(boost::algorithm::hex(s).c_str());
      } else if (needs_escape(s)) {
        el->SetAttribute("encoding", "json");
        el->SetText(json(s).dump(-1, ' ', true, json::error_handler_t::replace).c_str());
      } else {
        el->SetText(s.c_str());
      }
      break;
    }
    default: el->SetAttribute("type", "null"); break;
  }
}

Result<nlohmann::json> read_value(const tinyxml2::XMLElement *el) {
  using nlohmann::json;
  const char *type_attr = el->Attribute("type");
  std::string type = type_attr ? type_attr : "string";
  const char *text_c = el->GetText();
  std::string text = text_c ? text_c : "";
  auto where = [&]() { return "line " + std::to_string(el->GetLineNum()) + ": <" + el->Name() + ">"; };
  if (type == "object" || type == "list") {
    json out = type == "object" ? json::object() : json::array();
    for (const auto *c = el->FirstChildElement(); c; c = c->NextSiblingElement()) {
      auto child = read_value(c);
      if (!child) return child.status();
      if (type == "object") {
        out[c->Name()] = std::move(child).value();
      } else {
        out.push_back(std::move(child).value());
      }
    }
    return out;
  }
  try {
    if (type == "bool") {
      if (text == "true") return json(true);
      if (text == "false") return json(false);
      return Status::error(ErrorKind::parse_error, where() + ": not a boolean: '" + text + "'");
    }
    if (type == "int") return json(std::stoll(text));
    if (type == "uint") return json(std::stoull(text));
    if (type == "float") return json::parse(text);
    if (type == "null") return json(nullptr);
  } catch (const std::exception &) {
    return Status::error(ErrorKind::parse_error, where() + ": not a " + type + ": '" + text + "'");
  }
  if (type != "string") return Status::error(ErrorKind::parse_error, where() + ": unknown type '" + type + "'");
  const char *enc = el->Attribute("encoding");
  if (enc && std::string(enc) == "hex") {
    try {
      return json(boost::algorithm::unhex(text));
    } catch (const std::exception &) {
      return Status::error(ErrorKind::parse_error, where() + ": bad hex-encoded text");
    }
  }
  if (enc && std::string(enc) == "json") {
    try {
      auto s = json::parse(text);
      if (!s.is_string()) throw std::runtime_error("not a string");
      return s;
    } catch (const std::exception &) {
      return Status::error(ErrorKind::parse_error, where() + ": bad json-encoded text");
    }
  }
  return json(text);
}

}  // namespace

std::string json_to_xml_text(const nlohmann::json &doc_json, const std::string &root_name) {
  tinyxml2::XMLDocument doc;
  doc.InsertEndChild(doc.NewDeclaration());
  auto *root = doc.NewElement(root_name.c_str());
  doc.InsertEndChild(root);
  write_value(doc, root, doc_json);
  tinyxml2::XMLPrinter printer;
  doc.Print(&printer);
  return printer.CStr();
}

Result<nlohmann::json> json_from_xml_text(const std::string &text) {
  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  if (doc.Parse(text.c_str(), text.size()) != tinyxml2::XML_SUCCESS) {
    return Status::error(ErrorKind::parse_error,
                         std::string("XML line ") + std::to_string(doc.ErrorLineNum()) + ": " + doc.ErrorStr());
  }
  const auto *root = doc.RootElement();
  if (!root) return Status::error(ErrorKind::parse_error, "XML record has no root element");
  return read_value(root);
}

std::string snapshot_to_xml_text(const Snapshot &snap) { return json_to_xml_text(nlohmann::json(snap), "snapshot"); }

Result<Snapshot> snapshot_from_xml_text(const std::string &text) {
  auto doc = json_from_xml_text(text);
  if (!doc) return doc.status();
  try {
    return doc.value().get<Snapshot>();
  } catch (const nlohmann::json::exception &e) {
    return Status::error(ErrorKind::parse_error, std::string("not a snapshot record: ") + e.what());
  }
}

}  // namespace licmig::snapshot
