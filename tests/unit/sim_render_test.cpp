// Round trip: every show command the simulator answers, for a representative set of releases and
// license modes, is read back by licmig's own parsers (the code that reads real routers), and the
// key values come back as the router holds them.
#include "sim/render.hpp"
#include "unit/sim_test_support.hpp"

using namespace simtest;

namespace {

struct Case {
  std::string release;
  std::string mode;
  bool registered = false;
  std::string platform = "ASR-920-24SZ-IM";
};

std::string name_of(const Case &c) {
  return c.platform + " " + c.release + " " + c.mode + (c.registered ? " registered" : "");
}

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const char *r : {"16.9.4", "16.12.5", "17.1.1", "17.3.4", "17.6.1"}) out.push_back({r, "traditional"});
  for (const char *r : {"17.3.4", "17.6.1", "17.7.1", "17.9.4", "17.11.1"}) {
    out.push_back({r, "smart"});
    out.push_back({r, "smart", true});
  }
  for (const char *r : {"17.7.1", "17.9.4", "17.11.1"}) out.push_back({r, "no-license"});
  for (const char *r : {"17.3.4", "17.9.4"}) {
    out.push_back({r, "smart", false, "C9300-24U"});
    out.push_back({r, "smart", true, "C9300-24U"});
  }
  return out;
}

const std::vector<std::string> &commands() {
  static const std::vector<std::string> c = {"show version",
                                             "show license",
                                             "show license summary",
                                             "show license status",
                                             "show license all",
                                             "show license usage",
                                             "show license udi",
                                             "show license tech support",
                                             "show platform software sl-infra pak-info",
                                             "show running-config",
                                             "show startup-config",
                                             "show redundancy",
                                             "show redundancy states",
                                             "show call-home profile all",
                                             "show bootvar",
                                             "dir bootflash:"};
  return c;
}

bool is_smart_command(const std::string &cmd) {
  return cmd.rfind("show license ", 0) == 0 && cmd != "show license udi";
}

