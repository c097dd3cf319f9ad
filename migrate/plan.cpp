#include "migrate/plan.hpp"

#include <algorithm>

#include <sstream>

#include "rules/checks.hpp"
#include "rules/levels.hpp"
#include "snapshot/parser_registry.hpp"
#include "snapshot/secrets.hpp"
#include "snapshot/text.hpp"

namespace licmig::migrate {

namespace {

using rules::TargetMode;
using snapshot::LicenseMode;
using snapshot::Release;

LicenseMode mode_of(TargetMode m) {
  switch (m) {
    case TargetMode::smart: return LicenseMode::smart;
    case TargetMode::no_license: return LicenseMode::no_license;
    case TargetMode::traditional: return LicenseMode::traditional;
  }
  return LicenseMode::unknown;
}

Expectation registered() {
  Expectation e;
  e.registration = "REGISTERED";
  return e;
}

Expectation boot_level_saved(const std::string &level) {
  Expectation e;
  e.boot_level = level;
  return e;
}

Expectation after_reload(std::string release, LicenseMode mode, std::string level, std::optional<std::string> boot) {
  Expectation e;
  e.release = std::move(release);
  e.mode = mode;
  e.level = std::move(level);
  e.boot_level = std::move(boot);
  return e;
}

std::string describe_state(const std::string &release, LicenseMode mode, const std::string &level) {
  return release + " " + snapshot::to_string(mode) + " " + (level.empty() ? "level?" : level);
}

// Builds the plan while tracking what the router's saved configuration will hold.
class Planner {
 public:
  Planner(const snapshot::Snapshot &snap, const rules::Target &target, const PlanOptions &options,
          const rules::SupportMatrix &matrix)
      : snap_(snap), target_(target), options_(options), matrix_(matrix), saved_(rules::saved_config_of(snap)) {
    plan_.host = snap.host;
  }

  Plan run() {
    if (!validate()) return plan_;
    const std::string level_now = current_level_;
    plan_.from = describe_state(current_->normalised(), snap_.license_mode, level_now);
    add({StepKind::pre_snapshot,
         "take the pre-change snapshot and save it",
         snapshot::snapshot_commands(),
         "a router is never changed without its record on disk",
         {}});

    std::vector<std::pair<Release, std::string>> hops;
    for (std::size_t i = 0; i < options_.via.size(); ++i) {
      hops.emplace_back(options_.via[i], i < options_.via_images.size() ? options_.via_images[i] : std::string());
    }
    hops.emplace_back(*target_.release, target_.image);

    for (const auto &[hop, image] : hops) {
      if (!plan_hop(hop, image, &hop == &hops.back().first)) return plan_;
    }
    if (target_.mode == TargetMode::smart && target_.register_token) {
      if (auto f = rules::reregister_same_token(snap_, target_)) {
        plan_.notes.push_back(f->rule_id + " " + f->rule_name + ": " + f->message + " (guide: " + f->guide + "); " +
                              f->remediation.front());
      }
      add({StepKind::register_smart,
           "register with Smart Licensing",
           {"license smart register idtoken <token>"},
           "Registering Device using the id Token",
           registered()});
      if (options_.ha_member) {
        add({StepKind::save_config,
             "save the registration (HA pair)",
             {"write memory"},
             "Registering Device using the id Token: an ASR device with redundancy enabled must write memory after "
             "successful registration",
             {}});
      }
    }
    add({StepKind::post_snapshot,
         "take the post-change snapshot and store the diff",
         snapshot::snapshot_commands(),
         "the record of what changed",
         {}});
    plan_.to = describe_state(target_.release->normalised(), mode_, level_);
    return plan_;
  }

 private:
  void refuse(const std::vector<rules::Finding> &findings) { refuse_plan(plan_, findings); }

  void add(Step step) { plan_.steps.push_back(std::move(step)); }

