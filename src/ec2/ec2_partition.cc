#include "ec2/ec2_partition.h"

#include "core/ids.h"

namespace cloudlife::ec2 {

Ec2Partition::Ec2Partition(core::LockProof held, const core::PartitionKey& partition_key)
    : core::LockedState(held), key(partition_key) {
  network.create_defaults(key.region, key.account);
  // The default VPC's default group; its IDs derive from account and region, like the VPC's.
  if (const Vpc* vpc = network.default_vpc()) {
    const std::string scope = key.account + "/" + key.region;
    SecurityGroup group =
        default_security_group(network.default_security_group_id, vpc->vpc_id, key.account,
                               core::derived_id("sgr", scope + "/default-ingress"),
                               core::derived_id("sgr", scope + "/default-egress"));
    security_groups.emplace(group.group_id, std::move(group));
    add_default_routing(*this, vpc->vpc_id, vpc->cidr_block);
    add_default_network_acl(*this, vpc->vpc_id);
  }
}

Instance* Ec2Partition::find_instance(std::string_view id) {
  auto it = instances.find(id);
  return it == instances.end() ? nullptr : &it->second;
}

Volume* Ec2Partition::find_volume(std::string_view id) {
  auto it = volumes.find(id);
  return it == volumes.end() ? nullptr : &it->second;
}

const Instance* Ec2Partition::find_instance(std::string_view id) const {
  auto it = instances.find(id);
  return it == instances.end() ? nullptr : &it->second;
}

const Volume* Ec2Partition::find_volume(std::string_view id) const {
  auto it = volumes.find(id);
  return it == volumes.end() ? nullptr : &it->second;
}

LaunchTemplate* Ec2Partition::find_template_by_name(const std::string& name) {
  for (auto& [id, lt] : launch_templates) {
    if (lt.name == name) return &lt;
  }
  return nullptr;
}

}  // namespace cloudlife::ec2
