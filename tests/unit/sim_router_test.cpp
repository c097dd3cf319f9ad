// The simulated router's behaviour model (DESIGN.md / the vendor guide): reload outcomes per
// (mode before, saved boot level, target release class), HA, Smart registration, faults, state.
#include "snapshot/interfaces.hpp"
#include "unit/sim_test_support.hpp"

using namespace simtest;
using std::chrono::seconds;

namespace {

RouterSpec pak_router(const std::string &release) {
  auto s = asr920(release);
  s.pak_licenses = {pak("advancedmetroipaccess")};
  return s;
}

nlohmann::json version_of(Bench &b) { return parse("show version", b.exec("show version")); }

}  // namespace

// ---- reload outcomes ----

TEST(SimReload, TraditionalTo177WithoutBootLevelLosesTheLicense) {
  Bench b(pak_router("16.9.4"));
  EXPECT_EQ(b.router->license_level(), "advancedmetroipaccess");
  reload_into(b, "17.7.1");
  auto v = version_of(b);
  EXPECT_EQ(str(v, "release"), "17.7.1");
  EXPECT_EQ(str(v, "license_type"), "No License Mode");
  EXPECT_EQ(str(v, "license_level"), "metroaccess");
  EXPECT_EQ(str(v, "last_reload_reason"), "Reload Command");
}

TEST(SimReload, TraditionalTo177KeepsSavedBootLevel) {
  Bench b(pak_router("16.9.4"));
  reload_into(b, "17.7.1", {std::string("metroipaccess"), std::nullopt});
  EXPECT_EQ(b.router->license_mode(), "no-license");
  EXPECT_EQ(b.router->license_level(), "metroipaccess");
}

TEST(SimReload, TraditionalTo179TakesPakSnapshot) {
  Bench b(pak_router("17.6.1"));
  EXPECT_NE(b.exec("show platform software sl-infra pak-info").find("Invalid input"), std::string::npos);
  reload_into(b, "17.9.4");
  EXPECT_EQ(b.router->license_mode(), "no-license");
  EXPECT_EQ(b.router->license_level(), "advancedmetroipaccess");
  auto snap = parse("show platform software sl-infra pak-info", b.exec("show platform software sl-infra pak-info"));
  ASSERT_EQ(snap["entries"].size(), 1u);
  EXPECT_EQ(snap["entries"][0]["license_name"], "advancedmetroipaccess");
  EXPECT_EQ(snap["entries"][0]["license_type"], "Permanent");
  EXPECT_EQ(snap["available"], true);
}

TEST(SimReload, TraditionalTo179SavedBootLevelWinsOverSnapshot) {
  Bench b(pak_router("16.12.5"));
  reload_into(b, "17.9.4", {std::string("metroipaccess"), std::nullopt});
  EXPECT_EQ(b.router->license_level(), "metroipaccess");
}

TEST(SimReload, TraditionalTo1711HasNoSnapshot) {
  Bench b(pak_router("17.6.1"));
  reload_into(b, "17.11.1");
  EXPECT_EQ(b.router->license_level(), "metroaccess");
  EXPECT_NE(b.exec("show platform software sl-infra pak-info").find("% Invalid input"), std::string::npos);
}

TEST(SimReload, SnapshotFrom179NotUsedOn1711) {
  Bench b(pak_router("17.6.1"));
  reload_into(b, "17.9.4");
  EXPECT_EQ(b.router->license_level(), "advancedmetroipaccess");
  reload_into(b, "17.11.1");
  EXPECT_EQ(b.router->license_level(), "metroaccess");
}

TEST(SimReload, TraditionalWithSmartEnableSavedComesUpSmart) {
  Bench b(pak_router("17.6.1"));
  reload_into(b, "17.9.4", {std::string("advancedmetroipaccess"), true});
  auto v = version_of(b);
  EXPECT_EQ(str(v, "license_type"), "Smart License");
  EXPECT_EQ(str(v, "license_level"), "advancedmetroipaccess");
  EXPECT_EQ(str(v, "smart_licensing_status"), "UNREGISTERED/EVAL MODE");
}

TEST(SimReload, TraditionalOn16xStaysTraditionalEvenWithSmartEnable) {
  Bench b(pak_router("16.9.4"));
  reload_into(b, "16.12.5", {std::nullopt, true});
  EXPECT_EQ(b.router->license_mode(), "traditional");
  EXPECT_EQ(b.router->release(), "16.12.5");
}

