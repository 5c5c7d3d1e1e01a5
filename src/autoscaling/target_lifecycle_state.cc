// IMDS meta-data/autoscaling/target-lifecycle-state: the lifecycle state a group member is heading
// for (the EC2 Auto Scaling User Guide, "Retrieve the target lifecycle state through instance
// metadata"; docs/imds.md): InService while launching or in service, Terminated while terminating,
// Warmed:<pool state> in a warm pool, Standby, Detached.
#include "autoscaling/asg_model.h"

namespace cloudlife::autoscaling {
namespace {

bool starts_with(const std::string& s, const char* prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string target_state_of(const std::string& state, const std::string& pool_state) {
  if (starts_with(state, "Terminat")) return "Terminated";
  if (starts_with(state, "Detach")) return "Detached";
  if (state == "Standby" || starts_with(state, "EnteringStandby")) return "Standby";
  if (starts_with(state, "Warmed:")) {
    if (starts_with(state, "Warmed:Terminat")) return "Terminated";
    return "Warmed:" + (pool_state.empty() ? std::string("Stopped") : pool_state);
  }
  return "InService";  // Pending, Pending:Wait, Pending:Proceed, InService
}

}  // namespace

std::string AsgModel::target_lifecycle_state(const core::PartitionKey& key,
                                             const std::string& instance_id) {
  std::string answer;
  partitions_.for_each([&](const core::PartitionKey& k, AsgPartition& p) {
    if (k.account != key.account || k.region != key.region) return;
    auto it = p.instance_group.find(instance_id);
    if (it == p.instance_group.end()) return;
    Group* g = p.find_group(it->second);
    const Member* m = g ? g->find_member(instance_id) : nullptr;
    if (!m) return;
    answer = target_state_of(m->state, g->warm_pool ? g->warm_pool->pool_state : "");
  });
  return answer;
}

}  // namespace cloudlife::autoscaling
