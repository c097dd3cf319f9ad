// The simulated router's bootflash (issue 15): real files with a capacity, `dir bootflash:` and
// `verify /md5` over them, `copy URL bootflash:` (fetched by libcurl from a small HTTP server in this
// test) with its dialogs, errors and faults, `delete`, the SCP sink protocol, persistence in a
// state folder and booting a transferred image.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sim/transfer.hpp"
#include "sim_test_support.hpp"

namespace {

using namespace simtest;
namespace fs = std::filesystem;

// A one-file HTTP/1.0 server on 127.0.0.1: GET /img.bin answers the body, anything else 404.
class HttpServer {
 public:
  explicit HttpServer(std::string body) : body_(std::move(body)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr *>(&a), len), 0);
    EXPECT_EQ(::listen(fd_, 8), 0);
    ::getsockname(fd_, reinterpret_cast<sockaddr *>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~HttpServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url(const std::string &path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  void serve() {
    while (!stop_) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string request;
      char buf[1024];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(c, buf, sizeof buf);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
      }
      const bool found = request.rfind("GET /img.bin ", 0) == 0;
      const std::string reply =
          found ? "HTTP/1.0 200 OK\r\nContent-Length: " + std::to_string(body_.size()) + "\r\n\r\n" + body_
                : std::string("HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      std::size_t done = 0;
      while (done < reply.size()) {
        const ssize_t n = ::write(c, reply.data() + done, reply.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      ::close(c);
    }
  }
  std::string body_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

std::string pattern_bytes(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 7 + i / 251) & 0xff);
  return s;
}

// A router whose bootflash holds one declared image of 1 MB and has 8 MB in all.
RouterSpec small_router() {
  RouterSpec s = asr920("16.9.4");
  s.images.resize(1);
  s.images[0].size = 1000000;
  s.bootflash_bytes = 8000000;
  return s;
}

// Sends a line; keeps polling the session until the prompt comes back (a copy runs in the background).
std::string run(CliSession &s, Bench &b, const std::string &line) {
  std::string out = s.input(line + "\r", b.now).text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto ends = [&](const std::string &tail) {
    return out.size() >= tail.size() && out.compare(out.size() - tail.size(), tail.size(), tail) == 0;
  };
  while (!ends("#") && !ends("? ") && !ends("[confirm]") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    out += s.poll(b.now).text;
  }
  return out;
}

std::string key(CliSession &s, Bench &b, const std::string &k) {
  std::string out = s.input(k, b.now).text;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (out.find("PE1#") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    out += s.poll(b.now).text;
  }
  return out;
}

std::string free_line(std::int64_t total, std::int64_t free) {
  return std::to_string(total) + " bytes total (" + std::to_string(free) + " bytes free)";
}

TEST(SimBootflash, DirListsFilesAndFreeBytesAsTheyChange) {
  Bench b(small_router());
  const std::int64_t fixed = licmig::sim::Bootflash::k_fixed_bytes;
  auto dir = b.exec("dir bootflash:");
  EXPECT_NE(dir.find(free_line(8000000, 8000000 - fixed - 1000000)), std::string::npos) << dir;
  EXPECT_NE(dir.find("1000000  Sep 04 2023 09:00:00 +00:00  " + image_for("16.9.4")), std::string::npos) << dir;
  const auto parsed = parse("dir bootflash:", dir);
  EXPECT_EQ(parsed["free_bytes"], 8000000 - fixed - 1000000) << parsed.dump();

  HttpServer http(pattern_bytes(300000));
  auto s = b.router->open_shell(b.now);
  s->start();
  EXPECT_NE(run(*s, b, "copy " + http.url("/img.bin") + " bootflash:").find("Destination filename [img.bin]? "),
            std::string::npos);
  const auto out = run(*s, b, "");
  EXPECT_NE(
      out.find("Accessing " + http.url("/img.bin") + "...\r\n!\r\n[OK - 300000 bytes]\r\n\r\n300000 bytes copied in "),
      std::string::npos)
      << out;
  dir = b.exec("dir bootflash:");
  EXPECT_NE(dir.find(free_line(8000000, 8000000 - fixed - 1300000)), std::string::npos) << dir;
  EXPECT_NE(dir.find("300000  Mar 12 2024"), std::string::npos) << dir;  // dated by the router's clock
  // One file (Netmiko's file_transfer asks this way whether the file is there).
  const auto one = b.exec("dir bootflash:/img.bin");
  EXPECT_EQ(one.rfind("Directory of bootflash:/img.bin\r\n\r\n", 0), 0u) << one;
  EXPECT_NE(one.find("300000  Mar 12 2024"), std::string::npos) << one;
  EXPECT_EQ(one.find("nvram_config"), std::string::npos) << one;
  EXPECT_NE(one.find(free_line(8000000, 8000000 - fixed - 1300000)), std::string::npos) << one;
  EXPECT_EQ(b.exec("dir bootflash:nope.bin"), "%Error opening bootflash:/nope.bin (No such file or directory)\r\n");
  EXPECT_EQ(run(*s, b, "delete /force bootflash:img.bin"), "PE1#");
  EXPECT_NE(b.exec("dir").find(free_line(8000000, 8000000 - fixed - 1000000)), std::string::npos);
}

TEST(SimBootflash, CopyAsksBeforeOverwritingAndAnswersErrorsLikeIos) {
  Bench b(small_router());
  HttpServer http(pattern_bytes(1000));
  auto s = b.router->open_shell(b.now);
  s->start();
  run(*s, b, "copy " + http.url("/img.bin") + " bootflash:first.bin");
  EXPECT_NE(run(*s, b, "").find("[OK - 1000 bytes]"), std::string::npos);
  // The file exists: the real warning and [confirm]; any key but Enter/y keeps the old file.
  run(*s, b, "copy " + http.url("/img.bin") + " flash:");
  const auto warn = run(*s, b, "first.bin");
  EXPECT_NE(
      warn.find("%Warning:There is a file already existing with this name \r\nDo you want to over write? [confirm]"),
      std::string::npos)
      << warn;
  EXPECT_EQ(key(*s, b, "n"), "\r\nPE1#");
  run(*s, b, "copy " + http.url("/img.bin") + " bootflash:first.bin");
  run(*s, b, "");
  EXPECT_NE(key(*s, b, "\r").find("[OK - 1000 bytes]"), std::string::npos);

  auto error_of = [&](const std::string &url, const std::string &dest) {
    auto out = run(*s, b, "copy " + url + " " + dest);
    if (out.find("Destination filename") != std::string::npos) out = run(*s, b, "");
    return out;
  };
  EXPECT_NE(error_of(http.url("/missing.bin"), "bootflash:")
                .find("%Error opening " + http.url("/missing.bin") + " (No such file or directory)"),
            std::string::npos);
  EXPECT_NE(error_of("http://127.0.0.1:1/a.bin", "bootflash:")
                .find("%Error opening http://127.0.0.1:1/a.bin (Connection refused)"),
            std::string::npos);
  EXPECT_NE(error_of("rcp://h/a.bin", "bootflash:").find("%Error opening rcp://h/a.bin (Invalid argument)"),
            std::string::npos);
  EXPECT_NE(error_of(http.url("/img.bin"), "nvram:x").find("%Error opening nvram:x (Invalid argument)"),
            std::string::npos);
  // A password in the URL is never echoed.
  const auto secret = error_of("scp://admin:s3cret@127.0.0.1:1/a.bin", "bootflash:");
  EXPECT_EQ(secret.find("s3cret"), std::string::npos) << secret;
  EXPECT_NE(secret.find("Accessing scp://admin@127.0.0.1:1/a.bin..."), std::string::npos) << secret;
}

TEST(SimBootflash, OutOfSpaceLeavesThePartialFile) {
  Bench b(small_router());
  const std::int64_t free = 8000000 - licmig::sim::Bootflash::k_fixed_bytes - 1000000;
  HttpServer http(pattern_bytes(static_cast<std::size_t>(free) + 500000));
  auto s = b.router->open_shell(b.now);
  s->start();
  run(*s, b, "copy " + http.url("/img.bin") + " bootflash:big.bin");
  const auto out = run(*s, b, "");
  EXPECT_NE(out.find("%Error writing bootflash:big.bin (No space left on device)\r\nPE1#"), std::string::npos) << out;
  EXPECT_EQ(fs::file_size(b.router->bootflash_dir() + "/big.bin"), static_cast<std::uintmax_t>(free));
  EXPECT_NE(b.exec("dir").find(free_line(8000000, 0)), std::string::npos);
}

TEST(SimBootflash, FaultsDropAndCorruptTransfers) {
  const std::string body = pattern_bytes(400000);
  HttpServer http(body);
  {
    auto spec = small_router();
    spec.faults.transfer_drop_at_percent = 25;
    Bench b(spec);
    auto s = b.router->open_shell(b.now);
    s->start();
    run(*s, b, "copy " + http.url("/img.bin") + " bootflash:");
    EXPECT_NE(run(*s, b, "").find("%Error reading " + http.url("/img.bin") + " (Timed out)"), std::string::npos);
    EXPECT_EQ(fs::file_size(b.router->bootflash_dir() + "/img.bin"), 100000u);
  }
  {
    auto spec = small_router();
    spec.faults.corrupt_transfer = true;
    Bench b(spec);
    auto s = b.router->open_shell(b.now);
    s->start();
    run(*s, b, "copy " + http.url("/img.bin") + " bootflash:");
    EXPECT_NE(run(*s, b, "").find("[OK - 400000 bytes]"), std::string::npos);
    std::ifstream in(b.router->bootflash_dir() + "/img.bin", std::ios::binary);
    const std::string stored((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    ASSERT_EQ(stored.size(), body.size());
    EXPECT_NE(stored[0], body[0]);
    EXPECT_EQ(stored.substr(1), body.substr(1));
  }
}

TEST(SimBootflash, VerifyMd5HashesTheStoredBytes) {
  Bench b(small_router());
  // A declared image answers its declared md5.
  EXPECT_NE(b.exec("verify /md5 bootflash:" + image_for("16.9.4")).find("= 0123456789abcdef0123456789abcdef"),
            std::string::npos);
  HttpServer http("hello\n");
  auto s = b.router->open_shell(b.now);
  s->start();
  run(*s, b, "copy " + http.url("/img.bin") + " bootflash:");
  run(*s, b, "");
  const std::string md5_hello = "b1946ac92492d2347c6235b4d2611184";  // md5 of "hello\n"
  EXPECT_NE(b.exec("verify /md5 bootflash:img.bin " + md5_hello).find("Verified (bootflash:img.bin) = " + md5_hello),
            std::string::npos);
  // Bytes changed behind its back: the md5 follows the bytes, not a cache.
  {
    std::ofstream out(b.router->bootflash_dir() + "/img.bin", std::ios::binary | std::ios::trunc);
    out << "hellO\n";
  }
  const auto changed = b.exec("verify /md5 bootflash:img.bin " + md5_hello);
  EXPECT_NE(changed.find("%Error verifying bootflash:img.bin"), std::string::npos) << changed;
}

TEST(SimBootflash, DeleteDialogsAndForce) {
  Bench b(small_router());
  HttpServer http("x");
  auto s = b.router->open_shell(b.now);
  s->start();
  run(*s, b, "copy " + http.url("/img.bin") + " bootflash:a.bin");
  run(*s, b, "");
  EXPECT_EQ(run(*s, b, "delete bootflash:a.bin"), "Delete filename [a.bin]? ");
  EXPECT_EQ(run(*s, b, ""), "Delete bootflash:/a.bin? [confirm]");
  EXPECT_EQ(key(*s, b, "n"), "\r\nPE1#");
  EXPECT_TRUE(fs::exists(b.router->bootflash_dir() + "/a.bin"));
  run(*s, b, "delete bootflash:a.bin");
  run(*s, b, "");
  EXPECT_EQ(key(*s, b, "\r"), "\r\nPE1#");
  EXPECT_FALSE(fs::exists(b.router->bootflash_dir() + "/a.bin"));
  EXPECT_EQ(run(*s, b, "delete /force bootflash:a.bin"),
            "%Error deleting bootflash:/a.bin (No such file or directory)\r\nPE1#");
  // The running image is refused (the conservative reading).
  auto spec = small_router();
  Bench running(spec);
  EXPECT_EQ(running.exec("delete /force bootflash:" + image_for("16.9.4")),
            "%Error deleting bootflash:/" + image_for("16.9.4") + " (Device or resource busy)\r\n");
}

// The SCP sink byte by byte, as OpenSSH `scp -O` and Netmiko speak it.
TEST(SimBootflash, ScpSinkReceivesFilesWhenTheServerIsEnabled) {
  Bench b(small_router());
  EXPECT_EQ(b.router->open_scp("scp -t bootflash:a.bin", b.now), nullptr);  // `ip scp server enable` missing
  auto s = b.router->open_shell(b.now);
  s->start();
  run(*s, b, "configure terminal");
  run(*s, b, "ip scp server enable");
  run(*s, b, "end");
  EXPECT_NE(b.exec("show running-config").find("\r\nip scp server enable\r\n"), std::string::npos);
  EXPECT_EQ(b.router->open_scp("scp -f bootflash:a.bin", b.now), nullptr);  // source mode: not served
  EXPECT_EQ(b.router->open_scp("scp -t nvram:a.bin", b.now), nullptr);

  auto sink = b.router->open_scp("scp -t -- 'bootflash:a.bin'", b.now);
  ASSERT_NE(sink, nullptr);
  EXPECT_EQ(sink->start(), std::string(1, '\0'));
  EXPECT_EQ(sink->input("T1 0 1 0\n", b.now), std::string(1, '\0'));
  EXPECT_EQ(sink->input("C0644 6 other-name\n", b.now), std::string(1, '\0'));
  EXPECT_EQ(sink->input("hel", b.now), "");
  EXPECT_EQ(sink->input(std::string("lo\n") + '\0', b.now), std::string(1, '\0'));
  EXPECT_TRUE(sink->idle());
  EXPECT_EQ(sink->exit_status(), 0);
  EXPECT_NE(b.exec("verify /md5 bootflash:a.bin").find("= b1946ac92492d2347c6235b4d2611184"), std::string::npos);

  // A folder as the target: the name comes from the C line.
  auto folder = b.router->open_scp("scp -p -t bootflash:", b.now);
  ASSERT_NE(folder, nullptr);
  folder->start();
  EXPECT_EQ(folder->input(std::string("C0600 1 b.bin\nz") + '\0', b.now), std::string(2, '\0'));
  EXPECT_TRUE(fs::exists(b.router->bootflash_dir() + "/b.bin"));
  EXPECT_EQ(folder->input("D0755 0 dir\n", b.now).substr(0, 5), "\x02scp:");
  EXPECT_TRUE(folder->finished());

  // Full: the rest is read and dropped, the partial file stays, the answer is the error.
  const std::int64_t free = 8000000 - licmig::sim::Bootflash::k_fixed_bytes - 1000000 - 7;
  auto full = b.router->open_scp("scp -t big.bin", b.now);
  full->start();
  EXPECT_EQ(full->input("C0644 " + std::to_string(free + 10) + " big.bin\n", b.now), std::string(1, '\0'));
  EXPECT_EQ(full->input(std::string(static_cast<std::size_t>(free + 10), 'x') + '\0', b.now),
            "\x01scp: bootflash:big.bin: No space left on device\n");
  EXPECT_EQ(full->exit_status(), 1);
  EXPECT_EQ(fs::file_size(b.router->bootflash_dir() + "/big.bin"), static_cast<std::uintmax_t>(free));
}

TEST(SimBootflash, ScpSinkFaultsAndLinkRate) {
  auto spec = small_router();
  spec.faults.transfer_drop_at_percent = 50;
  spec.link_rate = 1000;  // bytes/s
  Bench b(spec);
  auto s = b.router->open_shell(b.now);
  s->start();
  run(*s, b, "configure terminal");
  run(*s, b, "ip scp server enable");
  run(*s, b, "end");
  auto sink = b.router->open_scp("scp -t bootflash:a.bin", b.now);
  sink->start();
  sink->input("C0644 100 a.bin\n", b.now);
  sink->input(std::string(100, 'y'), b.now);
  EXPECT_TRUE(sink->drop_connection());
  EXPECT_EQ(fs::file_size(b.router->bootflash_dir() + "/a.bin"), 50u);

  auto spec2 = small_router();
  spec2.link_rate = 1000;
  Bench slow(spec2);
  auto s2 = slow.router->open_shell(slow.now);
  s2->start();
  run(*s2, slow, "configure terminal");
  run(*s2, slow, "ip scp server enable");
  auto ok = slow.router->open_scp("scp -t bootflash:a.bin", slow.now);
  ok->start();
  ok->input("C0644 2000 a.bin\n", slow.now);
  // 2000 bytes at 1000 bytes/s: the final ack comes 2 s (of the router's clock) after the C line.
  EXPECT_EQ(ok->input(std::string(2000, 'y') + '\0', slow.now), "");
  EXPECT_EQ(ok->poll(slow.now + std::chrono::milliseconds(1900)), "");
  EXPECT_EQ(ok->poll(slow.now + std::chrono::milliseconds(2001)), std::string(1, '\0'));
}

TEST(SimBootflash, PersistsInTheStateFolderAndBootsATransferredImage) {
  const auto dir = fs::temp_directory_path() / ("sim_bootflash_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string target = image_for("17.12.1");  // not declared: only pushed
  {
    Bench b(small_router());
    ASSERT_TRUE(b.router->attach_bootflash(dir.string()).is_ok());
    EXPECT_TRUE(fs::exists(dir / image_for("16.9.4")));
    HttpServer http("image bytes");
    auto s = b.router->open_shell(b.now);
    s->start();
    run(*s, b, "copy " + http.url("/img.bin") + " bootflash:" + target);
    EXPECT_NE(run(*s, b, "").find("[OK - 11 bytes]"), std::string::npos);
  }
  {
    auto spec = small_router();
    spec.images.clear();  // nothing declared now: the folder keeps what it has
    Bench b(spec);
    ASSERT_TRUE(b.router->attach_bootflash(dir.string()).is_ok());
    const auto listing = b.exec("dir bootflash:");
    EXPECT_NE(listing.find("11  "), std::string::npos);
    EXPECT_NE(listing.find(target), std::string::npos) << listing;
    reload_into(b, "17.12.1");
    EXPECT_EQ(b.router->release(), "17.12.1");
  }
  fs::remove_all(dir);
}

TEST(SimBootflash, UrlHelpers) {
  using licmig::sim::url_file_name;
  using licmig::sim::url_for_display;
  using licmig::sim::url_scheme;
  EXPECT_EQ(url_scheme("TFTP://10.0.0.1/a.bin"), "tftp");
  EXPECT_EQ(url_scheme("sftp://u@h/a.bin"), "sftp");
  EXPECT_EQ(url_scheme("file:///a.bin"), "");
  EXPECT_EQ(url_for_display("ftp://user:pw@h:21/d/a.bin"), "ftp://user@h:21/d/a.bin");
  EXPECT_EQ(url_for_display("http://h/a:b@c"), "http://h/a:b@c");
  EXPECT_EQ(url_file_name("http://h/d/a.bin?x=1"), "a.bin");
  EXPECT_EQ(url_file_name("http://h/d/"), "");
  EXPECT_EQ(licmig::sim::copied_line(1000, 0.5), "1000 bytes copied in 0.500 secs (2000 bytes/sec)");
}

}  // namespace
