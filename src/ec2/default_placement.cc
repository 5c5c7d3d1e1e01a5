#include "ec2/default_placement.h"

#include "core/service_error.h"

namespace cloudlife::ec2 {

const Subnet& default_placement(const Network& network,
                                const std::vector<std::string>& region_zones,
                                const std::optional<std::string>& zone, std::size_t rotation) {
  const Vpc* vpc = network.default_vpc();
  if (!vpc) throw core::ServiceError("VPCIdNotSpecified", "No default VPC for this user");
  if (zone) {
    if (const Subnet* s = network.default_subnet_for(*zone)) return *s;
    throw core::ServiceError("InvalidInput",
                             "No default subnet for availability zone: '" + *zone + "'.");
  }
  std::vector<const Subnet*> candidates;
  for (const std::string& z : region_zones) {
    if (const Subnet* s = network.default_subnet_for(z)) candidates.push_back(s);
  }
  if (candidates.empty()) {
    throw core::ServiceError("MissingInput", "No subnets found for the default VPC '" +
                                                 vpc->vpc_id + "'. Please specify a subnet.");
  }
  return *candidates[rotation % candidates.size()];
}

}  // namespace cloudlife::ec2