TEST(SimReload, SmartSurvivesUpgradeAndDowngrade) {
  Bench b(asr920("17.3.4", "smart"));
  reload_into(b, "17.9.4");
  EXPECT_EQ(b.router->license_mode(), "smart");
  reload_into(b, "17.6.1");
  EXPECT_EQ(b.router->license_mode(), "smart");
}

TEST(SimReload, NoLicenseSmartEnableSwitchesModes) {
  Bench b(asr920("17.7.1", "smart"));
  reload_into(b, "17.7.1", {std::nullopt, false});
  EXPECT_EQ(b.router->license_mode(), "no-license");
  reload_into(b, "17.7.1", {std::nullopt, true});
  EXPECT_EQ(b.router->license_mode(), "smart");
}

TEST(SimReload, SmartToTraditionalOn176) {
  Bench b(asr920("17.6.1", "smart"));
  reload_into(b, "17.6.1", {std::nullopt, false});
  EXPECT_EQ(b.router->license_mode(), "traditional");
}

TEST(SimReload, NoLicenseDowngradeGoesTraditionalAndDropsUnlicensedFeatures) {
  auto spec = asr920("17.7.1", "no-license");
  spec.boot_level = "advancedmetroipaccess";
  Bench b(spec);
  EXPECT_EQ(b.router->license_level(), "advancedmetroipaccess");
  reload_into(b, "16.12.5");
  EXPECT_EQ(b.router->license_mode(), "traditional");
  EXPECT_EQ(b.router->license_level(), "metroaccess");
  auto run = parse("show running-config", b.exec("show running-config"));
  EXPECT_FALSE(run.contains("boot_level"));
  EXPECT_NE(b.router->logging_text().find("configuration removed"), std::string::npos);
}

TEST(SimReload, NoLicenseDowngradeKeepsLicensedBootLevel) {
  auto spec = asr920("17.7.1", "no-license");
  spec.boot_level = "metroipaccess";
  spec.pak_licenses = {pak("metroipaccess")};
  Bench b(spec);
  reload_into(b, "17.6.1");
  EXPECT_EQ(b.router->license_mode(), "traditional");
  EXPECT_EQ(b.router->license_level(), "metroipaccess");
}

TEST(SimReload, UnsavedConfigurationIsLostAndUptimeResets) {
  Bench b(asr920("17.6.1"));
  b.advance(seconds(3600 * 5));
  auto s = b.router->open_shell(b.now);
  send(*s, b, "configure terminal");
  send(*s, b, "hostname CHANGED");
  send(*s, b, "end");
  auto out = send(*s, b, "reload");
  EXPECT_NE(out.find("System configuration has been modified. Save? [yes/no]: "), std::string::npos) << out;
  out = send(*s, b, "no");
  EXPECT_NE(out.find("Proceed with reload? [confirm]"), std::string::npos) << out;
  auto r = s->input("\r", b.now);
  EXPECT_TRUE(r.close);
  EXPECT_NE(r.text.find("%SYS-5-RELOAD"), std::string::npos) << r.text;
  ASSERT_TRUE(b.wait_up());
  b.advance(seconds(120));
  auto v = version_of(b);
  EXPECT_EQ(str(v, "hostname"), "PE1");
  EXPECT_EQ(v["uptime_seconds"], 120);
  EXPECT_EQ(b.router->reload_count(), 1u);
}

TEST(SimReload, BootTimingAndFaults) {
  auto spec = asr920("17.6.1");
  spec.boot_seconds = 20;
  spec.faults.boot_extra_seconds = 10;
  Bench b(spec);
  auto gen = b.router->boot_generation();
  auto s = b.router->open_shell(b.now);
  send(*s, b, "reload");
  s->input("\r", b.now);
  EXPECT_GT(b.router->boot_generation(), gen);
  EXPECT_FALSE(b.router->accepting_connections(b.now));
  b.advance(seconds(29));
  EXPECT_FALSE(b.router->accepting_connections(b.now));
  b.advance(seconds(1));
  EXPECT_TRUE(b.router->accepting_connections(b.now));
}

TEST(SimReload, NeverReturnAfterReload) {
  auto spec = asr920("17.6.1");
  spec.faults.never_return_after_reload = true;
  Bench b(spec);
  auto s = b.router->open_shell(b.now);
  send(*s, b, "reload");
  s->input("\r", b.now);
  b.advance(seconds(3600));
  EXPECT_FALSE(b.router->accepting_connections(b.now));
}

