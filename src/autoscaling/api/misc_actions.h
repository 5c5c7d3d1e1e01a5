// The registers of the action groups that register_misc_actions (asg_call.h) gathers: processes,
// group tags, lifecycle hooks, warm pools, and the load balancers / target groups / traffic
// sources attached to groups. Each is defined in its own file and decoded and encoded by the
// generated codec (codegen/autoscaling/hooks_tags_pools.ops).
#pragma once

#include "autoscaling/api/asg_call.h"

namespace cloudlife::autoscaling::api {

void register_process_actions(AsgActionTable& table);         // process_actions.cc
void register_group_tag_actions(AsgActionTable& table);       // group_tag_actions.cc
void register_lifecycle_hook_actions(AsgActionTable& table);  // lifecycle_hook_actions.cc
void register_warm_pool_actions(AsgActionTable& table);       // warm_pool_actions.cc
void register_traffic_source_actions(AsgActionTable& table);  // traffic_source_actions.cc

}  // namespace cloudlife::autoscaling::api
