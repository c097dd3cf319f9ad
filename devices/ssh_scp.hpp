// scp_send(): one file to the peer of an open libssh session with libssh's SCP client (ssh_scp_*),
// the sending half of SshTransport::send_file (used only inside devices/).
//
// Thread-safety: uses the session; the caller owns it for the duration.
#pragma once

#include <string>

#include "base/result.hpp"
#include "devices/transport.hpp"

struct ssh_session_struct;

namespace licmig::devices {

// Sends `file` (ssh_scp_new in write mode on file.remote_path, one file of file.size bytes named
// file.remote_name, mode 0644), in chunks of at most 32 KiB, calling before_chunk / sent around each.
// Errors name `peer`: io_error for the local file (missing, unreadable, its size changed), protocol
// for what the router refused (the SCP channel, the header, a write), before_chunk's own error.
Status scp_send(ssh_session_struct *session, const FileSend &file, const std::string &peer);

}  // namespace licmig::devices
