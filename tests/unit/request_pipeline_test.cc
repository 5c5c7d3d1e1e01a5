// The request pipeline's stages, one at a time (src/server/router.h): decode, authenticate, the
// fault context, the refusal envelopes and the record stage.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "protocol/request_context.h"
#include "server/access_control.h"
#include "server/request_decoder.h"
#include "server/request_record.h"
#include "server/wire_errors.h"

namespace {

using cloudlife::protocol::Cloud;
using cloudlife::protocol::HttpRequest;
using cloudlife::protocol::RequestContext;
using cloudlife::protocol::WireProtocol;
using cloudlife::server::decode_request;

HttpRequest aws_post(const std::string& body, const std::string& credential_scope = "") {
  HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.body = body;
  r.headers.emplace("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  if (!credential_scope.empty()) {
    r.headers.emplace("Authorization", "AWS4-HMAC-SHA256 Credential=" + credential_scope +
                                           ", SignedHeaders=host;x-amz-date, Signature=abcd");
  }
  return r;
}

using Ids = std::vector<std::string>;

// --- decode
// ---------------------------------------------------------------------------------------

TEST(DecodeStage, Ec2NamesKeyRegionActionAndWhatTheRequestNames) {
  const auto d = decode_request(
      aws_post("Action=RunInstances&Version=2016-11-15&ImageId=ami-1&MinCount=1&MaxCount=1"
               "&InstanceType=m5.large&Placement.AvailabilityZone=eu-west-1b",
               "AKIAKEY/20260101/eu-west-1/ec2/aws4_request"));
  ASSERT_FALSE(d.refusal);
  EXPECT_EQ(d.ctx.cloud, Cloud::kEc2);
  EXPECT_EQ(d.ctx.protocol, WireProtocol::kAwsQuery);
  EXPECT_EQ(d.ctx.action, "RunInstances");
  EXPECT_EQ(d.ctx.access_key, "AKIAKEY");
  EXPECT_EQ(d.ctx.region, "eu-west-1");
  EXPECT_EQ(d.ctx.zones, Ids{"eu-west-1b"});
  EXPECT_EQ(d.ctx.instance_types, Ids{"m5.large"});
  EXPECT_FALSE(d.ctx.request_id.empty());
  EXPECT_EQ(d.aws.str_or("ImageId", ""), "ami-1");
}

TEST(DecodeStage, InstanceIdsInEveryListStyleAreNamedOnce) {
  const auto d = decode_request(
      aws_post("Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-a&InstanceId.2=i-b"
               "&InstanceId.3=i-a"));
  EXPECT_EQ(d.ctx.instance_ids, (Ids{"i-a", "i-b"}));
  EXPECT_EQ(d.ctx.resource_ids, (Ids{"i-a", "i-b"}));
  EXPECT_EQ(d.ctx.region, "us-east-1");
  const auto asg = decode_request(aws_post(
      "Action=SetInstanceHealth&Version=2011-01-01&InstanceId=i-c&AutoScalingGroupName=web"));
  EXPECT_EQ(asg.ctx.cloud, Cloud::kAutoScaling);
  EXPECT_EQ(asg.ctx.instance_ids, Ids{"i-c"});
  EXPECT_EQ(asg.ctx.resource_ids, (Ids{"i-c", "web"}));
  const auto zones = decode_request(aws_post(
      "Action=CreateAutoScalingGroup&Version=2011-01-01&AvailabilityZones.member.1=us-east-1a"
      "&AvailabilityZones.member.2=us-east-1b"));
  EXPECT_EQ(zones.ctx.zones, (Ids{"us-east-1a", "us-east-1b"}));
}

TEST(DecodeStage, TheSignatureScopeNamesTheServiceWithoutVersion) {
  const auto d = decode_request(aws_post("Action=DescribeAutoScalingGroups",
                                         "AKID/20260101/ap-south-1/autoscaling/aws4_request"));
  EXPECT_EQ(d.ctx.cloud, Cloud::kAutoScaling);
  EXPECT_EQ(d.ctx.region, "ap-south-1");
  EXPECT_EQ(decode_request(aws_post("Action=X&Version=2012-06-01")).ctx.cloud, Cloud::kElb);
  EXPECT_EQ(decode_request(aws_post("Action=X&Version=2015-12-01")).ctx.cloud, Cloud::kElbV2);
}

TEST(DecodeStage, AlibabaFromTheQueryStringAndFromAcs3Headers) {
  HttpRequest rpc;
  rpc.method = "GET";
  rpc.path = "/";
  rpc.raw_query =
      "Action=StopInstance&Version=2014-05-26&RegionId=cn-hangzhou&AccessKeyId=LTAI5t"
      "&InstanceId=i-bp1";
  rpc.query = {{"Action", "StopInstance"},
               {"Version", "2014-05-26"},
               {"RegionId", "cn-hangzhou"},
               {"AccessKeyId", "LTAI5t"},
               {"InstanceId", "i-bp1"}};
  auto d = decode_request(rpc);
  ASSERT_FALSE(d.refusal);
  EXPECT_EQ(d.ctx.cloud, Cloud::kEcs);
  EXPECT_EQ(d.ctx.protocol, WireProtocol::kAlibabaRpc);
  EXPECT_EQ(d.ctx.action, "StopInstance");
  EXPECT_EQ(d.ctx.region, "cn-hangzhou");
  EXPECT_EQ(d.ctx.access_key, "LTAI5t");
  EXPECT_EQ(d.ctx.instance_ids, Ids{"i-bp1"});
  // Alibaba's request IDs are upper-case UUIDs.
  EXPECT_EQ(d.ctx.request_id.size(), 36u);
  EXPECT_EQ(d.ctx.request_id.find_first_of("abcdef"), std::string::npos);

  HttpRequest acs3;
  acs3.method = "POST";
  acs3.path = "/";
  acs3.headers.emplace("x-acs-action", "RunInstances");
  acs3.headers.emplace("x-acs-version", "2014-05-26");
  acs3.headers.emplace("Authorization",
                       "ACS3-HMAC-SHA256 Credential=LTAIacs3,SignedHeaders=x,Signature=y");
  acs3.raw_query =
      "RegionId=cn-beijing&ZoneId=cn-beijing-h&InstanceType=ecs.g7.large"
      "&InstanceIds=%5B%22i-1%22%2C%22i-2%22%5D";
  d = decode_request(acs3);
  ASSERT_FALSE(d.refusal);
  EXPECT_EQ(d.ctx.action, "RunInstances");
  EXPECT_EQ(d.ctx.access_key, "LTAIacs3");
  EXPECT_EQ(d.ctx.region, "cn-beijing");
  EXPECT_EQ(d.ctx.zones, Ids{"cn-beijing-h"});
  EXPECT_EQ(d.ctx.instance_types, Ids{"ecs.g7.large"});
  EXPECT_EQ(d.ctx.instance_ids, (Ids{"i-1", "i-2"}));
}

TEST(DecodeStage, UndecodableRequestsComeBackWithTheirCloudsRefusal) {
  auto d = decode_request(aws_post("Version=2016-11-15"));
  ASSERT_TRUE(d.refusal);
  EXPECT_EQ(d.ctx.cloud, Cloud::kEc2);
  EXPECT_EQ(d.refusal->code, "MissingAction");
  HttpRequest malformed = aws_post("Action=X&%zz");  // Version in the query string
  malformed.query = {{"Version", "2016-11-15"}};
  d = decode_request(malformed);
  ASSERT_TRUE(d.refusal);
  EXPECT_EQ(d.refusal->code, "MalformedQueryString");
  d = decode_request(aws_post("Action=X&Version=1999-01-01"));
  ASSERT_TRUE(d.refusal);
  EXPECT_EQ(d.ctx.cloud, Cloud::kUnknown);
  EXPECT_EQ(d.refusal->code, "UnrecognizedClientException");
  EXPECT_NE(d.refusal->message.find("1999-01-01"), std::string::npos);
  std::string big = "Action=RunInstances&Version=2016-11-15&UserData=";
  big.append(cloudlife::server::kMaxBodyBytes, 'a');
  d = decode_request(aws_post(big));
  ASSERT_TRUE(d.refusal);
  EXPECT_EQ(d.ctx.cloud, Cloud::kEc2);
  EXPECT_EQ(d.refusal->http_status, 413);
}

TEST(DecodeStage, TheControlPlaneIsNamedByMethodAndPath) {
  HttpRequest r;
  r.method = "POST";
  r.path = "/_cloudlife/reset";
  const auto d = decode_request(r);
  EXPECT_EQ(d.ctx.cloud, Cloud::kControl);
  EXPECT_EQ(d.ctx.action, "POST /_cloudlife/reset");
  EXPECT_TRUE(d.ctx.account.empty());
}

// --- authenticate ------------------------------------------------------------------------------

TEST(AuthenticateStage, OneAccountRuleForEveryCloud) {
  cloudlife::server::AccessOptions options;
  options.credentials = cloudlife::server::CredentialStore::parse(
      R"({"credentials":[{"access_key":"LTAImapped","secret_key":"s","account":"222233334444"},
                         {"access_key":"AKIAmapped","secret_key":"s","account":"222233334444"}]})");
  const cloudlife::server::AccessControl access(options);
  for (const auto& [cloud, key] :
       {std::pair{Cloud::kEcs, "LTAImapped"}, std::pair{Cloud::kEc2, "AKIAmapped"},
        std::pair{Cloud::kAutoScaling, "AKIAmapped"}}) {
    RequestContext ctx;
    ctx.cloud = cloud;
    ctx.access_key = key;
    EXPECT_FALSE(access.authenticate(HttpRequest{}, {}, ctx));
    EXPECT_EQ(ctx.account, "222233334444") << cloudlife::protocol::cloud_name(cloud);
  }
  RequestContext twelve;
  twelve.cloud = Cloud::kEcs;
  twelve.access_key = "210987654321";
  EXPECT_FALSE(access.authenticate(HttpRequest{}, {}, twelve));
  EXPECT_EQ(twelve.account, "210987654321");
}

