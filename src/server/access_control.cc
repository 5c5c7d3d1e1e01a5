#include "server/access_control.h"

#include <nlohmann/json.hpp>

#include "protocol/sigv4.h"
#include "protocol/sigv4_verify.h"

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
  const bool ec2 = ctx.cloud == "ec2";
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

std::string service_prefix(const std::string& cloud) {
  if (cloud == "elb" || cloud == "elbv2") return "elasticloadbalancing";
  return cloud;
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
    r.body = nlohmann::json{{"error", why}}.dump();
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
    return aws_auth_error(
        ctx, "expired",
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

std::optional<ServiceError> AccessControl::authorize(const protocol::RequestContext& ctx) const {
  const Credential* credential = options_.credentials.find(ctx.access_key);
  if (!credential || !credential->policy) return std::nullopt;
  const std::string qualified = service_prefix(ctx.cloud) + ":" + ctx.action;
  if (credential->policy->allows(qualified)) return std::nullopt;
  const std::string user =
      "arn:aws:iam::" + credential->account + ":user/" + credential->access_key;
  if (ctx.cloud == "ec2") {
    return ServiceError("UnauthorizedOperation",
                        "You are not authorized to perform this operation. User: " + user +
                            " is not authorized to perform: " + qualified +
                            " because no identity-based policy allows the " + qualified +
                            " action",
                        403);
  }
  if (ctx.cloud == "ecs") {
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
