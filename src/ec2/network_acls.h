// Network ACLs: Create/Delete/DescribeNetworkAcls, Create/Replace/DeleteNetworkAclEntry,
// ReplaceNetworkAclAssociation (docs/supported.md, "Network ACLs").
// Contract: called with the engine lock held; validate everything, then change (a DryRun that
// would succeed changes nothing). Every VPC has one default ACL, created with it, whose entries
// allow all traffic (rule 100) before the catch-all deny (rule 32767, which no call can change);
// an ACL made with CreateNetworkAcl holds only the catch-all denies. Every subnet is associated
// with exactly one ACL of its VPC: the default one when it is created, another one only through
// ReplaceNetworkAclAssociation (each replacement gets a new association ID). The default ACL
// cannot be deleted and goes with its VPC; another ACL with subnets is a DependencyViolation,
// and so is a VPC that still holds one.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ec2/filters.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct Ec2Partition;
struct Subnet;

struct NetworkAclEntry {
  int rule_number = 0;
  bool egress = false;
  std::string protocol;     // "-1" (all) or the IANA protocol number, as AWS answers it
  std::string rule_action;  // allow | deny
  std::string cidr_block;
  std::string ipv6_cidr_block;
  std::optional<int> port_from, port_to;    // tcp and udp only
  std::optional<int> icmp_type, icmp_code;  // icmp and icmpv6 only
};

struct NetworkAclAssociation {
  std::string association_id;  // aclassoc-…
  std::string subnet_id;
};

struct NetworkAcl {
  std::string network_acl_id;  // acl-…
  std::string vpc_id;
  bool is_default = false;
  std::vector<NetworkAclEntry> entries;  // egress first, each direction by rule number
  std::vector<NetworkAclAssociation> associations;
  TagSet tags;
};

// The rule number reserved for the catch-all deny of each direction.
inline constexpr int kCatchAllRule = 32767;

// "-1" for all protocols, the protocol number for a name AWS accepts (tcp, udp, icmp, icmpv6) or a
// number 0–255; nullopt when AWS refuses the value.
std::optional<std::string> normalize_acl_protocol(const std::string& protocol);

// The default ACL of a VPC, holding the VPC's subnets: CreateVpc, and the default VPC at a
// partition's first moment. Its ID, and those of the subnets' default associations, derive from the
// VPC's and the subnets' IDs (nothing is drawn from the state-ID sequence, so journals written
// before ACLs existed replay to the same IDs).
void add_default_network_acl(Ec2Partition& p, const std::string& vpc_id);
// A new subnet joins its VPC's default ACL: CreateSubnet.
void associate_subnet_with_default_acl(Ec2Partition& p, const Subnet& subnet);
// A deleted subnet's association goes with it.
void forget_subnet_acl_association(Ec2Partition& p, const std::string& subnet_id);
// What a VPC deletion must refuse (an ACL other than the default), then removes the default ACL.
// `apply` false checks only.
void release_vpc_network_acls(Ec2Partition& p, const std::string& vpc_id, bool apply);

NetworkAcl& require_network_acl(Ec2Partition& p, const std::string& acl_id);

NetworkAcl create_network_acl(Ec2Partition& p, const std::string& vpc_id,
                              const std::vector<Tag>& tags, bool dry_run);
void delete_network_acl(Ec2Partition& p, const std::string& acl_id, bool dry_run);

struct NetworkAclEntryRequest {
  std::string acl_id;
  std::optional<int> rule_number;
  std::optional<bool> egress;
  std::string protocol;
  std::string rule_action;
  std::string cidr_block;
  std::string ipv6_cidr_block;
  std::optional<int> port_from, port_to;
  std::optional<int> icmp_type, icmp_code;
  bool dry_run = false;
};
void create_network_acl_entry(Ec2Partition& p, const NetworkAclEntryRequest& r);
void replace_network_acl_entry(Ec2Partition& p, const NetworkAclEntryRequest& r);
void delete_network_acl_entry(Ec2Partition& p, const std::string& acl_id,
                              std::optional<int> rule_number, std::optional<bool> egress,
                              bool dry_run);
// Moves the subnet of `association_id` to `acl_id`; answers the new association ID.
std::string replace_network_acl_association(Ec2Partition& p, const std::string& association_id,
                                            const std::string& acl_id, bool dry_run);

struct DescribeNetworkAclsRequest {
  std::vector<std::string> ids;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};
struct DescribeNetworkAclsResult {
  std::vector<NetworkAcl> acls;
  std::string next_token;
};
DescribeNetworkAclsResult describe_network_acls(Ec2Partition& p,
                                                const DescribeNetworkAclsRequest& r);

}  // namespace cloudlife::ec2
