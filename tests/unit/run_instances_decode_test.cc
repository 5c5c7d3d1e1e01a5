// run_instances_launch_spec: RunInstances' decoded request (the generated codec) as the model's
// LaunchSpec, with the launch checks the hand-written decoder made.
#include "ec2/api/run_instances_decode.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/service_error.h"
#include "protocol/form_decoding.h"

namespace cloudlife::ec2::api {
namespace {

LaunchSpec spec_of(std::string_view body) {
  const protocol::QueryParams p(*protocol::decode_form(body));
  return run_instances_launch_spec(codec::ec2::RunInstancesRequest::decode(p));
}

std::string refusal_of(std::string_view body) {
  try {
    spec_of(body);
  } catch (const core::ServiceError& e) {
    return e.code();
  }
  return "";
}

TEST(RunInstancesLaunchSpec, ThePrimaryInterfaceCarriesSubnetGroupsAndAddress) {
  const LaunchSpec s = spec_of(
      "MinCount=1&MaxCount=1&ImageId=ami-1&NetworkInterface.1.DeviceIndex=0"
      "&NetworkInterface.1.SubnetId=subnet-1&NetworkInterface.1.SecurityGroupId.1=sg-1"
      "&NetworkInterface.1.AssociatePublicIpAddress=true&NetworkInterface.1.Description=d"
      "&NetworkInterface.1.PrivateIpAddresses.1.Primary=true"
      "&NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress=10.0.0.9");
  EXPECT_EQ(s.image_id, "ami-1");
  EXPECT_EQ(s.subnet_id, "subnet-1");
  ASSERT_EQ(s.security_group_ids.size(), 1u);
  EXPECT_EQ(s.security_group_ids[0], "sg-1");
  EXPECT_EQ(s.associate_public_ip, true);
  EXPECT_EQ(s.interface_description, "d");
  EXPECT_EQ(s.private_ip, "10.0.0.9");
}

TEST(RunInstancesLaunchSpec, InterfacesAtDeviceIndexOneAndAboveAreMoreInterfaces) {
  const LaunchSpec s = spec_of(
      "MinCount=1&MaxCount=1&NetworkInterface.1.DeviceIndex=2&NetworkInterface.1.SubnetId=subnet-2"
      "&NetworkInterface.1.SecondaryPrivateIpAddressCount=3&NetworkInterface.1.SecurityGroupId.1="
      "sg-2"
      "&NetworkInterface.1.DeleteOnTermination=false&NetworkInterface.1.NetworkCardIndex=0"
      "&NetworkInterface.2.DeviceIndex=0&NetworkInterface.2.SubnetId=subnet-1"
      "&NetworkInterface.3.DeviceIndex=1&NetworkInterface.3.NetworkInterfaceId=eni-1");
  EXPECT_EQ(s.subnet_id, "subnet-1");
  ASSERT_EQ(s.more_interfaces.size(), 2u);
  EXPECT_EQ(s.more_interfaces[0].device_index, 2);
  EXPECT_EQ(s.more_interfaces[0].subnet_id, "subnet-2");
  EXPECT_EQ(s.more_interfaces[0].secondary_private_ip_count, 3);
  EXPECT_EQ(s.more_interfaces[0].group_ids, std::vector<std::string>{"sg-2"});
  EXPECT_EQ(s.more_interfaces[0].delete_on_termination, false);
  EXPECT_EQ(s.more_interfaces[1].network_interface_id, "eni-1");
}

TEST(RunInstancesLaunchSpec, InterfaceRefusals) {
  // No interface at device index 0.
  EXPECT_EQ(refusal_of("MinCount=1&MaxCount=1&NetworkInterface.1.DeviceIndex=1"),
            "InvalidParameterValue");
  EXPECT_EQ(refusal_of("MinCount=1&MaxCount=1&SubnetId=subnet-1&NetworkInterface.1.DeviceIndex=0"),
            "InvalidParameterCombination");
  EXPECT_EQ(refusal_of("MinCount=1&MaxCount=1&NetworkInterface.1.DeviceIndex=0"
                       "&NetworkInterface.1.NetworkCardIndex=1"),
            "Unsupported");
  EXPECT_EQ(refusal_of("MinCount=1&MaxCount=1&NetworkInterface.1.DeviceIndex=0"
                       "&NetworkInterface.2.DeviceIndex=1&NetworkInterface.2.SubnetId=subnet-1"
                       "&NetworkInterface.2.AssociatePublicIpAddress=true"),
            "InvalidParameterCombination");
  EXPECT_EQ(refusal_of("MinCount=1&MaxCount=1&NetworkInterface.1.DeviceIndex=0"
                       "&NetworkInterface.1.SecondaryPrivateIpAddressCount=0"),
            "InvalidParameterValue");
  EXPECT_EQ(refusal_of("MinCount=1&MaxCount=1&NetworkInterface.1.DeviceIndex=0"
                       "&NetworkInterface.1.SecondaryPrivateIpAddressCount=1"
                       "&NetworkInterface.1.PrivateIpAddresses.1.Primary=false"
                       "&NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress=10.0.0.9"),
            "InvalidParameterCombination");
}

TEST(RunInstancesLaunchSpec, PrimaryAndSecondaryPrivateAddresses) {
  const LaunchSpec s = spec_of(
      "MinCount=1&MaxCount=1&NetworkInterface.1.DeviceIndex=0"
      "&NetworkInterface.1.PrivateIpAddresses.1.Primary=false"
      "&NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress=10.0.0.9"
      "&NetworkInterface.1.PrivateIpAddresses.2.Primary=true"
      "&NetworkInterface.1.PrivateIpAddresses.2.PrivateIpAddress=10.0.0.8");
  EXPECT_EQ(s.private_ip, "10.0.0.8");
  EXPECT_EQ(s.secondary_private_ips, std::vector<std::string>{"10.0.0.9"});
  EXPECT_EQ(refusal_of("MinCount=1&MaxCount=1&NetworkInterface.1.PrivateIpAddress=10.0.0.8"
                       "&NetworkInterface.1.PrivateIpAddresses.1.Primary=true"
                       "&NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress=10.0.0.9"),
            "InvalidParameterValue");
}

TEST(RunInstancesLaunchSpec, BlockDevicesNeedADeviceName) {
  EXPECT_EQ(refusal_of("MinCount=1&MaxCount=1&BlockDeviceMapping.1.Ebs.VolumeSize=8"),
            "MissingParameter");
  const LaunchSpec s = spec_of(
      "MinCount=1&MaxCount=1&BlockDeviceMapping.1.DeviceName=/dev/sdb"
      "&BlockDeviceMapping.1.Ebs.VolumeSize=8&BlockDeviceMapping.1.Ebs.DeleteOnTermination=false"
      "&BlockDeviceMapping.2.DeviceName=/dev/sdc&BlockDeviceMapping.2.NoDevice=");
  ASSERT_EQ(s.block_devices.size(), 2u);
  ASSERT_TRUE(s.block_devices[0].ebs);
  EXPECT_EQ(s.block_devices[0].ebs->volume_size, 8);
  EXPECT_EQ(s.block_devices[0].ebs->delete_on_termination, false);
  EXPECT_TRUE(s.block_devices[1].no_device);
  EXPECT_FALSE(s.block_devices[1].ebs);
}

TEST(RunInstancesLaunchSpec, MarketOptionsDefaultToOneTimeSpotTerminating) {
  const LaunchSpec s = spec_of("MinCount=1&MaxCount=1&InstanceMarketOptions.MarketType=spot");
  ASSERT_TRUE(s.market);
  EXPECT_EQ(s.market->market_type, "spot");
  EXPECT_EQ(s.market->spot_instance_type, "one-time");
  EXPECT_EQ(s.market->interruption_behavior, "terminate");
  EXPECT_EQ(s.market->max_price, "");
  EXPECT_FALSE(spec_of("MinCount=1&MaxCount=1").market);
}

}  // namespace
}  // namespace cloudlife::ec2::api
