// The access-log line: who called what, read from the wire request and the answer.
#include "server/access_log.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using cloudlife::protocol::HttpRequest;
using cloudlife::protocol::HttpResponse;
using cloudlife::server::describe;

HttpRequest aws_post(const std::string& body, const std::string& credential_scope = "") {
  HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.body = body;
  r.remote_addr = "127.0.0.1";
  r.headers.emplace("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  if (!credential_scope.empty()) {
    r.headers.emplace("Authorization", "AWS4-HMAC-SHA256 Credential=" + credential_scope +
                                           ", SignedHeaders=host;x-amz-date, Signature=abcd");
  }
  return r;
}

TEST(AccessLog, Ec2CallNamesCloudAccountRegionActionAndCreatedIds) {
  const HttpRequest req =
      aws_post("Action=RunInstances&Version=2016-11-15&ImageId=ami-1&MinCount=2&MaxCount=2",
               "111122223333/20260101/eu-west-1/ec2/aws4_request");
  HttpResponse res;
  res.headers.emplace_back("x-amzn-RequestId", "req-1");
  res.body =
      "<RunInstancesResponse><instancesSet><item><instanceId>i-aaa</instanceId></item>"
      "<item><instanceId>i-bbb</instanceId></item></instancesSet></RunInstancesResponse>";
  const auto e = describe(req, res, 42);
  EXPECT_EQ(e.cloud, "ec2");
  EXPECT_EQ(e.action, "RunInstances");
  EXPECT_EQ(e.account, "111122223333");
  EXPECT_EQ(e.region, "eu-west-1");
  EXPECT_EQ(e.request_id, "req-1");
  EXPECT_EQ(e.resource_ids, (std::vector<std::string>{"i-aaa", "i-bbb"}));
  EXPECT_EQ(e.status, 200);
  EXPECT_EQ(e.latency_us, 42);
  const std::string text = cloudlife::server::format_text(e);
  EXPECT_NE(text.find("request_id=req-1 cloud=ec2 account=111122223333 region=eu-west-1 "
                      "action=\"RunInstances\" status=200 latency_us=42 resources=i-aaa,i-bbb"),
            std::string::npos)
      << text;
}

TEST(AccessLog, ErrorsCarryTheCodeAndJsonIsOneObjectsMembers) {
  const HttpRequest req = aws_post("Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-x");
  HttpResponse res;
  res.status = 400;
  res.error_code = "InvalidInstanceID.NotFound";
  res.body = "<Response><Errors/><RequestID>r</RequestID></Response>";
  const auto e = describe(req, res, 7);
  EXPECT_EQ(e.account, "123456789012");
  EXPECT_EQ(e.region, "us-east-1");
  EXPECT_EQ(e.resource_ids, (std::vector<std::string>{"i-x"}));
  const auto j = nlohmann::json::parse("{" + cloudlife::server::format_json(e) + "}");
  EXPECT_EQ(j["cloud"], "ec2");
  EXPECT_EQ(j["action"], "TerminateInstances");
  EXPECT_EQ(j["status"], 400);
  EXPECT_EQ(j["error"], "InvalidInstanceID.NotFound");
  EXPECT_EQ(j["resources"], nlohmann::json::array({"i-x"}));
}

TEST(AccessLog, AutoScalingBySignatureScopeWithoutVersion) {
  const HttpRequest req = aws_post("Action=DescribeAutoScalingGroups",
                                   "AKIDEXAMPLE/20260101/ap-south-1/autoscaling/aws4_request");
  const auto e = describe(req, HttpResponse{}, 1);
  EXPECT_EQ(e.cloud, "autoscaling");
  EXPECT_EQ(e.region, "ap-south-1");
  EXPECT_EQ(e.account, "123456789012");
}

TEST(AccessLog, AlibabaEcsFromQueryStringAndAcs3Header) {
  HttpRequest rpc;
  rpc.method = "GET";
  rpc.path = "/";
  rpc.query = {{"Action", "StopInstance"},
               {"Version", "2014-05-26"},
               {"RegionId", "cn-hangzhou"},
               {"AccessKeyId", "LTAI5t"},
               {"InstanceId", "i-bp1"}};
  HttpResponse res;
  res.body = R"({"RequestId":"ABC-123"})";
  auto e = describe(rpc, res, 3);
  EXPECT_EQ(e.cloud, "ecs");
  EXPECT_EQ(e.action, "StopInstance");
  EXPECT_EQ(e.region, "cn-hangzhou");
  EXPECT_EQ(e.request_id, "ABC-123");
  EXPECT_EQ(e.resource_ids, (std::vector<std::string>{"i-bp1"}));

  HttpRequest acs3;
  acs3.method = "POST";
  acs3.path = "/";
  acs3.headers.emplace("x-acs-action", "RunInstances");
  acs3.headers.emplace("Authorization",
                       "ACS3-HMAC-SHA256 Credential=210987654321,SignedHeaders=x,Signature=y");
  acs3.query = {{"RegionId", "cn-beijing"}};
  res.body = R"({"RequestId":"R2","InstanceIdSets":{"InstanceIdSet":["i-1","i-2"]}})";
  e = describe(acs3, res, 3);
  EXPECT_EQ(e.action, "RunInstances");
  EXPECT_EQ(e.account, "210987654321");
  EXPECT_EQ(e.region, "cn-beijing");
  EXPECT_EQ(e.resource_ids, (std::vector<std::string>{"i-1", "i-2"}));
}

TEST(AccessLog, ControlPlaneIsNamedByPath) {
  HttpRequest req;
  req.method = "POST";
  req.path = "/_cloudlife/clock/advance";
  req.body = R"({"seconds":5})";
  req.headers.emplace("Content-Type", "application/json");
  const auto e = describe(req, HttpResponse{}, 1);
  EXPECT_EQ(e.cloud, "control");
  EXPECT_EQ(e.action, "POST /_cloudlife/clock/advance");
  const std::string text = cloudlife::server::format_text(e);
  EXPECT_NE(text.find("account=- region=-"), std::string::npos) << text;
}

TEST(AccessLog, LongIdListsAreCapped) {
  std::string body = "Action=TerminateInstances&Version=2016-11-15";
  for (int i = 1; i <= 25; ++i)
    body += "&InstanceId." + std::to_string(i) + "=i-" + std::to_string(i);
  const auto e = describe(aws_post(body), HttpResponse{}, 1);
  EXPECT_EQ(e.resource_ids.size(), 25u);
  const std::string text = cloudlife::server::format_text(e);
  EXPECT_NE(text.find(",+15 more"), std::string::npos) << text;
  const auto j = nlohmann::json::parse("{" + cloudlife::server::format_json(e) + "}");
  EXPECT_EQ(j["resources"].size(), 10u);
  EXPECT_EQ(j["resource_count"], 25);
}

}  // namespace
