#include "ec2/api/network_encode.h"

#include "core/time.h"

namespace cloudlife::ec2::api {

using protocol::XmlWriter;

std::string security_group_arn(const SecurityGroup& g, const std::string& owner,
                               const std::string& region) {
  return "arn:aws:ec2:" + region + ":" + owner + ":security-group/" + g.group_id;
}

namespace {

void write_permissions(XmlWriter& xml, const char* element, const SecurityGroup& g, bool egress) {
  xml.open(element);
  for (const IpPermissionView& perm : permissions_of(g, egress)) {
    xml.open("item").leaf("ipProtocol", perm.protocol);
    if (perm.protocol != "-1") xml.leaf("fromPort", perm.from_port).leaf("toPort", perm.to_port);
    xml.open("groups");
    for (const SecurityGroupRule* r : perm.rules) {
      if (r->referenced_group_id.empty()) continue;
      xml.open("item").leaf_if("description", r->description);
      xml.leaf("userId", r->referenced_user_id).leaf("groupId", r->referenced_group_id);
      xml.close();
    }
    xml.close().open("ipRanges");
    for (const SecurityGroupRule* r : perm.rules) {
      if (r->cidr_ipv4.empty()) continue;
      xml.open("item").leaf("cidrIp", r->cidr_ipv4).leaf_if("description", r->description);
      xml.close();
    }
    xml.close().open("ipv6Ranges");
    for (const SecurityGroupRule* r : perm.rules) {
      if (r->cidr_ipv6.empty()) continue;
      xml.open("item").leaf("cidrIpv6", r->cidr_ipv6).leaf_if("description", r->description);
      xml.close();
    }
    xml.close().open("prefixListIds");
    for (const SecurityGroupRule* r : perm.rules) {
      if (r->prefix_list_id.empty()) continue;
      xml.open("item").leaf("prefixListId", r->prefix_list_id);
      xml.leaf_if("description", r->description).close();
    }
    xml.close().close();
  }
  xml.close();
}

}  // namespace

void write_security_group(XmlWriter& xml, const SecurityGroup& g, const std::string& owner,
                          const std::string& region) {
  xml.leaf("ownerId", owner).leaf("groupId", g.group_id).leaf("groupName", g.group_name);
  xml.leaf("groupDescription", g.description);
  write_permissions(xml, "ipPermissions", g, false);
  write_permissions(xml, "ipPermissionsEgress", g, true);
  xml.leaf("vpcId", g.vpc_id);
  xml.leaf("securityGroupArn", security_group_arn(g, owner, region));
  write_tag_set(xml, g.tags);
}

void write_security_group_rule(XmlWriter& xml, const SecurityGroupRule& r, const std::string& owner,
                               const std::string& region) {
  xml.leaf("securityGroupRuleId", r.rule_id).leaf("groupId", r.group_id);
  xml.leaf("groupOwnerId", owner).leaf("isEgress", r.egress).leaf("ipProtocol", r.protocol);
  xml.leaf("fromPort", r.from_port).leaf("toPort", r.to_port);
  xml.leaf_if("cidrIpv4", r.cidr_ipv4).leaf_if("cidrIpv6", r.cidr_ipv6);
  xml.leaf_if("prefixListId", r.prefix_list_id);
  if (!r.referenced_group_id.empty()) {
    xml.open("referencedGroupInfo")
        .leaf("groupId", r.referenced_group_id)
        .leaf("userId", r.referenced_user_id)
        .close();
  }
  xml.leaf_if("description", r.description);
  write_tag_set(xml, r.tags);
  xml.leaf("securityGroupRuleArn", security_group_rule_arn(r.rule_id, owner, region));
}

InterfaceView view_of(const Ec2Partition& p, const NetworkInterface& eni) {
  InterfaceView v;
  v.eni = eni;
  for (const std::string& id : eni.group_ids) {
    auto it = p.security_groups.find(id);
    v.group_names.push_back(it == p.security_groups.end() ? "" : it->second.group_name);
  }
  v.public_ip = interface_public_ip(p, eni);
  auto a = p.addresses.find(eni.allocation_id);
  if (a != p.addresses.end()) {
    v.allocation_id = a->second.allocation_id;
    v.association_id = a->second.association_id;
  }
  return v;
}

void write_network_interface(XmlWriter& xml, const InterfaceView& v, const std::string& owner,
                             const std::string& region) {
  const NetworkInterface& e = v.eni;
  const std::string private_dns = private_dns_name(e.private_ip, region);
  auto write_association = [&] {
    if (v.public_ip.empty()) return;
    xml.open("association").leaf_if("allocationId", v.allocation_id);
    xml.leaf_if("associationId", v.association_id);
    xml.leaf("ipOwnerId", v.allocation_id.empty() ? "amazon" : owner);
    xml.leaf("publicDnsName", public_dns_name(v.public_ip, region));
    xml.leaf("publicIp", v.public_ip).close();
  };
  xml.leaf("networkInterfaceId", e.interface_id).leaf("subnetId", e.subnet_id);
  xml.leaf("vpcId", e.vpc_id).leaf("availabilityZone", e.availability_zone);
  xml.leaf("availabilityZoneId", e.zone_id);
  xml.leaf("description", e.description).leaf("ownerId", owner);
  xml.leaf("requesterManaged", false).leaf("status", e.status());
  xml.leaf("macAddress", e.mac_address).leaf("privateIpAddress", e.private_ip);
  xml.leaf("privateDnsName", private_dns).leaf("sourceDestCheck", e.source_dest_check);
  xml.open("groupSet");
  for (std::size_t k = 0; k < e.group_ids.size(); ++k) {
    xml.open("item").leaf("groupId", e.group_ids[k]).leaf("groupName", v.group_names[k]).close();
  }
  xml.close();
  if (e.attachment) {
    xml.open("attachment").leaf("attachmentId", e.attachment->attachment_id);
    xml.leaf("instanceId", e.attachment->instance_id).leaf("instanceOwnerId", owner);
    xml.leaf("deviceIndex", e.attachment->device_index).leaf("networkCardIndex", 0);
    xml.leaf("status", e.attachment->status);
    xml.leaf("attachTime", core::format_iso8601_ms(e.attachment->attach_time));
    xml.leaf("deleteOnTermination", e.attachment->delete_on_termination).close();
  }
  write_association();
  write_tag_set(xml, e.tags);
  xml.open("privateIpAddressesSet").open("item");
  xml.leaf("privateIpAddress", e.private_ip).leaf("privateDnsName", private_dns);
  xml.leaf("primary", true);
  write_association();
  xml.close().close();
  xml.empty("ipv6AddressesSet").leaf("interfaceType", e.interface_type);
  xml.leaf("ipv6Native", false);
}

}  // namespace cloudlife::ec2::api
