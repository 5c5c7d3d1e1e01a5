// Units for DescribeVpcs' legacy CIDR filter names (ec2/vpc_describe.h): `cidr-block` and
// `cidrBlock`, which Ansible's ec2_vpc_net uses, answer what `cidr` answers.
#include <gtest/gtest.h>

#include "ec2/vpc_describe.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

TEST(VpcLegacyFilterNames, CidrBlockNamesAgreeWithCidr) {
  Vpc v;
  v.vpc_id = "vpc-0123456789abcdef0";
  v.cidr_block = "10.42.0.0/16";
  const auto cidr = vpc_filter_values(v, "123456789012", "cidr");
  ASSERT_TRUE(cidr);
  EXPECT_EQ(*cidr, V{"10.42.0.0/16"});
  EXPECT_EQ(vpc_filter_values(v, "123456789012", "cidr-block"), cidr);
  EXPECT_EQ(vpc_filter_values(v, "123456789012", "cidrBlock"), cidr);
  EXPECT_EQ(vpc_filter_values(v, "123456789012", "cidr-block-association.cidr-block"), cidr);
  // Near misses stay unknown names (InvalidParameterValue at the action).
  EXPECT_FALSE(vpc_filter_values(v, "123456789012", "cidr_block"));
  EXPECT_FALSE(vpc_filter_values(v, "123456789012", "CidrBlock"));
}

}  // namespace
}  // namespace cloudlife::ec2
