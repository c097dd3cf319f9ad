// --limit host patterns with Ansible's meaning: names, groups, wildcards, unions, `!` exclusion,
// `&` intersection, `all`, and errors that name the pattern that matched nothing.
#include "inventory/host_pattern.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace licmig::inventory {
namespace {

Inventory fleet() {
  auto loaded = parse_inventory(
      "lab1\n"
      "[site1]\npe1.example.net\npe2.example.net\nagg1\n"
      "[site2]\npe3.example.net\nagg2\n"
      "[pe]\npe1.example.net\npe2.example.net\npe3.example.net\n"
      "[agg]\nagg1\nagg2\n"
      "[metro:children]\nsite1\nsite2\n",
      "fleet.ini", InventoryFormat::ini);
  EXPECT_TRUE(loaded.is_ok()) << (loaded ? "" : loaded.error_message());
  return loaded.value().inventory;
}

std::vector<std::string> names(const Inventory &inv, std::string_view limit) {
  auto hosts = select_hosts(inv, limit);
  if (!hosts) return {"ERROR: " + hosts.error_message()};
  std::vector<std::string> out;
  for (const auto *h : *hosts) out.push_back(h->name);
  return out;
}

using V = std::vector<std::string>;

TEST(HostPattern, EmptyAndAllSelectEverything) {
  const auto inv = fleet();
  const V every{"lab1", "pe1.example.net", "pe2.example.net", "agg1", "pe3.example.net", "agg2"};
  EXPECT_EQ(names(inv, ""), every);
  EXPECT_EQ(names(inv, "all"), every);
  EXPECT_EQ(names(inv, "*"), every);
}

TEST(HostPattern, HostAndGroupNames) {
  const auto inv = fleet();
  EXPECT_EQ(names(inv, "agg1"), V{"agg1"});
  EXPECT_EQ(names(inv, "site2"), (V{"pe3.example.net", "agg2"}));
  EXPECT_EQ(names(inv, "metro"), (V{"pe1.example.net", "pe2.example.net", "agg1", "pe3.example.net", "agg2"}));
  EXPECT_EQ(names(inv, "ungrouped"), V{"lab1"});
}

TEST(HostPattern, Wildcards) {
  const auto inv = fleet();
  EXPECT_EQ(names(inv, "pe*"), (V{"pe1.example.net", "pe2.example.net", "pe3.example.net"}));
  EXPECT_EQ(names(inv, "*.example.net"), (V{"pe1.example.net", "pe2.example.net", "pe3.example.net"}));
  EXPECT_EQ(names(inv, "agg?"), (V{"agg1", "agg2"}));
  EXPECT_EQ(names(inv, "site[2]"), (V{"pe3.example.net", "agg2"}));
  EXPECT_EQ(names(inv, "pe[!1]*"), (V{"pe2.example.net", "pe3.example.net"}));
}

TEST(HostPattern, UnionExclusionIntersection) {
  const auto inv = fleet();
  EXPECT_EQ(names(inv, "site1:site2"), (V{"pe1.example.net", "pe2.example.net", "agg1", "pe3.example.net", "agg2"}));
  EXPECT_EQ(names(inv, "lab1,agg2"), (V{"lab1", "agg2"}));
  EXPECT_EQ(names(inv, "metro:!agg"), (V{"pe1.example.net", "pe2.example.net", "pe3.example.net"}));
  EXPECT_EQ(names(inv, "site1:&pe"), (V{"pe1.example.net", "pe2.example.net"}));
  EXPECT_EQ(names(inv, "!metro"), V{"lab1"});
  EXPECT_EQ(names(inv, "&agg"), (V{"agg1", "agg2"}));
  EXPECT_EQ(names(inv, "!agg1, site1 , agg2"), (V{"pe1.example.net", "pe2.example.net", "agg2"}));
  EXPECT_EQ(names(inv, "pe:&site1:!pe2.example.net"), V{"pe1.example.net"});
}

TEST(HostPattern, Errors) {
  const auto inv = fleet();
  EXPECT_EQ(names(inv, "site9"), V{"ERROR: --limit: 'site9' matches no host or group"});
  EXPECT_EQ(names(inv, "site1:!nosuch"), V{"ERROR: --limit: 'nosuch' matches no host or group"});
  EXPECT_EQ(names(inv, "site1:&site2"), V{"ERROR: --limit 'site1:&site2': no hosts left"});
  EXPECT_EQ(names(inv, "~pe.*"), V{"ERROR: --limit: regular-expression patterns are not supported: '~pe.*'"});
  EXPECT_EQ(names(inv, "site1:!"), V{"ERROR: --limit: empty pattern after '!'"});
}

TEST(HostPattern, Split) {
  EXPECT_EQ(split_host_pattern("a:b:!c:&d"), (V{"a", "b", "!c", "&d"}));
  EXPECT_EQ(split_host_pattern("pe[1:3]:x"), (V{"pe[1:3]", "x"}));
  EXPECT_EQ(split_host_pattern(" a , b:c "), (V{"a", "b:c"}));
}

}  // namespace
}  // namespace licmig::inventory
