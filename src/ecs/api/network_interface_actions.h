// The ECS elastic network interface actions (Create / Describe / Attach / Detach / Delete /
// ModifyNetworkInterfaceAttribute) and the instance changes that go with the network
// (ModifyInstanceSpec, ModifyPrepayInstanceSpec, ModifyInstanceVpcAttribute).
// Contract: as every ECS action (ecs_call.h): parameters decoded here, rules in the model
// (ecs_network_interfaces.cc, ecs_spec.cc), bodies shaped as the API reference documents them.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "ecs/api/ecs_call.h"

namespace cloudlife::ecs::api {

void add_network_interface_actions(std::map<std::string, ActionHandler, std::less<>>& actions);

}  // namespace cloudlife::ecs::api
