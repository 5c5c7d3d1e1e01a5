// Pipeline stage "decode": which API a request speaks, and the one RequestContext every later stage
// reads (docs/architecture.md, "the request pipeline").
// Contract: decode_request() never throws and touches no state. /_cloudlife/… and /moto-api/… are
// the control plane; an x-acs-action header or Version=2014-05-26 is Alibaba ECS; Version
// 2016-11-15 / SigV4 service "ec2" is EC2; 2011-01-01 / "autoscaling" is Auto Scaling; 2012-06-01
// (Classic ELB) and 2015-12-01 (ELBv2) are the load balancers. It fills cloud, protocol, action,
// region (AWS: the SigV4 scope, else us-east-1; ECS: RegionId), access key, a fresh request ID in
// the cloud's format, the resource IDs the request names and the zones / instance types it asks
// for. The parameters are decoded once, here (query string, then form body: for AWS the body wins).
// The account is left to authentication. A request that cannot be decoded (unknown API, oversize
// or undecodable body, no Action) comes back with `refusal` set: the error to answer, in the words
// of the cloud it was for.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "protocol/form_decoding.h"
#include "protocol/http_message.h"
#include "protocol/query_params.h"
#include "protocol/request_context.h"

namespace cloudlife::server {

inline constexpr std::size_t kMaxBodyBytes = 10 * 1024 * 1024;

struct WireRefusal {
  int http_status = 400;
  std::string code;
  std::string message;
};

struct DecodedRequest {
  protocol::RequestContext ctx;
  protocol::QueryParams aws;   // AWS Query: the parameters the front end decodes
  protocol::FormPairs params;  // Alibaba: query ∪ form pairs in wire order (signatures need it)
  std::optional<WireRefusal> refusal;
};

DecodedRequest decode_request(const protocol::HttpRequest& request);

}  // namespace cloudlife::server
