#include "ec2/security_groups.h"
#include "ec2/max_results.h"

#include <algorithm>
#include <regex>
#include <set>
#include <utility>

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

constexpr std::size_t kMaxRulesPerDirection = 60;

bool has_ports(const std::string& protocol) {
  return protocol == "tcp" || protocol == "udp" || protocol == "icmp" || protocol == "icmpv6";
}

// EC2's characters for group names and descriptions in a VPC.
bool valid_group_text(const std::string& s) {
  static const std::regex pattern(R"(^[a-zA-Z0-9 ._\-:/()#,@\[\]+=&;{}!$*]*$)");
  return std::regex_match(s, pattern);
}

bool well_formed_group_id(const std::string& id) {
  static const std::regex pattern(R"(^sg-([0-9a-f]{8}|[0-9a-f]{17})$)");
  return std::regex_match(id, pattern);
}

std::string vpc_or_default(const Ec2Partition& p, const std::string& vpc_id) {
  if (!vpc_id.empty()) return vpc_id;
  const Vpc* def = p.network.default_vpc();
  return def ? def->vpc_id : "";
}

std::string token_after(const std::string& token, const std::string& id_prefix) {
  if (token.empty()) return "";
  if (token.rfind(id_prefix, 0) != 0) {
    throw ServiceError("InvalidParameterValue", "Value ( " + token +
                                                    " ) for parameter NextToken is invalid. The "
                                                    "token is invalid.");
  }
  return token;
}

int checked_port(long long v, const char* what) {
  if (v < -1 || v > 65535) {
    throw ServiceError("InvalidParameterValue",
                       std::string("Invalid value '") + std::to_string(v) + "' for " + what + ".");
  }
  return static_cast<int>(v);
}

void set_ports(SecurityGroupRule& r, const IpPermissionSpec& perm) {
  if (r.protocol == "tcp" || r.protocol == "udp") {
    if (!perm.from_port || !perm.to_port) {
      throw ServiceError("InvalidParameterValue",
                         "Invalid value for portRange. Must specify both from and to ports with "
                         "TCP/UDP.");
    }
    r.from_port = checked_port(*perm.from_port, "fromPort");
    r.to_port = checked_port(*perm.to_port, "toPort");
    if (r.from_port < 0 || r.to_port < 0 || r.from_port > r.to_port) {
      throw ServiceError("InvalidParameterValue", "Invalid TCP/UDP port range " +
                                                      std::to_string(r.from_port) + " - " +
                                                      std::to_string(r.to_port) + ".");
    }
  } else if (r.protocol == "icmp" || r.protocol == "icmpv6") {
    // ICMP type and code; -1 is "all".
    r.from_port = perm.from_port ? checked_port(*perm.from_port, "icmp type") : -1;
    r.to_port = perm.to_port ? checked_port(*perm.to_port, "icmp code") : -1;
    if (r.from_port > 255 || r.to_port > 255) {
      throw ServiceError("InvalidParameterValue",
                         "Invalid value '" + std::to_string(std::max(r.from_port, r.to_port)) +
                             "' for icmp type/code.");
    }
  }
}

std::string protocol_text(const SecurityGroupRule& r) {
  if (r.protocol == "-1") return "ALL";
  std::string upper = r.protocol;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

bool group_in_use(const Ec2Partition& p, const std::string& group_id) {
  for (const auto& [id, eni] : p.network_interfaces) {
    if (std::find(eni.group_ids.begin(), eni.group_ids.end(), group_id) != eni.group_ids.end()) {
      return true;
    }
  }
  for (const auto& [id, inst] : std::as_const(p.instances)) {
    if (inst.lifecycle.state() == core::InstanceState::kTerminated) continue;
    const auto& g = inst.security_group_ids;
    if (std::find(g.begin(), g.end(), group_id) != g.end()) return true;
  }
  return false;
}

bool referenced_by_other_group(const Ec2Partition& p, const std::string& group_id) {
  for (const auto& [id, g] : p.security_groups) {
    if (id == group_id) continue;
    for (const SecurityGroupRule& r : g.rules) {
      if (r.referenced_group_id == group_id) return true;
    }
  }
  return false;
}

bool matches_spec_peer(const SecurityGroupRule& rule, const SecurityGroupRule& wanted) {
  return rule.same_rule_as(wanted);
}

}  // namespace

