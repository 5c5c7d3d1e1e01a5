#include "ec2/network_acls.h"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/cidr_text.h"
#include "ec2/ec2_model.h"
#include "ec2/ec2_partition.h"
#include "ec2/tag_operations.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;
using V = std::vector<std::string>;

[[noreturn]] void invalid(const std::string& member, const std::string& value,
                          const std::string& why) {
  throw ServiceError("InvalidParameterValue",
                     "Value (" + value + ") for parameter " + member + " is invalid. " + why);
}

void require_member(bool present, const char* member) {
  if (!present) {
    throw ServiceError("MissingParameter",
                       std::string("The request must contain the parameter ") + member);
  }
}

NetworkAclEntry catch_all(bool egress) {
  NetworkAclEntry e;
  e.rule_number = kCatchAllRule;
  e.egress = egress;
  e.protocol = "-1";
  e.rule_action = "deny";
  e.cidr_block = "0.0.0.0/0";
  return e;
}

NetworkAclEntry allow_all(bool egress) {
  NetworkAclEntry e = catch_all(egress);
  e.rule_number = 100;
  e.rule_action = "allow";
  return e;
}

void sort_entries(std::vector<NetworkAclEntry>& entries) {
  std::sort(entries.begin(), entries.end(), [](const NetworkAclEntry& a, const NetworkAclEntry& b) {
    return std::make_tuple(!a.egress, a.rule_number) < std::make_tuple(!b.egress, b.rule_number);
  });
}

NetworkAcl new_acl(const std::string& acl_id, const std::string& vpc_id, bool is_default) {
  NetworkAcl acl;
  acl.network_acl_id = acl_id;
  acl.vpc_id = vpc_id;
  acl.is_default = is_default;
  if (is_default) {
    acl.entries.push_back(allow_all(true));
    acl.entries.push_back(allow_all(false));
  }
  acl.entries.push_back(catch_all(true));
  acl.entries.push_back(catch_all(false));
  sort_entries(acl.entries);
  return acl;
}

NetworkAcl* default_acl_of(Ec2Partition& p, const std::string& vpc_id) {
  for (auto& [id, acl] : p.network_acls) {
    if (acl.vpc_id == vpc_id && acl.is_default) return &acl;
  }
  return nullptr;
}

Vpc& require_acl_vpc(Ec2Partition& p, const std::string& vpc_id) {
  require_member(!vpc_id.empty(), "vpcId");
  auto it = p.network.vpcs.find(vpc_id);
  if (it == p.network.vpcs.end()) {
    throw ServiceError("InvalidVpcID.NotFound", "The vpc ID '" + vpc_id + "' does not exist");
  }
  return it->second;
}

// The rule number of an entry call: present and in 1–32766 (32767 is the untouchable catch-all).
int checked_rule_number(std::optional<int> rule_number) {
  require_member(rule_number.has_value(), "ruleNumber");
  if (*rule_number < 1 || *rule_number >= kCatchAllRule) {
    invalid("ruleNumber", std::to_string(*rule_number),
            "Rule numbers must be between 1 and 32766.");
  }
  return *rule_number;
}

void check_port(std::optional<int> port, const char* member) {
  if (port && (*port < 0 || *port > 65535)) {
    invalid(member, std::to_string(*port), "Ports must be between 0 and 65535.");
  }
}

