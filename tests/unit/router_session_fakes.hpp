// Test doubles for migrate/: FakeRouter, a scripted RouterSession that answers like an ASR 920
// (show version, show license, dir bootflash:) and whose reload() turns it into what the test says
// the next boot brings; SharedSession, a session forwarding to a FakeRouter the test keeps, for
// code that makes (and destroys) its own sessions through a factory (Rollout).
#pragma once

#include <algorithm>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/digest.hpp"
#include "migrate/executor.hpp"
#include "migrate/journal.hpp"
#include "migrate/plan.hpp"
#include "migrate/router_session.hpp"

namespace licmig::migrate::fakes {

// A router as the executor sees it: release, license type and level, uptime; `reload()` applies
// what the test says the next boot brings.
class FakeRouter final : public RouterSession {
 public:
  std::string version = "16.09.04";
  std::string license_type = "Permanent";
  std::string level = "advancedmetroipaccess";
  long uptime_minutes = 60 * 24;
  std::string serial = "CAT1234U0AB";  // processor board ID and the UDI's serial number
  // answers that replace the scripted ones (e.g. "show license" -> "% Authorization failed.")
  std::map<std::string, std::string> answers;
  // what the next reload turns the router into
  std::string next_version = "17.12.01";
  std::string next_type = "No License Mode";
  std::string next_level = "advancedmetroipaccess";
  bool fail_open = false;
  int fail_opens = 0;  // the next N opens time out (a router briefly out of reach, then back)
  bool drop_on_configure = false;
  bool fail_reload = false;                             // the reload never comes back
  std::function<void()> on_reload;                      // e.g. the HA standby reloads with its active
  std::function<void(const std::string &)> on_command;  // called before each command is answered
  int reloads = 0;
  std::vector<std::string> log;
  // how the session reaches the router (RouterSession::session_path); nullopt: it cannot tell
  std::optional<snapshot::SessionPath> path;
  std::optional<snapshot::SessionPath> session_path() const override { return path; }

  Status open() override {
    log.push_back("open");
    if (fail_open) return Status::error(ErrorKind::refused, "connection refused by 127.0.0.1:22");
    if (fail_opens > 0) {
      --fail_opens;
      return Status::error(ErrorKind::timed_out, "timed out connecting to 127.0.0.1:22");
    }
    return Status::ok();
  }
  Result<std::string> run(const std::string &command) override { return run_tolerant(command); }
  Result<std::string> run_tolerant(const std::string &command) override {
    log.push_back(command);
    if (on_command) on_command(command);
    if (auto it = answers.find(command); it != answers.end()) return it->second;
    if (command == "show version") {
      return "Cisco IOS XE Software, Version " + version + "\nPE1 uptime is " + std::to_string(uptime_minutes) +
             " minutes\nLast reload reason: Reload Command\nLicense Level: " + level +
             "\nLicense Type: " + license_type + "\nNext reload license Level: " + level + "\nProcessor board ID " +
             serial + "\n";
    }
    if (command == "show running-config") return std::string("hostname PE1\n!\nend\n");
    if (command == "show license udi") {
      return "SlotID   PID                    SN                      UDI\n"
             "--------------------------------------------------------------------------------\n"
             "*        ASR-920-24SZ-IM        " +
             serial + "             ASR-920-24SZ-IM:" + serial + "\n";
    }
    if (command == "show license") {
      return std::string(
          "Index 1 Feature: advancedmetroipaccess\n        Period left: Life time\n        License Type: "
          "Permanent\n        License State: Active, In Use\n        License Count: Non-Counted\n"
          "        License Priority: Medium\n");
    }
    if (command == "dir bootflash:") {
      return std::string(
          "Directory of bootflash:/\n\n   12  -rw-   725101568  Jul 01 2026 07:39:48 +00:00  "
          "asr920-universalk9_npe.17.12.01.SPA.bin\n\n7897796608 bytes total (5786736148 bytes free)\n");
    }
    return std::string("% Invalid input detected at '^' marker.\n");
  }
  Status configure(const std::vector<std::string> &lines) override {
    for (const auto &l : lines) log.push_back("config: " + l);
    if (drop_on_configure) return Status::error(ErrorKind::closed, "the connection was closed");
    return Status::ok();
  }
  Status save() override {
    log.push_back("write memory");
    return Status::ok();
  }
  Result<ReloadReport> reload() override {
    log.push_back("reload");
    if (fail_reload) return Status::error(ErrorKind::timed_out, "reload: the router did not come back within 900s");
    ++reloads;
    version = next_version;
    license_type = next_type;
    level = next_level;
    uptime_minutes = 0;
    if (on_reload) on_reload();
    return ReloadReport{};
  }
  void add_secret(const std::string &) override {}
  void close() override { log.push_back("close"); }
  std::string transcript_path() const override { return ""; }
};

// A router's bootflash for staging (migrate/stage.hpp): real bytes per file, a capacity, the images
// it runs and boots, `ip scp server enable`, and faults — a push or pull cut off after N bytes
// (the partial file stays, as on IOS), the next N transfers corrupted (one byte flipped).
class FlashRouter final : public RouterSession {
 public:
  std::int64_t capacity = 64 << 20;
  std::map<std::string, std::string> files;  // name -> bytes
  std::string running_image = "bootflash:running.bin";
  std::vector<std::string> boot_system = {"bootflash:running.bin"};
  bool scp_server = true;
  std::map<std::string, std::string> urls;  // what `copy URL` fetches
  std::int64_t drop_at = -1;                // the next transfer stops after this many bytes
  int corrupt_next = 0;                     // transfers to corrupt
  int transfers = 0;
  bool fail_open = false;
  std::vector<std::string> log;

