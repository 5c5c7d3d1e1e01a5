// EC2 security group actions: CreateSecurityGroup, DeleteSecurityGroup, DescribeSecurityGroups,
// AuthorizeSecurityGroupIngress/Egress, RevokeSecurityGroupIngress/Egress,
// DescribeSecurityGroupRules, ModifySecurityGroupRules, decoded and encoded by the generated codec
// (codegen/ec2/vpcs_security_groups.ops; item writers in vpc_writers.h). Rules live in
// ec2/security_groups.h; this file turns IpPermissions (and the legacy top-level
// IpProtocol/FromPort/ToPort/CidrIp/SourceSecurityGroupName form, still in the model) into the
// model's permissions and writes the answers.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/launch_template_data.h"
#include "ec2/api/vpc_writers.h"
#include "ec2/security_groups.h"
#include "ec2/tag_operations.h"
#include "ec2_codec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;
using SgPeer = IpPermissionSpec::Peer;

SgPeer sg_peer(std::string kind, std::string value, std::string group_name, std::string user_id,
               std::string description, std::string vpc_id = "") {
  SgPeer peer;
  peer.kind = std::move(kind);
  peer.value = std::move(value);
  peer.group_name = std::move(group_name);
  peer.user_id = std::move(user_id);
  peer.description = std::move(description);
  peer.vpc_id = std::move(vpc_id);
  return peer;
}

std::vector<IpPermissionSpec> sg_permissions_of(const std::vector<wire::IpPermission>& decoded) {
  std::vector<IpPermissionSpec> out;
  for (const wire::IpPermission& q : decoded) {
    IpPermissionSpec perm;
    perm.protocol = q.ip_protocol.value_or("");
    perm.from_port = q.from_port;
    perm.to_port = q.to_port;
    for (const wire::IpRange& r : q.ip_ranges) {
      perm.peers.push_back(
          sg_peer("ipv4", r.cidr_ip.value_or(""), "", "", r.description.value_or("")));
    }
    for (const wire::Ipv6Range& r : q.ipv6_ranges) {
      perm.peers.push_back(
          sg_peer("ipv6", r.cidr_ipv6.value_or(""), "", "", r.description.value_or("")));
    }
    for (const wire::PrefixListId& r : q.prefix_list_ids) {
      perm.peers.push_back(
          sg_peer("prefix", r.prefix_list_id.value_or(""), "", "", r.description.value_or("")));
    }
    for (const wire::UserIdGroupPair& g : q.user_id_group_pairs) {
      // Peered-VPC references (no VPC peering here); PeeringStatus is only ever an answer.
      if (g.vpc_peering_connection_id) refuse_unimplemented_parameter("VpcPeeringConnectionId");
      if (g.peering_status) refuse_unimplemented_parameter("PeeringStatus");
      SgPeer peer =
          sg_peer("group", g.group_id.value_or(""), g.group_name.value_or(""),
                  g.user_id.value_or(""), g.description.value_or(""), g.vpc_id.value_or(""));
      if (peer.value.empty() && peer.group_name.empty()) {
        // EC2's own wording for this MissingParameter (not the catalogue's "must contain").
        throw core::ServiceError("MissingParameter",
                                 "Either groupId or groupName must be specified for a group pair.");
      }
      perm.peers.push_back(std::move(peer));
    }
    out.push_back(std::move(perm));
  }
  return out;
}

