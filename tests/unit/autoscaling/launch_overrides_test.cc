// Mixed instances overrides: validation, the weight arithmetic and the allocation strategies.
#include "autoscaling/launch_overrides.h"

#include <gtest/gtest.h>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

LaunchOverride type(const std::string& t, const std::string& weight = "") {
  LaunchOverride o;
  o.instance_type = t;
  o.weighted_capacity = weight;
  return o;
}

std::string message_of(const std::vector<LaunchOverride>& overrides) {
  try {
    validate_overrides(overrides);
  } catch (const core::ServiceError& e) {
    EXPECT_EQ(e.code(), "ValidationError");
    return e.message();
  }
  return "";
}

LaunchOverride requirements(long long vcpu_min = 2) {
  LaunchOverride o;
  o.requirements = ec2::InstanceRequirements{};
  o.requirements->vcpu_count = ec2::IntRange{vcpu_min, std::nullopt};
  o.requirements->memory_mib = ec2::IntRange{0, std::nullopt};
  return o;
}

TEST(LaunchOverrides, InstanceRequirementsRules) {
  EXPECT_EQ(message_of({requirements(), requirements(4)}), "");
  EXPECT_TRUE(uses_requirements({requirements()}));
  EXPECT_FALSE(uses_requirements({type("c5.large")}));
  LaunchOverride both = requirements();
  both.instance_type = "c5.large";
  EXPECT_NE(message_of({both}).find("but not both"), std::string::npos);
  EXPECT_NE(message_of({type("c5.large"), requirements()}).find("not both"), std::string::npos);
  EXPECT_NE(message_of(std::vector<LaunchOverride>(5, requirements())).find("up to 4"),
            std::string::npos);
  LaunchOverride neither;
  EXPECT_NE(message_of({neither}).find("is required"), std::string::npos);
  EXPECT_NE(message_of({requirements(-1)}).find("VCpuCount"), std::string::npos);
  InstancesDistribution d;  // prioritized: not with requirements
  EXPECT_THROW(validate_requirements_distribution(d), core::ServiceError);
  d.on_demand_allocation_strategy = "lowest-price";
  EXPECT_NO_THROW(validate_requirements_distribution(d));
  d.spot_allocation_strategy = "capacity-optimized-prioritized";
  EXPECT_THROW(validate_requirements_distribution(d), core::ServiceError);
}

TEST(LaunchOverrides, WeightsAreWholeNumbersFrom1To999) {
  EXPECT_EQ(parse_weight("1"), 1);
  EXPECT_EQ(parse_weight("999"), 999);
  for (const char* bad : {"0", "1000", "-1", "2.5", "", "x"}) {
    EXPECT_THROW(parse_weight(bad), core::ServiceError) << bad;
  }
}

TEST(LaunchOverrides, WeightsForAllOrNoneAndAtMost40) {
  EXPECT_EQ(message_of({type("c5.large", "2"), type("m5.large", "4")}), "");
  EXPECT_EQ(message_of({type("c5.large"), type("m5.large")}), "");
  EXPECT_NE(message_of({type("c5.large", "2"), type("m5.large")}).find("for all of them"),
            std::string::npos);
  EXPECT_EQ(message_of(std::vector<LaunchOverride>(40, type("c5.large"))), "");
  EXPECT_NE(message_of(std::vector<LaunchOverride>(41, type("c5.large"))).find("40"),
            std::string::npos);
  EXPECT_NE(message_of({type("")}), "");
}

TEST(LaunchOverrides, PrioritizedKeepsTheOverrideOrder) {
  const std::vector<PoolOffer> offers = {{0.3, 1, {}, 0}, {0.1, 1, {}, 0}, {0.2, 1, {}, 0}};
  EXPECT_EQ(launch_order(offers, "prioritized", false, 2), (std::vector<std::size_t>{0, 1, 2}));
}

TEST(LaunchOverrides, LowestPriceIsPerUnit) {
  // 0.3 for 4 units is cheaper per unit than 0.1 for 1.
  const std::vector<PoolOffer> offers = {{0.1, 1, {}, 0}, {0.3, 4, {}, 0}, {0.2, 1, {}, 0}};
  EXPECT_EQ(launch_order(offers, "lowest-price", false, 2), (std::vector<std::size_t>{1, 0, 2}));
}

TEST(LaunchOverrides, SpotLowestPriceSpreadsOverTheCheapestPools) {
  std::vector<PoolOffer> offers = {{0.1, 1, {}, 0}, {0.2, 1, {}, 0}, {0.3, 1, {}, 0}};
  EXPECT_EQ(launch_order(offers, "lowest-price", true, 2).front(), 0U);
  offers[0].members = 1;  // the cheapest pool holds one: the second cheapest goes next
  EXPECT_EQ(launch_order(offers, "lowest-price", true, 2), (std::vector<std::size_t>{1, 0, 2}));
  offers[1].members = 1;
  EXPECT_EQ(launch_order(offers, "lowest-price", true, 2).front(), 0U);
  // With one pool, always the cheapest first.
  EXPECT_EQ(launch_order(offers, "lowest-price", true, 1).front(), 0U);
}

TEST(LaunchOverrides, CapacityStrategiesTakeTheDeepestPool) {
  const std::vector<PoolOffer> offers = {{0.1, 1, 1, 0}, {0.3, 1, 5, 0}, {0.2, 1, 5, 0}};
  EXPECT_EQ(launch_order(offers, "capacity-optimized", true, 2),
            (std::vector<std::size_t>{1, 2, 0}));
  EXPECT_EQ(launch_order(offers, "price-capacity-optimized", true, 2),
            (std::vector<std::size_t>{2, 1, 0}));
  const std::vector<PoolOffer> unlimited = {{0.1, 1, 3, 0}, {0.3, 1, std::nullopt, 0}};
  EXPECT_EQ(launch_order(unlimited, "capacity-optimized", true, 2).front(), 1U);
}

}  // namespace
}  // namespace cloudlife::autoscaling
