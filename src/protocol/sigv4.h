// Parsing of the AWS Signature Version 4 Authorization header.
// Contract: parse_sigv4_authorization() extracts the credential scope (access key, date, region,
// service), the signed header names and the signature, or returns nothing for any other form.
// Verification (recomputing the signature) is separate and needs the secret.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::protocol {

struct SigV4Authorization {
  std::string algorithm;  // AWS4-HMAC-SHA256
  std::string access_key;
  std::string date;  // YYYYMMDD
  std::string region;
  std::string service;
  std::string terminator;  // aws4_request
  std::vector<std::string> signed_headers;
  std::string signature;
};

std::optional<SigV4Authorization> parse_sigv4_authorization(std::string_view header);

}  // namespace cloudlife::protocol
