#include "server/router.h"

#include <mutex>

#include "core/audit_log.h"
#include "server/control_plane.h"
#include "server/persistence.h"
#include "server/request_record.h"
#include "server/sts_service.h"
#include "server/wire_errors.h"

namespace cloudlife::server {

protocol::HttpResponse Router::route(const protocol::HttpRequest& request) {
  protocol::RequestContext ctx;
  return route(request, ctx);
}

protocol::HttpResponse Router::route(const protocol::HttpRequest& request,
                                     protocol::RequestContext& ctx) {
  protocol::HttpResponse response;
  if (auto refused = services_.access.check_origin(request)) {
    response = std::move(*refused);
    ctx.cloud = protocol::Cloud::kUnknown;
    ctx.account.clear();
    ctx.action = request.method + " " + request.path;
  } else {
    DecodedRequest decoded = decode_request(request);
    response = decoded.ctx.cloud == protocol::Cloud::kControl ? control_.handle(request)
                                                              : serve(request, decoded);
    ctx = std::move(decoded.ctx);
  }
  complete_context(ctx, response);
  return response;
}

protocol::HttpResponse Router::serve(const protocol::HttpRequest& request,
                                     DecodedRequest& decoded) {
  protocol::RequestContext& ctx = decoded.ctx;
  if (decoded.refusal) {
    return error_in_cloud_words(ctx, decoded.refusal->http_status, decoded.refusal->code,
                                decoded.refusal->message);
  }
  const bool mutating = core::AuditLog::is_mutating(ctx.action);
  Persistence* journal = services_.persistence.get();
  const bool replaying = journal && journal->replaying();
  // A mutation executes and is journaled in one breath, so the journal keeps execution order.
  std::unique_lock<std::mutex> in_order;
  if (journal && !replaying && mutating) {
    in_order = std::unique_lock<std::mutex>(journal->order_mutex());
  }
  const core::Engine::ReadOnlyScope reads(!mutating);  // usage metering skips reads
  protocol::HttpResponse response = answer(request, decoded, replaying);
  complete_context(ctx, response);
  if (mutating) {
    const core::TimeMs now = services_.engine.with_lock(
        [&](const core::EngineLock& held) { return services_.engine.clock(held).now(); });
    services_.audit.record(audit_record(ctx, now, core::wall_clock_now()));
  }
  if (in_order.owns_lock()) {
    journal->record_request(request, ctx, core::Engine::last_transact_now());
  }
  return response;
}

protocol::HttpResponse Router::answer(const protocol::HttpRequest& request, DecodedRequest& decoded,
                                      bool replaying) {
  protocol::RequestContext& ctx = decoded.ctx;
  std::optional<core::ServiceError> refused;
  if (replaying) {
    ctx.account = services_.access.account_for(ctx.access_key);
  } else {
    refused = services_.access.authenticate(request, decoded.params, ctx);
  }
  if (!refused) refused = services_.access.authorize(ctx);
  if (refused) {
    return error_in_cloud_words(ctx, refused->http_status(), refused->code(), refused->message());
  }
  if (!replaying) {
    if (auto injected = services_.faults.error_for(protocol::fault_context(ctx))) {
      protocol::HttpResponse r =
          error_in_cloud_words(ctx, injected->http_status, injected->code, injected->message);
      r.injected_fault = true;
      ctx.injected_fault = true;
      return r;
    }
  }
  return dispatch(request, decoded);
}

protocol::HttpResponse Router::dispatch(const protocol::HttpRequest& request,
                                        DecodedRequest& decoded) {
  protocol::RequestContext& ctx = decoded.ctx;
  switch (ctx.cloud) {
    case protocol::Cloud::kEc2:
      return services_.ec2_frontend.handle(ctx, decoded.aws);
    case protocol::Cloud::kAutoScaling:
    case protocol::Cloud::kElb:
    case protocol::Cloud::kElbV2:
      return services_.autoscaling.handle(ctx, decoded.aws);
    case protocol::Cloud::kEcs:
      return services_.ecs.handle(ctx, request);
    case protocol::Cloud::kSts:
      return handle_sts(ctx, decoded.aws, services_.access);
    default:
      return error_in_cloud_words(ctx, 400, "UnrecognizedClientException",
                                  "cloudlife could not tell which API this request is for.");
  }
}

}  // namespace cloudlife::server
