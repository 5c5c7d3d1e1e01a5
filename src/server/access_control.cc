#include "server/access_control.h"

#include <nlohmann/json.hpp>

#include "protocol/alibaba_signature.h"
#include "protocol/crypto.h"
#include "protocol/sigv4.h"
#include "protocol/sigv4_verify.h"
#include "server/caller_identity.h"

namespace cloudlife::server {
namespace {

using core::ServiceError;

std::string_view host_without_port(std::string_view host) {
  if (!host.empty() && host.front() == '[') {  // [::1]:4570
    const std::size_t close = host.find(']');
    return close == std::string_view::npos ? host : host.substr(1, close - 1);
  }
  const std::size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && host.find(':') == colon) return host.substr(0, colon);
  return host;
}

std::string_view origin_host(std::string_view origin) {
  const std::size_t scheme = origin.find("://");
  if (scheme != std::string_view::npos) origin.remove_prefix(scheme + 3);
  const std::size_t slash = origin.find('/');
  if (slash != std::string_view::npos) origin = origin.substr(0, slash);
  return host_without_port(origin);
}

ServiceError aws_auth_error(const protocol::RequestContext& ctx, const std::string& kind,
                            const std::string& detail = "") {
  const bool ec2 = ctx.cloud == protocol::Cloud::kEc2;
  if (kind == "missing") {
    return ec2 ? ServiceError("AuthFailure",
                              "AWS was not able to validate the provided access credentials", 401)
               : ServiceError("MissingAuthenticationToken",
                              "Request is missing Authentication Token", 403);
  }
  if (kind == "unknown-key") {
    return ec2 ? ServiceError("AuthFailure",
                              "AWS was not able to validate the provided access credentials", 401)
               : ServiceError("InvalidClientTokenId",
                              "The security token included in the request is invalid.", 403);
  }
  if (kind == "expired") {
    return ec2 ? ServiceError("RequestExpired", "Request has expired.", 400)
               : ServiceError("SignatureDoesNotMatch", "Signature expired: " + detail, 403);
  }
  return ec2 ? ServiceError("AuthFailure",
                            "AWS was not able to validate the provided access credentials", 401)
             : ServiceError("SignatureDoesNotMatch",
                            "The request signature we calculated does not match the signature "
                            "you provided. Check your AWS Secret Access Key and signing method. "
                            "Consult the service documentation for details.",
                            403);
}

std::string service_prefix(protocol::Cloud cloud) {
  if (cloud == protocol::Cloud::kElb || cloud == protocol::Cloud::kElbV2) {
    return "elasticloadbalancing";
  }
  return std::string(protocol::cloud_name(cloud));
}

}  // namespace

bool AccessControl::is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0 ||
         (host.size() > 10 && host.substr(host.size() - 10) == ".localhost");
}

bool AccessControl::host_allowed(std::string_view host) const {
  if (is_loopback_host(host)) return true;
  for (const std::string& allowed : options_.allowed_hosts) {
    if (allowed == host || allowed == "*") return true;
  }
  return false;
}

std::optional<protocol::HttpResponse> AccessControl::check_origin(
    const protocol::HttpRequest& request) const {
  auto refuse = [](const std::string& why) {
    protocol::HttpResponse r;
    r.status = 403;
    r.content_type = "application/json";
    r.body = nlohmann::json{{"error", why}}.dump(-1, ' ', false,
                                                 nlohmann::json::error_handler_t::replace);
    r.error_code = "Forbidden";
    return r;
  };
  const std::string_view origin = request.header("Origin");
  if (!origin.empty() && origin != "null" && !host_allowed(origin_host(origin))) {
    return refuse("cross-origin requests from " + std::string(origin) +
                  " are refused; allow the host with --allow-host if this is intended");
  }
  if (options_.check_host) {
    const std::string_view host = request.header("Host");
    if (!host.empty() && !host_allowed(host_without_port(host))) {
      return refuse("Host '" + std::string(host) +
                    "' is not a loopback name (DNS rebinding protection); allow it with "
                    "--allow-host");
    }
  }
  return std::nullopt;
}

std::string AccessControl::account_for(const std::string& access_key) const {
  if (const Credential* c = options_.credentials.find(access_key)) return c->account;
  return protocol::account_for_access_key(access_key);
}

std::optional<ServiceError> AccessControl::authenticate(
    const protocol::HttpRequest& request,
    const std::vector<std::pair<std::string, std::string>>& params,
    protocol::RequestContext& ctx) const {
  ctx.account = account_for(ctx.access_key);
  if (ctx.cloud == protocol::Cloud::kEcs) return authenticate_alibaba(request, params, ctx);
  if (protocol::is_aws(ctx.cloud)) return authenticate_aws(request, ctx);
  return std::nullopt;
}

std::optional<ServiceError> AccessControl::authenticate_aws(const protocol::HttpRequest& request,
                                                            protocol::RequestContext& ctx) const {
  if (options_.auth == AuthMode::kOff) return std::nullopt;
  const auto auth = protocol::parse_sigv4_authorization(request.header("Authorization"));
  if (!auth) return aws_auth_error(ctx, "missing");
  const Credential* credential = options_.credentials.find(auth->access_key);
  if (!credential) return aws_auth_error(ctx, "unknown-key");
  const auto signed_at = protocol::parse_amz_date(request.header("X-Amz-Date"));
  if (!signed_at) return aws_auth_error(ctx, "bad-signature");
  // Timestamps are checked against the wall clock, never the virtual clock.
  const core::TimeMs now = options_.wall();
  const core::TimeMs skew = *signed_at > now ? *signed_at - now : now - *signed_at;
  if (skew > options_.max_clock_skew) {
    return aws_auth_error(ctx, "expired",
                          std::string(request.header("X-Amz-Date")) + " is now earlier than " +
                              core::format_iso8601_s(now - options_.max_clock_skew) + " (" +
                              core::format_iso8601_s(now) + " - 15 min.)");
  }
  if (!protocol::verify_sigv4(request, *auth, credential->secret_key)) {
    return aws_auth_error(ctx, "bad-signature");
  }
  ctx.account = credential->account;
  return std::nullopt;
}

