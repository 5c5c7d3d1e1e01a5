// Units for the stateless addressing rules of a launch (ec2/launch_addressing.h).
#include "ec2/launch_addressing.h"

#include <gtest/gtest.h>

#include <functional>

#include "core/service_error.h"

namespace cloudlife::ec2 {
namespace {

std::pair<std::string, std::string> addressing_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return {e.code(), e.message()};
  }
  return {"", ""};
}

TEST(LaunchAddressing, InstanceLevelParametersNextToInterfacesAreRefusedInAwsOrder) {
  EXPECT_EQ(addressing_error_of([] {
              refuse_instance_level_with_interfaces({false, true, true, true});
            }).first,
            "");
  EXPECT_EQ(addressing_error_of([] {
              refuse_instance_level_with_interfaces({true, false, false, false});
            }).first,
            "");
  const auto subnet = addressing_error_of([] {
    refuse_instance_level_with_interfaces({true, true, true, true});
  });
  EXPECT_EQ(subnet.first, "InvalidParameterCombination");
  EXPECT_EQ(subnet.second,
            "Network interfaces and an instance-level subnet ID may not be specified on the same "
            "request");
  EXPECT_EQ(addressing_error_of([] {
              refuse_instance_level_with_interfaces({true, false, true, true});
            }).second,
            "Network interfaces and an instance-level security groups may not be specified on the "
            "same request");
  EXPECT_EQ(addressing_error_of([] {
              refuse_instance_level_with_interfaces({true, false, false, true});
            }).second,
            "Network interfaces and an instance-level private IP address may not be specified on "
            "the same request");
}

TEST(LaunchAddressing, AnExistingInterfaceTakesNoSettingsOfItsOwn) {
  EXPECT_EQ(addressing_error_of([] { refuse_settings_of_existing_interface({}); }).first, "");
  EXPECT_EQ(addressing_error_of([] {
              refuse_settings_of_existing_interface({true, false, false, false});
            }).first,
            "InvalidParameterCombination");
  EXPECT_EQ(addressing_error_of([] {
              refuse_settings_of_existing_interface({false, false, false, true});
            }).second,
            "The associatePublicIPAddress parameter cannot be specified for a network interface "
            "with an ID.");
}

TEST(LaunchAddressing, AChosenAddressOrInterfaceServesOneInstance) {
  LaunchSpec spec;
  EXPECT_EQ(addressing_error_of([&] { refuse_chosen_address_for_many(spec, 5); }).first, "");
  spec.private_ip = "10.0.0.9";
  EXPECT_EQ(addressing_error_of([&] { refuse_chosen_address_for_many(spec, 1); }).first, "");
  EXPECT_EQ(addressing_error_of([&] { refuse_chosen_address_for_many(spec, 2); }).first,
            "InvalidParameterCombination");
  spec.private_ip.reset();
  spec.network_interface_id = "eni-0123456789abcdef0";
  EXPECT_EQ(addressing_error_of([&] { refuse_chosen_address_for_many(spec, 2); }).first,
            "InvalidParameterCombination");
}

TEST(LaunchAddressing, NoDedicatedHostExists) {
  EXPECT_EQ(addressing_error_of([] { require_dedicated_host(std::nullopt); }).first, "");
  EXPECT_EQ(addressing_error_of([] { require_dedicated_host("h-0123456789abcdef0"); }).first,
            "InvalidHostID.NotFound");
  EXPECT_EQ(addressing_error_of([] { require_dedicated_host("h-01234567"); }).first,
            "InvalidHostID.NotFound");
  EXPECT_EQ(addressing_error_of([] { require_dedicated_host("host-1"); }).first,
            "InvalidHostId.Malformed");
  EXPECT_EQ(addressing_error_of([] { require_dedicated_host("h-XYZ"); }).first,
            "InvalidHostId.Malformed");
}

}  // namespace
}  // namespace cloudlife::ec2
