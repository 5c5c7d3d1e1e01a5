// Security groups and their rules (CreateSecurityGroup, DeleteSecurityGroup,
// DescribeSecurityGroups, Authorize/RevokeSecurityGroupIngress/Egress, DescribeSecurityGroupRules,
// ModifySecurityGroupRules) with EC2's rules and error codes (docs/supported.md, "Security
// groups"). Contract: called with the engine lock held; every operation validates everything before
// it changes anything. Every VPC has one group named "default" (ingress: all traffic from the group
// itself; egress: all traffic to 0.0.0.0/0) that cannot be deleted; a new group starts with the
// egress rule only. Each rule is one peer (IPv4 CIDR, IPv6 CIDR, prefix list or group) with an
// "sgr-" ID; IpPermissions group rules by protocol and ports. Groups are described in ID order.
//
//   SecurityGroup& g = create_security_group(p, {"web", "web servers", vpc_id, {}});
//   authorize_rules(p, g.group_id, /*egress=*/false, {tcp_22_from_anywhere});
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ec2/filters.h"
#include "ec2/tags.h"

namespace cloudlife::ec2 {

struct Ec2Partition;

struct SecurityGroupRule {
  std::string rule_id;  // sgr-…
  std::string group_id;
  bool egress = false;
  std::string protocol;  // "tcp" | "udp" | "icmp" | "icmpv6" | "-1" | another protocol number
  int from_port = -1;    // -1 when the protocol has no ports
  int to_port = -1;
  // Exactly one peer.
  std::string cidr_ipv4;
  std::string cidr_ipv6;
  std::string prefix_list_id;
  std::string referenced_group_id;
  std::string referenced_user_id;
  std::string referenced_group_name;  // group names never change
  std::string description;
  TagSet tags;

