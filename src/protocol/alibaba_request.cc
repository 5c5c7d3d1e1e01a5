#include "protocol/alibaba_request.h"

#include <algorithm>
#include <cctype>

#include "core/ids.h"
#include "protocol/form_decoding.h"

namespace cloudlife::protocol {
namespace {

bool is_form_body(const HttpRequest& request) {
  const std::string_view type = request.header("Content-Type");
  if (type.empty()) return !request.body.empty();
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("application/x-www-form-urlencoded") != std::string::npos;
}

}  // namespace

const std::string* AlibabaRequest::find(std::string_view name) const {
  for (auto it = params.rbegin(); it != params.rend(); ++it) {
    if (it->first == name) return &it->second;
  }
  return nullptr;
}

AlibabaRequest decode_alibaba_request(const HttpRequest& request) {
  AlibabaRequest out;
  out.method = request.method;
  out.host = std::string(request.header("Host"));
  if (request.method != "GET" && request.method != "POST") {
    out.error =
        AlibabaWireError{"UnsupportedHTTPMethod", "This HTTP method is not supported.", 403};
    return out;
  }
  if (!request.raw_query.empty()) {
    auto q = decode_form(request.raw_query);
    if (!q) {
      out.error = AlibabaWireError{"InvalidParameter", "The query string is not well formed.", 400};
      return out;
    }
    out.query = std::move(*q);
  } else {
    out.query = request.query;
  }
  out.params = out.query;
  if (!request.body.empty() && is_form_body(request)) {
    auto form = decode_form(request.body);
    if (!form) {
      out.error = AlibabaWireError{"InvalidParameter", "The request body is not well formed.", 400};
      return out;
    }
    out.params.insert(out.params.end(), form->begin(), form->end());
  }
  if (const std::string* a = out.find("Action")) out.action = *a;
  if (out.action.empty()) out.action = std::string(request.header("x-acs-action"));
  if (const std::string* v = out.find("Version")) out.version = *v;
  if (out.version.empty()) out.version = std::string(request.header("x-acs-version"));
  if (const std::string* f = out.find("Format")) out.format = *f;

  const std::string_view authorization = request.header("Authorization");
  if (authorization.rfind("ACS3-", 0) == 0) {
    out.acs3 = parse_acs3_authorization(authorization);
    if (!out.acs3) {
      out.error =
          AlibabaWireError{"IncompleteSignature",
                           "The request signature does not conform to Aliyun standards.", 400};
      return out;
    }
    out.auth_style = AlibabaAuthStyle::kAcs3;
    out.access_key_id = out.acs3->access_key_id;
  } else if (out.find("Signature") != nullptr || out.find("AccessKeyId") != nullptr) {
    out.auth_style = AlibabaAuthStyle::kRpcV1;
    if (const std::string* ak = out.find("AccessKeyId")) out.access_key_id = *ak;
  }
  if (out.action.empty()) {
    out.error = AlibabaWireError{
        "MissingParameter",
        "The input parameter \"Action\" that is mandatory for processing this request is not "
        "supplied.",
        400};
  }
  return out;
}

std::string alibaba_request_id() {
  // Not state: core::request_id(), never the replayed state-ID sequence (core/ids.h).
  std::string id = core::request_id();
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return id;
}

HttpResponse alibaba_json_response(int status, const nlohmann::json& body,
                                   const std::string& request_id) {
  HttpResponse response;
  response.status = status;
  response.content_type = "application/json;charset=utf-8";
  // replace: echoed client text may be invalid UTF-8, which must not turn an answer into a 500.
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  response.headers.emplace_back("x-acs-request-id", request_id);
  return response;
}

nlohmann::json alibaba_error_body(const std::string& code, const std::string& message,
                                  const std::string& request_id, const std::string& host_id,
                                  const std::string& product) {
  return nlohmann::json{
      {"RequestId", request_id},
      {"HostId", host_id},
      {"Code", code},
      {"Message", message},
      {"Recommend", "https://api.aliyun.com/troubleshoot?q=" + percent_encode(code) +
                        "&product=" + product + "&requestId=" + request_id},
  };
}

HttpResponse alibaba_error_response(int status, const std::string& code, const std::string& message,
                                    const std::string& request_id, const std::string& host_id) {
  HttpResponse response = alibaba_json_response(
      status, alibaba_error_body(code, message, request_id, host_id), request_id);
  response.error_code = code;
  return response;
}

}  // namespace cloudlife::protocol
