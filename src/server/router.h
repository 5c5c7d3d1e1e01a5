// Which protocol a request speaks, and dispatch to that cloud's front end (DESIGN.md §1).
// Contract: /_cloudlife/… and /moto-api/… are the control plane; an x-acs-action header or
// Version=2014-05-26 is Alibaba ECS; Version 2016-11-15 / SigV4 service "ec2" is EC2; Version
// 2011-01-01 / service "autoscaling" is Auto Scaling; 2012-06-01 (Classic ELB) and 2015-12-01 (ELBv2)
// / service "elasticloadbalancing" are the load balancers Auto Scaling registers instances with. Anything else gets a clear error naming what
// was expected. Oversize or undecodable bodies get the matching cloud's error, never a crash.
#pragma once

#include <optional>
#include <vector>

#include "protocol/form_decoding.h"
#include "protocol/http_message.h"
#include "protocol/request_context.h"
#include "server/services.h"

namespace cloudlife::server {

enum class Protocol { kControlPlane, kAlibabaEcs, kEc2, kAutoScaling, kElb, kElbV2, kUnknown };

class ControlPlane;

class Router {
 public:
  Router(Services& services, ControlPlane& control) : services_(services), control_(control) {}

  protocol::HttpResponse route(const protocol::HttpRequest& request);

  static constexpr std::size_t kMaxBodyBytes = 10 * 1024 * 1024;

 private:
  protocol::HttpResponse route_aws_query(const protocol::HttpRequest& request, Protocol protocol);
  protocol::HttpResponse route_alibaba(const protocol::HttpRequest& request,
                                       const std::optional<protocol::FormPairs>& form);
  // Records a mutating call in the audit trail.
  void audit(const protocol::RequestContext& ctx, std::vector<std::string> resource_ids,
             const protocol::HttpResponse& response);

  Services& services_;
  ControlPlane& control_;
};

}  // namespace cloudlife::server
