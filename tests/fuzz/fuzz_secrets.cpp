// libFuzzer target for the secret masker (snapshot/secrets.hpp), which reads every line of router
// text: masking keeps the number of lines, masking twice changes nothing, masking in pieces of whole
// lines gives the whole text's result, and a known value never survives.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "snapshot/secrets.hpp"

using namespace licmig::snapshot;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  SecretMasker masker("fuzz-key");
  masker.add_known("Kn0wnV4lue");
  const auto masked = masker.mask(text);
  const auto lines = [](std::string_view t) { return std::count(t.begin(), t.end(), '\n'); };
  if (lines(masked) != lines(text)) std::abort();
  if (masker.mask(masked) != masked) std::abort();
  if (masked.find("Kn0wnV4lue") != std::string::npos) std::abort();
  MaskStream stream(masker);
  std::string streamed;
  std::size_t at = 0;
  while (at < text.size()) {
    auto nl = text.find('\n', at);
    nl = nl == std::string_view::npos ? text.size() : nl + 1;
    streamed += stream.mask_lines(text.substr(at, nl - at));
    at = nl;
  }
  if (streamed != masked) std::abort();
  return 0;
}
