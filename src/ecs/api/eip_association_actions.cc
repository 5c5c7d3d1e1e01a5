#include "ecs/api/eip_association_actions.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

json associate_eip_address(EcsCall& c) {
  const std::string allocation = c.params.required("AllocationId");
  const std::string instance = c.params.required("InstanceId");
  const std::string type = c.params.str("InstanceType", "EcsInstance");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.associate_eip(scope, allocation, instance, now, type);
  });
  return json::object();
}

json unassociate_eip_address(EcsCall& c) {
  const std::string allocation = c.params.required("AllocationId");
  const std::string instance = c.params.str("InstanceId");
  c.transact([&](EcsPartition& scope, core::TimeMs) {
    c.model.unassociate_eip(scope, allocation, instance);
  });
  return json::object();
}

json release_eip_address(EcsCall& c) {
  const std::string allocation = c.params.required("AllocationId");
  c.transact([&](EcsPartition& scope, core::TimeMs) { c.model.release_eip(scope, allocation); });
  return json::object();
}

}  // namespace

void add_eip_association_actions(std::map<std::string, ActionHandler, std::less<>>& actions) {
  actions["AssociateEipAddress"] = associate_eip_address;
  actions["UnassociateEipAddress"] = unassociate_eip_address;
  actions["ReleaseEipAddress"] = release_eip_address;
}

}  // namespace cloudlife::ecs::api
