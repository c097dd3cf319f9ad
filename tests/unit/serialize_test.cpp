#include <gtest/gtest.h>

#include "snapshot/serialize.hpp"

namespace licmig::snapshot {
namespace {

TEST(Serialize, EmptySnapshotRoundTrips) {
  Snapshot s;
  auto back = snapshot_from_json_text(snapshot_to_json_text(s));
  ASSERT_TRUE(back) << back.error_message();
  EXPECT_EQ(nlohmann::json(back.value()), nlohmann::json(s));
}

}  // namespace
}  // namespace licmig::snapshot