  // Same protocol, ports and peer (the description does not count).
  bool same_rule_as(const SecurityGroupRule& other) const;
};

struct SecurityGroup {
  std::string group_id;
  std::string group_name;
  std::string description;
  std::string vpc_id;
  TagSet tags;
  std::vector<SecurityGroupRule> rules;  // in the order they were added
};

// One IpPermission of a request, before validation ("IpPermissions.N").
struct IpPermissionSpec {
  struct Peer {
    std::string kind;        // "ipv4" | "ipv6" | "prefix" | "group"
    std::string value;       // CIDR, prefix list ID or group ID
    std::string group_name;  // "group" given by name
    std::string user_id;     // the referenced group's owner; must be this account
    std::string description;
    std::string vpc_id;  // the referenced group's VPC, when the request names it
  };
  std::string protocol;
  std::optional<long long> from_port;
  std::optional<long long> to_port;
  std::vector<Peer> peers;
};

// A permission grouped for the wire: rules with the same protocol and ports.
struct IpPermissionView {
  std::string protocol;
  int from_port = -1;
  int to_port = -1;
  std::vector<const SecurityGroupRule*> rules;
};

struct CreateSecurityGroupRequest {
  std::string group_name;
  std::string description;
  std::string vpc_id;  // "" = the default VPC
  std::vector<Tag> tags;
};

// The protocol as EC2 reports it ("6" -> "tcp", "all" -> "-1"); InvalidParameterValue otherwise.
std::string normalize_ip_protocol(const std::string& protocol);
// Turns request permissions into rules of `group` (IDs not drawn yet); throws EC2's error for the
// first invalid one (protocol, ports, CIDR, unknown referenced group).
std::vector<SecurityGroupRule> rules_from_permissions(const Ec2Partition& p,
                                                      const SecurityGroup& group, bool egress,
                                                      const std::vector<IpPermissionSpec>& perms);
// "peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW" (InvalidPermission.Duplicate's text).
std::string rule_text(const SecurityGroupRule& rule);
// The rules of one direction grouped by protocol and ports, in first-rule order.
std::vector<IpPermissionView> permissions_of(const SecurityGroup& group, bool egress);
std::string security_group_rule_arn(const std::string& rule_id, const std::string& owner,
                                    const std::string& region);

// The default group of a VPC, with the default rules; `rule_ids` gives the two rule IDs.
SecurityGroup default_security_group(const std::string& group_id, const std::string& vpc_id,
                                     const std::string& owner, const std::string& ingress_rule_id,
                                     const std::string& egress_rule_id);

// Look-ups. require_* throw InvalidGroupId.Malformed / InvalidGroup.NotFound.
SecurityGroup* find_security_group(Ec2Partition& p, const std::string& group_id);
SecurityGroup& require_security_group(Ec2Partition& p, const std::string& group_id);
// A group by name in `vpc_id` ("" = the default VPC), or nullptr.
SecurityGroup* find_security_group_by_name(Ec2Partition& p, const std::string& name,
                                           const std::string& vpc_id);
// GroupId or GroupName (the default VPC's) of the Authorize/Revoke/Delete actions.
SecurityGroup& require_group_by_id_or_name(Ec2Partition& p, const std::string& group_id,
                                           const std::string& group_name);
const SecurityGroup* default_group_of_vpc(const Ec2Partition& p, const std::string& vpc_id);

SecurityGroup create_security_group(Ec2Partition& p, const CreateSecurityGroupRequest& request,
                                    bool dry_run);
void delete_security_group(Ec2Partition& p, const std::string& group_id,
                           const std::string& group_name, bool dry_run);

struct AuthorizeResult {
  std::vector<SecurityGroupRule> added;
};
AuthorizeResult authorize_rules(Ec2Partition& p, const std::string& group_id,
                                const std::string& group_name, bool egress,
                                const std::vector<IpPermissionSpec>& perms,
                                const std::vector<Tag>& rule_tags, bool dry_run);

struct RevokeResult {
  std::vector<SecurityGroupRule> revoked;
  std::vector<IpPermissionSpec> unknown;  // default VPC only: permissions that matched nothing
};
RevokeResult revoke_rules(Ec2Partition& p, const std::string& group_id,
                          const std::string& group_name, bool egress,
                          const std::vector<IpPermissionSpec>& perms,
                          const std::vector<std::string>& rule_ids, bool dry_run);

struct SecurityGroupRuleUpdate {
  std::string rule_id;
  IpPermissionSpec permission;  // one peer
};
void modify_security_group_rules(Ec2Partition& p, const std::string& group_id,
                                 const std::vector<SecurityGroupRuleUpdate>& updates, bool dry_run);

struct DescribeSecurityGroupsRequest {
  std::vector<std::string> group_ids;
  std::vector<std::string> group_names;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};
struct DescribeSecurityGroupsResult {
  std::vector<SecurityGroup> groups;
  std::string next_token;
};
DescribeSecurityGroupsResult describe_security_groups(Ec2Partition& p,
                                                      const DescribeSecurityGroupsRequest& r);

struct DescribeSecurityGroupRulesRequest {
  std::vector<std::string> rule_ids;
  std::vector<Filter> filters;
  std::optional<long long> max_results;
  std::string next_token;
  bool dry_run = false;
};
struct DescribeSecurityGroupRulesResult {
  std::vector<SecurityGroupRule> rules;
  std::string next_token;
};
DescribeSecurityGroupRulesResult describe_security_group_rules(
    Ec2Partition& p, const DescribeSecurityGroupRulesRequest& r);

// A group's values for a DescribeSecurityGroups filter name (nullopt: not a filter name).
std::optional<std::vector<std::string>> security_group_filter_values(const SecurityGroup& g,
                                                                     const std::string& owner,
                                                                     const std::string& name);

// The groups an instance or interface in `vpc_id` gets from IDs and names (names only in the
// default VPC); none: the VPC's default group. Throws InvalidGroup.NotFound and EC2's messages.
std::vector<std::string> resolve_security_groups(Ec2Partition& p, const std::string& vpc_id,
                                                 const std::vector<std::string>& ids,
                                                 const std::vector<std::string>& names);

}  // namespace cloudlife::ec2
