// Scaling policy arithmetic: adjustment types, step selection and validation, target tracking,
// alarm comparisons.
#include "autoscaling/scaling_rules.h"

#include <gtest/gtest.h>

namespace cloudlife::autoscaling {
namespace {

TEST(ScalingRules, AdjustmentTypes) {
  EXPECT_EQ(adjusted_capacity("ChangeInCapacity", 2, 3, std::nullopt), 5);
  EXPECT_EQ(adjusted_capacity("ExactCapacity", 7, 3, std::nullopt), 7);
  EXPECT_EQ(adjusted_capacity("PercentChangeInCapacity", 50, 5, std::nullopt), 7);    // 2.5 → 2
  EXPECT_EQ(adjusted_capacity("PercentChangeInCapacity", 10, 5, std::nullopt), 6);    // 0.5 → 1
  EXPECT_EQ(adjusted_capacity("PercentChangeInCapacity", -10, 5, std::nullopt), 4);   // -0.5 → -1
  EXPECT_EQ(adjusted_capacity("PercentChangeInCapacity", -50, 5, std::nullopt), 3);   // -2.5 → -2
  EXPECT_EQ(adjusted_capacity("PercentChangeInCapacity", 10, 10, 3), 13);             // 1, at least 3
  EXPECT_TRUE(is_adjustment_type("ExactCapacity"));
  EXPECT_FALSE(is_adjustment_type("Exact"));
}

TEST(ScalingRules, StepForBreachBoundsAboveAndBelow) {
  const std::vector<StepAdjustment> up = {{0.0, 20.0, 1}, {20.0, std::nullopt, 3}};
  EXPECT_EQ(step_for(up, 0), 0u);
  EXPECT_EQ(step_for(up, 19.9), 0u);
  EXPECT_EQ(step_for(up, 20), 1u);
  EXPECT_FALSE(step_for(up, -1));
  const std::vector<StepAdjustment> down = {{std::nullopt, -10.0, -2}, {-10.0, 0.0, -1}};
  EXPECT_EQ(step_for(down, -10), 0u);  // below the threshold the upper bound is inclusive
  EXPECT_EQ(step_for(down, -5), 1u);
  EXPECT_EQ(step_for(down, 0), 1u);
}

TEST(ScalingRules, StepAdjustmentProblems) {
  EXPECT_EQ(step_adjustments_problem({{0.0, 20.0, 1}, {20.0, std::nullopt, 3}}), "");
  EXPECT_NE(step_adjustments_problem({{0.0, 20.0, 1}, {10.0, std::nullopt, 3}}), "");  // overlap
  EXPECT_NE(step_adjustments_problem({{0.0, 10.0, 1}, {20.0, std::nullopt, 3}}), "");  // gap
  EXPECT_NE(step_adjustments_problem({{5.0, 1.0, 1}}), "");
  EXPECT_NE(step_adjustments_problem({{std::nullopt, std::nullopt, 1}, {0.0, 1.0, 1}}), "");
}

TEST(ScalingRules, TargetTrackingCapacityRoundsUp) {
  EXPECT_EQ(target_tracking_capacity(1, 90, 50), 2);
  EXPECT_EQ(target_tracking_capacity(4, 10, 50), 1);
  EXPECT_EQ(target_tracking_capacity(10, 50, 50), 10);
  EXPECT_EQ(target_tracking_capacity(0, 90, 50), 1);
  EXPECT_EQ(target_tracking_capacity(3, 0, 50), 0);
}

TEST(ScalingRules, Comparisons) {
  EXPECT_TRUE(breaches("GreaterThanOrEqualToThreshold", 5, 5));
  EXPECT_FALSE(breaches("GreaterThanThreshold", 5, 5));
  EXPECT_TRUE(breaches("LessThanThreshold", 4, 5));
  EXPECT_TRUE(breaches("LessThanOrEqualToThreshold", 5, 5));
  EXPECT_FALSE(is_comparison("Above"));
}

}  // namespace
}  // namespace cloudlife::autoscaling
