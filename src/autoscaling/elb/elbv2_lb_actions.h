// Registers the ELBv2 load balancer, listener and rule actions (elbv2_lb_actions.cc) in the
// ELBv2 action table; register_elbv2_actions (elb_actions.cc) calls it.
#pragma once

#include "autoscaling/api/asg_call.h"

namespace cloudlife::autoscaling::api {

void register_elbv2_load_balancer_actions(AsgActionTable& table);

}  // namespace cloudlife::autoscaling::api