// The entry a Create/ReplaceNetworkAclEntry asks for, with AWS's checks. Port ranges belong to
// tcp and udp, ICMP type and code to icmp and icmpv6; AWS drops them for other protocols.
NetworkAclEntry entry_of(const NetworkAclEntryRequest& r) {
  NetworkAclEntry e;
  e.rule_number = checked_rule_number(r.rule_number);
  require_member(r.egress.has_value(), "egress");
  e.egress = *r.egress;
  require_member(!r.protocol.empty(), "protocol");
  const auto protocol = normalize_acl_protocol(r.protocol);
  if (!protocol) invalid("protocol", r.protocol, "Invalid protocol.");
  e.protocol = *protocol;
  require_member(!r.rule_action.empty(), "ruleAction");
  if (r.rule_action != "allow" && r.rule_action != "deny") {
    invalid("ruleAction", r.rule_action, "Expecting one of: allow, deny.");
  }
  e.rule_action = r.rule_action;
  if (r.cidr_block.empty() == r.ipv6_cidr_block.empty()) {
    throw ServiceError("InvalidParameterCombination",
                       "Exactly one of cidrBlock or ipv6CidrBlock must be specified.");
  }
  if (!r.cidr_block.empty() && !valid_ipv4_cidr(r.cidr_block)) {
    invalid("cidrBlock", r.cidr_block, "This is not a valid CIDR block.");
  }
  if (!r.ipv6_cidr_block.empty() && !valid_ipv6_cidr(r.ipv6_cidr_block)) {
    invalid("ipv6CidrBlock", r.ipv6_cidr_block, "This is not a valid IPv6 CIDR block.");
  }
  e.cidr_block = r.cidr_block;
  e.ipv6_cidr_block = r.ipv6_cidr_block;
  if (e.protocol == "6" || e.protocol == "17") {
    require_member(r.port_from.has_value() && r.port_to.has_value(), "portRange");
    check_port(r.port_from, "portRange.from");
    check_port(r.port_to, "portRange.to");
    e.port_from = r.port_from;
    e.port_to = r.port_to;
  }
  if (e.protocol == "1" || e.protocol == "58") {
    require_member(r.icmp_type.has_value() && r.icmp_code.has_value(), "icmpTypeCode");
    e.icmp_type = r.icmp_type;
    e.icmp_code = r.icmp_code;
  }
  return e;
}

std::vector<NetworkAclEntry>::iterator find_entry(NetworkAcl& acl, int rule_number, bool egress) {
  return std::find_if(acl.entries.begin(), acl.entries.end(), [&](const NetworkAclEntry& e) {
    return e.rule_number == rule_number && e.egress == egress;
  });
}

[[noreturn]] void entry_not_found(const NetworkAcl& acl, int rule_number, bool egress) {
  throw ServiceError("InvalidNetworkAclEntry.NotFound",
                     "The network acl entry identified by " + std::to_string(rule_number) + " (" +
                         (egress ? "egress" : "ingress") + ") does not exist in network ACL " +
                         acl.network_acl_id + ".");
}

std::string optional_text(const std::optional<int>& v) {
  return v ? std::to_string(*v) : std::string();
}

// The values an ACL offers to a DescribeNetworkAcls filter; nullopt for an unknown name.
std::optional<V> filter_values(const Ec2Partition& p, const NetworkAcl& acl,
                               const std::string& name) {
  if (auto tags = tag_filter_values(acl.tags, name)) return tags;
  if (name == "network-acl-id") return V{acl.network_acl_id};
  if (name == "vpc-id") return V{acl.vpc_id};
  if (name == "owner-id") return V{p.key.account};
  if (name == "default") return V{acl.is_default ? "true" : "false"};
  V out;
  if (name == "association.association-id" || name == "association.network-acl-id" ||
      name == "association.subnet-id") {
    for (const NetworkAclAssociation& a : acl.associations) {
      if (name == "association.association-id") out.push_back(a.association_id);
      if (name == "association.network-acl-id") out.push_back(acl.network_acl_id);
      if (name == "association.subnet-id") out.push_back(a.subnet_id);
    }
    return out;
  }
  static const V entry_fields = {
      "cidr",          "icmp.code", "icmp.type",   "ipv6-cidr", "port-range.from",
      "port-range.to", "protocol",  "rule-action", "egress",    "rule-number"};
  if (name.rfind("entry.", 0) != 0) return std::nullopt;
  const std::string field = name.substr(6);
  if (std::find(entry_fields.begin(), entry_fields.end(), field) == entry_fields.end()) {
    return std::nullopt;
  }
  for (const NetworkAclEntry& e : acl.entries) {
    if (field == "cidr") out.push_back(e.cidr_block);
    if (field == "ipv6-cidr") out.push_back(e.ipv6_cidr_block);
    if (field == "icmp.code") out.push_back(optional_text(e.icmp_code));
    if (field == "icmp.type") out.push_back(optional_text(e.icmp_type));
    if (field == "port-range.from") out.push_back(optional_text(e.port_from));
    if (field == "port-range.to") out.push_back(optional_text(e.port_to));
    if (field == "protocol") out.push_back(e.protocol);
    if (field == "rule-action") out.push_back(e.rule_action);
    if (field == "egress") out.push_back(e.egress ? "true" : "false");
    if (field == "rule-number") out.push_back(std::to_string(e.rule_number));
  }
  return out;
}

