// The IMDS tree (src/ec2/instance_metadata.h) and IMDSv2 tokens (src/ec2/imds_tokens.h).
#include "ec2/instance_metadata.h"

#include <gtest/gtest.h>

#include "ec2/imds_tokens.h"
#include "support/engine_lock_for_test.h"

namespace cloudlife::ec2 {
namespace {

Instance spot_instance() {
  Instance i;
  i.instance_id = "i-0123456789abcdef0";
  i.reservation_id = "r-1";
  i.image_id = "ami-1";
  i.instance_type = "c5.large";
  i.availability_zone = "us-east-1b";
  i.zone_id = "use1-az2";
  i.private_ip = "172.31.16.4";
  i.mac_address = "0e:00:00:00:00:01";
  i.security_group_ids = {"sg-1"};
  i.spot = true;
  i.spot_interruption_behavior = "terminate";
  return i;
}

TEST(InstanceMetadata, LeavesAndListings) {
  Ec2Partition p(core::test_lock(), {"123456789012", "us-east-1"});
  Instance i = spot_instance();
  MetadataTree t = metadata_tree(i, p, {});
  EXPECT_EQ(t.get("meta-data/instance-id"), "i-0123456789abcdef0");
  EXPECT_EQ(t.get("meta-data/instance-life-cycle"), "spot");
  EXPECT_EQ(t.get("meta-data/local-hostname"), "ip-172-31-16-4.ec2.internal");
  EXPECT_EQ(t.get("meta-data/placement/availability-zone-id"), "use1-az2");
  EXPECT_EQ(t.get("meta-data/placement/availability-zone/"), "us-east-1b");
  EXPECT_EQ(t.get("meta-data/placement/"), "availability-zone\navailability-zone-id\nregion");
  EXPECT_EQ(t.get("meta-data/network/interfaces/macs/"), "0e:00:00:00:00:01/");
  EXPECT_FALSE(t.get("meta-data/public-ipv4"));           // no public address
  EXPECT_FALSE(t.get("meta-data/spot/instance-action"));  // no notice yet
  EXPECT_FALSE(t.get("meta-data/tags/instance"));         // tags not enabled
  EXPECT_FALSE(t.get("meta-data/nonsense"));
  const std::string listing = *t.get("meta-data/");
  EXPECT_NE(listing.find("placement/\n"), std::string::npos);
  EXPECT_NE(listing.find("instance-id\n"), std::string::npos);

  i.extras_mut().spot_interruption_at = 1700000120000;
  i.extras_mut().rebalance_recommended_at = 1700000000000;
  i.metadata.instance_metadata_tags = "enabled";
  i.tags.set("Name", "web");
  t = metadata_tree(i, p, {"InService"});
  EXPECT_EQ(t.get("meta-data/spot/instance-action"),
            R"({"action":"terminate","time":"2023-11-14T22:15:20Z"})");
  EXPECT_EQ(t.get("meta-data/spot/termination-time"), "2023-11-14T22:15:20Z");
  EXPECT_EQ(t.get("meta-data/events/recommendations/rebalance"),
            R"({"noticeTime":"2023-11-14T22:13:20Z"})");
  EXPECT_EQ(t.get("meta-data/autoscaling/target-lifecycle-state"), "InService");
  EXPECT_EQ(t.get("meta-data/tags/instance/"), "Name");
  EXPECT_EQ(t.get("meta-data/tags/instance/Name"), "web");
}

TEST(ImdsTokens, ATokenServesItsInstanceUntilItExpires) {
  ImdsTokens tokens;
  const std::string token = tokens.issue("i-1", 60, 1000);
  EXPECT_TRUE(tokens.valid(token, "i-1", 1000 + 59999));
  EXPECT_FALSE(tokens.valid(token, "i-1", 1000 + 60000));  // expired
  EXPECT_FALSE(tokens.valid(token, "i-2", 1000));          // another instance's
  EXPECT_FALSE(tokens.valid("AQAEAnonsense", "i-1", 1000));
  EXPECT_NE(tokens.issue("i-1", 60, 1000), token);
}

}  // namespace
}  // namespace cloudlife::ec2
