#include "base/spool.hpp"

#include <unistd.h>

#include <cstdlib>

namespace licmig::base {

namespace {

std::FILE *unlinked_temporary_file() {
  const char *dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/licmig-spool-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return nullptr;
  ::unlink(path.c_str());
  std::FILE *f = ::fdopen(fd, "w+b");
  if (f == nullptr) ::close(fd);
  return f;
}

}  // namespace

Spool::Spool(std::size_t count) : slots_(count), file_(unlinked_temporary_file()) {}

Spool::~Spool() {
  if (file_ != nullptr) std::fclose(file_);
}

void Spool::spill_to_memory() {
  // the file failed (disk full): what it holds moves to memory, and so does what follows
  std::string all(end_, '\0');
  const bool read_back = std::fflush(file_) == 0 && std::fseek(file_, 0, SEEK_SET) == 0 &&
                         (end_ == 0 || std::fread(all.data(), 1, all.size(), file_) == all.size());
  std::fclose(file_);
  file_ = nullptr;
  if (!read_back) {
    // nothing of it can be trusted: the texts put so far are lost
    for (auto &s : slots_) lost_ = lost_ || s.present;
    for (auto &s : slots_) s.present = false;
    all.clear();
  }
  memory_ = std::move(all);
  end_ = memory_.size();
}

void Spool::append(std::string_view text, std::uint64_t *offset) {
  if (file_ != nullptr) {
    if (std::fseek(file_, static_cast<long>(end_), SEEK_SET) == 0 &&
        std::fwrite(text.data(), 1, text.size(), file_) == text.size()) {
      *offset = end_;
      end_ += text.size();
      return;
    }
    spill_to_memory();
  }
  *offset = memory_.size();
  memory_.append(text);
  end_ = memory_.size();
}

void Spool::put(std::size_t index, std::string_view text) {
  std::lock_guard<std::mutex> lock(mu_);
  if (index >= slots_.size()) return;
  std::uint64_t offset = 0;
  append(text, &offset);
  slots_[index] = Slot{offset, static_cast<std::uint32_t>(text.size()), true};
}

std::size_t Spool::count() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::size_t n = 0;
  for (const auto &s : slots_) n += s.present ? 1 : 0;
  return n;
}

std::uint64_t Spool::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::uint64_t n = 0;
  for (const auto &s : slots_) n += s.present ? s.size : 0;
  return n;
}

bool Spool::for_each(const std::function<void(std::size_t, std::string_view)> &fn) const {
  std::lock_guard<std::mutex> lock(mu_);
  bool whole = !lost_ && (file_ == nullptr || std::fflush(file_) == 0);
  std::string buf;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const Slot &s = slots_[i];
    if (!s.present) continue;
    if (file_ == nullptr) {
      fn(i, std::string_view(memory_).substr(s.offset, s.size));
      continue;
    }
    buf.resize(s.size);
    if (::pread(::fileno(file_), buf.data(), s.size, static_cast<off_t>(s.offset)) != static_cast<ssize_t>(s.size)) {
      whole = false;  // unreadable after it was written
      continue;
    }
    fn(i, buf);
  }
  return whole;
}

}  // namespace licmig::base
