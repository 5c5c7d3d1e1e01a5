// libFuzzer target: the SigV4 and ACS3-HMAC-SHA256 Authorization parsers and the verification of
// both (sigv4.h, sigv4_verify.h, alibaba_signature.h) with a fixed secret.
// Input: a raw HTTP request (the captured SigV4 and ACS3 requests, docs/wire.md "Captured requests,
// test vectors and fuzz seeds");
// bytes that are not a request line are parsed as an Authorization header value on their own.
// Checks beyond "no crash": a request re-signed with the secret verifies, the same request with one
// signature character changed does not, and parsing is a pure function of the header.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_http.h"
#include "protocol/alibaba_request.h"
#include "protocol/alibaba_signature.h"
#include "protocol/crypto.h"
#include "protocol/sigv4.h"
#include "protocol/sigv4_verify.h"

namespace {

namespace protocol = cloudlife::protocol;

constexpr std::string_view kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

void check(bool ok) {
  if (!ok) std::abort();
}

std::string tampered(std::string signature) {
  if (signature.empty()) return "0";
  signature[0] = signature[0] == '0' ? '1' : '0';
  return signature;
}

void sigv4(const protocol::HttpRequest& request, std::string_view header) {
  const auto auth = protocol::parse_sigv4_authorization(header);
  const auto again = protocol::parse_sigv4_authorization(header);
  check(auth.has_value() == again.has_value());
  (void)protocol::parse_amz_date(request.header("X-Amz-Date"));
  if (!auth) return;
  (void)protocol::sigv4_canonical_request(request, *auth);
  (void)protocol::verify_sigv4(request, *auth, kSecret);
  protocol::SigV4Authorization signed_auth = *auth;
  signed_auth.signature = protocol::sigv4_signature(request, *auth, kSecret);
  // A scope date that is not X-Amz-Date's day fails whatever the signature (as AWS answers).
  const std::string_view amz_date = request.header("X-Amz-Date");
  const bool same_day = amz_date.size() >= 8 && amz_date.substr(0, 8) == auth->date;
  check(protocol::verify_sigv4(request, signed_auth, kSecret) == same_day);
  signed_auth.signature = tampered(signed_auth.signature);
  check(!protocol::verify_sigv4(request, signed_auth, kSecret));
}

void acs3(const protocol::HttpRequest& request, std::string_view header) {
  const auto auth = protocol::parse_acs3_authorization(header);
  if (!auth) return;
  const protocol::AlibabaRequest decoded = protocol::decode_alibaba_request(request);
  const std::string canonical =
      protocol::acs3_canonical_request(request.method, request.path, decoded.query, request.headers,
                                       auth->signed_headers, protocol::sha256_hex(request.body));
  const std::string to_sign = protocol::acs3_string_to_sign(canonical);
  const std::string expected = protocol::acs3_signature(kSecret, to_sign);
  check(expected.size() == 64);
  check(protocol::acs3_signature(kSecret, to_sign) == expected);
  check(protocol::acs3_signature("other-secret", to_sign) != expected);
}

void v1(const protocol::HttpRequest& request) {
  const protocol::AlibabaRequest decoded = protocol::decode_alibaba_request(request);
  const std::string to_sign = protocol::v1_string_to_sign(decoded.method, decoded.params);
  const std::string signature = protocol::v1_signature(kSecret, to_sign);
  check(signature.size() == 28);  // Base64 of 20 bytes
  // `Signature` itself is never signed: adding one leaves the string to sign unchanged.
  protocol::AlibabaParams with_signature = decoded.params;
  with_signature.emplace_back("Signature", signature);
  check(protocol::v1_string_to_sign(decoded.method, with_signature) == to_sign);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = cloudlife::fuzz::as_text(data, size);
  if (auto request = cloudlife::fuzz::parse_raw_http(text)) {
    const std::string header(request->header("Authorization"));
    sigv4(*request, header);
    acs3(*request, header);
    v1(*request);
    return 0;
  }
  protocol::HttpRequest request;
  request.method = "POST";
  request.path = "/";
  request.headers.emplace("Authorization", std::string(text));
  request.headers.emplace("Host", "127.0.0.1:4570");
  request.headers.emplace("X-Amz-Date", "20261121T221448Z");
  sigv4(request, text);
  acs3(request, text);
  return 0;
}
