// AssociateEipAddress, UnassociateEipAddress and ReleaseEipAddress, answered alike by the ECS API
// (2014-05-26) and the VPC API (2016-04-28), which serve the same EIPs.
// Contract: as every ECS action (ecs_call.h).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "ecs/api/ecs_call.h"

namespace cloudlife::ecs::api {

void add_eip_association_actions(std::map<std::string, ActionHandler, std::less<>>& actions);

}  // namespace cloudlife::ecs::api
