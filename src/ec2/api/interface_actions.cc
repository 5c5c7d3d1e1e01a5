// EC2 network interface and Elastic IP actions: CreateNetworkInterface, AttachNetworkInterface,
// DetachNetworkInterface, DeleteNetworkInterface, DescribeNetworkInterfaces,
// ModifyNetworkInterfaceAttribute, AllocateAddress, AssociateAddress, DisassociateAddress,
// ReleaseAddress, DescribeAddresses (ec2/network_interfaces.h), decoded and encoded by the
// generated codec (codegen/ec2/interfaces_volumes_keys.ops). Parameters for features with no
// model here (IPv6, prefixes, secondary addresses, BYOIP pools, EFA/trunk interfaces) are refused
// with Unsupported rather than ignored; the refusal names the request's own parameter.
// DetachNetworkInterface's Force is honoured: a detach here is immediate and never hangs, so a
// forced detach is a plain one (the primary interface stays refused, as in AWS).
#include <string>
#include <vector>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/interface_writers.h"
#include "ec2/network_interfaces.h"
#include "ec2/tag_operations.h"
#include "ec2_codec.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
namespace wire = codec::ec2;

std::vector<Tag> interface_action_tags(const std::vector<wire::TagSpecification>& decoded,
                                       const char* type) {
  const std::vector<TagSpecification> specs = to_tag_specifications(decoded);
  validate_tag_specifications(specs, {type});
  std::vector<Tag> out;
  for (const TagSpecification& ts : specs) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  return out;
}

HttpResponse create_network_interface(Ec2Call& call) {
  refuse_unimplemented(
      call.params,
      {"Ipv4Prefix.*", "Ipv4PrefixCount", "Ipv6Prefix.*", "Ipv6PrefixCount", "Ipv6Addresses.*",
       "Ipv6AddressCount", "PrivateIpAddresses.*", "SecondaryPrivateIpAddressCount",
       "EnablePrimaryIpv6", "ConnectionTrackingSpecification.*", "Operator.*"});
  const auto req = wire::CreateNetworkInterfaceRequest::decode(call.params);
  if (req.interface_type.value_or("interface") != "interface") {
    refuse_unimplemented(call.params, {"InterfaceType"});
  }
  CreateInterfaceRequest r;
  r.subnet_id = req.subnet_id;
  r.description = req.description.value_or("");
  r.private_ip = req.private_ip_address;
  r.group_ids = req.groups;
  r.tags = interface_action_tags(req.tag_specifications, "network-interface");
  r.client_token = req.client_token.value_or("");
  r.fingerprint = fingerprint(call.params, {"ClientToken", "DryRun"});
  r.dry_run = req.dry_run.value_or(false);
  const EniWireView v = call.run([&](Ec2Partition& p, core::TimeMs) {
    return eni_wire_view(p, ec2::create_network_interface(p, r));
  });
  wire::CreateNetworkInterfaceResponse out(call.ctx.request_id);
  out.network_interface(
      [&](wire::NetworkInterfaceWriter& w) { write_eni(w, v, call.ctx.account, call.ctx.region); });
  if (!r.client_token.empty()) out.client_token(r.client_token);
  return out.finish();
}

HttpResponse attach_network_interface(Ec2Call& call) {
  refuse_unimplemented(call.params, {"EnaSrdSpecification.*", "EnaQueueCount"});
  const auto req = wire::AttachNetworkInterfaceRequest::decode(call.params);
  if (req.network_card_index.value_or(0) != 0) {
    refuse_unimplemented(call.params, {"NetworkCardIndex"});
  }
  const bool dry = req.dry_run.value_or(false);
  const std::string attachment = call.run([&](Ec2Partition& p, core::TimeMs now) {
    return ec2::attach_network_interface(call.model, p, req.network_interface_id, req.instance_id,
                                         req.device_index, dry, now);
  });
  wire::AttachNetworkInterfaceResponse out(call.ctx.request_id);
  out.attachment_id(attachment).network_card_index(0);
  return out.finish();
}

HttpResponse detach_network_interface(Ec2Call& call) {
  const auto req = wire::DetachNetworkInterfaceRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::detach_network_interface(p, req.attachment_id, dry);
  });
  return wire::DetachNetworkInterfaceResponse(call.ctx.request_id).finish();
}

HttpResponse delete_network_interface(Ec2Call& call) {
  const auto req = wire::DeleteNetworkInterfaceRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::delete_network_interface(p, req.network_interface_id, dry);
  });
  return wire::DeleteNetworkInterfaceResponse(call.ctx.request_id).finish();
}

