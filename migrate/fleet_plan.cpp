#include "migrate/fleet_plan.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "migrate/connect.hpp"
#include "migrate/exit_code.hpp"
#include "migrate/stage_fleet.hpp"
#include "rules/checks.hpp"
#include "snapshot/secrets.hpp"
#include "snapshot/store.hpp"

namespace licmig::migrate {

namespace {

std::vector<rules::Finding> errors_of(const std::vector<rules::Finding> &findings,
                                      const std::vector<std::string> &only = {}) {
  std::vector<rules::Finding> out;
  for (const auto &f : findings) {
    if (f.severity != rules::Severity::error) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), f.rule_id) == only.end()) continue;
    out.push_back(f);
  }
  return out;
}

// The remedy of LM084 for `why`.
std::string stage_remedy(const std::string &host, const TargetOptions &target, StageRefusal why) {
  std::string cmd = "licmig stage -i INVENTORY -l " + host + " --image " + target.image;
  if (!target.image_url.empty()) cmd += " --image-url " + snapshot::hide_url_password(target.image_url);
  if (why == StageRefusal::no_space) cmd += " --cleanup";
  if (why == StageRefusal::no_scp_server) cmd += " --enable-scp-server";
  return cmd;
}

// Where the missing image of one host comes from (stage_image_of, computed once per md5: the md5 of
// a local image is read once per plan).
class StageSources {
 public:
  explicit StageSources(const TargetOptions &t) : t_(t) {}
  const Result<StageImage> &get(const std::string &md5) {
    auto it = cache_.find(md5);
    if (it == cache_.end()) it = cache_.emplace(md5, stage_image_of(t_.image, t_.image_url, md5)).first;
    return it->second;
  }

 private:
  const TargetOptions &t_;
  std::map<std::string, Result<StageImage>> cache_;
};

bool has_rule(const std::vector<rules::Finding> &findings, const std::string &id) {
  return std::any_of(findings.begin(), findings.end(), [&](const auto &f) { return f.rule_id == id; });
}

}  // namespace

std::vector<Unit> make_units(const std::vector<const inventory::Host *> &hosts) {
  std::map<std::string, std::pair<std::optional<std::size_t>, std::optional<std::size_t>>> groups;
  std::vector<std::pair<std::string, std::size_t>> order;  // group name ("" = single host), host index
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const auto *h = hosts[i];
    if (!h->ha_group || !h->ha_role) {
      order.emplace_back("", i);
      continue;
    }
    auto [it, fresh] = groups.try_emplace(*h->ha_group);
    if (fresh) order.emplace_back(*h->ha_group, i);
    (*h->ha_role == inventory::HaRole::active ? it->second.first : it->second.second) = i;
  }
  std::vector<Unit> units;
  for (const auto &[group, i] : order) {
    if (group.empty()) {
      units.push_back(Unit{i, std::nullopt});
      continue;
    }
    const auto &g = groups[group];
    if (g.first) {
      units.push_back(Unit{*g.first, g.second});
    } else {
      units.push_back(Unit{*g.second, std::nullopt});
    }
  }
  return units;
}

bool FleetPlan::any_unreachable() const {
  return std::any_of(hosts.begin(), hosts.end(), [](const HostPlan &h) { return h.plan.unreadable; });
}

bool FleetPlan::any_store_failed() const {
  return std::any_of(hosts.begin(), hosts.end(), [](const HostPlan &h) { return h.store_failed; });
}

bool FleetPlan::any_refused() const {
  return std::any_of(hosts.begin(), hosts.end(),
                     [](const HostPlan &h) { return h.plan.refused && !h.plan.unreadable; });
}

const std::vector<std::string> &unsafe_rules() {
  // The planner plans around the other error findings (it pins the boot level, refuses a data-port
  // session itself); these it cannot see: they are about the image on bootflash.
  static const std::vector<std::string> ids = {"LM080", "LM081", "LM084"};
  return ids;
}

HostPlan unreadable_host_plan(const HostSnapshot &s) {
  HostPlan h;
  h.host = s.host;
  h.plan.host = s.host->name;
  h.unreachable = s.unreachable;
  h.store_failed = s.store_failed;
  h.error = s.error.message();
  h.error_kind = s.error.kind();
  h.plan.refused = true;
  h.plan.unreadable = true;
  h.plan.unreadable_cause = s.error.kind();
  h.plan.refusal = "no snapshot: " + s.error.message();
  return h;
}

