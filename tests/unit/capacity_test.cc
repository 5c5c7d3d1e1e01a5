// The capacity-pool rules (src/ec2/capacity.h): what a launch may take and EC2's refusal text.
#include "ec2/capacity.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace cloudlife::ec2 {
namespace {

TEST(Capacity, AnUnlistedPoolLaunchesEverythingAsked) {
  EXPECT_EQ(launchable(std::nullopt, 2, 5), 5);
}

TEST(Capacity, ALaunchTakesWhatIsLeftButAtLeastMinCount) {
  EXPECT_EQ(launchable(3, 2, 5), 3);
  EXPECT_EQ(launchable(9, 2, 5), 5);
  EXPECT_EQ(launchable(1, 2, 5), std::nullopt);  // fewer than MinCount fit: none launch
  EXPECT_EQ(launchable(0, 1, 1), std::nullopt);
}

TEST(Capacity, StoppedAndTerminatedInstancesHoldNoCapacity) {
  EXPECT_TRUE(holds_capacity(core::InstanceState::kPending));
  EXPECT_TRUE(holds_capacity(core::InstanceState::kRunning));
  EXPECT_TRUE(holds_capacity(core::InstanceState::kStopping));
  EXPECT_TRUE(holds_capacity(core::InstanceState::kShuttingDown));
  EXPECT_FALSE(holds_capacity(core::InstanceState::kStopped));
  EXPECT_FALSE(holds_capacity(core::InstanceState::kTerminated));
}

TEST(Capacity, TheMessageNamesTheTypeTheZoneAndTheZonesThatHaveIt) {
  EXPECT_EQ(
      insufficient_capacity_message("t4g.xlarge", "eu-north-1a", {"eu-north-1b", "eu-north-1c"}),
      "We currently do not have sufficient t4g.xlarge capacity in the Availability Zone you "
      "requested (eu-north-1a). Our system will be working on provisioning additional "
      "capacity. You can currently get t4g.xlarge capacity by not specifying an "
      "Availability Zone in your request or choosing eu-north-1b, eu-north-1c.");
  EXPECT_EQ(insufficient_capacity_message("c5.large", "us-east-1a", {}),
            "We currently do not have sufficient c5.large capacity in the Availability Zone you "
            "requested (us-east-1a). Our system will be working on provisioning additional "
            "capacity.");
}

TEST(Capacity, ReplaceChecksEveryPoolAndChangesNothingOnRefusal) {
  CapacityPools pools;
  pools.replace({{"us-east-1", "us-east-1a", "c5.large", Market::kOnDemand, 2}});
  EXPECT_THROW(pools.replace({{"us-east-1", "us-west-2a", "c5.large", Market::kOnDemand, 1}}),
               std::invalid_argument);
  EXPECT_THROW(pools.replace({{"us-east-1", "us-east-1a", "nonsense", Market::kOnDemand, 1}}),
               std::invalid_argument);
  EXPECT_THROW(pools.replace({{"us-east-1", "us-east-1a", "c5.large", Market::kSpot, -1}}),
               std::invalid_argument);
  EXPECT_THROW(pools.replace({{"us-east-1", "us-east-1a", "c5.large", Market::kSpot, 1},
                              {"us-east-1", "us-east-1a", "c5.large", Market::kSpot, 2}}),
               std::invalid_argument);
  ASSERT_EQ(pools.list().size(), 1u);
  EXPECT_EQ(pools.list()[0].available, 2);
  EXPECT_NE(pools.find("us-east-1", "us-east-1a", "c5.large", Market::kOnDemand), nullptr);
  EXPECT_EQ(pools.find("us-east-1", "us-east-1a", "c5.large", Market::kSpot), nullptr);
}

}  // namespace
}  // namespace cloudlife::ec2