HttpResponse describe_network_interfaces(Ec2Call& call) {
  const auto req = wire::DescribeNetworkInterfacesRequest::decode(call.params);
  DescribeInterfacesRequest r;
  r.ids = req.network_interface_ids;
  r.filters = to_filters(req.filters);
  r.max_results = req.max_results;
  r.next_token = req.next_token.value_or("");
  r.dry_run = req.dry_run.value_or(false);
  if (req.include_managed_resources.value_or(false)) {
    refuse_unimplemented(call.params, {"IncludeManagedResources"});
  }
  std::string next_token;
  const std::vector<EniWireView> views = call.run([&](Ec2Partition& p, core::TimeMs) {
    const DescribeInterfacesResult result = ec2::describe_network_interfaces(p, r);
    next_token = result.next_token;
    std::vector<EniWireView> found;
    found.reserve(result.interfaces.size());
    for (const NetworkInterface& e : result.interfaces) found.push_back(eni_wire_view(p, e));
    return found;
  });
  wire::DescribeNetworkInterfacesResponse out(call.ctx.request_id);
  out.network_interfaces(views, [&](wire::NetworkInterfaceWriter& w, const EniWireView& v) {
    write_eni(w, v, call.ctx.account, call.ctx.region);
  });
  if (!next_token.empty()) out.next_token(next_token);
  return out.finish();
}

HttpResponse modify_network_interface_attribute(Ec2Call& call) {
  refuse_unimplemented(
      call.params,
      {"EnaSrdSpecification.*", "EnablePrimaryIpv6", "ConnectionTrackingSpecification.*",
       "AssociatePublicIpAddress", "AssociatedSubnetId.*", "Attachment.EnaQueueCount",
       "Attachment.DefaultEnaQueueCount"});
  const auto req = wire::ModifyNetworkInterfaceAttributeRequest::decode(call.params);
  ModifyInterfaceRequest r;
  r.interface_id = req.network_interface_id;
  if (req.description) r.description = req.description->value;
  if (req.source_dest_check) r.source_dest_check = req.source_dest_check->value;
  r.group_ids = req.groups;
  if (req.attachment) {
    r.attachment_id = req.attachment->attachment_id.value_or("");
    r.delete_on_termination = req.attachment->delete_on_termination;
  }
  r.dry_run = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::modify_network_interface_attribute(p, r); });
  return wire::ModifyNetworkInterfaceAttributeResponse(call.ctx.request_id).finish();
}

HttpResponse assign_private_ip_addresses(Ec2Call& call) {
  refuse_unimplemented(call.params, {"Ipv4Prefix.*", "Ipv4PrefixCount"});
  const auto req = wire::AssignPrivateIpAddressesRequest::decode(call.params);
  AssignAddressesRequest r;
  r.interface_id = req.network_interface_id;
  r.addresses = req.private_ip_addresses;
  r.count = req.secondary_private_ip_address_count;
  r.allow_reassignment = req.allow_reassignment.value_or(false);
  const std::vector<std::string> assigned = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::assign_private_ip_addresses(p, r); });
  wire::AssignPrivateIpAddressesResponse out(call.ctx.request_id);
  out.network_interface_id(r.interface_id);
  out.assigned_private_ip_addresses(
      assigned, [](wire::AssignedPrivateIpAddressWriter& w, const std::string& ip) {
        w.private_ip_address(ip);
      });
  return out.finish();
}

HttpResponse unassign_private_ip_addresses(Ec2Call& call) {
  refuse_unimplemented(call.params, {"Ipv4Prefix.*"});
  const auto req = wire::UnassignPrivateIpAddressesRequest::decode(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) {
    ec2::unassign_private_ip_addresses(p, req.network_interface_id, req.private_ip_addresses,
                                       false);
  });
  return wire::UnassignPrivateIpAddressesResponse(call.ctx.request_id).finish();
}

HttpResponse allocate_address(Ec2Call& call) {
  // Bring-your-own and customer-owned pools, IPAM and other border groups have no model here.
  refuse_unimplemented(call.params,
                       {"Address", "PublicIpv4Pool", "CustomerOwnedIpv4Pool", "IpamPoolId"});
  const auto req = wire::AllocateAddressRequest::decode(call.params);
  if (req.network_border_group.value_or(call.ctx.region) != call.ctx.region) {
    refuse_unimplemented(call.params, {"NetworkBorderGroup"});
  }
  const std::string domain = req.domain.value_or("");
  const auto tags = interface_action_tags(req.tag_specifications, "elastic-ip");
  const bool dry = req.dry_run.value_or(false);
  const ElasticAddress a = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::allocate_address(p, domain, tags, dry); });
  wire::AllocateAddressResponse out(call.ctx.request_id);
  out.public_ip(a.public_ip).domain("vpc").allocation_id(a.allocation_id);
  out.public_ipv4_pool("amazon").network_border_group(call.ctx.region);
  return out.finish();
}

