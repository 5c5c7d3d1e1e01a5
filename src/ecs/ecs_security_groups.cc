// Security groups: create / describe / delete (refused while instances or other groups' rules use
// it), rules in and out (all-or-nothing per call), and instances joining and leaving. Codes and
// messages as the ECS API reference documents them; docs/ecs.md (Security groups) sums them up.
#include <algorithm>
#include <cctype>
#include <utility>

#include "core/ids.h"
#include "ecs/cidr.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"
#include "ecs/paging.h"
#include "ecs/resource_rules.h"

namespace cloudlife::ecs {
namespace {

using core::ServiceError;

ServiceError group_not_found() {
  return ServiceError("InvalidSecurityGroupId.NotFound",
                      "The specified SecurityGroupId does not exist.", 404);
}

bool valid_name(const std::string& s) {
  if (s.empty()) return true;
  if (s.size() < 2 || s.size() > 128) return false;
  if (s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) return false;
  const unsigned char c = static_cast<unsigned char>(s[0]);
  return std::isalpha(c) || c >= 0x80;
}

// The same rule: direction, protocol, ports, peer, policy and NIC type (priority and description
// do not make a rule different, as Alibaba compares them).
bool same_rule(const SecurityGroupRule& a, const SecurityGroupRule& b) {
  return a.direction == b.direction && a.ip_protocol == b.ip_protocol &&
         a.port_range == b.port_range && a.cidr_ip == b.cidr_ip && a.group_id == b.group_id &&
         a.policy == b.policy && a.nic_type == b.nic_type;
}

bool matches(const SecurityGroupRule& have, const SecurityGroupRule& want) {
  return want.rule_id.empty() ? same_rule(have, want) : have.rule_id == want.rule_id;
}

// IpProtocol TCP/UDP take ports 1..65535 as "from/to"; ICMP, GRE and ALL take -1/-1.
void check_rule(const SecurityGroupRule& r) {
  static const std::vector<std::string> kProtocols = {"TCP", "UDP", "ICMP", "GRE", "ALL"};
  if (std::find(kProtocols.begin(), kProtocols.end(), r.ip_protocol) == kProtocols.end()) {
    throw ServiceError("InvalidIpProtocol.Malformed",
                       "The specified parameter \"PortRange\" is not valid.", 400);
  }
  const std::size_t slash = r.port_range.find('/');
  bool ports_ok = slash != std::string::npos;
  if (ports_ok) {
    try {
      const int from = std::stoi(r.port_range.substr(0, slash));
      const int to = std::stoi(r.port_range.substr(slash + 1));
      ports_ok = (r.ip_protocol == "TCP" || r.ip_protocol == "UDP")
                     ? from >= 1 && to <= 65535 && from <= to
                     : from == -1 && to == -1;
    } catch (const std::exception&) {
      ports_ok = false;
    }
  }
  if (!ports_ok) {
    throw ServiceError("InvalidPortRange.Malformed",
                       "The specified parameter \"PortRange\" is not valid.", 400);
  }
  if (r.cidr_ip.empty() == r.group_id.empty()) {
    throw ServiceError("MissingParameter",
                       "The input parameter \"SourceGroupId\" or \"SourceCidrIp\" cannot be both "
                       "blank.",
                       400);
  }
  if (!r.cidr_ip.empty() && !parse_cidr(r.cidr_ip) && !parse_ipv4(r.cidr_ip)) {
    throw ServiceError("InvalidSourceCidrIp.Malformed",
                       "The specified parameter \"SourceCidrIp\" is not valid.", 400);
  }
  if (r.policy != "Accept" && r.policy != "Drop") {
    throw ServiceError("InvalidPolicy.Malformed",
                       "The specified parameter \"Policy\" is not valid.", 400);
  }
  if (r.priority < 1 || r.priority > 100) {
    throw ServiceError("InvalidPriority.Malformed", "The parameter Priority is invalid.", 400);
  }
  if (r.nic_type != "intranet" && r.nic_type != "internet") {
    throw ServiceError("InvalidNicType.ValueNotSupported", "The specified NicType is not valid.",
                       400);
  }
}

}  // namespace

SecurityGroup& EcsModel::require_security_group(const EcsPartition& scope, const std::string& id) {
  if (id.empty()) throw errors::missing_parameter("SecurityGroupId");
  if (EcsPartition* p = home_of(scope, id)) {
    auto it = p->security_groups.find(id);
    if (it != p->security_groups.end()) return it->second;
  }
  throw group_not_found();
}

SecurityGroup EcsModel::security_group_view(const EcsPartition& p, const SecurityGroup& g) const {
  SecurityGroup out = g;
  for (const auto& [id, r] : std::as_const(p.instances)) {
    const auto& groups = r.data.security_group_ids;
    if (!r.releasing &&
        std::find(groups.begin(), groups.end(), g.security_group_id) != groups.end()) {
      ++out.instance_count;
    }
  }
  return out;
}

void EcsModel::check_security_groups(const EcsPartition& scope, const std::string& region_id,
                                     const std::string& vpc_id,
                                     const std::vector<std::string>& ids) {
  if (ids.size() > 5) throw errors::invalid_parameter("SecurityGroupIds");
  for (const std::string& id : ids) {
    EcsPartition* p = home_of(scope, id);
    auto it = p ? p->security_groups.find(id) : decltype(p->security_groups.end()){};
    if (!p || it == p->security_groups.end() || it->second.region_id != region_id) {
      throw group_not_found();
    }
    const SecurityGroup& g = it->second;
    if (vpc_id.empty() && !g.vpc_id.empty()) {
      throw ServiceError("InvalidVSwitchId.Necessary", "The VSwitchId is necessary.", 400);
    }
    if (!vpc_id.empty() && g.vpc_id != vpc_id) {
      throw ServiceError("InvalidParameter.Mismatch",
                         "Specified security group and virtual switch are not in the same VPC.",
                         400);
    }
  }
}

SecurityGroup EcsModel::create_security_group(EcsPartition& scope,
                                              const CreateSecurityGroupRequest& req,
                                              core::TimeMs now) {
  if (req.region_id.empty()) throw errors::missing_parameter("RegionId");
  if (!req.vpc_id.empty()) {
    EcsPartition* p = home_of(scope, req.vpc_id);
    if (!p || !p->vpcs.contains(req.vpc_id) || p->key.region != req.region_id) {
      throw ServiceError("InvalidVpcId.NotFound", "The specified VpcId does not exist.", 404);
    }
  }
  if (!valid_name(req.name)) {
    throw ServiceError("InvalidSecurityGroupName.Malformed",
                       "The specified parameter \"SecurityGroupName\" is not valid.", 400);
  }
  if (req.description.size() > 256) {
    throw ServiceError("InvalidDescription.Malformed",
                       "The specified parameter \"Description\" is not valid.", 400);
  }
  if (req.security_group_type != "normal" && req.security_group_type != "enterprise") {
    throw errors::invalid_parameter("SecurityGroupType");
  }
  if (req.tags.size() > 20) throw errors::invalid_parameter("Tag");
  if (req.dry_run) throw errors::dry_run_operation();
  EcsPartition& p = scope;
  SecurityGroup g;
  g.security_group_id = core::resource_id("sg", 20);
  g.account = scope.key.account;
  g.region_id = req.region_id;
  g.vpc_id = req.vpc_id;
  g.name = req.name;
  g.description = req.description;
  g.security_group_type = req.security_group_type;
  g.inner_access_policy = req.security_group_type == "enterprise" ? "Drop" : "Accept";
  g.resource_group_id = req.resource_group_id;
  g.creation_time = now;
  g.tags = req.tags;
  // A new group lets everything out (Alibaba's default egress rule is implicit: no rule listed).
  home_[g.security_group_id] = p.key;
  const SecurityGroup& stored =
      p.security_groups.emplace(g.security_group_id, std::move(g)).first->second;
  return security_group_view(p, stored);
}

SecurityGroupPage EcsModel::describe_security_groups(EcsPartition& scope,
                                                     const SecurityGroupFilter& f,
                                                     const PageRequest& page) {
  if (f.region_id.empty()) throw errors::missing_parameter("RegionId");
  SecurityGroupPage out;
  std::vector<std::pair<std::string, const SecurityGroup*>> matches;
  const EcsPartition& p = scope;
  for (const auto& [id, g] : p.security_groups) {
    if (f.security_group_ids &&
        std::find(f.security_group_ids->begin(), f.security_group_ids->end(), id) ==
            f.security_group_ids->end()) {
      continue;
    }
    if (!f.vpc_id.empty() && g.vpc_id != f.vpc_id) continue;
    if (!f.security_group_name.empty() && g.name != f.security_group_name) continue;
    if (!f.security_group_type.empty() && g.security_group_type != f.security_group_type) {
      continue;
    }
    if (!f.resource_group_id.empty() && g.resource_group_id != f.resource_group_id) continue;
    if (!tags_match(g.tags, f.tags)) continue;
    matches.emplace_back(sequence_key(static_cast<std::uint64_t>(g.creation_time), id), &g);
  }
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> keys;
  for (const auto& m : matches) keys.push_back(m.first);
  const PageSlice slice = select_page(keys, page);
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i) {
    out.groups.push_back(security_group_view(p, *matches[i].second));
  }
  return out;
}