// --- faults --------------------------------------------------------------------------------------

TEST(FaultStage, EveryCloudMatchesOnTheSameFields) {
  cloudlife::core::FaultRegistry faults;
  faults.add({{"action", "RunInstances"},
              {"zone", "cn-hangzhou-i"},
              {"instance_type", "ecs.g7.large"},
              {"code", "OperationDenied.NoStock"}});
  faults.add({{"cloud", "autoscaling"}, {"instance_id", "i-7"}, {"code", "Throttling"}});
  RequestContext ecs;
  ecs.cloud = Cloud::kEcs;
  ecs.action = "RunInstances";
  ecs.zones = {"cn-hangzhou-i"};
  ecs.instance_types = {"ecs.g7.large"};
  EXPECT_EQ(faults.error_for(cloudlife::protocol::fault_context(ecs))->code,
            "OperationDenied.NoStock");
  ecs.zones = {"cn-hangzhou-h"};
  EXPECT_FALSE(faults.error_for(cloudlife::protocol::fault_context(ecs)));
  RequestContext asg;
  asg.cloud = Cloud::kAutoScaling;
  asg.action = "SetInstanceHealth";
  asg.instance_ids = {"i-7"};
  EXPECT_EQ(faults.error_for(cloudlife::protocol::fault_context(asg))->code, "Throttling");
}

