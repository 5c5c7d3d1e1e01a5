// IMDS meta-data/autoscaling/target-lifecycle-state: the lifecycle state a group member is heading
// for (the EC2 Auto Scaling User Guide, "Retrieve the target lifecycle state through instance
// metadata"; docs/imds.md): InService while launching or in service, Terminated while terminating,
// Warmed:<pool state> in a warm pool, Standby, Detached.
#include "autoscaling/asg_model.h"

namespace cloudlife::autoscaling {
namespace {

std::string target_state_of(const std::string& state, const std::string& pool_state) {
  if (state.starts_with("Terminat")) return "Terminated";
  if (state.starts_with("Detach")) return "Detached";
  if (state == "Standby" || state.starts_with("EnteringStandby")) return "Standby";
  if (state.starts_with("Warmed:")) {
    if (state.starts_with("Warmed:Terminat")) return "Terminated";
    return "Warmed:" + (pool_state.empty() ? std::string("Stopped") : pool_state);
  }
  return "InService";  // Pending, Pending:Wait, Pending:Proceed, InService
}

}  // namespace

std::string AsgModel::target_lifecycle_state(core::LockProof held, const core::PartitionKey& key,
                                             const std::string& instance_id) {
  std::string answer;
  partitions_.for_each(held, [&](const core::PartitionKey& k, AsgPartition& p) {
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
