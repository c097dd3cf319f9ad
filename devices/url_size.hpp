// probe_url_size(): how large the file behind a URL is, asked of its server without downloading it
// (libcurl, no body): HTTP and HTTPS by a HEAD request (Content-Length), FTP by SIZE. `licmig stage`
// (and the stage step of plan/migrate) asks it when the routers pull an image the engineer has no
// local copy of, so that free space can be judged before anything is deleted or copied.
//
// tftp://, scp:// and sftp:// are not asked: TFTP has no size request (only the transfer's tsize
// option), and SCP/SFTP would need a login of licmig's own to a server that is the router's to
// reach. Their size stays unknown (UrlSize::asked false).
//
// HTTPS is verified against the system's CA store, as a router with a trustpoint would; redirects
// are not followed (the router's `copy` does not follow them either). Messages never hold the URL's
// password (snapshot::hide_url_password).
//
// Thread-safety: any thread (libcurl's global init is done once; each call has its own handle).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/result.hpp"

namespace licmig::devices {

struct UrlSize {
  bool asked = false;                 // the scheme lets the server be asked (http, https, ftp)
  std::optional<std::int64_t> bytes;  // what the server said; absent: it did not say (no Content-Length)
};

// Errors: invalid_input for a URL libcurl cannot read; not_found (HTTP 404, FTP 550), auth_failed
// (HTTP 401/403, FTP login), refused, unreachable, timed_out, failed (another HTTP status, TLS) —
// each message naming the URL without its password and the server's answer.
Result<UrlSize> probe_url_size(const std::string &url, std::chrono::seconds timeout = std::chrono::seconds(30));

// The seam callers take (tests pass a fake).
using UrlSizeProbe = std::function<Result<UrlSize>(const std::string &url)>;

}  // namespace licmig::devices
