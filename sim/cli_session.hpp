// The IOS command line of a simulated router: one CliSessionImpl per shell (or per exec command).
// cli_session.cpp turns bytes into lines and handles modes, prompts, dialogs and --More-- paging;
// cli_commands.cpp holds the command table, IOS-style abbreviation matching and the commands;
// cli_pipe.cpp the `| include|exclude|begin|section` filters.
//
// Thread-safety: none (driven from the simulator's event-loop thread).
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "sim/router.hpp"
#include "sim/router_state.hpp"
#include "sim/transfer.hpp"

namespace licmig::sim {

// In a command's output: send what comes before now and the rest after a pause (fake_prompt_in).
inline constexpr char k_pause = '\x01';
inline constexpr std::chrono::milliseconds k_pause_length{200};
// In a command's output: the rest trickles, faults.trickle_chunk_bytes at a time, one piece every
// faults.trickle_interval_ms (trickle fault).
inline constexpr char k_trickle = '\x02';

class CliSessionImpl : public CliSession {
 public:
  enum class Mode { user, priv, config, call_home, profile, interface };
  enum class Dialog {
    none,
    enable_password,
    save_before_reload,
    confirm_reload,
    copy_destination,
    overwrite_nvram,
    copy_url_destination,  // `copy URL bootflash:`: "Destination filename [NAME]? "
    copy_overwrite,        // the destination exists: "Do you want to over write? [confirm]" (one key)
    delete_filename,       // `delete bootflash:NAME`: "Delete filename [NAME]? "
    delete_confirm,        // "Delete bootflash:/NAME? [confirm]" (one key)
  };

  CliSessionImpl(Router &router, RouterState &state, Clock::time_point now, std::string via, bool exec_channel);

  std::string start() override;
  Reply input(std::string_view bytes, Clock::time_point now) override;
  bool closed() const override;
  bool echo_off() const override { return dialog_ == Dialog::enable_password; }
  Reply poll(Clock::time_point now) override;

  // Runs one command over an exec channel (privileged, no paging) and returns its output.
  Reply run_exec(std::string_view command, Clock::time_point now);

  std::string prompt() const;

 private:
  // One complete input line: the command's output (lines ended by "\n"); dialogs set dialog_.
  std::string run_line(const std::string &line, Clock::time_point now);
  std::string run_dialog(const std::string &line, Clock::time_point now);
  std::string run_command(const std::string &line, Clock::time_point now);
  // Runs a matched command (cli_commands.cpp): `id` is the table's pattern, `args` its WORD/NUM/LINE values.
  std::string execute(const std::string &id, const std::vector<std::string> &args, Clock::time_point now);
  std::string execute_config(const std::string &id, const std::vector<std::string> &args, Clock::time_point now);
  std::string invalid_at(const std::string &line, std::size_t offset) const;
  std::string dialog_prompt() const;
  // Output to send for one line (paged when needed), ending with the prompt or a dialog question.
  std::string finish(std::string out);
  std::string more_key(char key);
  void do_reload(Clock::time_point now);
  // Files (cli_files.cpp): `copy URL bootflash:`, `delete`, their dialogs and the background copy.
  std::string execute_files(const std::string &id, const std::vector<std::string> &args);
  std::string file_dialog(const std::string &line);
  std::string file_key(char key);  // a one-key [confirm] of copy_overwrite / delete_confirm
  std::string start_copy();
  std::string delete_file(const std::string &name);
  std::string copy_progress();  // bangs (and the end of the copy when it is over)
  bool via_data_port() const;
  // `shutdown` on `port`: in the running configuration, and administratively down at once.
  void shut_port(const std::string &port);

  Router &router_;
  RouterState &s_;
  std::string via_;
  bool exec_;
  std::uint64_t generation_;
  Mode mode_ = Mode::user;
  std::string profile_;    // call-home profile being edited
  std::string interface_;  // interface being configured
  Dialog dialog_ = Dialog::none;
  int password_tries_ = 0;
  bool reload_pending_ = false;           // the reload dialog was confirmed: reload after replying
  std::optional<int> reload_in_minutes_;  // `reload in N` being confirmed
  bool closed_ = false;
  int length_ = 24;
  int width_ = 80;
  int commands_ = 0;
  std::string line_;                    // partial input line
  bool skip_lf_ = false;                // the last byte was \r: a following \n belongs to it
  std::deque<std::string> more_lines_;  // output lines still to show
  bool more_ = false;
  bool config_changed_ = false;         // log %SYS-5-CONFIG_I when leaving configuration mode
  std::string copy_url_;                // `copy` source being asked about
  std::string file_name_;               // the bootflash file a copy/delete dialog is about
  std::unique_ptr<PullTransfer> pull_;  // the copy running in the background (no prompt until it ends)
  std::int64_t bangs_ = 0;              // progress marks printed for it
  std::string queued_input_;            // typed while the copy runs: read once it is over
};

// Pipe filters: applies `| include X | exclude Y ...` (already split off the command) to `out`.
// Returns false (and the bad word's offset in `pipe_text`) when a filter is not understood.
bool apply_pipes(const std::string &pipe_text, std::string &out, std::size_t &bad_offset);

}  // namespace licmig::sim