bool AccessControl::remember_nonce(const std::string& access_key, const std::string& nonce,
                                   core::TimeMs now) const {
  std::lock_guard<std::mutex> lock(nonces_->mutex);
  auto& expiry = nonces_->expiry;
  for (auto it = expiry.begin(); it != expiry.end();) {
    it = it->second < now ? expiry.erase(it) : std::next(it);
  }
  return expiry.emplace(access_key + '\n' + nonce, now + 2 * options_.max_clock_skew).second;
}

std::optional<ServiceError> AccessControl::authenticate_alibaba(
    const protocol::HttpRequest& request,
    const std::vector<std::pair<std::string, std::string>>& params,
    protocol::RequestContext& ctx) const {
  if (options_.auth == AuthMode::kOff) return std::nullopt;
  auto param = [&](std::string_view name) -> std::string {
    for (const auto& [k, v] : params) {
      if (k == name) return v;
    }
    return "";
  };
  const auto acs3 = protocol::parse_acs3_authorization(request.header("Authorization"));
  const std::string access_key = acs3 ? acs3->access_key_id : param("AccessKeyId");
  if (access_key.empty()) {
    return ServiceError("MissingParameter",
                        "The input parameter \"AccessKeyId\" that is "
                        "mandatory for processing this request is not "
                        "supplied.",
                        400);
  }
  const Credential* credential = options_.credentials.find(access_key);
  if (!credential) {
    return ServiceError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404);
  }
  const std::string stamp = acs3 ? std::string(request.header("x-acs-date")) : param("Timestamp");
  const auto signed_at = core::parse_iso8601(stamp);
  const core::TimeMs now = options_.wall();
  if (!signed_at ||
      (*signed_at > now ? *signed_at - now : now - *signed_at) > options_.max_clock_skew) {
    return ServiceError("InvalidTimeStamp.Expired",
                        "Specified time stamp or date value is expired.", 400);
  }
  if (acs3) {
    if (acs3->algorithm != "ACS3-HMAC-SHA256") {
      return ServiceError("IncompleteSignature",
                          "The request signature does not conform to Aliyun standards.", 400);
    }
    const std::string payload_hash(request.header("x-acs-content-sha256"));
    const bool body_ok = payload_hash.empty() || payload_hash == protocol::sha256_hex(request.body);
    const std::string expected = protocol::acs3_signature(
        credential->secret_key,
        protocol::acs3_string_to_sign(protocol::acs3_canonical_request(
            request.method, request.path.empty() ? "/" : request.path, request.query,
            request.headers, acs3->signed_headers,
            payload_hash.empty() ? protocol::sha256_hex(request.body) : payload_hash)));
    if (!body_ok || !protocol::equal_constant_time(expected, acs3->signature)) {
      return ServiceError("SignatureDoesNotMatch",
                          "Specified signature is not matched with our calculation.", 400);
    }
  } else {
    const std::string sts = protocol::v1_string_to_sign(request.method, params);
    const std::string expected = protocol::v1_signature(credential->secret_key, sts);
    if (!protocol::equal_constant_time(expected, param("Signature"))) {
      return ServiceError("SignatureDoesNotMatch",
                          "Specified signature is not matched with our calculation. server "
                          "string to sign is:" +
                              sts,
                          400);
    }
  }
  const std::string nonce =
      acs3 ? std::string(request.header("x-acs-signature-nonce")) : param("SignatureNonce");
  if (!nonce.empty() && !remember_nonce(access_key, nonce, now)) {
    return ServiceError("SignatureNonceUsed", "Specified signature nonce was used already.", 400);
  }
  ctx.access_key = access_key;
  ctx.account = credential->account;
  return std::nullopt;
}

std::optional<ServiceError> AccessControl::authorize(const protocol::RequestContext& ctx) const {
  const Credential* credential = options_.credentials.find(ctx.access_key);
  if (!credential || !credential->policy) return std::nullopt;
  // "No permissions are required to perform this operation", even under an explicit deny.
  if (ctx.cloud == protocol::Cloud::kSts && ctx.action == "GetCallerIdentity") return std::nullopt;
  const std::string qualified = service_prefix(ctx.cloud) + ":" + ctx.action;
  if (credential->policy->allows(qualified)) return std::nullopt;
  const std::string user = caller_identity(credential->account, credential->access_key, true).arn;
  if (ctx.cloud == protocol::Cloud::kEc2) {
    return ServiceError("UnauthorizedOperation",
                        "You are not authorized to perform this operation. User: " + user +
                            " is not authorized to perform: " + qualified +
                            " because no identity-based policy allows the " + qualified + " action",
                        403);
  }
  if (ctx.cloud == protocol::Cloud::kEcs) {
    return ServiceError(
        "Forbidden.RAM",
        "User not authorized to operate on the specified resource, or this API doesn't support "
        "RAM.",
        403);
  }
  return ServiceError("AccessDenied",
                      "User: " + user + " is not authorized to perform: " + qualified +
                          " because no identity-based policy allows the " + qualified + " action",
                      403);
}

}  // namespace cloudlife::server
