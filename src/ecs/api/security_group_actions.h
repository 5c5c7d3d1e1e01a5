// The ECS security group actions: groups, rules in and out, instances joining and leaving.
// Contract: as every ECS action (ecs_call.h). Rules come either as top-level parameters
// (IpProtocol, PortRange, SourceCidrIp, …) or as Permissions.N.*; protocols and policies are
// accepted in any case and reported as Alibaba does (TCP, Accept).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "ecs/api/ecs_call.h"

namespace cloudlife::ecs::api {

// Adds the security group (and tag) actions to the ECS action table.
void add_security_group_actions(std::map<std::string, ActionHandler, std::less<>>& actions);

}  // namespace cloudlife::ecs::api