  // The path is refused when the rule catalog says it cannot be planned (rules::blocking_findings).
  bool validate() {
    rules::CheckContext ctx;
    ctx.session_via_data_port = options_.session_via_data_port;
    ctx.inventory_mgmt_interface = options_.inventory_mgmt_interface;
    auto blocking = rules::blocking_findings(snap_, target_, ctx, options_.via, matrix_);
    if (!blocking.empty()) {
      refuse(blocking);
      return false;
    }
    current_ = rules::release_of(snap_);
    current_level_ = snap_.license_level ? rules::normalise_level(*snap_.license_level) : "";
    if (current_level_.empty() && snap_.license_mode == LicenseMode::traditional) {
      current_level_ = rules::permanent_pak_level(snap_);
    }
    mode_ = snap_.license_mode;
    level_ = current_level_;
    release_ = *current_;
    return true;
  }

  // One release hop (or the final target): boot level, mode switch, image, save, reload, verify.
  bool plan_hop(const Release &hop, const std::string &image, bool final_hop) {
    // validate() refused any hop outside the support matrix (rule LM001)
    const bool change_release = hop != release_;
    const auto want_mode = final_hop ? mode_of(target_.mode) : mode_;
    if (!change_release && want_mode == mode_) {
      if (final_hop)
        plan_.notes.push_back("already at " + hop.normalised() + " in " + snapshot::to_string(mode_) + " mode");
      return true;
    }
    // Smart survives release changes between releases that support it, but No-License returns to
    // traditional below 17.7: switch to Smart on the current release first, then change release.
    if (final_hop && change_release && want_mode == LicenseMode::smart && mode_ != LicenseMode::smart &&
        smart_cmd_available(release_) && !switch_then_move_needed_checked_) {
      snapshot::Snapshot state = snap_;
      state.license_mode = mode_;
      state.license_level = level_;
      auto saved = saved_;
      saved.smart_enable = true;
      if (rules::predict_reload(state, hop, saved, matrix_, options_.recorded_paks).mode != LicenseMode::smart) {
        switch_then_move_needed_checked_ = true;
        protect_level();
        configure_mode(LicenseMode::smart);
        if (!reload_into(release_)) return false;
      }
    }
    protect_level();
    // a mode switch configured before the reload, where the running release has the command
    const bool smart_cmd_here = smart_cmd_available(release_);
    bool deferred_switch = false;
    if (final_hop && want_mode != mode_ &&
        !(mode_ == LicenseMode::traditional && want_mode == LicenseMode::no_license)) {
      if (smart_cmd_here) {
        configure_mode(want_mode);
      } else {
        deferred_switch = true;  // e.g. 16.x -> Smart: `license smart enable` exists only after the upgrade
      }
    } else if (final_hop && want_mode == LicenseMode::no_license && saved_.smart_enable.value_or(false) &&
               smart_cmd_here) {
      configure_mode(want_mode);
    }
    if (!change_release && want_mode == mode_) {
      if (final_hop)
        plan_.notes.push_back("already at " + hop.normalised() + " in " + snapshot::to_string(mode_) + " mode");
      return true;
    }
    if (change_release) {
      if (image.empty()) {
        refuse({rules::hop_without_image(snap_.host, hop)});
        return false;
      }
      std::vector<std::string> verify = {"dir bootflash:"};
      if (final_hop && target_.image_md5) verify.push_back("verify /md5 bootflash:" + base::basename_of(image));
      Expectation image_expect;
      image_expect.image_file = base::basename_of(image);
      if (final_hop) image_expect.image_md5 = target_.image_md5;
      if (final_hop && options_.stage) add(stage_step(*options_.stage));
      add({StepKind::verify_image,
           "check " + base::basename_of(image) + " is on bootflash" +
               (image_expect.image_md5 ? " with md5 " + *image_expect.image_md5 : ""),
           verify, "rules LM080/LM081", image_expect});
      add({StepKind::set_boot_image,
           "boot " + base::basename_of(image) + " and nothing else",
           {"configure terminal", "no boot system", "boot system bootflash:" + base::basename_of(image), "end"},
           "the reload must come up in " + hop.normalised(),
           {}});
    }
    if (!reload_into(hop)) return false;
    if (deferred_switch) {
      configure_mode(want_mode);
      if (!reload_into(hop)) return false;
    }
    return true;
  }

