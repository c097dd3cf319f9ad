// PullTransfer: libcurl on a worker thread writes the URL's bytes to the bootflash file, checking
// capacity, applying the link rate and the transfer faults, and hashing what it stores.
#include "sim/transfer.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>

#include "base/digest.hpp"
#include "base/text.hpp"

namespace licmig::sim {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The reason IOS gives in parentheses for a failed transfer.
std::string reason(CURLcode code, long response) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST: return "Unknown host";
    case CURLE_COULDNT_CONNECT: return "Connection refused";
    case CURLE_OPERATION_TIMEDOUT: return "Timed out";
    case CURLE_REMOTE_FILE_NOT_FOUND:
    case CURLE_TFTP_NOTFOUND: return "No such file or directory";
    case CURLE_LOGIN_DENIED:
    case CURLE_REMOTE_ACCESS_DENIED:
    case CURLE_TFTP_PERM: return "Permission denied";
    case CURLE_HTTP_RETURNED_ERROR:
      if (response == 404 || response == 410) return "No such file or directory";
      if (response == 401 || response == 403) return "Permission denied";
      return "I/O error";
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING: return "Connection reset by peer";
    default: return "I/O error";
  }
}

}  // namespace

struct PullTransfer::Shared {
  PullRequest req;
  std::atomic<std::int64_t> bytes{0};
  std::atomic<bool> cancel{false};
  std::atomic<bool> finished{false};
  std::mutex mutex;  // guards outcome
  TransferOutcome outcome;

  // Worker-only state.
  CURL *curl = nullptr;
  int fd = -1;
  base::Md5 md5;
  bool no_space = false;
  bool dropped = false;
  bool write_failed = false;
  std::int64_t next_space_check = 0;

  bool open_file() {
    if (fd >= 0) return true;
    fd = ::open(req.dest_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    return fd >= 0;
  }

  // Writes `n` bytes at the current offset; false on a write error.
  bool store(const char *data, std::size_t n) {
    std::string corrupted;
    if (req.corrupt && bytes.load() == 0 && n > 0) {
      corrupted.assign(data, n);
      corrupted[0] = static_cast<char>(corrupted[0] ^ 0x5a);
      data = corrupted.data();
    }
    std::size_t done = 0;
    while (done < n) {
      const ssize_t w = ::write(fd, data + done, n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      done += static_cast<std::size_t>(w);
    }
    md5.update(std::string_view(data, n));
    bytes += static_cast<std::int64_t>(n);
    return true;
  }

  std::size_t on_data(const char *data, std::size_t n) {
    if (!open_file()) {
      write_failed = true;
      return 0;
    }
    std::size_t take = n;
    curl_off_t total = -1;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &total);
    if (req.drop_at_percent > 0 && total > 0) {
      const std::int64_t limit = total * req.drop_at_percent / 100;
      if (bytes.load() + static_cast<std::int64_t>(take) >= limit) {
        take = static_cast<std::size_t>(std::max<std::int64_t>(0, limit - bytes.load()));
        dropped = true;
      }
    }
    // Capacity: the folder is read again every 256 KiB of data (other transfers fill it too).
    if (bytes.load() + static_cast<std::int64_t>(take) >= next_space_check) {
      const std::int64_t free = req.capacity - Bootflash::used_in(req.bootflash_dir);
      if (free < static_cast<std::int64_t>(take)) {
        take = static_cast<std::size_t>(std::max<std::int64_t>(0, free));
        no_space = true;
      }
      next_space_check = bytes.load() + static_cast<std::int64_t>(take) + (256 << 10);
    }
    if (!store(data, take)) {
      write_failed = true;
      return 0;
    }
    return (dropped || no_space) ? 0 : n;
  }

  void run() {
    const auto start = std::chrono::steady_clock::now();
    md5.reset();
    curl = curl_easy_init();
    CURLcode code = CURLE_FAILED_INIT;
    long response = 0;
    if (curl != nullptr) {
      curl_easy_setopt(curl, CURLOPT_URL, req.url.c_str());
      curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
      curl_easy_setopt(curl, CURLOPT_FAILONERROR, 1L);
      curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
      curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
      curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 15L);
      curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);  // a stalled server: "Timed out" after 60 s
      curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 60L);
      // The simulated router has no trust anchors of its own: like a router with a trustpoint that
      // accepts the server, it does not verify https or ssh server identities.
      curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
      curl_easy_setopt(curl, CURLOPT_SSH_AUTH_TYPES, static_cast<long>(CURLSSH_AUTH_PASSWORD | CURLSSH_AUTH_KEYBOARD));
      if (req.rate > 0) curl_easy_setopt(curl, CURLOPT_MAX_RECV_SPEED_LARGE, static_cast<curl_off_t>(req.rate));
      curl_easy_setopt(curl, CURLOPT_WRITEDATA, this);
      curl_easy_setopt(
          curl, CURLOPT_WRITEFUNCTION, +[](char *p, std::size_t size, std::size_t n, void *self) {
            return static_cast<Shared *>(self)->on_data(p, size * n);
          });
      curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt(curl, CURLOPT_XFERINFODATA, this);
      curl_easy_setopt(
          curl, CURLOPT_XFERINFOFUNCTION, +[](void *self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> int {
            return static_cast<Shared *>(self)->cancel.load() ? 1 : 0;
          });
      code = curl_easy_perform(curl);
      curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
      curl_easy_cleanup(curl);
      curl = nullptr;
    }
    if (code == CURLE_OK && !open_file()) write_failed = true;  // an empty file
    if (fd >= 0) ::close(fd);
    TransferOutcome out;
    out.bytes = bytes.load();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string shown = url_for_display(req.url);
    if (no_space || write_failed) {
      out.error =
          "%Error writing bootflash:" + req.dest_name + (no_space ? " (No space left on device)" : " (I/O error)");
    } else if (dropped) {
      out.error = "%Error reading " + shown + " (Timed out)";
    } else if (code != CURLE_OK) {
      const std::string verb = out.bytes > 0 ? "reading " : "opening ";
      out.error = "%Error " + verb + shown + " (" + (cancel.load() ? "Interrupted" : reason(code, response)) + ")";
    } else {
      out.ok = true;
      out.md5 = md5.hex();
    }
    std::lock_guard<std::mutex> lock(mutex);
    outcome = std::move(out);
    finished = true;
  }
};

