// Units for the default-placement rule: which subnet a launch without a subnet gets, and EC2's
// errors once the user deleted the default subnets or the default VPC.
#include <gtest/gtest.h>

#include "core/service_error.h"
#include "ec2/default_placement.h"

namespace cloudlife::ec2 {
namespace {

const std::vector<std::string> kZones = {"us-east-1a", "us-east-1b", "us-east-1c",
                                         "us-east-1d", "us-east-1e", "us-east-1f"};

Network defaults() {
  Network n;
  n.create_defaults("us-east-1");
  return n;
}

void erase_default_subnet(Network& n, const std::string& zone) {
  n.subnets.erase(n.default_subnet_for(zone)->subnet_id);
}

std::string placement_code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    EXPECT_EQ(e.http_status(), 400);
    return e.code() + ": " + e.message();
  }
  return "no error";
}

TEST(DefaultPlacement, AskedZoneGetsItsDefaultSubnet) {
  const Network n = defaults();
  EXPECT_EQ(default_placement(n, kZones, "us-east-1b", 0).availability_zone, "us-east-1b");
}

TEST(DefaultPlacement, RotationSkipsZonesWithoutADefaultSubnet) {
  Network n = defaults();
  for (const char* z : {"us-east-1a", "us-east-1c", "us-east-1d", "us-east-1e"}) {
    erase_default_subnet(n, z);
  }
  EXPECT_EQ(default_placement(n, kZones, std::nullopt, 0).availability_zone, "us-east-1b");
  EXPECT_EQ(default_placement(n, kZones, std::nullopt, 1).availability_zone, "us-east-1f");
  EXPECT_EQ(default_placement(n, kZones, std::nullopt, 2).availability_zone, "us-east-1b");
}

TEST(DefaultPlacement, DeletedDefaultSubnetOfTheAskedZoneIsInvalidInput) {
  Network n = defaults();
  erase_default_subnet(n, "us-east-1a");
  EXPECT_EQ(placement_code_of([&] { default_placement(n, kZones, "us-east-1a", 0); }),
            "InvalidInput: No default subnet for availability zone: 'us-east-1a'.");
}

TEST(DefaultPlacement, NoDefaultSubnetAtAllIsMissingInput) {
  Network n = defaults();
  for (const std::string& z : kZones) erase_default_subnet(n, z);
  const std::string vpc = n.default_vpc()->vpc_id;
  EXPECT_EQ(
      placement_code_of([&] { default_placement(n, kZones, std::nullopt, 0); }),
      "MissingInput: No subnets found for the default VPC '" + vpc + "'. Please specify a subnet.");
}

TEST(DefaultPlacement, NoDefaultVpcIsVpcIdNotSpecified) {
  Network n = defaults();
  n.subnets.clear();
  n.vpcs.clear();
  EXPECT_EQ(placement_code_of([&] { default_placement(n, kZones, std::nullopt, 0); }),
            "VPCIdNotSpecified: No default VPC for this user");
  EXPECT_EQ(placement_code_of([&] { default_placement(n, kZones, "us-east-1a", 0); }),
            "VPCIdNotSpecified: No default VPC for this user");
}

}  // namespace
}  // namespace cloudlife::ec2
