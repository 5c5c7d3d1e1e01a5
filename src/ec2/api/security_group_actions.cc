// EC2 security group actions: CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups,
// AuthorizeSecurityGroupIngress/Egress, RevokeSecurityGroupIngress/Egress,
// DescribeSecurityGroupRules, ModifySecurityGroupRules. Rules live in ec2/security_groups.h; this
// file decodes IpPermissions (and the legacy top-level IpProtocol/FromPort/ToPort/CidrIp/
// SourceSecurityGroupName form) and writes the wire shapes.
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/network_encode.h"
#include "ec2/security_groups.h"
#include "ec2/tag_operations.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

std::vector<IpPermissionSpec> decode_permissions(const QueryParams& params) {
  std::vector<IpPermissionSpec> out;
  for (const QueryParams& q : params.structs("IpPermissions")) {
    IpPermissionSpec perm;
    perm.protocol = q.str_or("IpProtocol", "");
    perm.from_port = q.integer("FromPort");
    perm.to_port = q.integer("ToPort");
    for (const QueryParams& r : q.structs("IpRanges")) {
      perm.peers.push_back({"ipv4", r.str_or("CidrIp", ""), "", "", r.str_or("Description", "")});
    }
    for (const QueryParams& r : q.structs("Ipv6Ranges")) {
      perm.peers.push_back({"ipv6", r.str_or("CidrIpv6", ""), "", "", r.str_or("Description", "")});
    }
    for (const QueryParams& r : q.structs("PrefixListIds")) {
      perm.peers.push_back(
          {"prefix", r.str_or("PrefixListId", ""), "", "", r.str_or("Description", "")});
    }
    for (const QueryParams& r : q.structs("Groups")) {
      IpPermissionSpec::Peer peer{"group", r.str_or("GroupId", ""), r.str_or("GroupName", ""),
                                  r.str_or("UserId", ""), r.str_or("Description", "")};
      if (peer.value.empty() && peer.group_name.empty()) {
        throw ServiceError("MissingParameter",
                           "Either groupId or groupName must be specified for a group pair.");
      }
      perm.peers.push_back(peer);
    }
    out.push_back(std::move(perm));
  }
  // The older flat form: one protocol and ports with one CIDR or one source group.
  const bool flat = params.has("IpProtocol") || params.has("CidrIp") ||
                    params.has("SourceSecurityGroupName") || params.has("FromPort") ||
                    params.has("ToPort");
  if (flat) {
    if (!out.empty()) {
      throw ServiceError("InvalidParameterCombination",
                         "The parameter 'ipPermissions' may not be used in combination with "
                         "'ipProtocol'");
    }
    IpPermissionSpec perm;
    perm.protocol = params.str_or("IpProtocol", params.has("SourceSecurityGroupName") ? "-1" : "");
    perm.from_port = params.integer("FromPort");
    perm.to_port = params.integer("ToPort");
    if (params.has("CidrIp"))
      perm.peers.push_back({"ipv4", params.str_or("CidrIp", ""), "", "", ""});
    if (params.has("SourceSecurityGroupName")) {
      perm.peers.push_back({"group", "", params.str_or("SourceSecurityGroupName", ""),
                            params.str_or("SourceSecurityGroupOwnerId", ""), ""});
    }
    out.push_back(std::move(perm));
  }
  return out;
}

std::vector<Tag> tags_for(const QueryParams& params, const std::string& type) {
  const auto specs = decode_tag_specifications(params);
  validate_tag_specifications(specs, {type});
  std::vector<Tag> out;
  for (const TagSpecification& ts : specs) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  return out;
}

