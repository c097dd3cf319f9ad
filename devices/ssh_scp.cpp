#include "devices/ssh_scp.hpp"

#include <array>
#include <fstream>

#include <libssh/libssh.h>

// libssh 0.10 marks its SCP client deprecated in favour of SFTP, which IOS XE routers do not serve;
// `scp -t` is what they do serve (`ip scp server enable`).
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
#elif defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif

namespace licmig::devices {

namespace {

constexpr std::size_t k_chunk = std::size_t{32} << 10;

struct ScpHandle {
  ssh_scp scp = nullptr;
  ~ScpHandle() {
    if (scp) {
      ssh_scp_close(scp);
      ssh_scp_free(scp);
    }
  }
};

}  // namespace

Status scp_send(ssh_session_struct *session, const FileSend &file, const std::string &peer) {
  std::ifstream in(file.local_path, std::ios::binary);
  if (!in) return Status::error(ErrorKind::io_error, file.local_path + ": cannot be read");
  const auto where = peer + ": scp " + file.remote_name + " to " + file.remote_path;
  ScpHandle h;
  h.scp = ssh_scp_new(session, SSH_SCP_WRITE, file.remote_path.c_str());
  if (!h.scp || ssh_scp_init(h.scp) != SSH_OK) {
    return Status::error(ErrorKind::protocol,
                         where + ": the router refused the SCP session (" + std::string(ssh_get_error(session)) + ")");
  }
  if (ssh_scp_push_file64(h.scp, file.remote_name.c_str(), static_cast<std::uint64_t>(file.size), 0644) != SSH_OK) {
    return Status::error(ErrorKind::protocol,
                         where + ": the router refused the file (" + std::string(ssh_get_error(session)) + ")");
  }
  std::array<char, k_chunk> buf{};
  std::int64_t done = 0;
  while (done < file.size) {
    const auto want = static_cast<std::size_t>(std::min<std::int64_t>(file.size - done, k_chunk));
    if (file.before_chunk) {
      if (auto st = file.before_chunk(want); !st) return st;
    }
    in.read(buf.data(), static_cast<std::streamsize>(want));
    if (static_cast<std::size_t>(in.gcount()) != want) {
      return Status::error(ErrorKind::io_error, file.local_path + ": shorter than its " + std::to_string(file.size) +
                                                    " bytes (changed while being sent?)");
    }
    if (ssh_scp_write(h.scp, buf.data(), want) != SSH_OK) {
      return Status::error(ErrorKind::protocol, where + ": the transfer stopped after " + std::to_string(done) +
                                                    " bytes (" + std::string(ssh_get_error(session)) + ")");
    }
    done += static_cast<std::int64_t>(want);
    if (file.sent) file.sent(done);
  }
  // ssh_scp_close sends EOF and waits for the router to close the channel: the file is complete.
  const int rc = ssh_scp_close(h.scp);
  ssh_scp_free(h.scp);
  h.scp = nullptr;
  if (rc != SSH_OK) {
    return Status::error(ErrorKind::protocol, where + ": the router did not confirm the end of the file (" +
                                                  std::string(ssh_get_error(session)) + ")");
  }
  return Status::ok();
}

}  // namespace licmig::devices
