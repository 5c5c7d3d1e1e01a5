// Units for the launch parameters between the generated EC2 codec and the model's LaunchSpec
// (src/ec2/api/launch_template_data.h): launch template data and a Spot LaunchSpecification in,
// ResponseLaunchTemplateData out, and the refusals of what cloudlife has no model for.
#include "ec2/api/launch_template_data.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>

#include "core/service_error.h"
#include "protocol/form_decoding.h"
#include "protocol/query_params.h"

namespace cloudlife::ec2::api {
namespace {

namespace wire = codec::ec2;

protocol::QueryParams lt_data_params(const std::string& form) {
  return protocol::QueryParams(*protocol::decode_form(form));
}

LaunchSpec template_data(const std::string& form) {
  const auto req =
      wire::CreateLaunchTemplateRequest::decode(lt_data_params("LaunchTemplateName=web&" + form));
  return launch_spec_of(req.launch_template_data, "LaunchTemplateData.");
}

LaunchSpec spot_spec(const std::string& form) {
  const auto req = wire::RequestSpotInstancesRequest::decode(lt_data_params(form));
  return launch_spec_of(*req.launch_specification, "LaunchSpecification.");
}

std::pair<std::string, std::string> lt_error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const core::ServiceError& e) {
    return {e.code(), e.message()};
  }
  return {"", ""};
}

TEST(LaunchTemplateData, DecodesTheModelledMembersIntoALaunchSpec) {
  const LaunchSpec s = template_data(
      "LaunchTemplateData.ImageId=ami-0123456789abcdef0&LaunchTemplateData.InstanceType=t3.micro"
      "&LaunchTemplateData.BlockDeviceMapping.1.DeviceName=/dev/sdb"
      "&LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize=12"
      "&LaunchTemplateData.BlockDeviceMapping.1.Ebs.DeleteOnTermination=false"
      "&LaunchTemplateData.BlockDeviceMapping.2.DeviceName=/dev/sdc"
      "&LaunchTemplateData.BlockDeviceMapping.2.NoDevice="
      "&LaunchTemplateData.NetworkInterface.1.DeviceIndex=0"
      "&LaunchTemplateData.NetworkInterface.1.SubnetId=subnet-12345678"
      "&LaunchTemplateData.NetworkInterface.1.SecurityGroupId.1=sg-12345678"
      "&LaunchTemplateData.NetworkInterface.1.PrivateIpAddresses.1.Primary=true"
      "&LaunchTemplateData.NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress=10.0.0.5"
      "&LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit=3"
      "&LaunchTemplateData.InstanceMarketOptions.MarketType=spot"
      "&LaunchTemplateData.IamInstanceProfile.Name=prof"
      "&LaunchTemplateData.TagSpecification.1.ResourceType=instance"
      "&LaunchTemplateData.TagSpecification.1.Tag.1.Key=role"
      "&LaunchTemplateData.TagSpecification.1.Tag.1.Value=web");
  EXPECT_EQ(s.image_id, "ami-0123456789abcdef0");
  EXPECT_EQ(s.instance_type, "t3.micro");
  ASSERT_EQ(s.block_devices.size(), 2u);
  ASSERT_TRUE(s.block_devices[0].ebs);
  EXPECT_EQ(s.block_devices[0].ebs->volume_size, 12);
  EXPECT_EQ(s.block_devices[0].ebs->delete_on_termination, false);
  EXPECT_TRUE(s.block_devices[1].no_device);
  EXPECT_FALSE(s.block_devices[1].ebs);
  EXPECT_EQ(s.subnet_id, "subnet-12345678");
  EXPECT_EQ(s.private_ip, "10.0.0.5");
  EXPECT_EQ(s.security_group_ids, std::vector<std::string>{"sg-12345678"});
  EXPECT_EQ(s.metadata_options.http_put_response_hop_limit, 3);
  ASSERT_TRUE(s.market);
  EXPECT_EQ(s.market->spot_instance_type, "one-time");
  EXPECT_EQ(s.market->interruption_behavior, "terminate");
  ASSERT_TRUE(s.iam_profile);
  EXPECT_EQ(s.iam_profile->name, "prof");
  ASSERT_EQ(s.tag_specifications.size(), 1u);
  EXPECT_EQ(s.tag_specifications[0].tags[0].value, "web");
}