void check_values(const Case &c, const std::string &cmd, const nlohmann::json &j, Router &r) {
  SCOPED_TRACE(name_of(c) + ": " + cmd);
  const bool classic = c.platform.rfind("ASR", 0) == 0;
  if (cmd == "show version") {
    EXPECT_EQ(str(j, "release"), c.release);
    EXPECT_EQ(str(j, "os"), "IOS-XE");
    EXPECT_EQ(str(j, "hostname"), "PE1");
    EXPECT_EQ(str(j, "license_level"), r.license_level());
    const char *type = c.mode == "smart" ? "Smart License" : c.mode == "no-license" ? "No License Mode" : "Permanent";
    EXPECT_EQ(str(j, "license_type"), type);
    EXPECT_EQ(str(j, "next_reload_license_level"), r.license_level());
    EXPECT_EQ(str(j, "last_reload_reason"), "Reload Command");
    if (c.mode == "smart") {
      EXPECT_EQ(str(j, "smart_licensing_status"), c.registered ? "REGISTERED/AUTHORIZED" : "UNREGISTERED/EVAL MODE");
    }
    if (c.mode == "no-license") {
      EXPECT_EQ(str(j, "smart_licensing_status"), "Smart Licensing is DISABLED");
    }
  } else if (cmd == "show license" && c.mode == "traditional") {
    ASSERT_FALSE(j["licenses"].empty());
    EXPECT_EQ(j["licenses"][0]["feature"], "advancedmetroipaccess");
    EXPECT_EQ(j["licenses"][0]["license_type"], "Permanent");
    EXPECT_EQ(j["licenses"][0]["license_state"], "Active, In Use");
  } else if (is_smart_command(cmd) || cmd == "show license") {
    if (c.mode == "no-license") {
      EXPECT_EQ(j["smart_enabled"], false);
      return;
    }
    EXPECT_EQ(str(j, "layout"), classic ? "classic" : "policy");
    if (classic && (cmd == "show license summary" || cmd == "show license status" || cmd == "show license all" ||
                    cmd == "show license" || cmd == "show license tech support")) {
      EXPECT_EQ(str(j, "registration_status"), c.registered ? "REGISTERED" : "UNREGISTERED");
      EXPECT_EQ(str(j, "authorization_status"), c.registered ? "AUTHORIZED" : "EVAL MODE");
    }
    if (cmd != "show license status") {
      ASSERT_FALSE(j["usage"].empty()) << j.dump();
      EXPECT_EQ(j["usage"][0]["license"], r.license_level());
    }
  } else if (cmd == "show license udi") {
    ASSERT_FALSE(j["udi"].empty());
    EXPECT_EQ(j["udi"][0]["pid"], c.platform);
  } else if (cmd == "show platform software sl-infra pak-info") {
    EXPECT_EQ(j["platform_supports"], true);
  } else if (cmd == "show running-config" || cmd == "show startup-config") {
    EXPECT_EQ(str(j, "hostname"), "PE1");
    ASSERT_EQ(j["boot_system"].size(), 1u);
    EXPECT_EQ(j["boot_system"][0], "bootflash:" + image_for(c.release));
    if (c.mode == "smart") {
      EXPECT_EQ(j["smart_enable"], true);
    }
    if (c.mode == "no-license") {
      EXPECT_EQ(j["smart_enable"], false);
    }
    EXPECT_EQ(j["service_call_home"], true);
    EXPECT_EQ(str(j, "http_client_secure_trustpoint"), "SLA-TrustPoint");
  } else if (cmd == "show redundancy" || cmd == "show redundancy states") {
    EXPECT_NE(str(j, "my_state").find("ACTIVE"), std::string::npos);
    EXPECT_EQ(str(j, "hardware_mode"), "Simplex");
  } else if (cmd == "show call-home profile all") {
    ASSERT_EQ(j["profiles"].size(), 1u);
    EXPECT_EQ(j["profiles"][0]["name"], "CiscoTAC-1");
    EXPECT_EQ(j["profiles"][0]["status"], "ACTIVE");
  } else if (cmd == "show bootvar") {
    ASSERT_EQ(j["boot_images"].size(), 1u);
    EXPECT_EQ(j["boot_images"][0], "bootflash:" + image_for(c.release));
  } else if (cmd == "dir bootflash:") {
    bool found = false;
    for (const auto &f : j["files"]) found = found || f["name"] == image_for(c.release);
    EXPECT_TRUE(found);
  }
}

}  // namespace

TEST(SimRoundTrip, EveryShowCommandParses) {
  int parsed = 0, refused = 0;
  for (const auto &c : cases()) {
    auto spec = asr920(c.release, c.mode);
    spec.platform = c.platform;
    spec.pak_licenses = {pak("advancedmetroipaccess")};
    if (c.mode != "traditional") spec.boot_level = "advancedmetroipaccess";
    Bench b(spec);
    if (c.registered) {
      b.exec("license smart register idtoken GOODTOKEN");
      ASSERT_EQ(b.router->registration_status(), "REGISTERED") << name_of(c);
    }
    for (const auto &cmd : commands()) {
      SCOPED_TRACE(name_of(c) + ": " + cmd);
      auto text = b.exec(cmd);
      const bool expect_refused =
          (is_smart_command(cmd) && c.mode == "traditional") ||
          (cmd == "show platform software sl-infra pak-info" &&
           !(c.release.rfind("17.8", 0) == 0 || c.release.rfind("17.9", 0) == 0 || c.release.rfind("17.10", 0) == 0));
      if (expect_refused) {
        EXPECT_NE(text.find("% Invalid input detected at '^' marker."), std::string::npos) << text;
        auto p = (*licmig::snapshot::find_parser(cmd))->to_json(text);
        EXPECT_EQ(p.outcome, licmig::snapshot::ParseOutcome::not_this_format) << p.reason;
        ++refused;
        continue;
      }
      // A Smart or No-License router answers `show license` in the Smart Licensing layout.
      const auto parser = cmd == "show license" && c.mode != "traditional" ? std::string("show license summary") : cmd;
      auto j = parse(parser, text);
      if (j.is_null()) continue;
      check_values(c, cmd, j, *b.router);
      ++parsed;
    }
  }
  EXPECT_GT(parsed, 300);
  EXPECT_GT(refused, 30);
}

