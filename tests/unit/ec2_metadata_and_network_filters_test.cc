// Units for two EC2 rules: MetadataOptions (validation, layering, defaults) and the filter values
// of VPCs and subnets (legacy aliases, and names that match nothing here).
#include <gtest/gtest.h>

#include "core/service_error.h"
#include "ec2/metadata_options.h"
#include "ec2/vpc_describe.h"

namespace cloudlife::ec2 {
namespace {

using V = std::vector<std::string>;

TEST(MetadataOptions, DefaultsWhenNothingIsAsked) {
  const InstanceMetadataOptions m = resolve_metadata_options({});
  EXPECT_EQ(m.http_tokens, "required");
  EXPECT_EQ(m.http_put_response_hop_limit, 2);
  EXPECT_EQ(m.http_endpoint, "enabled");
  EXPECT_EQ(m.http_protocol_ipv6, "disabled");
  EXPECT_EQ(m.instance_metadata_tags, "disabled");
}

TEST(MetadataOptions, RequestMembersOverrideTheTemplatesOneByOne) {
  MetadataOptionsSpec base;
  base.http_tokens = "optional";
  base.http_endpoint = "disabled";
  MetadataOptionsSpec mine;
  mine.http_tokens = "required";
  mine.instance_metadata_tags = "enabled";
  const InstanceMetadataOptions m = resolve_metadata_options(mine.merged_over(base));
  EXPECT_EQ(m.http_tokens, "required");
  EXPECT_EQ(m.http_endpoint, "disabled");
  EXPECT_EQ(m.instance_metadata_tags, "enabled");
  EXPECT_TRUE(MetadataOptionsSpec{}.empty());
  EXPECT_FALSE(mine.empty());
}

TEST(MetadataOptions, ValuesOutsideTheirRangeAreInvalid) {
  auto code_of = [](const MetadataOptionsSpec& s) -> std::string {
    try {
      validate_metadata_options(s);
    } catch (const core::ServiceError& e) {
      return e.code();
    }
    return "ok";
  };
  MetadataOptionsSpec s;
  EXPECT_EQ(code_of(s), "ok");
  s.http_put_response_hop_limit = 64;
  EXPECT_EQ(code_of(s), "ok");
  s.http_put_response_hop_limit = 65;
  EXPECT_EQ(code_of(s), "InvalidParameterValue");
  s.http_put_response_hop_limit = 1;
  s.http_endpoint = "on";
  EXPECT_EQ(code_of(s), "InvalidParameterValue");
  s.http_endpoint = "disabled";
  s.http_tokens = "maybe";
  EXPECT_EQ(code_of(s), "InvalidParameterValue");
}

TEST(NetworkFilters, VpcLegacyIsDefaultAndUnknownNames) {
  Vpc v;
  v.vpc_id = "vpc-0123456789abcdef0";
  v.is_default = true;
  v.cidr_block = "172.31.0.0/16";
  EXPECT_EQ(vpc_filter_values(v, "123456789012", "isDefault"), V{"true"});
  EXPECT_EQ(vpc_filter_values(v, "123456789012", "is-default"), V{"true"});
  EXPECT_EQ(vpc_filter_values(v, "123456789012", "owner-id"), V{"123456789012"});
  EXPECT_EQ(vpc_filter_values(v, "123456789012", "cidr-block-association.association-id"),
            V{"vpc-cidr-assoc-0123456789abcdef0"});
  EXPECT_EQ(vpc_filter_values(v, "1", "ipv6-cidr-block-association.ipv6-pool"), V{});
  EXPECT_FALSE(vpc_filter_values(v, "1", "availability-zone"));
  // A default-constructed probe answers every name without throwing.
  EXPECT_EQ(vpc_filter_values(Vpc{}, "1", "cidr-block-association.association-id"), V{""});
}

TEST(NetworkFilters, SubnetAliasesAgreeWithTheirNames) {
  Subnet s;
  s.subnet_id = "subnet-0123456789abcdef0";
  s.availability_zone = "us-east-1a";
  s.zone_id = "use1-az6";
  s.cidr_block = "10.0.1.0/24";
  s.default_for_az = false;
  s.available_ips = 251;
  for (const auto& [name, alias] : std::vector<std::pair<std::string, std::string>>{
           {"availability-zone", "availabilityZone"},
           {"availability-zone-id", "availabilityZoneId"},
           {"cidr-block", "cidr"},
           {"cidr-block", "cidrBlock"},
           {"default-for-az", "defaultForAz"}}) {
    EXPECT_EQ(subnet_filter_values(s, "1", "us-east-1", name),
              subnet_filter_values(s, "1", "us-east-1", alias))
        << alias;
  }
  EXPECT_EQ(subnet_filter_values(s, "1", "us-east-1", "available-ip-address-count"), V{"251"});
  EXPECT_EQ(subnet_filter_values(s, "111", "us-east-1", "subnet-arn"),
            V{"arn:aws:ec2:us-east-1:111:subnet/subnet-0123456789abcdef0"});
  EXPECT_EQ(subnet_filter_values(s, "1", "us-east-1", "outpost-arn"), V{});
  EXPECT_FALSE(subnet_filter_values(s, "1", "us-east-1", "is-default"));
}

}  // namespace
}  // namespace cloudlife::ec2
