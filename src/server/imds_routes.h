// Control-plane route serving each instance's metadata service (docs/imds.md):
//   PUT /_cloudlife/imds/{instance-id}/latest/api/token   (X-aws-ec2-metadata-token-ttl-seconds)
//   GET /_cloudlife/imds/{instance-id}/latest/meta-data/…, latest/user-data,
//       latest/dynamic/instance-identity/document
// Contract: answers nothing for other paths. IMDS answers are text/plain as EC2 serves them: 401
// without a token when the instance's HttpTokens is required, or with an expired, unknown or
// another instance's token; 404 when HttpEndpoint is disabled or the path names nothing; 400 for a
// token TTL outside 1–21,600 seconds. An unknown, stopped or terminated instance answers a JSON
// 404. Values are read under the engine lock after due events fired, so they agree with
// DescribeInstances at that moment of virtual time.
#pragma once

#include <optional>

#include "protocol/http_message.h"
#include "server/services.h"

namespace cloudlife::server {

std::optional<protocol::HttpResponse> imds_route(Services& services,
                                                 const protocol::HttpRequest& request);

}  // namespace cloudlife::server