bool SecurityGroupRule::same_rule_as(const SecurityGroupRule& o) const {
  return egress == o.egress && protocol == o.protocol && from_port == o.from_port &&
         to_port == o.to_port && cidr_ipv4 == o.cidr_ipv4 && cidr_ipv6 == o.cidr_ipv6 &&
         prefix_list_id == o.prefix_list_id && referenced_group_id == o.referenced_group_id;
}

std::string normalize_ip_protocol(const std::string& protocol) {
  std::string p = protocol;
  for (char& c : p) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (p == "-1" || p == "all") return "-1";
  if (p == "tcp" || p == "6") return "tcp";
  if (p == "udp" || p == "17") return "udp";
  if (p == "icmp" || p == "1") return "icmp";
  if (p == "icmpv6" || p == "58") return "icmpv6";
  if (!p.empty() && p.size() <= 3 && std::all_of(p.begin(), p.end(), ::isdigit) &&
      std::stoi(p) <= 255) {
    return std::to_string(std::stoi(p));
  }
  throw ServiceError("InvalidParameterValue",
                     "Invalid value '" + protocol + "' for IP protocol. Unknown protocol.");
}

std::vector<SecurityGroupRule> rules_from_permissions(const Ec2Partition& p,
                                                      const SecurityGroup& group, bool egress,
                                                      const std::vector<IpPermissionSpec>& perms) {
  std::vector<SecurityGroupRule> out;
  for (const IpPermissionSpec& perm : perms) {
    if (perm.protocol.empty()) {
      throw ServiceError("MissingParameter", "The request must contain the parameter ipProtocol");
    }
    SecurityGroupRule base;
    base.group_id = group.group_id;
    base.egress = egress;
    base.protocol = normalize_ip_protocol(perm.protocol);
    set_ports(base, perm);
    if (perm.peers.empty()) {
      throw ServiceError("InvalidParameterValue",
                         "The request must contain a CIDR block, a prefix list, or a security "
                         "group as the " +
                             std::string(egress ? "destination" : "source") + ".");
    }
    for (const IpPermissionSpec::Peer& peer : perm.peers) {
      SecurityGroupRule r = base;
      r.description = peer.description;
      if (peer.description.size() > 255 || !valid_group_text(peer.description)) {
        throw ServiceError(
            "InvalidParameterValue",
            "Invalid rule description. Valid descriptions are strings less than "
            "256 characters from the following set:  a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*");
      }
      if (peer.kind == "ipv4") {
        if (!valid_ipv4_cidr(peer.value)) {
          throw ServiceError("InvalidParameterValue", "CIDR block " + peer.value + " is malformed");
        }
        r.cidr_ipv4 = peer.value;
      } else if (peer.kind == "ipv6") {
        if (!valid_ipv6_cidr(peer.value)) {
          throw ServiceError("InvalidParameterValue", "CIDR block " + peer.value + " is malformed");
        }
        r.cidr_ipv6 = peer.value;
      } else if (peer.kind == "prefix") {
        // cloudlife has no managed prefix lists: every ID names one that does not exist.
        throw ServiceError("InvalidPrefixListID.NotFound",
                           "The prefix list ID '" + peer.value + "' does not exist");
      } else {
        const SecurityGroup* ref = nullptr;
        if (!peer.value.empty()) {
          auto it = p.security_groups.find(peer.value);
          if (!well_formed_group_id(peer.value)) {
            throw ServiceError("InvalidGroupId.Malformed", "Invalid id: \"" + peer.value + "\"");
          }
          if (it != p.security_groups.end()) ref = &it->second;
          if (!ref) {
            throw ServiceError("InvalidGroup.NotFound",
                               "The security group '" + peer.value + "' does not exist");
          }
        } else {
          for (const auto& [id, g] : p.security_groups) {
            if (g.group_name == peer.group_name && g.vpc_id == group.vpc_id) ref = &g;
          }
          if (!ref) {
            throw ServiceError("InvalidGroup.NotFound", "The security group '" + peer.group_name +
                                                            "' does not exist in VPC '" +
                                                            group.vpc_id + "'");
          }
        }
        if (!peer.user_id.empty() && peer.user_id != p.key.account) {
          throw ServiceError("Unsupported",
                             "The requested configuration is currently not supported: cloudlife "
                             "does not implement references to another account's security "
                             "group (UserId " +
                                 peer.user_id + ").");
        }
        if (!peer.vpc_id.empty() && peer.vpc_id != ref->vpc_id) {
          throw ServiceError("InvalidGroup.NotFound", "The security group '" + ref->group_id +
                                                          "' does not exist in VPC '" +
                                                          peer.vpc_id + "'");
        }
        if (ref->vpc_id != group.vpc_id) {
          throw ServiceError("InvalidGroup.NotFound",
                             "You have specified two resources that "
                             "belong to different networks.");
        }
        r.referenced_group_id = ref->group_id;
        r.referenced_user_id = p.key.account;
        r.referenced_group_name = ref->group_name;
      }
      out.push_back(std::move(r));
    }
  }
  return out;
}

