// IosSession: an IOS / IOS XE command-line session over a Transport.
//
// It learns the prompt (any hostname, and again when the hostname changes), sets `terminal length
// 0` and `terminal width 511`, enters privileged mode with the enable secret, enters and leaves
// configuration mode, and runs commands, returning their output without the echoed command or the
// prompt. Questions the router asks mid-command are answered from the dialog table
// (dialogs.hpp); `--More--` pages are turned even if paging is still on. `%` error lines after a
// configuration command (and `% Invalid input` / `% Incomplete command` / `% Ambiguous command`
// after any command) are errors carrying the command and the router's text.
//
// reload() reloads the router and proves it: the session must drop, the router must come back
// before the deadline (polled at least every second, re-authenticating and re-checking the host
// key on each attempt), and `show version` must then show an uptime below the time since the
// reload and a last reload reason that is a reload — otherwise "reload did not happen".
//
// Synchronisation. The end of a command's output is never decided by prompt-like text alone: a
// `R1#` line inside `show version` (or a banner, a description, a log) arrives exactly like the
// prompt, split across reads anywhere. When the unfinished last line received looks like a prompt,
// the session sends one marker line, `!licmig-sync ` and 12 random hex digits — an IOS comment,
// which does nothing in any mode — and reads on. The router echoes typed lines only after its
// prompt, so the output ends at the prompt the marker's echo follows (`R1#!licmig-sync 3fa2...`),
// and that prompt (any hostname: after `hostname R2` too) becomes the session's. Output cannot
// contain the echo, since the marker was chosen after the output was sent. Then only the prompt
// answering the marker may follow (blank or `%` lines allowed, for a router that rejects exec
// comments). Anything else — the echo after something other than a prompt, other text after it, a
// question while waiting for it, another prompt — means the session lost synchronisation: the call
// fails with ErrorKind::protocol and the transport is closed, so no later command reads output
// that is not its own. The cost is one round trip per command, no quiet time.
//
// Bounds. A command's output is at most SessionOptions::max_output bytes (--max-output, default
// 32 MiB); more fails the call (ErrorKind::protocol) and closes the transport. Each read examines
// only the new bytes and the last 4 KiB of the unfinished line, so detection is linear in the
// output; router text quoted in a message is cut at ~200 characters and escaped (base/printable.hpp).
//
// Every wait is bounded and measured on the base::Clock seam. Errors carry the transport's ErrorKind
// unchanged (timed_out, refused, unreachable, closed, auth_failed, host_key_unknown,
// host_key_changed, protocol); a `%` error line is ios_error, a wrong enable secret auth_failed.
//
// Thread-safety: one session per router, used by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "devices/dialogs.hpp"
#include "devices/transcript.hpp"
#include "devices/transport.hpp"

namespace licmig::devices {

enum class CliMode { unknown, user, privileged, config };

// A prompt as seen on the last line: `R1>`, `R1#`, `R1(config)#`, `R1(config-call-home)#`.
struct Prompt {
  std::string hostname;
  CliMode mode = CliMode::unknown;
  std::string submode;  // "config", "config-if", "config-call-home", ... (config mode only)
};

// Parses `line` (trailing blanks ignored) as an IOS prompt.
std::optional<Prompt> parse_prompt(std::string_view line);

// The IOS syntax error in `output`, if any (the `%` line, with the caret line above it).
std::optional<std::string> syntax_error(std::string_view output);

// The one default of --max-output: what one command may print before it fails.
inline constexpr std::size_t k_default_max_output = std::size_t{32} << 20;

// The line sent after prompt-like text to prove it is the prompt (followed by 12 random hex digits).
inline constexpr const char *k_sync_marker_prefix = "!licmig-sync ";

struct SessionOptions {
  base::Millis command_timeout{60000};            // per command, until the prompt returns
  base::Millis login_timeout{30000};              // from the shell opening until the first prompt
  base::Millis poll{100};                         // longest single read; bounds how late a deadline is noticed
  base::Millis settle{300};                       // quiet time before an unknown question is believed (and aborted)
  std::size_t max_output = k_default_max_output;  // bytes one command may print (--max-output)
  std::uint64_t sync_seed = 0;                    // seeds the sync markers; 0: std::random_device
  bool set_terminal = true;                       // send terminal length 0 / terminal width 511 after login
  std::optional<std::string> enable_secret;
};

// How long a router may take from `reload` until it answers again, unless the command line or the
// inventory (`reload_timeout`) says otherwise: the one default.
inline constexpr std::chrono::seconds k_default_reload_timeout{900};

struct ReloadOptions {
  std::optional<bool> save;                        // answer to "System configuration has been modified. Save?"
  base::Millis timeout{k_default_reload_timeout};  // from the reload command until the router is back
  base::Millis drop_timeout{120000};               // from the confirmation until the session drops
  base::Millis prompt_grace{15000};                // how long a prompt that came back may still be followed by a drop
  base::Millis poll_interval{250};                 // between connection attempts while it boots (at most 1 s)
};

// What proved the reload.
struct ReloadProof {
  base::Millis elapsed{0};          // from the reload command until the router answered again
  std::int64_t uptime_seconds = 0;  // as `show version` said after the return
  std::string uptime;
  std::string last_reload_reason;
  int connect_attempts = 0;
};

class IosSession {
 public:
  IosSession(Transport &transport, base::Clock &clock, SessionOptions options = {});