TEST(SimReload, RefuseReloadAnswersButNothingHappens) {
  auto spec = asr920("17.6.1");
  spec.faults.refuse_reload = true;
  Bench b(spec);
  auto s = b.router->open_shell(b.now);
  send(*s, b, "reload");
  auto r = s->input("\r", b.now);
  EXPECT_FALSE(r.close);
  EXPECT_FALSE(s->closed());
  EXPECT_EQ(b.router->reload_count(), 0u);
  EXPECT_TRUE(b.router->accepting_connections(b.now));
}

TEST(SimReload, ReloadInAndCancel) {
  Bench b(asr920("17.6.1"));
  auto s = b.router->open_shell(b.now);
  auto out = send(*s, b, "reload in 5");
  EXPECT_NE(out.find("Reload scheduled for"), std::string::npos) << out;
  send(*s, b, "");
  out = send(*s, b, "reload cancel");
  EXPECT_NE(out.find("SHUTDOWN ABORTED"), std::string::npos);
  b.advance(seconds(600));
  EXPECT_EQ(b.router->reload_count(), 0u);
  send(*s, b, "reload in 1");
  send(*s, b, "");
  b.advance(seconds(61));
  EXPECT_EQ(b.router->reload_count(), 1u);
  EXPECT_TRUE(s->closed());
}

// ---- HA ----

struct Pair {
  Bench active;
  std::unique_ptr<Router> standby;
  Pair(RouterSpec a, RouterSpec s) : active(std::move(a)) {
    standby = std::make_unique<Router>(std::move(s), active.now);
    active.router->set_peer(standby.get());
    standby->set_peer(active.router.get());
  }
};

RouterSpec ha(const std::string &name, const std::string &role, std::vector<licmig::sim::PakSpec> paks) {
  auto s = asr920("17.6.1");
  s.name = name;
  s.hostname = name;
  s.ha = licmig::sim::HaSpec{"g1", role};
  s.pak_licenses = std::move(paks);
  return s;
}

TEST(SimHa, ConsistentPairReloadsTogether) {
  Pair p(ha("A", "active", {pak("advancedmetroipaccess")}), ha("B", "standby", {pak("advancedmetroipaccess")}));
  reload_into(p.active, "17.9.4");
  p.active.advance(seconds(5));
  EXPECT_EQ(p.standby->release(), "17.9.4");
  EXPECT_EQ(p.standby->reload_count(), 1u);
  EXPECT_FALSE(p.standby->in_standby_reload_loop());
  auto st = parse("show redundancy states", p.active.exec("show redundancy states"));
  EXPECT_EQ(str(st, "peer_state"), "8  -STANDBY HOT");
}

TEST(SimHa, InconsistentPairStandbyReloadsOverAndOver) {
  Pair p(ha("A", "active", {pak("advancedmetroipaccess")}), ha("B", "standby", {pak("metroipaccess")}));
  reload_into(p.active, "17.9.4");
  EXPECT_TRUE(p.standby->in_standby_reload_loop());
  bool saw_up = false, saw_down = false;
  std::uint64_t reloads = p.standby->reload_count();
  for (int i = 0; i < 120; ++i) {
    p.active.advance(seconds(1));
    p.standby->tick(p.active.now);
    if (p.standby->accepting_connections(p.active.now))
      saw_up = true;
    else
      saw_down = true;
  }
  EXPECT_TRUE(saw_up);
  EXPECT_TRUE(saw_down);
  EXPECT_GE(p.standby->reload_count(), reloads + 2);
  EXPECT_NE(p.active.router->logging_text().find("%RF-5-RF_RELOAD: Peer reload"), std::string::npos);
  // While down the active sees it DISABLED, while briefly up STANDBY COLD; never STANDBY HOT.
  for (int i = 0; i < 40; ++i) {
    auto st = parse("show redundancy states", p.active.exec("show redundancy states"));
    EXPECT_NE(str(st, "peer_state"), "8  -STANDBY HOT");
    p.active.advance(seconds(1));
    p.standby->tick(p.active.now);
  }
}

TEST(SimHa, InconsistentPairBelow177IsFine) {
  Pair p(ha("A", "active", {pak("advancedmetroipaccess")}), ha("B", "standby", {pak("metroipaccess")}));
  reload_into(p.active, "17.6.1");
  EXPECT_FALSE(p.standby->in_standby_reload_loop());
}

// ---- Smart registration ----

