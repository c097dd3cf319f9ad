// RouterSession: the seam between licmig's jobs (snapshot, check, migrate) and a router. The real
// one (DeviceSession, connect.hpp) is an IOS CLI session over SSH with a transcript; tests use
// scripted fakes, including fault-injecting ones. Router text comes out of a session already
// masked (snapshot/secrets.hpp; the DeviceSession masks with the store's key): callers keep and show
// it as it is.
//
// Thread-safety: one session per router, used by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "devices/transport.hpp"
#include "snapshot/model.hpp"

namespace licmig::migrate {

struct ReloadReport {
  std::chrono::milliseconds elapsed{0};  // from `reload` until the router answered again
  std::int64_t uptime_seconds = 0;       // as `show version` said afterwards
  std::string last_reload_reason;
};

class RouterSession {
 public:
  virtual ~RouterSession() = default;
  // Connects (or reconnects) and reaches privileged mode.
  virtual Status open() = 0;
  // Runs an exec command; the output without echo or prompt. An IOS `%` error is an error.
  virtual Result<std::string> run(const std::string &command) = 0;
  // Runs a command whose IOS `% Invalid input` answer is an expected outcome (a command the
  // release does not have): returns the router's text either way; transport failures are errors.
  virtual Result<std::string> run_tolerant(const std::string &command) = 0;
  // A command that takes as long as its work (`copy URL bootflash:`, `verify /md5` of an image): as
  // run_tolerant(), with `timeout` instead of the command timeout. Dialogs are answered from the
  // dialog table (devices/dialogs.hpp: `Destination filename [...]?` takes the default).
  virtual Result<std::string> run_long(const std::string &command, std::chrono::milliseconds timeout) {
    (void)timeout;
    return run_tolerant(command);
  }
  // Sends a local file to the router with SCP over this session's own connection (so through its
  // jump hosts too). A session that has no connection to send over fails (ErrorKind::failed).
  virtual Status send_file(const devices::FileSend &file) {
    return Status::error(ErrorKind::failed, "this session cannot send " + file.remote_name);
  }
  // Enters configuration mode, sends each line, leaves; a `%` line is an error.
  virtual Status configure(const std::vector<std::string> &lines) = 0;
  // `write memory`, answering its dialogs.
  virtual Status save() = 0;
  // `reload` without saving (the plan saved explicitly), proven and waited for; the session is
  // open again afterwards.
  virtual Result<ReloadReport> reload() = 0;
  // After reload() failed: whether the reload went out all the same (confirmed on the router), so
  // the router did reload. A session that cannot tell says so by returning true: a reload that
  // may have happened is counted, and never sent again without a check.
  virtual bool reload_went_out() const { return true; }
  // How this open session reaches the router, as far as licmig's side can see: the router-side
  // address (snapshot::SessionPath::address; "" through a jump host or ProxyCommand) and `basis`
  // saying how it is known. nullopt: the session cannot tell (test fakes); no session record then.
  virtual std::optional<snapshot::SessionPath> session_path() const { return std::nullopt; }
  // A secret the transcript must mask (e.g. a registration token about to be sent).
  virtual void add_secret(const std::string &secret) = 0;
  virtual void close() = 0;
  // Where the transcript of this session is ("" when none).
  virtual std::string transcript_path() const = 0;
};

}  // namespace licmig::migrate
