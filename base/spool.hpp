// A spool: one text per index, put in any order (by worker threads, as each item finishes) and read
// back in index order at the end, kept in an unlinked temporary file instead of the heap. A fleet
// command's report rows go here as routers finish (`licmig snapshot` at 10,000 routers), so that
// its memory does not grow with the fleet. Where no temporary file can be made (TMPDIR, else /tmp,
// not writable or full) the texts are kept in memory instead: the run goes on, only bigger.
//
// Thread-safety: put() may be called from several threads at once; for_each() from one thread
// after the last put().
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace licmig::base {

class Spool {
 public:
  // Room for indexes [0, count).
  explicit Spool(std::size_t count);
  ~Spool();
  Spool(const Spool &) = delete;
  Spool &operator=(const Spool &) = delete;

  // Keeps `text` as the index's text (a later put() for the same index replaces it). An index out
  // of range is ignored.
  void put(std::size_t index, std::string_view text);
  // fn(index, text) for every index that was put, in index order. False when a text put could not
  // be read back (the temporary file failed and its texts could not be moved to memory): the
  // caller's report is then incomplete, and must say so.
  bool for_each(const std::function<void(std::size_t, std::string_view)> &fn) const;
  // How many indexes have a text, and their texts' total size (what for_each will hand out).
  std::size_t count() const;
  std::uint64_t bytes() const;
  // Whether the texts are in a file (false: in memory, no temporary file could be made or written).
  bool on_disk() const { return file_ != nullptr; }

 private:
  struct Slot {
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
    bool present = false;
  };
  void append(std::string_view text, std::uint64_t *offset);
  void spill_to_memory();

  mutable std::mutex mu_;
  std::vector<Slot> slots_;
  std::FILE *file_ = nullptr;
  std::uint64_t end_ = 0;
  std::string memory_;  // the texts when there is no file
  bool lost_ = false;   // a text put was lost with the file
};

}  // namespace licmig::base
