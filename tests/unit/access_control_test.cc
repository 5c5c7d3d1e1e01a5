// Units for access control: Host/Origin protection, SigV4 authentication with the captured
// request, per-key policies, and the clouds' refusal codes.
#include <gtest/gtest.h>

#include "captured_requests.h"
#include "core/time.h"
#include "server/access_control.h"

namespace cloudlife::server {
namespace {

constexpr const char* kCredentials = R"({"credentials": [
  {"access_key": "AKIDEXAMPLEFAKE00001", "secret_key": "fakeSecretKey/EXAMPLE+0000000000000000000",
   "account": "111122223333"},
  {"access_key": "OPERATOR", "secret_key": "s", "account": "111122223333",
   "policy": {"allow": ["ec2:*", "ecs:*"], "deny": ["ec2:TerminateInstances", "ecs:DeleteInstance*"]}}
]})";

AccessControl verifying(core::TimeMs wall) {
  AccessOptions o;
  o.auth = AuthMode::kVerify;
  o.credentials = CredentialStore::parse(kCredentials);
  o.wall = [wall] { return wall; };
  return AccessControl(o);
}

const core::TimeMs kSigned = *core::parse_iso8601("2026-11-21T22:14:48Z");

TEST(AccessControl, VerifiesTheCapturedSignatureAndMapsTheAccount) {
  protocol::RequestContext ctx;
  ctx.cloud = protocol::Cloud::kEc2;
  EXPECT_FALSE(verifying(kSigned + 60'000)
                   .authenticate_aws(captured::boto3_describe_instances(), ctx)
                   .has_value());
  EXPECT_EQ(ctx.account, "111122223333");
}

TEST(AccessControl, RefusesTamperingUnknownKeysAndStaleTimestampsInEachCloudsWords) {
  protocol::RequestContext ec2;
  ec2.cloud = protocol::Cloud::kEc2;
  protocol::RequestContext asg;
  asg.cloud = protocol::Cloud::kAutoScaling;
  protocol::HttpRequest tampered = captured::boto3_describe_instances();
  tampered.body += "&x=1";
  EXPECT_EQ(verifying(kSigned).authenticate_aws(tampered, ec2)->code(), "AuthFailure");
  EXPECT_EQ(verifying(kSigned).authenticate_aws(tampered, ec2)->http_status(), 401);
  EXPECT_EQ(verifying(kSigned).authenticate_aws(tampered, asg)->code(), "SignatureDoesNotMatch");
  EXPECT_EQ(verifying(kSigned).authenticate_aws(tampered, asg)->http_status(), 403);
  auto stale = verifying(kSigned + 16 * core::kMinute)
                   .authenticate_aws(captured::boto3_describe_instances(), ec2);
  EXPECT_EQ(stale->code(), "RequestExpired");
  protocol::HttpRequest unknown = captured::boto3_describe_instances();
  unknown.headers.erase("Authorization");
  unknown.headers.emplace("Authorization",
                          "AWS4-HMAC-SHA256 Credential=NOBODY/20261121/us-east-1/autoscaling/"
                          "aws4_request, SignedHeaders=host, Signature=00");
  EXPECT_EQ(verifying(kSigned).authenticate_aws(unknown, asg)->code(), "InvalidClientTokenId");
  protocol::HttpRequest anonymous = captured::boto3_describe_instances();
  anonymous.headers.erase("Authorization");
  EXPECT_EQ(verifying(kSigned).authenticate_aws(anonymous, asg)->code(),
            "MissingAuthenticationToken");
}

TEST(AccessControl, AuthOffTrustsAnySignature) {
  AccessControl off;
  protocol::HttpRequest tampered = captured::boto3_describe_instances();
  tampered.body += "&x=1";
  protocol::RequestContext ctx;
  ctx.cloud = protocol::Cloud::kEc2;
  EXPECT_FALSE(off.authenticate_aws(tampered, ctx).has_value());
}

TEST(AccessControl, PoliciesDenyPerActionWithEachCloudsCode) {
  AccessOptions o;
  o.credentials = CredentialStore::parse(kCredentials);
  AccessControl access(o);
  protocol::RequestContext ctx;
  ctx.access_key = "OPERATOR";
  ctx.cloud = protocol::Cloud::kEc2;
  ctx.action = "StopInstances";
  EXPECT_FALSE(access.authorize(ctx).has_value());
  ctx.action = "TerminateInstances";
  auto denied = access.authorize(ctx);
  ASSERT_TRUE(denied.has_value());
  EXPECT_EQ(denied->code(), "UnauthorizedOperation");
  EXPECT_EQ(denied->http_status(), 403);
  ctx.cloud = protocol::Cloud::kAutoScaling;
  ctx.action = "SetDesiredCapacity";
  EXPECT_EQ(access.authorize(ctx)->code(), "AccessDenied");
  ctx.cloud = protocol::Cloud::kEcs;
  ctx.action = "DeleteInstances";
  EXPECT_EQ(access.authorize(ctx)->code(), "Forbidden.RAM");
  ctx.action = "ModifyInstanceAttribute";
  EXPECT_FALSE(access.authorize(ctx).has_value());
  ctx.access_key = "AKIDEXAMPLEFAKE00001";  // no policy: everything
  ctx.action = "DeleteInstance";
  EXPECT_FALSE(access.authorize(ctx).has_value());
}

TEST(AccessControl, HostAndOriginProtection) {
  AccessControl access;
  protocol::HttpRequest r;
  r.headers.emplace("Host", "127.0.0.1:4570");
  EXPECT_FALSE(access.check_origin(r).has_value());
  protocol::HttpRequest rebound;
  rebound.headers.emplace("Host", "attacker.example:4570");
  EXPECT_EQ(access.check_origin(rebound)->status, 403);
  protocol::HttpRequest browser;
  browser.headers.emplace("Host", "localhost:4570");
  browser.headers.emplace("Origin", "https://evil.example");
  EXPECT_EQ(access.check_origin(browser)->status, 403);
  protocol::HttpRequest same_origin;
  same_origin.headers.emplace("Host", "localhost:4570");
  same_origin.headers.emplace("Origin", "http://localhost:3000");
  EXPECT_FALSE(access.check_origin(same_origin).has_value());
  AccessOptions o;
  o.allowed_hosts = {"cloudlife"};
  EXPECT_FALSE(AccessControl(o)
                   .check_origin([] {
                     protocol::HttpRequest c;
                     c.headers.emplace("Host", "cloudlife:4570");
                     return c;
                   }())
                   .has_value());
}

TEST(Credentials, MalformedFilesAreRefusedWithAReason) {
  EXPECT_THROW(CredentialStore::parse("[]"), std::invalid_argument);
  EXPECT_THROW(CredentialStore::parse(R"({"credentials":[{"access_key":"a"}]})"),
               std::invalid_argument);
  EXPECT_THROW(CredentialStore::parse(
                   R"({"credentials":[{"access_key":"a","secret_key":"b","account":"12"}]})"),
               std::invalid_argument);
}

}  // namespace
}  // namespace cloudlife::server