  // The stage-image step: its commands are what goes to the router (the SCP push is licmig's own).
  static Step stage_step(const PlanOptions::Stage &stage) {
    const auto &img = stage.image;
    const auto target = "bootflash:" + img.name;
    std::vector<std::string> commands = {"dir bootflash:"};
    for (const auto &f : stage.decision.cleanup) commands.push_back("delete /force bootflash:" + f.name);
    if (stage.decision.replace) commands.push_back("delete /force " + target);
    commands.push_back(img.pull() ? "copy " + snapshot::hide_url_password(img.url) + " " + target
                                  : "# scp " + img.local_path + " -> " + target + " (licmig's SCP session)");
    commands.push_back("verify /md5 " + target);
    Expectation e;
    e.image_file = img.name;
    e.image_md5 = img.md5;
    return {StepKind::stage_image,
            "stage " + img.name + " (" + human_bytes(img.size.value_or(0)) + ", " + (img.pull() ? "pull" : "push") +
                ") on bootflash with md5 " + img.md5,
            commands,
            "rule LM083: the image is missing; " + std::to_string(stage.decision.free_bytes) + " bytes free, " +
                std::to_string(stage.decision.needed_bytes) + " needed",
            e};
  }

  // Saves `license boot level` at the current level when the saved one differs, so no reload can
  // bring the router up lower (guide: the boot level must be configured before the upgrade).
  void protect_level() {
    if (!rules::is_boot_level(current_level_)) {
      if (!current_level_.empty()) {
        plan_.notes.push_back("license level '" + current_level_ + "' is not an ASR 900/920 boot level; not pinned");
      }
      return;
    }
    if (saved_.boot_level && *saved_.boot_level == current_level_) return;
    add({StepKind::set_boot_level,
         "pin the license level: license boot level " + current_level_,
         {"configure terminal", "license boot level " + current_level_, "end"},
         "rule LM010: without a saved boot level the router can come up at another level",
         boot_level_saved(current_level_)});
    saved_.boot_level = current_level_;
  }

  // `license smart enable` exists on releases that support Smart Licensing.
  bool smart_cmd_available(const Release &r) const {
    auto row = matrix_.lookup(r);
    return row && row->smart;
  }

  void configure_mode(LicenseMode want) {
    if (want == LicenseMode::smart) {
      add({StepKind::smart_enable,
           "switch to Smart Licensing at the next reload",
           {"configure terminal", "license smart enable", "end"},
           "Switching License Modes",
           {}});
      saved_.smart_enable = true;
    } else {
      add({StepKind::smart_disable,
           "leave Smart Licensing at the next reload",
           {"configure terminal", "no license smart enable", "end"},
           "Switching License Modes (all ports go admin down until the reload)",
           {}});
      // "All ports go to admin down state on executing the no smart license enable command" — unless it
      // is configured already; the reload that follows leaves the licensed ports admin down
      if (saved_.smart_enable.value_or(true)) ports_pending_ = true;
      saved_.smart_enable = false;
    }
  }

  bool reload_into(const Release &hop) {
    add(save_config_step());
    snapshot::Snapshot state = snap_;
    state.license_mode = mode_;
    state.license_level = level_;
    auto outcome = rules::predict_reload(state, hop, saved_, matrix_, options_.recorded_paks);
    if (rules::level_rank(outcome.level) < rules::level_rank(level_) && rules::is_boot_level(level_)) {
      refuse({rules::level_would_drop(snap_.host, hop, outcome, level_)});
      return false;
    }
    Expectation expect = after_reload(hop.base(), outcome.mode, outcome.level, saved_.boot_level);
    expect.ports_up = std::move(ports_expected_up_);
    ports_expected_up_.clear();
    add({StepKind::reload,
         "reload into " + hop.normalised() + ", prove it happened, wait, verify",
         {"reload"},
         outcome.why,
         expect});
    release_ = hop;
    mode_ = outcome.mode;
    level_ = outcome.level;
    if (ports_pending_) {
      ports_pending_ = false;
      return restore_ports(hop);
    }
    return true;
  }