TEST(SimRoundTrip, PakSnapshotAndHaOutputsParse) {
  auto spec = asr920("17.9.4", "no-license");
  spec.pak_licenses = {pak("advancedmetroipaccess"), pak("10GEupgradelicense", "EvalRightToUse")};
  Bench b(spec);
  auto j = parse("show platform software sl-infra pak-info", b.exec("show platform software sl-infra pak-info"));
  ASSERT_EQ(j["entries"].size(), 2u);
  EXPECT_EQ(j["entries"][0]["license_name"], "advancedmetroipaccess");
  EXPECT_EQ(j["entries"][0]["license_type"], "Permanent");
  EXPECT_EQ(j["entries"][0]["license_count"], "Non-Counted");
  EXPECT_EQ(j["entries"][1]["license_type"], "EvalRightToUse");
  EXPECT_EQ(str(parse("show version", b.exec("show version")), "license_level"), "advancedmetroipaccess");

  auto a = asr920("17.6.1");
  a.ha = licmig::sim::HaSpec{"g", "active"};
  auto s = asr920("17.6.1");
  s.name = "pe1-sby";
  s.ha = licmig::sim::HaSpec{"g", "standby"};
  Bench active(a);
  Router standby(s, active.now);
  active.router->set_peer(&standby);
  standby.set_peer(active.router.get());
  auto st = parse("show redundancy states", active.exec("show redundancy states"));
  EXPECT_EQ(str(st, "my_state"), "13 -ACTIVE");
  EXPECT_EQ(str(st, "peer_state"), "8  -STANDBY HOT");
  EXPECT_EQ(str(st, "hardware_mode"), "Duplex");
  EXPECT_EQ(str(st, "mode"), "sso");
  auto red = parse("show redundancy", active.exec("show redundancy"));
  EXPECT_EQ(str(red, "hardware_mode"), "Duplex");
  EXPECT_EQ(str(red, "peer_state"), "STANDBY HOT");
  EXPECT_NE(str(red, "peer_image_version").find("Version 17.6.1"), std::string::npos);
  auto udi = parse("show license udi", active.exec("show license udi"));
  EXPECT_FALSE(udi["udi"].empty());
  auto bv = parse("show bootvar", active.exec("show bootvar"));
  EXPECT_EQ(bv["standby_boot_images"].size(), 1u);
}

TEST(SimRoundTrip, DateAndDurationFormats) {
  using namespace licmig::sim::render;
  EXPECT_EQ(uptime_text(0), "0 minutes");
  EXPECT_EQ(uptime_text(61), "1 minute");
  EXPECT_EQ(uptime_text(86400 * 9 + 3600 * 5 + 60 * 3), "1 week, 2 days, 5 hours, 3 minutes");
  EXPECT_EQ(eval_text(86400 * 70 + 3600 * 7 + 60 * 23 + 19), "70 days, 7 hours, 23 minutes, 19 seconds");
  EXPECT_EQ(smart_date(1710234000), "Mar 12 09:00:00 2024 UTC");
  EXPECT_EQ(rom_date(1710234000), "09:00:00 UTC Tue Mar 12 2024");
  EXPECT_EQ(ctime_date(1635281126), "Tue Oct 26 20:45:26 2021");
  EXPECT_EQ(xe_version(licmig::snapshot::Release::of("17.3.4a")), "17.03.04a");
  EXPECT_EQ(xe_version(licmig::snapshot::Release::of("16.9.4")), "16.09.04");
}