TEST(SimSmart, RegisterWithValidToken) {
  Bench b(asr920("17.3.4", "smart"));
  auto out = b.exec("license smart register idtoken GOODTOKEN");
  EXPECT_NE(out.find("Registration process is in progress"), std::string::npos);
  EXPECT_EQ(b.router->registration_status(), "REGISTERED");
  auto sum = parse("show license summary", b.exec("show license summary"));
  EXPECT_EQ(str(sum, "registration_status"), "REGISTERED");
  EXPECT_EQ(str(sum, "authorization_status"), "AUTHORIZED");
  EXPECT_EQ(str(version_of(b), "smart_licensing_status"), "REGISTERED/AUTHORIZED");
  EXPECT_NE(b.router->logging_text().find("%SMART_LIC-6-AGENT_REG_SUCCESS"), std::string::npos);
}

TEST(SimSmart, ExpiredOrUnknownTokenFails) {
  Bench b(asr920("17.3.4", "smart"));
  b.exec("license smart register idtoken EXPIREDTOKEN");
  EXPECT_EQ(b.router->registration_status(), "UNREGISTERED");
  b.exec("license smart register idtoken NOSUCHTOKEN");
  EXPECT_EQ(b.router->registration_status(), "UNREGISTERED");
  EXPECT_NE(b.router->logging_text().find("%SMART_LIC-3-AGENT_REG_FAILED"), std::string::npos);
}

TEST(SimSmart, HttpDestinationGivesCommFailed) {
  auto spec = asr920("17.3.4", "smart");
  licmig::sim::CallHomeProfileSpec p;
  p.http_destinations = {"http://tools.cisco.com/its/service/oddce/services/DDCEService"};
  spec.call_home.profiles = {p};
  Bench b(spec);
  b.exec("license smart register idtoken GOODTOKEN");
  EXPECT_EQ(b.router->registration_status(), "UNREGISTERED");
  EXPECT_NE(b.router->logging_text().find("%SMART_LIC-3-COMM_FAILED"), std::string::npos);
}

TEST(SimSmart, MissingTrustpointGivesCommFailedUntilConfigured) {
  auto spec = asr920("17.6.1", "smart");
  spec.call_home.secure_trustpoint.reset();
  Bench b(spec);
  b.exec("license smart register idtoken GOODTOKEN");
  EXPECT_EQ(b.router->registration_status(), "UNREGISTERED");
  EXPECT_NE(b.router->logging_text().find("%SMART_LIC-3-COMM_FAILED"), std::string::npos);
  auto status_text = b.exec("show license status");
  auto st = parse("show license status", status_text);
  EXPECT_EQ(str(st, "initial_registration").rfind("FAILED on ", 0), 0u) << status_text;
  auto s = b.router->open_shell(b.now);
  send(*s, b, "configure terminal");
  send(*s, b, "ip http client secure-trustpoint SLA-TrustPoint");
  send(*s, b, "end");
  send(*s, b, "license smart register idtoken GOODTOKEN");
  EXPECT_EQ(b.router->registration_status(), "REGISTERED");
}

TEST(SimSmart, ReRegisterSameTokenAfterReloadOn1781StaysUnregistered) {
  Bench b(asr920("17.8.1", "smart"));
  b.exec("license smart register idtoken GOODTOKEN");
  EXPECT_EQ(b.router->registration_status(), "REGISTERED");
  reload_into(b, "17.8.1");
  b.exec("license smart register idtoken GOODTOKEN force");
  EXPECT_EQ(b.router->registration_status(), "UNREGISTERED");
  auto sum = parse("show license summary", b.exec("show license summary"));
  EXPECT_EQ(str(sum, "registration_status"), "UNREGISTERED");
  // The remedy: remove the product instance (deregister), then register again.
  b.exec("license smart deregister");
  b.exec("license smart register idtoken GOODTOKEN");
  EXPECT_EQ(b.router->registration_status(), "REGISTERED");
}

TEST(SimSmart, ReRegisterSameTokenAfterReloadOn179Works) {
  Bench b(asr920("17.9.4", "smart"));
  b.exec("license smart register idtoken GOODTOKEN");
  reload_into(b, "17.9.4");
  b.exec("license smart register idtoken GOODTOKEN force");
  EXPECT_EQ(b.router->registration_status(), "REGISTERED");
}

TEST(SimSmart, EvaluationPeriodCountsDown) {
  Bench b(asr920("17.3.4", "smart"));
  auto before = parse("show license summary", b.exec("show license summary"));
  EXPECT_EQ(str(before, "evaluation_remaining"), "90 days, 0 hours, 0 minutes, 0 seconds");
  b.advance(seconds(86400 + 3600 + 61));
  auto after = parse("show license summary", b.exec("show license summary"));
  EXPECT_EQ(str(after, "evaluation_remaining"), "88 days, 22 hours, 58 minutes, 59 seconds");
}

