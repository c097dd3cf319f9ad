#include "migrate/rollback_plan.hpp"

#include <algorithm>

#include "base/text.hpp"
#include "migrate/executor.hpp"
#include "rules/checks.hpp"
#include "rules/levels.hpp"
#include "snapshot/parser_registry.hpp"
#include "snapshot/release.hpp"

namespace licmig::migrate {

namespace {

using snapshot::LicenseMode;
using snapshot::Release;
using snapshot::Snapshot;

// The level a snapshot shows (a traditional router without `License Level:`: its permanent PAK level).
std::string level_of(const Snapshot &s) {
  std::string level = s.license_level ? rules::normalise_level(*s.license_level) : "";
  if (level.empty() && s.license_mode == LicenseMode::traditional) level = rules::permanent_pak_level(s);
  return level;
}

std::string joined(const std::vector<std::string> &v) {
  std::string out;
  for (const auto &s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string file_of(const std::string &path) {
  auto f = path;
  if (auto colon = f.find(':'); colon != std::string::npos) f = f.substr(colon + 1);
  while (!f.empty() && f.front() == '/') f.erase(f.begin());
  return base::basename_of(f);
}

std::string describe(const std::optional<Release> &r, LicenseMode mode, const std::string &level) {
  return (r ? r->normalised() : std::string("?")) + " " + snapshot::to_string(mode) + " " +
         (level.empty() ? "level?" : level);
}

// The `boot system` lines the way back saves: the pre-change ones; none saved: the image the router
// ran then (a router without `boot system` boots the first image on bootflash, which need not be it).
std::vector<std::string> boot_lines_of(const Snapshot &pre) {
  if (!pre.running_config.boot_system.empty()) return pre.running_config.boot_system;
  if (pre.version.image_file && !pre.version.image_file->empty()) return {"bootflash:" + *pre.version.image_file};
  return {};
}

class RollbackPlanner {
 public:
  RollbackPlanner(const Snapshot &pre, const Snapshot &now, const RollbackOptions &options,
                  const rules::SupportMatrix &matrix)
      : pre_(pre), now_(now), options_(options), matrix_(matrix) {
    plan_.host = now.host.empty() ? pre.host : now.host;
  }

  Plan run() {
    pre_release_ = rules::release_of(pre_);
    now_release_ = rules::release_of(now_);
    pre_level_ = level_of(pre_);
    plan_.from = describe(now_release_, now_.license_mode, level_of(now_));
    plan_.to = describe(pre_release_, pre_.license_mode, pre_level_);
    if (!same_router() || !readable()) return plan_;
    plan_.notes.push_back("rollback of run " + options_.run_id + " to the pre-change snapshot taken " + pre_.taken_at);

    const auto saved_now = rules::saved_config_of(now_);
    const auto saved_pre = rules::saved_config_of(pre_);
    auto saved = saved_now;
    const auto boot_lines = boot_lines_of(pre_);
    const std::string pre_image = pre_.version.image_file.value_or("");
    const bool release_differs =
        *pre_release_ != *now_release_ || (!pre_image.empty() && now_.version.image_file.value_or("") != pre_image);
    const bool mode_differs = pre_.license_mode != now_.license_mode;
    const bool level_differs = !pre_level_.empty() && pre_level_ != level_of(now_);
    const bool boot_differs = boot_lines != now_.running_config.boot_system;
    const bool boot_level_differs = saved_pre.boot_level != saved_now.boot_level;
    bool reload = release_differs || mode_differs || level_differs;

    if (!reload && !boot_differs && !boot_level_differs) {
      plan_.notes.push_back("already in its pre-change state: nothing to roll back");
      return plan_;
    }
    add({StepKind::pre_snapshot,
         "take the pre-rollback snapshot and save it",
         snapshot::snapshot_commands(),
         "a router is never changed without its record on disk",
         {}});
    if (boot_differs && !image_step(boot_lines)) return plan_;
    if (boot_level_differs) {
      Expectation e;
      e.boot_level = saved_pre.boot_level;
      if (saved_pre.boot_level) {
        add({StepKind::set_boot_level,
             "restore the saved license level: license boot level " + *saved_pre.boot_level,
             {"configure terminal", "license boot level " + *saved_pre.boot_level, "end"},
             "the pre-change saved `license boot level`",
             e});
      } else {
        add({StepKind::set_boot_level,
             "remove the saved license level (none was saved before the change)",
             {"configure terminal", "no license boot level", "end"},
             "the pre-change configuration had no `license boot level`",
             e});
      }
      saved.boot_level = saved_pre.boot_level;
    }
    if (!mode_step(saved)) return plan_;
    // `no license smart enable` puts every port admin down at once: only a reload brings them back
    if (ports_pending_) reload = true;
    if (boot_differs) {
      std::vector<std::string> commands = {"configure terminal", "no boot system"};
      for (const auto &b : boot_lines) commands.push_back("boot system " + b);
      commands.emplace_back("end");
      add({StepKind::set_boot_image,
           "boot " + (pre_image.empty() ? std::string("the pre-change images") : pre_image) + " again",
           commands,
           pre_.running_config.boot_system.empty()
               ? "the pre-change configuration had no `boot system`: the image it ran is named"
               : "the pre-change `boot system` lines",
           {}});
    }
    add(save_config_step());
    Expectation restored;
    restored.release = pre_release_->base();
    restored.mode = pre_.license_mode;
    if (!pre_level_.empty()) restored.level = pre_level_;
    restored.boot_level = saved_pre.boot_level;
    if (!pre_image.empty()) restored.image_file = pre_image;
    restored.boot_system = boot_lines;
    if (reload) {
      snapshot::Snapshot state = now_;
      const auto outcome = rules::predict_reload(state, *pre_release_, saved, matrix_, pre_.pak_licenses);
      if (outcome.mode != pre_.license_mode || (!pre_level_.empty() && outcome.level != pre_level_)) {
        refuse({rules::make_finding("LM102", plan_.host,
                                    "a reload into " + pre_release_->normalised() + " would bring the router up in " +
                                        snapshot::to_string(outcome.mode) + " mode at " + outcome.level + " (" +
                                        outcome.why + "), not as before run " + options_.run_id + ": " +
                                        snapshot::to_string(pre_.license_mode) + " " +
                                        (pre_level_.empty() ? "level?" : pre_level_),
                                    {"# restore the licenses the pre-change level needs, then roll back"})});
        return plan_;
      }
      Expectation e;
      e.release = pre_release_->base();
      e.mode = outcome.mode;
      if (!pre_level_.empty()) e.level = outcome.level;
      e.boot_level = saved.boot_level;
      add({StepKind::reload,
           "reload into " + pre_release_->normalised() + ", prove it happened, wait, verify",
           {"reload"},
           outcome.why,
           e});
      if (ports_pending_) restore_ports(e);
    }
    add({StepKind::verify_restored,
         "read the router again and compare it with its pre-change snapshot",
         {"show version", "show running-config"},
         "a rollback ends where the run began: release, image, mode, level, saved boot level, boot system",
         restored});
    add({StepKind::post_snapshot,
         "take the post-rollback snapshot and store the diff",
         snapshot::snapshot_commands(),
         "the record of what changed",
         {}});
    if (pre_.smart.registration_status.value_or("") == "REGISTERED" &&
        now_.smart.registration_status.value_or("") != "REGISTERED") {
      plan_.notes.push_back(
          "the router was registered before the change; a rollback does not register it again (licmig migrate "
          "--token-file does)");
    }
    return plan_;
  }

 private:
  void add(Step step) { plan_.steps.push_back(std::move(step)); }
  void refuse(const std::vector<rules::Finding> &f) { refuse_plan(plan_, f); }

  // LM103: the router answering is the one the run changed (as a resume proves it).
  bool same_router() {
    bool compared = false;
    const auto id = snapshot::identity_of(now_);
    std::string differs = identity_differences(options_.journaled, id, compared);
    bool compared_pre = false;
    const std::string differs_pre = identity_differences(snapshot::identity_of(pre_), id, compared_pre);
    if (differs.empty()) differs = differs_pre;
    if (!differs.empty()) {
      refuse({rules::make_finding("LM103", plan_.host,
                                  "the router is not the one run " + options_.run_id + " changed: " + differs,
                                  {"# correct the inventory's address for " + plan_.host})});
      return false;
    }
    if (!compared && !compared_pre) {
      refuse({rules::make_finding(
          "LM103", plan_.host,
          "cannot prove it is the router run " + options_.run_id + " changed (no chassis serial or UDI to compare)")});
      return false;
    }
    return true;
  }

  bool readable() {
    if (!pre_release_) {
      refuse({rules::make_finding("LM104", plan_.host, "its pre-change snapshot shows no release licmig can read")});
      return false;
    }
    if (!now_release_) {
      refuse({rules::make_finding("LM002", plan_.host, "the router's current release could not be read")});
      return false;
    }
    return true;
  }

  // The images of the way back are on bootflash (LM100 names a missing one), and checked again just
  // before the change (verify-image, with the md5 the pre-change snapshot recorded when it has one).
  bool image_step(const std::vector<std::string> &boot_lines) {
    if (boot_lines.empty()) return true;  // `no boot system` alone
    const std::string image = file_of(boot_lines.front());
    if (now_.bootflash) {
      const auto &files = now_.bootflash->files;
      const bool present = std::any_of(
          files.begin(), files.end(), [&](const snapshot::FlashFile &f) { return base::basename_of(f.name) == image; });
      if (!present) {
        refuse({rules::make_finding("LM100", plan_.host,
                                    image + ", the image it ran before run " + options_.run_id + " (" +
                                        (pre_release_ ? pre_release_->normalised() : std::string("?")) +
                                        "), is no longer on bootflash",
                                    {"licmig stage -i INVENTORY -l " + plan_.host + " --image " + image})});
        return false;
      }
    }
    Expectation e;
    e.image_file = image;
    std::vector<std::string> commands = {"dir bootflash:"};
    for (const auto &c : pre_.image_checks) {
      if (file_of(c.file) == image && !c.md5.empty()) {
        e.image_md5 = c.md5;
        commands.push_back("verify /md5 bootflash:" + image);
        break;
      }
    }
    add({StepKind::verify_image,
         "check " + image + " is on bootflash" + (e.image_md5 ? " with md5 " + *e.image_md5 : ""), commands,
         "rule LM100: the way back boots the pre-change image", e});
    return true;
  }

  // After the reload of `no license smart enable`, the licensed ports the pre-change router had up
  // (ports_after_smart_disable, the migration planner's decision): `no shutdown`, save, reload again,
  // verified with the ports up. Without a record of the PAK licenses or interfaces: the manual note.
  void restore_ports(const Expectation &after_reload) {
    auto r = ports_after_smart_disable(pre_, options_.recorded_paks);
    if (!r.note.empty()) plan_.notes.push_back(r.note);
    if (!r.restore) return;
    const std::string why = r.restore->why;  // the guide's note asks for the reload too
    add(std::move(*r.restore));
    add(save_config_step());
    Expectation e = after_reload;
    e.ports_up = std::move(r.ports);
    add({StepKind::reload,
         "reload into " + pre_release_->normalised() +
             " again so that the licensed ports come up, prove it "
             "happened, wait, verify",
         {"reload"},
         why,
         e});
  }

  bool smart_cmd_available(const Release &r) const {
    auto row = matrix_.lookup(r);
    return row && row->smart;
  }

  // The license mode of the way back: the command it needs, if any (see the header).
  bool mode_step(rules::SavedConfig &saved) {
    const auto want = pre_.license_mode;
    const bool smart_effective =
        (now_.license_mode == LicenseMode::smart && saved.smart_enable.value_or(true)) || saved.smart_enable == true;
    if (want == LicenseMode::smart && !smart_effective) {
      if (!smart_cmd_available(*now_release_)) {
        refuse({rules::make_finding("LM101", plan_.host,
                                    "the router runs " + now_release_->normalised() +
                                        ", which has no `license smart enable`, and was in Smart Licensing before")});
        return false;
      }
      add({StepKind::smart_enable,
           "return to Smart Licensing at the next reload",
           {"configure terminal", "license smart enable", "end"},
           "Switching License Modes",
           {}});
      saved.smart_enable = true;
      return true;
    }
    if (want != LicenseMode::smart && smart_effective) {
      if (want == LicenseMode::traditional && !smart_cmd_available(*pre_release_)) {
        refuse({rules::make_finding(
            "LM101", plan_.host,
            "the router is in Smart Licensing and was traditional on " + pre_release_->normalised() +
                ", a release without Smart Licensing: the guide documents no way from Smart Licensing to it",
            {"# return by hand with the vendor's support"})});
        return false;
      }
      rules::CheckContext ctx;
      ctx.inventory_mgmt_interface = options_.inventory_mgmt_interface;
      if (auto f = rules::smart_disable_session_finding(now_, ctx)) {  // LM030, as for a migration
        refuse({*f});
        return false;
      }
      add({StepKind::smart_disable,
           std::string("leave Smart Licensing at the next reload (") +
               (want == LicenseMode::traditional ? "traditional on " : "No-License on ") + pre_release_->normalised() +
               ")",
           {"configure terminal", "no license smart enable", "end"},
           want == LicenseMode::traditional
               ? "license smart enable, no form: revert to the traditional mode of licensing"
               : "Switching License Modes (all ports go admin down until the reload)",
           {}});
      saved.smart_enable = false;
      ports_pending_ = true;  // the command puts every port admin down; the reload brings back the default ones
    }
    return true;
  }

  const Snapshot &pre_;
  const Snapshot &now_;
  const RollbackOptions &options_;
  const rules::SupportMatrix &matrix_;
  Plan plan_;
  std::optional<Release> pre_release_;
  std::optional<Release> now_release_;
  std::string pre_level_;
  bool ports_pending_ = false;  // `no license smart enable` is planned for the reload
};

}  // namespace

Plan make_rollback_plan(const Snapshot &pre, const Snapshot &now, const RollbackOptions &options,
                        const rules::SupportMatrix &matrix) {
  return RollbackPlanner(pre, now, options, matrix).run();
}

Plan rollback_without_record(const std::string &host, const std::string &run_id, const std::string &why) {
  Plan plan;
  plan.host = host;
  refuse_plan(plan, {rules::make_finding("LM104", host, "run " + run_id + ": " + why)});
  return plan;
}

std::string identity_differences(const snapshot::Identity &was, const snapshot::Identity &is, bool &compared) {
  std::string differs;
  auto compare = [&](const std::string &what, const std::string &a, const std::string &b) {
    if (a.empty() || b.empty()) return;
    if (what != "hostname") compared = true;
    if (a != b) differs += (differs.empty() ? "" : "; ") + what + " was " + a + ", now " + b;
  };
  compare("hostname", was.hostname, is.hostname);
  compare("serial", was.serial, is.serial);
  compare("udi", was.udi, is.udi);
  return differs;
}

std::string restored_mismatch(const Expectation &expect, const Snapshot &now) {
  std::string problems;
  auto add = [&](const std::string &what, const std::string &is, const std::string &was) {
    problems += (problems.empty() ? "" : ", ") + what + " " + (is.empty() ? "(none)" : is) +
                " (before: " + (was.empty() ? "(none)" : was) + ")";
  };
  const auto release = rules::release_of(now);
  if (expect.release && (!release || !release_matches(release->text(), *expect.release))) {
    add("release", release ? release->normalised() : "?", *expect.release);
  }
  if (expect.image_file && now.version.image_file.value_or("") != *expect.image_file) {
    add("image", now.version.image_file.value_or(""), *expect.image_file);
  }
  if (expect.mode && now.license_mode != *expect.mode) {
    add("mode", snapshot::to_string(now.license_mode), snapshot::to_string(*expect.mode));
  }
  if (expect.level && level_of(now) != *expect.level) add("level", level_of(now), *expect.level);
  const auto saved = rules::saved_config_of(now);
  if (saved.boot_level != expect.boot_level) {
    add("saved boot level", saved.boot_level.value_or(""), expect.boot_level.value_or(""));
  }
  if (expect.boot_system && now.running_config.boot_system != *expect.boot_system) {
    add("boot system", joined(now.running_config.boot_system), joined(*expect.boot_system));
  }
  return problems;
}

}  // namespace licmig::migrate
