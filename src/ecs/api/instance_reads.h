// The instance reads the Terraform alicloud provider makes after every create (DescribeUserData,
// DescribeInstanceRamRole, DescribeInstanceMaintenanceAttributes,
// DescribeInstanceAutoRenewAttribute) and ModifyInstanceAutoRenewAttribute.
// Contract: as every ECS action (ecs_call.h); an unknown InstanceId is InvalidInstanceId.NotFound.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "ecs/api/ecs_call.h"

namespace cloudlife::ecs::api {

void add_instance_read_actions(std::map<std::string, ActionHandler, std::less<>>& actions);

}  // namespace cloudlife::ecs::api
