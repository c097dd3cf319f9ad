// Helpers for the simulated-router unit tests (sim_router_test, sim_cli_test, sim_render_test):
// an ASR 920 spec with an image per release, a fake clock, an interactive session driver, the
// upgrade procedure the guide describes, and parsing outputs with licmig's own parsers.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/router.hpp"
#include "snapshot/parser_registry.hpp"
#include "snapshot/release.hpp"

namespace simtest {

using licmig::sim::CliSession;
using licmig::sim::Clock;
using licmig::sim::Router;
using licmig::sim::RouterSpec;

inline std::string image_for(const std::string &release) {
  auto r = licmig::snapshot::Release::of(release);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d.%02d.%02d", r.major(), r.minor(), r.patch());
  return std::string("asr920-universalk9_npe.") + buf + ".SPA.bin";
}

inline const std::vector<std::string> &all_releases() {
  static const std::vector<std::string> r = {"16.9.4", "16.12.5", "17.1.1", "17.3.4",  "17.6.1",
                                             "17.7.1", "17.8.1",  "17.9.4", "17.10.1", "17.11.1"};
  return r;
}

inline RouterSpec asr920(const std::string &release, const std::string &mode = "traditional") {
  RouterSpec s;
  s.name = "pe1";
  s.hostname = "PE1";
  s.release = release;
  s.license_mode = mode;
  for (const auto &rel : all_releases()) {
    licmig::sim::ImageSpec img;
    img.file = image_for(rel);
    img.release = rel;
    img.md5 = "0123456789abcdef0123456789abcdef";
    s.images.push_back(img);
  }
  s.image = image_for(release);
  s.credentials.password = "cisco";
  s.credentials.enable_secret = "";
  s.boot_seconds = 30;
  s.smart.tokens = {{"GOODTOKEN", true}, {"EXPIREDTOKEN", false}};
  s.call_home.secure_trustpoint = "SLA-TrustPoint";
  return s;
}

inline licmig::sim::PakSpec pak(const std::string &feature, const std::string &type = "Permanent") {
  licmig::sim::PakSpec p;
  p.feature = feature;
  p.type = type;
  return p;
}

struct Bench {
  Clock::time_point now = Clock::time_point{} + std::chrono::hours(100000);
  std::unique_ptr<Router> router;

  explicit Bench(RouterSpec spec) : router(std::make_unique<Router>(std::move(spec), now)) {
    router->set_wall_clock(1710234000, now);  // Tue Mar 12 09:00:00 2024 UTC
  }
  void advance(std::chrono::seconds d) {
    now += d;
    router->tick(now);
  }
  std::string exec(const std::string &cmd) { return router->exec(cmd, now).text; }
  // Waits until the router accepts connections again (at most `limit`).
  bool wait_up(std::chrono::seconds limit = std::chrono::seconds(600)) {
    for (auto waited = std::chrono::seconds(0); waited <= limit; waited += std::chrono::seconds(1)) {
      if (router->accepting_connections(now)) return true;
      advance(std::chrono::seconds(1));
    }
    return false;
  }
};

// Sends one line to a session; returns what came back.
inline std::string send(CliSession &s, Bench &b, const std::string &line) { return s.input(line + "\r", b.now).text; }

// The guide's upgrade: configure, save, reload into `target` (optionally with a boot level and a
// license smart enable / no license smart enable), then wait for the router to come back.
struct UpgradeOptions {
  std::optional<std::string> boot_level;
  std::optional<bool> smart_enable;
};

inline void reload_into(Bench &b, const std::string &target, const UpgradeOptions &o = {}) {
  auto s = b.router->open_shell(b.now);
  s->start();
  send(*s, b, "configure terminal");
  if (o.boot_level) send(*s, b, "license boot level " + *o.boot_level);
  if (o.smart_enable) send(*s, b, *o.smart_enable ? "license smart enable" : "no license smart enable");
  send(*s, b, "no boot system");
  send(*s, b, "boot system bootflash:" + image_for(target));
  send(*s, b, "end");
  send(*s, b, "write memory");
  auto out = send(*s, b, "reload");
  EXPECT_NE(out.find("Proceed with reload? [confirm]"), std::string::npos) << out;
  auto r = s->input("\r", b.now);
  EXPECT_TRUE(r.close);
  EXPECT_TRUE(s->closed());
  EXPECT_TRUE(b.wait_up());
}

// Parses `text` with licmig's parser for `command`; fails the test when it is not recognised.
inline nlohmann::json parse(const std::string &command, const std::string &text) {
  auto entry = licmig::snapshot::find_parser(command);
  EXPECT_TRUE(entry.is_ok()) << command;
  if (!entry.is_ok()) return {};
  auto p = (*entry)->to_json(text);
  EXPECT_TRUE(p.recognised()) << command << ": " << p.reason << " (line " << p.line << ")\n" << text;
  return p.recognised() ? p.value : nlohmann::json{};
}

inline std::string str(const nlohmann::json &j, const char *key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string("<absent>");
}

}  // namespace simtest
