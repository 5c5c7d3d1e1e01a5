#include "ec2/api/ec2_encode.h"

#include "ec2/instance_types.h"
#include "ec2/network.h"

namespace cloudlife::ec2::api {

using protocol::XmlWriter;

// The type's default cores and threads per core (DescribeInstanceTypes' vCpuInfo).
void write_cpu_options(XmlWriter& xml, const std::string& instance_type) {
  long long cores = 1, threads = 1;
  if (const InstanceTypeInfo* t = find_instance_type(instance_type)) {
    const nlohmann::json& v = t->wire.at("vCpuInfo");
    cores = v.value("defaultCores", 1LL);
    threads = v.value("defaultThreadsPerCore", 1LL);
  }
  xml.open("cpuOptions").leaf("coreCount", cores).leaf("threadsPerCore", threads).close();
}

void write_tag_set(XmlWriter& xml, const TagSet& tags) {
  if (tags.empty()) return;
  xml.open("tagSet");
  for (const Tag& t : tags.items()) {
    xml.open("item").leaf("key", t.key).leaf("value", t.value).close();
  }
  xml.close();
}

void write_state(XmlWriter& xml, const char* element, core::InstanceState state, int high_byte) {
  xml.open(element);
  xml.leaf("code", (high_byte << 8) | core::state_code(state));
  xml.leaf("name", core::state_name(state));
  xml.close();
}

void write_state_changes(XmlWriter& xml, const std::vector<StateChange>& changes, int high_byte) {
  xml.open("instancesSet");
  for (const StateChange& c : changes) {
    xml.open("item");
    xml.leaf("instanceId", c.instance_id);
    write_state(xml, "currentState", c.current, high_byte);
    write_state(xml, "previousState", c.previous, high_byte);
    xml.close();
  }
  xml.close();
}

void write_instance(XmlWriter& xml, const Instance& i, const std::string& region, int high_byte) {
  const core::InstanceState state = i.lifecycle.state();
  const bool terminated = state == core::InstanceState::kTerminated;
  const bool settled_public = !i.public_ip.empty() && state != core::InstanceState::kShuttingDown;
  // Each formatted once: a describe of everything writes thousands of instances.
  const std::string launch_time = core::format_iso8601_ms(i.launch_time);
  const std::string private_dns = private_dns_name(i.private_ip, region);
  const std::string public_dns = settled_public ? public_dns_name(i.public_ip, region) : "";
  xml.open("item");
  xml.leaf("instanceId", i.instance_id);
  xml.leaf("imageId", i.image_id);
  write_state(xml, "instanceState", state, high_byte);
  xml.leaf("privateDnsName", state == core::InstanceState::kShuttingDown || terminated
                                 ? std::string_view()
                                 : std::string_view(private_dns));
  xml.leaf("dnsName", public_dns);
  xml.leaf("reason", i.state_transition_reason);
  xml.leaf_if("keyName", i.key_name);
  xml.leaf("amiLaunchIndex", i.ami_launch_index);
  xml.empty("productCodes");
  xml.leaf("instanceType", i.instance_type);
  xml.leaf("launchTime", launch_time);
  xml.open("placement");
  xml.leaf("availabilityZone", i.availability_zone);
  xml.leaf("availabilityZoneId", i.zone_id);
  xml.leaf("groupName", "");
  xml.leaf("tenancy", i.tenancy);
  xml.close();
  xml.leaf_if("platform", i.platform);
  xml.open("monitoring").leaf("state", i.monitoring ? "enabled" : "disabled").close();
  if (!terminated) {
    xml.leaf("subnetId", i.subnet_id);
    xml.leaf("vpcId", i.vpc_id);
    xml.leaf_if("privateIpAddress", i.private_ip);
    if (settled_public) xml.leaf("ipAddress", i.public_ip);
  }
  xml.leaf("sourceDestCheck", i.source_dest_check);
  xml.open("groupSet");
  if (!terminated) {
    for (std::size_t k = 0; k < i.security_group_ids.size(); ++k) {
      xml.open("item").leaf("groupId", i.security_group_ids[k]);
      xml.leaf("groupName", k < i.security_group_names.size() ? i.security_group_names[k] : "");
      xml.close();
    }
  }
  xml.close();
  if (i.state_reason) {
    xml.open("stateReason")
        .leaf("code", i.state_reason->code)
        .leaf("message", i.state_reason->message)
        .close();
  }
  xml.leaf("architecture", i.architecture);
  xml.leaf("rootDeviceType", i.root_device_type);
  xml.leaf("rootDeviceName", i.root_device_name);
  xml.open("blockDeviceMapping");
  for (const InstanceBlockDevice& bd : i.block_devices) {
    xml.open("item").leaf("deviceName", bd.device_name).open("ebs");
    xml.leaf("volumeId", bd.volume_id);
    xml.leaf("status", bd.status);
    xml.leaf("attachTime", core::format_iso8601_ms(bd.attach_time));
    xml.leaf("deleteOnTermination", bd.delete_on_termination);
    xml.close().close();
  }
  xml.close();
  if (i.spot) {
    xml.leaf("instanceLifecycle", "spot");
    xml.leaf("spotInstanceRequestId", i.spot_request_id);
  }
  xml.leaf("virtualizationType", i.virtualization_type);
  xml.leaf("clientToken", i.client_token);
  write_tag_set(xml, i.tags);
  xml.leaf("hypervisor", "xen");
  if (!terminated) {
    xml.open("networkInterfaceSet").open("item");
    xml.leaf("networkInterfaceId", i.network_interface_id);
    xml.leaf("subnetId", i.subnet_id);
    xml.leaf("vpcId", i.vpc_id);
    xml.leaf("description", i.primary_interface_description);
    xml.leaf("status", "in-use");
    xml.leaf("macAddress", i.mac_address);
    xml.leaf("privateIpAddress", i.private_ip);
    xml.leaf("privateDnsName", private_dns);
    xml.leaf("sourceDestCheck", i.source_dest_check);
    xml.open("groupSet");
    for (std::size_t k = 0; k < i.security_group_ids.size(); ++k) {
      xml.open("item").leaf("groupId", i.security_group_ids[k]);
      xml.leaf("groupName", k < i.security_group_names.size() ? i.security_group_names[k] : "");
      xml.close();
    }
    xml.close();
    xml.open("attachment");
    xml.leaf("attachmentId", "eni-attach-" + i.network_interface_id.substr(4));
    xml.leaf("deviceIndex", 0);
    xml.leaf("status", state == core::InstanceState::kPending ? "attaching" : "attached");
    xml.leaf("attachTime", launch_time);
    xml.leaf("deleteOnTermination", i.primary_delete_on_termination);
    xml.leaf("networkCardIndex", 0);
    xml.close();
    if (settled_public) {
      xml.open("association")
          .leaf("publicIp", i.public_ip)
          .leaf("publicDnsName", public_dns)
          .leaf("ipOwnerId", "amazon")
          .close();
    }
    xml.open("privateIpAddressesSet").open("item");
    xml.leaf("privateIpAddress", i.private_ip);
    xml.leaf("privateDnsName", private_dns);
    xml.leaf("primary", true);
    xml.close().close();
    xml.leaf("interfaceType", "interface");
    xml.close().close();
  }
  if (i.iam_profile) {
    xml.open("iamInstanceProfile").leaf("arn", i.iam_profile->arn).leaf("id", i.iam_profile->id);
    xml.close();
  }
  xml.leaf("ebsOptimized", i.ebs_optimized);
  xml.leaf("enaSupport", i.ena_support);
  xml.leaf_if("sriovNetSupport", i.sriov_net_support);
  write_cpu_options(xml, i.instance_type);
  xml.open("capacityReservationSpecification")
      .leaf("capacityReservationPreference", "open")
      .close();
  xml.open("hibernationOptions").leaf("configured", i.hibernation_configured).close();
  xml.open("metadataOptions");
  xml.leaf("state", state == core::InstanceState::kPending || i.metadata_change_pending
                        ? "pending"
                        : "applied");
  xml.leaf("httpTokens", i.metadata.http_tokens);
  xml.leaf("httpPutResponseHopLimit", i.metadata.http_put_response_hop_limit);
  xml.leaf("httpEndpoint", i.metadata.http_endpoint);
  xml.leaf("httpProtocolIpv6", i.metadata.http_protocol_ipv6);
  xml.leaf("instanceMetadataTags", i.metadata.instance_metadata_tags);
  xml.close();
  xml.open("enclaveOptions").leaf("enabled", false).close();
  xml.leaf("platformDetails", i.platform_details);
  xml.leaf("usageOperation", i.platform == "windows" ? "RunInstances:0002" : "RunInstances");
  xml.leaf("usageOperationUpdateTime", launch_time);
  xml.open("privateDnsNameOptions")
      .leaf("hostnameType", "ip-name")
      .leaf("enableResourceNameDnsARecord", false)
      .leaf("enableResourceNameDnsAAAARecord", false)
      .close();
  xml.open("maintenanceOptions").leaf("autoRecovery", i.auto_recovery).close();
  xml.leaf("currentInstanceBootMode", "legacy-bios");
  xml.close();
}

namespace {

void write_reservation_header(XmlWriter& xml, const Reservation& r) {
  xml.leaf("reservationId", r.reservation_id);
  xml.leaf("ownerId", r.owner_id);
  xml.leaf_if("requesterId", r.requester_id);
  xml.empty("groupSet");
}

}  // namespace

void write_reservation(XmlWriter& xml, const ReservationView& view, const std::string& region,
                       int high_byte) {
  write_reservation_header(xml, view.reservation);
  xml.open("instancesSet");
  for (const Instance& i : view.instances) write_instance(xml, i, region, high_byte);
  xml.close();
}

void write_reservation_set(XmlWriter& xml, const InstanceSelection& selection,
                           const std::string& region, int high_byte) {
  xml.open("reservationSet");
  std::size_t written = 0;
  for (const InstanceSelection::Group& group : selection.groups) {
    xml.open("item");
    write_reservation_header(xml, *group.reservation);
    xml.open("instancesSet");
    for (const Instance* i : group.instances) {
      const std::size_t before = xml.size();
      write_instance(xml, *i, region, high_byte);
      if (written++ == 0) {
        // Size the whole answer from its first instance (plus slack for longer tags and IDs),
        // so the buffer is allocated once and never copied while it grows.
        const std::size_t per_instance = xml.size() - before;
        xml.reserve((selection.instance_count - 1) * (per_instance + per_instance / 8 + 64) +
                    selection.groups.size() * 256 + 512);
      }
    }
    xml.close().close();
  }
  xml.close();
}

}  // namespace cloudlife::ec2::api
