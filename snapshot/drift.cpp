#include "snapshot/drift.hpp"

#include "base/text.hpp"

namespace licmig::snapshot {

namespace {

bool is_state_field(const std::string &field) {
  return field == "version" || field == "license_mode" || field == "license_level" ||
         field == "configured_boot_level" || field == "boot_system" || base::starts_with(field, "pak_license ");
}

void compare(std::vector<Change> &out, const std::string &field, const std::string &a, const std::string &b) {
  if (a != b) out.push_back({field, a, b});
}

}  // namespace

Identity identity_of(const Snapshot &snap) {
  Identity id;
  id.hostname = snap.version.hostname.value_or(snap.running_config.hostname.value_or(""));
  id.serial = snap.version.processor_board_id.value_or("");
  for (const auto &u : snap.smart.udi) {
    if (u.pid || u.sn) {
      id.udi = u.pid.value_or("") + ":" + u.sn.value_or("");
      break;
    }
  }
  return id;
}

std::vector<Change> drift(const Snapshot &planned_from, const Snapshot &now) {
  std::vector<Change> out;
  const auto a = identity_of(planned_from);
  const auto b = identity_of(now);
  compare(out, "hostname", a.hostname, b.hostname);
  compare(out, "serial", a.serial, b.serial);
  compare(out, "udi", a.udi, b.udi);
  for (auto &c : diff_snapshots(planned_from, now)) {
    if (is_state_field(c.field)) out.push_back(std::move(c));
  }
  return out;
}

std::string describe_drift(const std::vector<Change> &changes) {
  std::string out;
  for (const auto &c : changes) {
    out += (out.empty() ? "" : "; ") + c.field + " was " + (c.before.empty() ? "(absent)" : c.before) + ", now " +
           (c.after.empty() ? "(absent)" : c.after);
  }
  return "changed since the plan: " + out + " — run plan again";
}

}  // namespace licmig::snapshot
