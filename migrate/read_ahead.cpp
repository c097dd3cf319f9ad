#include "migrate/read_ahead.hpp"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "migrate/fleet.hpp"

namespace licmig::migrate {

namespace {

// A counting semaphore that serves its waiters in the order they came (a ticket each).
class FifoSlots {
 public:
  explicit FifoSlots(int slots) : free_(std::max(slots, 1)) {}

  void acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    const std::uint64_t ticket = next_ticket_++;
    cv_.wait(lock, [&] { return ticket == serving_ && free_ > 0; });
    --free_;
    ++serving_;
    cv_.notify_all();  // the next ticket may take another free slot
  }

  void release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++free_;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int free_;
  std::uint64_t next_ticket_ = 0;
  std::uint64_t serving_ = 0;
};

}  // namespace

void run_read_ahead(std::size_t count, int slots, int ahead, const std::function<bool(std::size_t)> &prepare,
                    const std::function<void(std::size_t, std::chrono::milliseconds waited)> &work,
                    base::Clock &clock) {
  const int working = std::max(slots, 1);
  FifoSlots free_slots(working);
  run_parallel(count, working + std::max(ahead, 0), [&](std::size_t i) {
    if (!prepare(i)) return;
    const auto ready = clock.now();
    free_slots.acquire();
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - ready);
    struct Release {
      FifoSlots &slots;
      ~Release() { slots.release(); }
    } release{free_slots};
    work(i, waited);
  });
}

}  // namespace licmig::migrate
