// Where a launch that names no subnet goes: the default VPC's default subnet of the asked zone, or,
// when no zone is asked, of the next zone in rotation that still has one.
// Contract: a pure rule over the partition's network; it changes nothing. When the user has deleted
// what it needs it throws EC2's 400 errors (docs/supported.md, "Launching without a subnet"):
//   no default VPC                  -> VPCIdNotSpecified "No default VPC for this user"
//   asked zone has no default subnet -> InvalidInput "No default subnet for availability zone:
//   'Z'." no zone asked, none has one      -> MissingInput "No subnets found for the default VPC
//   'V'. …"
// Usage:
//   const Subnet& s = default_placement(p.network, zone_names, request_zone, p.next_zone);
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ec2/network.h"

namespace cloudlife::ec2 {

// `region_zones` in the region's order; `rotation` picks among the zones with a default subnet.
const Subnet& default_placement(const Network& network,
                                const std::vector<std::string>& region_zones,
                                const std::optional<std::string>& zone, std::size_t rotation);

}  // namespace cloudlife::ec2
