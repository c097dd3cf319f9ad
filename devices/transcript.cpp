// Transcript files, masked as they are written.
#include "devices/transcript.hpp"

#include "base/file.hpp"
#include "base/printable.hpp"
#include "base/text.hpp"
#include "devices/dialogs.hpp"
#include "snapshot/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace licmig::devices {

namespace {

// The longest unfinished line kept before it is written out anyway.
constexpr std::size_t k_max_pending = 64 * 1024;

Status make_private_dir(const std::string &dir) {
  if (::mkdir(dir.c_str(), 0700) == 0) return Status::ok();
  if (errno != EEXIST)
    return Status::error(ErrorKind::io_error, dir + ": cannot create directory: " + std::strerror(errno));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return Status::error(ErrorKind::io_error, dir + ": not a directory");
  }
  return Status::ok();
}

std::string utc_stamp(base::WallTime when) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

Transcript::~Transcript() { close(); }

Result<std::string> Transcript::open(Transcript &transcript, const std::string &store, const std::string &host,
                                     base::Clock &clock) {
  transcript.close();
  auto key = snapshot::Store(store).mask_key();
  if (!key) return key.status();
  transcript.masker_ = snapshot::SecretMasker(key.value());
  for (const auto &s : transcript.secrets_) transcript.masker_.add_known(s);
  transcript.stream_ = snapshot::MaskStream(transcript.masker_);
  std::string dir = store;
  for (const std::string &part : {std::string("transcripts"), base::path_component_for(host)}) {
    if (auto st = make_private_dir(dir); !st) return st;
    dir += "/" + part;
  }
  if (auto st = make_private_dir(dir); !st) return st;
  const auto stamp = utc_stamp(clock.wall_now());
  for (int n = 0; n < 1000; ++n) {
    std::string path = dir + "/" + stamp + (n ? "-" + std::to_string(n) : "") + ".log";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) continue;
      return Status::error(ErrorKind::io_error, path + ": cannot create transcript: " + std::strerror(errno));
    }
    ::fchmod(fd, 0600);  // whatever the umask
    transcript.file_ = ::fdopen(fd, "w");
    if (!transcript.file_) {
      ::close(fd);
      return Status::error(ErrorKind::io_error, path + ": cannot open transcript");
    }
    transcript.path_ = path;
    return path;
  }
  return Status::error(ErrorKind::io_error, dir + ": too many transcripts with the same time stamp");
}

void Transcript::add_secret(const std::string &secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) == secrets_.end()) secrets_.push_back(secret);
  masker_.add_known(secret);
}

void Transcript::write_out(std::string_view text) {
  if (!file_ || text.empty()) return;
  // masked first (a secret is matched as the router sent it), then the controls escaped
  const auto masked = base::escape_controls(stream_.mask_lines(text));
  std::fwrite(masked.data(), 1, masked.size(), file_);
}

void Transcript::received(std::string_view text) {
  if (!file_) return;
  pending_.append(text);
  const auto nl = text.empty() ? std::string::npos : pending_.rfind('\n');
  if (nl == std::string::npos) {
    // A line without end (a router printing no newlines) is written in pieces: memory stays bounded.
    if (pending_.size() > k_max_pending) flush();
    return;
  }
  write_out(strip_terminal_controls(std::string_view(pending_).substr(0, nl + 1)));
  pending_.erase(0, nl + 1);
}

void Transcript::note(std::string_view text) {
  if (!file_) return;
  flush();
  std::string line = "# licmig: ";
  line.append(text);
  line.push_back('\n');
  write_out(line);
  std::fflush(file_);
}

void Transcript::flush() {
  if (!file_) return;
  if (!pending_.empty()) {
    write_out(strip_terminal_controls(pending_) + "\n");
    pending_.clear();
  }
  std::fflush(file_);
}

void Transcript::close() {
  if (!file_) return;
  flush();
  std::fclose(file_);
  file_ = nullptr;
}

}  // namespace licmig::devices