// IpPermissions, or the older flat form: one protocol and ports with one CIDR or one source
// group (the Authorize/Revoke Ingress/Egress requests all have both).
template <class Req>
std::vector<IpPermissionSpec> sg_request_permissions(const Req& req) {
  std::vector<IpPermissionSpec> out = sg_permissions_of(req.ip_permissions);
  const bool flat = req.ip_protocol || req.cidr_ip || req.source_security_group_name ||
                    req.from_port || req.to_port;
  if (!flat) return out;
  if (!out.empty()) {
    throw protocol::aws_error("InvalidParameterCombination",
                              {"The parameter 'ipPermissions' may not be used in combination "
                               "with 'ipProtocol'"});
  }
  IpPermissionSpec perm;
  perm.protocol = req.ip_protocol.value_or(req.source_security_group_name ? "-1" : "");
  perm.from_port = req.from_port;
  perm.to_port = req.to_port;
  if (req.cidr_ip) perm.peers.push_back(sg_peer("ipv4", *req.cidr_ip, "", "", ""));
  if (req.source_security_group_name) {
    perm.peers.push_back(sg_peer("group", "", *req.source_security_group_name,
                                 req.source_security_group_owner_id.value_or(""), ""));
  }
  out.push_back(std::move(perm));
  return out;
}

// The egress requests' one required member is GroupId; EC2 names it "groupId" when it is absent.
template <class Req>
Req decode_egress_request(const protocol::QueryParams& params) {
  try {
    return Req::decode(params);
  } catch (const core::ServiceError& e) {
    if (e.code() != "MissingParameter") throw;
    throw protocol::aws_error("MissingParameter", {"groupId"});
  }
}

std::vector<Tag> sg_tags_for(const std::vector<wire::TagSpecification>& decoded,
                             const std::string& type) {
  const std::vector<TagSpecification> specs = to_tag_specifications(decoded);
  validate_tag_specifications(specs, {type});
  std::vector<Tag> out;
  for (const TagSpecification& ts : specs) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  return out;
}

HttpResponse create_security_group(Ec2Call& call) {
  const auto req = wire::CreateSecurityGroupRequest::decode(call.params);
  CreateSecurityGroupRequest r;
  r.group_name = req.group_name;
  r.description = req.description;
  r.vpc_id = req.vpc_id.value_or("");
  r.tags = sg_tags_for(req.tag_specifications, "security-group");
  const bool dry = req.dry_run.value_or(false);
  const SecurityGroup g = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::create_security_group(p, r, dry); });
  call.ctx.created_ids.push_back(g.group_id);
  wire::CreateSecurityGroupResponse out(call.ctx.request_id);
  out.group_id(g.group_id);
  if (!g.tags.empty()) write_network_tag_set(out, g.tags);
  out.security_group_arn(security_group_arn(g.group_id, call.ctx.account, call.ctx.region));
  return out.finish();
}

HttpResponse delete_security_group(Ec2Call& call) {
  const auto req = wire::DeleteSecurityGroupRequest::decode(call.params);
  const std::string id = req.group_id.value_or("");
  const std::string name = req.group_name.value_or("");
  const bool dry = req.dry_run.value_or(false);
  const std::string deleted = call.run([&](Ec2Partition& p, core::TimeMs) {
    const std::string group_id = require_group_by_id_or_name(p, id, name).group_id;
    ec2::delete_security_group(p, id, name, dry);
    return group_id;
  });
  wire::DeleteSecurityGroupResponse out(call.ctx.request_id);
  out.return_(true).group_id(deleted);
  return out.finish();
}

HttpResponse describe_security_groups(Ec2Call& call) {
  const auto req = wire::DescribeSecurityGroupsRequest::decode(call.params);
  DescribeSecurityGroupsRequest r;
  r.group_ids = req.group_ids;
  r.group_names = req.group_names;
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  const DescribeSecurityGroupsResult result =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_security_groups(p, r); });
  wire::DescribeSecurityGroupsResponse out(call.ctx.request_id);
  out.security_groups(result.groups, [&](wire::SecurityGroupWriter& w, const SecurityGroup& g) {
    write_security_group(w, g, call.ctx.account, call.ctx.region);
  });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

template <class Response>
HttpResponse sg_authorize_answer(Ec2Call& call, const AuthorizeResult& result) {
  Response out(call.ctx.request_id);
  out.return_(true);
  out.security_group_rules(result.added,
                           [&](wire::SecurityGroupRuleWriter& w, const SecurityGroupRule& rule) {
                             write_security_group_rule(w, rule, call.ctx.account, call.ctx.region);
                           });
  return out.finish();
}

