#include "ec2/interface_limits.h"

#include "core/service_error.h"
#include "ec2/instance_types.h"

namespace cloudlife::ec2 {

InterfaceLimits interface_limits(const std::string& instance_type) {
  InterfaceLimits limits;
  const InstanceTypeInfo* t = find_instance_type(instance_type);
  if (!t) return limits;
  if (t->max_network_interfaces > 0) limits.max_interfaces = t->max_network_interfaces;
  if (t->ipv4_addresses_per_interface > 0) {
    limits.addresses_per_interface = t->ipv4_addresses_per_interface;
  }
  return limits;
}

void require_interface_count(const std::string& instance_type, long long count) {
  if (count <= interface_limits(instance_type).max_interfaces) return;
  throw core::ServiceError(
      "AttachmentLimitExceeded",
      "Interface count " + std::to_string(count) + " exceeds the limit for " + instance_type);
}

void require_addresses_per_interface(const std::string& instance_type, long long count) {
  if (count <= interface_limits(instance_type).addresses_per_interface) return;
  throw core::ServiceError("PrivateIpAddressLimitExceeded",
                           "Number of private addresses will exceed limit.");
}

}  // namespace cloudlife::ec2
