// The signature canonicalisation against the vendor's official vector and the requests captured
// from @alicloud/pop-core and @alicloud/ecs20140526 (protocol brief §2-§3, fake credentials).
#include "protocol/alibaba_signature.h"
#include "../captured_requests.h"

#include <gtest/gtest.h>

#include "protocol/alibaba_request.h"
#include "protocol/form_decoding.h"

namespace cloudlife::protocol {
namespace {

constexpr const char* kFakeSecret = "FakeSecretFakeSecretFakeSecret00";

HttpRequest make_request(std::string method, std::string raw_query, std::string body = "") {
  HttpRequest r;
  r.method = std::move(method);
  r.path = "/";
  r.raw_query = std::move(raw_query);
  if (auto q = decode_form(r.raw_query)) r.query = *q;
  r.body = std::move(body);
  return r;
}

TEST(AlibabaV1Signature, OfficialDescribeRegionsVector) {
  const AlibabaParams params = {
      {"AccessKeyId", "testid"},
      {"Action", "DescribeRegions"},
      {"Format", "XML"},
      {"SignatureMethod", "HMAC-SHA1"},
      {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
      {"SignatureVersion", "1.0"},
      {"Timestamp", "2016-02-23T12:46:24Z"},
      {"Version", "2014-05-26"},
  };
  const std::string sts = v1_string_to_sign("GET", params);
  EXPECT_EQ(sts,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26"
            "SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26"
            "SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-"
            "26");
  EXPECT_EQ(v1_signature("testsecret", sts), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

TEST(AlibabaV1Signature, CapturedPopCoreGetDeleteInstance) {
  const HttpRequest http = make_request(
      "GET",
      "AccessKeyId=LTAI5tFAKEFAKEFAKEFAKE00&Action=DeleteInstance&Force=true&Format=JSON&"
      "InstanceId=i-bp1aaaaaaaaaaaaaaaa1&SignatureMethod=HMAC-SHA1&SignatureNonce="
      "4ae424ae0cc38a77cedcb7b4dc619767&SignatureVersion=1.0&TerminateSubscription=false&"
      "Timestamp=2026-11-21T22%3A22%3A48Z&Version=2014-05-26&Signature=ED7tnEtcgkUJiHlmJhGCPjNO2yY%"
      "3D");
  const AlibabaRequest req = decode_alibaba_request(http);
  ASSERT_FALSE(req.error);
  EXPECT_EQ(req.auth_style, AlibabaAuthStyle::kRpcV1);
  EXPECT_EQ(req.access_key_id, "LTAI5tFAKEFAKEFAKEFAKE00");
  EXPECT_EQ(req.action, "DeleteInstance");
  EXPECT_EQ(req.version, "2014-05-26");
  const std::string sts = v1_string_to_sign(req.method, req.params);
  EXPECT_EQ(sts,
            "GET&%2F&AccessKeyId%3DLTAI5tFAKEFAKEFAKEFAKE00%26Action%3DDeleteInstance%26Force%"
            "3Dtrue%26Format%3DJSON%26InstanceId%3Di-bp1aaaaaaaaaaaaaaaa1%26SignatureMethod%3DHMAC-"
            "SHA1%26SignatureNonce%3D4ae424ae0cc38a77cedcb7b4dc619767%26SignatureVersion%3D1.0%"
            "26TerminateSubscription%3Dfalse%26Timestamp%3D2026-11-21T22%253A22%253A48Z%26Version%"
            "3D2014-05-26");
  ASSERT_NE(req.find("Signature"), nullptr);
  EXPECT_EQ(v1_signature(kFakeSecret, sts), *req.find("Signature"));
}

TEST(AlibabaV1Signature, CapturedPopCorePostFormDeleteInstance) {
  HttpRequest http = make_request(
      "POST", "",
      "AccessKeyId=LTAI5tFAKEFAKEFAKEFAKE00&Action=DeleteInstance&Force=true&Format=JSON&"
      "InstanceId=i-bp1aaaaaaaaaaaaaaaa1&SignatureMethod=HMAC-SHA1&SignatureNonce="
      "a5f0c8129d3879d6782e24a6fee42cd8&SignatureVersion=1.0&TerminateSubscription=false&"
      "Timestamp=2026-11-21T22%3A22%3A49Z&Version=2014-05-26&Signature="
      "eLHsicudQ0L0or8ZSBjONvh5vns%3D");
  http.headers.emplace("content-type", "application/x-www-form-urlencoded");
  http.headers.emplace("x-acs-action", "DeleteInstance");
  const AlibabaRequest req = decode_alibaba_request(http);
  ASSERT_FALSE(req.error);
  EXPECT_EQ(req.access_key_id, "LTAI5tFAKEFAKEFAKEFAKE00");
  EXPECT_TRUE(req.query.empty());
  EXPECT_EQ(v1_signature(kFakeSecret, v1_string_to_sign("POST", req.params)),
            "eLHsicudQ0L0or8ZSBjONvh5vns=");
}

TEST(AlibabaV1Signature, CapturedOpenApiV2StyleUnsortedQueryWithUnescapedStar) {
  // @alicloud/ecs20140526 with signatureAlgorithm 'v2': insertion-ordered query, '*' unescaped.
  const HttpRequest http = make_request(
      "POST",
      "Action=RunInstances&Format=json&Version=2014-05-26&Timestamp=2026-11-21T22%3A22%3A44Z&"
      "SignatureNonce=e6ff744fd1fa42ce582b3ddc0737ab92d908a79bf88b7989cbd9fc43ea8e1b50&Amount=2&"
      "AutoReleaseTime=2030-01-01T00%3A00%3A00Z&ClientToken=123e4567-e89b-12d3-a456-426655440000&"
      "DataDisk.1.Category=cloud_essd&DataDisk.1.DeleteWithInstance=true&DataDisk.1.Size=100&"
      "DeletionProtection=true&ImageId=aliyun_3_x64_20G_alibase_20240819.vhd&InstanceChargeType="
      "PostPaid&InstanceName=test%20vm*1&InstanceType=ecs.g7.large&InternetMaxBandwidthOut=0&"
      "RegionId=cn-hangzhou&SecurityGroupId=sg-bp1fakefakefake0001&Tag.1.Key=owner&Tag.1.Value=ci%"
      "20team&VSwitchId=vsw-bp1fakefakefake0001&ZoneId=cn-hangzhou-i&SystemDisk.Category=cloud_"
      "essd&SystemDisk.Size=40&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId="
      "LTAI5tFAKEFAKEFAKEFAKE00&Signature=x9gbqnf5JlEPPzleYQxgVn8wLtQ%3D");
  const AlibabaRequest req = decode_alibaba_request(http);
  ASSERT_FALSE(req.error);
  EXPECT_EQ(req.action, "RunInstances");
  EXPECT_EQ(*req.find("InstanceName"), "test vm*1");
  EXPECT_EQ(v1_signature(kFakeSecret, v1_string_to_sign("POST", req.params)),
            "x9gbqnf5JlEPPzleYQxgVn8wLtQ=");
}

TEST(AlibabaV1Signature, TamperedParameterChangesTheSignature) {
  AlibabaParams params = {{"AccessKeyId", "testid"}, {"Action", "DescribeRegions"}};
  const std::string good = v1_signature("testsecret", v1_string_to_sign("GET", params));
  params[1].second = "DescribeZones";
  EXPECT_NE(v1_signature("testsecret", v1_string_to_sign("GET", params)), good);
  params.emplace_back("Signature", "ignored");
  params[1].second = "DescribeRegions";
  EXPECT_EQ(v1_signature("testsecret", v1_string_to_sign("GET", params)), good);
}

TEST(Acs3Signature, ParsesTheAuthorizationHeader) {
  const auto auth = parse_acs3_authorization(
      "ACS3-HMAC-SHA256 Credential=LTAI5tFAKEFAKEFAKEFAKE00,SignedHeaders=host;x-acs-action;x-acs-"
      "version,Signature=d2adea6e642f65a31e914c84bc8df2f256364806695c73f36d020d29a069cb8f");
  ASSERT_TRUE(auth);
  EXPECT_EQ(auth->algorithm, "ACS3-HMAC-SHA256");
  EXPECT_EQ(auth->access_key_id, "LTAI5tFAKEFAKEFAKEFAKE00");
  EXPECT_EQ(auth->signed_headers,
            (std::vector<std::string>{"host", "x-acs-action", "x-acs-version"}));
  EXPECT_EQ(auth->signature, "d2adea6e642f65a31e914c84bc8df2f256364806695c73f36d020d29a069cb8f");
  EXPECT_FALSE(parse_acs3_authorization("AWS4-HMAC-SHA256 Credential=x"));
  EXPECT_FALSE(parse_acs3_authorization("ACS3-HMAC-SHA256 Credential=AK"));
  EXPECT_FALSE(parse_acs3_authorization("ACS3-HMAC-SHA256"));
}

TEST(Acs3Signature, CapturedDeleteInstanceCanonicalRequestAndSignature) {
  const HttpRequest http = captured::acs3_delete_instance();
  const AlibabaRequest req = decode_alibaba_request(http);
  ASSERT_FALSE(req.error);
  EXPECT_EQ(req.auth_style, AlibabaAuthStyle::kAcs3);
  EXPECT_EQ(req.access_key_id, "LTAI5tFAKEFAKEFAKEFAKE00");
  EXPECT_EQ(req.action, "DeleteInstance");  // from the header: no Action in the query
  EXPECT_EQ(req.version, "2014-05-26");
  ASSERT_TRUE(req.acs3);
  const std::string canonical =
      acs3_canonical_request(req.method, "/", req.query, http.headers, req.acs3->signed_headers,
                             http.header("x-acs-content-sha256"));
  EXPECT_EQ(
      canonical,
      "POST\n/\nForce=true&InstanceId=i-bp1aaaaaaaaaaaaaaaa1&TerminateSubscription=false\n"
      "host:127.0.0.1:28461\nx-acs-action:DeleteInstance\n"
      "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-acs-credentials-provider:static_ak\nx-acs-date:2026-11-21T22:22:38Z\n"
      "x-acs-signature-nonce:3ba5c89f9b9d021b57909c60ad064d6e52d7c936dc09c6e808645b22bb8408ce\n"
      "x-acs-version:2014-05-26\n\n"
      "host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-"
      "signature-nonce;x-acs-version\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  const std::string sts = acs3_string_to_sign(canonical);
  EXPECT_EQ(sts,
            "ACS3-HMAC-SHA256\nba52815d8e721b6920c2aaf0b4b4f014a2511778e57e7829b8d9b18b9b4e157a");
  EXPECT_EQ(acs3_signature(kFakeSecret, sts), req.acs3->signature);
  EXPECT_EQ(sha256_hex(""), kEmptyBodySha256);
}

TEST(Acs3Signature, CanonicalQueryIsSortedAndStrictlyReencoded) {
  // openapi-core leaves '*' and '(' unescaped on the wire; canonicalisation must re-encode.
  const HttpRequest http =
      make_request("POST", "ZoneId=cn-hangzhou-i&InstanceName=a%20b*c~d%2Be%27f(g)!h&Amount=2");
  const AlibabaRequest req = decode_alibaba_request(http);
  EXPECT_EQ(acs3_canonical_query(req.query),
            "Amount=2&InstanceName=a%20b%2Ac~d%2Be%27f%28g%29%21h&ZoneId=cn-hangzhou-i");
}

TEST(AlibabaRequestDecoding, RefusesOtherMethodsAndMissingAction) {
  HttpRequest put = make_request("PUT", "Action=DescribeRegions&Version=2014-05-26");
  const AlibabaRequest bad_method = decode_alibaba_request(put);
  ASSERT_TRUE(bad_method.error);
  EXPECT_EQ(bad_method.error->code, "UnsupportedHTTPMethod");
  EXPECT_EQ(bad_method.error->http_status, 403);
  const AlibabaRequest no_action =
      decode_alibaba_request(make_request("GET", "Version=2014-05-26"));
  ASSERT_TRUE(no_action.error);
  EXPECT_EQ(no_action.error->code, "MissingParameter");
  const AlibabaRequest bad_escape =
      decode_alibaba_request(make_request("GET", "Action=X&Version=2014-05-26&Name=%zz"));
  ASSERT_TRUE(bad_escape.error);
  EXPECT_EQ(bad_escape.error->code, "InvalidParameter");
}

TEST(AlibabaRequestDecoding, ErrorEnvelopeHasEveryField) {
  const HttpResponse r = alibaba_error_response(404, "InvalidInstanceId.NotFound",
                                                "The specified InstanceId does not exist.",
                                                "1DD9FD9A-8E57-43E5-B911-E4F5AD2027F7");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json;charset=utf-8");
  const auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["RequestId"], "1DD9FD9A-8E57-43E5-B911-E4F5AD2027F7");
  EXPECT_EQ(body["HostId"], "ecs.aliyuncs.com");
  EXPECT_EQ(body["Code"], "InvalidInstanceId.NotFound");
  EXPECT_EQ(body["Message"], "The specified InstanceId does not exist.");
  EXPECT_EQ(body["Recommend"],
            "https://api.aliyun.com/troubleshoot?q=InvalidInstanceId.NotFound&product=Ecs&"
            "requestId=1DD9FD9A-8E57-43E5-B911-E4F5AD2027F7");
  const std::string id = alibaba_request_id();
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(id.find_first_of("abcdef"), std::string::npos);
}

}  // namespace
}  // namespace cloudlife::protocol
