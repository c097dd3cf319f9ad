// File transfers to a simulated router's bootflash. PullTransfer is `copy URL bootflash:NAME`: the
// URL is really fetched with libcurl (http, https, ftp, tftp, scp, sftp) on a thread of its own, so
// the event loop serving every other router never waits for it. The router's link rate caps the
// download speed (CURLOPT_MAX_RECV_SPEED_LARGE); the faults transfer_drop_at_percent and
// corrupt_transfer apply; the capacity of bootflash is checked as the bytes arrive. Whatever
// arrived stays on bootflash when the transfer fails (dropped, out of space, cancelled), as a
// partial file: the one who copied must delete it.
//
// The md5 of the stored bytes is computed while writing (libcrypto), so `verify /md5` after a
// transfer does not read the file again.
//
// Thread-safety: a PullTransfer is owned and polled by one thread (the event loop); its worker
// thread shares only the state inside it. Destroying it cancels the download (the worker finishes
// on its own, leaving the partial file).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sim/bootflash.hpp"

namespace licmig::sim {

struct PullRequest {
  std::string url;        // as typed
  std::string dest_name;  // bootflash file name
  std::string dest_path;  // the file on disk
  std::int64_t capacity = 0;
  std::string bootflash_dir;
  std::int64_t rate = 0;  // bytes/s, 0 = unlimited
  int drop_at_percent = 0;
  bool corrupt = false;
};

struct TransferOutcome {
  bool ok = false;
  std::int64_t bytes = 0;
  double seconds = 0;
  std::string md5;    // of the stored bytes (ok only)
  std::string error;  // the IOS error line without "\n" (not ok only)
};

class PullTransfer {
 public:
  explicit PullTransfer(PullRequest request);
  ~PullTransfer();
  PullTransfer(const PullTransfer &) = delete;
  PullTransfer &operator=(const PullTransfer &) = delete;

  std::int64_t bytes_so_far() const;
  bool done() const;
  // Valid once done().
  TransferOutcome outcome() const;

  struct Shared;

 private:
  std::shared_ptr<Shared> shared_;
};

// The URL schemes `copy` fetches; "" when `url` has none of them.
std::string url_scheme(const std::string &url);
// The URL with any password removed ("scp://user:secret@h/f" -> "scp://user@h/f"), for echoing.
std::string url_for_display(const std::string &url);
// The last path component of a URL ("" when it ends with '/').
std::string url_file_name(const std::string &url);

// "N bytes copied in X.XXX secs (Y bytes/sec)", as IOS ends a copy.
std::string copied_line(std::int64_t bytes, double seconds);

}  // namespace licmig::sim
