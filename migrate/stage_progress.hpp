// TransferProgress: what `licmig stage` shows while images move. On a terminal (stderr a TTY), one
// status line redrawn at most every 200 ms: routers done, bytes, aggregate rate and ETA, and the
// busiest routers' percentages; otherwise one plain line per event ("stage r1: sent 12.0 MiB of
// 64.0 MiB (18%)" every 10%, deletions, retries, verification, the outcome), for logs and CI.
// Quiet (-q, StatusStyle::quiet): nothing at all — the report on stdout says how each router ended.
// The style comes from style_for() (migrate/status.hpp), the one owner of the terminal choices.
//
// Thread-safety: every member is internally locked; routers report from their own threads.
#pragma once

#include <map>
#include <mutex>
#include <ostream>
#include <string>

#include "base/clock.hpp"
#include "migrate/stage.hpp"
#include "migrate/status.hpp"

namespace licmig::migrate {

class TransferProgress {
 public:
  TransferProgress(std::ostream &err, const StatusStyle &style, std::size_t routers,
                   base::Clock &clock = base::system_clock());
  void on_event(const StageEvent &e);
  void on_done(const StageReport &r);
  void finish();

 private:
  struct Router {
    std::int64_t bytes = 0;
    std::int64_t total = 0;
    int last_decile = -1;
  };
  void draw_locked(bool force);
  std::ostream &err_;
  bool tty_;
  bool quiet_;
  std::size_t width_;
  std::size_t routers_;
  base::Clock &clock_;
  std::mutex mu_;
  std::map<std::string, Router> active_;
  std::size_t done_ = 0;
  std::int64_t bytes_done_ = 0;   // of finished transfers
  std::int64_t bytes_total_ = 0;  // of every transfer begun
  base::SteadyTime started_;
  base::SteadyTime last_draw_;
  bool drawn_ = false;
};

}  // namespace licmig::migrate
