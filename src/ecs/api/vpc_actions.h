// The VPC API (Version=2016-04-28) served on the same port as ECS: VPCs, vSwitches, EIPs and tags.
// Contract: the same EcsCall as the ECS actions (parameters decoded outside the lock, model work
// in one transact, the success body without RequestId); the VPC API's own names, defaults and
// codes (docs/ecs.md, "VPC API").
#pragma once

#include <functional>
#include <map>
#include <string>

#include "ecs/api/ecs_call.h"

namespace cloudlife::ecs::api {

const std::map<std::string, ActionHandler, std::less<>>& vpc_actions();

// Tag actions shared by both APIs (the ECS API names UntagResources, the VPC API UnTagResources).
nlohmann::json tag_resources(EcsCall& c);
nlohmann::json untag_resources(EcsCall& c);
nlohmann::json list_tag_resources(EcsCall& c);

}  // namespace cloudlife::ecs::api
