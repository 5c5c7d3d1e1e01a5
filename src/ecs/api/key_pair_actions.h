// The ECS key pair actions: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPairs,
// AttachKeyPair, DetachKeyPair. Contract: as every ECS action (ecs_call.h).
#pragma once

#include <functional>
#include <map>
#include <string>

#include "ecs/api/ecs_call.h"

namespace cloudlife::ecs::api {

void add_key_pair_actions(std::map<std::string, ActionHandler, std::less<>>& actions);

}  // namespace cloudlife::ecs::api
