// Network ACL actions (ec2/network_acls.h), decoded and encoded by the generated codec
// (codegen/ec2/network_acls.ops). CreateNetworkAcl's ClientToken has no idempotency record here
// and is refused with Unsupported rather than ignored.
#include <optional>
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/network_acls.h"
#include "ec2/tag_operations.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
namespace wire = codec::ec2;

std::vector<Tag> acl_tags_of(const std::vector<wire::TagSpecification>& specs) {
  const std::vector<TagSpecification> model = to_tag_specifications(specs);
  validate_tag_specifications(model, {"network-acl"});
  std::vector<Tag> out;
  for (const TagSpecification& s : model) out.insert(out.end(), s.tags.begin(), s.tags.end());
  return out;
}

std::optional<int> as_int(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

void write_entry(wire::NetworkAclEntryWriter& w, const NetworkAclEntry& e) {
  if (!e.cidr_block.empty()) w.cidr_block(e.cidr_block);
  w.egress(e.egress);
  if (e.icmp_type) {
    w.icmp_type_code([&](wire::IcmpTypeCodeWriter& i) { i.code(*e.icmp_code).type(*e.icmp_type); });
  }
  if (!e.ipv6_cidr_block.empty()) w.ipv6_cidr_block(e.ipv6_cidr_block);
  if (e.port_from) {
    w.port_range([&](wire::PortRangeWriter& r) { r.from_(*e.port_from).to(*e.port_to); });
  }
  w.protocol(e.protocol).rule_action(e.rule_action).rule_number(e.rule_number);
}

void write_acl(wire::NetworkAclWriter& w, const NetworkAcl& acl, const std::string& owner) {
  w.associations(acl.associations,
                 [&](wire::NetworkAclAssociationWriter& a, const NetworkAclAssociation& x) {
                   a.network_acl_association_id(x.association_id)
                       .network_acl_id(acl.network_acl_id)
                       .subnet_id(x.subnet_id);
                 });
  w.entries(acl.entries, write_entry);
  w.is_default(acl.is_default).network_acl_id(acl.network_acl_id);
  w.tags(acl.tags.items(),
         [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  w.vpc_id(acl.vpc_id).owner_id(owner);
}

template <class Req>
NetworkAclEntryRequest entry_request(const Req& req) {
  NetworkAclEntryRequest r;
  r.acl_id = req.network_acl_id;
  r.rule_number = static_cast<int>(req.rule_number);
  r.egress = req.egress;
  r.protocol = req.protocol;
  r.rule_action = req.rule_action;
  r.cidr_block = req.cidr_block.value_or("");
  r.ipv6_cidr_block = req.ipv6_cidr_block.value_or("");
  if (req.port_range) {
    r.port_from = as_int(req.port_range->from_);
    r.port_to = as_int(req.port_range->to);
  }
  if (req.icmp_type_code) {
    r.icmp_type = as_int(req.icmp_type_code->type);
    r.icmp_code = as_int(req.icmp_type_code->code);
  }
  r.dry_run = req.dry_run.value_or(false);
  return r;
}

HttpResponse create_network_acl(Ec2Call& call) {
  const auto req = wire::CreateNetworkAclRequest::decode(call.params);
  if (req.client_token) {
    throw ServiceError("Unsupported",
                       "The requested configuration is currently not supported: cloudlife does "
                       "not implement CreateNetworkAcl ClientToken.");
  }
  const auto tags = acl_tags_of(req.tag_specifications);
  const bool dry = req.dry_run.value_or(false);
  const NetworkAcl acl = call.run([&](Ec2Partition& p, core::TimeMs) {
    return ec2::create_network_acl(p, req.vpc_id, tags, dry);
  });
  call.ctx.created_ids.push_back(acl.network_acl_id);
  wire::CreateNetworkAclResponse out(call.ctx.request_id);
  out.network_acl([&](wire::NetworkAclWriter& w) { write_acl(w, acl, call.ctx.account); });
  return out.finish();
}

HttpResponse delete_network_acl(Ec2Call& call) {
  const auto req = wire::DeleteNetworkAclRequest::decode(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::delete_network_acl(p, req.network_acl_id, req.dry_run.value_or(false));
  });
  return wire::DeleteNetworkAclResponse(call.ctx.request_id).finish();
}

HttpResponse describe_network_acls(Ec2Call& call) {
  const auto req = wire::DescribeNetworkAclsRequest::decode(call.params);
  DescribeNetworkAclsRequest r;
  r.ids = req.network_acl_ids;
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  const DescribeNetworkAclsResult result =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::describe_network_acls(p, r); });
  wire::DescribeNetworkAclsResponse out(call.ctx.request_id);
  out.network_acls(result.acls, [&](wire::NetworkAclWriter& w, const NetworkAcl& acl) {
    write_acl(w, acl, call.ctx.account);
  });
  if (!result.next_token.empty()) out.next_token(result.next_token);
  return out.finish();
}

HttpResponse create_network_acl_entry(Ec2Call& call) {
  const auto r = entry_request(wire::CreateNetworkAclEntryRequest::decode(call.params));
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::create_network_acl_entry(p, r); });
  return wire::CreateNetworkAclEntryResponse(call.ctx.request_id).finish();
}

HttpResponse replace_network_acl_entry(Ec2Call& call) {
  const auto r = entry_request(wire::ReplaceNetworkAclEntryRequest::decode(call.params));
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::replace_network_acl_entry(p, r); });
  return wire::ReplaceNetworkAclEntryResponse(call.ctx.request_id).finish();
}

HttpResponse delete_network_acl_entry(Ec2Call& call) {
  const auto req = wire::DeleteNetworkAclEntryRequest::decode(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::delete_network_acl_entry(p, req.network_acl_id, static_cast<int>(req.rule_number),
                                  req.egress, req.dry_run.value_or(false));
  });
  return wire::DeleteNetworkAclEntryResponse(call.ctx.request_id).finish();
}

HttpResponse replace_network_acl_association(Ec2Call& call) {
  const auto req = wire::ReplaceNetworkAclAssociationRequest::decode(call.params);
  const std::string new_id = call.run([&](Ec2Partition& p, core::TimeMs) {
    return ec2::replace_network_acl_association(p, req.association_id, req.network_acl_id,
                                                req.dry_run.value_or(false));
  });
  wire::ReplaceNetworkAclAssociationResponse out(call.ctx.request_id);
  out.new_association_id(new_id);
  return out.finish();
}

}  // namespace

void register_network_acl_actions(Ec2ActionTable& t) {
  t["CreateNetworkAcl"] = create_network_acl;
  t["DeleteNetworkAcl"] = delete_network_acl;
  t["DescribeNetworkAcls"] = describe_network_acls;
  t["CreateNetworkAclEntry"] = create_network_acl_entry;
  t["ReplaceNetworkAclEntry"] = replace_network_acl_entry;
  t["DeleteNetworkAclEntry"] = delete_network_acl_entry;
  t["ReplaceNetworkAclAssociation"] = replace_network_acl_association;
}

}  // namespace cloudlife::ec2::api