std::string rule_text(const SecurityGroupRule& r) {
  std::string peer = !r.cidr_ipv4.empty()        ? r.cidr_ipv4
                     : !r.cidr_ipv6.empty()      ? r.cidr_ipv6
                     : !r.prefix_list_id.empty() ? r.prefix_list_id
                                                 : r.referenced_group_id;
  std::string text = "peer: " + peer + ", " + protocol_text(r);
  if (has_ports(r.protocol)) {
    text +=
        ", from port: " + std::to_string(r.from_port) + ", to port: " + std::to_string(r.to_port);
  }
  return text + ", ALLOW";
}

std::vector<IpPermissionView> permissions_of(const SecurityGroup& group, bool egress) {
  std::vector<IpPermissionView> out;
  for (const SecurityGroupRule& r : group.rules) {
    if (r.egress != egress) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const IpPermissionView& v) {
      return v.protocol == r.protocol && v.from_port == r.from_port && v.to_port == r.to_port;
    });
    if (it == out.end()) {
      out.push_back({r.protocol, r.from_port, r.to_port, {}});
      it = std::prev(out.end());
    }
    it->rules.push_back(&r);
  }
  return out;
}

std::string security_group_rule_arn(const std::string& rule_id, const std::string& owner,
                                    const std::string& region) {
  return "arn:aws:ec2:" + region + ":" + owner + ":security-group-rule/" + rule_id;
}

SecurityGroup default_security_group(const std::string& group_id, const std::string& vpc_id,
                                     const std::string& owner, const std::string& ingress_rule_id,
                                     const std::string& egress_rule_id) {
  SecurityGroup g;
  g.group_id = group_id;
  g.group_name = "default";
  g.description = "default VPC security group";
  g.vpc_id = vpc_id;
  SecurityGroupRule in;
  in.rule_id = ingress_rule_id;
  in.group_id = group_id;
  in.protocol = "-1";
  in.referenced_group_id = group_id;
  in.referenced_group_name = "default";
  in.referenced_user_id = owner;
  g.rules.push_back(in);
  SecurityGroupRule out;
  out.rule_id = egress_rule_id;
  out.group_id = group_id;
  out.egress = true;
  out.protocol = "-1";
  out.cidr_ipv4 = "0.0.0.0/0";
  g.rules.push_back(out);
  return g;
}

SecurityGroup* find_security_group(Ec2Partition& p, const std::string& group_id) {
  auto it = p.security_groups.find(group_id);
  return it == p.security_groups.end() ? nullptr : &it->second;
}

SecurityGroup& require_security_group(Ec2Partition& p, const std::string& group_id) {
  if (!well_formed_group_id(group_id)) {
    throw ServiceError("InvalidGroupId.Malformed", "Invalid id: \"" + group_id + "\"");
  }
  SecurityGroup* g = find_security_group(p, group_id);
  if (!g) {
    throw ServiceError("InvalidGroup.NotFound",
                       "The security group '" + group_id + "' does not exist");
  }
  return *g;
}

