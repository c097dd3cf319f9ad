// The differential test of issue 13: licmig's planner and reload prediction (migrate/plan.cpp,
// rules/levels.cpp) against the simulator's router model (sim/router_reload.cpp, sim/cli_config.cpp)
// — two independent implementations of docs/behaviour.md. For every case of the space (start release
// x mode x PAK licenses (a port license among them) x saved boot level x single router or HA pair x
// target release x target mode, and hops through an intermediate release with --via) a simulated
// router is built, licmig's snapshot of it is taken with licmig's own parsers from the simulator's
// outputs, the plan is made, and every step of the plan is executed on the router model in-process;
// after every reload the router's (and an HA standby's) release, mode and level must be what the plan
// predicted, and at the end no port may be left administratively down that the plan brought back or
// never touched (guide: "Licensed ports—Perform no shutdown of router followed by reload"). The test
// prints the count of cases compared.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>

#include "migrate/plan.hpp"
#include "rules/checks.hpp"
#include "rules/levels.hpp"
#include "snapshot/parser_registry.hpp"
#include "unit/sim_test_support.hpp"

namespace {

using namespace simtest;
using licmig::migrate::make_plan;
using licmig::migrate::Plan;
using licmig::migrate::StepKind;
using licmig::rules::Target;
using licmig::rules::TargetMode;
using licmig::snapshot::Release;
using licmig::snapshot::Snapshot;

Snapshot snapshot_of(Bench &b, const std::string &host) {
  Snapshot snap;
  snap.host = host;
  for (const auto &cmd : licmig::snapshot::snapshot_commands()) {
    auto entry = licmig::snapshot::find_parser(cmd);
    if (!entry.is_ok()) continue;
    auto text = b.exec(cmd);
    (void)(*entry)->into_snapshot(text, snap);
    if (cmd == "show running-config")
      snap.raw.push_back({cmd, text});  // the interfaces (collect.cpp keeps every output)
  }
  licmig::snapshot::derive_license_fields(snap);
  // the bench talks to the router model directly: as a session on its management port would (LM030)
  snap.session = licmig::snapshot::SessionPath{"192.0.2.1", "GigabitEthernet0", true,
                                               "the bench reaches the router model directly"};
  return snap;
}

struct PakSet {
  const char *name;
  std::vector<licmig::sim::PakSpec> paks;
};

std::vector<PakSet> pak_sets() {
  return {
      {"none", {}},
      {"metroaccess", {pak("metroaccess")}},
      {"metroipaccess", {pak("metroipaccess")}},
      {"advancedmetroipaccess", {pak("advancedmetroipaccess")}},
      {"port+advanced", {pak("10GEupgradelicense"), pak("advancedmetroipaccess")}},
      {"eval-metroaggrservices", {pak("metroaggrservices", "EvalRightToUse")}},
  };
}

// An HA pair: the bench's router is the active, `standby` its peer (the same licenses).
struct Pair {
  Bench b;
  std::unique_ptr<licmig::sim::Router> standby;
  explicit Pair(licmig::sim::RouterSpec spec) : b(with_role(spec, "active")) {
    standby = std::make_unique<licmig::sim::Router>(with_role(spec, "standby"), b.now);
    standby->set_wall_clock(1710234000, b.now);
    b.router->set_peer(standby.get());
    standby->set_peer(b.router.get());
  }
  static licmig::sim::RouterSpec with_role(licmig::sim::RouterSpec spec, const std::string &role) {
    spec.ha = licmig::sim::HaSpec{"ha1", role};
    if (role == "standby") {
      spec.name = "pe2";
      spec.hostname = "PE2";
    }
    return spec;
  }
};

std::string state_of(const licmig::sim::Router &r) {
  return r.release() + " " + r.license_mode() + " " + r.license_level();
}

std::string join(const std::vector<std::string> &v) {
  std::string out;
  for (const auto &x : v) out += (out.empty() ? "" : ",") + x;
  return out.empty() ? "none" : out;
}

// Runs the plan's steps on the router; returns "" when every reload came up as predicted (the HA
// standby, when given, with its active: "the standby must be back on the same release, mode and
// level"), and the ports the last reload expects up are up, else what differed.
std::string execute(Bench &b, const Plan &plan, const licmig::sim::Router *standby = nullptr) {
  for (const auto &step : plan.steps) {
    switch (step.kind) {
      case StepKind::set_boot_level:
      case StepKind::smart_enable:
      case StepKind::smart_disable:
      case StepKind::restore_ports:
      case StepKind::set_boot_image: {
        auto s = b.router->open_shell(b.now);
        s->start();
        for (const auto &c : step.commands) send(*s, b, c);
        break;
      }
      case StepKind::save_config: b.exec("write memory"); break;
      case StepKind::reload: {
        auto s = b.router->open_shell(b.now);
        s->start();
        send(*s, b, "reload");
        s->input("\r", b.now);
        if (!b.wait_up()) return "the router did not come back";
        const std::string want = step.expect.release.value_or("?") + " " +
                                 licmig::snapshot::to_string(*step.expect.mode) + " " + step.expect.level.value_or("?");
        const std::string got = state_of(*b.router);
        if (want != got) return "predicted " + want + ", the simulator came up " + got + " (" + step.why + ")";
        if (standby && state_of(*standby) != want) {
          return "predicted " + want + " for the pair, the standby came up " + state_of(*standby) + " (" + step.why +
                 ")";
        }
        const auto down = b.router->admin_down_ports();
        for (const auto &p : step.expect.ports_up) {
          if (std::find(down.begin(), down.end(), p) != down.end()) {
            return "predicted " + p + " up after the reload, the simulator shows it administratively down";
          }
        }
        break;
      }
      default: break;
    }
  }
  return "";
}

// The prediction itself, without the planner's protection (no boot level pinned): one reload into the
// target with `license smart enable` / `no license smart enable` saved per the target mode (where the
// running release has the command) must come up as rules::predict_reload says — the falls included.
std::string reload_directly(Bench &b, const Snapshot &snap, const std::string &to, TargetMode tmode) {
  auto saved = licmig::rules::saved_config_of(snap);
  const auto &matrix = licmig::rules::SupportMatrix::builtin();
  auto row = matrix.lookup(Release::of(b.router->release()));
  auto s = b.router->open_shell(b.now);
  s->start();
  send(*s, b, "configure terminal");
  // "All ports go to admin down state on executing the no smart license enable command" (unless it is
  // configured already); the reload brings back all but the licensed ports
  bool ports_go_down = false;
  if (row && row->smart && tmode != TargetMode::no_license) {
    const bool on = tmode == TargetMode::smart;
    send(*s, b, on ? "license smart enable" : "no license smart enable");
    ports_go_down = !on && saved.smart_enable.value_or(true);
    saved.smart_enable = on;
  } else if (row && row->smart && tmode == TargetMode::no_license) {
    send(*s, b, "no license smart enable");
    ports_go_down = saved.smart_enable.value_or(true);
    saved.smart_enable = false;
  }
  send(*s, b, "no boot system");
  send(*s, b, "boot system bootflash:" + image_for(to));
  send(*s, b, "end");
  send(*s, b, "write memory");
  send(*s, b, "reload");
  s->input("\r", b.now);
  if (!b.wait_up()) return "the router did not come back";
  const std::string got = b.router->release() + " " + b.router->license_mode() + " " + b.router->license_level();
  // With licmig's stored record of the router from when it was traditional (its PAK licenses), the
  // prediction must be exact.
  std::vector<licmig::snapshot::PakLicense> recorded;
  for (const auto &p : b.router->spec().pak_licenses) {
    licmig::snapshot::PakLicense l;
    l.feature = p.feature;
    l.license_type = p.type;
    l.license_state = p.state;
    recorded.push_back(l);
  }
  auto o = licmig::rules::predict_reload(snap, Release::of(to), saved, matrix, recorded);
  const std::string want = to + " " + licmig::snapshot::to_string(o.mode) + " " + o.level;
  if (want != got) return "predicted " + want + ", the simulator came up " + got + " (" + o.why + ")";
  // the licensed ports (rules::licensed_ports_stay_down, with the record: always known)
  const auto held = licmig::rules::licensed_ports_stay_down(snap, recorded);
  if (!held && !recorded.empty()) return "with the record licmig does not know whether a port license is held";
  const bool want_down = ports_go_down && held.value_or(false);
  const auto down = b.router->admin_down_ports();
  if (want_down != !down.empty()) {
    return std::string("predicted ") + (want_down ? "licensed ports left down" : "every port up") +
           ", the simulator shows administratively down: " + join(down);
  }
  // Without it (the router hides its PAK licenses outside traditional mode), the prediction may only
  // be lower, never higher: licmig never promises a level it cannot see.
  auto blind = licmig::rules::predict_reload(snap, Release::of(to), saved, matrix);
  if (blind.mode != o.mode || licmig::rules::level_rank(blind.level) > licmig::rules::level_rank(o.level)) {
    return std::string("without the record predicted ") + licmig::snapshot::to_string(blind.mode) + " " + blind.level +
           ", the simulator came up " + got;
  }
  return "";
}

// What licmig's plan says of the ports at its end: nullopt when it cannot say (no record of the PAK
// licenses: the plan notes the manual `no shutdown` and reload), else whether some are left down
// (never: a plan that leaves Smart Licensing with a port license brings the licensed ports back).
std::optional<bool> ports_left_down_by(const Plan &plan) {
  for (const auto &n : plan.notes) {
    if (n.find("licensed ports") != std::string::npos && n.find("no record") != std::string::npos) return std::nullopt;
  }
  return false;
}

std::vector<licmig::snapshot::PakLicense> record_of(const std::vector<licmig::sim::PakSpec> &paks) {
  std::vector<licmig::snapshot::PakLicense> out;
  for (const auto &p : paks) {
    licmig::snapshot::PakLicense l;
    l.feature = p.feature;
    l.license_type = p.type;
    l.license_state = p.state;
    out.push_back(l);
  }
  return out;
}

struct Tally {
  int compared = 0, refused = 0, reloads = 0, compared_with_record = 0, pairs = 0, via = 0, ports_restored = 0,
      ports_unpredicted = 0;
  std::vector<std::string> disagreements;
};

// Executes `plan` on `b` (and the pair's standby) and compares; the ports too.
void run_plan(Tally &t, Bench &b, const Plan &plan, const std::string &name,
              const licmig::sim::Router *standby = nullptr) {
  auto diff = execute(b, plan, standby);
  if (diff.empty()) {
    const auto claim = ports_left_down_by(plan);
    const auto down = b.router->admin_down_ports();
    if (!claim) {
      ++t.ports_unpredicted;
    } else if (*claim != !down.empty()) {
      diff = "the plan leaves every port up, the simulator shows administratively down: " + join(down);
    }
    for (const auto &s : plan.steps) t.ports_restored += s.kind == StepKind::restore_ports ? 1 : 0;
  }
  if (!diff.empty()) t.disagreements.push_back(name + ": " + diff);
}

TEST(Differential, PlannerPredictionEqualsTheSimulatorsRouterModel) {
  Tally t;
  for (const auto &from : all_releases()) {
    const auto rel = Release::of(from);
    std::vector<std::string> modes = {"traditional"};
    if (rel >= Release::of("17.3.1")) modes.push_back("smart");
    if (rel >= Release::of("17.7.1")) modes = {"smart", "no-license"};
    for (const auto &mode : modes) {
      for (const auto &paks : pak_sets()) {
        for (bool boot_level_saved : {false, true}) {
          for (const auto &to : all_releases()) {
            for (auto tmode : {TargetMode::smart, TargetMode::no_license, TargetMode::traditional}) {
              auto spec = asr920(from, mode);
              spec.pak_licenses = paks.paks;
              if (boot_level_saved) {
                // the level the PAK set gives (its last entry is the boot level in every set above)
                spec.boot_level = paks.paks.empty() ? "metroaccess" : paks.paks.back().feature;
              }
              Bench b(spec);
              auto snap = snapshot_of(b, "pe1");
              Target target;
              target.release_text = to;
              target.release = Release::of(to);
              target.mode = tmode;
              target.image = image_for(to);
              auto plan = make_plan(snap, target);
              const std::string name = from + " " + mode + " paks=" + paks.name +
                                       (boot_level_saved ? " boot-level-saved" : "") + " -> " + to + " " +
                                       licmig::rules::to_string(tmode);
              {
                Bench direct(spec);
                ++t.reloads;
                auto diff = reload_directly(direct, snap, to, tmode);
                if (!diff.empty()) t.disagreements.push_back(name + " (one reload, nothing pinned): " + diff);
              }
              if (mode != "traditional" && !paks.paks.empty()) {
                // with licmig's stored record of the router from when it was traditional
                licmig::migrate::PlanOptions with_record;
                with_record.recorded_paks = record_of(paks.paks);
                auto recorded_plan = make_plan(snap, target, with_record);
                if (!recorded_plan.refused) {
                  Bench other(spec);
                  ++t.compared_with_record;
                  run_plan(t, other, recorded_plan, name + " (with licmig's record)");
                }
              }
              // --via: through 17.6.1 (the last PAK release) or 17.9.4 (where the router records its PAK
              // snapshot, guide: "choose a release where the router can take a snapshot"), two reloads
              for (const char *via : {"17.6.1", "17.9.4"}) {
                if (!(rel < Release::of(via) && Release::of(via) < Release::of(to))) continue;
                licmig::migrate::PlanOptions hop;
                hop.via = {Release::of(via)};
                hop.via_images = {image_for(via)};
                auto via_plan = make_plan(snap, target, hop);
                if (via_plan.refused) continue;
                Bench other(spec);
                ++t.via;
                run_plan(t, other, via_plan, name + " --via " + via);
              }
              if (plan.refused) {
                ++t.refused;
                continue;
              }
              ++t.compared;
              run_plan(t, b, plan, name);
              // the same router as the active of an HA pair with the same licenses: the plan saves after
              // a registration; the standby reloads with its active and must come up as it does
              licmig::migrate::PlanOptions ha;
              ha.ha_member = true;
              Pair pair(spec);
              auto pair_snap = snapshot_of(pair.b, "pe1");
              auto pair_plan = make_plan(pair_snap, target, ha);
              if (pair_plan.refused) {
                t.disagreements.push_back(name + " (HA pair): refused as a pair, planned alone: " + pair_plan.refusal);
                continue;
              }
              ++t.pairs;
              run_plan(t, pair.b, pair_plan, name + " (HA pair)", pair.standby.get());
            }
          }
        }
      }
    }
  }
  std::cout << "differential: " << t.reloads << " single reloads and " << t.compared << " plans executed and compared, "
            << t.refused << " plans refused, " << t.compared_with_record
            << " plans made with licmig's record of the PAK licenses, " << t.pairs << " HA pairs and " << t.via
            << " --via plans executed and compared; " << t.ports_restored << " restore-ports steps, "
            << t.ports_unpredicted << " plans whose ports licmig cannot predict (no record: a note); "
            << t.disagreements.size() << " disagreements\n";
  for (std::size_t i = 0; i < t.disagreements.size() && i < 40; ++i) std::cout << "  " << t.disagreements[i] << "\n";
  EXPECT_TRUE(t.disagreements.empty());
  EXPECT_GT(t.ports_restored, 0);  // the space holds routers with a port license leaving Smart Licensing
  EXPECT_GT(t.pairs, 0);
  EXPECT_GT(t.via, 0);
}

// One HA policy for every target (rules::check_ha_pair, applied by plan_fleet for `check`, `plan` and
// `migrate`): a pair whose PAK licenses differ is refused. The simulator shows why for 17.7.1 and later
// — "you might face issues with the standby router reloading continuously. This issue occurs when the
// PAK licenses stored in the active and standby routers are different" (guide: Recording Snapshot of
// Licenses) — and for targets before 17.7.1, where the guide is silent, licmig refuses all the same
// (our conservative reading, docs/behaviour.md).
TEST(Differential, AnHaPairWithDifferentPakLicensesIsRefusedForEveryTarget) {
  int looped = 0, before_177 = 0;
  for (const auto &to : all_releases()) {
    auto spec = asr920("16.9.4");
    spec.pak_licenses = {pak("advancedmetroipaccess")};
    spec.boot_level = "advancedmetroipaccess";
    Pair pair(spec);
    auto standby_spec = Pair::with_role(asr920("16.9.4"), "standby");
    standby_spec.pak_licenses = {pak("metroipaccess")};
    Bench standby(standby_spec);
    auto active_snap = snapshot_of(pair.b, "pe1");
    auto standby_snap = snapshot_of(standby, "pe2");
    auto findings = licmig::rules::check_ha_pair(active_snap, standby_snap);
    EXPECT_TRUE(std::any_of(findings.begin(), findings.end(), [](const auto &f) {
      return f.rule_id == "LM040" && f.severity == licmig::rules::Severity::error;
    })) << to;
    // what the pair does when it is moved anyway
    licmig::sim::Router mismatched(standby_spec, pair.b.now);
    pair.b.router->set_peer(&mismatched);
    mismatched.set_peer(pair.b.router.get());
    reload_into(pair.b, to);
    const bool loops = mismatched.in_standby_reload_loop();
    EXPECT_EQ(loops, Release::of(to) >= Release::of("17.7.1")) << to;
    looped += loops ? 1 : 0;
    before_177 += Release::of(to) < Release::of("17.7.1") ? 1 : 0;
  }
  std::cout << "HA pairs with different PAK licenses: " << looped << " targets where the standby reloads "
            << "continuously, " << before_177 << " targets before 17.7.1 refused by our conservative reading\n";
}

}  // namespace
