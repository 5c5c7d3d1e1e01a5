// What RunInstances checks about the instance type (docs/supported.md, "Instance types"):
//   require_matching_architecture: the AMI's architecture must be one of the type's, else
//     InvalidParameterValue with EC2's message naming both;
//   require_offered_in_zone: the type must be offered in the zone the launch goes to, else
//     Unsupported "Your requested instance type (T) is not supported in your requested Availability
//     Zone (Z). Please retry your request by not specifying an Availability Zone or choosing A, B."
//     (or, offered in no zone of the region, "The requested configuration is currently not
//     supported. …");
//   offering_zone_names: the region's zones that offer the type, in the region's order — where a
//     launch that names no zone may go.
// Contract: pure functions of the catalogue and the region table; they change nothing.
#pragma once

#include <string>
#include <vector>

#include "ec2/images.h"
#include "ec2/instance_types.h"

namespace cloudlife::ec2 {

void require_matching_architecture(const InstanceTypeInfo& type, const Image& image);
std::vector<std::string> offering_zone_names(const std::string& type, const std::string& region);
void require_offered_in_zone(const std::string& type, const std::string& region,
                             const std::string& zone);
// The same check against offering_zone_names(type, region) already computed (RunInstances needs
// the list anyway: one catalogue lookup per launch instead of three).
void require_offered_in_zone(const std::string& type, const std::vector<std::string>& offered,
                             const std::string& zone);

}  // namespace cloudlife::ec2