TEST(LaunchTemplateData, RefusesWhatItHasNoModelFor) {
  EXPECT_EQ(lt_error_of([] { template_data("LaunchTemplateData.CpuOptions.CoreCount=2"); }),
            std::make_pair(std::string("Unsupported"),
                           std::string("The requested configuration is currently not supported: "
                                       "cloudlife does not implement the parameter "
                                       "LaunchTemplateData.CpuOptions.")));
  EXPECT_EQ(lt_error_of([] {
              template_data(
                  "LaunchTemplateData.NetworkInterface.1.DeviceIndex=0"
                  "&LaunchTemplateData.NetworkInterface.1.Ipv6AddressCount=1");
            }).second,
            "The requested configuration is currently not supported: cloudlife does not "
            "implement the parameter LaunchTemplateData.NetworkInterface.1.Ipv6AddressCount.");
  EXPECT_EQ(lt_error_of([] {
              template_data("LaunchTemplateData.NetworkInterface.1.DeviceIndex=1");
            }).first,
            "Unsupported");
  EXPECT_EQ(lt_error_of([] {
              template_data(
                  "LaunchTemplateData.NetworkInterface.1.PrivateIpAddresses.1.Primary=false"
                  "&LaunchTemplateData.NetworkInterface.1.PrivateIpAddresses.1.PrivateIpAddress="
                  "10.0.0.5");
            }).first,
            "Unsupported");
  EXPECT_EQ(lt_error_of([] {
              template_data(
                  "LaunchTemplateData.NetworkInterface.1.DeviceIndex=0"
                  "&LaunchTemplateData.SecurityGroupId.1=sg-12345678");
            }).first,
            "InvalidParameterCombination");
  EXPECT_EQ(lt_error_of(
                [] { template_data("LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize=3"); }),
            std::make_pair(std::string("MissingParameter"),
                           std::string("The request must contain the parameter "
                                       "BlockDeviceMapping.DeviceName")));
}

TEST(LaunchTemplateData, SpotLaunchSpecificationTakesItsOwnMembers) {
  const LaunchSpec s = spot_spec(
      "LaunchSpecification.ImageId=ami-0123456789abcdef0&LaunchSpecification.SubnetId=subnet-1"
      "&LaunchSpecification.Monitoring.Enabled=true"
      "&LaunchSpecification.Placement.AvailabilityZone=us-east-1b");
  EXPECT_EQ(s.subnet_id, "subnet-1");
  EXPECT_EQ(s.monitoring, true);
  EXPECT_EQ(s.availability_zone, "us-east-1b");
  EXPECT_EQ(lt_error_of([] { spot_spec("LaunchSpecification.SecurityGroup.1=default"); }).second,
            "The requested configuration is currently not supported: cloudlife does not "
            "implement the parameter LaunchSpecification.SecurityGroup.1.");
  EXPECT_EQ(lt_error_of([] {
              spot_spec(
                  "LaunchSpecification.SubnetId=subnet-1"
                  "&LaunchSpecification.NetworkInterface.1.DeviceIndex=0");
            }).first,
            "InvalidParameterCombination");
}

TEST(LaunchTemplateData, WritesResponseLaunchTemplateDataInTheModelsNames) {
  LaunchSpec d;
  d.ebs_optimized = true;
  d.image_id = "ami-0123456789abcdef0";
  d.subnet_id = "subnet-1";
  d.security_group_ids = {"sg-1"};
  d.metadata_options.http_tokens = "required";
  wire::GetLaunchTemplateDataResponse out("rid");
  out.launch_template_data(
      [&](wire::ResponseLaunchTemplateDataWriter& w) { write_launch_template_data(w, d); });
  const std::string body = out.finish().body;
  EXPECT_NE(body.find("<launchTemplateData><ebsOptimized>true</ebsOptimized><networkInterfaceSet>"
                      "<item><deviceIndex>0</deviceIndex><subnetId>subnet-1</subnetId></item>"
                      "</networkInterfaceSet><imageId>ami-0123456789abcdef0</imageId>"
                      "<securityGroupIdSet><item>sg-1</item></securityGroupIdSet>"
                      "<metadataOptions><state>applied</state><httpTokens>required</httpTokens>"
                      "</metadataOptions></launchTemplateData>"),
            std::string::npos)
      << body;
}

TEST(LaunchTemplateData, TimestampsAndDecimalsThatDoNotParseKeepTheirWording) {
  EXPECT_EQ(lt_error_of([] {
              throw_as_parameter_value_error(
                  protocol::ParamError(protocol::ParamError::Kind::kNotNumber,
                                       "LaunchTemplateConfigs.1.Overrides.1.Priority", "abc"));
            }),
            std::make_pair(std::string("InvalidParameterValue"),
                           std::string("Value (abc) for parameter Priority is invalid.")));
  EXPECT_THROW(throw_as_parameter_value_error(
                   protocol::ParamError(protocol::ParamError::Kind::kNotInteger, "Count", "x")),
               protocol::ParamError);
}

}  // namespace
}  // namespace cloudlife::ec2::api
