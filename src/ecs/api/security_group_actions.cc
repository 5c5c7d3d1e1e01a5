#include "ecs/api/security_group_actions.h"

#include <algorithm>
#include <cctype>

#include "ecs/api/ecs_encode.h"
#include "ecs/api/vpc_actions.h"
#include "ecs/ecs_errors.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

std::string policy_name(const std::string& v) {
  std::string l = v;
  std::transform(l.begin(), l.end(), l.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (l.empty() || l == "accept") return "Accept";
  if (l == "drop") return "Drop";
  return v;  // refused by the model's rule check
}

// One rule from parameters named `prefix` + IpProtocol, PortRange, …; `direction` decides
// whether the peer is Source* (ingress) or Dest* (egress).
SecurityGroupRule rule_from(const Params& p, const std::string& prefix,
                            const std::string& direction) {
  SecurityGroupRule r;
  r.direction = direction;
  const std::string peer = direction == "ingress" ? "Source" : "Dest";
  r.ip_protocol = upper(p.str(prefix + "IpProtocol"));
  r.port_range = p.str(prefix + "PortRange");
  r.cidr_ip = p.str(prefix + peer + "CidrIp");
  r.group_id = p.str(prefix + peer + "GroupId");
  r.policy = policy_name(p.str(prefix + "Policy"));
  if (auto v = p.integer(prefix + "Priority")) {
    r.priority = static_cast<int>(std::clamp<long long>(*v, -1, 1000));
  }
  r.nic_type = p.str(prefix + "NicType", "intranet");
  r.description = p.str(prefix + "Description");
  return r;
}

std::vector<SecurityGroupRule> rules_from(const Params& p, const std::string& direction) {
  std::vector<SecurityGroupRule> out;
  if (p.opt("IpProtocol")) out.push_back(rule_from(p, "", direction));
  for (int i = 1; i <= 100; ++i) {
    const std::string prefix = "Permissions." + std::to_string(i) + ".";
    if (!p.opt(prefix + "IpProtocol")) break;
    out.push_back(rule_from(p, prefix, direction));
  }
  for (const std::string& id : p.list("SecurityGroupRuleId")) {
    SecurityGroupRule r;
    r.direction = direction;
    r.rule_id = id;
    out.push_back(r);
  }
  return out;
}

json create_security_group(EcsCall& c) {
  CreateSecurityGroupRequest req;
  req.region_id = c.params.required("RegionId");
  req.vpc_id = c.params.str("VpcId");
  req.name = c.params.str("SecurityGroupName");
  req.description = c.params.str("Description");
  req.security_group_type = c.params.str("SecurityGroupType", "normal");
  req.resource_group_id = c.params.str("ResourceGroupId");
  req.tags = c.params.tags();
  req.dry_run = c.params.flag("DryRun");
  const SecurityGroup g = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.create_security_group(scope, req, now);
  });
  c.created_ids.push_back(g.security_group_id);
  return json{{"SecurityGroupId", g.security_group_id}};
}

json describe_security_groups(EcsCall& c) {
  SecurityGroupFilter f;
  f.region_id = c.params.required("RegionId");
  f.vpc_id = c.params.str("VpcId");
  f.security_group_ids =
      c.params.json_array("SecurityGroupIds", "InvalidSecurityGroupIds.Malformed");
  if (auto one = c.params.opt("SecurityGroupId"); one && !one->empty()) {
    if (!f.security_group_ids) f.security_group_ids.emplace();
    f.security_group_ids->push_back(*one);
  }
  f.security_group_name = c.params.str("SecurityGroupName");
  f.security_group_type = c.params.str("SecurityGroupType");
  f.resource_group_id = c.params.str("ResourceGroupId");
  f.tags = c.params.tags();
  const PageRequest page = c.params.page(10, 50, true);
  const bool dry_run = c.params.flag("DryRun");
  const SecurityGroupPage result = c.transact([&](EcsPartition& scope, core::TimeMs) {
    SecurityGroupPage r = c.model.describe_security_groups(scope, f, page);
    if (dry_run) throw errors::dry_run_operation();
    return r;
  });
  json list = json::array();
  for (const SecurityGroup& g : result.groups) list.push_back(security_group_json(g));
  json body{{"SecurityGroups", {{"SecurityGroup", list}}}, {"RegionId", f.region_id}};
  add_page_fields(body, result.page);
  return body;
}