PullTransfer::PullTransfer(PullRequest request) : shared_(std::make_shared<Shared>()) {
  global_init();
  shared_->req = std::move(request);
  std::thread([shared = shared_] { shared->run(); }).detach();
}

PullTransfer::~PullTransfer() { shared_->cancel = true; }

std::int64_t PullTransfer::bytes_so_far() const { return shared_->bytes.load(); }
bool PullTransfer::done() const { return shared_->finished.load(); }

TransferOutcome PullTransfer::outcome() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->outcome;
}

std::string url_scheme(const std::string &url) {
  const auto colon = url.find("://");
  if (colon == std::string::npos) return "";
  const auto scheme = base::to_lower(url.substr(0, colon));
  for (const char *known : {"http", "https", "ftp", "tftp", "scp", "sftp"}) {
    if (scheme == known) return scheme;
  }
  return "";
}

std::string url_for_display(const std::string &url) {
  const auto start = url.find("://");
  if (start == std::string::npos) return url;
  const auto host_end = url.find('/', start + 3);
  const auto at = url.rfind('@', host_end == std::string::npos ? url.size() : host_end);
  if (at == std::string::npos || at < start) return url;
  const auto colon = url.find(':', start + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

std::string url_file_name(const std::string &url) {
  const auto start = url.find("://");
  const auto path = url.find('/', start == std::string::npos ? 0 : start + 3);
  if (path == std::string::npos) return "";
  auto end = url.find_first_of("?#", path);
  const std::string p = url.substr(path, end == std::string::npos ? std::string::npos : end - path);
  return p.substr(p.rfind('/') + 1);
}

std::string copied_line(std::int64_t bytes, double seconds) {
  char buf[160];
  const double secs = seconds < 0.001 ? 0.001 : seconds;
  std::snprintf(buf, sizeof buf, "%lld bytes copied in %.3f secs (%lld bytes/sec)", static_cast<long long>(bytes), secs,
                static_cast<long long>(static_cast<double>(bytes) / secs));
  return buf;
}

}  // namespace licmig::sim
