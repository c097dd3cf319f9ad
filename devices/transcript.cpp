// Transcript files and secret masking.
#include "devices/transcript.hpp"

#include "base/printable.hpp"
#include "base/text.hpp"
#include "devices/dialogs.hpp"

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

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Masks the word after the keywords idtoken / password / secret (skipping a lone type digit
// such as `0` or `7` after password/secret). Works on one line at a time.
std::string mask_keyword_values(std::string_view line) {
  std::string out;
  std::size_t i = 0;
  bool mask_next = false;
  bool allow_type = false;
  while (i < line.size()) {
    if (is_blank(line[i]) || line[i] == '\n') {
      out.push_back(line[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < line.size() && !is_blank(line[j]) && line[j] != '\n') ++j;
    const auto word = line.substr(i, j - i);
    if (mask_next && allow_type && word.size() == 1 && std::isdigit(static_cast<unsigned char>(word[0]))) {
      out.append(word);
      allow_type = false;
    } else if (mask_next) {
      out.append("***");
      mask_next = false;
    } else {
      out.append(word);
      if (base::iequals(word, "idtoken")) {
        mask_next = true;
        allow_type = false;
      } else if (base::iequals(word, "password") || base::iequals(word, "secret")) {
        mask_next = true;
        allow_type = true;
      }
    }
    i = j;
  }
  return out;
}

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

// A host name made safe as one path component.
std::string safe_component(const std::string &name) {
  std::string out;
  for (char c : name) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    out.push_back(ok ? c : '_');
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

}  // namespace

std::string mask_secrets(std::string_view text, const std::vector<std::string> &secrets) {
  std::string s(text);
  for (const auto &secret : secrets) {
    if (secret.empty()) continue;
    for (std::size_t pos = s.find(secret); pos != std::string::npos; pos = s.find(secret, pos + 3)) {
      s.replace(pos, secret.size(), "***");
    }
  }
  std::string out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto nl = s.find('\n', start);
    const auto end = nl == std::string::npos ? s.size() : nl + 1;
    out += mask_keyword_values(std::string_view(s).substr(start, end - start));
    start = end;
  }
  return out;
}

Transcript::~Transcript() { close(); }

Result<std::string> Transcript::open(Transcript &transcript, const std::string &store, const std::string &host,
                                     base::Clock &clock) {
  transcript.close();
  std::string dir = store;
  for (const std::string &part : {std::string("transcripts"), safe_component(host)}) {
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
  // Longest first, so a secret that contains another is masked whole.
  std::sort(secrets_.begin(), secrets_.end(), [](const auto &a, const auto &b) { return a.size() > b.size(); });
}

void Transcript::write_out(std::string_view text) {
  if (!file_ || text.empty()) return;
  const auto masked = mask_secrets(text, secrets_);
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
  write_out(base::escape_controls(strip_terminal_controls(std::string_view(pending_).substr(0, nl + 1))));
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
    write_out(base::escape_controls(strip_terminal_controls(pending_)) + "\n");
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
