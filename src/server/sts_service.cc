#include "server/sts_service.h"

#include "core/service_error.h"
#include "protocol/aws_operations.h"
#include "protocol/aws_query_envelope.h"
#include "server/caller_identity.h"
#include "sts_codec.h"

namespace cloudlife::server {
namespace {

protocol::HttpResponse get_caller_identity(const protocol::RequestContext& ctx,
                                           const protocol::QueryParams& params,
                                           const AccessControl& access) {
  (void)codec::sts::GetCallerIdentityRequest::decode(params);  // no members
  const CallerIdentity who = caller_identity(
      ctx.account, ctx.access_key, access.options().credentials.find(ctx.access_key) != nullptr);
  codec::sts::GetCallerIdentityResponse out(ctx.request_id);
  out.user_id(who.user_id).account(who.account).arn(who.arn);
  return out.finish();
}

}  // namespace

std::vector<std::string> sts_actions() {
  return {"GetCallerIdentity"};
}

protocol::HttpResponse handle_sts(const protocol::RequestContext& ctx,
                                  const protocol::QueryParams& params,
                                  const AccessControl& access) {
  try {
    if (ctx.action == "GetCallerIdentity") return get_caller_identity(ctx, params, access);
    const protocol::UnhandledAction answer = protocol::unhandled_action("sts", ctx.action);
    return protocol::aws_query_error_response(answer.status, answer.code, answer.message,
                                              ctx.request_id, kStsNamespace);
  } catch (const core::ServiceError& e) {
    return protocol::aws_query_error_response(e.http_status(), e.code(), e.message(),
                                              ctx.request_id, kStsNamespace);
  } catch (const protocol::ParamError& e) {
    return protocol::aws_query_error_response(
        400, "ValidationError", "Invalid value '" + e.value() + "' for parameter " + e.name() + ".",
        ctx.request_id, kStsNamespace);
  }
}

}  // namespace cloudlife::server