void check_describe_paging(const DescribeNetworkAclsRequest& r) {
  if (r.max_results && (*r.max_results < 5 || *r.max_results > 1000)) {
    throw ServiceError("InvalidParameterValue",
                       "Value ( " + std::to_string(*r.max_results) +
                           " ) for parameter maxResults is invalid. Expecting a value between 5 "
                           "and 1000.");
  }
  if (!r.next_token.empty() && r.next_token.rfind("acl-", 0) != 0) {
    throw ServiceError("InvalidParameterValue", "Value ( " + r.next_token +
                                                    " ) for parameter NextToken is invalid. The "
                                                    "token is invalid.");
  }
}

}  // namespace

std::optional<std::string> normalize_acl_protocol(const std::string& protocol) {
  std::string lower = protocol;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "-1" || lower == "all") return "-1";
  if (lower == "tcp") return "6";
  if (lower == "udp") return "17";
  if (lower == "icmp") return "1";
  if (lower == "icmpv6") return "58";
  int number = -1;
  const auto [ptr, ec] = std::from_chars(lower.data(), lower.data() + lower.size(), number);
  if (ec != std::errc{} || ptr != lower.data() + lower.size() || number < 0 || number > 255) {
    return std::nullopt;
  }
  return std::to_string(number);
}

// The default ACL's and the default associations' IDs derive from the VPC's and the subnet's:
// they draw nothing from the state-ID sequence, so a journal written before ACLs existed replays
// to the IDs its clients were given.
std::string default_acl_id(const Ec2Partition& p, const std::string& vpc_id) {
  return core::derived_id("acl", p.key.account + "/" + p.key.region + "/" + vpc_id);
}

std::string default_association_id(const Ec2Partition& p, const std::string& subnet_id) {
  return core::derived_id("aclassoc", p.key.account + "/" + p.key.region + "/" + subnet_id);
}

void add_default_network_acl(Ec2Partition& p, const std::string& vpc_id) {
  NetworkAcl acl = new_acl(default_acl_id(p, vpc_id), vpc_id, true);
  for (const auto& [id, subnet] : p.network.subnets) {
    if (subnet.vpc_id == vpc_id) acl.associations.push_back({default_association_id(p, id), id});
  }
  p.network_acls.emplace(acl.network_acl_id, std::move(acl));
}

void associate_subnet_with_default_acl(Ec2Partition& p, const Subnet& subnet) {
  if (NetworkAcl* acl = default_acl_of(p, subnet.vpc_id)) {
    acl->associations.push_back({default_association_id(p, subnet.subnet_id), subnet.subnet_id});
  }
}

void forget_subnet_acl_association(Ec2Partition& p, const std::string& subnet_id) {
  for (auto& [id, acl] : p.network_acls) {
    std::erase_if(acl.associations,
                  [&](const NetworkAclAssociation& a) { return a.subnet_id == subnet_id; });
  }
}

void release_vpc_network_acls(Ec2Partition& p, const std::string& vpc_id, bool apply) {
  for (const auto& [id, acl] : p.network_acls) {
    if (acl.vpc_id == vpc_id && !acl.is_default) {
      throw ServiceError("DependencyViolation",
                         "The vpc '" + vpc_id + "' has dependencies and cannot be deleted.");
    }
  }
  if (!apply) return;
  std::erase_if(p.network_acls, [&](const auto& e) { return e.second.vpc_id == vpc_id; });
}

NetworkAcl& require_network_acl(Ec2Partition& p, const std::string& acl_id) {
  require_member(!acl_id.empty(), "networkAclId");
  auto it = p.network_acls.find(acl_id);
  if (it == p.network_acls.end()) {
    throw ServiceError("InvalidNetworkAclID.NotFound",
                       "The networkAcl ID '" + acl_id + "' does not exist");
  }
  return it->second;
}

NetworkAcl create_network_acl(Ec2Partition& p, const std::string& vpc_id,
                              const std::vector<Tag>& tags, bool dry_run) {
  require_acl_vpc(p, vpc_id);
  validate_user_tags(tags);
  if (dry_run) throw dry_run_succeeded();
  NetworkAcl acl = new_acl(core::resource_id("acl"), vpc_id, false);
  for (const Tag& t : tags) acl.tags.set(t.key, t.value);
  p.network_acls.emplace(acl.network_acl_id, acl);
  return acl;
}

void delete_network_acl(Ec2Partition& p, const std::string& acl_id, bool dry_run) {
  const NetworkAcl& acl = require_network_acl(p, acl_id);
  if (acl.is_default) {
    throw ServiceError("InvalidParameterValue", "cannot delete default network ACL " + acl_id);
  }
  if (!acl.associations.empty()) {
    throw ServiceError("DependencyViolation",
                       "The networkAcl '" + acl_id + "' has dependencies and cannot be deleted.");
  }
  if (dry_run) throw dry_run_succeeded();
  p.network_acls.erase(acl_id);
}

