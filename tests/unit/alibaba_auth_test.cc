// Alibaba signature verification under --auth verify, with the captured SDK requests
// (ACS3 and pop-core v1.0; docs/wire.md "Alibaba signatures", "Captured requests, test vectors and
// fuzz seeds") and tampered copies.
#include <gtest/gtest.h>

#include "captured_requests.h"
#include "core/time.h"
#include "server/access_control.h"

namespace cloudlife::server {
namespace {

constexpr const char* kAlibabaCredentials = R"({"credentials": [
  {"access_key": "LTAI5tFAKEFAKEFAKEFAKE00", "secret_key": "FakeSecretFakeSecretFakeSecret00",
   "account": "222233334444"}]})";

const core::TimeMs kAlibabaSigned = *core::parse_iso8601("2026-11-21T22:22:40Z");

AccessControl alibaba_verifying(core::TimeMs wall = kAlibabaSigned) {
  AccessOptions o;
  o.auth = AuthMode::kVerify;
  o.credentials = CredentialStore::parse(kAlibabaCredentials);
  o.wall = [wall] { return wall; };
  return AccessControl(o);
}

std::string auth_code_of(const AccessControl& access, const protocol::HttpRequest& r) {
  protocol::RequestContext ctx;
  ctx.cloud = protocol::Cloud::kEcs;
  auto refused = access.authenticate_alibaba(r, r.query, ctx);
  if (!refused) {
    EXPECT_EQ(ctx.account, "222233334444");
    return "";
  }
  return refused->code();
}

TEST(AlibabaAuth, CapturedAcs3AndV1RequestsVerify) {
  EXPECT_EQ(auth_code_of(alibaba_verifying(), captured::acs3_delete_instance()), "");
  EXPECT_EQ(auth_code_of(alibaba_verifying(), captured::pop_core_delete_instance()), "");
}

TEST(AlibabaAuth, TamperedCopiesFail) {
  protocol::HttpRequest acs3 = captured::acs3_delete_instance();
  acs3.query.back().second = "true";  // TerminateSubscription=true
  EXPECT_EQ(auth_code_of(alibaba_verifying(), acs3), "SignatureDoesNotMatch");
  protocol::HttpRequest v1 = captured::pop_core_delete_instance();
  v1.query[2].second = "false";  // Force=false
  EXPECT_EQ(auth_code_of(alibaba_verifying(), v1), "SignatureDoesNotMatch");
  protocol::HttpRequest body = captured::acs3_delete_instance();
  body.body = "{}";
  EXPECT_EQ(auth_code_of(alibaba_verifying(), body), "SignatureDoesNotMatch");
}

TEST(AlibabaAuth, UnknownKeyStaleTimeAndReplayedNonce) {
  protocol::HttpRequest unknown = captured::pop_core_delete_instance();
  unknown.query[0].second = "LTAI5tNOBODY";
  EXPECT_EQ(auth_code_of(alibaba_verifying(), unknown), "InvalidAccessKeyId.NotFound");
  EXPECT_EQ(auth_code_of(alibaba_verifying(kAlibabaSigned + 20 * core::kMinute),
                         captured::pop_core_delete_instance()),
            "InvalidTimeStamp.Expired");
  AccessControl access = alibaba_verifying();
  EXPECT_EQ(auth_code_of(access, captured::acs3_delete_instance()), "");
  EXPECT_EQ(auth_code_of(access, captured::acs3_delete_instance()), "SignatureNonceUsed");
}

}  // namespace
}  // namespace cloudlife::server
