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

namespace cloudlife::ecs::api {
namespace {

AnswerOrder test_disk_order() {
  AnswerOrder order;
  order.paths[""] = {"RequestId", "TotalCount", "Disks"};
  order.paths["Disks"] = {"DiskId", "Size", "Tags"};
  order.paths["Disks.Tags"] = {"TagValue", "TagKey"};
  return order;
}

const nlohmann::json kDisksBody = {
    {"TotalCount", 1},
    {"RequestId", "R"},
    {"Extra", "x"},
    {"Disks",
     {{"Disk",
       {{{"Size", 20},
         {"DiskId", "d-1"},
         {"Tags", {{"Tag", {{{"TagKey", "k"}, {"TagValue", "v"}}}}}}}}}}}};

TEST(XmlAnswer, MembersFollowTheOrderAndUnlistedOnesComeLastInNameOrder) {
  const AnswerOrder order = test_disk_order();
  EXPECT_EQ(alibaba_xml("DescribeDisksResponse", kDisksBody, &order),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<DescribeDisksResponse><RequestId>R</RequestId><TotalCount>1</TotalCount><Disks>"
            "<Disk><DiskId>d-1</DiskId><Size>20</Size><Tags><Tag><TagValue>v</TagValue>"
            "<TagKey>k</TagKey></Tag></Tags></Disk></Disks><Extra>x</Extra>"
            "</DescribeDisksResponse>");
}

TEST(XmlAnswer, JsonFollowsTheSameOrder) {
  const AnswerOrder order = test_disk_order();
  EXPECT_EQ(alibaba_json(kDisksBody, &order),
            R"({"RequestId":"R","TotalCount":1,"Disks":{"Disk":[{"DiskId":"d-1","Size":20,)"
            R"("Tags":{"Tag":[{"TagValue":"v","TagKey":"k"}]}}]},"Extra":"x"})");
  // Without an order: name order, as the DOM holds it; invalid UTF-8 is replaced.
  EXPECT_EQ(alibaba_json({{"b", 1}, {"a", "\xff"}}), "{\"a\":\"\xef\xbf\xbd\",\"b\":1}");
}

TEST(AnswerOrder, ComesFromTheApiDefinitionForEveryServedAction) {
  const AnswerOrder* disks = AnswerOrder::find("ecs", "DescribeDisks");
  ASSERT_NE(disks, nullptr);
  const std::vector<std::string>& top = *disks->members("");
  EXPECT_EQ(top.front(), "RequestId");
  EXPECT_NE(disks->members("Disks.Tags"), nullptr);
  EXPECT_NE(AnswerOrder::find("vpc", "DescribeVSwitches"), nullptr);
  EXPECT_EQ(AnswerOrder::find("vpc", "DescribeDisks"), nullptr);
  EXPECT_EQ(*AnswerOrder::error().members(""),
            (std::vector<std::string>{"RequestId", "HostId", "Code", "Message", "Recommend"}));
}

}  // namespace
}  // namespace cloudlife::ecs::api