  std::int64_t used() const {
    std::int64_t n = 0;
    for (const auto &[name, bytes] : files) n += static_cast<std::int64_t>(bytes.size());
    return n;
  }
  Status open() override {
    log.push_back("open");
    if (fail_open) return Status::error(ErrorKind::refused, "connection refused by 127.0.0.1:22");
    return Status::ok();
  }
  Result<std::string> run(const std::string &command) override {
    auto out = run_tolerant(command);
    if (out && out.value().rfind("%", 0) == 0) return Status::error(ErrorKind::ios_error, out.value());
    return out;
  }
  Result<std::string> run_long(const std::string &command, std::chrono::milliseconds) override {
    return run_tolerant(command);
  }
  Result<std::string> run_tolerant(const std::string &command) override {
    log.push_back(command);
    if (command == "dir bootflash:") {
      std::string out = "Directory of bootflash:/\n\n";
      int inode = 11;
      for (const auto &[name, bytes] : files) {
        out += "   " + std::to_string(inode++) + "  -rw-   " + std::to_string(bytes.size()) +
               "  Jul 01 2026 07:39:48 +00:00  " + name + "\n";
      }
      out += "   99  drwx   4096  Jul 01 2026 07:39:48 +00:00  core\n";
      return out + "\n" + std::to_string(capacity) + " bytes total (" + std::to_string(capacity - used()) +
             " bytes free)\n";
    }
    if (command == "show version") {
      return "Cisco IOS XE Software, Version 17.06.01\nPE1 uptime is 5 minutes\nSystem image file is \"" +
             running_image + "\"\nLicense Level: metroipaccess\nLicense Type: Permanent\n";
    }
    if (command == "show bootvar") {
      std::string var;
      for (const auto &b : boot_system) var += b + ",12;";
      return "BOOT variable = " + var + "\nCONFIG_FILE variable does not exist\nConfiguration register is 0x2102\n";
    }
    if (command == "show running-config") {
      std::string out = "hostname PE1\n";
      for (const auto &b : boot_system) out += "boot system " + b + "\n";
      if (scp_server) out += "ip scp server enable\n";
      return out + "end\n";
    }
    const std::string verify = "verify /md5 bootflash:", del = "delete /force bootflash:", copy = "copy ";
    if (command.rfind(verify, 0) == 0) {
      auto it = files.find(command.substr(verify.size()));
      if (it == files.end()) return "%Error opening bootflash:" + command.substr(verify.size()) + " (No such file)";
      return std::string(".....Done!\nverify /md5 (bootflash:") + it->first + ") = " + base::md5_of(it->second) + "\n";
    }
    if (command.rfind(del, 0) == 0) {
      if (files.erase(command.substr(del.size())) == 0) {
        return "%Error deleting bootflash:" + command.substr(del.size()) + " (No such file or directory)";
      }
      return std::string();
    }
    if (command.rfind(copy, 0) == 0) {
      const auto sp = command.find(' ', copy.size());
      const auto url = command.substr(copy.size(), sp - copy.size());
      const auto name = command.substr(command.find("bootflash:") + 10);
      auto it = urls.find(url);
      if (it == urls.end()) return "Accessing " + url + "...\n%Error opening " + url + " (No such file or directory)\n";
      std::string bytes = it->second;
      auto st = store(name, bytes);
      if (!st) return "Accessing " + url + "...\n" + st.message() + "\n";
      return "Accessing " + url + "...\nLoading " + url + " !!!!\n[OK - " + std::to_string(bytes.size()) + " bytes]\n";
    }
    return std::string("% Invalid input detected at '^' marker.\n");
  }
  Status configure(const std::vector<std::string> &lines) override {
    for (const auto &l : lines) {
      log.push_back("config: " + l);
      if (l == "ip scp server enable") scp_server = true;
      if (l == "no ip scp server enable") scp_server = false;
    }
    return Status::ok();
  }
  Status send_file(const devices::FileSend &f) override {
    log.push_back("scp " + f.remote_path);
    if (!scp_server) return Status::error(ErrorKind::protocol, "scp: the router refused the SCP session");
    std::ifstream in(f.local_path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::int64_t done = 0;
    while (done < static_cast<std::int64_t>(bytes.size())) {
      const auto n = std::min<std::int64_t>(32768, static_cast<std::int64_t>(bytes.size()) - done);
      if (f.before_chunk) {
        if (auto st = f.before_chunk(static_cast<std::size_t>(n)); !st) return st;
      }
      done += n;
      if (f.sent) f.sent(done);
    }
    auto st = store(f.remote_name, bytes);
    if (!st) return Status::error(ErrorKind::protocol, st.message());
    return Status::ok();
  }
  Status save() override { return Status::ok(); }
  Result<ReloadReport> reload() override { return ReloadReport{}; }
  void add_secret(const std::string &s) override { secrets.push_back(s); }
  void close() override { log.push_back("close"); }
  std::string transcript_path() const override { return ""; }
  std::vector<std::string> secrets;

 private:
  // Writes a transferred file, with the faults; the partial file stays on a drop.
  Status store(const std::string &name, std::string &bytes) {
    ++transfers;
    if (drop_at >= 0 && drop_at < static_cast<std::int64_t>(bytes.size())) {
      files[name] = bytes.substr(0, static_cast<std::size_t>(drop_at));
      drop_at = -1;
      return Status::error(ErrorKind::failed, "%Error reading " + name + " (Connection reset)");
    }
    if (static_cast<std::int64_t>(bytes.size()) > capacity - used()) {
      return Status::error(ErrorKind::failed, "%Error writing bootflash:" + name + " (No space left on device)");
    }
    if (corrupt_next > 0 && !bytes.empty()) {
      --corrupt_next;
      bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5a);
    }
    files[name] = bytes;
    return Status::ok();
  }
};

// Forwards every call to a FakeRouter that outlives the session.
class SharedSession final : public RouterSession {
 public:
  explicit SharedSession(FakeRouter &router) : r_(router) {}
  Status open() override { return r_.open(); }
  Result<std::string> run(const std::string &c) override { return r_.run(c); }
  Result<std::string> run_tolerant(const std::string &c) override { return r_.run_tolerant(c); }
  Status configure(const std::vector<std::string> &lines) override { return r_.configure(lines); }
  Status save() override { return r_.save(); }
  Result<ReloadReport> reload() override { return r_.reload(); }
  void add_secret(const std::string &s) override { r_.add_secret(s); }
  void close() override { r_.close(); }
  std::string transcript_path() const override { return r_.transcript_path(); }

