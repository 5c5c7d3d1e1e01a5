// VPC and subnet operations on a partition's network (CreateVpc, CreateSubnet, DeleteSubnet,
// DeleteVpc) with EC2's rules and error codes.
// Contract: called with the engine lock held; validate everything, then change. CIDRs are IPv4
// "a.b.c.d/n" with n in 16..28; a subnet lies inside its VPC's block and overlaps no other subnet
// of that VPC. A subnet with live instances, or a VPC with subnets, cannot be deleted
// (DependencyViolation).
#pragma once

#include <string>
#include <vector>

#include "ec2/ec2_partition.h"

namespace cloudlife::ec2 {

Vpc create_vpc(Ec2Partition& p, const std::string& cidr, const std::string& tenancy,
               const std::vector<Tag>& tags);
// `zone` or `zone_id` (AvailabilityZone / AvailabilityZoneId) names the zone; neither: EC2 picks.
Subnet create_subnet(Ec2Partition& p, const std::string& vpc_id, const std::string& cidr,
                     const std::string& zone, const std::string& zone_id,
                     const std::vector<Tag>& tags);
void delete_subnet(Ec2Partition& p, const std::string& subnet_id);
void delete_vpc(Ec2Partition& p, const std::string& vpc_id);

}  // namespace cloudlife::ec2