SecurityGroup* find_security_group_by_name(Ec2Partition& p, const std::string& name,
                                           const std::string& vpc_id) {
  const std::string vpc = vpc_or_default(p, vpc_id);
  for (auto& [id, g] : p.security_groups) {
    if (g.group_name == name && g.vpc_id == vpc) return &g;
  }
  return nullptr;
}

SecurityGroup& require_group_by_id_or_name(Ec2Partition& p, const std::string& group_id,
                                           const std::string& group_name) {
  if (!group_id.empty()) return require_security_group(p, group_id);
  if (group_name.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter groupName or groupId");
  }
  SecurityGroup* g = find_security_group_by_name(p, group_name, "");
  if (!g) {
    const Vpc* def = p.network.default_vpc();
    throw ServiceError("InvalidGroup.NotFound",
                       "The security group '" + group_name + "' does not exist in default VPC '" +
                           (def ? def->vpc_id : std::string("none")) + "'");
  }
  return *g;
}

const SecurityGroup* default_group_of_vpc(const Ec2Partition& p, const std::string& vpc_id) {
  for (const auto& [id, g] : p.security_groups) {
    if (g.vpc_id == vpc_id && g.group_name == "default") return &g;
  }
  return nullptr;
}

SecurityGroup create_security_group(Ec2Partition& p, const CreateSecurityGroupRequest& r,
                                    bool dry_run) {
  if (r.group_name.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter GroupName");
  }
  if (r.description.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter GroupDescription");
  }
  if (r.group_name.size() > 255 || !valid_group_text(r.group_name)) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + r.group_name +
                           ") for parameter GroupName is invalid. Character sets beyond ASCII are "
                           "not supported.");
  }
  if (r.description.size() > 255 || !valid_group_text(r.description)) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + r.description +
                           ") for parameter GroupDescription is invalid. Character sets beyond "
                           "ASCII are not supported.");
  }
  if (r.group_name == "default") {
    throw ServiceError("InvalidGroup.Reserved", "The security group 'default' is reserved");
  }
  if (r.group_name.rfind("sg-", 0) == 0) {
    throw ServiceError("InvalidParameterValue", "Group names may not be in the format sg-*");
  }
  const std::string vpc_id = vpc_or_default(p, r.vpc_id);
  if (vpc_id.empty()) {
    throw ServiceError("VPCIdNotSpecified", "No default VPC for this user");
  }
  if (!p.network.vpcs.contains(vpc_id)) {
    throw ServiceError("InvalidVpcID.NotFound", "The vpc ID '" + vpc_id + "' does not exist");
  }
  if (find_security_group_by_name(p, r.group_name, vpc_id)) {
    throw ServiceError("InvalidGroup.Duplicate", "The security group '" + r.group_name +
                                                     "' already exists for VPC '" + vpc_id + "'");
  }
  validate_user_tags(r.tags);
  if (dry_run) throw dry_run_succeeded();
  SecurityGroup g;
  g.group_id = core::resource_id("sg");
  g.group_name = r.group_name;
  g.description = r.description;
  g.vpc_id = vpc_id;
  for (const Tag& t : r.tags) g.tags.set(t.key, t.value);
  SecurityGroupRule out;
  out.rule_id = core::resource_id("sgr");
  out.group_id = g.group_id;
  out.egress = true;
  out.protocol = "-1";
  out.cidr_ipv4 = "0.0.0.0/0";
  g.rules.push_back(out);
  p.security_groups.emplace(g.group_id, g);
  return g;
}

void delete_security_group(Ec2Partition& p, const std::string& group_id,
                           const std::string& group_name, bool dry_run) {
  SecurityGroup& g = require_group_by_id_or_name(p, group_id, group_name);
  if (g.group_name == "default") {
    throw ServiceError("CannotDelete", "the specified group: \"" + g.group_id +
                                           "\" name: \"default\" cannot be deleted by a user");
  }
  if (group_in_use(p, g.group_id) || referenced_by_other_group(p, g.group_id)) {
    throw ServiceError("DependencyViolation", "resource " + g.group_id + " has a dependent object");
  }
  if (dry_run) throw dry_run_succeeded();
  p.security_groups.erase(g.group_id);
}

