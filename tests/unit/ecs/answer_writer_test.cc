// The answer writer: the same document in JSON and in Alibaba's XML, members in written order,
// lists as wrapper + repeated item, strings escaped (invalid UTF-8 replaced in JSON); and an
// instance written by write_instance() reads back as instance_json() gives it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ecs/api/answer_writer.h"
#include "ecs/api/ecs_encode.h"

namespace cloudlife::ecs::api {
namespace {

std::string sample(bool xml) {
  AnswerWriter w(xml);
  w.begin("DescribeThingsResponse");
  w.field("RequestId", "R-1");
  w.field("TotalCount", 2);
  w.open_list("Things", "Thing");
  w.item();
  w.field("Name", "a<b\"c");
  w.field("On", true);
  w.open_list("Ips", "Ip");
  w.string_item("10.0.0.1");
  w.close_list();
  w.close_item();
  w.item();
  w.open("Nested");
  w.field("Empty", "");
  w.close();
  w.close_item();
  w.close_list();
  w.open_list("None", "Item");
  w.close_list();
  return w.finish();
}

TEST(AnswerWriter, JsonKeepsTheWrittenOrderAndListWrappers) {
  EXPECT_EQ(sample(false),
            R"({"RequestId":"R-1","TotalCount":2,"Things":{"Thing":[{"Name":"a<b\"c","On":true,)"
            R"("Ips":{"Ip":["10.0.0.1"]}},{"Nested":{"Empty":""}}]},"None":{"Item":[]}})");
  const nlohmann::json parsed = nlohmann::json::parse(sample(false));
  EXPECT_EQ(parsed["Things"]["Thing"][0]["Ips"]["Ip"][0], "10.0.0.1");
}

TEST(AnswerWriter, XmlRepeatsTheItemElementInsideTheWrapper) {
  EXPECT_EQ(sample(true),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<DescribeThingsResponse><RequestId>R-1</RequestId><TotalCount>2</TotalCount>"
            "<Things><Thing><Name>a&lt;b&quot;c</Name><On>true</On><Ips><Ip>10.0.0.1</Ip></Ips>"
            "</Thing><Thing><Nested><Empty></Empty></Nested></Thing></Things><None></None>"
            "</DescribeThingsResponse>");
}

TEST(AnswerWriter, JsonStringsEscapeControlsAndReplaceInvalidUtf8) {
  std::string out;
  AnswerWriter::json_string(out, std::string("a\\\n\x01 na\xc3\xafve \xff end", 17));
  EXPECT_EQ(out, "\"a\\\\\\n\\u0001 na\xc3\xafve \xef\xbf\xbd end\"");
}

TEST(AnswerWriter, AWrittenInstanceIsTheInstanceJson) {
  Instance d;
  d.instance_id = "i-abc";
  d.instance_type = "ecs.g7.large";
  d.private_ip = "10.0.0.2";
  d.security_group_ids = {"sg-1", "sg-2"};
  d.tags = {{"k", "v"}};
  d.network_interfaces = {{"eni-1", "00:16:3e:00:00:01", "10.0.0.2", "Primary", {"10.0.0.3"}}};
  const nlohmann::json j = instance_json(d);
  EXPECT_EQ(j["InstanceTypeFamily"], "ecs.g7");
  EXPECT_EQ(j["SecurityGroupIds"]["SecurityGroupId"], nlohmann::json::array({"sg-1", "sg-2"}));
  EXPECT_EQ(j["NetworkInterfaces"]["NetworkInterface"][0]["PrivateIpSets"]["PrivateIpSet"][1],
            (nlohmann::json{{"PrivateIpAddress", "10.0.0.3"}, {"Primary", false}}));
  EXPECT_EQ(j["PublicIpAddress"]["IpAddress"], nlohmann::json::array());
  EXPECT_EQ(j["Tags"]["Tag"][0]["TagKey"], "k");
  EXPECT_EQ(j["Cpu"], 0);
}

}  // namespace
}  // namespace cloudlife::ecs::api
