#include "ec2/api/vpc_writers.h"

#include "ec2/vpc_describe.h"

namespace cloudlife::ec2::api {
namespace {

namespace wire = codec::ec2;

// One IpPermission of a group: its rules' peers, each list in the model's order.
void write_sg_permission(wire::IpPermissionWriter& w, const IpPermissionView& perm) {
  w.ip_protocol(perm.protocol);
  if (perm.protocol != "-1") w.from_port(perm.from_port).to_port(perm.to_port);
  w.user_id_group_pairs([&](wire::UserIdGroupPairListWriter& list) {
    for (const SecurityGroupRule* r : perm.rules) {
      if (r->referenced_group_id.empty()) continue;
      list.item([&](wire::UserIdGroupPairWriter& g) {
        if (!r->description.empty()) g.description(r->description);
        g.user_id(r->referenced_user_id).group_id(r->referenced_group_id);
      });
    }
  });
  w.ip_ranges([&](wire::IpRangeListWriter& list) {
    for (const SecurityGroupRule* r : perm.rules) {
      if (r->cidr_ipv4.empty()) continue;
      list.item([&](wire::IpRangeWriter& x) {
        x.cidr_ip(r->cidr_ipv4);
        if (!r->description.empty()) x.description(r->description);
      });
    }
  });
  w.ipv6_ranges([&](wire::Ipv6RangeListWriter& list) {
    for (const SecurityGroupRule* r : perm.rules) {
      if (r->cidr_ipv6.empty()) continue;
      list.item([&](wire::Ipv6RangeWriter& x) {
        x.cidr_ipv6(r->cidr_ipv6);
        if (!r->description.empty()) x.description(r->description);
      });
    }
  });
  w.prefix_list_ids([&](wire::PrefixListIdListWriter& list) {
    for (const SecurityGroupRule* r : perm.rules) {
      if (r->prefix_list_id.empty()) continue;
      list.item([&](wire::PrefixListIdWriter& x) {
        x.prefix_list_id(r->prefix_list_id);
        if (!r->description.empty()) x.description(r->description);
      });
    }
  });
}

}  // namespace

std::string security_group_arn(const std::string& group_id, const std::string& owner,
                               const std::string& region) {
  return "arn:aws:ec2:" + region + ":" + owner + ":security-group/" + group_id;
}

void write_vpc(wire::VpcWriter& w, const Vpc& v, const std::string& owner) {
  w.vpc_id(v.vpc_id).owner_id(owner).state(v.state).cidr_block(v.cidr_block);
  w.cidr_block_association_set([&](wire::VpcCidrBlockAssociationSetWriter& list) {
    list.item([&](wire::VpcCidrBlockAssociationWriter& a) {
      a.cidr_block(v.cidr_block).association_id(vpc_cidr_association_id(v));
      a.cidr_block_state([](wire::VpcCidrBlockStateWriter& s) { s.state("associated"); });
    });
  });
  w.dhcp_options_id(v.dhcp_options_id).instance_tenancy(v.instance_tenancy);
  w.is_default(v.is_default);
  write_network_tag_set(w, v.tags);
}

void write_subnet(wire::SubnetWriter& w, const Subnet& s, const std::string& owner,
                  const std::string& region) {
  w.subnet_id(s.subnet_id).subnet_arn(subnet_arn(s, owner, region));
  w.state(s.state).vpc_id(s.vpc_id).owner_id(owner);
  w.cidr_block(s.cidr_block).available_ip_address_count(s.available_ips);
  w.availability_zone(s.availability_zone).availability_zone_id(s.zone_id);
  w.default_for_az(s.default_for_az).map_public_ip_on_launch(s.map_public_ip_on_launch);
  w.map_customer_owned_ip_on_launch(false).assign_ipv6_address_on_creation(false);
  w.ipv6_cidr_block_association_set([](wire::SubnetIpv6CidrBlockAssociationSetWriter&) {});
  write_network_tag_set(w, s.tags);
  w.enable_dns64(false).ipv6_native(false);
  w.private_dns_name_options_on_launch([](wire::PrivateDnsNameOptionsOnLaunchWriter& o) {
    o.hostname_type("ip-name")
        .enable_resource_name_dns_a_record(false)
        .enable_resource_name_dns_aaaa_record(false);
  });
}

void write_security_group(wire::SecurityGroupWriter& w, const SecurityGroup& g,
                          const std::string& owner, const std::string& region) {
  w.owner_id(owner).group_id(g.group_id).group_name(g.group_name).description(g.description);
  w.ip_permissions(permissions_of(g, false), write_sg_permission);
  w.ip_permissions_egress(permissions_of(g, true), write_sg_permission);
  w.vpc_id(g.vpc_id).security_group_arn(security_group_arn(g.group_id, owner, region));
  if (!g.tags.empty()) write_network_tag_set(w, g.tags);
}

void write_security_group_rule(wire::SecurityGroupRuleWriter& w, const SecurityGroupRule& r,
                               const std::string& owner, const std::string& region) {
  w.security_group_rule_id(r.rule_id).group_id(r.group_id).group_owner_id(owner);
  w.is_egress(r.egress).ip_protocol(r.protocol).from_port(r.from_port).to_port(r.to_port);
  if (!r.cidr_ipv4.empty()) w.cidr_ipv4(r.cidr_ipv4);
  if (!r.cidr_ipv6.empty()) w.cidr_ipv6(r.cidr_ipv6);
  if (!r.prefix_list_id.empty()) w.prefix_list_id(r.prefix_list_id);
  if (!r.referenced_group_id.empty()) {
    w.referenced_group_info([&](wire::ReferencedSecurityGroupWriter& ref) {
      ref.group_id(r.referenced_group_id).user_id(r.referenced_user_id);
    });
  }
  if (!r.description.empty()) w.description(r.description);
  if (!r.tags.empty()) write_network_tag_set(w, r.tags);
  w.security_group_rule_arn(security_group_rule_arn(r.rule_id, owner, region));
}

}  // namespace cloudlife::ec2::api