AuthorizeResult authorize_rules(Ec2Partition& p, const std::string& group_id,
                                const std::string& group_name, bool egress,
                                const std::vector<IpPermissionSpec>& perms,
                                const std::vector<Tag>& rule_tags, bool dry_run) {
  SecurityGroup& g = require_group_by_id_or_name(p, group_id, group_name);
  if (perms.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter ipPermissions");
  }
  std::vector<SecurityGroupRule> rules = rules_from_permissions(p, g, egress, perms);
  validate_user_tags(rule_tags);
  std::size_t count = 0;
  for (const SecurityGroupRule& r : g.rules) count += r.egress == egress ? 1 : 0;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    for (const SecurityGroupRule& existing : g.rules) {
      if (existing.same_rule_as(rules[i])) {
        throw ServiceError("InvalidPermission.Duplicate",
                           "the specified rule \"" + rule_text(rules[i]) + "\" already exists");
      }
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (rules[j].same_rule_as(rules[i])) {
        throw ServiceError("InvalidPermission.Duplicate",
                           "the specified rule \"" + rule_text(rules[i]) + "\" already exists");
      }
    }
  }
  if (count + rules.size() > kMaxRulesPerDirection) {
    throw ServiceError("RulesPerSecurityGroupLimitExceeded",
                       "The maximum number of rules per security group has been reached.");
  }
  if (dry_run) throw dry_run_succeeded();
  for (SecurityGroupRule& r : rules) {
    r.rule_id = core::resource_id("sgr");
    for (const Tag& t : rule_tags) r.tags.set(t.key, t.value);
    g.rules.push_back(r);
  }
  return {rules};
}

RevokeResult revoke_rules(Ec2Partition& p, const std::string& group_id,
                          const std::string& group_name, bool egress,
                          const std::vector<IpPermissionSpec>& perms,
                          const std::vector<std::string>& rule_ids, bool dry_run) {
  SecurityGroup& g = require_group_by_id_or_name(p, group_id, group_name);
  if (perms.empty() && rule_ids.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter ipPermissions");
  }
  RevokeResult result;
  std::set<std::string> doomed;
  for (const std::string& id : rule_ids) {
    auto it = std::find_if(g.rules.begin(), g.rules.end(), [&](const SecurityGroupRule& r) {
      return r.rule_id == id && r.egress == egress;
    });
    if (it == g.rules.end()) {
      throw ServiceError("InvalidSecurityGroupRuleId.NotFound",
                         "The security group rule ID '" + id + "' does not exist");
    }
    doomed.insert(id);
  }
  const Vpc* def = p.network.default_vpc();
  const bool in_default_vpc = def && def->vpc_id == g.vpc_id;
  for (const IpPermissionSpec& perm : perms) {
    bool all_found = true;
    for (const SecurityGroupRule& wanted : rules_from_permissions(p, g, egress, {perm})) {
      auto it = std::find_if(g.rules.begin(), g.rules.end(), [&](const SecurityGroupRule& r) {
        return matches_spec_peer(r, wanted);
      });
      if (it == g.rules.end()) {
        all_found = false;
        continue;
      }
      doomed.insert(it->rule_id);
    }
    if (!all_found) {
      if (!in_default_vpc) {
        throw ServiceError("InvalidPermission.NotFound",
                           "The specified rule does not exist in this security group.");
      }
      result.unknown.push_back(perm);
    }
  }
  if (dry_run) throw dry_run_succeeded();
  for (const SecurityGroupRule& r : g.rules) {
    if (doomed.contains(r.rule_id)) result.revoked.push_back(r);
  }
  std::erase_if(g.rules, [&](const SecurityGroupRule& r) { return doomed.contains(r.rule_id); });
  return result;
}

