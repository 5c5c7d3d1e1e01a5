// Requests captured from the real clients (docs/wire.md "Captured requests, test vectors and fuzz
// seeds"), as HttpRequests, shared by the signature and access-control tests. Secrets: AWS
// "fakeSecretKey/EXAMPLE+0000000000000000000", Alibaba "FakeSecretFakeSecretFakeSecret00".
#pragma once

#include "protocol/form_decoding.h"
#include "protocol/http_message.h"

namespace cloudlife::captured {

inline constexpr const char* kAwsSecret = "fakeSecretKey/EXAMPLE+0000000000000000000";
inline constexpr const char* kAlibabaSecret = "FakeSecretFakeSecretFakeSecret00";

// boto3 1.26.27 DescribeInstances with two filters (signature 6cd6a61f…).
inline protocol::HttpRequest boto3_describe_instances() {
  protocol::HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.headers.emplace("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  r.headers.emplace("host", "127.0.0.1:18080");
  r.headers.emplace("X-Amz-Date", "20261121T221448Z");
  r.headers.emplace("Authorization",
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLEFAKE00001/20261121/us-east-1/ec2/"
                    "aws4_request, SignedHeaders=content-type;host;x-amz-date, "
                    "Signature=6cd6a61f0f3bd9ea74206839845a1196c44f8e47435ea1eee586bf3d5f1c4c5c");
  r.body =
      "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name&Filter.1."
      "Value.1=running&Filter.1.Value.2=stopped&Filter.2.Name=availability-zone&Filter.2.Value.1="
      "us-east-1a";
  return r;
}

// @alicloud/ecs20140526 7.11.6 DeleteInstance, ACS3-HMAC-SHA256 (signature d2adea6e…).
inline protocol::HttpRequest acs3_delete_instance() {
  protocol::HttpRequest r;
  r.method = "POST";
  r.path = "/";
  r.raw_query = "Force=true&InstanceId=i-bp1aaaaaaaaaaaaaaaa1&TerminateSubscription=false";
  r.query = *protocol::decode_form(r.raw_query);
  r.headers.emplace("host", "127.0.0.1:28461");
  r.headers.emplace("x-acs-version", "2014-05-26");
  r.headers.emplace("x-acs-action", "DeleteInstance");
  r.headers.emplace("user-agent", "AlibabaCloud (linux; x64) Node.js/v20.20.2 Core/1.0.1 TeaDSL/2");
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

// @alicloud/pop-core 1.8.0 GET DeleteInstance, v1.0 HMAC-SHA1 (signature ED7tnEtc…).
inline protocol::HttpRequest pop_core_delete_instance() {
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

}  // namespace cloudlife::captured
