// The executor's walk over one router's plan (execute_router, executor.hpp), in two files:
// executor.cpp runs the steps; executor_resume.cpp holds what a resumed run proves before it touches
// a router again (its recorded pre-change snapshot, its identity, whether a reload journaled as sent
// happened). Internal to licmig_migrate: nothing outside migrate/ includes it.
//
// Thread-safety: one Runner per router and thread.
#pragma once

#include <map>
#include <string>

#include "migrate/executor.hpp"
#include "snapshot/drift.hpp"
#include "snapshot/parsers.hpp"

namespace licmig::migrate::detail {

class Runner {
 public:
  Runner(RouterSession &session, const Plan &plan, Journal &journal, const HostProgress *progress,
         const ExecutorOptions &options);

  RouterRun run();

 private:
  Status execute();
  void finish(const Status &st);
  Status journal(int index, const Step &step, StepRecord::Event event, const std::string &detail = {});
  Status do_step(const Step &step);
  Status take_snapshot(bool pre);
  Status stage_image();
  Status verify_image(const Step &step);
  Status do_reload(int index, const Step &step, bool resumed);
  Status wait_for_router();
  Result<snapshot::VersionInfo> show_version();
  Status verify_after_reload(const Step &step);
  Status register_smart(const Step &step);
  Status refuse(const std::string &why);
  std::string fact(const char *name) const;

  // executor_resume.cpp
  Status check_recorded_pre_snapshot();
  Status check_resumed_identity(bool pending_reload);
  // A reload journaled as sent by a run that was killed: did it happen? Sets `need_send` (false: it
  // did, or is taken as done) and `unsure` (why a reload taken as done is unproven).
  Status judge_resumed_reload(const Step &step, bool &need_send, std::string &unsure);

  // How the router differs from what the reload step expects ("" = it shows exactly that).
  static std::string unexpected_after_reload(const Step &step, const snapshot::VersionInfo &ver);

  bool interrupted() const { return options_.interrupt && options_.interrupt->load(); }
  bool store_failing() const { return options_.store_failing && options_.store_failing->load(); }
  base::Clock &clock() const { return options_.clock ? *options_.clock : base::system_clock(); }

  RouterSession &session_;
  const Plan &plan_;
  Journal &journal_;
  const HostProgress *progress_;
  const ExecutorOptions &options_;
  RouterRun run_;
  std::map<std::string, std::string> facts_;
  snapshot::Identity pre_identity_;  // a resumed router's, from its pre-change snapshot
  bool store_failed_ = false;        // the last failure was the store's
  bool observed_down_ = false;       // a resume saw the router go down (and come back)
};

}  // namespace licmig::migrate::detail
