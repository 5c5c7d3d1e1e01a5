// Alibaba Cloud request signatures: the ACS3-HMAC-SHA256 (V3) and the RPC v1.0 HMAC-SHA1 schemes.
// Contract: parse_acs3_authorization() reads the Authorization header grammar
// "ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>" (nothing for any other
// form). The canonicalisation functions take *decoded* names and values and re-encode them with
// the strict RFC 3986 encoder (never the raw wire bytes), exactly as the vendor's documentation
// prescribes; the signing functions compute what a client with `secret` would have sent, so a
// verifier compares its result with the received signature. Nothing here checks time or nonces.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/crypto.h"
#include "protocol/http_message.h"

namespace cloudlife::protocol {

using AlibabaParams = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view kEmptyBodySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

struct Acs3Authorization {
  std::string algorithm;  // ACS3-HMAC-SHA256
  std::string access_key_id;
  std::vector<std::string> signed_headers;  // as listed (lower case, sorted by the client)
  std::string signature;                    // lower-case hex
};

std::optional<Acs3Authorization> parse_acs3_authorization(std::string_view header);

// --- RPC v1.0 (HMAC-SHA1): styles B and C --------------------------------------------------------

// Sorted (byte-wise by name) pe(name)=pe(value) pairs joined with '&'; `Signature` is left out.
std::string v1_canonicalized_query(const AlibabaParams& params);
// METHOD&%2F&pe(CanonicalizedQueryString)
std::string v1_string_to_sign(std::string_view method, const AlibabaParams& params);
// Base64(HMAC-SHA1(secret + "&", string_to_sign))
std::string v1_signature(std::string_view secret, std::string_view string_to_sign);

// --- ACS3-HMAC-SHA256: style A -------------------------------------------------------------------

// Decoded query pairs sorted by name, pe(name)=pe(value), joined with '&' ("" when none).
std::string acs3_canonical_query(const AlibabaParams& query);
// Method \n URI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload, with the
// header values taken from `headers` (trimmed; repeated headers joined with ',').
std::string acs3_canonical_request(std::string_view method, std::string_view uri,
                                   const AlibabaParams& query, const HeaderMap& headers,
                                   const std::vector<std::string>& signed_headers,
                                   std::string_view hashed_payload);
// "ACS3-HMAC-SHA256\n" + hex(SHA256(canonical_request))
std::string acs3_string_to_sign(std::string_view canonical_request);
// hex(HMAC-SHA256(secret, string_to_sign))
std::string acs3_signature(std::string_view secret, std::string_view string_to_sign);

// sha256_hex (the x-acs-content-sha256 value) comes from protocol/crypto.h.

}  // namespace cloudlife::protocol
