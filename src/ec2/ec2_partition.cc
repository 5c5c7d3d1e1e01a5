#include "ec2/ec2_partition.h"

namespace cloudlife::ec2 {

Ec2Partition::Ec2Partition(const core::PartitionKey& partition_key) : key(partition_key) {
  network.create_defaults(key.region, key.account);
}

Instance* Ec2Partition::find_instance(const std::string& id) {
  auto it = instances.find(id);
  return it == instances.end() ? nullptr : &it->second;
}

Volume* Ec2Partition::find_volume(const std::string& id) {
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
