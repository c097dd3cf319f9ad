// The per-router compliance checks and the HA pair check.
#include "rules/checks.hpp"

#include <algorithm>
#include <ctime>
#include <iomanip>
#include <set>
#include <sstream>

#include "base/text.hpp"
#include "rules/levels.hpp"
#include "rules/record_check.hpp"
#include "snapshot/interfaces.hpp"
#include "snapshot/text.hpp"

namespace licmig::rules {

namespace {

using snapshot::LicenseMode;
using snapshot::Release;
using snapshot::Snapshot;

Finding make(const std::string &id, const std::string &host, std::string message,
             std::vector<std::string> remediation = {}, std::optional<Severity> severity = std::nullopt) {
  const Rule *rule = find_rule(id);
  Finding f;
  f.rule_id = id;
  f.rule_name = rule ? rule->name : id;
  f.severity = severity.value_or(rule ? rule->severity : Severity::error);
  f.host = host;
  f.message = std::move(message);
  f.guide = rule ? rule->guide : "";
  f.remediation = std::move(remediation);
  return f;
}

std::vector<std::string> config_block(std::vector<std::string> lines) {
  lines.insert(lines.begin(), "configure terminal");
  lines.emplace_back("end");
  lines.emplace_back("write memory");
  return lines;
}

// The smallest and largest trains on which the router takes a PAK snapshot.
std::optional<std::pair<Release, Release>> snapshot_window(const SupportMatrix &matrix) {
  std::optional<std::pair<Release, Release>> w;
  for (const auto &r : matrix.rows()) {
    if (!r.snapshot || !r.minor) continue;
    auto first = Release::parse(std::to_string(r.major) + "." + std::to_string(*r.minor) + ".1");
    if (!first) continue;
    if (!w) {
      w = std::make_pair(first.value(), first.value());
    } else {
      if (first.value() < w->first) w->first = first.value();
      if (first.value() > w->second) w->second = first.value();
    }
  }
  return w;
}

// Same major.minor train.
bool same_train(const Release &a, const Release &b) { return a.major() == b.major() && a.minor() == b.minor(); }

std::optional<long> leading_days(const std::string &text) {
  auto t = base::trim(text);
  auto sp = t.find(' ');
  auto n = base::to_int(t.substr(0, sp));
  if (!n || sp == std::string::npos || t.compare(sp + 1, 3, "day") != 0) return std::nullopt;
  return static_cast<long>(*n);
}

// "Dec 16 02:25:58 2016 UTC" -> days since epoch
std::optional<long> days_of_router_date(const std::string &text) {
  std::tm tm{};
  std::istringstream in(text);
  in >> std::get_time(&tm, "%b %d %H:%M:%S %Y");
  if (in.fail()) return std::nullopt;
  return static_cast<long>(timegm(&tm) / 86400);
}

std::optional<long> days_of_iso_date(const std::string &text) {
  std::tm tm{};
  std::istringstream in(text);
  in >> std::get_time(&tm, "%Y-%m-%d");
  if (in.fail()) return std::nullopt;
  return static_cast<long>(timegm(&tm) / 86400);
}

void check_releases(const Snapshot &snap, const Target &target, const SupportMatrix &matrix,
                    std::vector<Finding> &out) {
  if (!target.release) {
    out.push_back(
        make("LM001", snap.host, "target release '" + target.release_text + "' is not a release licmig can read"));
  } else if (!matrix.lookup(*target.release)) {
    out.push_back(make("LM001", snap.host,
                       "target release " + target.release->normalised() + " is outside the license support matrix"));
  }
  auto current = release_of(snap);
  if (!current) {
    out.push_back(
        make("LM002", snap.host,
             "current release unknown: show version gave '" + snap.version.version.value_or("nothing") + "'"));
  } else if (!matrix.lookup(*current)) {
    out.push_back(make("LM002", snap.host,
                       "current release " + current->normalised() + " is outside the license support matrix"));
  }
}

void check_hops(const Snapshot &snap, const std::vector<Release> &via, const SupportMatrix &matrix,
                std::vector<Finding> &out) {
  for (const auto &hop : via) {
    if (!matrix.lookup(hop)) {
      out.push_back(make("LM001", snap.host,
                         "intermediate release " + hop.normalised() + " is outside the license support matrix",
                         {"# choose another intermediate release (see `licmig matrix`)"}));
    }
  }
}

void check_modes(const Snapshot &snap, const Target &target, const MatrixRow &row, std::vector<Finding> &out) {
  const std::string rel = target.release->normalised();
  if (target.mode == TargetMode::smart && !row.smart) {
    out.push_back(
        make("LM020", snap.host, "Smart Licensing is not supported on " + rel + " (train " + row.train() + ")"));
  }
  if (target.mode == TargetMode::no_license && !row.no_license) {
    out.push_back(make("LM021", snap.host, "No-License mode does not exist on " + rel + " (it starts at 17.7.1)"));
  }
  if (target.mode == TargetMode::traditional && !row.pak) {
    out.push_back(make("LM022", snap.host, "PAK (traditional) licenses do not exist on " + rel));
  }
  if (target.specific_license_reservation && !row.slr) {
    out.push_back(make("LM091", snap.host, "Specific License Reservation is not supported on " + rel));
  }
}

void check_pak(const Snapshot &snap, const Target &target, const MatrixRow &row, const CheckContext &ctx,
               const SupportMatrix &matrix, std::vector<Finding> &out) {
  if (snap.pak_licenses.empty() && snap.license_mode != LicenseMode::traditional) return;
  const SavedConfig saved = saved_config_of(snap);
  const std::string now = snap.license_level ? normalise_level(*snap.license_level) : "";
  const std::string keep = !now.empty() ? now : permanent_pak_level(snap);
  const std::string pin = "license boot level " + (keep.empty() ? std::string("<level>") : keep);
  auto remedy = config_block({pin});
  const std::string rel = target.release->normalised();
  bool lm010 = false;
  if (row.no_license && !saved.boot_level) {
    auto predicted = predict_reload(snap, *target.release, saved, matrix, ctx.recorded_paks);
    std::string msg = "PAK licenses and no saved license boot level: on " + rel + " the router comes up at " +
                      predicted.level + " (" + predicted.why + "); it has " + (now.empty() ? "an unknown level" : now) +
                      " now";
    if (predicted.level_from_snapshot) {
      msg += " — only through the router's PAK snapshot, which releases from 17.11.1 on no longer take";
    }
    out.push_back(make("LM010", snap.host, msg, remedy));
    lm010 = true;
  }
  auto current = release_of(snap);
  auto window = snapshot_window(matrix);
  if (current && window && !snap.pak_licenses.empty() && *current<window->first && * target.release> window->second &&
      !same_train(*target.release, window->second)) {
    auto hop = saved.boot_level ? std::vector<std::string>{} : remedy;
    hop.push_back("# or upgrade through " + window->first.base() + "-" + std::to_string(window->second.major()) + "." +
                  std::to_string(window->second.minor()) +
                  ".x first, so the router records its PAK snapshot: plan/migrate --via RELEASE --via-image FILE");
    out.push_back(make(
        "LM011", snap.host,
        "going from " + current->normalised() + " straight to " + rel +
            ": the router never takes a PAK snapshot, and its PAK licenses leave no trace on it" +
            (saved.boot_level ? " (the saved boot level " + *saved.boot_level + " keeps the level)" : std::string()),
        hop, saved.boot_level ? std::optional<Severity>(Severity::info) : std::nullopt));
  }
  if (row.no_license) {
    for (const auto &lic : snap.pak_licenses) {
      auto type = base::to_lower(lic.license_type.value_or(""));
      auto state = base::to_lower(lic.license_state.value_or(""));
      if (type.find("eval") == std::string::npos || state.find("in use") == std::string::npos ||
          state.find("not in use") != std::string::npos) {
        continue;
      }
      const std::string level = normalise_level(lic.feature);
      // "Upgrading the Router with Traditional License to No-License": a saved boot level keeps the
      // evaluation license's level (metroaggrservices EvalRightToUse on 16.06.10 comes up
      // metroaggrservices in No License Mode on 17.7.1): nothing is lost.
      if (saved.boot_level && *saved.boot_level == level) continue;
      const std::string line = "license boot level " + level;
      std::vector<std::string> fix;
      if (lm010 && line == pin) {
        fix = {"# the license boot level " + level + " of LM010 keeps it"};
      } else {
        fix = config_block({line});
      }
      out.push_back(make("LM090", snap.host,
                         "evaluation license " + lic.feature + " (" + lic.license_type.value_or("") +
                             ") is in use and its level does not survive the upgrade to " + rel +
                             " unless license boot level " + level + " is saved" +
                             (saved.boot_level ? " (the saved boot level is " + *saved.boot_level + ")" : ""),
                         fix));
    }
  }
}

// LM013: no saved `license boot level`, and a reload into the target (in the target mode) brings the
// router up at a lower level than it has now — or the target is Smart Licensing before 17.8.1, where
// the guide requires the boot level ("Restrictions for Smart Licensing"; "Upgrading to Default Smart
// Licensing": "If you upgrade the router to Smart Licensing, before enabling the boot level license
// command, the router boots with the default boot license").
void check_boot_level(const Snapshot &snap, const Target &target, const CheckContext &ctx, const MatrixRow &row,
                      const SupportMatrix &matrix, std::vector<Finding> &out) {
  SavedConfig saved = saved_config_of(snap);
  if (saved.boot_level) return;
  if (std::any_of(out.begin(), out.end(), [](const Finding &f) { return f.rule_id == "LM010"; })) return;
  const std::string now = snap.license_level ? normalise_level(*snap.license_level) : "";
  saved.smart_enable = target.mode == TargetMode::smart;
  auto predicted = predict_reload(snap, *target.release, saved, matrix, ctx.recorded_paks);
  const bool drops = is_boot_level(now) && level_rank(predicted.level) < level_rank(now);
  // "prior to Cisco IOS XE Cupertino 17.8.1": before the first release of the snapshot window
  auto window = snapshot_window(matrix);
  const bool smart_before_17_8 =
      target.mode == TargetMode::smart && row.smart && window && *target.release < window->first;
  if (!drops && !smart_before_17_8) return;
  const std::string keep = is_boot_level(now) ? now : std::string("<level>");
  std::string msg = "no saved license boot level: on " + target.release->normalised() + " in " +
                    to_string(target.mode) + " mode the router comes up at " + predicted.level + " (" + predicted.why +
                    "); it has " + (now.empty() ? "an unknown level" : now) + " now";
  if (smart_before_17_8) msg += "; Smart Licensing before 17.8.1 needs the boot level saved first";
  out.push_back(make("LM013", snap.host, msg, config_block({"license boot level " + keep})));
}

void check_session(const Snapshot &snap, const Target &target, const CheckContext &ctx, std::vector<Finding> &out) {
  const bool needs_no_smart = snap.license_mode == LicenseMode::smart && target.mode != TargetMode::smart;
  if (!needs_no_smart) return;
  if (auto f = smart_disable_session_finding(snap, ctx)) out.push_back(std::move(*f));
}

// LM031: the inventory's mgmt_interface names another interface than the one the router says the
// session arrives on (the router's answer is the one LM030 goes by).
void check_session_cross_check(const Snapshot &snap, const CheckContext &ctx, std::vector<Finding> &out) {
  if (!ctx.inventory_mgmt_interface || !snap.session || snap.session->interface.empty()) return;
  if (base::to_lower(*ctx.inventory_mgmt_interface) == base::to_lower(snap.session->interface)) return;
  out.push_back(make("LM031", snap.host,
                     "the inventory's mgmt_interface says the session arrives on " + *ctx.inventory_mgmt_interface +
                         ", the router says " + snap.session->interface + " (" + snap.session->basis +
                         "); licmig goes by the router",
                     {"# correct mgmt_interface for this host: " + snap.session->interface}));
}

void check_call_home(const Snapshot &snap, const Target &target, std::vector<Finding> &out) {
  std::vector<snapshot::CallHomeProfile> profiles = snap.call_home.profiles;
  for (const auto &p : snap.running_config.call_home_profiles) {
    bool seen = std::any_of(profiles.begin(), profiles.end(), [&](const auto &q) { return q.name == p.name; });
    if (!seen) profiles.push_back(p);
  }
  for (const auto &p : profiles) {
    for (const auto &dest : p.http_destinations) {
      if (base::starts_with(base::to_lower(dest), "http://")) {
        out.push_back(
            make("LM050", snap.host, "call-home profile \"" + p.name + "\" sends to " + dest + " over plain HTTP",
                 config_block({"call-home", "profile \"" + p.name + "\"", "no destination address http " + dest,
                               "destination address http https://" + dest.substr(7)})));
      }
      const bool cisco_default = dest.find("tools.cisco.com") != std::string::npos ||
                                 dest.find("smartreceiver.cisco.com") != std::string::npos;
      if (target.satellite && cisco_default) {
        out.push_back(
            make("LM052", snap.host,
                 "satellite deployment, but call-home profile \"" + p.name +
                     "\" still sends to the default CSSM destination " + dest,
                 config_block({"call-home", "profile \"" + p.name + "\"", "no destination address http " + dest})));
      }
    }
  }
  const bool comm_failed = std::any_of(snap.smart_log_events.begin(), snap.smart_log_events.end(), [](const auto &e) {
    return e.find("%SMART_LIC-3-COMM_FAILED") != std::string::npos;
  });
  if (comm_failed) {
    if (!snap.running_config.http_client_secure_trustpoint) {
      out.push_back(make("LM051", snap.host,
                         "%SMART_LIC-3-COMM_FAILED in the log and no ip http client secure-trustpoint configured",
                         config_block({"ip http client secure-trustpoint SLA-TrustPoint"})));
    } else {
      out.push_back(make("LM051", snap.host,
                         "%SMART_LIC-3-COMM_FAILED in the log although secure-trustpoint " +
                             *snap.running_config.http_client_secure_trustpoint +
                             " is configured: check reachability of CSSM",
                         {}));
    }
  }
}

void check_smart(const Snapshot &snap, const Target &target, const CheckContext &ctx, std::vector<Finding> &out) {
  const auto &s = snap.smart;
  const auto auth = base::to_lower(s.authorization_status.value_or(""));
  if (auth.find("out of compliance") != std::string::npos || auth.find("out_of_compliance") != std::string::npos) {
    out.push_back(make("LM061", snap.host, "Smart Licensing is OUT OF COMPLIANCE", {"show license usage"}));
  }
  if (s.evaluation_remaining && auth.find("eval") != std::string::npos) {
    auto days = leading_days(*s.evaluation_remaining);
    if (days && *days < ctx.eval_warning_days) {
      out.push_back(make("LM060", snap.host,
                         "evaluation period remaining " + *s.evaluation_remaining + " (under " +
                             std::to_string(ctx.eval_warning_days) + " days)",
                         {"license smart register idtoken <token>"}));
    }
  }
  if (s.registration_expires && !ctx.now_utc.empty()) {
    auto expires = days_of_router_date(*s.registration_expires);
    auto now = days_of_iso_date(ctx.now_utc);
    if (expires && now && *expires - *now < ctx.registration_warning_days) {
      out.push_back(
          make("LM062", snap.host, "registration expires " + *s.registration_expires, {"license smart renew id"}));
    }
  }
  if (auto f = reregister_same_token(snap, target)) out.push_back(*f);
}

void check_image(const Snapshot &snap, const Target &target, std::vector<Finding> &out) {
  if (target.image.empty()) return;
  const auto want = base::basename_of(target.image);
  if (!snap.bootflash) {
    out.push_back(make("LM080", snap.host, "no bootflash listing recorded; cannot confirm " + want + " is present"));
    return;
  }
  bool present = std::any_of(snap.bootflash->files.begin(), snap.bootflash->files.end(),
                             [&](const auto &f) { return base::basename_of(f.name) == want; });
  if (!present) {
    if (!target.image_source.empty()) {
      out.push_back(make("LM083", snap.host,
                         want + " is not on bootflash: staged before the reload (" + target.image_source + ")"));
      return;
    }
    out.push_back(make("LM080", snap.host, want + " is not on bootflash:",
                       {"licmig stage -i INVENTORY -l " + snap.host + " --image " + want,
                        "# or: licmig stage ... --image-url <server>/" + want + " --image-md5 <md5>"}));
    return;
  }
  if (target.image_md5) {
    for (const auto &c : snap.image_checks) {
      if (base::basename_of(c.file) == want && base::to_lower(c.md5) != base::to_lower(*target.image_md5)) {
        out.push_back(make("LM081", snap.host, want + " has md5 " + c.md5 + ", expected " + *target.image_md5,
                           {"delete bootflash:" + want, "copy <server>/" + want + " bootflash:" + want,
                            "verify /md5 bootflash:" + want}));
      }
    }
  }
}

}  // namespace

std::optional<Finding> smart_disable_session_finding(const Snapshot &snap, const CheckContext &ctx) {
  const auto d = session_decision(snap, ctx);
  if (d.data_port) {
    const std::string where =
        d.interface.empty() ? std::string("a data port") : "data port " + d.interface + " (as " + d.source + " says)";
    return make("LM030", snap.host,
                "the path needs 'no license smart enable', which puts all ports admin down, and licmig reaches "
                "this router over " +
                    where + ": the session and the router would be lost",
                {"# reach the router through its management interface (GigabitEthernet0, VRF Mgmt-intf) or "
                 "console, and set mgmt_interface for this host"});
  }
  if (!d.known) {
    // The guide is silent on a session whose interface nobody can tell; licmig takes the
    // conservative reading: unproven is refused, as a data port would be.
    const std::string why = snap.session && !snap.session->basis.empty() ? snap.session->basis
                                                                         : std::string("no session path is on record");
    return make("LM030", snap.host,
                "the path needs 'no license smart enable', which puts all ports admin down, and nothing tells "
                "which interface licmig's session arrives on (" +
                    why + "; the inventory sets no mgmt_interface): the session and the router could be lost",
                {"# set mgmt_interface for this host to the interface the session arrives on (GigabitEthernet0 "
                 "for the management port), or reach the router through the console"});
  }
  return std::nullopt;
}

SessionDecision session_decision(const Snapshot &snap, const CheckContext &ctx) {
  SessionDecision d;
  if (snap.session && !snap.session->interface.empty()) {
    d.known = true;
    d.interface = snap.session->interface;
    d.data_port = !snap.session->management;
    d.source = "the router";
  } else if (ctx.inventory_mgmt_interface) {
    d.known = true;
    d.interface = *ctx.inventory_mgmt_interface;
    d.data_port = !snapshot::is_management_interface(d.interface);
    d.source = "the inventory (mgmt_interface)";
  }
  if (ctx.session_via_data_port) d.data_port = true;
  return d;
}

std::vector<Finding> blocking_findings(const Snapshot &snap, const Target &target, const CheckContext &ctx,
                                       const std::vector<Release> &via, const SupportMatrix &matrix) {
  std::vector<Finding> out;
  check_releases(snap, target, matrix, out);
  check_hops(snap, via, matrix, out);
  if (!out.empty()) return out;  // without both releases nothing else can be judged
  check_modes(snap, target, *matrix.lookup(*target.release), out);
  check_session(snap, target, ctx, out);
  return out;
}

std::optional<Finding> reregister_same_token(const Snapshot &snap, const Target &target) {
  if (!target.register_token || !target.release || target.release->base() != "17.8.1") return std::nullopt;
  const bool registered_before = target.token_used_before ||
                                 snap.smart.registration_status.value_or("") == "REGISTERED" ||
                                 snap.smart.initial_registration.has_value();
  if (!registered_before) return std::nullopt;
  return make("LM063", snap.host,
              "registering on 17.8.1 a router that was registered before: re-registering with the same token can leave "
              "it Unregistered-Registration after a reload",
              {"# remove the product instance from CSSM (Inventory > Product Instances) before registering"});
}

Finding image_cannot_be_staged(const std::string &host, const std::string &why, const std::string &remedy) {
  return make("LM084", host, why, {remedy});
}

Finding hop_without_image(const std::string &host, const Release &hop) {
  return make("LM082", host, "the path changes release to " + hop.normalised() + " and no image was given for it",
              {"# give --image FILE, a file on bootflash: of " + hop.normalised() + " (one per intermediate release)"});
}

Finding make_finding(const std::string &id, const std::string &host, std::string message,
                     std::vector<std::string> remediation) {
  return make(id, host, std::move(message), std::move(remediation));
}

Finding level_would_drop(const std::string &host, const Release &hop, const ReloadOutcome &outcome,
                         const std::string &level_now) {
  return make("LM012", host,
              "on " + hop.normalised() + " the router would come up at " + outcome.level + " (" + outcome.why +
                  "), below its current " + level_now,
              {"# install a license for " + level_now + " that the target keeps, or choose a target that keeps it"});
}

std::vector<Finding> check_router(const Snapshot &snap, const Target &target, const CheckContext &ctx,
                                  const SupportMatrix &matrix) {
  std::vector<Finding> out;
  check_releases(snap, target, matrix, out);
  // LM003 judges the raw answers a snapshot keeps; one built without them (a test's model, not a
  // router's record) is judged by its fields only. The executor checks its own fresh snapshot again.
  if (auto gaps = snap.raw.empty() ? std::vector<RecordGap>{} : record_gaps(snap, matrix); !gaps.empty()) {
    out.push_back(make("LM003", snap.host, describe_gaps(gaps), {"show privilege", "show license"}));
  }
  std::optional<MatrixRow> row;
  if (target.release) row = matrix.lookup(*target.release);
  if (row) {
    check_modes(snap, target, *row, out);
    check_pak(snap, target, *row, ctx, matrix, out);
    check_boot_level(snap, target, ctx, *row, matrix, out);
  }
  check_session(snap, target, ctx, out);
  check_session_cross_check(snap, ctx, out);
  check_call_home(snap, target, out);
  check_smart(snap, target, ctx, out);
  if (snap.config_unsaved.value_or(false)) {
    out.push_back(make("LM070", snap.host, "running configuration has unsaved changes",
                       {"show archive config differences nvram:startup-config system:running-config", "write memory"}));
  }
  check_image(snap, target, out);
  return out;
}

Finding ha_partner_refused(const std::string &host, const std::string &partner, const std::string &why) {
  return make("LM043", host, "its HA partner " + partner + " cannot be changed (" + why + "); the pair moves together");
}

std::vector<Finding> check_ha_pair(const Snapshot &active, const Snapshot &standby) {
  std::vector<Finding> out;
  // Installed PAK licenses: listed with a type, not an evaluation license that was never activated
  // (`show license` lists every feature, installed or not).
  auto pak_set = [](const Snapshot &s) {
    std::set<std::string> set;
    for (const auto &l : s.pak_licenses) {
      if (!l.license_type) continue;
      auto type = base::to_lower(*l.license_type);
      if (type.find("eval") != std::string::npos && l.period_left.value_or("") == "Not Activated") continue;
      set.insert(normalise_level(l.feature) + " (" + *l.license_type + ")");
    }
    return set;
  };
  auto join = [](const std::set<std::string> &s) {
    std::string text;
    for (const auto &x : s) text += (text.empty() ? "" : ", ") + x;
    return text.empty() ? std::string("none") : text;
  };
  const std::string pair = active.host + " (active) / " + standby.host + " (standby)";
  auto a = pak_set(active);
  auto b = pak_set(standby);
  if (a != b) {
    out.push_back(make("LM040", active.host,
                       pair + ": PAK licenses differ — active: " + join(a) + "; standby: " + join(b) +
                           "; after the upgrade the standby reloads continuously",
                       {"# on both routers: factory-reset all", "# then configure the licenses manually on both"}));
  }
  auto ra = release_of(active);
  auto rb = release_of(standby);
  if (ra && rb && *ra != *rb) {
    out.push_back(
        make("LM041", active.host, pair + ": releases differ — " + ra->normalised() + " / " + rb->normalised()));
  }
  auto la = normalise_level(active.configured_boot_level.value_or(active.license_level.value_or("")));
  auto lb = normalise_level(standby.configured_boot_level.value_or(standby.license_level.value_or("")));
  if (la != lb) {
    out.push_back(
        make("LM042", active.host,
             pair + ": boot levels differ — " + (la.empty() ? "none" : la) + " / " + (lb.empty() ? "none" : lb),
             config_block({"license boot level " + (la.empty() ? lb : la)})));
  }
  return out;
}

}  // namespace licmig::rules