HttpResponse create_security_group(Ec2Call& call) {
  CreateSecurityGroupRequest r;
  r.group_name = call.params.str_or("GroupName", "");
  r.description = call.params.str_or("GroupDescription", "");
  r.vpc_id = call.params.str_or("VpcId", "");
  r.tags = tags_for(call.params, "security-group");
  const bool dry = dry_run(call.params);
  const SecurityGroup g = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::create_security_group(p, r, dry); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("groupId", g.group_id);
  write_tag_set(xml, g.tags);
  xml.leaf("securityGroupArn", security_group_arn(g, call.ctx.account, call.ctx.region));
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse return_true(Ec2Call& call) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse delete_security_group(Ec2Call& call) {
  const std::string id = call.params.str_or("GroupId", "");
  const std::string name = call.params.str_or("GroupName", "");
  const bool dry = dry_run(call.params);
  const std::string deleted = call.run([&](Ec2Partition& p, core::TimeMs) {
    const std::string group_id = require_group_by_id_or_name(p, id, name).group_id;
    ec2::delete_security_group(p, id, name, dry);
    return group_id;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true).leaf("groupId", deleted);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_security_groups(Ec2Call& call) {
  DescribeSecurityGroupsRequest r;
  r.group_ids = call.params.list("GroupId");
  r.group_names = call.params.list("GroupName");
  r.filters = decode_filters(call.params);
  r.max_results = call.params.integer("MaxResults");
  r.next_token = call.params.str_or("NextToken", "");
  r.dry_run = dry_run(call.params);
  const DescribeSecurityGroupsResult result =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_security_groups(p, r); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("securityGroupInfo");
  for (const SecurityGroup& g : result.groups) {
    xml.open("item");
    write_security_group(xml, g, call.ctx.account, call.ctx.region);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse authorize(Ec2Call& call, bool egress) {
  const std::string id = call.params.str_or("GroupId", "");
  const std::string name = egress ? "" : call.params.str_or("GroupName", "");
  if (egress && id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter groupId");
  }
  const auto perms = decode_permissions(call.params);
  const auto tags = tags_for(call.params, "security-group-rule");
  const bool dry = dry_run(call.params);
  const AuthorizeResult result = call.run([&](Ec2Partition& p, core::TimeMs) {
    return authorize_rules(p, id, name, egress, perms, tags, dry);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true);
  xml.open("securityGroupRuleSet");
  for (const SecurityGroupRule& rule : result.added) {
    xml.open("item");
    write_security_group_rule(xml, rule, call.ctx.account, call.ctx.region);
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

void write_unknown_permission(XmlWriter& xml, const IpPermissionSpec& perm) {
  xml.open("item").leaf("ipProtocol", perm.protocol);
  if (perm.from_port) xml.leaf("fromPort", *perm.from_port);
  if (perm.to_port) xml.leaf("toPort", *perm.to_port);
  xml.open("groups");
  for (const auto& peer : perm.peers) {
    if (peer.kind != "group") continue;
    xml.open("item").leaf_if("groupId", peer.value).leaf_if("groupName", peer.group_name).close();
  }
  xml.close().open("ipRanges");
  for (const auto& peer : perm.peers) {
    if (peer.kind == "ipv4") xml.open("item").leaf("cidrIp", peer.value).close();
  }
  xml.close().open("ipv6Ranges");
  for (const auto& peer : perm.peers) {
    if (peer.kind == "ipv6") xml.open("item").leaf("cidrIpv6", peer.value).close();
  }
  xml.close().empty("prefixListIds").close();
}

HttpResponse revoke(Ec2Call& call, bool egress) {
  const std::string id = call.params.str_or("GroupId", "");
  const std::string name = egress ? "" : call.params.str_or("GroupName", "");
  if (egress && id.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter groupId");
  }
  const auto perms = decode_permissions(call.params);
  const auto rule_ids = call.params.list("SecurityGroupRuleId");
  const bool dry = dry_run(call.params);
  const RevokeResult result = call.run([&](Ec2Partition& p, core::TimeMs) {
    return revoke_rules(p, id, name, egress, perms, rule_ids, dry);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true);
  if (!result.unknown.empty()) {
    xml.open("unknownIpPermissionSet");
    for (const IpPermissionSpec& perm : result.unknown) write_unknown_permission(xml, perm);
    xml.close();
  }
  xml.open("revokedSecurityGroupRuleSet");
  for (const SecurityGroupRule& r : result.revoked) {
    xml.open("item").leaf("securityGroupRuleId", r.rule_id).leaf("groupId", r.group_id);
    xml.leaf("isEgress", r.egress).leaf("ipProtocol", r.protocol);
    xml.leaf("fromPort", r.from_port).leaf("toPort", r.to_port);
    xml.leaf_if("cidrIpv4", r.cidr_ipv4).leaf_if("cidrIpv6", r.cidr_ipv6);
    xml.leaf_if("prefixListId", r.prefix_list_id);
    xml.leaf_if("referencedGroupId", r.referenced_group_id);
    xml.leaf_if("description", r.description);
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse authorize_ingress(Ec2Call& call) {
  return authorize(call, false);
}
HttpResponse authorize_egress(Ec2Call& call) {
  return authorize(call, true);
}
HttpResponse revoke_ingress(Ec2Call& call) {
  return revoke(call, false);
}
HttpResponse revoke_egress(Ec2Call& call) {
  return revoke(call, true);
}

HttpResponse describe_security_group_rules(Ec2Call& call) {
  DescribeSecurityGroupRulesRequest r;
  r.rule_ids = call.params.list("SecurityGroupRuleId");
  r.filters = decode_filters(call.params);
  r.max_results = call.params.integer("MaxResults");
  r.next_token = call.params.str_or("NextToken", "");
  r.dry_run = dry_run(call.params);
  const DescribeSecurityGroupRulesResult result = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::describe_security_group_rules(p, r); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("securityGroupRuleSet");
  for (const SecurityGroupRule& rule : result.rules) {
    xml.open("item");
    write_security_group_rule(xml, rule, call.ctx.account, call.ctx.region);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", result.next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse modify_security_group_rules(Ec2Call& call) {
  const std::string group_id = call.params.str_or("GroupId", "");
  std::vector<SecurityGroupRuleUpdate> updates;
  for (const QueryParams& u : call.params.structs("SecurityGroupRule")) {
    SecurityGroupRuleUpdate update;
    update.rule_id = required(u, "SecurityGroupRuleId");
    const QueryParams rule = u.scope("SecurityGroupRule.");
    update.permission.protocol = rule.str_or("IpProtocol", "");
    update.permission.from_port = rule.integer("FromPort");
    update.permission.to_port = rule.integer("ToPort");
    const std::string description = rule.str_or("Description", "");
    if (auto v = rule.str("CidrIpv4"))
      update.permission.peers.push_back({"ipv4", *v, "", "", description});
    if (auto v = rule.str("CidrIpv6"))
      update.permission.peers.push_back({"ipv6", *v, "", "", description});
    if (auto v = rule.str("PrefixListId")) {
      update.permission.peers.push_back({"prefix", *v, "", "", description});
    }
    if (auto v = rule.str("ReferencedGroupId")) {
      update.permission.peers.push_back({"group", *v, "", "", description});
    }
    updates.push_back(std::move(update));
  }
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::modify_security_group_rules(p, group_id, updates, dry);
  });
  return return_true(call);
}

}  // namespace

void register_security_group_actions(Ec2ActionTable& t) {
  t["CreateSecurityGroup"] = create_security_group;
  t["DeleteSecurityGroup"] = delete_security_group;
  t["DescribeSecurityGroups"] = describe_security_groups;
  t["AuthorizeSecurityGroupIngress"] = authorize_ingress;
  t["AuthorizeSecurityGroupEgress"] = authorize_egress;
  t["RevokeSecurityGroupIngress"] = revoke_ingress;
  t["RevokeSecurityGroupEgress"] = revoke_egress;
  t["DescribeSecurityGroupRules"] = describe_security_group_rules;
  t["ModifySecurityGroupRules"] = modify_security_group_rules;
}

}  // namespace cloudlife::ec2::api
