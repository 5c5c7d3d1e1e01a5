// The pipeline's own refusals (undecodable request, authentication, policy, injected faults) in
// the words of the cloud the request was for.
// Contract: EC2 gets the EC2 error document, Auto Scaling and the load balancers the awsQuery
// <ErrorResponse>, Alibaba ECS the JSON error body (RequestId, HostId, Code, Message, Recommend),
// a request for no known API the awsQuery form. Each carries ctx.request_id and sets error_code.
#pragma once

#include <string_view>

#include "protocol/http_message.h"
#include "protocol/request_context.h"

namespace cloudlife::server {

protocol::HttpResponse error_in_cloud_words(const protocol::RequestContext& ctx, int http_status,
                                            std::string_view code, std::string_view message);

}  // namespace cloudlife::server
