// Decoding of an Alibaba Cloud RPC request in any of its three wire styles, and the JSON envelopes.
// Contract: decode_alibaba_request() never throws; it merges the decoded query string and (for a
// form-encoded body) the decoded body into `params`, keeps the query pairs apart (ACS3 signs only
// those), takes Action/Version from the parameters or else from the x-acs-action / x-acs-version
// headers, and reads the AccessKeyId from the ACS3 Authorization header or the v1 AccessKeyId
// parameter. `error` is set (code, message, HTTP status) when the request cannot be an Alibaba RPC
// call at all (bad method, undecodable body, missing Action). The JSON envelopes carry RequestId on
// every answer; errors add HostId, Code, Message and Recommend, never a Code on success.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "protocol/alibaba_signature.h"
#include "protocol/http_message.h"

namespace cloudlife::protocol {

enum class AlibabaAuthStyle { kNone, kAcs3, kRpcV1 };

struct AlibabaWireError {
  std::string code;
  std::string message;
  int http_status = 400;
};

struct AlibabaRequest {
  std::string method;
  AlibabaParams query;   // decoded query-string pairs, wire order
  AlibabaParams params;  // query ∪ form body, wire order (later duplicates win on lookup)
  std::string action;
  std::string version;
  std::string format;  // as sent ("JSON", "json", "XML", or "")
  AlibabaAuthStyle auth_style = AlibabaAuthStyle::kNone;
  std::string access_key_id;
  std::optional<Acs3Authorization> acs3;
  std::string host;
  std::optional<AlibabaWireError> error;

  // Last value of a parameter, or nullptr.
  const std::string* find(std::string_view name) const;
};

AlibabaRequest decode_alibaba_request(const HttpRequest& request);

// An upper-case RFC 4122 v4 UUID, as Alibaba writes RequestId (not state: it never draws from the
// state-ID sequence a --state-dir replay recreates).
std::string alibaba_request_id();

HttpResponse alibaba_json_response(int status, const nlohmann::json& body,
                                   const std::string& request_id);
// `product`: the API's name in Alibaba's troubleshooting link ("Ecs", "Vpc").
nlohmann::json alibaba_error_body(const std::string& code, const std::string& message,
                                  const std::string& request_id, const std::string& host_id,
                                  const std::string& product = "Ecs");
HttpResponse alibaba_error_response(int status, const std::string& code, const std::string& message,
                                    const std::string& request_id,
                                    const std::string& host_id = "ecs.aliyuncs.com");

}  // namespace cloudlife::protocol
