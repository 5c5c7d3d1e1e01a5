// The network interfaces of a launch beyond the primary address: the primary interface's secondary
// private addresses and the interfaces at device index 1 and above (RunInstances' and launch
// template data's NetworkInterface.N), within the instance type's limits (interface_limits.h).
// Contract: called with the engine lock held. check_launch_interfaces validates everything and
// changes nothing; add_launch_interfaces then makes the records for one new instance. Records made
// inside RunInstances take IDs and MACs derived from the instance's ID (core::derived_id), never a
// draw from the ID sequence, so journals of older binaries replay to the same IDs.
#pragma once

#include <string>

#include "core/time.h"
#include "ec2/launch_spec.h"

namespace cloudlife::ec2 {

struct Ec2Partition;
struct Instance;
struct Subnet;

// The request-level rules (no state): device indices unique, one at 0 (InvalidParameterValue),
// AssociatePublicIpAddress only with one interface (InvalidParameterCombination), chosen addresses
// and existing interfaces only for one instance (InvalidParameterCombination).
void check_launch_interface_rules(const LaunchSpec& spec, long long max_count);

// Checks the interfaces against the partition and the type's limits; returns how many instances
// the subnets' free addresses allow (at least `min_count`, else InsufficientFreeAddressesInSubnet).
long long check_launch_interfaces(Ec2Partition& p, const LaunchSpec& spec, Subnet& primary_subnet,
                                  const std::string& zone, const std::string& instance_type,
                                  long long min_count);

// The primary's secondary addresses and the interfaces at device index 1 and above of one new,
// pending instance (attaching until it runs).
void add_launch_interfaces(Ec2Partition& p, Instance& instance, const LaunchSpec& spec,
                           core::TimeMs now);

}  // namespace cloudlife::ec2