  // Writes the session's traffic to `transcript` (may be null); secrets known to the session are
  // registered with it.
  void set_transcript(Transcript *transcript);

  // Opens the transport if it is not open, learns the prompt and sets up the terminal.
  Status start();

  // Runs an exec command and returns its output (no echo, no prompt).
  Result<std::string> run(const std::string &command, const DialogPolicy &policy = {});
  // Like run(), but an IOS `%` error in the output is returned as output, not as an error (for
  // commands a release may not have). Transport failures are still errors.
  Result<std::string> run_raw(const std::string &command, const DialogPolicy &policy = {});
  // run_raw() with its own deadline instead of the command timeout: for commands that take as long
  // as their work (`copy URL bootflash:`, `verify /md5` of a large image).
  Result<std::string> run_raw_within(const std::string &command, base::Millis timeout, const DialogPolicy &policy = {});

  // Enters privileged mode (a no-op when already there). Fails with ErrorKind::auth_failed when the
  // router rejects the secret.
  Status enable();
  Status enter_config();
  Status leave_config();

  // Runs one configuration-mode command; any `%` line in the answer is an error.
  Result<std::string> config(const std::string &line);

  // enter_config, each line, leave_config (also after an error).
  Status configure(const std::vector<std::string> &lines);

  Result<ReloadProof> reload(const ReloadOptions &options);
  // Whether the last reload() got as far as confirming the reload: after that the router reloads,
  // whatever reload() returned (a router that then never came back was still reloaded).
  bool reload_confirmed() const { return reload_confirmed_; }

  void close();

  const std::string &hostname() const { return prompt_.hostname; }
  CliMode mode() const { return prompt_.mode; }
  const Prompt &prompt() const { return prompt_; }
  // The kind of the last error (ErrorKind::ok after a success): the same kind the failed call returned.
  ErrorKind fault() const { return fault_; }

 private:
  bool reload_confirmed_ = false;
  struct Exchange {
    std::string raw;                           // everything received (after a prompt: up to the prompt line)
    std::size_t line_at = 0;                   // where the unfinished last line of `raw` starts
    bool prompt = false;                       // ended at a prompt
    bool password_prompt_ok = false;           // stop at `Password:` too
    bool password = false;                     // ended at `Password:`
    std::optional<base::SteadyTime> nudge_at;  // send an empty line then, unless a prompt came
    // Synchronisation (see the header comment): the marker sent after prompt-like text, where in
    // `raw` it was sent, where the search for its echo goes on, and where the echo was found.
    std::string marker;
    std::size_t marker_sent_at = 0;
    std::size_t search_at = 0;
    std::size_t echo_at = std::string::npos;
    Prompt echo_prompt;
  };
  Status send(std::string_view text);
  Status wait_for_prompt(Exchange &ex, const std::string &what, const DialogPolicy &policy, base::Millis timeout,
                         bool *confirmed = nullptr);
  Result<std::string> command(const std::string &command, const DialogPolicy &policy, base::Millis timeout);
  std::string next_marker();
  Status learn_prompt();
  Status fail(ErrorKind fault, std::string message);
  Result<ReloadProof> prove_reload(const ReloadOptions &options, base::SteadyTime started, int attempts);

  Transport &transport_;
  base::Clock &clock_;
  SessionOptions options_;
  Transcript *transcript_ = nullptr;
  Prompt prompt_;
  ErrorKind fault_ = ErrorKind::ok;
  std::mt19937_64 rng_;
};

// The output of a command as the user should see it: terminal controls applied, paging remnants
// removed, the echoed `command` (first line) and the trailing prompt line dropped, \r\n -> \n.
std::string clean_output(std::string_view raw, std::string_view command);

}  // namespace licmig::devices