TEST(SimSmart, RenewAndDeregister) {
  Bench b(asr920("17.3.4", "smart"));
  EXPECT_NE(b.exec("license smart renew auth").find("not registered"), std::string::npos);
  b.exec("license smart register idtoken GOODTOKEN");
  EXPECT_NE(b.exec("license smart renew auth").find("Authorization process is in progress"), std::string::npos);
  EXPECT_NE(b.exec("license smart deregister").find("Success"), std::string::npos);
  EXPECT_EQ(b.router->registration_status(), "UNREGISTERED");
}

// Issue 13 item 6: "Cancels the device registration, and sends it into a 30-day evaluation mode"
// (guide line 626).
TEST(SimSmart, DeregisterStartsA30DayEvaluation) {
  Bench b(asr920("17.3.4", "smart"));
  b.exec("license smart register idtoken GOODTOKEN");
  EXPECT_NE(b.exec("license smart deregister").find("Success"), std::string::npos);
  auto after = parse("show license summary", b.exec("show license summary"));
  EXPECT_EQ(str(after, "evaluation_remaining"), "30 days, 0 hours, 0 minutes, 0 seconds");
}

// Issue 13 item 2: "There are three types of license boot levels available" (guide line 904); a port
// license such as 10GEupgradelicense ("Device 2-10G PORT LICENSE", line 548) is never the level.
TEST(SimReload, APortLicenseIsNeverTheLevel) {
  auto spec = asr920("17.6.1");
  spec.pak_licenses = {pak("10GEupgradelicense"), pak("advancedmetroipaccess")};
  Bench b(spec);
  EXPECT_EQ(b.router->license_level(), "advancedmetroipaccess");
  EXPECT_EQ(str(version_of(b), "license_level"), "advancedmetroipaccess");
  reload_into(b, "17.6.1");
  EXPECT_EQ(b.router->license_level(), "advancedmetroipaccess");
  // the PAK snapshot on 17.9 keeps the boot level, not the port license
  reload_into(b, "17.9.4");
  EXPECT_EQ(b.router->license_level(), "advancedmetroipaccess");
}

// Issue 13 item 1: "Downgrading the Router from No-license mode to Traditional Licensing" (guide lines
// 856-898): 17.07.01 No License Mode metroaggrservices -> 16.06.10 metroaggrservices EvalRightToUse.
TEST(SimReload, NoLicenseDowngradeTo16_6_10KeepsTheEvaluationLevel) {
  auto spec = asr920("16.9.4");
  spec.release = "17.7.1";
  spec.image = image_for("17.7.1");
  spec.license_mode = "no-license";
  spec.pak_licenses = {pak("metroaggrservices", "EvalRightToUse")};
  spec.boot_level = "metroaggrservices";
  Bench b(spec);
  EXPECT_EQ(b.router->license_mode(), "no-license");
  reload_into(b, "16.9.4");
  auto v = version_of(b);
  EXPECT_EQ(str(v, "license_level"), "metroaggrservices");
  EXPECT_EQ(str(v, "license_type"), "EvalRightToUse");
}

// Issue 13 item 3, guide line 641: a Smart router without a saved boot level boots the default level.
TEST(SimReload, SmartWithoutSavedBootLevelBootsTheDefaultLevel) {
  auto spec = asr920("17.6.1", "smart");
  spec.license_level = "metroipaccess";
  Bench b(spec);
  EXPECT_EQ(b.router->license_level(), "metroipaccess");
  reload_into(b, "17.9.4");
  EXPECT_EQ(b.router->license_mode(), "smart");
  EXPECT_EQ(b.router->license_level(), "metroaccess");
}

// ---- data ports ----

TEST(SimPorts, NoLicenseSmartEnableDropsDataPortSessions) {
  Bench b(asr920("17.7.1", "smart"));
  auto mgmt = b.router->open_shell(b.now, "GigabitEthernet0");
  auto data = b.router->open_shell(b.now, "GigabitEthernet0/0/1");
  send(*mgmt, b, "terminal length 0");
  send(*data, b, "configure terminal");
  auto r = data->input("no license smart enable\r", b.now);
  EXPECT_TRUE(r.close);
  EXPECT_TRUE(data->closed());
  EXPECT_FALSE(mgmt->closed());
  EXPECT_NE(send(*mgmt, b, "show version").find("License Type"), std::string::npos);
}

