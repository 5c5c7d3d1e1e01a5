// The values a network interface has for a DescribeNetworkInterfaces filter name, shared with
// DescribeInstances' network-interface.* filters (which name the same facts of an instance's
// primary interface).
// Contract: a pure read of the partition (engine lock held); nullopt when the name is not a
// DescribeNetworkInterfaces filter, an empty list when the interface has no such value.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cloudlife::ec2 {

struct Ec2Partition;
struct NetworkInterface;

std::optional<std::vector<std::string>> interface_filter_values(const Ec2Partition& p,
                                                                const NetworkInterface& eni,
                                                                const std::string& name);

}  // namespace cloudlife::ec2
