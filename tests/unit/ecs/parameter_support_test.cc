// The accepted-parameter rule: documented but unmodelled parameters are refused, unless their
// value is one cloudlife's behaviour matches; undocumented and common parameters pass.
#include "ecs/api/parameter_support.h"

#include <gtest/gtest.h>

namespace cloudlife::ecs::api {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST(ParameterSupport, PatternsReplaceIndexSegments) {
  EXPECT_EQ(parameter_pattern("DataDisk.3.Size"), "DataDisk.N.Size");
  EXPECT_EQ(parameter_pattern("Tag.12.Key"), "Tag.N.Key");
  EXPECT_EQ(parameter_pattern("InstanceId.1"), "InstanceId.N");
  EXPECT_EQ(parameter_pattern("SystemDisk.Size"), "SystemDisk.Size");
  EXPECT_EQ(parameter_pattern("Amount"), "Amount");
}

TEST(ParameterSupport, ModelledParametersPass) {
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"RegionId", "cn-hangzhou"},
                                                        {"ImageId", "img"},
                                                        {"DataDisk.2.Size", "40"},
                                                        {"Tag.1.Key", "k"},
                                                        {"SecurityGroupIds.3", "sg-1"},
                                                        {"UserData", "YQ=="},
                                                        {"Signature", "x"},
                                                        {"ClientToken", "t"}}),
            std::nullopt);
}

TEST(ParameterSupport, UnmodelledParametersAreNamed) {
  EXPECT_EQ(
      unsupported_parameter("RunInstances", Pairs{{"ImageId", "i"}, {"LaunchTemplateId", "lt"}}),
      "LaunchTemplateId");
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"DataDisk.1.KMSKeyId", "k"}}),
            "DataDisk.1.KMSKeyId");
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"NetworkInterface.1.VSwitchId", "v"}}),
            std::nullopt);
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"NetworkInterface.1.QueueNumber", "8"}}),
            "NetworkInterface.1.QueueNumber");
  EXPECT_EQ(unsupported_parameter("DescribeInstances", Pairs{{"Filter.1.Key", "k"}}),
            "Filter.1.Key");
  EXPECT_EQ(unsupported_parameter("AttachDisk", Pairs{{"Device", "/dev/xvdb"}}), "Device");
}

TEST(ParameterSupport, ValuesCloudlifeAlreadyMatchesPass) {
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"SpotStrategy", "NoSpot"}}), std::nullopt);
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"SpotStrategy", "SpotAsPriceGo"}}),
            "SpotStrategy");
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"DataDisk.4.Encrypted", "False"}}),
            std::nullopt);
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"DataDisk.4.Encrypted", "true"}}),
            "DataDisk.4.Encrypted");
  EXPECT_EQ(unsupported_parameter("DescribeDisks", Pairs{{"Encrypted", "false"}}), std::nullopt);
}

TEST(ParameterSupport, UndocumentedAndEmptyParametersAreIgnored) {
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"Unicorn", "1"}}), std::nullopt);
  EXPECT_EQ(unsupported_parameter("RunInstances", Pairs{{"LaunchTemplateId", ""}}), std::nullopt);
  EXPECT_EQ(unsupported_parameter("NoSuchAction", Pairs{{"LaunchTemplateId", "x"}}), std::nullopt);
}

}  // namespace
}  // namespace cloudlife::ecs::api