void refuse_ha_partners(FleetPlan &out) {
  for (const auto &u : out.units) {
    if (!u.standby) continue;
    auto &a = out.hosts[u.active];
    auto &b = out.hosts[*u.standby];
    const bool a_stopped = a.plan.refused, b_stopped = b.plan.refused;
    auto partner = [](HostPlan &h, const HostPlan &other) {
      if (!h.checked) return;
      std::string why = other.plan.unreadable ? "no snapshot" : "refused";
      for (const auto &id : other.plan.refusing_rules()) why += (why == "refused" ? ": " : ", ") + id;
      auto f = rules::ha_partner_refused(h.host->name, other.host->name, why);
      h.findings.push_back(f);
      refuse_plan(h.plan, {f});
    };
    if (b_stopped && !a_stopped) partner(a, b);
    if (a_stopped && !b_stopped) partner(b, a);
  }
}

struct FleetPlanner::Impl {
  Impl(const TargetOptions &t, FleetPlanOptions o) : target(t), options(std::move(o)), sources(target) {}
  const TargetOptions target;  // a copy: the planner may outlive the caller's
  FleetPlanOptions options;
  StageSources sources;  // refers to `target` above
  FleetPlan out;
  std::vector<char> in_pair;                            // host i is one of an HA pair (both in the selection)
  std::vector<std::optional<snapshot::Snapshot>> kept;  // the pairs' snapshots, for check_ha_pair
  Status failed;
};

FleetPlanner::FleetPlanner(const std::vector<const inventory::Host *> &hosts, const TargetOptions &target,
                           FleetPlanOptions options)
    : impl_(std::make_unique<Impl>(target, std::move(options))) {
  auto &out = impl_->out;
  out.units = make_units(hosts);
  out.hosts.resize(hosts.size());
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    out.hosts[i].host = hosts[i];
    out.hosts[i].plan.host = hosts[i]->name;
  }
  impl_->in_pair.assign(hosts.size(), 0);
  impl_->kept.resize(hosts.size());
  for (const auto &u : out.units) {
    if (!u.standby) continue;
    impl_->in_pair[u.active] = 1;
    impl_->in_pair[*u.standby] = 1;
  }
}

FleetPlanner::~FleetPlanner() = default;

void FleetPlanner::add(std::size_t i, const HostSnapshot &s) {
  auto &impl = *impl_;
  if (i >= impl.out.hosts.size() || !impl.failed.is_ok()) return;
  const TargetOptions &target = impl.target;
  auto &h = impl.out.hosts[i];
  if (!s.snap) {
    h = unreadable_host_plan(s);  // (a)
    return;
  }
  auto t = make_target(target, s.host->expected_md5);
  if (!t) {
    impl.failed = t.status();
    return;
  }
  const Result<StageImage> *source = nullptr;
  if (!t.value().image_source.empty()) {
    source = &impl.sources.get(t.value().image_md5.value_or(""));
    // the md5 of a local image is the one its copy on bootflash must have
    if (*source && !t.value().image_md5) t.value().image_md5 = source->value().md5;
  }
  rules::CheckContext ctx;
  ctx.inventory_mgmt_interface = s.host->mgmt_interface;  // LM030/LM031: rules::session_decision
  ctx.now_utc = impl.options.now_utc;
  if (auto it = impl.options.recorded_paks.find(s.host->name); it != impl.options.recorded_paks.end()) {
    ctx.recorded_paks = it->second;
  }
  h.checked = true;
  h.snapshot_path = s.path;
  h.findings = rules::check_router(*s.snap, t.value(), ctx);
  PlanOptions po;
  if (source && has_rule(h.findings, "LM083")) {
    // the missing image is staged before the reload, unless it cannot be (rule LM084)
    if (!*source) {
      h.findings.push_back(rules::image_cannot_be_staged(s.host->name, source->error_message(),
                                                         stage_remedy(s.host->name, target, StageRefusal::none)));
    } else {
      auto decision = decide_stage(stage_facts_of(*s.snap, source->value().name), source->value(), {});
      if (decision.action == StageAction::refuse) {
        h.findings.push_back(rules::image_cannot_be_staged(s.host->name, decision.reason,
                                                           stage_remedy(s.host->name, target, decision.refusal)));
      } else if (decision.action == StageAction::transfer) {
        po.stage = PlanOptions::Stage{source->value(), decision};
      }
    }
  }
  po.inventory_mgmt_interface = ctx.inventory_mgmt_interface;
  po.recorded_paks = ctx.recorded_paks;
  po.ha_member = s.host->ha_group.has_value();
  auto via = via_releases(target);
  if (!via) {
    impl.failed = via.status();
    return;
  }
  po.via = via.value();
  po.via_images = target.via_images;
  h.plan = make_plan(*s.snap, t.value(), po);
  h.plan.source_snapshot = s.path;
  if (impl.in_pair[i]) impl.kept[i] = *s.snap;
}

void FleetPlanner::set_recorded_paks(const std::string &host, std::vector<snapshot::PakLicense> paks) {
  impl_->options.recorded_paks[host] = std::move(paks);
}

