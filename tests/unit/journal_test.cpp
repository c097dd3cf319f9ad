// The migration journal's pure pieces: reading (a torn last line from a kill is ignored, a bad line
// elsewhere is an error with its number), folding events into per-router progress, the plan's JSON
// round trip; and release_matches(), which decides whether a reload came up on the planned release.
#include <gtest/gtest.h>

#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "fixture_support.hpp"
#include "migrate/executor.hpp"
#include "migrate/journal.hpp"
#include "migrate/migration.hpp"
#include "rules/findings.hpp"
#include "rules/levels.hpp"

namespace licmig::migrate {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  std::string path;
  TempDir() {
    std::string tmpl_path = test::temp_template("licmig-journal-test");
    char *tmpl = tmpl_path.data();
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string write(const std::string &dir, const std::string &text) {
  const std::string p = dir + "/j.jsonl";
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

TEST(JournalRead, TornLastLineIsIgnored) {
  TempDir t;
  auto path = write(t.path, "{\"event\":\"run\",\"run\":\"R\"}\n{\"event\":\"start\",\"host\":\"a\",\"st");
  auto events = Journal::read_events(path);
  ASSERT_TRUE(events) << events.error_message();
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(events->front().at("event"), "run");
}

TEST(JournalRead, BadLineInTheMiddleIsAnErrorWithItsNumber) {
  TempDir t;
  auto path = write(t.path, "{\"event\":\"run\"}\nnot json\n{\"event\":\"result\",\"host\":\"a\"}\n");
  auto events = Journal::read_events(path);
  ASSERT_FALSE(events);
  EXPECT_NE(events.error_message().find(":2:"), std::string::npos) << events.error_message();
}

TEST(JournalRead, CompleteLastLineWithoutNewlineIsKept) {
  TempDir t;
  auto path = write(t.path, "{\"event\":\"run\"}\n{\"event\":\"result\",\"host\":\"a\"}");
  auto events = Journal::read_events(path);
  ASSERT_TRUE(events) << events.error_message();
  EXPECT_EQ(events->size(), 2u);
}

Plan sample_plan() {
  Plan p;
  p.host = "pe1";
  p.from = "16.9.4 traditional advancedmetroipaccess";
  p.to = "17.9.4 no-license advancedmetroipaccess";
  p.notes = {"a note"};
  Step pre;
  pre.kind = StepKind::pre_snapshot;
  pre.title = "take the pre-change snapshot";
  pre.commands = {"show version"};
  Step image;
  image.kind = StepKind::verify_image;
  image.commands = {"dir bootflash:", "verify /md5 bootflash:x.bin"};
  image.expect.image_file = "x.bin";
  image.expect.image_md5 = "9c2e4d6f8a0b1c3d5e7f9a1b3c5d7e9f";
  Step reload;
  reload.kind = StepKind::reload;
  reload.title = "reload into 17.9.4";
  reload.commands = {"reload"};
  reload.why = "the saved license boot level";
  reload.expect.release = "17.9.4";
  reload.expect.mode = snapshot::LicenseMode::no_license;
  reload.expect.level = "advancedmetroipaccess";
  reload.expect.boot_level = "advancedmetroipaccess";
  Step restore;  // issue 13 item 9: licensed ports brought back, then a reload that must show them up
  restore.kind = StepKind::restore_ports;
  restore.commands = {"configure terminal", "interface TenGigabitEthernet0/0/24", "no shutdown", "end"};
  Step reload_ports = reload;
  reload_ports.expect.ports_up = {"TenGigabitEthernet0/0/24"};
  Step reg;
  reg.kind = StepKind::register_smart;
  reg.commands = {"license smart register idtoken <token>"};
  reg.expect.registration = "REGISTERED";
  p.steps = {pre, image, reload, restore, reload_ports, reg};
  return p;
}

TEST(PlanJson, RoundTripKeepsEveryField) {
  const Plan p = sample_plan();
  auto back = plan_from_json(nlohmann::json::parse(plan_to_json(p).dump()));
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(plan_to_json(back.value()), plan_to_json(p));
  ASSERT_EQ(back->steps.size(), 6u);
  EXPECT_EQ(back->steps[2].kind, StepKind::reload);
  EXPECT_EQ(back->steps[2].expect.mode, snapshot::LicenseMode::no_license);
  EXPECT_EQ(back->steps[1].expect.image_md5, "9c2e4d6f8a0b1c3d5e7f9a1b3c5d7e9f");
  EXPECT_EQ(back->steps[3].kind, StepKind::restore_ports);
  EXPECT_TRUE(back->steps[2].expect.ports_up.empty());
  EXPECT_EQ(back->steps[4].expect.ports_up, std::vector<std::string>{"TenGigabitEthernet0/0/24"});
  EXPECT_EQ(back->steps[5].expect.registration, "REGISTERED");
  EXPECT_EQ(back->notes, p.notes);
}

TEST(PlanJson, UnknownStepKindIsAnError) {
  auto j = plan_to_json(sample_plan());
  j["steps"][0]["kind"] = "format-disk";
  EXPECT_FALSE(plan_from_json(j));
  EXPECT_FALSE(plan_from_json(nlohmann::json::object()));
}

TEST(JournalProgress, FoldsStepsReloadsFactsAndResults) {
  const Plan p = sample_plan();
  std::vector<nlohmann::json> events = {
      {{"event", "run"}, {"run", "R"}},
      {{"event", "plan"}, {"host", "pe1"}, {"plan", plan_to_json(p)}},
      {{"event", "plan"}, {"host", "pe2"}, {"plan", plan_to_json(p)}},
      {{"event", "start"}, {"host", "pe1"}, {"step", 0}, {"kind", "pre-snapshot"}},
      {{"event", "done"},
       {"host", "pe1"},
       {"step", 0},
       {"kind", "pre-snapshot"},
       {"facts", {{"pre_snapshot", "/s/pe1/1.json"}}}},
      {{"event", "done"}, {"host", "pe1"}, {"step", 1}, {"kind", "verify-image"}},
      {{"event", "start"}, {"host", "pe1"}, {"step", 2}, {"kind", "reload"}},
      {{"event", "reload-sent"}, {"host", "pe1"}, {"step", 2}, {"ts", "2026-01-02T03:04:05.000000Z"}},
      {{"event", "done"}, {"host", "pe2"}, {"step", 0}, {"kind", "pre-snapshot"}},
      {{"event", "done"}, {"host", "pe2"}, {"step", 1}, {"kind", "verify-image"}},
      {{"event", "reload-sent"}, {"host", "pe2"}, {"step", 2}, {"ts", "2026-01-02T03:04:06.000000Z"}},
      {{"event", "done"}, {"host", "pe2"}, {"step", 2}, {"kind", "reload"}},
      {{"event", "result"}, {"host", "pe2"}, {"outcome", "migrated"}},
  };
  auto progress = Journal::progress(events);
  ASSERT_EQ(progress.size(), 2u);
  const auto &a = progress.at("pe1");
  ASSERT_TRUE(a.plan);
  EXPECT_EQ(a.plan->steps.size(), 6u);
  EXPECT_EQ(a.steps_done, 2);
  EXPECT_TRUE(a.reload_pending);  // sent, not verified: verify on resume, never send again
  EXPECT_EQ(a.reload_sent_at, "2026-01-02T03:04:05.000000Z");
  EXPECT_EQ(a.facts.at("pre_snapshot"), "/s/pe1/1.json");
  EXPECT_FALSE(a.result);
  const auto &b = progress.at("pe2");
  EXPECT_EQ(b.steps_done, 3);
  EXPECT_FALSE(b.reload_pending);  // verified
  ASSERT_TRUE(b.result);
  EXPECT_EQ(b.result->outcome, Outcome::migrated);
}

// --rollback-on-failure: the rollback's records of a router fold apart from its migration's.
TEST(JournalProgress, TheRollbackPhaseFoldsApart) {
  const Plan p = sample_plan();
  PlanRecord rollback_plan{"pe1", p, true};
  StepRecord done;
  done.event = StepRecord::Event::done;
  done.host = "pe1";
  done.step = 0;
  done.kind = StepKind::pre_snapshot;
  done.facts = {{"pre_snapshot", "/s/pe1/2.json"}};
  done.rollback = true;
  ResultRecord failed;
  failed.host = "pe1";
  failed.outcome = Outcome::failed;
  failed.came_back_wrong = true;
  failed.rolled_back = "rolled back to 17.6.1 traditional metroipaccess";
  std::vector<nlohmann::json> events = {
      {{"event", "run"}, {"run", "R"}},
      PlanRecord{"pe1", p}.encode(),
      {{"event", "done"},
       {"host", "pe1"},
       {"step", 0},
       {"kind", "pre-snapshot"},
       {"facts", {{"pre_snapshot", "/s/pe1/1.json"}}}},
      nlohmann::json::parse(failed.encode().dump()),
      nlohmann::json::parse(rollback_plan.encode().dump()),
      nlohmann::json::parse(done.encode().dump()),
  };
  EXPECT_EQ(events[4].at("phase"), "rollback");
  const auto migration = Journal::progress(events);
  ASSERT_TRUE(migration.at("pe1").result);
  EXPECT_TRUE(migration.at("pe1").result->came_back_wrong);
  EXPECT_EQ(migration.at("pe1").result->rolled_back, failed.rolled_back);
  EXPECT_EQ(migration.at("pe1").steps_done, 1);
  EXPECT_EQ(migration.at("pe1").facts.at("pre_snapshot"), "/s/pe1/1.json");  // the rollback's is not its
  const auto rollback = Journal::progress(events, true);
  ASSERT_EQ(rollback.size(), 1u);
  ASSERT_TRUE(rollback.at("pe1").plan);
  EXPECT_EQ(rollback.at("pe1").steps_done, 1);
  EXPECT_EQ(rollback.at("pe1").facts.at("pre_snapshot"), "/s/pe1/2.json");
  EXPECT_FALSE(rollback.at("pe1").result);  // the migration's result is not the rollback's
}

TEST(JournalFile, AppendsFsyncedPrivateLinesThatReadBack) {
  TempDir t;
  auto j = Journal::create(t.path, "RUN-1");
  ASSERT_TRUE(j) << j.error_message();
  RunRecord run;
  run.run_id = "RUN-1";
  ASSERT_TRUE(j->append(run));
  StepRecord sent;
  sent.event = StepRecord::Event::reload_sent;
  sent.host = "pe1";
  sent.step = 4;
  ASSERT_TRUE(j->append(sent));
  struct stat st {};
  ASSERT_EQ(::stat(j->path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(Journal::create(t.path, "RUN-1")) << "a run id is never reused";
  auto events = Journal::read_events(Journal::path_for(t.path, "RUN-1"));
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_TRUE(events->at(1).contains("ts"));
  auto progress = Journal::progress(events.value());
  EXPECT_TRUE(progress.at("pe1").reload_pending);
  EXPECT_FALSE(Journal::open(t.path, "NO-SUCH-RUN"));
}

// --- issue 11: durability --------------------------------------------------------------------

// A record that cannot be written whole (here: the file size limit, as a full disk would) is cut
// off again, and the failure sticks: no later record is written after a lost one.
TEST(JournalFile, AFailedAppendIsCutOffAndSticks) {
  TempDir t;
  auto j = Journal::create(t.path, "RUN-F");
  ASSERT_TRUE(j) << j.error_message();
  RunRecord run;
  run.run_id = "RUN-F";
  ASSERT_TRUE(j->append(run));
  ASSERT_TRUE(j->healthy());
  const auto before = fs::file_size(j->path());
  struct rlimit old {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old;
  small.rlim_cur = static_cast<rlim_t>(before + 40);  // room for part of the next record only
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  StepRecord done;
  done.event = StepRecord::Event::done;
  done.host = "pe1";
  done.step = 0;
  done.facts = {{"pre_snapshot", std::string(200, 'x')}};
  const Status failed = j->append(done);
  ::setrlimit(RLIMIT_FSIZE, &old);
  ::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.message().find("cannot append"), std::string::npos) << failed.message();
  EXPECT_EQ(fs::file_size(j->path()), before) << "the torn record was left in the journal";
  EXPECT_FALSE(j->healthy());
  StepRecord small_record;
  small_record.event = StepRecord::Event::start;
  small_record.host = "pe1";
  EXPECT_FALSE(j->append(small_record)) << "a record was written after a lost one";
  EXPECT_EQ(fs::file_size(j->path()), before);
}

// Appenders sync outside the journal's lock (routers finishing together overlap their syncs):
// every record of every thread still lands whole, on its own line.
TEST(JournalFile, ConcurrentAppendsLandWholeOnTheirOwnLines) {
  TempDir t;
  auto j = Journal::create(t.path, "RUN-C");
  ASSERT_TRUE(j) << j.error_message();
  constexpr int k_threads = 8;
  constexpr int k_each = 25;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int i = 0; i < k_threads; ++i) {
    threads.emplace_back([&, i] {
      for (int n = 0; n < k_each; ++n) {
        StepRecord r;
        r.event = StepRecord::Event::start;
        r.host = "pe" + std::to_string(i);
        r.step = n;
        r.facts = {{"pad", std::string(static_cast<std::size_t>(100 + 37 * n), 'x')}};
        if (!j->append(r)) ++failed;
      }
    });
  }
  for (auto &th : threads) th.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_TRUE(j->healthy());
  auto events = Journal::read_events(j->path());
  ASSERT_TRUE(events) << events.error_message();
  ASSERT_EQ(events->size(), static_cast<std::size_t>(k_threads * k_each));
  std::map<std::string, int> next;  // each thread's records in its own order
  for (const auto &e : events.value()) {
    const auto host = e.at("host").get<std::string>();
    EXPECT_EQ(e.at("step").get<int>(), next[host]++) << host;
  }
  EXPECT_EQ(next.size(), static_cast<std::size_t>(k_threads));
}

TEST(JournalFile, OpenCutsATornLastLineSoTheResumeStartsOnItsOwnLine) {
  TempDir t;
  {
    auto j = Journal::create(t.path, "RUN-T");
    ASSERT_TRUE(j);
    RunRecord run;
    run.run_id = "RUN-T";
    ASSERT_TRUE(j->append(run));
  }
  { std::ofstream(Journal::path_for(t.path, "RUN-T"), std::ios::app) << R"({"event":"start","ho)"; }
  auto j = Journal::open(t.path, "RUN-T");
  ASSERT_TRUE(j) << j.error_message();
  StepRecord start;
  start.event = StepRecord::Event::start;
  start.host = "pe1";
  ASSERT_TRUE(j->append(start));
  auto events = Journal::read_events(j->path());
  ASSERT_TRUE(events) << events.error_message();
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ(events->at(1).value("event", ""), "start");
}

TEST(JournalFormat, ResultCauseAndInterruptedRecordsRoundTrip) {
  ResultRecord r;
  r.host = "pe1";
  r.outcome = Outcome::failed;
  r.from = "16.9.4 traditional advancedmetroipaccess";
  r.to = "17.12.1 no-license advancedmetroipaccess";
  r.cause = ErrorKind::closed;
  r.store_failed = false;
  auto back = ResultRecord::decode(r.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->cause, ErrorKind::closed);
  EXPECT_EQ(back->from, r.from);
  EXPECT_EQ(back->to, r.to);
  r.cause = ErrorKind::no_space;
  r.store_failed = true;
  back = ResultRecord::decode(r.encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->cause, ErrorKind::no_space);
  EXPECT_TRUE(back->store_failed);
  // a result of the earlier format has no cause
  auto old = ResultRecord::decode({{"event", "result"}, {"host", "pe1"}, {"outcome", "failed"}});
  ASSERT_TRUE(old);
  EXPECT_EQ(old->cause, ErrorKind::ok);

  InterruptedRecord i;
  i.signal = "SIGINT";
  i.in_flight = {"pe1"};
  i.not_started = {"pe2", "pe3"};
  auto decoded = decode_record(i.encode());
  ASSERT_TRUE(decoded);
  ASSERT_TRUE(decoded.value());
  const auto &ib = std::get<InterruptedRecord>(*decoded.value());
  EXPECT_EQ(ib.signal, "SIGINT");
  EXPECT_EQ(ib.in_flight, i.in_flight);
  EXPECT_EQ(ib.not_started, i.not_started);

  const WaveRecord w{3, false, {"pe1", "pe1-sb"}, {}};
  auto wave = decode_record(w.encode());
  ASSERT_TRUE(wave);
  ASSERT_TRUE(wave.value());
  const auto &wb = std::get<WaveRecord>(*wave.value());
  EXPECT_EQ(wb.wave, 3);
  EXPECT_FALSE(wb.canary);
  EXPECT_EQ(wb.hosts, w.hosts);
  EXPECT_FALSE(decode_record({{"event", "wave"}, {"hosts", "pe1"}}));  // a wave without its number is malformed
}

TEST(JournalProgress, AFailedReloadStaysPending) {
  // a failure record of a sent reload does not prove it did not happen
  std::vector<nlohmann::json> events = {
      {{"event", "reload-sent"}, {"host", "pe1"}, {"step", 4}, {"ts", "2026-11-30T09:00:00.000000Z"}},
      {{"event", "failed"}, {"host", "pe1"}, {"step", 4}, {"kind", "reload"}, {"detail", "did not come back"}},
      {{"event", "result"}, {"host", "pe1"}, {"outcome", "failed"}, {"cause", "timed out"}}};
  auto p = Journal::progress(events);
  EXPECT_TRUE(p["pe1"].reload_pending);
  ASSERT_TRUE(p["pe1"].result);
  EXPECT_EQ(p["pe1"].result->cause, ErrorKind::timed_out);
}

// --- journal_format.hpp: every record's encode and decode, side by side ---------------------------

TEST(JournalFormat, RunRecordRoundTripsEveryOptionAResumeNeeds) {
  RunRecord r;
  r.run_id = "20260101T000000Z-abcd";
  r.inventory = "/inv/hosts.yaml";
  r.inventories = {"/inv/hosts.yaml", "/inv/site-b"};
  r.vault_ids = {"prod@/inv/prod-pass.txt", "default@/inv/pass.sh"};
  r.ask_vault_pass = true;
  r.limit = "pe*:!pe9";
  r.target_release = "17.9.4a";
  r.target_mode = "smart";
  r.image = "bootflash:x.bin";
  r.image_md5 = "9c2e4d6f8a0b1c3d5e7f9a1b3c5d7e9f";
  r.token_file = "/secret/token";
  r.via = {"17.9.4a"};
  r.via_images = {"asr920-universalk9_npe.17.09.04a.SPA.bin"};
  r.satellite = true;
  r.slr = true;
  r.serial = "25%";
  r.canary = 2;
  r.max_fail_percentage = 10;
  r.max_fail_scope = "wave";
  r.store = "/data/licmig";
  r.known_hosts = "/home/op/.ssh/known_hosts";
  r.accept_new_host_keys = true;
  r.connect_timeout_s = 7;
  r.command_timeout_s = 70;
  r.reload_timeout_s = 1200;
  r.max_output = std::uint64_t{5} << 30;
  r.rollback_of = "20251231T000000Z-0001";
  r.rollback_on_failure = true;
  auto j = nlohmann::json::parse(r.encode().dump());
  EXPECT_EQ(j.at("event"), "run");
  auto back = RunRecord::decode(j);
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(back->encode(), r.encode());
}

// A resume takes the run's target and its connection options from the run record; a connection
// option given again on the resume wins.
TEST(JournalFormat, ResumeTakesTheRecordedOptionsUnlessGivenAgain) {
  licmig::migrate::MigrateOptions first;
  first.target.release = "17.12.1";
  first.target.via = {"17.9.4"};
  first.target.via_images = {"bootflash:v.bin"};
  first.fleet.connect.max_output = std::size_t{8} << 20;
  first.fleet.command_timeout_s = 70;
  first.fleet.parallel = 3;
  const auto rec = licmig::migrate::run_record_of(first, "R");

  licmig::migrate::MigrateOptions resumed;
  resumed.fleet.command_timeout_s = 5;
  resumed.given = {"--command-timeout"};
  licmig::migrate::apply_run_record(rec, resumed);
  EXPECT_EQ(resumed.target.release, "17.12.1");
  EXPECT_EQ(resumed.target.via, first.target.via);
  EXPECT_EQ(resumed.target.via_images, first.target.via_images);
  EXPECT_EQ(resumed.fleet.connect.max_output, std::size_t{8} << 20);
  EXPECT_EQ(resumed.fleet.parallel, 3);
  EXPECT_EQ(resumed.fleet.command_timeout_s, 5);  // given again: the resume's own
}

// The run line licmig wrote before the records had one owner: still read, with defaults for the
// options it did not record.
// A run records every inventory source and where each vault secret comes from (files made absolute,
// a prompt as "ask again"), never a secret; a resumed run takes them back.
TEST(JournalFormat, RunRecordKeepsInventorySourcesAndVaultSecretSources) {
  MigrateOptions o;
  o.fleet.inventory = {"/inv/hosts.yml", "site-b/"};
  o.fleet.vault.ids = {"prod@/keys/prod.txt", "lab@prompt"};
  o.fleet.vault.password_files = {"pass.sh"};
  char cwd[4096];
  ASSERT_NE(::getcwd(cwd, sizeof cwd), nullptr);
  const RunRecord r = run_record_of(o, "R");
  EXPECT_EQ(r.inventories, (std::vector<std::string>{"/inv/hosts.yml", std::string(cwd) + "/site-b/"}));
  EXPECT_EQ(r.inventory, "/inv/hosts.yml");
  EXPECT_EQ(r.vault_ids, (std::vector<std::string>{"prod@/keys/prod.txt", "default@" + std::string(cwd) + "/pass.sh"}));
  EXPECT_TRUE(r.ask_vault_pass);
  auto back = RunRecord::decode(r.encode());
  ASSERT_TRUE(back) << back.error_message();
  MigrateOptions resumed;
  resumed.fleet.vault.password_files = {"ignored-on-resume.txt"};
  apply_run_record(*back, resumed);
  EXPECT_EQ(resumed.fleet.inventory, r.inventories);
  EXPECT_EQ(resumed.fleet.vault.ids, r.vault_ids);
  EXPECT_TRUE(resumed.fleet.vault.password_files.empty());
  EXPECT_TRUE(resumed.fleet.vault.ask);
  EXPECT_EQ(resume_command("R", "/s", false, true), "licmig migrate --resume R --store /s --ask-vault-pass");
}

TEST(JournalFormat, ReadsTheRunLineOfTheEarlierFormat) {
  auto j = nlohmann::json::parse(
      R"({"event":"run","run":"R","inventory":"/i.yaml","limit":"","target_release":"17.9.4","target_mode":)"
      R"("no-license","image":"x.bin","image_md5":"","token_file":"","serial":"2","canary":1,)"
      R"("max_fail_percentage":20,"ts":"2026-01-02T03:04:05.000000Z"})");
  auto r = Journal::run_record({j});
  ASSERT_TRUE(r) << r.error_message();
  EXPECT_EQ(r->run_id, "R");
  EXPECT_EQ(r->inventory, "/i.yaml");
  EXPECT_EQ(r->inventories, std::vector<std::string>{"/i.yaml"});  // one source, as the earlier format had
  EXPECT_EQ(r->target_release, "17.9.4");
  EXPECT_EQ(r->serial, "2");
  EXPECT_EQ(r->canary, 1);
  EXPECT_EQ(r->max_fail_percentage, 20);
  EXPECT_EQ(r->max_fail_scope, "run");
  EXPECT_EQ(r->reload_timeout_s, 0);
  EXPECT_FALSE(Journal::run_record({}));
  EXPECT_FALSE(Journal::run_record({{{"event", "plan"}}}));
}

TEST(JournalFormat, StepAndResultRecordsRoundTrip) {
  StepRecord s;
  s.event = StepRecord::Event::failed;
  s.host = "pe1";
  s.step = 3;
  s.kind = StepKind::set_boot_level;
  s.detail = "'license boot level x': % Invalid input";
  s.facts = {{"verified", "17.9.4 No License metroaccess"}};
  auto sj = s.encode();
  sj["ts"] = "2026-01-02T03:04:05.000000Z";
  auto sb = StepRecord::decode(sj);
  ASSERT_TRUE(sb) << sb.error_message();
  EXPECT_EQ(sb->encode(), s.encode());
  EXPECT_EQ(sb->ts, "2026-01-02T03:04:05.000000Z");

  ResultRecord r;
  r.host = "pe1";
  r.outcome = Outcome::unreachable;
  r.message = "no snapshot: connection refused";
  r.reloads = 2;
  r.pre_snapshot = "/s/pre.json";
  auto rb = ResultRecord::decode(r.encode());
  ASSERT_TRUE(rb) << rb.error_message();
  EXPECT_EQ(rb->encode(), r.encode());
  EXPECT_EQ(rb->outcome, Outcome::unreachable);
}

TEST(JournalFormat, UnknownEventsAreSkippedAndMalformedRecordsAreErrors) {
  auto unknown = decode_record({{"event", "coffee-break"}, {"host", "pe1"}});
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown.value());
  EXPECT_FALSE(decode_record({{"event", "done"}, {"host", "pe1"}}));  // no step
  EXPECT_FALSE(decode_record({{"host", "pe1"}}));                     // no event
  auto progress = Journal::progress({{{"event", "coffee-break"}, {"host", "pe1"}},
                                     {{"event", "done"}, {"host", "pe1"}, {"step", 0}, {"kind", "pre-snapshot"}}});
  EXPECT_EQ(progress.at("pe1").steps_done, 1);
}

TEST(JournalFormat, AnUnreadablePlanStaysUnreadable) {
  Plan p;
  p.host = "pe9";
  p.refused = true;
  p.unreadable = true;
  p.refusal = "no snapshot: connection refused";
  rules::Finding f;
  f.rule_id = "LM040";
  f.rule_name = "ha-pak-mismatch";
  f.severity = rules::Severity::error;
  f.host = "pe9";
  f.message = "standby holds other PAK licenses";
  f.guide = "HA";
  f.remediation = {"factory reset"};
  p.refused_by = {f};
  auto back = plan_from_json(plan_to_json(p));
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_TRUE(back->unreadable);
  ASSERT_EQ(back->refused_by.size(), 1u);
  EXPECT_EQ(back->refused_by[0], f);
  EXPECT_EQ(back->refused_by[0].guide, "HA");
  EXPECT_EQ(back->refused_by[0].remediation, f.remediation);
  EXPECT_EQ(back->refusing_rules(), std::vector<std::string>{"LM040"});
}

TEST(JournalFormat, TimestampsOfTheClock) {
  const auto t = base::WallTime(std::chrono::seconds(1767323045)) + std::chrono::microseconds(42);
  EXPECT_EQ(utc_timestamp_of(t), "2026-01-02T03:04:05.000042Z");
  EXPECT_EQ(time_between("2026-01-02T03:04:05.000042Z", t + std::chrono::seconds(90)), std::chrono::seconds(90));
  // the fraction counts: 59.1 s is not 60 s (a resume once took it for a whole minute)
  EXPECT_EQ(time_between("2026-01-02T03:04:05.900042Z", t + std::chrono::milliseconds(60000)),
            std::chrono::milliseconds(59100));
  EXPECT_EQ(time_between("2026-01-02T03:04:05Z", t + std::chrono::seconds(2)), std::chrono::milliseconds(2000));
  EXPECT_FALSE(time_between("garbage", t));
}

// Regression (e2e_migrate): "--target-release 17.9.4 --image ...17.09.04a..." comes up as 17.9.4a;
// the verification after the reload stopped a good router for it.
TEST(ReleaseMatches, LetterRebuildOfThePlannedRelease) {
  EXPECT_TRUE(release_matches("17.09.04a", "17.9.4"));
  EXPECT_TRUE(release_matches("17.09.04", "17.9.4"));
  EXPECT_TRUE(release_matches("17.9.4a", "17.9.4a"));
  EXPECT_FALSE(release_matches("17.09.04", "17.9.4a"));  // the plan named the rebuild
  EXPECT_FALSE(release_matches("17.09.05", "17.9.4"));
  EXPECT_FALSE(release_matches("17.10.04", "17.9.4"));
  EXPECT_FALSE(release_matches("16.09.04", "17.9.4"));
  EXPECT_TRUE(release_matches("17.07.01prd9", "17.7.1"));  // base(): the release the vendor's tables name
  EXPECT_FALSE(release_matches("17.07.01prd9", "17.7.1a"));
  EXPECT_FALSE(release_matches("", "17.9.4"));
  EXPECT_FALSE(release_matches("garbage", "17.9.4"));
}

}  // namespace
}  // namespace licmig::migrate