json describe_security_group_attribute(EcsCall& c) {
  const std::string id = c.params.required("SecurityGroupId");
  const std::string direction = c.params.str("Direction", "all");
  if (direction != "all" && direction != "ingress" && direction != "egress") {
    throw errors::invalid_parameter("Direction");
  }
  const SecurityGroup g = c.transact([&](EcsPartition& scope, core::TimeMs) {
    return c.model.describe_security_group(scope, id);
  });
  json permissions = json::array();
  for (const SecurityGroupRule& r : g.rules) {
    if (direction == "all" || r.direction == direction) {
      permissions.push_back(permission_json(r));
    }
  }
  return json{{"SecurityGroupId", g.security_group_id},
              {"SecurityGroupName", g.name},
              {"Description", g.description},
              {"VpcId", g.vpc_id},
              {"RegionId", g.region_id},
              {"InnerAccessPolicy", g.inner_access_policy},
              {"Permissions", {{"Permission", permissions}}}};
}

json modify_security_group_attribute(EcsCall& c) {
  const std::string id = c.params.required("SecurityGroupId");
  const NameChange change{c.params.opt("SecurityGroupName"), c.params.opt("Description")};
  c.transact(
      [&](EcsPartition& scope, core::TimeMs) { c.model.modify_security_group(scope, id, change); });
  return json::object();
}

json delete_security_group(EcsCall& c) {
  const std::string id = c.params.required("SecurityGroupId");
  c.transact([&](EcsPartition& scope, core::TimeMs) { c.model.delete_security_group(scope, id); });
  return json::object();
}

json authorize(EcsCall& c, const std::string& direction) {
  const std::string id = c.params.required("SecurityGroupId");
  auto rules = rules_from(c.params, direction);
  std::erase_if(rules, [](const SecurityGroupRule& r) { return !r.rule_id.empty(); });
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.authorize_rules(scope, id, rules, now);
  });
  return json::object();
}

json revoke(EcsCall& c, const std::string& direction) {
  const std::string id = c.params.required("SecurityGroupId");
  const auto rules = rules_from(c.params, direction);
  if (rules.empty()) throw errors::missing_parameter("IpProtocol");
  c.transact([&](EcsPartition& scope, core::TimeMs) { c.model.revoke_rules(scope, id, rules); });
  return json::object();
}

json authorize_ingress(EcsCall& c) {
  return authorize(c, "ingress");
}
json authorize_egress(EcsCall& c) {
  return authorize(c, "egress");
}
json revoke_ingress(EcsCall& c) {
  return revoke(c, "ingress");
}
json revoke_egress(EcsCall& c) {
  return revoke(c, "egress");
}

json modify_security_group_rule(EcsCall& c) {
  const std::string id = c.params.required("SecurityGroupId");
  SecurityGroupRule match;
  if (auto rule_id = c.params.opt("SecurityGroupRuleId"); rule_id && !rule_id->empty()) {
    match.rule_id = *rule_id;
  } else {
    match = rule_from(c.params, "", "ingress");
  }
  const auto description = c.params.opt("Description");
  std::optional<int> priority;
  if (auto v = c.params.integer("Priority")) {
    priority = static_cast<int>(std::clamp<long long>(*v, -1, 1000));
  }
  c.transact([&](EcsPartition& scope, core::TimeMs) {
    c.model.modify_rule(scope, id, match, description, priority);
  });
  return json::object();
}

json join_security_group(EcsCall& c) {
  const std::string group = c.params.required("SecurityGroupId");
  const std::string instance = c.params.required("InstanceId");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.join_security_group(scope, group, instance, now);
  });
  return json::object();
}

json leave_security_group(EcsCall& c) {
  const std::string group = c.params.required("SecurityGroupId");
  const std::string instance = c.params.required("InstanceId");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.leave_security_group(scope, group, instance, now);
  });
  return json::object();
}

}  // namespace

void add_security_group_actions(std::map<std::string, ActionHandler, std::less<>>& actions) {
  actions.emplace("CreateSecurityGroup", create_security_group);
  actions.emplace("DescribeSecurityGroups", describe_security_groups);
  actions.emplace("DescribeSecurityGroupAttribute", describe_security_group_attribute);
  actions.emplace("ModifySecurityGroupAttribute", modify_security_group_attribute);
  actions.emplace("DeleteSecurityGroup", delete_security_group);
  actions.emplace("AuthorizeSecurityGroup", authorize_ingress);
  actions.emplace("AuthorizeSecurityGroupEgress", authorize_egress);
  actions.emplace("RevokeSecurityGroup", revoke_ingress);
  actions.emplace("RevokeSecurityGroupEgress", revoke_egress);
  actions.emplace("ModifySecurityGroupRule", modify_security_group_rule);
  actions.emplace("JoinSecurityGroup", join_security_group);
  actions.emplace("LeaveSecurityGroup", leave_security_group);
  actions.emplace("TagResources", tag_resources);
  actions.emplace("UntagResources", untag_resources);
  actions.emplace("ListTagResources", list_tag_resources);
}

}  // namespace cloudlife::ecs::api