  // After `no license smart enable` and its reload the licensed ports stay admin down: the one
  // decision (ports_after_smart_disable) says what licmig does about it; the restore is followed by
  // a second reload that verifies them up.
  bool restore_ports(const Release &hop) {
    auto r = ports_after_smart_disable(snap_, options_.recorded_paks);
    if (!r.note.empty() && std::find(plan_.notes.begin(), plan_.notes.end(), r.note) == plan_.notes.end()) {
      plan_.notes.push_back(r.note);
    }
    if (!r.restore) return true;
    add(std::move(*r.restore));
    ports_expected_up_ = std::move(r.ports);
    return reload_into(hop);
  }

  const snapshot::Snapshot &snap_;
  const rules::Target &target_;
  const PlanOptions &options_;
  const rules::SupportMatrix &matrix_;
  rules::SavedConfig saved_;
  Plan plan_;
  std::optional<Release> current_;
  std::string current_level_;
  Release release_ = Release::of("17.1.1");
  LicenseMode mode_ = LicenseMode::unknown;
  std::string level_;
  bool switch_then_move_needed_checked_ = false;
  bool ports_pending_ = false;                  // `no license smart enable` is saved for the next reload
  std::vector<std::string> ports_expected_up_;  // for the next reload: interfaces that must be up
};

}  // namespace

Step save_config_step() {
  return {StepKind::save_config,
          "save the configuration",
          {"write memory"},
          "a reload acts on the saved configuration",
          {}};
}

// "All ports go to admin down state on executing the no smart license enable command ... Default
// (license free) ports—Reload the router. Licensed ports—Perform no shutdown of router followed by
// reload." (guide: Enable and Register Smart Licensing, step 2, note). The reload of the mode switch
// brings the default ports back; with a port license, licmig sends `no shutdown` to every interface
// that was up in `before` and reloads once more. Without a record of the PAK licenses or of the
// interfaces, the plan says what to do by hand.
PortsAfterSmartDisable ports_after_smart_disable(const snapshot::Snapshot &before,
                                                 const std::vector<snapshot::PakLicense> &recorded_paks) {
  PortsAfterSmartDisable out;
  const auto held = rules::licensed_ports_stay_down(before, recorded_paks);
  if (held && !*held) return out;  // no port license: the reload brought every port back
  auto ports = rules::interfaces_up(before);
  if (!held || ports.empty()) {
    out.note = std::string(
                   "after `no license smart enable` all ports go admin down; the reload brings the default "
                   "(license-free) ports back, licensed ports (e.g. 10GEupgradelicense) need `no shutdown` and "
                   "another reload. licmig has no record of ") +
               (!held ? "this router's PAK licenses" : "this router's interfaces") +
               ": if it holds a port license, on each licensed port `interface X` / `no shutdown`, then `write "
               "memory` and `reload` (guide: Enable and Register Smart Licensing, step 2, note)";
    return out;
  }
  std::vector<std::string> commands = {"configure terminal"};
  for (const auto &p : ports) {
    commands.push_back("interface " + p);
    commands.push_back("no shutdown");
  }
  commands.push_back("end");
  out.restore = Step{
      StepKind::restore_ports,
      "bring the licensed ports back: no shutdown on the " + std::to_string(ports.size()) + " interfaces that were up",
      commands,
      "Enable and Register Smart Licensing, step 2, note: licensed ports—perform no shutdown "
      "followed by reload",
      {}};
  out.ports = std::move(ports);
  return out;
}

const char *to_string(StepKind kind) {
  switch (kind) {
    case StepKind::pre_snapshot: return "pre-snapshot";
    case StepKind::stage_image: return "stage-image";
    case StepKind::verify_image: return "verify-image";
    case StepKind::set_boot_level: return "set-boot-level";
    case StepKind::smart_enable: return "smart-enable";
    case StepKind::smart_disable: return "smart-disable";
    case StepKind::set_boot_image: return "set-boot-image";
    case StepKind::save_config: return "save-config";
    case StepKind::reload: return "reload";
    case StepKind::register_smart: return "register-smart";
    case StepKind::post_snapshot: return "post-snapshot";
    case StepKind::restore_ports: return "restore-ports";
    case StepKind::verify_restored: return "verify-restored";
  }
  return "unknown";
}

const std::vector<StepKind> &all_step_kinds() {
  static const std::vector<StepKind> kinds = {
      StepKind::pre_snapshot,   StepKind::stage_image,    StepKind::verify_image,   StepKind::set_boot_level,
      StepKind::smart_enable,   StepKind::smart_disable,  StepKind::set_boot_image, StepKind::save_config,
      StepKind::reload,         StepKind::register_smart, StepKind::post_snapshot,  StepKind::restore_ports,
      StepKind::verify_restored};
  return kinds;
}

bool Plan::changes_router() const {
  for (const auto &s : steps) {
    if (s.kind != StepKind::pre_snapshot && s.kind != StepKind::post_snapshot && s.kind != StepKind::verify_image &&
        s.kind != StepKind::verify_restored) {
      return true;
    }
  }
  return false;
}

Plan make_plan(const snapshot::Snapshot &snap, const rules::Target &target, const PlanOptions &options,
               const rules::SupportMatrix &matrix) {
  return Planner(snap, target, options, matrix).run();
}

void refuse_plan(Plan &plan, const std::vector<rules::Finding> &findings) {
  for (const auto &f : findings) {
    const bool seen = std::any_of(plan.refused_by.begin(), plan.refused_by.end(), [&](const rules::Finding &o) {
      return o.rule_id == f.rule_id && o.message == f.message;
    });
    if (!seen) plan.refused_by.push_back(f);
  }
  plan.refused = true;
  plan.refusal.clear();
  plan.remedy.clear();
  for (const auto &f : plan.refused_by) {
    if (!plan.refusal.empty()) plan.refusal += "; ";
    plan.refusal += f.rule_id + " " + f.rule_name + ": " + f.message;
    auto add = [&](std::string line) {
      if (!line.empty() && std::find(plan.remedy.begin(), plan.remedy.end(), line) == plan.remedy.end()) {
        plan.remedy.push_back(std::move(line));
      }
    };
    if (const rules::Rule *rule = rules::find_rule(f.rule_id)) add(rule->remedy + " (guide: " + f.guide + ")");
    for (const auto &command : f.remediation) add(command);
  }
  plan.steps.clear();
}

std::vector<std::string> Plan::refusing_rules() const {
  std::vector<std::string> ids;
  for (const auto &f : refused_by) {
    if (std::find(ids.begin(), ids.end(), f.rule_id) == ids.end()) ids.push_back(f.rule_id);
  }
  return ids;
}

std::string render_plan(const Plan &plan) {
  std::ostringstream out;
  out << plan.host << ": ";
  if (plan.refused) {
    out << "REFUSED — " << plan.refusal << "\n";
    for (const auto &r : plan.remedy) out << "    remedy: " << r << "\n";
    return out.str();
  }
  out << plan.from << "  ->  " << plan.to << "\n";
  int n = 0;
  for (const auto &s : plan.steps) {
    out << "  " << ++n << ". [" << to_string(s.kind) << "] " << s.title << "\n";
    for (const auto &c : s.commands) {
      if (s.kind == StepKind::pre_snapshot || s.kind == StepKind::post_snapshot) break;
      out << "       " << c << "\n";
    }
    if (s.expect.release || s.expect.mode || s.expect.level) {
      out << "       verify:";
      if (s.expect.release) out << " release " << *s.expect.release;
      if (s.expect.mode) out << ", mode " << snapshot::to_string(*s.expect.mode);
      if (s.expect.level) out << ", level " << *s.expect.level;
      if (!s.expect.ports_up.empty()) out << ", " << s.expect.ports_up.size() << " ports up";
      out << "\n";
    }
    if (!s.why.empty()) out << "       why: " << s.why << "\n";
  }
  for (const auto &note : plan.notes) out << "  note: " << note << "\n";
  return out.str();
}

}  // namespace licmig::migrate
