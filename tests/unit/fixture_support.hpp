// Shared helpers of the parser unit tests: a fixture from tests/fixtures/, a real capture from
// tests/fixtures/real/ (see its SOURCES.md), any file as text, and the \r\n form of a text.
// A file that cannot be read fails the calling test (and reads as "").
//
// Thread-safety: pure functions over files the tests only read.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace licmig::test {

// True under CI (the CI variable set and not "false"), where every tool is installed (root or not:
// no test needs root).
inline bool in_ci() {
  const char *ci = std::getenv("CI");
  return ci != nullptr && *ci != '\0' && std::string(ci) != "false";
}

// Skips the calling test for `why` (a missing tool) on a developer's machine; under CI
// the same is a failure: a skip must never pass for a test that did not run.
#define LICMIG_SKIP_UNLESS_CI(why)                                     \
  do {                                                                 \
    if (::licmig::test::in_ci()) {                                     \
      FAIL() << why << " -- CI has every tool, so this test must run"; \
    }                                                                  \
    GTEST_SKIP() << why;                                               \
  } while (false)

// A mkdtemp() template for a fresh folder under the system's temporary folder ($TMPDIR, else /tmp;
// never hard-coded in a test), e.g. temp_template("licmig-journal") = "/tmp/licmig-journal-XXXXXX".
inline std::string temp_template(const std::string &prefix) {
  return (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
}

// The whole file at `path`, bytes as they are.
inline std::string read_text_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// tests/fixtures/ and tests/fixtures/real/ of the source tree, with a trailing slash.
inline std::string fixtures_dir() { return std::string(LICMIG_SOURCE_DIR) + "/tests/fixtures/"; }
inline std::string real_fixtures_dir() { return fixtures_dir() + "real/"; }

// tests/fixtures/<rel>, e.g. fixture("show_bootvar/asr920_single_rsp.txt").
inline std::string fixture(const std::string &rel) { return read_text_file(fixtures_dir() + rel); }

// tests/fixtures/real/<rel>, e.g. real_fixture("show_license/ntc-templates_show_license.txt").
inline std::string real_fixture(const std::string &rel) { return read_text_file(real_fixtures_dir() + rel); }

// `text` with every "\n" turned into "\r\n", as a router sends it.
inline std::string with_crlf(const std::string &text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

}  // namespace licmig::test
