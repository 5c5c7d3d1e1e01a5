// libFuzzer target: the Alibaba Cloud RPC decoder in all three wire styles (alibaba_request.h).
// Input: a raw HTTP request (the captures of docs/wire.md "Alibaba RPC request styles": ACS3
// header style, pop-core GET query, pop-core POST form). Bytes that are not a request line are used
// as the query string of a GET and as the form body of a POST, and both are decoded too. Checks
// beyond "no crash": decode_alibaba_request() never throws (its contract), a request without an
// error has an Action, every query pair is also in params, and the v1 / ACS3 canonicalisations and
// signatures of whatever was decoded can be computed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_http.h"
#include "protocol/alibaba_request.h"
#include "protocol/alibaba_signature.h"
#include "protocol/crypto.h"

namespace {

namespace protocol = cloudlife::protocol;

void check(bool ok) {
  if (!ok) std::abort();
}

void decode(const protocol::HttpRequest& request) {
  const protocol::AlibabaRequest decoded = protocol::decode_alibaba_request(request);
  if (!decoded.error) check(!decoded.action.empty());
  check(decoded.query.size() <= decoded.params.size());
  for (const auto& [name, value] : decoded.query) check(decoded.find(name) != nullptr);
  if (decoded.auth_style == protocol::AlibabaAuthStyle::kAcs3) check(decoded.acs3.has_value());

  // What a verifier computes from the decoded request, for both schemes.
  const std::string v1 = protocol::v1_string_to_sign(decoded.method, decoded.params);
  (void)protocol::v1_signature("fuzz-secret", v1);
  if (decoded.acs3) {
    const std::string canonical = protocol::acs3_canonical_request(
        decoded.method, request.path, decoded.query, request.headers, decoded.acs3->signed_headers,
        protocol::sha256_hex(request.body));
    (void)protocol::acs3_signature("fuzz-secret", protocol::acs3_string_to_sign(canonical));
  }
  (void)protocol::alibaba_error_response(decoded.error ? decoded.error->http_status : 400,
                                         decoded.error ? decoded.error->code : "Fuzz",
                                         decoded.error ? decoded.error->message : "", "RID");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = cloudlife::fuzz::as_text(data, size);
  if (auto request = cloudlife::fuzz::parse_raw_http(text)) {
    decode(*request);
    return 0;
  }
  protocol::HttpRequest get;  // pop-core GET style
  get.method = "GET";
  cloudlife::fuzz::set_target(get, "/?" + std::string(text));
  get.headers.emplace("Host", "127.0.0.1:4570");
  decode(get);

  protocol::HttpRequest post;  // pop-core POST form style
  post.method = "POST";
  post.path = "/";
  post.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  post.body = std::string(text);
  decode(post);
  return 0;
}