SecurityGroup EcsModel::describe_security_group(EcsPartition& scope, const std::string& id) {
  const SecurityGroup& g = require_security_group(scope, id);
  return security_group_view(*home_of(scope, id), g);
}

void EcsModel::modify_security_group(EcsPartition& scope, const std::string& id,
                                     const NameChange& change) {
  SecurityGroup& g = require_security_group(scope, id);
  if (change.name && !valid_name(*change.name)) {
    throw ServiceError("InvalidSecurityGroupName.Malformed",
                       "The specified parameter \"SecurityGroupName\" is not valid.", 400);
  }
  if (change.description && change.description->size() > 256) {
    throw ServiceError("InvalidDescription.Malformed",
                       "The specified parameter \"Description\" is not valid.", 400);
  }
  if (change.name) g.name = *change.name;
  if (change.description) g.description = *change.description;
}

void EcsModel::delete_security_group(EcsPartition& scope, const std::string& id) {
  const SecurityGroup& g = require_security_group(scope, id);
  EcsPartition& p = *home_of(scope, id);
  if (security_group_view(p, g).instance_count > 0) {
    throw ServiceError("DependencyViolation",
                       "There is still instance(s) in the specified security group.", 403);
  }
  for (const auto& [eni_id, eni] : p.enis) {
    if (eni.type == "Secondary" &&
        std::find(eni.security_group_ids.begin(), eni.security_group_ids.end(), id) !=
            eni.security_group_ids.end()) {
      throw ServiceError("DependencyViolation",
                         "There is still network interface(s) in the specified security group.",
                         403);
    }
  }
  for (const auto& [other_id, other] : p.security_groups) {
    if (other_id == id) continue;
    for (const SecurityGroupRule& r : other.rules) {
      if (r.group_id == id) {
        throw ServiceError("DependencyViolation",
                           "There is other security group authorizing the specified security "
                           "group.",
                           403);
      }
    }
  }
  home_.erase(id);
  p.security_groups.erase(id);
}

