#include "server/wire_errors.h"

#include <string>

#include "protocol/alibaba_request.h"
#include "protocol/aws_query_envelope.h"
#include "server/sts_service.h"

namespace cloudlife::server {

protocol::HttpResponse error_in_cloud_words(const protocol::RequestContext& ctx, int http_status,
                                            std::string_view code, std::string_view message) {
  switch (ctx.cloud) {
    case protocol::Cloud::kEc2:
      return protocol::ec2_error_response(http_status, code, message, ctx.request_id);
    case protocol::Cloud::kEcs: {
      protocol::HttpResponse r = protocol::alibaba_error_response(
          http_status, std::string(code), std::string(message), ctx.request_id);
      r.error_code = std::string(code);
      return r;
    }
    case protocol::Cloud::kSts:
      return protocol::aws_query_error_response(http_status, code, message, ctx.request_id,
                                                kStsNamespace);
    case protocol::Cloud::kUnknown:
      return protocol::aws_query_error_response(http_status, code, message, ctx.request_id,
                                                "http://cloudlife.dev/doc/");
    default:
      return protocol::aws_query_error_response(http_status, code, message, ctx.request_id,
                                                protocol::kAutoScalingNamespace);
  }
}

}  // namespace cloudlife::server
