// Instance refresh rules: percentage complete, rolling batch size, preference checks.
#include "autoscaling/instance_refresh.h"

#include <gtest/gtest.h>

namespace cloudlife::autoscaling {
namespace {

TEST(InstanceRefresh, PercentageComplete) {
  EXPECT_EQ(refresh_percentage(4, 4), 0);
  EXPECT_EQ(refresh_percentage(4, 2), 50);
  EXPECT_EQ(refresh_percentage(3, 1), 66);
  EXPECT_EQ(refresh_percentage(0, 0), 100);
}

TEST(InstanceRefresh, BatchKeepsMinHealthyOrRunsAboveDesired) {
  EXPECT_EQ(refresh_batch(4, 4, 50, 100, 4), 2);   // 2 of 4 must stay healthy
  EXPECT_EQ(refresh_batch(4, 4, 90, 100, 4), 1);   // ceil(3.6) = 4 healthy: still one at a time
  EXPECT_EQ(refresh_batch(10, 10, 0, 100, 3), 3);  // never more than what is left
  EXPECT_EQ(refresh_batch(2, 2, 100, 200, 2), 2);  // launch two beyond desired first
  EXPECT_EQ(refresh_batch(3, 3, 100, 110, 3), 1);  // at least one
}

TEST(InstanceRefresh, PreferenceProblems) {
  RefreshPreferences p;
  EXPECT_EQ(refresh_preferences_problem(p), "");
  p.min_healthy = 101;
  EXPECT_NE(refresh_preferences_problem(p), "");
  p = {};
  p.min_healthy = 10;
  p.max_healthy = 150;
  EXPECT_NE(refresh_preferences_problem(p), "");  // more than 100 apart
  p = {};
  p.checkpoints = {50, 20};
  EXPECT_NE(refresh_preferences_problem(p), "");
  p = {};
  p.standby = "Keep";
  EXPECT_NE(refresh_preferences_problem(p), "");
  p = {};
  p.scale_in_protected = "Refresh Ignore";
  EXPECT_NE(refresh_preferences_problem(p), "");
}

}  // namespace
}  // namespace cloudlife::autoscaling
