// The journal's record format (journal_format.hpp): every record's encode and decode side by side,
// the run record's options a resume needs, earlier formats read, malformed records refused; and the
// plan's JSON round trip (the plan a run journals is the plan it resumes).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "migrate/journal.hpp"
#include "migrate/journal_format.hpp"
#include "migrate/migration.hpp"
#include "rules/findings.hpp"
#include "unit/plan_samples.hpp"

namespace licmig::migrate {
namespace {

TEST(PlanJson, RoundTripKeepsEveryField) {
  const Plan p = samples::every_expectation_plan();
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
  auto j = plan_to_json(samples::every_expectation_plan());
  j["steps"][0]["kind"] = "format-disk";
  EXPECT_FALSE(plan_from_json(j));
  EXPECT_FALSE(plan_from_json(nlohmann::json::object()));
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

}  // namespace
}  // namespace licmig::migrate