void EcsModel::authorize_rules(EcsPartition& scope, const std::string& id,
                               const std::vector<SecurityGroupRule>& rules, core::TimeMs now) {
  SecurityGroup& g = require_security_group(scope, id);
  if (rules.empty()) throw errors::missing_parameter("IpProtocol");
  for (const SecurityGroupRule& r : rules) {
    check_rule(r);
    if (!r.group_id.empty()) {
      const SecurityGroup& peer = require_security_group(scope, r.group_id);
      if (peer.vpc_id != g.vpc_id) {
        throw ServiceError("InvalidSecurityGroup.NetworkType",
                           "The specified security groups are not in the same network.", 400);
      }
    }
    const bool duplicate =
        std::any_of(g.rules.begin(), g.rules.end(), [&](const auto& h) { return same_rule(h, r); });
    if (duplicate) {
      throw ServiceError("InvalidPermission.Duplicate", "The specified rule already exists.", 400);
    }
  }
  if (g.rules.size() + rules.size() > 200) {
    throw ServiceError("AuthorizationLimitExceed",
                       "The limit of authorization records in the security group reaches.", 403);
  }
  for (SecurityGroupRule r : rules) {
    r.rule_id = core::resource_id("sgr", 20);
    r.creation_time = now;
    g.rules.push_back(std::move(r));
  }
}