// `show ip interface brief` tells the truth about the session (issue 17): the interface the session
// arrives on (session_via, else the management port) owns the address the client connected to.
TEST(SimPorts, ShowIpInterfaceBriefGivesTheSessionAddressToItsInterface) {
  auto spec = asr920("17.6.1", "smart");
  spec.interfaces.session_via = "GigabitEthernet0/0/0";
  Bench b(spec);
  auto address_of = [](const std::string &brief, const std::string &name) {
    for (const auto &row : licmig::snapshot::parse_ip_interface_brief(brief)) {
      if (row.name == name) return row.address;
    }
    return std::string("(no row)");
  };
  auto data = b.router->open_shell(b.now, {}, "10.9.8.7");
  auto brief = send(*data, b, "show ip interface brief");
  EXPECT_EQ(address_of(brief, "GigabitEthernet0/0/0"), "10.9.8.7") << brief;
  EXPECT_EQ(address_of(brief, "GigabitEthernet0"), "192.0.2.10") << brief;
  EXPECT_EQ(address_of(brief, "GigabitEthernet0/0/1"), "unassigned") << brief;
  auto mgmt = b.router->open_shell(b.now, "GigabitEthernet0", "10.9.8.8");
  brief = send(*mgmt, b, "show ip interface brief");
  EXPECT_EQ(address_of(brief, "GigabitEthernet0"), "10.9.8.8") << brief;
  EXPECT_EQ(address_of(brief, "GigabitEthernet0/0/0"), "unassigned") << brief;
  // an exec channel too; without an address each interface keeps its configured one
  EXPECT_EQ(address_of(b.router->exec("show ip interface brief", b.now, "10.9.8.9").text, "GigabitEthernet0/0/0"),
            "10.9.8.9");
  EXPECT_EQ(address_of(b.router->exec("show ip interface brief", b.now).text, "GigabitEthernet0"), "192.0.2.10");
}

// A router reached over a data port stays unreachable once the data ports are down, until a reload.
TEST(SimPorts, DataPortRouterRefusesConnectionsUntilReload) {
  auto spec = asr920("17.7.1", "smart");
  spec.interfaces.session_via = "GigabitEthernet0/0/0";
  spec.boot_seconds = 1;
  Bench b(spec);
  auto s = b.router->open_shell(b.now);
  send(*s, b, "configure terminal");
  EXPECT_TRUE(s->input("no license smart enable\r", b.now).close);
  b.advance(std::chrono::seconds(5));
  EXPECT_FALSE(b.router->accepting_connections(b.now));
  // the management session of the same router (console, or the management port) can still reload it
  auto mgmt = b.router->open_shell(b.now, "GigabitEthernet0");
  send(*mgmt, b, "end");
  send(*mgmt, b, "reload");
  mgmt->input("no\r", b.now);  // Save? no
  mgmt->input("\r", b.now);
  EXPECT_TRUE(b.wait_up(std::chrono::seconds(10)));
}

