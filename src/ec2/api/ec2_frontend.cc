#include "ec2/api/ec2_frontend.h"

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "protocol/aws_operations.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {

bool Ec2Frontend::is_known_action(const std::string& action) {
  return ec2_actions().contains(action);
}

protocol::HttpResponse Ec2Frontend::handle(protocol::RequestContext& ctx,
                                           const protocol::QueryParams& params) {
  const auto& table = ec2_actions();
  auto it = table.find(ctx.action);
  if (it == table.end()) {
    const protocol::UnhandledAction answer =
        protocol::unhandled_action(protocol::cloud_name(ctx.cloud), ctx.action);
    return protocol::ec2_error_response(answer.status, answer.code, answer.message, ctx.request_id);
  }
  try {
    Ec2Call call{ctx, params, engine_, model_,
                 core::StateCodeHighByte(model_.faults(), protocol::fault_context(ctx))};
    return it->second(call);
  } catch (const core::ServiceError& e) {
    return protocol::ec2_error_response(e.http_status(), e.code(), e.message(), ctx.request_id);
  } catch (const protocol::ParamError& e) {
    return protocol::ec2_error_response(
        400, "InvalidParameterValue",
        "Invalid value '" + e.value() + "' for parameter " + e.name() + ".", ctx.request_id);
  } catch (const std::exception& e) {
    return protocol::ec2_error_response(500, "InternalError", "An internal error has occurred",
                                        ctx.request_id);
  }
}

}  // namespace cloudlife::ec2::api
