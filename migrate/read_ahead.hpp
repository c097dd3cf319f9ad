// run_read_ahead(): a fleet job in two halves, so that slow preparation (log in, read the router)
// never holds a slot that a transfer could use. `prepare(i)` runs on up to `slots + ahead` threads at
// once; when it returns true, `work(i, waited)` runs inside one of `slots` slots, granted in the order
// the items finished preparing (first prepared, first served), `waited` being how long the item
// waited for its slot. So at most `slots` works run at once, and while they run up to `ahead` more
// items are prepared and wait, ready: a slot that frees goes at once to one of them.
//
// `licmig stage` uses it with slots = --parallel (the routers being changed: deletions, the
// transfer, its verification) and ahead = --parallel (the next routers logged in and read).
//
// Thread-safety: prepare and work are called from several threads at once, each with a different
// index; an index goes through prepare (then, if it returned true, work) on one thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include "base/clock.hpp"

namespace licmig::migrate {

void run_read_ahead(std::size_t count, int slots, int ahead, const std::function<bool(std::size_t)> &prepare,
                    const std::function<void(std::size_t, std::chrono::milliseconds waited)> &work,
                    base::Clock &clock = base::system_clock());

}  // namespace licmig::migrate
