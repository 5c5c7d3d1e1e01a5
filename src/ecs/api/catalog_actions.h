// The ECS actions that answer from the region and instance-type catalogues: DescribeZones,
// DescribeAvailableResource, DescribeInstanceTypes, DescribeInstanceTypeFamilies.
// Contract: they read only the compiled-in catalogues (no engine lock, no account state); every
// answer is what RunInstances / CreateDisk then accept or refuse in the same zone.
#pragma once

#include <nlohmann/json.hpp>

#include "ecs/api/ecs_call.h"

namespace cloudlife::ecs::api {

nlohmann::json describe_zones(EcsCall& c);
nlohmann::json describe_available_resource(EcsCall& c);
nlohmann::json describe_instance_types(EcsCall& c);
nlohmann::json describe_instance_type_families(EcsCall& c);

}  // namespace cloudlife::ecs::api
