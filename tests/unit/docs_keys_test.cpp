// docs/parse-output.md documents every key `licmig parse` can print: this walks the field lists of
// every parser's output struct (recursively) and requires each key to appear in the document as
// `key`, so the document cannot fall behind the model.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <type_traits>

#include "snapshot/model.hpp"
#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};
template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

struct KeyCollector {
  std::set<std::string> *keys;

  template <class F>
  static void walk(std::set<std::string> *keys) {
    if constexpr (is_optional<F>::value || is_vector<F>::value) {
      walk<typename F::value_type>(keys);
    } else if constexpr (detail::has_describe<F>::value) {
      F instance{};
      F::describe(instance, KeyCollector{keys});
    }
  }
  template <class F>
  void operator()(const char *key, F &) const {
    keys->insert(key);
    walk<F>(keys);
  }
};

template <class T>
std::set<std::string> keys_of() {
  std::set<std::string> keys;
  KeyCollector::walk<T>(&keys);
  return keys;
}

TEST(DocsKeys, EveryParseOutputKeyIsDocumented) {
  std::ifstream in(std::string(LICMIG_SOURCE_DIR) + "/docs/parse-output.md");
  ASSERT_TRUE(in) << "docs/parse-output.md missing";
  std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::set<std::string> all;
  for (const auto &set : {keys_of<VersionInfo>(), keys_of<PakLicenseList>(), keys_of<SmartLicensing>(),
                          keys_of<PakSnapshot>(), keys_of<RunningConfig>(), keys_of<Redundancy>(), keys_of<CallHome>(),
                          keys_of<BootVar>(), keys_of<DirListing>()}) {
    all.insert(set.begin(), set.end());
  }
  std::string missing;
  for (const auto &k : all) {
    if (doc.find("`" + k + "`") == std::string::npos) missing += " " + k;
  }
  EXPECT_TRUE(missing.empty()) << "keys not documented in docs/parse-output.md:" << missing;
}

}  // namespace
}  // namespace licmig::snapshot
