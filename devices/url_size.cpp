#include "devices/url_size.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>

#include "base/text.hpp"
#include "snapshot/secrets.hpp"

namespace licmig::devices {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool asked(const std::string &url) {
  for (const char *scheme : {"http://", "https://", "ftp://"}) {
    if (base::starts_with(url, scheme)) return true;
  }
  return false;
}

ErrorKind kind_of(CURLcode code) {
  switch (code) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: return ErrorKind::invalid_input;
    case CURLE_COULDNT_RESOLVE_HOST: return ErrorKind::unreachable;
    case CURLE_COULDNT_CONNECT: return ErrorKind::refused;
    case CURLE_OPERATION_TIMEDOUT: return ErrorKind::timed_out;
    case CURLE_REMOTE_FILE_NOT_FOUND: return ErrorKind::not_found;
    case CURLE_LOGIN_DENIED:
    case CURLE_REMOTE_ACCESS_DENIED: return ErrorKind::auth_failed;
    default: return ErrorKind::failed;
  }
}

ErrorKind kind_of_http(long status) {
  if (status == 404 || status == 410) return ErrorKind::not_found;
  if (status == 401 || status == 403) return ErrorKind::auth_failed;
  return ErrorKind::failed;
}

// libcurl's data for a request without a body: the headers, and for FTP the "Content-Length: N"
// lines it makes up from SIZE. Without a callback of ours libcurl writes them to stdout, into
// licmig's report.
std::size_t discard(char *, std::size_t size, std::size_t n, void *) { return size * n; }

}  // namespace

Result<UrlSize> probe_url_size(const std::string &url, std::chrono::seconds timeout) {
  UrlSize out;
  if (!asked(url)) return out;
  out.asked = true;
  global_init();
  const std::string shown = snapshot::hide_url_password(url);
  CURL *curl = curl_easy_init();
  if (curl == nullptr) return Status::error(ErrorKind::failed, shown + ": libcurl could not start");
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https,ftp");
  curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min<std::int64_t>(timeout.count(), 15)));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_off_t length = -1;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    // libcurl's own words (never the URL's password: it does not print credentials)
    std::string why = error[0] != 0 ? std::string(error) : std::string(curl_easy_strerror(code));
    if (auto pw = snapshot::url_password(url); pw && !pw->empty()) {
      for (auto at = why.find(*pw); at != std::string::npos; at = why.find(*pw, at + 3))
        why.replace(at, pw->size(), "***");
    }
    return Status::error(kind_of(code), shown + ": the server could not be asked for the image's size: " + why);
  }
  const bool http = base::starts_with(url, "http");
  if (http && (status < 200 || status > 299)) {
    return Status::error(kind_of_http(status), shown + ": the server answered HTTP " + std::to_string(status) +
                                                   " when asked for the image's size (HEAD)");
  }
  if (length >= 0) out.bytes = static_cast<std::int64_t>(length);
  return out;
}

}  // namespace licmig::devices
