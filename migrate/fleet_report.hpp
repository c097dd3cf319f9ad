// The fleet report's data (`licmig report`): what the store says about the fleet, gathered once and
// rendered by report_html.hpp. From the store: each router's newest snapshot (release, license mode,
// level, platform). From a fleet plan made from those snapshots (the same acquire_and_plan path as
// `check --from-store`, so the report's findings are `check`'s): each router's compliance findings
// with rule and remedy, its plan's verdict, its HA pair. From the newest migration journal: the run's
// target, its waves (WaveRecord), each router's start and end, outcome, before/after and reloads,
// and the changes between its pre- and post-change snapshots (snapshot/diff.hpp).
//
// Nothing here connects to a router or writes to the store.
//
// Thread-safety: pure functions of the files they read.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "migrate/fleet_plan.hpp"
#include "rules/findings.hpp"
#include "snapshot/diff.hpp"

namespace licmig::migrate {

struct ReportRouter {
  std::string host;
  bool recorded = false;  // the store has a snapshot of it
  std::string taken_at;
  std::string release;  // "?" when the snapshot does not say
  std::string mode;
  std::string level;
  std::string platform;
  std::string snapshot_path;
  std::string ha_group;  // from the inventory: the pair it belongs to ("" = none)
  std::string ha_role;
  bool checked = false;  // the rules ran against a target
  std::vector<rules::Finding> findings;
  std::string verdict;  // the plan's: "no change", "N steps, R reloads", "refused: ...", "unreadable: ..."
};

struct ReportWave {
  int wave = 0;
  bool canary = false;
  std::string started;  // UTC
  std::vector<std::string> hosts;
};

struct ReportMigration {
  std::string host;
  int wave = 0;  // 0: in no recorded wave
  std::string started;
  std::string finished;  // "" while unfinished
  std::string outcome;   // migrated, unchanged, refused, failed, unreachable, skipped; "in progress"
  std::string message;
  std::string from;
  std::string to;
  int reloads = 0;
  std::string pre_snapshot;
  std::string post_snapshot;
  std::vector<snapshot::Change> changes;  // pre -> post
  std::string diff_note;                  // why there are no changes to show ("" when shown)
};

struct FleetReport {
  std::string store;
  std::string generated_at;
  std::string target;         // "17.9.4 smart" when findings were checked
  std::string findings_note;  // why findings are missing, when they are
  std::vector<ReportRouter> routers;
  std::string run_id;  // the migration shown ("" = none in the store)
  std::string run_started;
  std::string run_target;
  bool run_interrupted = false;
  std::vector<ReportWave> waves;
  std::vector<ReportMigration> migrations;
  std::vector<std::string> problems;  // files that could not be read, each naming file and cause
};

// The newest migration journal's run id in `store` ("" when none).
std::string latest_run_id(const std::string &store);

// Gathers the report. `plan` (optional) is the fleet plan of the selected routers made from the
// store; without it the routers are the store's and no findings are shown (findings_note says why).
// `run_id` names the migration to show ("" = none).
FleetReport gather_report(const std::string &store, const FleetPlan *plan, const std::string &target,
                          const std::string &run_id);

// The report as one self-contained HTML file: inline CSS and SVG, no script, no external resource.
std::string render_report_html(const FleetReport &report);

}  // namespace licmig::migrate