HttpResponse authorize_ingress(Ec2Call& call) {
  const auto req = wire::AuthorizeSecurityGroupIngressRequest::decode(call.params);
  const std::string id = req.group_id.value_or("");
  const std::string name = req.group_name.value_or("");
  const auto perms = sg_request_permissions(req);
  const auto tags = sg_tags_for(req.tag_specifications, "security-group-rule");
  const bool dry = req.dry_run.value_or(false);
  const AuthorizeResult result = call.run([&](Ec2Partition& p, core::TimeMs) {
    return authorize_rules(p, id, name, false, perms, tags, dry);
  });
  return sg_authorize_answer<wire::AuthorizeSecurityGroupIngressResponse>(call, result);
}

HttpResponse authorize_egress(Ec2Call& call) {
  const auto req = decode_egress_request<wire::AuthorizeSecurityGroupEgressRequest>(call.params);
  const auto perms = sg_request_permissions(req);
  const auto tags = sg_tags_for(req.tag_specifications, "security-group-rule");
  const bool dry = req.dry_run.value_or(false);
  const AuthorizeResult result = call.run([&](Ec2Partition& p, core::TimeMs) {
    return authorize_rules(p, req.group_id, "", true, perms, tags, dry);
  });
  return sg_authorize_answer<wire::AuthorizeSecurityGroupEgressResponse>(call, result);
}

// A permission that matched no rule, as the request gave it (prefix lists are not echoed).
void write_sg_unknown_permission(wire::IpPermissionWriter& w, const IpPermissionSpec& perm) {
  w.ip_protocol(perm.protocol);
  if (perm.from_port) w.from_port(*perm.from_port);
  if (perm.to_port) w.to_port(*perm.to_port);
  w.user_id_group_pairs([&](wire::UserIdGroupPairListWriter& list) {
    for (const SgPeer& peer : perm.peers) {
      if (peer.kind != "group") continue;
      list.item([&](wire::UserIdGroupPairWriter& g) {
        if (!peer.value.empty()) g.group_id(peer.value);
        if (!peer.group_name.empty()) g.group_name(peer.group_name);
      });
    }
  });
  w.ip_ranges([&](wire::IpRangeListWriter& list) {
    for (const SgPeer& peer : perm.peers) {
      if (peer.kind == "ipv4") list.item([&](wire::IpRangeWriter& x) { x.cidr_ip(peer.value); });
    }
  });
  w.ipv6_ranges([&](wire::Ipv6RangeListWriter& list) {
    for (const SgPeer& peer : perm.peers) {
      if (peer.kind == "ipv6") {
        list.item([&](wire::Ipv6RangeWriter& x) { x.cidr_ipv6(peer.value); });
      }
    }
  });
  w.prefix_list_ids([](wire::PrefixListIdListWriter&) {});
}

void write_sg_revoked_rule(wire::RevokedSecurityGroupRuleWriter& w, const SecurityGroupRule& r) {
  w.security_group_rule_id(r.rule_id).group_id(r.group_id).is_egress(r.egress);
  w.ip_protocol(r.protocol).from_port(r.from_port).to_port(r.to_port);
  if (!r.cidr_ipv4.empty()) w.cidr_ipv4(r.cidr_ipv4);
  if (!r.cidr_ipv6.empty()) w.cidr_ipv6(r.cidr_ipv6);
  if (!r.prefix_list_id.empty()) w.prefix_list_id(r.prefix_list_id);
  if (!r.referenced_group_id.empty()) w.referenced_group_id(r.referenced_group_id);
  if (!r.description.empty()) w.description(r.description);
}

template <class Response>
HttpResponse sg_revoke_answer(Ec2Call& call, const RevokeResult& result) {
  Response out(call.ctx.request_id);
  out.return_(true);
  if (!result.unknown.empty())
    out.unknown_ip_permissions(result.unknown, write_sg_unknown_permission);
  out.revoked_security_group_rules(result.revoked, write_sg_revoked_rule);
  return out.finish();
}

