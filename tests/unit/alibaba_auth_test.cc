// Alibaba signature verification under --auth verify, with the captured SDK requests
// (alibaba-ecs-protocol.md §3.1 ACS3 and §3.2 pop-core v1.0) and tampered copies.
#include <gtest/gtest.h>

#include "core/time.h"
#include "protocol/form_decoding.h"
#include "server/access_control.h"

namespace cloudlife::server {
namespace {

constexpr const char* kCredentials = R"({"credentials": [
  {"access_key": "LTAI5tFAKEFAKEFAKEFAKE00", "secret_key": "FakeSecretFakeSecretFakeSecret00",
   "account": "222233334444"}]})";

const core::TimeMs kSigned = *core::parse_iso8601("2026-11-21T22:22:40Z");

AccessControl verifying(core::TimeMs wall = kSigned) {
  AccessOptions o;
  o.auth = AuthMode::kVerify;
  o.credentials = CredentialStore::parse(kCredentials);
  o.wall = [wall] { return wall; };
  return AccessControl(o);
}

protocol::HttpRequest acs3_delete_instance() {
  protocol::HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.raw_query = "Force=true&InstanceId=i-bp1aaaaaaaaaaaaaaaa1&TerminateSubscription=false";
  r.query = *protocol::decode_form(r.raw_query);
  r.headers.emplace("host", "127.0.0.1:28461");
  r.headers.emplace("x-acs-version", "2014-05-26");
  r.headers.emplace("x-acs-action", "DeleteInstance");
  r.headers.emplace("x-acs-date", "2026-11-21T22:22:38Z");
  r.headers.emplace("x-acs-signature-nonce",
                    "3ba5c89f9b9d021b57909c60ad064d6e52d7c936dc09c6e808645b22bb8408ce");
  r.headers.emplace("accept", "application/json");
  r.headers.emplace("x-acs-content-sha256",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  r.headers.emplace("x-acs-credentials-provider", "static_ak");
  r.headers.emplace(
      "Authorization",
      "ACS3-HMAC-SHA256 Credential=LTAI5tFAKEFAKEFAKEFAKE00,SignedHeaders=host;x-acs-action;x-acs-"
      "content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,"
      "Signature=d2adea6e642f65a31e914c84bc8df2f256364806695c73f36d020d29a069cb8f");
  return r;
}

protocol::HttpRequest v1_delete_instance() {
  protocol::HttpRequest r;
  r.method = "GET";
  r.path = "/";
  r.raw_query =
      "AccessKeyId=LTAI5tFAKEFAKEFAKEFAKE00&Action=DeleteInstance&Force=true&Format=JSON&"
      "InstanceId=i-bp1aaaaaaaaaaaaaaaa1&SignatureMethod=HMAC-SHA1&SignatureNonce="
      "4ae424ae0cc38a77cedcb7b4dc619767&SignatureVersion=1.0&TerminateSubscription=false&"
      "Timestamp=2026-11-21T22%3A22%3A48Z&Version=2014-05-26&Signature=ED7tnEtcgkUJiHlmJhGCPjNO2yY%"
      "3D";
  r.query = *protocol::decode_form(r.raw_query);
  r.headers.emplace("x-acs-action", "DeleteInstance");
  r.headers.emplace("Host", "127.0.0.1:28461");
  return r;
}

std::string code_of(const AccessControl& access, const protocol::HttpRequest& r) {
  protocol::RequestContext ctx;
  ctx.cloud = "ecs";
  auto refused = access.authenticate_alibaba(r, r.query, ctx);
  if (!refused) {
    EXPECT_EQ(ctx.account, "222233334444");
    return "";
  }
  return refused->code();
}

TEST(AlibabaAuth, CapturedAcs3AndV1RequestsVerify) {
  EXPECT_EQ(code_of(verifying(), acs3_delete_instance()), "");
  EXPECT_EQ(code_of(verifying(), v1_delete_instance()), "");
}

TEST(AlibabaAuth, TamperedCopiesFail) {
  protocol::HttpRequest acs3 = acs3_delete_instance();
  acs3.query.back().second = "true";  // TerminateSubscription=true
  EXPECT_EQ(code_of(verifying(), acs3), "SignatureDoesNotMatch");
  protocol::HttpRequest v1 = v1_delete_instance();
  v1.query[2].second = "false";  // Force=false
  EXPECT_EQ(code_of(verifying(), v1), "SignatureDoesNotMatch");
  protocol::HttpRequest body = acs3_delete_instance();
  body.body = "{}";
  EXPECT_EQ(code_of(verifying(), body), "SignatureDoesNotMatch");
}

TEST(AlibabaAuth, UnknownKeyStaleTimeAndReplayedNonce) {
  protocol::HttpRequest unknown = v1_delete_instance();
  unknown.query[0].second = "LTAI5tNOBODY";
  EXPECT_EQ(code_of(verifying(), unknown), "InvalidAccessKeyId.NotFound");
  EXPECT_EQ(code_of(verifying(kSigned + 20 * core::kMinute), v1_delete_instance()),
            "InvalidTimeStamp.Expired");
  AccessControl access = verifying();
  EXPECT_EQ(code_of(access, acs3_delete_instance()), "");
  EXPECT_EQ(code_of(access, acs3_delete_instance()), "SignatureNonceUsed");
}

}  // namespace
}  // namespace cloudlife::server
