// The instance-type catalogue and its availability rules: a zone that sells nothing, a family not
// sold in a zone, disk categories per zone and per family, malformed data files.
#include "ecs/instance_catalog.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace cloudlife::ecs {
namespace {

constexpr const char* kSmall = R"({
  "disk_categories": {"default": ["cloud", "cloud_essd"], "not_on_sale_in": {"cloud": ["z-new"]}},
  "zones_not_on_sale": ["z-closed"],
  "families": [
    {"family": "ecs.g7", "generation": "ecs-6", "category": "General-purpose",
     "level": "EnterpriseLevel", "processor": "p", "base_ghz": 2.7, "turbo_ghz": 3.5,
     "disk_categories": ["cloud_essd"], "not_on_sale_in": ["z-old"],
     "types": [["ecs.g7.large", 2, 8], ["ecs.g7.xlarge", 4, 16]]}
  ]})";

TEST(InstanceCatalog, LaunchAvailabilityDecidesPerZoneAndDisk) {
  const InstanceCatalog c = InstanceCatalog::parse(kSmall);
  EXPECT_EQ(c.launch_availability("ecs.g7.large", "z-new"), Availability::kOk);
  EXPECT_EQ(c.launch_availability("ecs.g7.huge", "z-new"), Availability::kUnknownType);
  EXPECT_EQ(c.launch_availability("ecs.g7.large", "z-closed"), Availability::kZoneNotOnSale);
  EXPECT_EQ(c.launch_availability("ecs.g7.large", "z-old"), Availability::kNotInZone);
  EXPECT_EQ(c.launch_availability("ecs.g7.large", "z-new", "cloud"), Availability::kDiskNotInZone);
  EXPECT_EQ(c.launch_availability("ecs.g7.large", "z-old2", "cloud"),
            Availability::kDiskNotForType);
  EXPECT_EQ(c.disk_availability("cloud", "z-new"), Availability::kDiskNotInZone);
  EXPECT_EQ(c.disk_availability("cloud", "z-any"), Availability::kOk);
  EXPECT_EQ(c.disk_availability("cloud_essd", "z-closed"), Availability::kZoneNotOnSale);
  EXPECT_EQ(c.disk_categories("z-new"), (std::vector<std::string>{"cloud_essd"}));
}

TEST(InstanceCatalog, TheShippedFileHasTheIssueFamiliesAndFigures) {
  const InstanceCatalog& c = instance_catalog();
  for (const char* f : {"ecs.g7", "ecs.c7", "ecs.r7", "ecs.g8i", "ecs.c8i", "ecs.t6", "ecs.u1"}) {
    EXPECT_NE(c.find_family(f), nullptr) << f;
  }
  const InstanceTypeInfo* t = c.find_type("ecs.r7.xlarge");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->cpu, 4);
  EXPECT_EQ(t->memory_gib, 32);
  EXPECT_EQ(c.launch_availability("ecs.g8i.large", "cn-hangzhou-b"), Availability::kNotInZone);
  EXPECT_EQ(c.launch_availability("ecs.g8i.large", "cn-hangzhou-i"), Availability::kOk);
}

TEST(InstanceCatalog, MalformedFilesAreRefused) {
  EXPECT_THROW(InstanceCatalog::parse(R"({"families": 1})"), std::exception);
  std::string dup = kSmall;
  dup.replace(dup.find("ecs.g7.xlarge"), 13, "ecs.g7.large");
  EXPECT_THROW(InstanceCatalog::parse(dup), std::invalid_argument);
  std::string wrong = kSmall;
  wrong.replace(wrong.find("ecs.g7.xlarge"), 13, "ecs.c7.xlarge");
  EXPECT_THROW(InstanceCatalog::parse(wrong), std::invalid_argument);
}

}  // namespace
}  // namespace cloudlife::ecs
