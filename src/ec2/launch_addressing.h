// The addressing rules of a launch (RunInstances, launch template data) that need no state:
// instance-level parameters next to NetworkInterfaces, a chosen address or interface for more than
// one instance, and Placement.HostId when cloudlife has no Dedicated Hosts.
// Contract: pure functions; each throws core::ServiceError with EC2's code and message (400) and
// changes nothing. docs/supported.md ("RunInstances addressing") lists them.
// Usage:
//   refuse_instance_level_with_interfaces({.has_interfaces = true, .subnet = true});
#pragma once

#include <optional>
#include <string>

#include "ec2/launch_spec.h"

namespace cloudlife::ec2 {

// Which instance-level parameters a request gives next to NetworkInterface.N.
struct InstanceLevelAddressing {
  bool has_interfaces = false;
  bool subnet = false;      // SubnetId
  bool groups = false;      // SecurityGroupId.N / SecurityGroup.N
  bool private_ip = false;  // PrivateIpAddress
};
// InvalidParameterCombination "Network interfaces and an instance-level … may not be specified on
// the same request" (subnet ID, then security groups, then private IP address).
void refuse_instance_level_with_interfaces(const InstanceLevelAddressing& given);

// What NetworkInterface.N gives next to its NetworkInterfaceId (an existing interface keeps its
// own subnet, groups and address): InvalidParameterCombination.
struct ExistingInterfaceSettings {
  bool subnet = false;
  bool groups = false;
  bool private_ip = false;
  bool associate_public_ip = false;
};
void refuse_settings_of_existing_interface(const ExistingInterfaceSettings& given);

// A chosen primary address or an existing interface serves one instance: MaxCount above 1 is
// InvalidParameterCombination.
void refuse_chosen_address_for_many(const LaunchSpec& spec, long long max_count);

// Placement.HostId: InvalidHostId.Malformed unless "h-" + 8 or 17 hex digits, else
// InvalidHostID.NotFound (no Dedicated Host exists here).
void require_dedicated_host(const std::optional<std::string>& host_id);

}  // namespace cloudlife::ec2