// Issue 13 item 9. The guide, Enable and Register Smart Licensing, step 2, note (lines 416-418): "All
// ports go to admin down state on executing the no smart license enable command. We recommend you do
// perform the following to bring up the ports: - Default (license free) ports—Reload the router.
// - Licensed ports—Perform no shutdown of router followed by reload."
TEST(SimPorts, LicensedPortsStayDownAfterTheReloadUntilNoShutdownAndAnotherReload) {
  auto spec = asr920("17.6.1", "smart");
  spec.pak_licenses = {pak("10GEupgradelicense"), pak("advancedmetroipaccess")};
  spec.boot_level = "advancedmetroipaccess";
  Bench b(spec);
  const std::vector<std::string> none;
  const std::vector<std::string> licensed = {"TenGigabitEthernet0/0/24", "TenGigabitEthernet0/0/25"};
  EXPECT_EQ(b.router->admin_down_ports(), none);
  // the licensed ports are configured (up) while the router holds the port license
  EXPECT_EQ(licmig::snapshot::shutdown_interfaces(b.exec("show running-config")), none);
  auto configured = licmig::snapshot::interfaces_of_config(b.exec("show running-config"));
  EXPECT_TRUE(std::any_of(configured.begin(), configured.end(),
                          [](const auto &i) { return i.name == "TenGigabitEthernet0/0/24"; }));
  // `no license smart enable`: every port admin down
  reload_into(b, "17.6.1", UpgradeOptions{std::nullopt, false});
  EXPECT_EQ(b.router->license_mode(), "traditional");
  // the reload brought the default ports back; the licensed ones stay down
  EXPECT_EQ(b.router->admin_down_ports(), licensed);
  // as licmig reads `show ip interface brief` after its reload
  EXPECT_EQ(licmig::snapshot::admin_down_interfaces(b.exec("show ip interface brief")), licensed);
  // their ` shutdown` is in the saved configuration
  EXPECT_EQ(licmig::snapshot::shutdown_interfaces(b.exec("show startup-config")), licensed);
  // `no shutdown` alone does not bring them up ...
  auto s = b.router->open_shell(b.now);
  s->start();
  send(*s, b, "configure terminal");
  for (const auto &p : licensed) {
    EXPECT_EQ(send(*s, b, "interface " + p).find('%'), std::string::npos);
    EXPECT_NE(s->input("no shutdown\r", b.now).text.find("PE1(config-if)#"), std::string::npos);
  }
  send(*s, b, "end");
  send(*s, b, "write memory");
  EXPECT_EQ(b.router->admin_down_ports(), licensed);
  EXPECT_EQ(licmig::snapshot::shutdown_interfaces(b.exec("show running-config")), none);
  // ... the reload does
  send(*s, b, "reload");
  s->input("\r", b.now);
  ASSERT_TRUE(b.wait_up());
  EXPECT_EQ(b.router->admin_down_ports(), none);
  EXPECT_EQ(licmig::snapshot::admin_down_interfaces(b.exec("show ip interface brief")), none);
}

TEST(SimPorts, WithoutAPortLicenseTheReloadBringsEveryPortBack) {
  auto spec = asr920("17.6.1", "smart");
  spec.pak_licenses = {pak("advancedmetroipaccess")};
  spec.boot_level = "advancedmetroipaccess";
  Bench b(spec);
  EXPECT_EQ(b.exec("show running-config").find("TenGigabitEthernet"), std::string::npos);  // no licensed ports
  auto s = b.router->open_shell(b.now);
  s->start();
  send(*s, b, "configure terminal");
  send(*s, b, "no license smart enable");
  EXPECT_EQ(b.router->admin_down_ports(), (std::vector<std::string>{"GigabitEthernet0/0/0", "GigabitEthernet0/0/1"}));
  send(*s, b, "end");
  send(*s, b, "write memory");
  send(*s, b, "reload");
  s->input("\r", b.now);
  ASSERT_TRUE(b.wait_up());
  EXPECT_TRUE(b.router->admin_down_ports().empty());
}

TEST(SimPorts, ShutdownPortsSurviveASaveAndLoadOfTheState) {
  auto spec = asr920("17.6.1", "smart");
  spec.pak_licenses = {pak("10GEupgradelicense"), pak("advancedmetroipaccess")};
  Bench b(spec);
  reload_into(b, "17.6.1", UpgradeOptions{std::string("advancedmetroipaccess"), false});
  auto state = b.router->save_state();
  Bench c(spec);
  ASSERT_TRUE(c.router->load_state(state));
  EXPECT_EQ(c.router->admin_down_ports(), b.router->admin_down_ports());
  EXPECT_FALSE(c.router->admin_down_ports().empty());
}

// ---- faults ----

TEST(SimFaults, CommandDelayAndDropAfterCommands) {
  auto spec = asr920("17.6.1");
  spec.faults.command_delay_ms = 250;
  spec.faults.drop_after_commands = 3;
  Bench b(spec);
  auto s = b.router->open_shell(b.now);
  auto r1 = s->input("show clock\r", b.now);
  EXPECT_EQ(r1.delay.count(), 250);
  EXPECT_FALSE(r1.close);
  s->input("show clock\r", b.now);
  auto r3 = s->input("show clock\r", b.now);
  EXPECT_TRUE(r3.close);
  EXPECT_TRUE(s->closed());
}

TEST(SimFaults, GarbledOutputIsCutOff) {
  auto spec = asr920("17.6.1");
  spec.faults.garble = {"show version"};
  Bench b(spec);
  auto text = b.exec("show version");
  EXPECT_EQ(text.find("Configuration register"), std::string::npos);
  EXPECT_NE(b.exec("show clock").find("UTC"), std::string::npos);
}

