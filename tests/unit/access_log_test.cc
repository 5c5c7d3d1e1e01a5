// The access-log line: who called what, read from the request's completed context alone.
#include "server/access_log.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace {

using cloudlife::protocol::Cloud;
using cloudlife::protocol::HttpRequest;
using cloudlife::protocol::RequestContext;
using cloudlife::server::describe;

HttpRequest post(const std::string& path = "/") {
  HttpRequest r;
  r.method = "POST";
  r.path = path;
  r.remote_addr = "127.0.0.1";
  // A body the log must not read: nothing in it may show up in the line.
  r.body = "Action=TerminateInstances&Version=2016-11-15&InstanceId.1=i-fromthebody";
  return r;
}

RequestContext run_instances() {
  RequestContext ctx;
  ctx.cloud = Cloud::kEc2;
  ctx.action = "RunInstances";
  ctx.account = "222233334444";  // as --credentials mapped the key: the log says the same
  ctx.region = "eu-west-1";
  ctx.request_id = "req-1";
  ctx.created_ids = {"i-aaa", "i-bbb"};
  ctx.http_status = 200;
  return ctx;
}

TEST(AccessLog, NamesCloudAccountRegionActionAndCreatedIdsFromTheContext) {
  const auto e = describe(run_instances(), post(), 42);
  EXPECT_EQ(e.cloud, "ec2");
  EXPECT_EQ(e.action, "RunInstances");
  EXPECT_EQ(e.account, "222233334444");
  EXPECT_EQ(e.region, "eu-west-1");
  EXPECT_EQ(e.request_id, "req-1");
  EXPECT_EQ(e.resource_ids, (std::vector<std::string>{"i-aaa", "i-bbb"}));
  EXPECT_EQ(e.status, 200);
  EXPECT_EQ(e.latency_us, 42);
  const std::string text = cloudlife::server::format_text(e);
  EXPECT_NE(text.find("request_id=req-1 cloud=ec2 account=222233334444 region=eu-west-1 "
                      "action=\"RunInstances\" status=200 latency_us=42 resources=i-aaa,i-bbb"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("i-fromthebody"), std::string::npos) << text;
}

TEST(AccessLog, ErrorsCarryTheCodeAndJsonIsOneObjectsMembers) {
  RequestContext ctx;
  ctx.cloud = Cloud::kEcs;
  ctx.action = "StopInstance";
  ctx.region = "cn-hangzhou";
  ctx.resource_ids = {"i-x"};
  ctx.http_status = 404;
  ctx.error_code = "InvalidInstanceId.NotFound";
  const auto e = describe(ctx, post(), 7);
  const auto j = nlohmann::json::parse("{" + cloudlife::server::format_json(e) + "}");
  EXPECT_EQ(j["cloud"], "ecs");
  EXPECT_EQ(j["account"], "123456789012");
  EXPECT_EQ(j["action"], "StopInstance");
  EXPECT_EQ(j["status"], 404);
  EXPECT_EQ(j["error"], "InvalidInstanceId.NotFound");
  EXPECT_EQ(j["resources"], nlohmann::json::array({"i-x"}));
}

TEST(AccessLog, ControlPlaneHasNoAccountOrRegion) {
  RequestContext ctx;
  ctx.cloud = Cloud::kControl;
  ctx.action = "POST /_cloudlife/clock/advance";
  ctx.account.clear();
  ctx.http_status = 200;
  const auto e = describe(ctx, post("/_cloudlife/clock/advance"), 1);
  EXPECT_EQ(e.cloud, "control");
  const std::string text = cloudlife::server::format_text(e);
  EXPECT_NE(text.find("account=- region=-"), std::string::npos) << text;
}

TEST(AccessLog, LongIdListsAreCapped) {
  RequestContext ctx;
  ctx.cloud = Cloud::kEc2;
  ctx.action = "TerminateInstances";
  for (int i = 1; i <= 25; ++i) ctx.resource_ids.push_back("i-" + std::to_string(i));
  const auto e = describe(ctx, post(), 1);
  EXPECT_EQ(e.resource_ids.size(), 25u);
  const std::string text = cloudlife::server::format_text(e);
  EXPECT_NE(text.find(",+15 more"), std::string::npos) << text;
  const auto j = nlohmann::json::parse("{" + cloudlife::server::format_json(e) + "}");
  EXPECT_EQ(j["resources"].size(), 10u);
  EXPECT_EQ(j["resource_count"], 25);
}

}  // namespace
