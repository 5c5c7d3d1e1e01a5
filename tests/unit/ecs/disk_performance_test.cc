// The published IOPS formulas per disk category and performance level.
#include "ecs/disk_performance.h"

#include <gtest/gtest.h>

namespace cloudlife::ecs {
namespace {

TEST(DiskPerformance, BasePlusPerGibUpToTheCap) {
  EXPECT_EQ(disk_iops("cloud_essd", "PL1", 40), 3800);
  EXPECT_EQ(disk_iops("cloud_essd", "", 40), 3800);  // PL1 is the default level
  EXPECT_EQ(disk_iops("cloud_essd", "PL1", 32768), 50000);
  EXPECT_EQ(disk_iops("cloud_essd", "PL0", 40), 2280);
  EXPECT_EQ(disk_iops("cloud_essd", "PL2", 2000), 100000);
  EXPECT_EQ(disk_iops("cloud_essd", "PL3", 32768), 1000000);
  EXPECT_EQ(disk_iops("cloud_efficiency", "", 20), 1960);
  EXPECT_EQ(disk_iops("cloud_ssd", "", 20), 2400);
  EXPECT_EQ(disk_iops("cloud_essd_entry", "", 1000), 6000);
  EXPECT_EQ(disk_iops("cloud_auto", "", 40), 3800);
  EXPECT_EQ(disk_iops("cloud", "", 40), std::nullopt);
}

}  // namespace
}  // namespace cloudlife::ecs
