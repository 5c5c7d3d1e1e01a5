// Control-plane routes that feed Auto Scaling's policies (docs/control-plane.md):
//   PUT /_cloudlife/metrics   {"account"?,"region","namespace","metric","dimensions"?,"value"}
//   GET /_cloudlife/metrics?account=&region=
//   PUT /_cloudlife/alarms    {"account"?,"region","name","namespace","metric","dimensions"?,
//                              "statistic"?,"threshold","comparison","evaluation_periods"?,
//                              "datapoints_to_alarm"?,"alarm_actions":[policy ARN…]}
//   GET /_cloudlife/alarms?account=&region=, DELETE /_cloudlife/alarms?name=&account=&region=
// Contract: answers nothing for any other path; bad input answers 400 and changes nothing; the
// model runs under the engine lock (after due events fired).
#pragma once

#include <optional>

#include "protocol/http_message.h"
#include "server/services.h"

namespace cloudlife::server {

std::optional<protocol::HttpResponse> asg_metric_route(Services& services,
                                                       const protocol::HttpRequest& request);

}  // namespace cloudlife::server