void modify_security_group_rules(Ec2Partition& p, const std::string& group_id,
                                 const std::vector<SecurityGroupRuleUpdate>& updates,
                                 bool dry_run) {
  if (group_id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter GroupId");
  }
  SecurityGroup& g = require_security_group(p, group_id);
  if (updates.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter SecurityGroupRule");
  }
  std::vector<SecurityGroupRule> next = g.rules;
  for (const SecurityGroupRuleUpdate& u : updates) {
    auto it = std::find_if(next.begin(), next.end(),
                           [&](const SecurityGroupRule& r) { return r.rule_id == u.rule_id; });
    if (it == next.end()) {
      throw ServiceError("InvalidSecurityGroupRuleId.NotFound",
                         "The security group rule ID '" + u.rule_id + "' does not exist");
    }
    std::vector<SecurityGroupRule> made = rules_from_permissions(p, g, it->egress, {u.permission});
    if (made.size() != 1) {
      throw ServiceError("InvalidParameterValue",
                         "A security group rule must have exactly one source or destination.");
    }
    SecurityGroupRule replacement = made.front();
    replacement.rule_id = it->rule_id;
    replacement.tags = it->tags;
    for (const SecurityGroupRule& other : next) {
      if (other.rule_id != replacement.rule_id && other.same_rule_as(replacement)) {
        throw ServiceError("InvalidPermission.Duplicate",
                           "the specified rule \"" + rule_text(replacement) + "\" already exists");
      }
    }
    *it = replacement;
  }
  if (dry_run) throw dry_run_succeeded();
  g.rules = std::move(next);
}

std::optional<V> security_group_filter_values(const SecurityGroup& g, const std::string& owner,
                                              const std::string& name) {
  if (auto tags = tag_filter_values(g.tags, name)) return tags;
  if (name == "description") return V{g.description};
  if (name == "group-id") return V{g.group_id};
  if (name == "group-name") return V{g.group_name};
  if (name == "owner-id") return V{owner};
  if (name == "vpc-id") return V{g.vpc_id};
  for (const char* prefix : {"ip-permission.", "egress.ip-permission."}) {
    const std::string pre = prefix;
    if (name.rfind(pre, 0) != 0) continue;
    const bool egress = pre[0] == 'e';
    const std::string field = name.substr(pre.size());
    static const std::set<std::string> fields = {"cidr",       "from-port", "group-id",
                                                 "group-name", "ipv6-cidr", "prefix-list-id",
                                                 "protocol",   "to-port",   "user-id"};
    if (!fields.contains(field)) return std::nullopt;
    V out;
    for (const SecurityGroupRule& r : g.rules) {
      if (r.egress != egress) continue;
      if (field == "cidr") out.push_back(r.cidr_ipv4);
      if (field == "ipv6-cidr") out.push_back(r.cidr_ipv6);
      if (field == "from-port") out.push_back(std::to_string(r.from_port));
      if (field == "to-port") out.push_back(std::to_string(r.to_port));
      if (field == "group-id") out.push_back(r.referenced_group_id);
      if (field == "group-name") out.push_back(r.referenced_group_name);
      if (field == "prefix-list-id") out.push_back(r.prefix_list_id);
      if (field == "protocol") out.push_back(r.protocol);
      if (field == "user-id") out.push_back(r.referenced_user_id);
    }
    return out;
  }
  return std::nullopt;
}

