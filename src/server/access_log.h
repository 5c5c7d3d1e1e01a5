// The access log: one line per request (time and level come from the logger, see logging.h).
// Contract: describe() reads who called what, the outcome and the resources from the request's
// completed RequestContext alone (the same account, request ID and resource IDs the audit trail
// records), and only method, path and peer address from the request; it never parses a body.
// format_text() gives `key=value` pairs; format_json() gives JSON members to splice into the log
// object (no braces). Empty fields are "-" in text and omitted in JSON.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/http_message.h"
#include "protocol/request_context.h"

namespace cloudlife::server {

struct AccessLogEntry {
  std::string method;
  std::string path;
  std::string remote;
  std::string request_id;
  std::string cloud;  // ec2, autoscaling, elb, elbv2, ecs, control, unknown
  std::string account;
  std::string region;
  std::string action;
  std::vector<std::string> resource_ids;
  int status = 0;
  std::string error_code;
  std::int64_t latency_us = 0;
};

AccessLogEntry describe(const protocol::RequestContext& ctx, const protocol::HttpRequest& request,
                        std::int64_t latency_us);

std::string format_text(const AccessLogEntry& entry);
std::string format_json(const AccessLogEntry& entry);

}  // namespace cloudlife::server
