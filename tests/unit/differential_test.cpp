// The differential test of issue 13: licmig's planner and reload prediction (migrate/plan.cpp,
// rules/levels.cpp) against the simulator's router model (sim/router_reload.cpp) — two independent
// implementations of docs/behaviour.md. For every case of the space (start release x mode x PAK
// licenses x saved boot level x target release x target mode) a simulated router is built, licmig's
// snapshot of it is taken with licmig's own parsers from the simulator's outputs, the plan is made,
// and every step of the plan is executed on the router model in-process; after every reload the
// router's release, mode and level must be what the plan predicted. The test prints the count of
// cases compared.
#include <gtest/gtest.h>

#include <map>

#include "migrate/plan.hpp"
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
  }
  licmig::snapshot::derive_license_fields(snap);
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

// Runs the plan's steps on the router; returns "" when every reload came up as predicted, else what
// differed.
std::string execute(Bench &b, const Plan &plan) {
  for (const auto &step : plan.steps) {
    switch (step.kind) {
      case StepKind::set_boot_level:
      case StepKind::smart_enable:
      case StepKind::smart_disable:
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
        const std::string got = b.router->release() + " " + b.router->license_mode() + " " + b.router->license_level();
        if (want != got) return "predicted " + want + ", the simulator came up " + got + " (" + step.why + ")";
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
  if (row && row->smart && tmode != TargetMode::no_license) {
    const bool on = tmode == TargetMode::smart;
    send(*s, b, on ? "license smart enable" : "no license smart enable");
    saved.smart_enable = on;
  } else if (row && row->smart && tmode == TargetMode::no_license) {
    send(*s, b, "no license smart enable");
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
  // Without it (the router hides its PAK licenses outside traditional mode), the prediction may only
  // be lower, never higher: licmig never promises a level it cannot see.
  auto blind = licmig::rules::predict_reload(snap, Release::of(to), saved, matrix);
  if (blind.mode != o.mode || licmig::rules::level_rank(blind.level) > licmig::rules::level_rank(o.level)) {
    return std::string("without the record predicted ") + licmig::snapshot::to_string(blind.mode) + " " + blind.level +
           ", the simulator came up " + got;
  }
  return "";
}

TEST(Differential, PlannerPredictionEqualsTheSimulatorsRouterModel) {
  int compared = 0, refused = 0, reloads = 0, compared_with_record = 0;
  std::vector<std::string> disagreements;
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
              Target t;
              t.release_text = to;
              t.release = Release::of(to);
              t.mode = tmode;
              t.image = image_for(to);
              auto plan = make_plan(snap, t);
              const std::string name = from + " " + mode + " paks=" + paks.name +
                                       (boot_level_saved ? " boot-level-saved" : "") + " -> " + to + " " +
                                       licmig::rules::to_string(tmode);
              {
                Bench direct(spec);
                ++reloads;
                auto diff = reload_directly(direct, snap, to, tmode);
                if (!diff.empty()) disagreements.push_back(name + " (one reload, nothing pinned): " + diff);
              }
              if (mode != "traditional" && !paks.paks.empty()) {
                // with licmig's stored record of the router from when it was traditional
                licmig::migrate::PlanOptions with_record;
                for (const auto &p : paks.paks) {
                  licmig::snapshot::PakLicense l;
                  l.feature = p.feature;
                  l.license_type = p.type;
                  l.license_state = p.state;
                  with_record.recorded_paks.push_back(l);
                }
                auto recorded_plan = make_plan(snap, t, with_record);
                if (!recorded_plan.refused) {
                  Bench other(spec);
                  ++compared_with_record;
                  auto diff = execute(other, recorded_plan);
                  if (!diff.empty()) disagreements.push_back(name + " (with licmig's record): " + diff);
                }
              }
              if (plan.refused) {
                ++refused;
                continue;
              }
              ++compared;
              auto diff = execute(b, plan);
              if (!diff.empty()) disagreements.push_back(name + ": " + diff);
            }
          }
        }
      }
    }
  }
  std::cout << "differential: " << reloads << " single reloads and " << compared << " plans executed and compared, "
            << refused << " plans refused, " << compared_with_record
            << " plans made with licmig's record of the PAK licenses executed and compared, " << disagreements.size()
            << " disagreements\n";
  for (std::size_t i = 0; i < disagreements.size() && i < 40; ++i) std::cout << "  " << disagreements[i] << "\n";
  EXPECT_TRUE(disagreements.empty());
}

}  // namespace