HttpResponse revoke_ingress(Ec2Call& call) {
  const auto req = wire::RevokeSecurityGroupIngressRequest::decode(call.params);
  const std::string id = req.group_id.value_or("");
  const std::string name = req.group_name.value_or("");
  const auto perms = sg_request_permissions(req);
  const bool dry = req.dry_run.value_or(false);
  const RevokeResult result = call.run([&](Ec2Partition& p, core::TimeMs) {
    return revoke_rules(p, id, name, false, perms, req.security_group_rule_ids, dry);
  });
  return sg_revoke_answer<wire::RevokeSecurityGroupIngressResponse>(call, result);
}

HttpResponse revoke_egress(Ec2Call& call) {
  const auto req = decode_egress_request<wire::RevokeSecurityGroupEgressRequest>(call.params);
  const auto perms = sg_request_permissions(req);
  const bool dry = req.dry_run.value_or(false);
  const RevokeResult result = call.run([&](Ec2Partition& p, core::TimeMs) {
    return revoke_rules(p, req.group_id, "", true, perms, req.security_group_rule_ids, dry);
  });
  return sg_revoke_answer<wire::RevokeSecurityGroupEgressResponse>(call, result);
}

HttpResponse describe_security_group_rules(Ec2Call& call) {
  const auto req = wire::DescribeSecurityGroupRulesRequest::decode(call.params);
  DescribeSecurityGroupRulesRequest r;
  r.rule_ids = req.security_group_rule_ids;
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  const DescribeSecurityGroupRulesResult result = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::describe_security_group_rules(p, r); });
  wire::DescribeSecurityGroupRulesResponse out(call.ctx.request_id);
  out.security_group_rules(result.rules,
                           [&](wire::SecurityGroupRuleWriter& w, const SecurityGroupRule& rule) {
                             write_security_group_rule(w, rule, call.ctx.account, call.ctx.region);
                           });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

// One SecurityGroupRule.N of ModifySecurityGroupRules: the rule's new protocol, ports and peer.
SecurityGroupRuleUpdate sg_rule_update_of(const wire::SecurityGroupRuleUpdate& u) {
  SecurityGroupRuleUpdate update;
  update.rule_id = u.security_group_rule_id;
  const wire::SecurityGroupRuleRequest rule =
      u.security_group_rule.value_or(wire::SecurityGroupRuleRequest{});
  update.permission.protocol = rule.ip_protocol.value_or("");
  update.permission.from_port = rule.from_port;
  update.permission.to_port = rule.to_port;
  const std::string description = rule.description.value_or("");
  std::vector<SgPeer>& peers = update.permission.peers;
  if (rule.cidr_ipv4) peers.push_back(sg_peer("ipv4", *rule.cidr_ipv4, "", "", description));
  if (rule.cidr_ipv6) peers.push_back(sg_peer("ipv6", *rule.cidr_ipv6, "", "", description));
  if (rule.prefix_list_id)
    peers.push_back(sg_peer("prefix", *rule.prefix_list_id, "", "", description));
  if (rule.referenced_group_id) {
    peers.push_back(sg_peer("group", *rule.referenced_group_id, "", "", description));
  }
  return update;
}

HttpResponse modify_security_group_rules(Ec2Call& call) {
  const auto req = wire::ModifySecurityGroupRulesRequest::decode(call.params);
  std::vector<SecurityGroupRuleUpdate> updates;
  updates.reserve(req.security_group_rules.size());
  for (const wire::SecurityGroupRuleUpdate& u : req.security_group_rules) {
    updates.push_back(sg_rule_update_of(u));
  }
  const bool dry = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::modify_security_group_rules(p, req.group_id, updates, dry);
  });
  wire::ModifySecurityGroupRulesResponse out(call.ctx.request_id);
  out.return_(true);
  return out.finish();
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
