// Generated-codec writers of a network interface (see interface_writers.h).
#include "ec2/api/interface_writers.h"

#include "ec2/network.h"

namespace cloudlife::ec2::api {

EniWireView eni_wire_view(const Ec2Partition& p, const NetworkInterface& eni) {
  EniWireView v;
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

namespace {

void write_eni_association(codec::ec2::NetworkInterfaceAssociationWriter& w, const EniWireView& v,
                           const std::string& owner, const std::string& region) {
  if (!v.allocation_id.empty()) w.allocation_id(v.allocation_id);
  if (!v.association_id.empty()) w.association_id(v.association_id);
  w.ip_owner_id(v.allocation_id.empty() ? std::string("amazon") : owner)
      .public_dns_name(public_dns_name(v.public_ip, region))
      .public_ip(v.public_ip);
}

}  // namespace

void write_eni(codec::ec2::NetworkInterfaceWriter& w, const EniWireView& v,
               const std::string& owner, const std::string& region) {
  namespace wire = codec::ec2;
  const NetworkInterface& e = v.eni;
  const std::string private_dns = private_dns_name(e.private_ip, region);
  w.network_interface_id(e.interface_id)
      .subnet_id(e.subnet_id)
      .vpc_id(e.vpc_id)
      .availability_zone(e.availability_zone)
      .availability_zone_id(e.zone_id)
      .description(e.description)
      .owner_id(owner)
      .requester_managed(!e.nat_gateway_id.empty())
      .status(e.status())
      .mac_address(e.mac_address.str())
      .private_ip_address(e.private_ip)
      .private_dns_name(private_dns)
      .source_dest_check(e.source_dest_check);
  w.groups([&](wire::GroupIdentifierListWriter& list) {
    for (std::size_t k = 0; k < e.group_ids.size(); ++k) {
      list.item([&](wire::GroupIdentifierWriter& g) {
        g.group_id(e.group_ids[k]).group_name(v.group_names[k]);
      });
    }
  });
  if (e.attachment) {
    const InterfaceAttachment& a = *e.attachment;
    w.attachment([&](wire::NetworkInterfaceAttachmentWriter& x) {
      x.attachment_id(a.attachment_id.str())
          .instance_id(a.instance_id)
          .instance_owner_id(owner)
          .device_index(a.device_index)
          .network_card_index(0)
          .status(a.status)
          .attach_time(a.attach_time)
          .delete_on_termination(a.delete_on_termination);
    });
  }
  const bool has_public = !v.public_ip.empty();
  if (has_public) {
    w.association([&](wire::NetworkInterfaceAssociationWriter& x) {
      write_eni_association(x, v, owner, region);
    });
  }
  if (!e.tags.empty()) w.tag_set(e.tags.items(), write_resource_tag);
  w.private_ip_addresses([&](wire::NetworkInterfacePrivateIpAddressListWriter& list) {
    list.item([&](wire::NetworkInterfacePrivateIpAddressWriter& x) {
      x.private_ip_address(e.private_ip).private_dns_name(private_dns).primary(true);
      if (has_public) {
        x.association([&](wire::NetworkInterfaceAssociationWriter& a) {
          write_eni_association(a, v, owner, region);
        });
      }
    });
    for (const std::string& ip : e.secondary_private_ips) {
      list.item([&](wire::NetworkInterfacePrivateIpAddressWriter& x) {
        x.private_ip_address(ip).private_dns_name(private_dns_name(ip, region)).primary(false);
      });
    }
  });
  w.ipv6_addresses([](wire::NetworkInterfaceIpv6AddressesListWriter&) {});
  w.interface_type(e.interface_type).ipv6_native(false);
}

}  // namespace cloudlife::ec2::api
