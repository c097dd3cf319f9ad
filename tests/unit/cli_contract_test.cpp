// The command-line contract of issue 16, through cli::run as main calls it: exit codes per command
// and situation, the JSON envelope, `help CMD`, "did you mean", `diff HOST`, `store prune`, and the
// settings (licmig.yaml, LICMIG_*) with their precedence. Commands that reach routers are covered
// end to end against iosxe-sim (tests/e2e/contract_test.py).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "cli/help.hpp"
#include "cli/logging.hpp"
#include "cli/settings.hpp"
#include "snapshot/store.hpp"

namespace licmig::cli {
namespace {

namespace fs = std::filesystem;

struct Ran {
  int code;
  std::string out;
  std::string err;
};

Ran licmig(std::vector<std::string> args) {
  args.insert(args.begin(), "licmig");
  std::vector<char *> argv;
  for (auto &a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  const int code = run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

class CliContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("licmig-cli-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    old_cwd_ = fs::current_path();
    fs::current_path(dir_);
    for (const char *v : {"LICMIG_STORE", "LICMIG_INVENTORY", "LICMIG_PARALLEL", "XDG_CONFIG_HOME"}) ::unsetenv(v);
    ::setenv("XDG_CONFIG_HOME", (dir_ / "config").c_str(), 1);
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    fs::remove_all(dir_);
    for (const char *v : {"LICMIG_STORE", "LICMIG_INVENTORY", "LICMIG_PARALLEL", "XDG_CONFIG_HOME"}) ::unsetenv(v);
  }

  // Stores a record of `host` at `at` with license level `level`; returns its path.
  std::string record(const std::string &store, const std::string &host, const std::string &at,
                     const std::string &level) {
    snapshot::Snapshot s;
    s.host = host;
    s.taken_at = at;
    s.version.version = "17.09.04";
    s.license_level = level;
    auto path = snapshot::Store(store).save(s);
    EXPECT_TRUE(path) << path.error_message();
    return path ? path.value() : std::string();
  }

  static void write(const fs::path &p, const std::string &text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }

  fs::path dir_;
  fs::path old_cwd_;
};

TEST(QuietFilter, DropsWarningLinesAndPassesTheRestAsItComes) {
  std::stringbuf target;
  auto filter = quiet_filter(&target);
  std::ostream err(filter.get());
  err << "licmig: warning: host x is not IOS: skipped\n";
  EXPECT_EQ(target.str(), "");
  err << "SSH password: " << std::flush;  // a prompt without a newline is shown at once
  EXPECT_EQ(target.str(), "SSH password: ");
  err << "\nlicmig: error: no host left\nlicmig: warn\nok\n";
  EXPECT_EQ(target.str(), "SSH password: \nlicmig: error: no host left\nlicmig: warn\nok\n");
}

TEST_F(CliContractTest, GlobalOptionsBeforeOrAfterTheCommandAndABadLogFile) {
  auto r = licmig({"matrix", "-q", "--color", "never"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  r = licmig({"-v", "--log-file", (dir_ / "licmig.log").string(), "matrix"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "licmig.log"));
  r = licmig({"--log-file", (dir_ / "missing" / "x.log").string(), "matrix"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_NE(r.err.find("--log-file " + (dir_ / "missing" / "x.log").string() + ": its folder"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
  r = licmig({"--color", "sometimes", "matrix"});
  EXPECT_EQ(r.code, exit_usage);
  // -q keeps errors
  r = licmig({"-q", "--log-file", dir_.string(), "matrix"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_NE(r.err.find("licmig: error: --log-file"), std::string::npos) << r.err;
}

TEST_F(CliContractTest, AMistypedCommandGetsTheNearestName) {
  auto r = licmig({"snapshto", "-i", "x.yaml"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_NE(r.err.find("unknown command 'snapshto'; did you mean 'snapshot'?"), std::string::npos) << r.err;
  r = licmig({"frobnicate"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_NE(r.err.find("unknown command 'frobnicate'"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("did you mean"), std::string::npos) << "no guess for a word far from every command";
}

TEST_F(CliContractTest, AMistypedOptionGetsTheNearestName) {
  auto r = licmig({"matrix", "--releas", "17.9.1"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_NE(r.err.find("--releas: did you mean --release?"), std::string::npos) << r.err;
  r = licmig({"check", "-i", "x.yaml", "--target-relase", "17.9.4", "--target-mode", "smart"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_NE(r.err.find("did you mean --target-release?"), std::string::npos) << r.err;
}

TEST_F(CliContractTest, HelpForOneCommandListsOnlyTheCodesItCanReturn) {
  auto r = licmig({"help", "check"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("--target-release"), std::string::npos) << r.out;
  for (const char *code : {"  0  ", "  1  ", "  2  ", "  3  ", "  4  ", "  5  "}) {
    EXPECT_NE(r.out.find(code), std::string::npos) << code << r.out;
  }
  EXPECT_EQ(r.out.find("  130  "), std::string::npos) << r.out;
  auto diff = licmig({"help", "diff"});
  EXPECT_EQ(diff.code, exit_ok);
  EXPECT_NE(diff.out.find("  1  findings"), std::string::npos) << diff.out;
  EXPECT_EQ(diff.out.find("  3  "), std::string::npos) << "diff reaches no router: " << diff.out;
  auto matrix = licmig({"help", "matrix"});
  EXPECT_EQ(matrix.out.find("  1  "), std::string::npos) << matrix.out;
  EXPECT_EQ(licmig({"help", "store", "prune"}).code, exit_ok);
  auto bad = licmig({"help", "chek"});
  EXPECT_EQ(bad.code, exit_usage);
  EXPECT_NE(bad.err.find("did you mean 'check'?"), std::string::npos) << bad.err;
  EXPECT_NE(licmig({"help"}).out.find("Exit codes"), std::string::npos);
}

// check, plan and migrate take one set of target options (cli::add_target_options): a migration can
// be given everything its check and plan were given, so that they cannot disagree.
TEST_F(CliContractTest, CheckPlanAndMigrateTakeTheSameTargetOptions) {
  const auto help_of = [](const char *command) { return licmig({"help", command}).out; };
  const std::string check = help_of("check"), plan = help_of("plan"), migrate = help_of("migrate");
  for (const char *option :
       {"--target-release", "--target-mode", "--image ", "--image-md5", "--image-url", "--satellite", "--slr",
        "--allow-unlisted-release", "--via ", "--via-image", "--token-file"}) {
    EXPECT_NE(check.find(option), std::string::npos) << option << " missing from check";
    EXPECT_NE(plan.find(option), std::string::npos) << option << " missing from plan";
    EXPECT_NE(migrate.find(option), std::string::npos) << option << " missing from migrate";
  }
}

TEST_F(CliContractTest, DiffExitsOneWhenTheRecordsDifferAsDiffDoes) {
  const std::string store = (dir_ / "store").string();
  const auto a = record(store, "pe1", "2026-11-30T10:00:00.000001Z", "metroaccess");
  const auto b = record(store, "pe1", "2026-11-30T11:00:00.000001Z", "metroaccess");
  auto same = licmig({"diff", a, b});
  EXPECT_EQ(same.code, exit_ok) << same.err;
  record(store, "pe1", "2026-11-30T12:00:00.000001Z", "advancedmetroipaccess");
  // HOST: its latest two records
  auto changed = licmig({"diff", "pe1", "--store", store, "--format", "json"});
  EXPECT_EQ(changed.code, exit_findings) << changed.err;
  auto j = nlohmann::json::parse(changed.out);
  EXPECT_EQ(j["schema"], "licmig/1");
  EXPECT_EQ(j["command"], "diff");
  EXPECT_EQ(j["routers"][0]["host"], "pe1");
  EXPECT_EQ(j["routers"][0]["status"], "changed");
  EXPECT_EQ(j["routers"][0]["before_snapshot"], b);
  EXPECT_EQ(j["routers"][0]["changes"][0]["field"], "license_level");
  EXPECT_EQ(j["summary"]["exit_code"], 1);
  // one record: nothing to compare is an input error
  record(store, "pe2", "2026-11-30T10:00:00.000001Z", "metroaccess");
  auto one = licmig({"diff", "pe2", "--store", store});
  EXPECT_EQ(one.code, exit_usage);
  EXPECT_NE(one.err.find("holds one snapshot of pe2"), std::string::npos) << one.err;
  EXPECT_EQ(licmig({"diff", "nosuch.json", b}).code, exit_usage);
}

TEST_F(CliContractTest, StorePruneKeepsTheNewestAndWhatAJournalNames) {
  const std::string store = (dir_ / "store").string();
  std::vector<std::string> paths;
  for (int i = 0; i < 5; ++i) {
    paths.push_back(record(store, "pe1", "2026-11-30T1" + std::to_string(i) + ":00:00.000001Z", "metroaccess"));
  }
  record(store, "pe2", "2026-11-30T10:00:00.000001Z", "metroaccess");
  // a migration's journal names the oldest record of pe1 (its pre-change snapshot)
  write(fs::path(store) / "journal" / "RUN.jsonl",
        "{\"event\":\"step\",\"host\":\"pe1\",\"facts\":{\"pre_snapshot\":\"" + paths[0] + "\"}}\n");
  auto dry = licmig({"store", "prune", "--keep", "2", "--store", store, "--dry-run"});
  EXPECT_EQ(dry.code, exit_ok) << dry.err;
  EXPECT_EQ(snapshot::Store(store).list("pe1").size(), 5U);
  auto r = licmig({"store", "prune", "--keep", "2", "--store", store, "--format", "json"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  const auto left = snapshot::Store(store).list("pe1");
  EXPECT_EQ(left, (std::vector<std::string>{paths[0], paths[3], paths[4]}));
  EXPECT_FALSE(fs::exists(paths[1].substr(0, paths[1].size() - 5) + ".xml"));
  EXPECT_EQ(snapshot::Store(store).list("pe2").size(), 1U);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["command"], "store");
  EXPECT_EQ(j["summary"]["deleted"], 2);
  EXPECT_EQ(licmig({"store", "prune", "--keep", "0", "--store", store}).code, exit_usage);
  EXPECT_EQ(licmig({"store", "prune", "--keep", "1", "--store", (dir_ / "none").string()}).code, exit_usage);
}

TEST_F(CliContractTest, SettingsPrecedenceCommandLineEnvironmentWorkingFolderUser) {
  auto s = load_settings({}, {});
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->store);
  write(dir_ / "user.yaml", "store: /from/user\nparallel: 7\ninventory: [a.yml, b.ini]\nconnect_timeout: 9\n");
  write(dir_ / "here.yaml", "store: /from/here\nknown_hosts: /kh\n");
  s = load_settings({(dir_ / "user.yaml").string(), (dir_ / "here.yaml").string()}, {});
  ASSERT_TRUE(s) << s.error_message();
  EXPECT_EQ(*s->store, "/from/here");
  EXPECT_EQ(*s->parallel, 7);
  EXPECT_EQ(*s->connect_timeout, 9);
  EXPECT_EQ(*s->known_hosts, "/kh");
  EXPECT_EQ(*s->inventory, (std::vector<std::string>{"a.yml", "b.ini"}));
  s = load_settings({(dir_ / "user.yaml").string(), (dir_ / "here.yaml").string()},
                    {{"LICMIG_STORE", "/from/env"}, {"LICMIG_INVENTORY", "x.yml,y.yml"}, {"LICMIG_PARALLEL", "3"}});
  ASSERT_TRUE(s);
  EXPECT_EQ(*s->store, "/from/env");
  EXPECT_EQ(*s->parallel, 3);
  EXPECT_EQ(*s->inventory, (std::vector<std::string>{"x.yml", "y.yml"}));
  // bad settings name their place
  write(dir_ / "bad.yaml", "store: /s\nparalel: 3\n");
  s = load_settings({(dir_ / "bad.yaml").string()}, {});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error_message().find("bad.yaml:2: paralel: unknown setting"), std::string::npos) << s.error_message();
  write(dir_ / "range.yaml", "parallel: 0\n");
  EXPECT_NE(load_settings({(dir_ / "range.yaml").string()}, {}).error_message().find("range.yaml:1: parallel"),
            std::string::npos);
  EXPECT_NE(load_settings({}, {{"LICMIG_PARALLEL", "many"}}).error_message().find("LICMIG_PARALLEL"),
            std::string::npos);
}

TEST_F(CliContractTest, TheStoreComesFromTheSettingsInPrecedence) {
  for (const char *store : {"user-store", "here-store", "env-store", "cli-store"}) {
    record((dir_ / store).string(), "pe1", "2026-11-30T10:00:00.000001Z", "metroaccess");
    record((dir_ / store).string(), "pe1", "2026-11-30T11:00:00.000001Z", store);  // a level naming the store
  }
  auto level_after = [](const Ran &r) {
    if (r.code != exit_findings) return "exit " + std::to_string(r.code) + ": " + r.err;
    return nlohmann::json::parse(r.out)["routers"][0]["changes"][0]["after"].get<std::string>();
  };
  write(dir_ / "config" / "licmig" / "licmig.yaml", "store: " + (dir_ / "user-store").string() + "\n");
  EXPECT_EQ(level_after(licmig({"diff", "pe1", "--format", "json"})), "user-store");
  write(dir_ / "licmig.yaml", "store: " + (dir_ / "here-store").string() + "\n");
  EXPECT_EQ(level_after(licmig({"diff", "pe1", "--format", "json"})), "here-store");
  ::setenv("LICMIG_STORE", (dir_ / "env-store").c_str(), 1);
  EXPECT_EQ(level_after(licmig({"diff", "pe1", "--format", "json"})), "env-store");
  EXPECT_EQ(level_after(licmig({"diff", "pe1", "--format", "json", "--store", (dir_ / "cli-store").string()})),
            "cli-store");
  // a broken working-folder file stops the command, naming it
  write(dir_ / "licmig.yaml", "store: [\n");
  auto r = licmig({"diff", "pe1"});
  EXPECT_EQ(r.code, exit_usage);
  EXPECT_NE(r.err.find("licmig.yaml:"), std::string::npos) << r.err;
}

TEST_F(CliContractTest, TheInventoryComesFromTheSettings) {
  write(dir_ / "hosts.yaml", "all:\n  hosts:\n    r1: {ansible_host: 127.0.0.1}\n");
  auto none = licmig({"inventory"});
  EXPECT_EQ(none.code, exit_usage);
  EXPECT_NE(none.err.find("needs an inventory"), std::string::npos) << none.err;
  ::setenv("LICMIG_INVENTORY", (dir_ / "hosts.yaml").c_str(), 1);
  auto r = licmig({"inventory"});
  EXPECT_EQ(r.code, exit_ok) << r.err;
  EXPECT_NE(r.out.find("r1"), std::string::npos);
}

TEST_F(CliContractTest, MatrixJsonIsTheEnvelopeAndAReleaseOutsideItIsAnInputError) {
  auto r = licmig({"matrix", "--format", "json"});
  EXPECT_EQ(r.code, exit_ok);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], "licmig/1");
  EXPECT_TRUE(j["routers"].empty());
  EXPECT_FALSE(j["matrix"]["rows"].empty());
  EXPECT_EQ(licmig({"matrix", "--release", "15.1.1"}).code, exit_usage);
}

TEST(Nearest, OnlyCloseNamesAreSuggested) {
  EXPECT_EQ(nearest("migarte", {"migrate", "matrix", "plan"}), "migrate");
  EXPECT_EQ(nearest("--limt", {"--limit", "--store"}), "--limit");
  EXPECT_EQ(nearest("xyz", {"migrate", "plan"}), "");
  EXPECT_EQ(nearest("pla", {"plan", "parse"}), "plan");
}

}  // namespace
}  // namespace licmig::cli