 private:
  FakeRouter &r_;
};

// The facts a run journals once it took a router's pre-change snapshot: a real snapshot of `r`
// stored under `store`, its sha256, and the router's identity (what a resume checks). The
// commands it took are dropped from r.log.
template <class Router>  // FakeRouter or a class derived from it
std::map<std::string, std::string> recorded_pre_snapshot(Router &r, const std::string &host, const std::string &store) {
  ExecutorOptions o;
  o.store = store;
  auto path = store_snapshot(r, host, o);
  r.log.clear();
  if (!path) return {};
  return {{"pre_snapshot", path.value()}, {"pre_snapshot_sha256", base::sha256_of_file(path.value()).value()}};
}

// The index of the plan's (last) reload step; -1 when it has none.
inline int reload_step_of(const Plan &plan) {
  int index = -1;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    if (plan.steps[i].kind == StepKind::reload) index = static_cast<int>(i);
  }
  return index;
}

// Journals what a run killed right after sending `host`'s reload leaves behind: every step before
// the reload done (the first with the pre-change snapshot's facts), then reload-sent. Returns the
// reload's step index, or -1 (nothing written) when the plan has no reload or a record failed.
inline int journal_killed_after_reload_sent(Journal &journal, const std::string &host, const Plan &plan,
                                            const std::map<std::string, std::string> &pre_snapshot_facts) {
  const int reload = reload_step_of(plan);
  if (reload < 0) return -1;
  for (int i = 0; i < reload; ++i) {
    StepRecord done;
    done.event = StepRecord::Event::done;
    done.host = host;
    done.step = i;
    if (i == 0) done.facts = pre_snapshot_facts;
    if (!journal.append(done)) return -1;
  }
  StepRecord sent;
  sent.event = StepRecord::Event::reload_sent;
  sent.host = host;
  sent.step = reload;
  return journal.append(sent) ? reload : -1;
}

}  // namespace licmig::migrate::fakes
