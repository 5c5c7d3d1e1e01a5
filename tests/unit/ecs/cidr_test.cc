// CIDR rules of the VPC API: parsing, containment, overlap, the addresses a vSwitch reserves.
#include "ecs/cidr.h"

#include <gtest/gtest.h>

namespace cloudlife::ecs {
namespace {

TEST(Cidr, ParsesOnlyNetworkAddressesWithAPrefix) {
  EXPECT_EQ(parse_cidr("172.16.0.0/12")->str(), "172.16.0.0/12");
  EXPECT_FALSE(parse_cidr("172.16.0.1/12"));  // host bits set
  EXPECT_FALSE(parse_cidr("172.16.0.0"));
  EXPECT_FALSE(parse_cidr("172.16.0.0/33"));
  EXPECT_FALSE(parse_cidr("172.16.0/24"));
  EXPECT_FALSE(parse_cidr("256.0.0.0/8"));
  EXPECT_FALSE(parse_ipv4("1.2.3.4.5"));
  EXPECT_EQ(format_ipv4(*parse_ipv4("192.168.1.254")), "192.168.1.254");
}

TEST(Cidr, ContainmentOverlapAndPrivateRanges) {
  const Cidr vpc = *parse_cidr("172.16.0.0/12");
  EXPECT_TRUE(vpc.contains(*parse_cidr("172.16.1.0/24")));
  EXPECT_FALSE(vpc.contains(*parse_cidr("192.168.1.0/24")));
  EXPECT_TRUE(parse_cidr("172.16.0.0/16")->overlaps(*parse_cidr("172.16.3.0/24")));
  EXPECT_FALSE(parse_cidr("172.16.0.0/24")->overlaps(*parse_cidr("172.16.1.0/24")));
  EXPECT_TRUE(is_private_block(*parse_cidr("10.1.0.0/16")));
  EXPECT_FALSE(is_private_block(*parse_cidr("8.8.0.0/16")));
}

TEST(Cidr, AVSwitchReservesItsFirstAndLastThreeAddresses) {
  const Cidr b = *parse_cidr("192.168.1.0/24");
  EXPECT_FALSE(is_vswitch_host(b, *parse_ipv4("192.168.1.0")));
  EXPECT_TRUE(is_vswitch_host(b, *parse_ipv4("192.168.1.1")));
  EXPECT_TRUE(is_vswitch_host(b, *parse_ipv4("192.168.1.252")));
  EXPECT_FALSE(is_vswitch_host(b, *parse_ipv4("192.168.1.253")));
  EXPECT_FALSE(is_vswitch_host(b, *parse_ipv4("192.168.2.1")));
  EXPECT_EQ(vswitch_host_count(b), 252u);
}

}  // namespace
}  // namespace cloudlife::ecs
