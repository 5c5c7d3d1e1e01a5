// Group options: zone IDs to zone names, deletion protection, the instance maintenance policy and
// the capacity distribution strategy (autoscaling/group_options.h).
#include "autoscaling/group_options.h"

#include <gtest/gtest.h>

#include "ec2/regions.h"

namespace cloudlife::autoscaling {
namespace {

TEST(GroupOptions, ZoneIdsMapToTheZoneNamesEc2Pairs) {
  const std::vector<ec2::ZoneInfo> zones = ec2::zones_of("us-east-1");
  ASSERT_GE(zones.size(), 2u);
  const ZoneIdMapping m =
      zones_for_ids("us-east-1", {zones[1].zone_id, zones[0].zone_id, zones[1].zone_id});
  EXPECT_EQ(m.problem, "");
  EXPECT_EQ(m.zones, (std::vector<std::string>{zones[1].name, zones[0].name}));
  EXPECT_EQ(zone_id_for("us-east-1", zones[0].name), zones[0].zone_id);
  EXPECT_EQ(zone_ids_for("us-east-1", {zones[1].name, "nowhere-1z"}),
            (std::vector<std::string>{zones[1].zone_id, ""}));
}

TEST(GroupOptions, AnUnknownZoneIdIsAProblemAndMapsNothing) {
  const ZoneIdMapping m = zones_for_ids("us-east-1", {"use1-az1", "usw2-az1"});
  EXPECT_NE(m.problem.find("usw2-az1"), std::string::npos);
  EXPECT_TRUE(m.zones.empty());
}

TEST(GroupOptions, DeletionProtectionLevels) {
  EXPECT_EQ(deletion_protection_problem("none"), "");
  EXPECT_EQ(deletion_protection_problem("prevent-force-deletion"), "");
  EXPECT_EQ(deletion_protection_problem("prevent-all-deletion"), "");
  EXPECT_NE(deletion_protection_problem("all"), "");
  EXPECT_EQ(deletion_refusal("g", "none", true), "");
  EXPECT_EQ(deletion_refusal("g", "prevent-force-deletion", false), "");
  EXPECT_NE(deletion_refusal("g", "prevent-force-deletion", true), "");
  EXPECT_NE(deletion_refusal("g", "prevent-all-deletion", false), "");
  EXPECT_NE(deletion_refusal("g", "prevent-all-deletion", true), "");
}

TEST(GroupOptions, MaintenancePolicyRanges) {
  EXPECT_EQ(maintenance_policy_problem({90, 120}), "");
  EXPECT_EQ(maintenance_policy_problem({100, 110}), "");
  EXPECT_EQ(maintenance_policy_problem({0, 100}), "");
  EXPECT_EQ(maintenance_policy_problem({-1, -1}), "");
  EXPECT_EQ(maintenance_policy_problem({}), "");
  EXPECT_NE(maintenance_policy_problem({101, 150}).find("minHealthyPercentage"), std::string::npos);
  EXPECT_NE(maintenance_policy_problem({-2, 150}).find("minHealthyPercentage"), std::string::npos);
  EXPECT_NE(maintenance_policy_problem({50, 201}).find("maxHealthyPercentage"), std::string::npos);
  EXPECT_NE(maintenance_policy_problem({50, std::nullopt}).find("Both"), std::string::npos);
  EXPECT_NE(maintenance_policy_problem({50, -1}).find("Both"), std::string::npos);
  EXPECT_NE(maintenance_policy_problem({50, 99}).find("100 and 200"), std::string::npos);
  EXPECT_NE(maintenance_policy_problem({0, 101}).find("difference"), std::string::npos);
  EXPECT_NE(maintenance_policy_problem({100, 100}).find("both be 100"), std::string::npos);
}

TEST(GroupOptions, MinusOneClearsTheMaintenancePolicy) {
  EXPECT_FALSE(applied_maintenance_policy({-1, -1}));
  EXPECT_FALSE(applied_maintenance_policy({}));
  const auto kept = applied_maintenance_policy({90, 120});
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->min_healthy, 90);
  EXPECT_EQ(kept->max_healthy, 120);
}

TEST(GroupOptions, CapacityDistributionStrategies) {
  EXPECT_EQ(capacity_distribution_problem("balanced-only"), "");
  EXPECT_EQ(capacity_distribution_problem("balanced-best-effort"), "");
  EXPECT_NE(capacity_distribution_problem("reservations-then-balanced").find("Capacity Reserv"),
            std::string::npos);
  EXPECT_NE(capacity_distribution_problem("random").find("enum"), std::string::npos);
}

}  // namespace
}  // namespace cloudlife::autoscaling
