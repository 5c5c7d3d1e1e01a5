#include "ec2/api/ec2_encode.h"

#include "ec2/instance_types.h"
#include "ec2/network.h"

namespace cloudlife::ec2::api {

using protocol::XmlWriter;

// The type's default cores and threads per core (DescribeInstanceTypes' vCpuInfo), as the whole
// <cpuOptions> element. The catalogue never changes, so the element of the last type written is
// kept per thread: a describe writes the same few types thousands of times.
void write_cpu_options(XmlWriter& xml, const std::string& instance_type) {
  thread_local std::string cached_type;
  thread_local std::string cached_xml;
  if (cached_xml.empty() || cached_type != instance_type) {
    long long cores = 1, threads = 1;
    if (const InstanceTypeInfo* t = find_instance_type(instance_type)) {
      const nlohmann::json& v = t->wire.at("vCpuInfo");
      cores = v.value("defaultCores", 1LL);
      threads = v.value("defaultThreadsPerCore", 1LL);
    }
    cached_type = instance_type;
    cached_xml = "<cpuOptions><coreCount>" + std::to_string(cores) +
                 "</coreCount><threadsPerCore>" + std::to_string(threads) +
                 "</threadsPerCore></cpuOptions>";
  }
  xml.raw(cached_xml);
}

void write_tag_set(XmlWriter& xml, const TagSet& tags) {
  if (tags.empty()) return;
  xml.raw("<tagSet>");
  for (const Tag& t : tags.items()) {
    xml.raw("<item>").leaf("key", t.key).leaf("value", t.value).raw("</item>");
  }
  xml.raw("</tagSet>");
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

namespace {

// The constant parts of an instance are written as whole runs of markup (XmlWriter::raw): a
// describe of everything writes ~100 elements per instance, most of them fixed.
const char* boolean_leaf(bool value, const char* if_true, const char* if_false) {
  return value ? if_true : if_false;
}

void write_group_items(XmlWriter& xml, const Instance& i) {
  for (std::size_t k = 0; k < i.security_group_ids.size(); ++k) {
    xml.raw("<item>").leaf("groupId", i.security_group_ids[k]);
    xml.leaf("groupName", k < i.security_group_names.size() ? i.security_group_names[k] : "");
    xml.raw("</item>");
  }
}

}  // namespace

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
  xml.raw("<instanceState>");
  xml.leaf("code", (high_byte << 8) | core::state_code(state));
  xml.leaf("name", core::state_name(state));
  xml.raw("</instanceState>");
  xml.leaf("privateDnsName", state == core::InstanceState::kShuttingDown || terminated
                                 ? std::string_view()
                                 : std::string_view(private_dns));
  xml.leaf("dnsName", public_dns);
  xml.leaf("reason", i.state_transition_reason);
  xml.leaf_if("keyName", i.key_name);
  xml.leaf("amiLaunchIndex", i.ami_launch_index);
  xml.raw("<productCodes/>");
  xml.leaf("instanceType", i.instance_type);
  xml.leaf("launchTime", launch_time);
  xml.raw("<placement>");
  xml.leaf("availabilityZone", i.availability_zone);
  xml.leaf("availabilityZoneId", i.zone_id);
  xml.raw("<groupName></groupName>");
  xml.leaf("tenancy", i.tenancy);
  xml.raw("</placement>");
  xml.leaf_if("platform", i.platform);
  xml.raw(boolean_leaf(i.monitoring, "<monitoring><state>enabled</state></monitoring>",
                       "<monitoring><state>disabled</state></monitoring>"));
  if (!terminated) {
    xml.leaf("subnetId", i.subnet_id);
    xml.leaf("vpcId", i.vpc_id);
    xml.leaf_if("privateIpAddress", i.private_ip);
    if (settled_public) xml.leaf("ipAddress", i.public_ip);
  }
  const char* source_dest_check =
      boolean_leaf(i.source_dest_check, "<sourceDestCheck>true</sourceDestCheck>",
                   "<sourceDestCheck>false</sourceDestCheck>");
  xml.raw(source_dest_check);
  xml.raw("<groupSet>");
  if (!terminated) write_group_items(xml, i);
  xml.raw("</groupSet>");
  if (i.state_reason) {
    xml.raw("<stateReason>")
        .leaf("code", i.state_reason->code)
        .leaf("message", i.state_reason->message)
        .raw("</stateReason>");
  }
  xml.leaf("architecture", i.architecture);
  xml.leaf("rootDeviceType", i.root_device_type);
  xml.leaf("rootDeviceName", i.root_device_name);
  xml.raw("<blockDeviceMapping>");
  for (const InstanceBlockDevice& bd : i.block_devices) {
    xml.raw("<item>").leaf("deviceName", bd.device_name).raw("<ebs>");
    xml.leaf("volumeId", bd.volume_id);
    xml.leaf("status", bd.status);
    xml.leaf("attachTime", core::format_iso8601_ms(bd.attach_time));
    xml.raw(boolean_leaf(bd.delete_on_termination,
                         "<deleteOnTermination>true</deleteOnTermination></ebs></item>",
                         "<deleteOnTermination>false</deleteOnTermination></ebs></item>"));
  }
  xml.raw("</blockDeviceMapping>");
  if (i.spot) {
    xml.raw("<instanceLifecycle>spot</instanceLifecycle>");
    xml.leaf("spotInstanceRequestId", i.spot_request_id);
  }
  xml.leaf("virtualizationType", i.virtualization_type);
  xml.leaf("clientToken", i.client_token);
  write_tag_set(xml, i.tags);
  xml.raw("<hypervisor>xen</hypervisor>");
  if (!terminated) {
    xml.raw("<networkInterfaceSet><item>");
    xml.leaf("networkInterfaceId", i.network_interface_id);
    xml.leaf("subnetId", i.subnet_id);
    xml.leaf("vpcId", i.vpc_id);
    xml.leaf("description", i.primary_interface_description);
    xml.raw("<status>in-use</status>");
    xml.leaf("macAddress", i.mac_address);
    xml.leaf("privateIpAddress", i.private_ip);
    xml.leaf("privateDnsName", private_dns);
    xml.raw(source_dest_check);
    xml.raw("<groupSet>");
    write_group_items(xml, i);
    xml.raw("</groupSet><attachment>");
    xml.leaf("attachmentId", "eni-attach-" + i.network_interface_id.substr(4));
    xml.raw(state == core::InstanceState::kPending
                ? "<deviceIndex>0</deviceIndex><status>attaching</status>"
                : "<deviceIndex>0</deviceIndex><status>attached</status>");
    xml.leaf("attachTime", launch_time);
    xml.raw(boolean_leaf(i.primary_delete_on_termination,
                         "<deleteOnTermination>true</deleteOnTermination>",
                         "<deleteOnTermination>false</deleteOnTermination>"));
    xml.raw("<networkCardIndex>0</networkCardIndex></attachment>");
    if (settled_public) {
      xml.raw("<association>")
          .leaf("publicIp", i.public_ip)
          .leaf("publicDnsName", public_dns)
          .raw("<ipOwnerId>amazon</ipOwnerId></association>");
    }
    xml.raw("<privateIpAddressesSet><item>");
    xml.leaf("privateIpAddress", i.private_ip);
    xml.leaf("privateDnsName", private_dns);
    xml.raw(
        "<primary>true</primary></item></privateIpAddressesSet>"
        "<interfaceType>interface</interfaceType></item></networkInterfaceSet>");
  }
  if (i.iam_profile) {
    xml.raw("<iamInstanceProfile>")
        .leaf("arn", i.iam_profile->arn)
        .leaf("id", i.iam_profile->id)
        .raw("</iamInstanceProfile>");
  }
  xml.raw(boolean_leaf(i.ebs_optimized, "<ebsOptimized>true</ebsOptimized>",
                       "<ebsOptimized>false</ebsOptimized>"));
  xml.raw(boolean_leaf(i.ena_support, "<enaSupport>true</enaSupport>",
                       "<enaSupport>false</enaSupport>"));
  xml.leaf_if("sriovNetSupport", i.sriov_net_support);
  write_cpu_options(xml, i.instance_type);
  xml.raw(
      "<capacityReservationSpecification><capacityReservationPreference>open"
      "</capacityReservationPreference></capacityReservationSpecification>");
  xml.raw(boolean_leaf(i.hibernation_configured,
                       "<hibernationOptions><configured>true</configured></hibernationOptions>",
                       "<hibernationOptions><configured>false</configured></hibernationOptions>"));
  xml.raw(state == core::InstanceState::kPending || i.metadata_change_pending
              ? "<metadataOptions><state>pending</state>"
              : "<metadataOptions><state>applied</state>");
  xml.leaf("httpTokens", i.metadata.http_tokens);
  xml.leaf("httpPutResponseHopLimit", i.metadata.http_put_response_hop_limit);
  xml.leaf("httpEndpoint", i.metadata.http_endpoint);
  xml.leaf("httpProtocolIpv6", i.metadata.http_protocol_ipv6);
  xml.leaf("instanceMetadataTags", i.metadata.instance_metadata_tags);
  xml.raw("</metadataOptions><enclaveOptions><enabled>false</enabled></enclaveOptions>");
  xml.leaf("platformDetails", i.platform_details);
  xml.raw(i.platform == "windows" ? "<usageOperation>RunInstances:0002</usageOperation>"
                                  : "<usageOperation>RunInstances</usageOperation>");
  xml.leaf("usageOperationUpdateTime", launch_time);
  xml.raw(
      "<privateDnsNameOptions><hostnameType>ip-name</hostnameType>"
      "<enableResourceNameDnsARecord>false</enableResourceNameDnsARecord>"
      "<enableResourceNameDnsAAAARecord>false</enableResourceNameDnsAAAARecord>"
      "</privateDnsNameOptions><maintenanceOptions>");
  xml.leaf("autoRecovery", i.auto_recovery);
  xml.raw("</maintenanceOptions><currentInstanceBootMode>legacy-bios</currentInstanceBootMode>");
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
