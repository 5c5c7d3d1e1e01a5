// EC2 network interface and Elastic IP actions: CreateNetworkInterface, AttachNetworkInterface,
// DetachNetworkInterface, DeleteNetworkInterface, DescribeNetworkInterfaces,
// ModifyNetworkInterfaceAttribute, AllocateAddress, AssociateAddress, DisassociateAddress,
// ReleaseAddress, DescribeAddresses (ec2/network_interfaces.h). Parameters for features with no
// model here (IPv6, prefixes, secondary addresses, BYOIP pools, EFA/trunk interfaces) are refused
// with Unsupported rather than ignored.
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/network_encode.h"
#include "ec2/network_interfaces.h"
#include "ec2/tag_operations.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::XmlWriter;

std::vector<Tag> tags_for(const protocol::QueryParams& params, const char* type) {
  const auto specs = decode_tag_specifications(params);
  validate_tag_specifications(specs, {type});
  std::vector<Tag> out;
  for (const TagSpecification& ts : specs) out.insert(out.end(), ts.tags.begin(), ts.tags.end());
  return out;
}

HttpResponse return_true(Ec2Call& call) {
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("return", true);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse create_network_interface(Ec2Call& call) {
  refuse_unimplemented(
      call.params,
      {"Ipv4Prefix.*", "Ipv4PrefixCount", "Ipv6Prefix.*", "Ipv6PrefixCount", "Ipv6Addresses.*",
       "Ipv6AddressCount", "PrivateIpAddresses.*", "SecondaryPrivateIpAddressCount",
       "EnablePrimaryIpv6", "ConnectionTrackingSpecification.*", "Operator.*"});
  const std::string type = call.params.str_or("InterfaceType", "interface");
  if (type != "interface") refuse_unimplemented(call.params, {"InterfaceType"});
  CreateInterfaceRequest r;
  r.subnet_id = call.params.str_or("SubnetId", "");
  r.description = call.params.str_or("Description", "");
  r.private_ip = call.params.str("PrivateIpAddress");
  r.group_ids = call.params.list("SecurityGroupId");
  r.tags = tags_for(call.params, "network-interface");
  r.client_token = call.params.str_or("ClientToken", "");
  r.fingerprint = fingerprint(call.params, {"ClientToken", "DryRun"});
  r.dry_run = dry_run(call.params);
  const InterfaceView v = call.run([&](Ec2Partition& p, core::TimeMs) {
    return view_of(p, ec2::create_network_interface(p, r));
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("networkInterface");
  write_network_interface(xml, v, call.ctx.account, call.ctx.region);
  xml.close();
  xml.leaf_if("clientToken", r.client_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse attach_network_interface(Ec2Call& call) {
  refuse_unimplemented(call.params, {"EnaSrdSpecification.*", "EnaQueueCount"});
  if (call.params.integer("NetworkCardIndex").value_or(0) != 0) {
    refuse_unimplemented(call.params, {"NetworkCardIndex"});
  }
  const std::string eni = required(call.params, "NetworkInterfaceId");
  const std::string instance = required(call.params, "InstanceId");
  const auto index = call.params.integer("DeviceIndex");
  if (!index)
    throw ServiceError("MissingParameter", "The request must contain the parameter deviceIndex");
  const bool dry = dry_run(call.params);
  const std::string attachment = call.run([&](Ec2Partition& p, core::TimeMs now) {
    return ec2::attach_network_interface(p, eni, instance, *index, dry, now);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("attachmentId", attachment).leaf("networkCardIndex", 0);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse detach_network_interface(Ec2Call& call) {
  const std::string attachment = required(call.params, "AttachmentId");
  const bool dry = dry_run(call.params);
  call.run(
      [&](Ec2Partition& p, core::TimeMs) { ec2::detach_network_interface(p, attachment, dry); });
  return return_true(call);
}

HttpResponse delete_network_interface(Ec2Call& call) {
  const std::string eni = required(call.params, "NetworkInterfaceId");
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::delete_network_interface(p, eni, dry); });
  return return_true(call);
}

HttpResponse describe_network_interfaces(Ec2Call& call) {
  DescribeInterfacesRequest r;
  r.ids = call.params.list("NetworkInterfaceId");
  r.filters = decode_filters(call.params);
  r.max_results = call.params.integer("MaxResults");
  r.next_token = call.params.str_or("NextToken", "");
  r.dry_run = dry_run(call.params);
  if (call.params.boolean("IncludeManagedResources").value_or(false)) {
    refuse_unimplemented(call.params, {"IncludeManagedResources"});
  }
  std::string next_token;
  const std::vector<InterfaceView> views = call.run([&](Ec2Partition& p, core::TimeMs) {
    const DescribeInterfacesResult result = ec2::describe_network_interfaces(p, r);
    next_token = result.next_token;
    std::vector<InterfaceView> out;
    for (const NetworkInterface& e : result.interfaces) out.push_back(view_of(p, e));
    return out;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("networkInterfaceSet");
  for (const InterfaceView& v : views) {
    xml.open("item");
    write_network_interface(xml, v, call.ctx.account, call.ctx.region);
    xml.close();
  }
  xml.close();
  xml.leaf_if("nextToken", next_token);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse modify_network_interface_attribute(Ec2Call& call) {
  refuse_unimplemented(call.params, {"EnaSrdSpecification.*", "EnablePrimaryIpv6",
                                     "ConnectionTrackingSpecification.*",
                                     "AssociatePublicIpAddress", "AssociatedSubnetId.*"});
  ModifyInterfaceRequest r;
  r.interface_id = required(call.params, "NetworkInterfaceId");
  r.description = attribute_value(call.params, "Description");
  r.source_dest_check = attribute_bool(call.params, "SourceDestCheck");
  r.group_ids = call.params.list("SecurityGroupId");
  r.attachment_id = call.params.str_or("Attachment.AttachmentId", "");
  r.delete_on_termination = call.params.boolean("Attachment.DeleteOnTermination");
  r.dry_run = dry_run(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::modify_network_interface_attribute(p, r); });
  return return_true(call);
}

HttpResponse allocate_address(Ec2Call& call) {
  // Bring-your-own and customer-owned pools, IPAM and other border groups have no model here.
  refuse_unimplemented(call.params,
                       {"Address", "PublicIpv4Pool", "CustomerOwnedIpv4Pool", "IpamPoolId"});
  const std::string border = call.params.str_or("NetworkBorderGroup", call.ctx.region);
  if (border != call.ctx.region) refuse_unimplemented(call.params, {"NetworkBorderGroup"});
  const std::string domain = call.params.str_or("Domain", "");
  const auto tags = tags_for(call.params, "elastic-ip");
  const bool dry = dry_run(call.params);
  const ElasticAddress a = call.run(
      [&](Ec2Partition& p, core::TimeMs) { return ec2::allocate_address(p, domain, tags, dry); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("publicIp", a.public_ip).leaf("domain", "vpc").leaf("allocationId", a.allocation_id);
  xml.leaf("publicIpv4Pool", "amazon").leaf("networkBorderGroup", call.ctx.region);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse associate_address(Ec2Call& call) {
  AssociateAddressRequest r;
  r.allocation_id = call.params.str_or("AllocationId", "");
  r.public_ip = call.params.str_or("PublicIp", "");
  r.instance_id = call.params.str_or("InstanceId", "");
  r.interface_id = call.params.str_or("NetworkInterfaceId", "");
  r.private_ip = call.params.str_or("PrivateIpAddress", "");
  r.allow_reassociation = call.params.boolean("AllowReassociation").value_or(false);
  r.dry_run = dry_run(call.params);
  const std::string association =
      call.run([&](Ec2Partition& p, core::TimeMs) { return ec2::associate_address(p, r); });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.leaf("associationId", association);
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse disassociate_address(Ec2Call& call) {
  const std::string association = call.params.str_or("AssociationId", "");
  const std::string ip = call.params.str_or("PublicIp", "");
  if (association.empty() && ip.empty()) {
    throw ServiceError("MissingParameter", "Either public IP or association id must be specified");
  }
  const bool dry = dry_run(call.params);
  call.run(
      [&](Ec2Partition& p, core::TimeMs) { ec2::disassociate_address(p, association, ip, dry); });
  return return_true(call);
}

HttpResponse release_address(Ec2Call& call) {
  const std::string border = call.params.str_or("NetworkBorderGroup", call.ctx.region);
  if (border != call.ctx.region) refuse_unimplemented(call.params, {"NetworkBorderGroup"});
  const std::string allocation = call.params.str_or("AllocationId", "");
  const std::string ip = call.params.str_or("PublicIp", "");
  const bool dry = dry_run(call.params);
  call.run([&](Ec2Partition& p, core::TimeMs) { ec2::release_address(p, allocation, ip, dry); });
  return return_true(call);
}

HttpResponse describe_addresses(Ec2Call& call) {
  DescribeAddressesRequest r;
  r.allocation_ids = call.params.list("AllocationId");
  r.public_ips = call.params.list("PublicIp");
  r.filters = decode_filters(call.params);
  r.dry_run = dry_run(call.params);
  struct Row {
    ElasticAddress address;
    std::string instance_id;
  };
  const std::vector<Row> rows = call.run([&](Ec2Partition& p, core::TimeMs) {
    std::vector<Row> out;
    for (ElasticAddress& a : ec2::describe_addresses(p, r)) {
      out.push_back({a, address_instance_id(p, a)});
    }
    return out;
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("addressesSet");
  for (const Row& row : rows) {
    const ElasticAddress& a = row.address;
    xml.open("item").leaf("allocationId", a.allocation_id);
    xml.leaf_if("associationId", a.association_id).leaf("domain", "vpc");
    xml.leaf_if("networkInterfaceId", a.network_interface_id);
    if (!a.network_interface_id.empty()) xml.leaf("networkInterfaceOwnerId", call.ctx.account);
    xml.leaf_if("privateIpAddress", a.private_ip);
    write_tag_set(xml, a.tags);
    xml.leaf("publicIpv4Pool", "amazon").leaf("networkBorderGroup", call.ctx.region);
    xml.leaf_if("instanceId", row.instance_id).leaf("publicIp", a.public_ip);
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

}  // namespace

void register_interface_actions(Ec2ActionTable& t) {
  t["CreateNetworkInterface"] = create_network_interface;
  t["AttachNetworkInterface"] = attach_network_interface;
  t["DetachNetworkInterface"] = detach_network_interface;
  t["DeleteNetworkInterface"] = delete_network_interface;
  t["DescribeNetworkInterfaces"] = describe_network_interfaces;
  t["ModifyNetworkInterfaceAttribute"] = modify_network_interface_attribute;
  t["AllocateAddress"] = allocate_address;
  t["AssociateAddress"] = associate_address;
  t["DisassociateAddress"] = disassociate_address;
  t["ReleaseAddress"] = release_address;
  t["DescribeAddresses"] = describe_addresses;
}

}  // namespace cloudlife::ec2::api