void create_network_acl_entry(Ec2Partition& p, const NetworkAclEntryRequest& r) {
  NetworkAcl& acl = require_network_acl(p, r.acl_id);
  const NetworkAclEntry e = entry_of(r);
  if (find_entry(acl, e.rule_number, e.egress) != acl.entries.end()) {
    throw ServiceError("NetworkAclEntryAlreadyExists", "The network acl entry identified by " +
                                                           std::to_string(e.rule_number) +
                                                           " already exists.");
  }
  if (r.dry_run) throw dry_run_succeeded();
  acl.entries.push_back(e);
  sort_entries(acl.entries);
}

void replace_network_acl_entry(Ec2Partition& p, const NetworkAclEntryRequest& r) {
  NetworkAcl& acl = require_network_acl(p, r.acl_id);
  const NetworkAclEntry e = entry_of(r);
  auto it = find_entry(acl, e.rule_number, e.egress);
  if (it == acl.entries.end()) entry_not_found(acl, e.rule_number, e.egress);
  if (r.dry_run) throw dry_run_succeeded();
  *it = e;
}

void delete_network_acl_entry(Ec2Partition& p, const std::string& acl_id,
                              std::optional<int> rule_number, std::optional<bool> egress,
                              bool dry_run) {
  NetworkAcl& acl = require_network_acl(p, acl_id);
  const int number = checked_rule_number(rule_number);
  require_member(egress.has_value(), "egress");
  auto it = find_entry(acl, number, *egress);
  if (it == acl.entries.end()) entry_not_found(acl, number, *egress);
  if (dry_run) throw dry_run_succeeded();
  acl.entries.erase(it);
}

std::string replace_network_acl_association(Ec2Partition& p, const std::string& association_id,
                                            const std::string& acl_id, bool dry_run) {
  require_member(!association_id.empty(), "associationId");
  NetworkAcl& target = require_network_acl(p, acl_id);
  NetworkAcl* current = nullptr;
  std::vector<NetworkAclAssociation>::iterator found;
  for (auto& [id, acl] : p.network_acls) {
    auto it = std::find_if(
        acl.associations.begin(), acl.associations.end(),
        [&](const NetworkAclAssociation& a) { return a.association_id == association_id; });
    if (it != acl.associations.end()) {
      current = &acl;
      found = it;
    }
  }
  if (!current) {
    throw ServiceError("InvalidAssociationID.NotFound",
                       "The association ID '" + association_id + "' does not exist");
  }
  if (current->vpc_id != target.vpc_id) {
    throw ServiceError("InvalidParameterValue", "Network acl " + acl_id + " and subnet " +
                                                    found->subnet_id +
                                                    " belong to different networks");
  }
  if (dry_run) throw dry_run_succeeded();
  const std::string subnet_id = found->subnet_id;
  current->associations.erase(found);
  const std::string new_id = core::resource_id("aclassoc");
  target.associations.push_back({new_id, subnet_id});
  return new_id;
}

DescribeNetworkAclsResult describe_network_acls(Ec2Partition& p,
                                                const DescribeNetworkAclsRequest& r) {
  check_describe_paging(r);
  require_known_filters(r.filters,
                        [&](const std::string& n) { return filter_values(p, NetworkAcl{}, n); });
  for (const std::string& id : r.ids) require_network_acl(p, id);
  if (r.dry_run) throw dry_run_succeeded();
  DescribeNetworkAclsResult result;
  std::string last;
  auto it =
      r.next_token.empty() ? p.network_acls.begin() : p.network_acls.upper_bound(r.next_token);
  for (; it != p.network_acls.end(); ++it) {
    const NetworkAcl& acl = it->second;
    if (!r.ids.empty() &&
        std::find(r.ids.begin(), r.ids.end(), acl.network_acl_id) == r.ids.end()) {
      continue;
    }
    if (!matches_all(r.filters, [&](const std::string& n) { return filter_values(p, acl, n); })) {
      continue;
    }
    if (r.max_results && static_cast<long long>(result.acls.size()) == *r.max_results) {
      result.next_token = last;
      return result;
    }
    result.acls.push_back(acl);
    last = acl.network_acl_id;
  }
  return result;
}

}  // namespace cloudlife::ec2
