#include "ec2/api/instance_encode.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "ec2/instance_types.h"
#include "ec2/network.h"
#include "ec2/network_interfaces.h"

namespace cloudlife::ec2::api {
namespace {

namespace icodec = codec::ec2;

struct InstanceCpuDefaults {
  long long cores = 1;
  long long threads = 1;
};

// The type's default cores and threads per core (DescribeInstanceTypes' vCpuInfo). The catalogue
// never changes, so the last type looked up is kept per thread: a describe writes the same few
// types thousands of times.
InstanceCpuDefaults instance_cpu_defaults(const std::string& instance_type) {
  thread_local std::string cached_type;
  thread_local InstanceCpuDefaults cached;
  thread_local bool filled = false;
  if (!filled || cached_type != instance_type) {
    InstanceCpuDefaults d;
    if (const InstanceTypeInfo* t = find_instance_type(instance_type)) {
      d.cores = t->default_cores;
      d.threads = t->default_threads_per_core;
    }
    cached_type = instance_type;
    cached = d;
    filled = true;
  }
  return cached;
}

void write_instance_state_shape(icodec::InstanceStateWriter& s, core::InstanceState state,
                                int high_byte) {
  s.code((high_byte << 8) | core::state_code(state)).name(core::state_name(state));
}

void write_instance_groups(icodec::GroupIdentifierListWriter& list, const Instance& i) {
  for (std::size_t k = 0; k < i.security_group_ids.size(); ++k) {
    list.item([&](icodec::GroupIdentifierWriter& g) {
      g.group_id(i.security_group_ids[k]);
      g.group_name(k < i.security_group_names.size() ? std::string_view(i.security_group_names[k])
                                                     : std::string_view());
    });
  }
}

// "eni-attach-" and the interface id's hex digits, into `buf` (no heap allocation).
std::string_view instance_attachment_id(std::string_view interface_id, char (&buf)[64]) {
  constexpr std::string_view kPrefix = "eni-attach-";
  const std::string_view digits = interface_id.substr(4);
  const std::size_t n = std::min(digits.size(), sizeof buf - kPrefix.size());
  std::memcpy(buf, kPrefix.data(), kPrefix.size());
  std::memcpy(buf + kPrefix.size(), digits.data(), n);
  return {buf, kPrefix.size() + n};
}

void write_secondary_addresses(icodec::InstancePrivateIpAddressListWriter& list,
                               const NetworkInterface* record, const std::string& region) {
  if (!record) return;
  for (const std::string& ip : record->secondary_private_ips) {
    list.item([&](icodec::InstancePrivateIpAddressWriter& a) {
      a.private_ip_address(ip).private_dns_name(private_dns_name(ip, region)).primary(false);
    });
  }
}

// The primary interface from the instance's own fields (its record, when given, adds the
// secondary private addresses).
void write_primary_interface(icodec::InstanceNetworkInterfaceWriter& n, const Instance& i,
                             core::InstanceState state, std::string_view private_dns,
                             std::string_view public_dns, bool settled_public,
                             const NetworkInterface* record, const std::string& region) {
  char attachment_buf[64];
  n.network_interface_id(i.network_interface_id)
      .subnet_id(i.subnet_id)
      .vpc_id(i.vpc_id)
      .description(i.extras().primary_interface_description)
      .status("in-use")
      .mac_address(i.mac_address.str())
      .private_ip_address(i.private_ip)
      .private_dns_name(private_dns)
      .source_dest_check(i.source_dest_check)
      .groups([&](icodec::GroupIdentifierListWriter& list) { write_instance_groups(list, i); })
      .attachment([&](icodec::InstanceNetworkInterfaceAttachmentWriter& a) {
        a.attachment_id(instance_attachment_id(i.network_interface_id, attachment_buf))
            .device_index(0)
            .status(state == core::InstanceState::kPending ? "attaching" : "attached")
            .attach_time(i.launch_time)
            .delete_on_termination(i.primary_delete_on_termination)
            .network_card_index(0);
      });
  if (settled_public) {
    n.association([&](icodec::InstanceNetworkInterfaceAssociationWriter& a) {
      a.public_ip(i.public_ip).public_dns_name(public_dns).ip_owner_id("amazon");
    });
  }
  n.private_ip_addresses([&](icodec::InstancePrivateIpAddressListWriter& list) {
    list.item([&](icodec::InstancePrivateIpAddressWriter& a) {
      a.private_ip_address(i.private_ip).private_dns_name(private_dns).primary(true);
    });
    write_secondary_addresses(list, record, region);
  });
  n.interface_type("interface");
}

// An interface attached at device index 1 or above, from its record in the partition.
void write_attached_interface(icodec::InstanceNetworkInterfaceWriter& n, const Ec2Partition& p,
                              const NetworkInterface& e, const std::string& region) {
  const std::string private_dns = private_dns_name(e.private_ip, region);
  const std::string public_ip = interface_public_ip(p, e);
  const std::vector<core::Symbol> names = interface_group_names(p, e);
  n.network_interface_id(e.interface_id)
      .subnet_id(e.subnet_id)
      .vpc_id(e.vpc_id)
      .description(e.description)
      .owner_id(p.key.account)
      .status(e.status())
      .mac_address(e.mac_address.str())
      .private_ip_address(e.private_ip)
      .private_dns_name(private_dns)
      .source_dest_check(e.source_dest_check)
      .groups([&](icodec::GroupIdentifierListWriter& list) {
        for (std::size_t k = 0; k < e.group_ids.size(); ++k) {
          list.item([&](icodec::GroupIdentifierWriter& g) {
            g.group_id(e.group_ids[k]).group_name(names[k]);
          });
        }
      });
  if (e.attachment) {
    n.attachment([&](icodec::InstanceNetworkInterfaceAttachmentWriter& a) {
      a.attachment_id(e.attachment->attachment_id.str())
          .device_index(e.attachment->device_index)
          .status(e.attachment->status)
          .attach_time(e.attachment->attach_time)
          .delete_on_termination(e.attachment->delete_on_termination)
          .network_card_index(0);
    });
  }
  const std::string public_dns = public_dns_name(public_ip, region);
  const std::string owner = e.allocation_id.empty() ? std::string("amazon") : p.key.account;
  const auto association = [&](icodec::InstanceNetworkInterfaceAssociationWriter& a) {
    a.public_ip(public_ip).public_dns_name(public_dns).ip_owner_id(owner);
  };
  if (!public_ip.empty()) n.association(association);
  n.private_ip_addresses([&](icodec::InstancePrivateIpAddressListWriter& list) {
    list.item([&](icodec::InstancePrivateIpAddressWriter& a) {
      a.private_ip_address(e.private_ip).private_dns_name(private_dns).primary(true);
      if (!public_ip.empty()) a.association(association);
    });
    write_secondary_addresses(list, &e, region);
  });
  n.interface_type(e.interface_type);
}

template <class InstanceRange>
void write_reservation_members(icodec::ReservationWriter& w, const Reservation& r,
                               const InstanceRange& instances, const std::string& region,
                               int high_byte, const Ec2Partition* part) {
  w.reservation_id(r.reservation_id).owner_id(r.owner_id);
  if (!r.requester_id.empty()) w.requester_id(r.requester_id);
  w.groups([](icodec::GroupIdentifierListWriter&) {});
  w.instances([&](icodec::InstanceListWriter& list) {
    for (const auto& i : instances) {
      list.item([&](icodec::InstanceWriter& x) {
        if constexpr (std::is_pointer_v<std::decay_t<decltype(i)>>) {
          write_instance_shape(x, *i, region, high_byte, part);
        } else {
          write_instance_shape(x, i, region, high_byte, part);
        }
      });
    }
  });
}

}  // namespace

void write_instance_shape(icodec::InstanceWriter& w, const Instance& i, const std::string& region,
                          int high_byte, const Ec2Partition* part) {
  const core::InstanceState state = i.lifecycle.state();
  const bool terminated = state == core::InstanceState::kTerminated;
  const bool settled_public = !i.public_ip.empty() && state != core::InstanceState::kShuttingDown;
  // Each derived once: a describe of everything writes thousands of instances.
  const std::string private_dns = private_dns_name(i.private_ip, region);
  const std::string public_dns = settled_public ? public_dns_name(i.public_ip, region) : "";
  w.instance_id(i.instance_id)
      .image_id(i.image_id)
      .state(
          [&](icodec::InstanceStateWriter& s) { write_instance_state_shape(s, state, high_byte); })
      .private_dns_name(state == core::InstanceState::kShuttingDown || terminated
                            ? std::string_view()
                            : std::string_view(private_dns))
      .public_dns_name(public_dns)
      .state_transition_reason(i.extras().state_transition_reason);
  if (!i.key_name.empty()) w.key_name(i.key_name);
  w.ami_launch_index(i.ami_launch_index)
      .product_codes([](icodec::ProductCodeListWriter&) {})
      .instance_type(i.instance_type)
      .launch_time(i.launch_time)
      .placement([&](icodec::PlacementWriter& p) {
        p.availability_zone(i.availability_zone)
            .availability_zone_id(i.zone_id)
            .group_name("")
            .tenancy(i.tenancy);
      });
  if (!i.platform.empty()) w.platform(i.platform);
  w.monitoring(
      [&](icodec::MonitoringWriter& m) { m.state(i.monitoring ? "enabled" : "disabled"); });
  if (!terminated) {
    w.subnet_id(i.subnet_id).vpc_id(i.vpc_id);
    if (!i.private_ip.empty()) w.private_ip_address(i.private_ip);
    if (settled_public) w.public_ip_address(i.public_ip);
  }
  w.source_dest_check(i.source_dest_check)
      .security_groups([&](icodec::GroupIdentifierListWriter& l) {
        if (!terminated) write_instance_groups(l, i);
      });
  if (i.state_reason) {
    w.state_reason([&](icodec::StateReasonWriter& s) {
      s.code(i.state_reason->code).message(i.state_reason->message);
    });
  }
  w.architecture(i.architecture)
      .root_device_type(i.root_device_type)
      .root_device_name(i.root_device_name)
      .block_device_mappings(i.block_devices, [](icodec::InstanceBlockDeviceMappingWriter& m,
                                                 const InstanceBlockDevice& bd) {
        m.device_name(bd.device_name).ebs([&](icodec::EbsInstanceBlockDeviceWriter& e) {
          e.volume_id(bd.volume_id)
              .status(bd.status)
              .attach_time(bd.attach_time)
              .delete_on_termination(bd.delete_on_termination);
        });
      });
  if (i.spot) w.instance_lifecycle("spot").spot_instance_request_id(i.extras().spot_request_id);
  w.virtualization_type(i.virtualization_type).client_token(i.client_token.str());
  if (!i.tags.empty()) {
    w.tags(i.tags.items(),
           [](icodec::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  }
  w.hypervisor("xen");
  if (!terminated) {
    w.network_interfaces([&](icodec::InstanceNetworkInterfaceListWriter& list) {
      const NetworkInterface* primary = nullptr;
      if (part) {
        auto it = part->network_interfaces.find(i.network_interface_id);
        if (it != part->network_interfaces.end()) primary = &it->second;
      }
      list.item([&](icodec::InstanceNetworkInterfaceWriter& n) {
        write_primary_interface(n, i, state, private_dns, public_dns, settled_public, primary,
                                region);
      });
      if (!part) return;
      for (const std::string& id : i.extras().secondary_interface_ids) {
        auto it = part->network_interfaces.find(id);
        if (it == part->network_interfaces.end()) continue;
        list.item([&](icodec::InstanceNetworkInterfaceWriter& n) {
          write_attached_interface(n, *part, it->second, region);
        });
      }
    });
  }
  if (i.iam_profile) {
    w.iam_instance_profile([&](icodec::IamInstanceProfileWriter& p) {
      p.arn(i.iam_profile->arn).id(i.iam_profile->id);
    });
  }
  w.ebs_optimized(i.ebs_optimized).ena_support(i.ena_support);
  if (!i.sriov_net_support.empty()) w.sriov_net_support(i.sriov_net_support);
  const InstanceCpuDefaults cpu = instance_cpu_defaults(i.instance_type);
  w.cpu_options(
       [&](icodec::CpuOptionsWriter& c) { c.core_count(cpu.cores).threads_per_core(cpu.threads); })
      .capacity_reservation_specification(
          [](icodec::CapacityReservationSpecificationResponseWriter& c) {
            c.capacity_reservation_preference("open");
          })
      .hibernation_options(
          [&](icodec::HibernationOptionsWriter& h) { h.configured(i.hibernation_configured); })
      .metadata_options([&](icodec::InstanceMetadataOptionsResponseWriter& m) {
        m.state(state == core::InstanceState::kPending || i.metadata_change_pending ? "pending"
                                                                                    : "applied")
            .http_tokens(i.metadata.http_tokens)
            .http_put_response_hop_limit(i.metadata.http_put_response_hop_limit)
            .http_endpoint(i.metadata.http_endpoint)
            .http_protocol_ipv6(i.metadata.http_protocol_ipv6)
            .instance_metadata_tags(i.metadata.instance_metadata_tags);
      })
      .enclave_options([](icodec::EnclaveOptionsWriter& e) { e.enabled(false); })
      .platform_details(i.platform_details)
      .usage_operation(i.platform == "windows" ? "RunInstances:0002" : "RunInstances")
      .usage_operation_update_time(i.launch_time)
      .private_dns_name_options([](icodec::PrivateDnsNameOptionsResponseWriter& p) {
        p.hostname_type("ip-name")
            .enable_resource_name_dns_a_record(false)
            .enable_resource_name_dns_aaaa_record(false);
      })
      .maintenance_options(
          [&](icodec::InstanceMaintenanceOptionsWriter& m) { m.auto_recovery(i.auto_recovery); })
      .current_instance_boot_mode("legacy-bios");
}

void write_reservation_shape(icodec::ReservationWriter& w, const ReservationView& view,
                             const std::string& region, int high_byte, const Ec2Partition* part) {
  write_reservation_members(w, view.reservation, view.instances, region, high_byte, part);
}

void write_reservation_shape(icodec::ReservationWriter& w, const InstanceSelection::Group& launched,
                             const std::string& region, int high_byte, const Ec2Partition* part) {
  static const Reservation kNone;  // a reservation no longer listed: its header, no instances
  write_reservation_members(w, launched.reservation ? *launched.reservation : kNone,
                            launched.instances, region, high_byte, part);
}

void write_reservation_set_shape(icodec::DescribeInstancesResponse& out,
                                 const InstanceSelection& selection,
                                 const Ec2Partition& selection_partition, const std::string& region,
                                 int high_byte) {
  protocol::XmlWriter& doc = out.document();
  std::size_t written = 0;
  out.reservations([&](icodec::ReservationListWriter& list) {
    for (const InstanceSelection::Group& group : selection.groups) {
      list.item([&](icodec::ReservationWriter& r) {
        const Reservation& res = *group.reservation;
        r.reservation_id(res.reservation_id).owner_id(res.owner_id);
        if (!res.requester_id.empty()) r.requester_id(res.requester_id);
        r.groups([](icodec::GroupIdentifierListWriter&) {});
        r.instances([&](icodec::InstanceListWriter& instances) {
          for (const Instance* i : group.instances) {
            const std::size_t before = doc.size();
            instances.item([&](icodec::InstanceWriter& x) {
              write_instance_shape(x, *i, region, high_byte, &selection_partition);
            });
            if (written++ == 0) {
              // Size the whole answer from its first instance (plus slack for longer tags and
              // IDs), so the buffer is allocated once and never copied while it grows.
              const std::size_t per_instance = doc.size() - before;
              doc.reserve((selection.instance_count - 1) * (per_instance + per_instance / 8 + 64) +
                          selection.groups.size() * 256 + 512);
            }
          }
        });
      });
    }
  });
}

void write_state_change_items(icodec::InstanceStateChangeListWriter& list,
                              const std::vector<StateChange>& changes, int high_byte) {
  for (const StateChange& c : changes) {
    list.item([&](icodec::InstanceStateChangeWriter& x) {
      x.instance_id(c.instance_id)
          .current_state([&](icodec::InstanceStateWriter& s) {
            write_instance_state_shape(s, c.current, high_byte);
          })
          .previous_state([&](icodec::InstanceStateWriter& s) {
            write_instance_state_shape(s, c.previous, high_byte);
          });
    });
  }
}

}  // namespace cloudlife::ec2::api