DescribeSecurityGroupsResult describe_security_groups(Ec2Partition& p,
                                                      const DescribeSecurityGroupsRequest& r) {
  check_max_results(r.max_results);
  if (r.max_results && (!r.group_ids.empty() || !r.group_names.empty())) {
    throw ServiceError("InvalidParameterCombination",
                       "The parameter groupIds cannot be used with the parameter maxResults");
  }
  const std::string after = token_after(r.next_token, "sg-");
  const std::string& owner = p.key.account;
  require_known_filters(r.filters, [&](const std::string& n) {
    return security_group_filter_values(SecurityGroup{}, owner, n);
  });
  std::set<std::string> wanted;
  for (const std::string& id : r.group_ids) wanted.insert(require_security_group(p, id).group_id);
  for (const std::string& name : r.group_names) {
    wanted.insert(require_group_by_id_or_name(p, "", name).group_id);
  }
  if (r.dry_run) throw dry_run_succeeded();
  DescribeSecurityGroupsResult result;
  auto it = after.empty() ? p.security_groups.begin() : p.security_groups.upper_bound(after);
  std::string last;
  for (; it != p.security_groups.end(); ++it) {
    const SecurityGroup& g = it->second;
    if (!wanted.empty() && !wanted.contains(g.group_id)) continue;
    if (!matches_all(r.filters, [&](const std::string& n) {
          return security_group_filter_values(g, owner, n);
        })) {
      continue;
    }
    if (r.max_results && static_cast<long long>(result.groups.size()) == *r.max_results) {
      result.next_token = last;
      return result;
    }
    result.groups.push_back(g);
    last = g.group_id;
  }
  return result;
}

DescribeSecurityGroupRulesResult describe_security_group_rules(
    Ec2Partition& p, const DescribeSecurityGroupRulesRequest& r) {
  check_max_results(r.max_results);
  const std::string after = token_after(r.next_token, "sgr-");
  auto values = [&](const SecurityGroupRule& rule, const std::string& name) -> std::optional<V> {
    if (auto tags = tag_filter_values(rule.tags, name)) return tags;
    if (name == "group-id") return V{rule.group_id};
    if (name == "security-group-rule-id") return V{rule.rule_id};
    return std::nullopt;
  };
  require_known_filters(r.filters,
                        [&](const std::string& n) { return values(SecurityGroupRule{}, n); });
  std::map<std::string, const SecurityGroupRule*> all;
  for (const auto& [id, g] : p.security_groups) {
    for (const SecurityGroupRule& rule : g.rules) all.emplace(rule.rule_id, &rule);
  }
  for (const std::string& id : r.rule_ids) {
    if (!all.contains(id)) {
      throw ServiceError("InvalidSecurityGroupRuleId.NotFound",
                         "The security group rule ID '" + id + "' does not exist");
    }
  }
  if (r.dry_run) throw dry_run_succeeded();
  DescribeSecurityGroupRulesResult result;
  std::string last;
  for (auto it = after.empty() ? all.begin() : all.upper_bound(after); it != all.end(); ++it) {
    const SecurityGroupRule& rule = *it->second;
    if (!r.rule_ids.empty() &&
        std::find(r.rule_ids.begin(), r.rule_ids.end(), rule.rule_id) == r.rule_ids.end()) {
      continue;
    }
    if (!matches_all(r.filters, [&](const std::string& n) { return values(rule, n); })) continue;
    if (r.max_results && static_cast<long long>(result.rules.size()) == *r.max_results) {
      result.next_token = last;
      return result;
    }
    result.rules.push_back(rule);
    last = rule.rule_id;
  }
  return result;
}

std::vector<std::string> resolve_security_groups(Ec2Partition& p, const std::string& vpc_id,
                                                 const std::vector<std::string>& ids,
                                                 const std::vector<std::string>& names) {
  std::vector<std::string> out;
  auto add = [&](const std::string& id) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  for (const std::string& id : ids) {
    const SecurityGroup& g = require_security_group(p, id);
    if (g.vpc_id != vpc_id) {
      throw ServiceError("InvalidParameter", "Security group " + id +
                                                 " and subnet belong to "
                                                 "different networks.");
    }
    add(g.group_id);
  }
  if (!names.empty()) {
    const Vpc* def = p.network.default_vpc();
    if (!def || def->vpc_id != vpc_id) {
      throw ServiceError("InvalidParameterCombination",
                         "The parameter groupName cannot be used with the parameter subnet");
    }
    for (const std::string& name : names) add(require_group_by_id_or_name(p, "", name).group_id);
  }
  if (out.empty()) {
    const SecurityGroup* def = default_group_of_vpc(p, vpc_id);
    if (def) out.push_back(def->group_id);
  }
  return out;
}

}  // namespace cloudlife::ec2
