// Tests of the iosxe-sim fleet loader (sim/fleet.hpp) and state store: every key, replicas,
// releases from image names, and the exact text of each error.
#include "sim/fleet.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "base/file.hpp"
#include "sim/state_store.hpp"

namespace licmig::sim {
namespace {

std::string error_of(const std::string &yaml) {
  const auto fleet = parse_fleet(yaml, "fleet.yaml");
  if (fleet) return "(no error)";
  return fleet.error_message();
}

TEST(SimFleet, ReadsEveryKey) {
  const auto fleet = parse_fleet(R"(defaults:
  platform: ASR-920-12SZ-IM
  username: admin
  password: cisco
  boot_seconds: 2
  faults:
    command_delay_ms: 10
devices:
  - name: pe1
    port: 22001
    hostname: PE1
    image: asr920-universalk9_npe.16.09.04.SPA.bin
    images:
      - file: asr920-universalk9_npe.17.06.01.SPA.bin
        md5: 0123456789abcdef0123456789abcdef
        size: 123
      - file: custom.bin
        release: 17.09.04a
    license_mode: traditional
    pak_licenses:
      - feature: advancedmetroipaccess
        type: Permanent
        state: Active, In Use
    boot_level: advancedmetroipaccess
    license_level: advancedmetroipaccess
    smart:
      registration: UNREGISTERED
      smart_account: BU Production
      virtual_account: Routers
      tokens: [good-token, {token: old-token, valid: false}]
      eval_days_remaining: 42
      satellite: true
    call_home:
      service_enabled: true
      secure_trustpoint: SLA-TrustPoint
      profiles:
        - name: CiscoTAC-1
          active: true
          transport: http
          http_destinations: [https://tools.cisco.com/its/service/oddce/services/DDCEService]
    ha: {group: g1, role: active}
    interfaces:
      management: GigabitEthernet0
      data_ports: [GigabitEthernet0/0/0]
      session_via: GigabitEthernet0/0/0
    credentials:
      enable_secret: en
      authorized_keys: ["ssh-ed25519 AAAA test"]
    faults:
      drop_after_commands: 3
      garble: [show license]
      deny_commands: [show license, "show  platform software sl-infra"]
  - name: pe2
    port: 22002
    release: 16.9.4
    ha: {group: g1, role: standby}
)",
                                 "fleet.yaml");
  ASSERT_TRUE(fleet) << fleet.error_message();
  ASSERT_EQ(fleet->routers.size(), 2u);
  const RouterSpec &r = fleet->routers[0];
  EXPECT_EQ(r.name, "pe1");
  EXPECT_EQ(r.port, 22001);
  EXPECT_EQ(r.hostname, "PE1");
  EXPECT_EQ(r.platform, "ASR-920-12SZ-IM");
  EXPECT_EQ(r.release, "16.9.4");
  EXPECT_EQ(r.image, "asr920-universalk9_npe.16.09.04.SPA.bin");
  ASSERT_EQ(r.images.size(), 2u);
  EXPECT_EQ(r.images[0].release, "17.6.1");
  EXPECT_EQ(r.images[0].md5, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(r.images[0].size, 123);
  EXPECT_EQ(r.images[1].release, "17.9.4a");
  ASSERT_EQ(r.pak_licenses.size(), 1u);
  EXPECT_EQ(r.pak_licenses[0].feature, "advancedmetroipaccess");
  EXPECT_EQ(r.boot_level, std::optional<std::string>("advancedmetroipaccess"));
  EXPECT_EQ(r.smart.smart_account, "BU Production");
  ASSERT_EQ(r.smart.tokens.size(), 2u);
  EXPECT_TRUE(r.smart.tokens[0].valid);
  EXPECT_FALSE(r.smart.tokens[1].valid);
  EXPECT_EQ(r.smart.eval_days_remaining, 42);
  EXPECT_TRUE(r.smart.satellite);
  EXPECT_EQ(r.call_home.secure_trustpoint, std::optional<std::string>("SLA-TrustPoint"));
  ASSERT_EQ(r.call_home.profiles.size(), 1u);
  EXPECT_EQ(r.call_home.profiles[0].http_destinations.size(), 1u);
  ASSERT_TRUE(r.ha);
  EXPECT_EQ(r.ha->role, "active");
  EXPECT_EQ(r.interfaces.session_via, "GigabitEthernet0/0/0");
  EXPECT_EQ(r.credentials.username, "admin");
  EXPECT_EQ(r.credentials.password, "cisco");
  EXPECT_EQ(r.credentials.enable_secret, "en");
  EXPECT_EQ(r.credentials.authorized_keys.size(), 1u);
  EXPECT_EQ(r.boot_seconds, 2);
  EXPECT_EQ(r.faults.command_delay_ms, 10);  // from defaults, merged with the device's faults
  EXPECT_EQ(r.faults.drop_after_commands, 3);
  EXPECT_EQ(r.faults.garble.size(), 1u);
  EXPECT_EQ(r.faults.deny_commands, (std::vector<std::string>{"show license", "show  platform software sl-infra"}));
  EXPECT_EQ(r.source, "fleet.yaml:9");
  EXPECT_EQ(fleet->routers[1].hostname, "pe2");
  EXPECT_EQ(fleet->routers[1].faults.command_delay_ms, 10);
}

TEST(SimFleet, AuthMethods) {
  const auto fleet = parse_fleet(R"(defaults: {auth_methods: [keyboard-interactive]}
devices:
  - {name: kbd, port: 22001, release: 17.6.1}
  - {name: all, port: 22002, release: 17.6.1, auth_methods: [password, keyboard-interactive, publickey]}
  - {name: key, port: 22003, release: 17.6.1, credentials: {auth_methods: [publickey]}}
)",
                                 "fleet.yaml");
  ASSERT_TRUE(fleet) << fleet.error_message();
  const auto &r = fleet.value().routers;
  EXPECT_EQ(r[0].credentials.auth_methods, std::vector<std::string>{"keyboard-interactive"});
  EXPECT_EQ(r[1].credentials.auth_methods.size(), 3U);
  EXPECT_EQ(r[2].credentials.auth_methods, std::vector<std::string>{"publickey"});
  // the default offers all three
  EXPECT_EQ(RouterSpec{}.credentials.auth_methods,
            (std::vector<std::string>{"password", "keyboard-interactive", "publickey"}));
}

TEST(SimFleet, ReplicasExpandOnConsecutivePorts) {
  const auto fleet = parse_fleet(R"(devices:
  - {name: pe, hostname: "PE{n}", port: 30000, release: 17.6.1, replicas: 3}
  - {name: "ce{n}-x", port: 30010, release: 17.3.4a, replicas: 2}
  - {name: solo, port: 30020, release: 17.9.1, replicas: 1}
)",
                                 "f.yaml");
  ASSERT_TRUE(fleet) << fleet.error_message();
  ASSERT_EQ(fleet->routers.size(), 6u);
  EXPECT_EQ(fleet->routers[0].name, "pe1");
  EXPECT_EQ(fleet->routers[0].hostname, "PE1");
  EXPECT_EQ(fleet->routers[2].name, "pe3");
  EXPECT_EQ(fleet->routers[2].port, 30002);
  EXPECT_EQ(fleet->routers[4].name, "ce2-x");
  EXPECT_EQ(fleet->routers[4].hostname, "ce2-x");
  EXPECT_EQ(fleet->routers[4].release, "17.3.4a");
  EXPECT_EQ(fleet->routers[5].name, "solo");
  ASSERT_NE(find_router(*fleet, "pe2"), nullptr);
  EXPECT_EQ(find_router(*fleet, "pe2")->port, 30001);
  EXPECT_EQ(find_router(*fleet, "nope"), nullptr);
}

TEST(SimFleet, ReleaseFromImageName) {
  EXPECT_EQ(release_from_image("asr920-universalk9_npe.17.06.01.SPA.bin"), "17.6.1");
  EXPECT_EQ(release_from_image("asr920-universalk9_npe.16.09.04.SPA.bin"), "16.9.4");
  EXPECT_EQ(release_from_image("asr900rsp2-universalk9_npe.17.03.04a.SPA.bin"), "17.3.4a");
  EXPECT_EQ(release_from_image("asr920igp-universalk9.17.12.01.SPA.bin"), "17.12.1");
  EXPECT_EQ(release_from_image("asr920-universalk9_npe.03.16.08.S.155-3.S8-ext.bin"), "3.16.8S");
  EXPECT_EQ(release_from_image("custom.bin"), "");
  EXPECT_EQ(release_from_image(""), "");
}

struct BadFleet {
  const char *yaml;
  const char *error;
};

class SimFleetErrors : public ::testing::TestWithParam<BadFleet> {};

TEST_P(SimFleetErrors, NamesThePlace) { EXPECT_EQ(error_of(GetParam().yaml), GetParam().error); }

const BadFleet k_bad_fleets[] = {
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    portt: 3\n",
     "fleet.yaml:5: unknown key 'portt' in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: abc\n    release: 17.6.1\n",
     "fleet.yaml:3: 'port' must be an integer (got 'abc') in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 70000\n    release: 17.6.1\n",
     "fleet.yaml:3: 'port' must be between 1 and 65535 (got 70000) in device 'pe1'"},
    {"devices:\n  - {name: pe1, port: 22001, release: 17.6.1}\n  - {name: pe1, port: 22002, release: 17.6.1}\n",
     "fleet.yaml:3: duplicate device name 'pe1' (first defined at fleet.yaml:2)"},
    {"devices:\n  - {name: pe1, port: 22001, release: 17.6.1}\n  - {name: pe2, port: 22001, release: 17.6.1}\n",
     "fleet.yaml:3: port 22001 of device 'pe2' is already used by device 'pe1'"},
    {"devices:\n  - {name: pe, port: 22001, release: 17.6.1, replicas: 3}\n  - {name: x, port: 22003, release: "
     "17.6.1}\n",
     "fleet.yaml:3: port 22003 of device 'x' is already used by device 'pe3'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.x.1\n",
     "fleet.yaml:4: bad release '17.x.1' in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    image: custom.bin\n",
     "fleet.yaml:4: cannot derive a release from image 'custom.bin' in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n", "fleet.yaml:2: missing 'release' or 'image' in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    image: "
     "asr920-universalk9_npe.17.09.01.SPA.bin\n",
     "fleet.yaml:4: release '17.6.1' does not match image 'asr920-universalk9_npe.17.09.01.SPA.bin' (17.9.1) in "
     "device 'pe1'"},
    {"devices:\n  - {port: 22001, release: 17.6.1}\n", "fleet.yaml:2: missing 'name' in device #1"},
    {"devices:\n  - {name: pe1, release: 17.6.1}\n", "fleet.yaml:2: missing 'port' in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    ha: {group: g1, role: active}\n"
     "  - name: pe2\n    port: 22002\n    release: 17.6.1\n    ha: {group: g1, role: active}\n",
     "fleet.yaml:5: HA group 'g1' needs exactly one active and one standby router (has 2 active, 0 standby)"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    ha: {group: g1, role: standby}\n",
     "fleet.yaml:5: HA group 'g1' needs exactly one active and one standby router (has 0 active, 1 standby)"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    ha: {group: g1, role: primary}\n",
     "fleet.yaml:5: 'role' must be one of active, standby (got 'primary') in ha in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    faults:\n      command_dely_ms: 5\n",
     "fleet.yaml:6: unknown key 'command_dely_ms' in faults in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    faults:\n      refuse_connections: maybe\n",
     "fleet.yaml:6: 'refuse_connections' must be true or false (got 'maybe') in faults in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    faults:\n      deny_commands: show license\n",
     "fleet.yaml:6: 'deny_commands' must be a list in faults in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    faults:\n      deny_commands: [show, \" \"]\n",
     "fleet.yaml:6: empty command in 'deny_commands' in faults in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    license_mode: pak\n",
     "fleet.yaml:5: 'license_mode' must be one of traditional, smart, no-license (got 'pak') in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    pak_licenses:\n      - feature: metroaccess\n"
     "        type: Forever\n",
     "fleet.yaml:7: 'type' must be one of Permanent, EvalRightToUse, Evaluation (got 'Forever') in pak_licenses in "
     "device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    images:\n      - file: a.17.06.01.bin\n"
     "        md5: xyz\n",
     "fleet.yaml:7: 'md5' must be 32 hex digits (got 'xyz') in images in device 'pe1'"},
    {"defaults:\n  pasword: x\ndevices:\n  - {name: pe1, port: 22001, release: 17.6.1}\n",
     "fleet.yaml:2: unknown key 'pasword' in defaults"},
    {"defaults:\n  port: 22001\ndevices:\n  - {name: pe1, port: 22001, release: 17.6.1}\n",
     "fleet.yaml:2: key 'port' is not allowed in defaults"},
    {"routers:\n  - {name: pe1, port: 22001, release: 17.6.1}\n",
     "fleet.yaml:1: unknown top-level key 'routers' (expected defaults, devices)"},
    {"defaults: {}\n", "fleet.yaml: missing 'devices:'"},
    {"devices: {name: pe1}\n", "fleet.yaml:1: 'devices' must be a list at the top level"},
    {"devices:\n  - name: pe1\n    port: 22001\n    port: 22002\n    release: 17.6.1\n",
     "fleet.yaml:4: duplicate key 'port' in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: [1, 2]\n", "fleet.yaml:3: 'port' must be an integer (got '') in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    replicas: 0\n",
     "fleet.yaml:5: 'replicas' must be between 1 and 10000 (got 0) in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    hostname: {a: b}\n    release: 17.6.1\n",
     "fleet.yaml:4: 'hostname' must be a string in device 'pe1'"},
    {"devices:\n  - name: pe1\n   port: 22001\n", "fleet.yaml:3: YAML syntax error: end of sequence not found"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    auth_methods: [password, pin]\n",
     "fleet.yaml:5: 'auth_methods' must each be one of password, keyboard-interactive, publickey (got 'pin') in "
     "device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    auth_methods: []\n",
     "fleet.yaml:5: 'auth_methods' must list at least one method in device 'pe1'"},
    {"devices:\n  - name: pe1\n    port: 22001\n    release: 17.6.1\n    credentials: {auth_methods: [publickey, "
     "publickey]}\n",
     "fleet.yaml:5: 'auth_methods' lists 'publickey' twice in credentials in device 'pe1'"},
};

