// Per-instance-type network limits (the instance-type catalogue's networkInfo): how many network
// interfaces an instance may have and how many private IPv4 addresses each interface may hold,
// and EC2's answers when a launch, an attachment or an assignment would exceed them.
// Contract: pure functions over the catalogue (src/ec2/data/instance_types.json); each check
// throws core::ServiceError with EC2's code and message (400) and changes nothing. An unknown type
// has the smallest limits the catalogue knows (2 interfaces, 2 addresses each).
// Usage:
//   require_interface_count("t3.micro", 3);   // AttachmentLimitExceeded
//   require_addresses_per_interface("t3.micro", 3);  // PrivateIpAddressLimitExceeded
#pragma once

#include <string>

namespace cloudlife::ec2 {

struct InterfaceLimits {
  int max_interfaces = 2;           // networkInfo.maximumNetworkInterfaces
  int addresses_per_interface = 2;  // networkInfo.ipv4AddressesPerInterface (primary included)
};

InterfaceLimits interface_limits(const std::string& instance_type);

// AttachmentLimitExceeded "Interface count N exceeds the limit for TYPE" when `count` interfaces
// (the primary included) are more than the type takes.
void require_interface_count(const std::string& instance_type, long long count);

// PrivateIpAddressLimitExceeded "Number of private addresses will exceed limit." when one interface
// would hold `count` private IPv4 addresses (primary included) on an instance of the type.
void require_addresses_per_interface(const std::string& instance_type, long long count);

}  // namespace cloudlife::ec2