// AAA command authorization denying commands: matched on the full command (abbreviations expanded),
// word by word, so "show license" denies `sh lic udi` but not `show version`; IOS answers with one
// line and no output, on an exec channel, in a shell and through `do` in configuration mode alike.
TEST(SimFaults, DenyCommandsAnswersAuthorizationFailed) {
  auto spec = asr920("16.9.4");
  spec.pak_licenses = {pak("advancedmetroipaccess")};
  spec.faults.deny_commands = {"show license", "SHOW  platform software sl-infra"};
  Bench b(spec);
  EXPECT_EQ(b.exec("show license"), "% Authorization failed.\r\n");
  EXPECT_EQ(b.exec("  sh   lic  udi "), "% Authorization failed.\r\n");
  EXPECT_EQ(b.exec("show license | include Index"), "% Authorization failed.\r\n");
  EXPECT_NE(b.exec("show version").find("Cisco IOS XE Software"), std::string::npos);
  EXPECT_NE(b.exec("show running-config").find("hostname PE1"), std::string::npos);
  // A command that does not parse is still IOS's parse error: authorization comes after parsing.
  // (pak-info does not exist before 17.8.)
  EXPECT_NE(b.exec("show license frob").find("% Invalid input detected"), std::string::npos);
  EXPECT_NE(b.exec("show platform software sl-infra pak-info").find("% Invalid input detected"), std::string::npos);

  auto s = b.router->open_shell(b.now);
  s->start();
  EXPECT_EQ(send(*s, b, "show license"), "% Authorization failed.\r\nPE1#");
  send(*s, b, "configure terminal");
  EXPECT_EQ(send(*s, b, "do show license udi"), "% Authorization failed.\r\nPE1(config)#");
  EXPECT_EQ(send(*s, b, "license boot level metroaccess"), "PE1(config)#");  // configuration is not exec
  send(*s, b, "end");
  EXPECT_EQ(send(*s, b, "write memory"), "Building configuration...\r\n[OK]\r\nPE1#");
}

TEST(SimFaults, DenyCommandsMatchesWholeWords) {
  auto spec = asr920("17.9.4");
  spec.faults.deny_commands = {"show lic", "dir bootflash:", "show platform software sl-infra"};
  Bench b(spec);
  EXPECT_EQ(b.exec("sh plat soft sl pak"), "% Authorization failed.\r\n");
  // "show lic" is not a prefix of the words "show license": nothing is denied by it.
  EXPECT_EQ(b.exec("show license udi").find("Authorization failed"), std::string::npos);
  EXPECT_EQ(b.exec("dir bootflash:"), "% Authorization failed.\r\n");
  EXPECT_EQ(b.exec("dir BOOTFLASH:"), "% Authorization failed.\r\n");
  EXPECT_NE(b.exec("dir flash:").find("Directory of"), std::string::npos);
  EXPECT_NE(b.exec("dir").find("Directory of"), std::string::npos);
}

TEST(SimFaults, AuthFailAfterReload) {
  auto spec = asr920("17.6.1");
  spec.faults.auth_fail_after_reload = true;
  Bench b(spec);
  EXPECT_TRUE(b.router->password_ok("admin", "cisco"));
  EXPECT_FALSE(b.router->password_ok("admin", "wrong"));
  reload_into(b, "17.6.1");
  EXPECT_FALSE(b.router->password_ok("admin", "cisco"));
}

TEST(SimFaults, RefuseConnections) {
  auto spec = asr920("17.6.1");
  spec.faults.refuse_connections = true;
  Bench b(spec);
  EXPECT_FALSE(b.router->accepting_connections(b.now));
}

// ---- persistence ----

TEST(SimState, SaveAndLoadRoundTrip) {
  Bench b(pak_router("17.6.1"));
  reload_into(b, "17.9.4", {std::nullopt, true});
  b.exec("license smart register idtoken GOODTOKEN");
  auto saved = b.router->save_state();
  Bench fresh(pak_router("17.6.1"));
  ASSERT_TRUE(fresh.router->load_state(saved).is_ok());
  EXPECT_EQ(fresh.router->release(), "17.9.4");
  EXPECT_EQ(fresh.router->license_mode(), "smart");
  EXPECT_EQ(fresh.router->license_level(), "advancedmetroipaccess");
  EXPECT_EQ(fresh.router->registration_status(), "REGISTERED");
  EXPECT_EQ(fresh.router->reload_count(), 1u);
  EXPECT_EQ(fresh.exec("show platform software sl-infra pak-info"), b.exec("show platform software sl-infra pak-info"));
  EXPECT_FALSE(fresh.router->load_state(nlohmann::json{{"format", 7}}).is_ok());
}
