#include "snapshot/diff.hpp"

#include <map>
#include <sstream>

#include "base/digest.hpp"
#include "snapshot/secrets.hpp"
#include "snapshot/text.hpp"

namespace licmig::snapshot {

namespace {

std::string opt(const std::optional<std::string> &s) { return s.value_or(""); }

void compare(std::vector<Change> &out, const std::string &field, const std::string &a, const std::string &b) {
  if (a != b) out.push_back({field, a, b});
}

std::string join(const std::vector<std::string> &v) {
  std::string out;
  for (const auto &s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::map<std::string, std::string> paks(const Snapshot &s) {
  std::map<std::string, std::string> out;
  for (const auto &l : s.pak_licenses) {
    out[l.feature] = opt(l.license_type) + (l.license_state ? " / " + *l.license_state : std::string());
  }
  return out;
}

// The masked secrets of the stored running-config: for each line that holds a mask, the line with
// its masks blanked (after the line of its section, when indented) -> its masks. A block's lines
// (each only a mask) count as one entry after the line that opened it, its masks summed up in one
// digest. Masks are keyed digests, so comparing them shows that a secret changed, never the secret.
std::map<std::string, std::string> config_secrets(const Snapshot &s) {
  std::map<std::string, std::string> out;
  const RawOutput *config = nullptr;
  for (const auto &r : s.raw) {
    if (r.command == "show running-config") config = &r;
  }
  if (!config) return out;
  std::string section;
  std::string last_key;
  std::string block;  // the masks of the block under last_key
  auto add = [&](std::string key, const std::string &value) {
    if (out.count(key)) {
      int n = 2;
      while (out.count(key + " #" + std::to_string(n))) ++n;
      key += " #" + std::to_string(n);
    }
    out[key] = value;
    return key;
  };
  auto end_block = [&] {
    if (!block.empty()) add(last_key + " (block)", "<block:" + base::sha256_of(block).substr(0, 6) + ">");
    block.clear();
  };
  for (const auto &l : clean_lines(config->text)) {
    const auto t = base::trim(l.text);
    if (t.empty()) continue;
    const bool indented = l.text[0] == ' ' || l.text[0] == '\t';
    if (is_mask(t)) {
      block += t;
      continue;
    }
    end_block();
    if (!indented) section = t;
    std::string shape;
    std::string masks;
    for (auto w : base::words(t)) {
      std::string word(w);
      for (auto at = word.find("<secret:"); at != std::string::npos; at = word.find("<secret:", at + 1)) {
        if (at + 15 > word.size() || !is_mask(std::string_view(word).substr(at, 15))) continue;
        masks += (masks.empty() ? "" : " ") + word.substr(at, 15);
        word.replace(at, 15, "<secret>");
      }
      shape += (shape.empty() ? "" : " ") + word;
    }
    const std::string key = indented && !section.empty() ? section + " / " + shape : shape;
    last_key = masks.empty() ? key : add(key, masks);
  }
  end_block();
  return out;
}

}  // namespace

std::vector<Change> diff_snapshots(const Snapshot &a, const Snapshot &b) {
  std::vector<Change> out;
  compare(out, "version", opt(a.version.version), opt(b.version.version));
  compare(out, "image", opt(a.version.image), opt(b.version.image));
  compare(out, "license_mode", to_string(a.license_mode), to_string(b.license_mode));
  compare(out, "license_level", opt(a.license_level), opt(b.license_level));
  compare(out, "license_type", opt(a.license_type), opt(b.license_type));
  compare(out, "next_reload_level", opt(a.next_reload_level), opt(b.next_reload_level));
  compare(out, "configured_boot_level", opt(a.configured_boot_level), opt(b.configured_boot_level));
  compare(out, "boot_system", join(a.running_config.boot_system), join(b.running_config.boot_system));
  auto pa = paks(a);
  auto pb = paks(b);
  for (const auto &[f, v] : pa) compare(out, "pak_license " + f, v, pb.count(f) ? pb.at(f) : "");
  for (const auto &[f, v] : pb) {
    if (!pa.count(f)) compare(out, "pak_license " + f, "", v);
  }
  auto snap_names = [](const Snapshot &s) {
    std::vector<std::string> n;
    if (s.pak_snapshot) {
      for (const auto &e : s.pak_snapshot->entries) n.push_back(e.license_name);
    }
    return join(n);
  };
  compare(out, "pak_snapshot", snap_names(a), snap_names(b));
  compare(out, "smart_enabled", a.smart.smart_enabled ? (*a.smart.smart_enabled ? "yes" : "no") : "",
          b.smart.smart_enabled ? (*b.smart.smart_enabled ? "yes" : "no") : "");
  compare(out, "registration_status", opt(a.smart.registration_status), opt(b.smart.registration_status));
  compare(out, "authorization_status", opt(a.smart.authorization_status), opt(b.smart.authorization_status));
  compare(out, "redundancy_peer_state", opt(a.redundancy.peer_state), opt(b.redundancy.peer_state));
  // the interface the session arrived on (rule LM030): "" when not recorded or not seen
  auto via = [](const Snapshot &s) { return s.session ? s.session->interface : std::string(); };
  compare(out, "session_interface", via(a), via(b));
  const auto sa = config_secrets(a);
  const auto sb = config_secrets(b);
  for (const auto &[line, masks] : sa) compare(out, "secret " + line, masks, sb.count(line) ? sb.at(line) : "");
  for (const auto &[line, masks] : sb) {
    if (!sa.count(line)) compare(out, "secret " + line, "", masks);
  }
  return out;
}

std::string render_diff(const Snapshot &a, const Snapshot &b, const std::vector<Change> &changes) {
  std::ostringstream out;
  out << "--- " << a.host << " " << a.taken_at << "\n+++ " << b.host << " " << b.taken_at << "\n";
  if (changes.empty()) out << "(no license-relevant change)\n";
  for (const auto &c : changes) {
    out << c.field << ": " << (c.before.empty() ? "(absent)" : c.before) << " -> "
        << (c.after.empty() ? "(absent)" : c.after) << "\n";
  }
  return out.str();
}

nlohmann::json diff_json(const Snapshot &a, const Snapshot &b, const std::vector<Change> &changes) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto &c : changes) list.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}});
  return {{"host", b.host}, {"before", a.taken_at}, {"after", b.taken_at}, {"changes", list}};
}

}  // namespace licmig::snapshot
