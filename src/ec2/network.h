// The partition's network: its default VPC, one default subnet per Availability Zone, and the
// private (and public) addresses handed to instances.
// Contract: every account/region starts with a default VPC 172.31.0.0/16 and default subnets
// 172.31.(16*k).0/20 that map public IPs on launch, as AWS creates them. Addresses are allocated
// lowest-free per subnet and never reused while held; released addresses are reused.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct Vpc {
  std::string vpc_id;
  std::string cidr_block;
  bool is_default = false;
  std::string state = "available";
  std::string dhcp_options_id;
  std::string instance_tenancy = "default";
  bool enable_dns_support = true;
  bool enable_dns_hostnames = false;  // true in a default VPC
  bool enable_network_address_usage_metrics = false;
  TagSet tags;
};

// The host numbers of a subnet that are in use: one bit each (a /16 subnet takes at most 8 KiB),
// where a std::set took a 48-byte node per address.
class HostSet {
 public:
  bool contains(std::uint32_t host) const {
    const std::size_t word = host / 64;
    return word < bits_.size() && (bits_[word] >> (host % 64) & 1U) != 0;
  }
  void insert(std::uint32_t host) {
    const std::size_t word = host / 64;
    if (word >= bits_.size()) bits_.resize(word + 1, 0);
    bits_[word] |= std::uint64_t{1} << (host % 64);
  }
  // How many it removed (0 or 1), as std::set::erase.
  std::size_t erase(std::uint32_t host) {
    if (!contains(host)) return 0;
    bits_[host / 64] &= ~(std::uint64_t{1} << (host % 64));
    return 1;
  }
  // Snapshots reach the private members (scripts/gen_state_reflection.py).
  template <class V>
  friend void reflect(V& v, HostSet& x);

 private:
  std::vector<std::uint64_t> bits_;
};

struct Subnet {
  std::string subnet_id;
  std::string vpc_id;
  std::string availability_zone;
  std::string zone_id;
  std::string cidr_block;
  bool default_for_az = false;
  bool map_public_ip_on_launch = false;
  std::string state = "available";
  HostSet used_hosts;  // host numbers held by interfaces (AWS reserves .0–.3)
  // No host below this is free (a lower bound kept by allocation and release), so finding the
  // lowest free address does not walk every used one.
  std::uint32_t lowest_free_hint = 4;
  int available_ips = 0;
  TagSet tags;
};

class Network {
 public:
  Network() = default;
  // Creates the default VPC and subnets of `region` for `account`. Their IDs derive from account
  // and region (core::derived_id): the same on every run and after every restart, as an AWS
  // account's default VPC keeps its ID.
  void create_defaults(const std::string& region, const std::string& account = "");

  std::map<std::string, Vpc> vpcs;
  std::map<std::string, Subnet> subnets;
  std::string default_security_group_id;

  // The default VPC, or nullptr once the user deleted it.
  const Vpc* default_vpc() const;
  // The default subnet of `zone`, or nullptr once the user deleted it.
  const Subnet* default_subnet_for(const std::string& zone) const;
  Subnet* find_subnet(const std::string& subnet_id);
  // The lowest free private address in the subnet ("172.31.16.4"); "" when the subnet is full.
  std::string allocate_private_ip(Subnet& subnet);
  // Takes a chosen address: InvalidParameterValue outside the subnet's usable range,
  // InvalidIPAddress.InUse when held. `apply` false checks only.
  void claim_private_ip(Subnet& subnet, const std::string& ip, bool apply);
  // Gives an address back to its subnet (no-op when the subnet is gone).
  void release_private_ip(const std::string& subnet_id, const std::string& ip);
  // A public address from a documentation-free range (deterministic sequence).
  std::string allocate_public_ip();

  static std::uint32_t parse_ipv4(const std::string& dotted);
  static std::string format_ipv4(std::uint32_t address);

  // Snapshots reach the private members (scripts/gen_state_reflection.py).
  template <class V>
  friend void reflect(V& v, Network& x);

 private:
  std::uint32_t next_public_ = 0;
};

// "ip-172-31-16-4.ec2.internal" (us-east-1) or "ip-….REGION.compute.internal".
std::string private_dns_name(const std::string& ip, const std::string& region);
// "ec2-3-80-0-4.compute-1.amazonaws.com" (us-east-1) or "ec2-….REGION.compute.amazonaws.com".
std::string public_dns_name(const std::string& ip, const std::string& region);

}  // namespace cloudlife::ec2
