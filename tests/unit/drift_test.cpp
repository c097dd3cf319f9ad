// Tests of snapshot/drift.hpp (issue 11): a router that is not the one the plan was made for, or
// not in the state it was made from, shows a difference; an unchanged one shows none.
#include <gtest/gtest.h>

#include "snapshot/drift.hpp"
#include "snapshot/secrets.hpp"

namespace licmig::snapshot {
namespace {

Snapshot router() {
  Snapshot s;
  s.host = "pe1";
  s.taken_at = "2026-11-30T06:00:00Z";
  s.version.version = "16.9.4";
  s.version.hostname = "PE1";
  s.version.processor_board_id = "CAT1234U0AB";
  s.license_mode = LicenseMode::traditional;
  s.license_level = "advancedmetroipaccess";
  s.configured_boot_level = "advancedmetroipaccess";
  s.running_config.boot_system = {"bootflash:asr920-universalk9_npe.16.09.04.SPA.bin"};
  PakLicense pak;
  pak.feature = "advancedmetroipaccess";
  pak.license_type = "Permanent";
  pak.license_state = "Active, In Use";
  s.pak_licenses.push_back(pak);
  Udi udi;
  udi.pid = "ASR-920-24SZ-IM";
  udi.sn = "CAT1234U0AB";
  s.smart.udi.push_back(udi);
  return s;
}

TEST(Drift, SameRouterSameStateHasNone) {
  auto later = router();
  later.taken_at = "2026-11-30T07:00:00Z";
  later.version.uptime = "1 hour";  // not part of the plan's state
  EXPECT_TRUE(drift(router(), later).empty());
}

TEST(Drift, AnotherRouterAtTheSameAddressIsNamed) {
  auto other = router();
  other.version.hostname = "PE7";
  other.version.processor_board_id = "CAT9999ZZZZ";
  other.smart.udi[0].sn = "CAT9999ZZZZ";
  EXPECT_EQ(describe_drift(drift(router(), other)),
            "changed since the plan: hostname was PE1, now PE7; serial was CAT1234U0AB, now CAT9999ZZZZ; udi was "
            "ASR-920-24SZ-IM:CAT1234U0AB, now ASR-920-24SZ-IM:CAT9999ZZZZ — run plan again");
}

TEST(Drift, StateChangesSinceThePlanAreNamed) {
  auto upgraded = router();
  upgraded.version.version = "17.12.1";
  upgraded.license_mode = LicenseMode::no_license;
  upgraded.pak_licenses.clear();
  upgraded.configured_boot_level.reset();
  auto changes = drift(router(), upgraded);
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].field, "version");
  EXPECT_EQ(changes[1].field, "license_mode");
  EXPECT_EQ(changes[2].field, "configured_boot_level");
  EXPECT_EQ(changes[3].field, "pak_license advancedmetroipaccess");
  auto boot = router();
  boot.running_config.boot_system.push_back("bootflash:other.bin");
  EXPECT_EQ(drift(router(), boot).size(), 1u);
}

TEST(Drift, IdentityThatCanNoLongerBeReadIsADifference) {
  auto blind = router();
  blind.version.processor_board_id.reset();
  blind.smart.udi.clear();
  EXPECT_EQ(drift(router(), blind).size(), 2u);
}

}  // namespace
}  // namespace licmig::snapshot

// Secrets of the running-config (issue 12): diff_snapshots names the line whose secret changed and
// shows two masks, never the secret; drift does not count it (the plan still holds).
namespace licmig::snapshot {
namespace {

Snapshot with_config(const std::string &community, const std::string &tacacs_key, const std::string &cert) {
  SecretMasker m("drift-test-key");
  Snapshot s = router();
  const std::string config = "Building configuration...\n!\nhostname PE1\nsnmp-server community " + community +
                             " RO 10\ntacacs server ISE\n key 7 " + tacacs_key +
                             "\ncrypto pki certificate chain TP\n certificate ca 01\n  " + cert +
                             "\n  3082FFFF\n  quit\nend\n";
  s.raw.push_back({"show running-config", m.mask(config)});
  return s;
}

TEST(DiffSecrets, AChangedSecretIsTwoMasks) {
  SecretMasker m("drift-test-key");
  const auto a = with_config("Publ1c", "0822455D0A16", "3082AAAA");
  const auto b = with_config("Chang3d", "0822455D0A16", "3082BBBB");
  const auto changes = diff_snapshots(a, b);
  ASSERT_EQ(changes.size(), 2U) << render_diff(a, b, changes);
  EXPECT_EQ(changes[0].field, "secret crypto pki certificate chain TP / certificate ca 01 (block)");
  EXPECT_NE(changes[0].before, changes[0].after);
  EXPECT_EQ(changes[1].field, "secret snmp-server community <secret> RO 10");
  EXPECT_EQ(changes[1].before, m.mask_of("Publ1c"));
  EXPECT_EQ(changes[1].after, m.mask_of("Chang3d"));
  const auto text = render_diff(a, b, changes);
  for (const char *secret : {"Publ1c", "Chang3d", "0822455D0A16", "3082AAAA", "3082BBBB"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in\n" << text;
  }
  EXPECT_TRUE(drift(a, b).empty()) << describe_drift(drift(a, b));
  EXPECT_TRUE(diff_snapshots(a, with_config("Publ1c", "0822455D0A16", "3082AAAA")).empty());
  // A section's line names an indented secret line.
  const auto c = with_config("Publ1c", "1511021F0725", "3082AAAA");
  const auto key = diff_snapshots(a, c);
  ASSERT_EQ(key.size(), 1U);
  EXPECT_EQ(key[0].field, "secret tacacs server ISE / key 7 <secret>");
}

}  // namespace
}  // namespace licmig::snapshot
