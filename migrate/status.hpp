// StatusDisplay: what `licmig migrate` shows on stderr while a run goes on, fed by the journal's records
// (Journal::observe), so it needs no copy of the step logic.
//
// On a terminal (StatusStyle::tty): a live block under everything else, redrawn at most a few times a
// second — one line per router in flight (name, step N/M and its kind, time on the router, and during
// a reload the time left of its reload timeout), at most `max_routers` of them then "… and N more",
// and a footer: the wave (n of m), done / failed / refused counts, routers finished of all, and an ETA
// from the finished routers' average time ("—" before any finished). A message (a warning, why the run
// stopped) is printed above the block, which is then drawn again below it (ANSI: cursor up, clear).
//
// Not on a terminal: plain lines, one per event, no escape codes —
//   [2026-11-30T19:20:01Z] wave 2/5 started: pe1, pe2
//   [2026-11-30T19:20:01Z] pe1: step 3/7 set-boot-level started
//   [2026-11-30T19:20:03Z] pe1: step 3/7 set-boot-level failed: <why>
//   [2026-11-30T19:21:40Z] pe1: migrated (16.9.4 ... -> 17.9.4 ...)
//
// Colour (StatusStyle::color) marks only outcome words and counts. Router text is escaped.
//
// Progress (below) is the simpler bar of the read-only fleet commands: the one owner of what licmig
// draws on a terminal is this file.
//
// Thread-safety: every public member is internally locked; records arrive from the rollout's threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "migrate/journal_format.hpp"

namespace licmig::migrate {

enum class ColorChoice { automatic, always, never };
std::optional<ColorChoice> color_choice_from_string(const std::string &s);

// Whether to colour: always / never as chosen; automatic on a terminal unless NO_COLOR is set and
// not empty (`no_color`: its value, nullptr when unset).
bool use_color(ColorChoice choice, bool tty, const char *no_color);

// What the command line chose for the terminal (--color, -q); process-wide, set once by the cli
// before a command runs.
struct TerminalChoices {
  ColorChoice color = ColorChoice::automatic;
  bool quiet = false;  // -q: no status display, only errors
};
void set_terminal_choices(const TerminalChoices &choices);
TerminalChoices terminal_choices();

struct StatusStyle {
  bool tty = false;         // live block with ANSI cursor moves; else plain lines
  bool color = false;       // ANSI colours on outcome words and counts
  bool quiet = false;       // show nothing but messages
  std::size_t width = 100;  // columns: block lines are cut to it (a wrapped line would break the redraw)
};

// The style for `err`: a terminal when it is std::cerr and stderr is a TTY (its width from the
// terminal), colour and quiet from terminal_choices() and NO_COLOR.
StatusStyle style_for(const std::ostream &err);

// Prints `line` on `err`: above the live block while a StatusDisplay draws one on the terminal
// (the log's terminal lines, cli/logging.cpp), else straight to `err`.
void print_above_status(std::ostream &err, const std::string &line);

struct StatusConfig {
  std::size_t routers = 0;                                      // routers the run works on
  std::size_t waves = 0;                                        // waves the run has (0 = unknown)
  int parallel = 1;                                             // routers worked on at once (for the ETA)
  std::map<std::string, std::size_t> steps;                     // each router's plan length (for "step N/M")
  std::map<std::string, std::chrono::seconds> reload_timeouts;  // each router's; absent: the default
  std::size_t max_routers = 8;                                  // router lines shown at most
};

class StatusDisplay {
 public:
  StatusDisplay(std::ostream &err, StatusStyle style, StatusConfig config, base::Clock &clock = base::system_clock());
  ~StatusDisplay();
  StatusDisplay(const StatusDisplay &) = delete;
  StatusDisplay &operator=(const StatusDisplay &) = delete;

  // One journal record (Journal::observe calls it).
  void on_record(const JournalRecord &record);
  // A router that finished in an earlier attempt of a resumed run: counted in the footer, not
  // shown again (the rollout replays its row from the journal without a new record).
  void replayed(const ResultRecord &record);
  // Prints `line` (no trailing newline needed) above the block.
  void message(const std::string &line);
  // A stream whose every line goes to message(): give it to code that prints diagnostics.
  std::ostream &messages() { return *messages_; }
  // Redraws the block when it is due (the ticker calls it; tests call it after moving the clock).
  void tick();
  // Redraws every `period` from a thread of its own, until finish(). Only on a terminal.
  void start_ticker(std::chrono::milliseconds period = std::chrono::milliseconds(250));
  // Stops the ticker and clears the block; later records print nothing on a terminal.
  void finish();
  // The routers in flight, in the order they started.
  std::vector<std::string> in_flight() const;

  // The block as it would be drawn now, one string per line, without colour or escape codes.
  std::vector<std::string> block_lines();

 private:
  struct Router {
    std::string name;
    int step = -1;
    std::string kind;
    base::SteadyTime started{};
    base::SteadyTime step_started{};
    std::optional<base::SteadyTime> reload_from;  // a reload step started (or was sent)
  };
  class LineBuf;
  void record_locked(const JournalRecord &record);
  void step_locked(const StepRecord &r);
  void result_locked(const ResultRecord &r);
  void count_locked(Outcome outcome);
  void plain_locked(const std::string &line);
  void clear_locked();
  void draw_locked();
  std::vector<std::string> lines_locked(bool colored) const;
  std::string eta_locked() const;
  Router &router_locked(const std::string &host);

  std::ostream &err_;
  StatusStyle style_;
  StatusConfig config_;
  base::Clock &clock_;
  mutable std::mutex mu_;
  std::vector<Router> active_;  // in flight, in start order
  std::size_t done_ = 0, failed_ = 0, refused_ = 0, other_ = 0;
  std::chrono::duration<double> finished_time_{0};
  std::size_t timed_ = 0;  // finished routers counted in finished_time_
  int wave_ = 0;
  std::size_t drawn_ = 0;  // lines of the block on screen
  bool finished_ = false;
  base::SteadyTime last_draw_{};
  std::unique_ptr<LineBuf> buf_;
  std::unique_ptr<std::ostream> messages_;
  std::thread ticker_;
  std::condition_variable wake_;
  bool stop_ticker_ = false;
};

// The one-line bar of the read-only fleet commands (snapshot, check, plan, show, migrate's
// pre-flight): `LABEL [#####.....] 3/10 (1 failed)` redrawn in place on a terminal; nothing when
// stderr is not a terminal, or with -q. Internally locked: done() is called from the job threads.
class Progress {
 public:
  Progress(std::ostream &err, std::size_t total, std::string label);
  ~Progress();
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;
  void done(const std::string &host, bool ok);
  void finish();

 private:
  void draw_locked();
  std::ostream &err_;
  std::size_t total_;
  std::string label_;
  StatusStyle style_;
  std::mutex mu_;
  std::size_t done_ = 0;
  std::size_t failed_ = 0;
  bool finished_ = false;
};

}  // namespace licmig::migrate
