// The On-Demand / Spot split of mixed instances groups, launch by launch.
#include "autoscaling/instances_distribution.h"

#include <gtest/gtest.h>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

// Launches `n` instances one by one toward a group of `n` and returns how many were Spot.
long long spot_after(const InstancesDistribution& d, int n) {
  long long on_demand = 0, spot = 0;
  for (int i = 0; i < n; ++i) ++(next_launch_is_spot(d, on_demand, spot, n) ? spot : on_demand);
  return spot;
}

TEST(InstancesDistribution, DefaultIsAllOnDemand) {
  EXPECT_EQ(spot_after(InstancesDistribution{}, 10), 0);
}

TEST(InstancesDistribution, BaseFirstThenThePercentageRoundedTowardOnDemand) {
  InstancesDistribution d;
  d.on_demand_base_capacity = 1;
  d.on_demand_percentage_above_base = 50;
  EXPECT_EQ(spot_after(d, 1), 0);
  EXPECT_EQ(spot_after(d, 2), 0);  // 1 above the base: 50 % of 1 rounds up to On-Demand
  EXPECT_EQ(spot_after(d, 3), 1);
  EXPECT_EQ(spot_after(d, 5), 2);
  d.on_demand_base_capacity = 0;
  d.on_demand_percentage_above_base = 0;
  EXPECT_EQ(spot_after(d, 4), 4);
  d.on_demand_percentage_above_base = 20;
  EXPECT_EQ(spot_after(d, 10), 8);
}

TEST(InstancesDistribution, OnDemandTargetIsBaseThenPercentageRoundedUp) {
  InstancesDistribution d;
  d.on_demand_base_capacity = 2;
  d.on_demand_percentage_above_base = 30;
  EXPECT_EQ(on_demand_target(d, 0), 0);
  EXPECT_EQ(on_demand_target(d, 1), 1);   // below the base: all On-Demand
  EXPECT_EQ(on_demand_target(d, 7), 4);   // 2 + ceil(30 % of 5 = 1.5)
  EXPECT_EQ(on_demand_target(d, 12), 5);  // 2 + 30 % of 10
}

TEST(InstancesDistribution, WeightedUnitsSplitTheSameWay) {
  InstancesDistribution d;
  d.on_demand_percentage_above_base = 50;
  // Toward 10 units with weight-4 members: On-Demand until 5 units are met, then Spot.
  EXPECT_FALSE(next_launch_is_spot(d, 0, 0, 10));
  EXPECT_FALSE(next_launch_is_spot(d, 4, 0, 10));
  EXPECT_TRUE(next_launch_is_spot(d, 8, 0, 10));
  // A launch beyond the target counts as one more unit.
  EXPECT_TRUE(next_launch_is_spot(d, 8, 4, 10));
}

TEST(InstancesDistribution, ScaleInTakesFromTheOptionFurthestAboveItsShare) {
  InstancesDistribution d;
  d.on_demand_percentage_above_base = 50;
  EXPECT_TRUE(scale_in_takes_spot(d, 2, 4, 4));   // shares 2 / 2: Spot is 2 over
  EXPECT_FALSE(scale_in_takes_spot(d, 4, 2, 4));  // On-Demand is 2 over
  InstancesDistribution all_on_demand;
  EXPECT_FALSE(scale_in_takes_spot(all_on_demand, 5, 0, 3));
}

TEST(InstancesDistribution, ValidationNamesTheBadField) {
  InstancesDistribution d;
  EXPECT_NO_THROW(validate(d));
  d.on_demand_percentage_above_base = 101;
  EXPECT_THROW(validate(d), core::ServiceError);
  d = InstancesDistribution{};
  d.spot_allocation_strategy = "cheapest";
  EXPECT_THROW(validate(d), core::ServiceError);
  d = InstancesDistribution{};
  d.on_demand_base_capacity = -1;
  EXPECT_THROW(validate(d), core::ServiceError);
}

}  // namespace
}  // namespace cloudlife::autoscaling
