// Control-plane route that makes an ELBv2 target fail (or pass again) its health checks
// (docs/control-plane.md "Target health"):
//   PUT /_cloudlife/target-health  {"account"?,"region","target_id","healthy":false,
//                                   "reason"?:"Target.FailedHealthChecks"|"Target.Timeout"|
//                                             "Target.ResponseCodeMismatch"|"Elb.InternalError"}
//   GET /_cloudlife/target-health?account=&region=
// A failing target turns `unhealthy` in each target group after UnhealthyThresholdCount
// health-check intervals of virtual time (healthy again HealthyThresholdCount intervals after it
// passes), and an Auto Scaling group with HealthCheckType ELB that owns it runs a pass then.
// Contract: answers nothing for any other path; bad input answers 400 and changes nothing; the
// models run under the engine lock.
#pragma once

#include <optional>

#include "protocol/http_message.h"
#include "server/services.h"

namespace cloudlife::server {

std::optional<protocol::HttpResponse> target_health_route(Services& services,
                                                          const protocol::HttpRequest& request);

}  // namespace cloudlife::server