TEST(FaultStage, ACountedStateCodeRuleIsUsedOnlyWhenAStateCodeIsWritten) {
  cloudlife::core::FaultRegistry faults;
  faults.add({{"kind", "state-code-high-byte"}, {"count", 1}, {"seed", 7}});
  RequestContext ctx;
  ctx.cloud = Cloud::kEc2;
  ctx.action = "DescribeTags";
  { cloudlife::core::StateCodeHighByte unused(&faults, cloudlife::protocol::fault_context(ctx)); }
  EXPECT_EQ(faults.list()[0]["hits"], 0);
  cloudlife::core::StateCodeHighByte used(&faults, cloudlife::protocol::fault_context(ctx));
  const int first = used;
  const int again = used;
  EXPECT_GE(first, 1);
  EXPECT_EQ(first, again);  // one draw per answer, whatever the number of state codes
  EXPECT_EQ(faults.list()[0]["hits"], 1);
}

// --- refusals and record -------------------------------------------------------------------------

TEST(RefusalStage, EachCloudGetsItsOwnEnvelopeWithTheContextsRequestId) {
  RequestContext ctx;
  ctx.request_id = "REQ-1";
  ctx.cloud = Cloud::kEc2;
  auto r = cloudlife::server::error_in_cloud_words(ctx, 401, "AuthFailure", "no");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code, "AuthFailure");
  EXPECT_NE(r.body.find("<RequestID>REQ-1</RequestID>"), std::string::npos) << r.body;
  ctx.cloud = Cloud::kEcs;
  r = cloudlife::server::error_in_cloud_words(ctx, 403, "Forbidden.RAM", "no");
  EXPECT_EQ(r.error_code, "Forbidden.RAM");
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["RequestId"], "REQ-1");
  EXPECT_EQ(body["Code"], "Forbidden.RAM");
  ctx.cloud = Cloud::kAutoScaling;
  r = cloudlife::server::error_in_cloud_words(ctx, 400, "Throttling", "Rate exceeded");
  EXPECT_NE(r.body.find("<ErrorResponse"), std::string::npos) << r.body;
  EXPECT_EQ(r.error_code, "Throttling");
}

TEST(RecordStage, TheAuditRecordIsTheCompletedContext) {
  RequestContext ctx;
  ctx.cloud = Cloud::kEcs;
  ctx.action = "RunInstances";
  ctx.account = "222233334444";
  ctx.region = "cn-hangzhou";
  ctx.access_key = "LTAImapped";
  ctx.request_id = "R";
  ctx.resource_ids = {"i-named"};
  ctx.created_ids = {"i-new", "i-named"};
  cloudlife::protocol::HttpResponse ok;
  ok.body = R"({"InstanceIdSets":{"InstanceIdSet":["i-from-the-body"]}})";
  cloudlife::server::complete_context(ctx, ok);
  auto r = cloudlife::server::audit_record(ctx, 5, 6);
  EXPECT_EQ(r.cloud, "ecs");
  EXPECT_EQ(r.account, "222233334444");
  EXPECT_EQ(r.result, "Success");
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.resource_ids, (std::vector<cloudlife::core::CompactText>{"i-named", "i-new"}));
  EXPECT_EQ(r.virtual_time, 5);
  cloudlife::protocol::HttpResponse refused;
  refused.status = 404;
  refused.error_code = "InvalidInstanceId.NotFound";
  cloudlife::server::complete_context(ctx, refused);
  r = cloudlife::server::audit_record(ctx, 5, 6);
  EXPECT_EQ(r.result, "InvalidInstanceId.NotFound");
  EXPECT_EQ(r.http_status, 404);
}

}  // namespace