void EcsModel::revoke_rules(EcsPartition& scope, const std::string& id,
                            const std::vector<SecurityGroupRule>& rules) {
  SecurityGroup& g = require_security_group(scope, id);
  for (const SecurityGroupRule& want : rules) {
    if (want.rule_id.empty()) check_rule(want);
  }
  // A rule that is not there is already revoked: the call succeeds without change.
  for (const SecurityGroupRule& want : rules) {
    std::erase_if(g.rules, [&](const SecurityGroupRule& have) { return matches(have, want); });
  }
}

void EcsModel::modify_rule(EcsPartition& scope, const std::string& id,
                           const SecurityGroupRule& match,
                           const std::optional<std::string>& description,
                           std::optional<int> priority) {
  SecurityGroup& g = require_security_group(scope, id);
  auto it = std::find_if(g.rules.begin(), g.rules.end(),
                         [&](const SecurityGroupRule& have) { return matches(have, match); });
  if (it == g.rules.end()) {
    throw ServiceError("InvalidSecurityGroupRule.RuleNotExist",
                       "The specified rule does not exist.", 404);
  }
  if (priority && (*priority < 1 || *priority > 100)) {
    throw ServiceError("InvalidPriority.Malformed", "The parameter Priority is invalid.", 400);
  }
  if (description) it->description = *description;
  if (priority) it->priority = *priority;
}

void EcsModel::join_security_group(EcsPartition& scope, const std::string& group_id,
                                   const std::string& instance_id, core::TimeMs now) {
  const SecurityGroup& g = require_security_group(scope, group_id);
  InstanceRecord& r = require_instance(scope, instance_id);
  const std::string status = status_of(r, now);
  if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
  auto& groups = r.data.security_group_ids;
  if (std::find(groups.begin(), groups.end(), group_id) != groups.end()) {
    throw ServiceError("InvalidInstanceId.AlreadyExists",
                       "The specified instance already exists in the specified security group.",
                       403);
  }
  if (g.vpc_id != r.data.vpc_id) {
    throw ServiceError("InvalidSecurityGroup.VpcMismatch",
                       "The specified security group and the instance are not in the same VPC.",
                       403);
  }
  if (groups.size() >= 5) {
    throw ServiceError("InstanceSecurityGroupLimitExceeded",
                       "The maximum number of security groups an instance can join has been "
                       "reached.",
                       403);
  }
  groups.push_back(group_id);
}

void EcsModel::leave_security_group(EcsPartition& scope, const std::string& group_id,
                                    const std::string& instance_id, core::TimeMs now) {
  require_security_group(scope, group_id);
  InstanceRecord& r = require_instance(scope, instance_id);
  const std::string status = status_of(r, now);
  if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
  auto& groups = r.data.security_group_ids;
  const auto it = std::find(groups.begin(), groups.end(), group_id);
  if (it == groups.end()) {
    throw ServiceError("InvalidSecurityGroupId.NotFound",
                       "The specified instance is not in the specified security group.", 404);
  }
  if (groups.size() == 1) {
    throw ServiceError("InstanceLastSecurityGroup",
                       "The specified security group is the last security group of the "
                       "instance.",
                       403);
  }
  groups.erase(it);
}

}  // namespace cloudlife::ecs
