// run_stdio: a Router's CliSession over plain file descriptors.
#include "sim/stdio_mode.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <thread>

#include "sim/router.hpp"
#include "sim/state_store.hpp"

namespace licmig::sim {
namespace {

bool write_all(int fd, const std::string &text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

Status run_stdio(const RouterSpec &spec, const std::string &state_dir, int in_fd, int out_fd) {
  Router router(spec, Clock::now());
  std::optional<StateStore> store;
  if (!state_dir.empty()) {
    store.emplace(state_dir);
    if (Status s = store->prepare(); !s) return s;
    auto saved = store->load(spec.name);
    if (!saved) return saved.status();
    if (saved->has_value()) {
      if (Status s = router.load_state(**saved); !s) {
        return Status::error(s.kind(), store->state_path(spec.name) + ": " + s.message());
      }
    }
  }
  if (store) {
    if (Status s = router.attach_bootflash(store->bootflash_path(spec.name)); !s) return s;
  }
  router.tick(Clock::now());
  auto session = router.open_shell(Clock::now());
  bool open = write_all(out_fd, session->start()) && !session->closed();
  char buffer[4096];
  while (open) {
    pollfd p{in_fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, 50);
    router.tick(Clock::now());
    if (ready < 0 && errno != EINTR) break;
    if (Reply later = session->poll(Clock::now()); !later.text.empty()) {  // a background copy
      if (!write_all(out_fd, later.text)) break;
    }
    if (ready <= 0) continue;
    const ssize_t n = ::read(in_fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // input closed
    Reply reply = session->input(std::string_view(buffer, static_cast<std::size_t>(n)), Clock::now());
    if (reply.delay.count() > 0) std::this_thread::sleep_for(reply.delay);
    bool written = write_all(out_fd, reply.text);
    for (std::size_t i = 0; written && i < reply.later.size(); ++i) {
      std::this_thread::sleep_for(reply.later[i].after);
      written = write_all(out_fd, reply.later[i].text);
    }
    open = written && !reply.close && !session->closed();
  }
  router.tick(Clock::now());
  if (store) return store->save(spec.name, router.save_state());
  return Status::ok();
}

}  // namespace licmig::sim
