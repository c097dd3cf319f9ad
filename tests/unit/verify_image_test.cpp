// `licmig check --image F` records the router's `verify /md5` of F (rule LM081 needs it):
// verify_image_into() over a scripted session (the checksum parser is tested in verify_md5_test);
// and the session path a snapshot records (collect_snapshot, issue 17).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "migrate/collect.hpp"
#include "router_session_fakes.hpp"
#include "rules/checks.hpp"

namespace licmig::migrate {
namespace {

const std::string k_md5 = "1f3e5d7c9b0a2f4e6d8c0b2a4f6e8d0c";
const std::string k_file = "asr920-universalk9_npe.17.12.01.SPA.bin";

class ScriptedSession final : public RouterSession {
 public:
  std::map<std::string, std::string> answers;
  std::vector<std::string> sent;
  Status open() override { return Status::ok(); }
  Result<std::string> run(const std::string &c) override { return run_tolerant(c); }
  Result<std::string> run_tolerant(const std::string &c) override {
    sent.push_back(c);
    auto it = answers.find(c);
    if (it == answers.end()) return Status::error(ErrorKind::timed_out, "no answer");
    return it->second;
  }
  Status configure(const std::vector<std::string> &) override {
    ADD_FAILURE() << "configure on a read-only path";
    return Status::ok();
  }
  Status save() override {
    ADD_FAILURE() << "save on a read-only path";
    return Status::ok();
  }
  Result<ReloadReport> reload() override {
    ADD_FAILURE() << "reload on a read-only path";
    return ReloadReport{};
  }
  void add_secret(const std::string &) override {}
  void close() override {}
  std::string transcript_path() const override { return ""; }
};

snapshot::Snapshot with_bootflash(const std::vector<std::string> &files) {
  snapshot::Snapshot s;
  s.host = "pe1";
  s.version.version = "16.09.04";
  snapshot::DirListing d;
  for (const auto &f : files) {
    snapshot::FlashFile e;
    e.name = f;
    d.files.push_back(e);
  }
  s.bootflash = d;
  return s;
}

TEST(VerifyImageInto, RecordsTheChecksumOfAFileOnBootflash) {
  ScriptedSession session;
  session.answers["verify /md5 bootflash:" + k_file] = "verify /md5 (bootflash:" + k_file + ") = " + k_md5 + "\n";
  auto snap = with_bootflash({k_file});
  auto r = verify_image_into(session, "bootflash:" + k_file, snap);
  ASSERT_TRUE(r) << r.error_message();
  EXPECT_FALSE(r.value());
  ASSERT_EQ(snap.image_checks.size(), 1U);
  EXPECT_EQ(snap.image_checks[0].file, "bootflash:" + k_file);
  EXPECT_EQ(snap.image_checks[0].md5, k_md5);
  EXPECT_EQ(snap.raw.back().command, "verify /md5 bootflash:" + k_file);
}

TEST(VerifyImageInto, NothingWhenTheFileIsMissingOrNoListing) {
  ScriptedSession session;
  auto snap = with_bootflash({"other.bin"});
  ASSERT_TRUE(verify_image_into(session, k_file, snap));
  EXPECT_TRUE(snap.image_checks.empty());
  snapshot::Snapshot none;
  ASSERT_TRUE(verify_image_into(session, k_file, none));
  EXPECT_TRUE(session.sent.empty());
}

TEST(VerifyImageInto, NoteWhenNoChecksumErrorWhenTheSessionFails) {
  ScriptedSession session;
  session.answers["verify /md5 bootflash:" + k_file] = "% Invalid input detected at '^' marker.\n";
  auto snap = with_bootflash({k_file});
  auto r = verify_image_into(session, k_file, snap);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r.value());
  EXPECT_TRUE(snap.image_checks.empty());
  ScriptedSession dead;
  auto snap2 = with_bootflash({k_file});
  EXPECT_FALSE(verify_image_into(dead, k_file, snap2));
}

// The recorded checksum is what makes rule LM081 fire, and only on a mismatch.
TEST(VerifyImageInto, FeedsRuleLm081) {
  ScriptedSession session;
  session.answers["verify /md5 bootflash:" + k_file] =
      "verify /md5 (bootflash:" + k_file + ") = 00000000000000000000000000000bad\n";
  auto snap = with_bootflash({k_file});
  ASSERT_TRUE(verify_image_into(session, k_file, snap));
  rules::Target t;
  t.release_text = "17.12.1";
  t.release = snapshot::Release::of("17.12.1");
  t.mode = rules::TargetMode::no_license;
  t.image = k_file;
  t.image_md5 = k_md5;
  auto has = [](const std::vector<rules::Finding> &fs, const std::string &id) {
    for (const auto &f : fs) {
      if (f.rule_id == id) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(rules::check_router(snap, t, {}), "LM081"));
  snap.image_checks[0].md5 = k_md5;
  EXPECT_FALSE(has(rules::check_router(snap, t, {}), "LM081"));
}

// The session's interface (issue 17): the row of `show ip interface brief` holding the address the
// session reached; asked only when that address is known.
TEST(CollectSnapshot, RecordsTheInterfaceTheSessionArrivesOn) {
  const std::string brief =
      "Interface              IP-Address      OK? Method Status                Protocol\n"
      "GigabitEthernet0/0/0   unassigned      YES unset  up                    up\n"
      "GigabitEthernet0/0/1   10.0.0.5        YES manual up                    up\n"
      "GigabitEthernet0       192.0.2.10      YES NVRAM  up                    up\n";
  using fakes::FakeRouter;
  auto collect = [&](const std::string &address) {
    FakeRouter r;
    r.answers["show ip interface brief"] = brief;
    snapshot::SessionPath p;
    p.address = address;
    p.basis = "the session reached " + address;
    r.path = p;
    auto c = collect_snapshot(r, "pe1", "2026-11-30T16:00:00Z");
    EXPECT_TRUE(c) << c.error_message();
    EXPECT_EQ(std::count(r.log.begin(), r.log.end(), "show ip interface brief"), address.empty() ? 0 : 1);
    return c ? c.value().snap : snapshot::Snapshot{};
  };
  auto data = collect("10.0.0.5");
  ASSERT_TRUE(data.session);
  EXPECT_EQ(data.session->interface, "GigabitEthernet0/0/1");
  EXPECT_FALSE(data.session->management);
  EXPECT_NE(data.session->basis.find("which show ip interface brief gives to GigabitEthernet0/0/1 (a data port)"),
            std::string::npos)
      << data.session->basis;
  auto mgmt = collect("192.0.2.10");
  ASSERT_TRUE(mgmt.session);
  EXPECT_EQ(mgmt.session->interface, "GigabitEthernet0");
  EXPECT_TRUE(mgmt.session->management);
  // an address no interface owns (address translation on the way): no interface, said so
  auto nat = collect("203.0.113.9");
  ASSERT_TRUE(nat.session);
  EXPECT_EQ(nat.session->interface, "");
  EXPECT_NE(nat.session->basis.find("no interface in show ip interface brief has that address"), std::string::npos);
  // through a jump host: nothing asked, the record says the address is not seen
  auto hidden = collect("");
  ASSERT_TRUE(hidden.session);
  EXPECT_EQ(hidden.session->interface, "");
  // a session that cannot tell (nullopt): no record
  FakeRouter plain;
  auto c = collect_snapshot(plain, "pe1", "2026-11-30T16:00:00Z");
  ASSERT_TRUE(c) << c.error_message();
  EXPECT_FALSE(c.value().snap.session);
}

}  // namespace
}  // namespace licmig::migrate