Result<FleetPlan> FleetPlanner::finish() {
  auto &impl = *impl_;
  if (!impl.failed.is_ok()) return impl.failed;
  FleetPlan &out = impl.out;
  const auto &kept = impl.kept;
  // (b) an HA pair that disagrees: both routers refused
  std::vector<std::vector<rules::Finding>> ha_errors(out.hosts.size());
  for (const auto &u : out.units) {
    if (!u.standby || !kept[u.active] || !kept[*u.standby]) continue;
    for (auto f : rules::check_ha_pair(*kept[u.active], *kept[*u.standby])) {
      out.hosts[u.active].findings.push_back(f);
      if (f.severity == rules::Severity::error) ha_errors[u.active].push_back(f);
      f.host = out.hosts[*u.standby].host->name;
      out.hosts[*u.standby].findings.push_back(f);
      if (f.severity == rules::Severity::error) ha_errors[*u.standby].push_back(f);
    }
  }
  for (std::size_t i = 0; i < out.hosts.size(); ++i) {
    auto &h = out.hosts[i];
    if (!h.checked) continue;
    // (c) error findings that make any change unsafe
    auto refusing = errors_of(h.findings, unsafe_rules());
    // (d) a change on the strength of an incomplete record of the router's licenses
    if (h.plan.changes_router() && !h.plan.refused) {
      auto gaps = errors_of(h.findings, {"LM003"});
      refusing.insert(refusing.end(), gaps.begin(), gaps.end());
    }
    auto ha = ha_errors[i];
    refusing.insert(refusing.begin(), ha.begin(), ha.end());
    if (!refusing.empty()) refuse_plan(h.plan, refusing);
  }
  // (e) the pair moves together
  refuse_ha_partners(out);
  return std::move(out);
}

Result<FleetPlan> plan_fleet(const std::vector<HostSnapshot> &snaps, const TargetOptions &target,
                             const FleetPlanOptions &options) {
  std::vector<const inventory::Host *> hosts;
  for (const auto &s : snaps) hosts.push_back(s.host);
  FleetPlanner planner(hosts, target, options);
  for (std::size_t i = 0; i < snaps.size(); ++i) planner.add(i, snaps[i]);
  return planner.finish();
}

std::vector<snapshot::PakLicense> recorded_paks_of(const std::string &store_root, const std::string &host) {
  snapshot::Store store(store_root);
  auto files = store.list(host);
  std::size_t read = 0;
  for (auto it = files.rbegin(); it != files.rend() && read < 64; ++it, ++read) {
    auto snap = store.load(*it);
    if (!snap || snap.value().host != host || snap.value().license_mode != snapshot::LicenseMode::traditional) continue;
    std::vector<snapshot::PakLicense> paks;
    for (const auto &lic : snap.value().pak_licenses) {
      if (lic.license_type) paks.push_back(lic);
    }
    if (!paks.empty()) return paks;
  }
  return {};
}

FleetPlanRun acquire_and_plan(FleetOptions &fleet_options, const TargetOptions &target, bool from_store, Io io,
                              const std::string &label) {
  FleetPlanRun run;
  // the target is checked before the inventory is read and any router is contacted
  if (auto st = validate_target(target); !st) {
    io.err << "licmig: error: " << st.message() << "\n";
    run.exit_code = exit_usage;
    return run;
  }
  run.fleet = load_fleet(fleet_options, io);
  if (!run.fleet) {
    run.exit_code = exit_usage;
    return run;
  }
  if (auto t = make_target(target, {}); !t) {
    io.err << "licmig: error: " << t.error_message() << "\n";
    run.exit_code = exit_usage;
    return run;
  }
  // Each router is planned as its snapshot arrives, and the snapshot dropped then (but an HA pair's,
  // which check_ha_pair compares at the end): memory does not grow with the fleet's snapshots.
  FleetPlanOptions po;
  po.now_utc = snapshot::utc_timestamp().substr(0, 10);
  FleetPlanner planner(run.fleet->hosts, target, po);
  each_snapshot(*run.fleet, fleet_options, from_store, io, label, target.image, StoreWhen::when_changed,
                [&](std::size_t i, HostSnapshot &&s) {
                  if (s.snap && s.snap->license_mode != snapshot::LicenseMode::traditional) {
                    auto recorded = recorded_paks_of(fleet_options.connect.store, s.host->name);
                    if (!recorded.empty()) planner.set_recorded_paks(s.host->name, std::move(recorded));
                  }
                  planner.add(i, s);
                });
  auto plan = planner.finish();
  if (!plan) {
    io.err << "licmig: error: " << plan.error_message() << "\n";
    run.exit_code = exit_usage;
    return run;
  }
  run.plan = std::move(plan).value();
  return run;
}

}  // namespace licmig::migrate