INSTANTIATE_TEST_SUITE_P(Malformed, SimFleetErrors, ::testing::ValuesIn(k_bad_fleets));

TEST(SimFleet, LoadFleetReportsAMissingFile) {
  const auto fleet = load_fleet("/nonexistent/fleet.yaml");
  ASSERT_FALSE(fleet);
  EXPECT_EQ(fleet.error_message(), "/nonexistent/fleet.yaml: cannot read the fleet file");
}

TEST(SimFleet, DemoFleetLoads) {
  const auto fleet = load_fleet(std::string(LICMIG_SOURCE_DIR) + "/sim/fleets/demo.yaml");
  ASSERT_TRUE(fleet) << fleet.error_message();
  EXPECT_GE(fleet->routers.size(), 18u);
}

TEST(SimStateStore, WritesAtomicallyWithOwnerOnlyMode) {
  const auto dir = std::filesystem::temp_directory_path() / ("sim_state_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  StateStore store(dir.string());
  ASSERT_TRUE(store.prepare().is_ok());
  const std::string path = (dir / "x.json").string();
  ASSERT_TRUE(base::write_file_atomically(path, "one", 0600, base::Sync::fast).is_ok());
  ASSERT_TRUE(base::write_file_atomically(path, "two", 0600, base::Sync::fast).is_ok());
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "two");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  ASSERT_TRUE(store.save("r1", nlohmann::json{{"level", "metroaccess"}}).is_ok());
  ASSERT_EQ(::stat(store.state_path("r1").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // nothing but the two files: no temporary left behind
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace licmig::sim
