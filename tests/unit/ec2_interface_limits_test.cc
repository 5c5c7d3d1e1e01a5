// Units for the per-type interface and address limits (ec2/interface_limits.h), the stateless
// rules of a launch's interfaces (ec2/launch_interfaces.h) and a NAT gateway's creation failure
// (ec2/nat_gateways.h).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>

#include "core/service_error.h"
#include "ec2/interface_limits.h"
#include "ec2/launch_interfaces.h"
#include "ec2/nat_gateways.h"

namespace cloudlife::ec2 {
namespace {

LaunchInterfaceSpec interface_at(int device_index) {
  LaunchInterfaceSpec spec;
  spec.device_index = device_index;
  return spec;
}

std::pair<std::string, std::string> limit_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return {e.code(), e.message()};
  }
  return {"", ""};
}

TEST(InterfaceLimits, FromTheCatalogue) {
  EXPECT_EQ(interface_limits("t3.micro").max_interfaces, 2);
  EXPECT_EQ(interface_limits("t3.micro").addresses_per_interface, 2);
  EXPECT_EQ(interface_limits("m5.large").max_interfaces, 3);
  EXPECT_EQ(interface_limits("m5.large").addresses_per_interface, 10);
  EXPECT_EQ(interface_limits("c5.4xlarge").max_interfaces, 8);
}

TEST(InterfaceLimits, ExceedingAnswersAsAws) {
  EXPECT_EQ(limit_error_of([] { require_interface_count("t3.micro", 2); }).first, "");
  EXPECT_EQ(limit_error_of([] { require_interface_count("t3.micro", 3); }),
            std::make_pair(std::string("AttachmentLimitExceeded"),
                           std::string("Interface count 3 exceeds the limit for t3.micro")));
  EXPECT_EQ(limit_error_of([] { require_addresses_per_interface("m5.large", 10); }).first, "");
  EXPECT_EQ(limit_error_of([] { require_addresses_per_interface("m5.large", 11); }),
            std::make_pair(std::string("PrivateIpAddressLimitExceeded"),
                           std::string("Number of private addresses will exceed limit.")));
}

TEST(LaunchInterfaceRules, DeviceIndicesArUniqueAndPublicAddressOnlyWithOneInterface) {
  LaunchSpec s;
  s.more_interfaces = {interface_at(1), interface_at(1)};
  EXPECT_EQ(limit_error_of([&] { check_launch_interface_rules(s, 1); }).second,
            "Each network interface requires a unique device index.");
  s.more_interfaces = {interface_at(1)};
  EXPECT_EQ(limit_error_of([&] { check_launch_interface_rules(s, 1); }).first, "");
  s.associate_public_ip = true;
  EXPECT_EQ(limit_error_of([&] { check_launch_interface_rules(s, 1); }).first,
            "InvalidParameterCombination");
}

TEST(LaunchInterfaceRules, ChosenAddressesAndExistingInterfacesServeOneInstance) {
  LaunchSpec s;
  s.secondary_private_ip_count = 2;
  s.more_interfaces = {interface_at(1)};
  EXPECT_EQ(limit_error_of([&] { check_launch_interface_rules(s, 5); }).first, "");
  s.secondary_private_ips = {"10.0.0.9"};
  EXPECT_EQ(limit_error_of([&] { check_launch_interface_rules(s, 2); }).first,
            "InvalidParameterCombination");
  s.secondary_private_ips.clear();
  s.more_interfaces[0].network_interface_id = "eni-1";
  EXPECT_EQ(limit_error_of([&] { check_launch_interface_rules(s, 2); }).first,
            "InvalidParameterCombination");
  EXPECT_EQ(limit_error_of([&] { check_launch_interface_rules(s, 1); }).first, "");
}

TEST(NatGatewayCreation, FailuresAsAwsReportsThem) {
  EXPECT_FALSE(nat_creation_failure("public", "vpc-1", true, 10));
  EXPECT_FALSE(nat_creation_failure("private", "vpc-1", false, 10));
  const auto detached = nat_creation_failure("public", "vpc-1", false, 10);
  ASSERT_TRUE(detached);
  EXPECT_EQ(detached->code, "Gateway.NotAttached");
  EXPECT_EQ(detached->message, "Network vpc-1 has no Internet gateway attached");
  const auto full = nat_creation_failure("private", "vpc-1", true, 0);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->code, "InsufficientFreeAddressesInSubnet");
  EXPECT_EQ(full->message, "Subnet has insufficient free addresses to create this NAT gateway");
}

}  // namespace
}  // namespace cloudlife::ec2