HttpResponse associate_address(Ec2Call& call) {
  const auto req = wire::AssociateAddressRequest::decode(call.params);
  AssociateAddressRequest r;
  r.allocation_id = req.allocation_id.value_or("");
  r.public_ip = req.public_ip.value_or("");
  r.instance_id = req.instance_id.value_or("");
  r.interface_id = req.network_interface_id.value_or("");
  r.private_ip = req.private_ip_address.value_or("");
  r.allow_reassociation = req.allow_reassociation.value_or(false);
  r.dry_run = req.dry_run.value_or(false);
  const std::string association =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::associate_address(p, r); });
  wire::AssociateAddressResponse out(call.ctx.request_id);
  out.association_id(association);
  return out.finish();
}

HttpResponse disassociate_address(Ec2Call& call) {
  const auto req = wire::DisassociateAddressRequest::decode(call.params);
  const std::string association = req.association_id.value_or("");
  const std::string ip = req.public_ip.value_or("");
  if (association.empty() && ip.empty()) {
    throw ServiceError("MissingParameter", "Either public IP or association id must be specified");
  }
  const bool dry = req.dry_run.value_or(false);
  call.run(
      [&](Ec2Partition& p, core::TimeMs) { ec2::disassociate_address(p, association, ip, dry); });
  return wire::DisassociateAddressResponse(call.ctx.request_id).finish();
}

HttpResponse release_address(Ec2Call& call) {
  const auto req = wire::ReleaseAddressRequest::decode(call.params);
  if (req.network_border_group.value_or(call.ctx.region) != call.ctx.region) {
    refuse_unimplemented(call.params, {"NetworkBorderGroup"});
  }
  const std::string allocation = req.allocation_id.value_or("");
  const std::string ip = req.public_ip.value_or("");
  const bool dry = req.dry_run.value_or(false);
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::release_address(p, allocation, ip, dry); });
  return wire::ReleaseAddressResponse(call.ctx.request_id).finish();
}

HttpResponse describe_addresses(Ec2Call& call) {
  const auto req = wire::DescribeAddressesRequest::decode(call.params);
  DescribeAddressesRequest r;
  r.allocation_ids = req.allocation_ids;
  r.public_ips = req.public_ips;
  r.filters = to_filters(req.filters);
  r.dry_run = req.dry_run.value_or(false);
  struct AddressRow {
    ElasticAddress address;
    std::string instance_id;
  };
  const std::vector<AddressRow> rows = call.run([&](Ec2Partition& p, core::TimeMs) {
    std::vector<AddressRow> found;
    for (ElasticAddress& a : ec2::describe_addresses(p, r)) {
      found.push_back({a, address_instance_id(p, a)});
    }
    return found;
  });
  wire::DescribeAddressesResponse out(call.ctx.request_id);
  out.addresses(rows, [&](wire::AddressWriter& w, const AddressRow& row) {
    const ElasticAddress& a = row.address;
    w.allocation_id(a.allocation_id);
    if (!a.association_id.empty()) w.association_id(a.association_id);
    w.domain("vpc");
    if (!a.network_interface_id.empty()) {
      w.network_interface_id(a.network_interface_id).network_interface_owner_id(call.ctx.account);
    }
    if (!a.private_ip.empty()) w.private_ip_address(a.private_ip);
    if (!a.tags.empty()) w.tags(a.tags.items(), write_resource_tag);
    w.public_ipv4_pool("amazon").network_border_group(call.ctx.region);
    if (!row.instance_id.empty()) w.instance_id(row.instance_id);
    w.public_ip(a.public_ip);
  });
  return out.finish();
}

}  // namespace

void register_interface_actions(Ec2ActionTable& t) {
  t["CreateNetworkInterface"] = create_network_interface;
  t["AttachNetworkInterface"] = attach_network_interface;
  t["DetachNetworkInterface"] = detach_network_interface;
  t["DeleteNetworkInterface"] = delete_network_interface;
  t["DescribeNetworkInterfaces"] = describe_network_interfaces;
  t["ModifyNetworkInterfaceAttribute"] = modify_network_interface_attribute;
  t["AssignPrivateIpAddresses"] = assign_private_ip_addresses;
  t["UnassignPrivateIpAddresses"] = unassign_private_ip_addresses;
  t["AllocateAddress"] = allocate_address;
  t["AssociateAddress"] = associate_address;
  t["DisassociateAddress"] = disassociate_address;
  t["ReleaseAddress"] = release_address;
  t["DescribeAddresses"] = describe_addresses;
}

}  // namespace cloudlife::ec2::api
