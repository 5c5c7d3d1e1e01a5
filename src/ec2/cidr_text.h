// The shape checks EC2 applies to CIDR text in routes, security group rules and network ACL
// entries. Contract: pure; true when `cidr` is a well-formed IPv4 (a.b.c.d/n, octets ≤ 255,
// n ≤ 32) or IPv6 (hex groups with colons, /n ≤ 128) CIDR block.
#pragma once

#include <string>

namespace cloudlife::ec2 {

bool valid_ipv4_cidr(const std::string& cidr);
bool valid_ipv6_cidr(const std::string& cidr);

}  // namespace cloudlife::ec2
