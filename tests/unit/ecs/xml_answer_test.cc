// Format=XML: the JSON body's shape as Alibaba's XML (lists repeat their element).
#include "ecs/api/xml_answer.h"

#include <gtest/gtest.h>

namespace cloudlife::ecs::api {
namespace {

TEST(XmlAnswer, ListsRepeatTheirElementAndScalarsAreText) {
  const nlohmann::json body = {
      {"Instances", {{"Instance", {{{"InstanceId", "i-1"}, {"Cpu", 2}}, {{"InstanceId", "i-2"}}}}}},
      {"TotalCount", 2},
      {"IoOptimized", true},
      {"Name", "a<b"},
      {"Gone", nullptr}};
  const std::string xml = alibaba_xml("DescribeInstancesResponse", body);
  // Members in the body's (alphabetical) order.
  EXPECT_NE(xml.find("<Instances><Instance><Cpu>2</Cpu><InstanceId>i-1</InstanceId></Instance>"
                     "<Instance><InstanceId>i-2</InstanceId></Instance></Instances>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<IoOptimized>true</IoOptimized>"), std::string::npos);
  EXPECT_NE(xml.find("<Name>a&lt;b</Name>"), std::string::npos);
  EXPECT_NE(xml.find("<DescribeInstancesResponse><Gone/>"), std::string::npos);
}

}  // namespace
}  // namespace cloudlife::ecs::api
