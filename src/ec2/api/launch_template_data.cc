#include "ec2/api/launch_template_data.h"

#include <string>
#include <vector>

#include "ec2/api/launch_members.h"
#include "ec2/launch_addressing.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

namespace wire = codec::ec2;

// "scope" + the parts joined by '.': the wire name of a refused parameter, for the message.
std::string lt_param_path(std::string_view scope, std::initializer_list<std::string_view> parts) {
  std::string out(scope);
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) out += '.';
    out += p;
    first = false;
  }
  return out;
}

void lt_refuse_if(bool given, std::string_view scope,
                  std::initializer_list<std::string_view> parts) {
  if (given) refuse_unimplemented_parameter(lt_param_path(scope, parts));
}

std::optional<int> lt_as_int(const std::optional<std::int64_t>& v) {
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

// The members of a network interface (of launch template data or of RunInstances' shape) with no
// model here.
template <class Interface>
void lt_refuse_interface_members(const Interface& ni, std::string_view scope, std::size_t n) {
  const std::string at = lt_param_path(scope, {"NetworkInterface", std::to_string(n)}) + ".";
  lt_refuse_if(ni.associate_carrier_ip_address.has_value(), at, {"AssociateCarrierIpAddress"});
  lt_refuse_if(ni.ipv6_address_count.has_value(), at, {"Ipv6AddressCount"});
  lt_refuse_if(!ni.ipv6_addresses.empty(), at, {"Ipv6Addresses"});
  lt_refuse_if(ni.secondary_private_ip_address_count.has_value(), at,
               {"SecondaryPrivateIpAddressCount"});
  lt_refuse_if(ni.interface_type.has_value(), at, {"InterfaceType"});
  lt_refuse_if(ni.network_card_index.has_value(), at, {"NetworkCardIndex"});
  // Secondary addresses are launched by RunInstances, not yet stored in template data.
  for (const auto& a : ni.private_ip_addresses) {
    lt_refuse_if(!a.primary.value_or(false), at, {"PrivateIpAddresses"});
  }
  lt_refuse_if(!ni.ipv4_prefixes.empty(), at, {"Ipv4Prefix"});
  lt_refuse_if(ni.ipv4_prefix_count.has_value(), at, {"Ipv4PrefixCount"});
  lt_refuse_if(!ni.ipv6_prefixes.empty(), at, {"Ipv6Prefix"});
  lt_refuse_if(ni.ipv6_prefix_count.has_value(), at, {"Ipv6PrefixCount"});
  lt_refuse_if(ni.primary_ipv6.has_value(), at, {"PrimaryIpv6"});
  lt_refuse_if(ni.ena_srd_specification.has_value(), at, {"EnaSrdSpecification"});
  lt_refuse_if(ni.connection_tracking_specification.has_value(), at,
               {"ConnectionTrackingSpecification"});
  lt_refuse_if(ni.ena_queue_count.has_value(), at, {"EnaQueueCount"});
}

template <class Mapping>
void lt_refuse_block_device_members(const std::vector<Mapping>& mappings, std::string_view scope) {
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    if (!mappings[i].ebs) continue;
    const auto& e = *mappings[i].ebs;
    const std::string at =
        lt_param_path(scope, {"BlockDeviceMapping", std::to_string(i + 1), "Ebs"}) + ".";
    lt_refuse_if(e.kms_key_id.has_value(), at, {"KmsKeyId"});
    if constexpr (requires { e.outpost_arn; }) {
      lt_refuse_if(e.outpost_arn.has_value(), at, {"OutpostArn"});
    }
    lt_refuse_if(e.volume_initialization_rate.has_value(), at, {"VolumeInitializationRate"});
    lt_refuse_if(e.ebs_card_index.has_value(), at, {"EbsCardIndex"});
    if constexpr (requires { e.availability_zone_id; }) {
      lt_refuse_if(e.availability_zone.has_value(), at, {"AvailabilityZone"});
      lt_refuse_if(e.availability_zone_id.has_value(), at, {"AvailabilityZoneId"});
    }
  }
}

// The one interface this model launches with: the primary one (device index 0), then its members
// into the spec (launch templates carry the subnet there).
template <class Interface>
void lt_decode_primary_interface(const std::vector<Interface>& interfaces, LaunchSpec& s) {
  for (const Interface& ni : interfaces) {
    if (interfaces.size() > 1 || ni.device_index.value_or(0) != 0) {
      throw protocol::aws_error("Unsupported",
                                {"cloudlife implements one network interface per instance, at "
                                 "device index 0."});
    }
  }
  for (const Interface& ni : interfaces) apply_primary_interface(ni, s);
}

template <class Profile>
std::optional<IamProfileSpec> lt_iam_profile_of(const std::optional<Profile>& p) {
  if (!p) return std::nullopt;
  return IamProfileSpec{p->arn, p->name};
}

void lt_refuse_unmodelled(const wire::RequestLaunchTemplateData& d, std::string_view s) {
  lt_refuse_if(d.kernel_id.has_value(), s, {"KernelId"});
  lt_refuse_if(d.ram_disk_id.has_value(), s, {"RamDiskId"});
  lt_refuse_if(!d.elastic_gpu_specifications.empty(), s, {"ElasticGpuSpecification"});
  lt_refuse_if(!d.elastic_inference_accelerators.empty(), s, {"ElasticInferenceAccelerator"});
  lt_refuse_if(d.cpu_options.has_value(), s, {"CpuOptions"});
  lt_refuse_if(d.capacity_reservation_specification.has_value(), s,
               {"CapacityReservationSpecification"});
  lt_refuse_if(!d.license_specifications.empty(), s, {"LicenseSpecification"});
  lt_refuse_if(d.enclave_options.has_value(), s, {"EnclaveOptions"});
  lt_refuse_if(d.private_dns_name_options.has_value(), s, {"PrivateDnsNameOptions"});
  lt_refuse_if(d.instance_requirements.has_value(), s, {"InstanceRequirements"});
  lt_refuse_if(d.operator_.has_value(), s, {"Operator"});
  lt_refuse_if(d.network_performance_options.has_value(), s, {"NetworkPerformanceOptions"});
  lt_refuse_if(!d.secondary_interfaces.empty(), s, {"SecondaryInterface"});
  if (d.placement) {
    const auto& p = *d.placement;
    lt_refuse_if(p.affinity.has_value(), s, {"Placement", "Affinity"});
    lt_refuse_if(p.group_name.has_value(), s, {"Placement", "GroupName"});
    lt_refuse_if(p.group_id.has_value(), s, {"Placement", "GroupId"});
    lt_refuse_if(p.partition_number.has_value(), s, {"Placement", "PartitionNumber"});
    lt_refuse_if(p.spread_domain.has_value(), s, {"Placement", "SpreadDomain"});
    lt_refuse_if(p.host_resource_group_arn.has_value(), s, {"Placement", "HostResourceGroupArn"});
  }
  lt_refuse_block_device_members(d.block_device_mappings, s);
  if (d.instance_market_options && d.instance_market_options->spot_options) {
    const auto& o = *d.instance_market_options->spot_options;
    lt_refuse_if(o.block_duration_minutes.has_value(), s,
                 {"InstanceMarketOptions", "SpotOptions", "BlockDurationMinutes"});
    lt_refuse_if(o.valid_until.has_value(), s,
                 {"InstanceMarketOptions", "SpotOptions", "ValidUntil"});
  }
  for (std::size_t i = 0; i < d.network_interfaces.size(); ++i) {
    lt_refuse_interface_members(d.network_interfaces[i], s, i + 1);
  }
}

}  // namespace

void refuse_unimplemented_parameter(std::string_view name) {
  throw protocol::aws_error(
      "Unsupported", {"cloudlife does not implement the parameter " + std::string(name) + "."});
}

void throw_as_parameter_value_error(const protocol::ParamError& e) {
  using Kind = protocol::ParamError::Kind;
  if (e.kind() != Kind::kNotTimestamp && e.kind() != Kind::kNotNumber) throw e;
  const std::string& name = e.name();
  const std::size_t dot = name.rfind('.');
  const std::string last = dot == std::string::npos ? name : name.substr(dot + 1);
  throw protocol::aws_error("InvalidParameterValue",
                            {"Value (" + e.value() + ") for parameter " + last + " is invalid."});
}

LaunchSpec launch_spec_of(const wire::RequestLaunchTemplateData& d, std::string_view scope) {
  lt_refuse_unmodelled(d, scope);
  refuse_instance_level_with_interfaces(
      {!d.network_interfaces.empty(), false,
       !d.security_group_ids.empty() || !d.security_groups.empty(), false});
  LaunchSpec s;
  s.image_id = d.image_id;
  s.instance_type = d.instance_type;
  s.key_name = d.key_name;
  lt_decode_primary_interface(d.network_interfaces, s);
  if (d.placement) {
    s.availability_zone = d.placement->availability_zone;
    s.availability_zone_id = d.placement->availability_zone_id;
    s.tenancy = d.placement->tenancy;
    s.host_id = d.placement->host_id;
  }
  s.user_data = d.user_data;
  s.shutdown_behavior = d.instance_initiated_shutdown_behavior;
  for (const std::string& g : d.security_group_ids) s.security_group_ids.push_back(g);
  s.security_group_names = d.security_groups;
  s.block_devices = block_devices_of(d.block_device_mappings);
  for (const auto& ts : d.tag_specifications) {
    TagSpecification m;
    m.resource_type = ts.resource_type.value_or("");
    for (const auto& t : ts.tags) m.tags.push_back({t.key.value_or(""), t.value.value_or("")});
    s.tag_specifications.push_back(std::move(m));
  }
  s.disable_api_termination = d.disable_api_termination;
  s.disable_api_stop = d.disable_api_stop;
  if (d.hibernation_options) s.hibernation_configured = d.hibernation_options->configured;
  s.ebs_optimized = d.ebs_optimized;
  if (d.monitoring) s.monitoring = d.monitoring->enabled;
  if (d.metadata_options) {
    const auto& m = *d.metadata_options;
    s.metadata_options.http_tokens = m.http_tokens;
    s.metadata_options.http_put_response_hop_limit = lt_as_int(m.http_put_response_hop_limit);
    s.metadata_options.http_endpoint = m.http_endpoint;
    s.metadata_options.http_protocol_ipv6 = m.http_protocol_ipv6;
    s.metadata_options.instance_metadata_tags = m.instance_metadata_tags;
  }
  s.iam_profile = lt_iam_profile_of(d.iam_instance_profile);
  if (d.credit_specification) s.cpu_credits = d.credit_specification->cpu_credits;
  if (d.maintenance_options) s.auto_recovery = d.maintenance_options->auto_recovery;
  if (d.instance_market_options) {
    const auto& o = *d.instance_market_options;
    MarketOptions m;
    m.market_type = o.market_type.value_or("spot");
    if (o.spot_options) {
      m.spot_instance_type = o.spot_options->spot_instance_type.value_or("one-time");
      m.interruption_behavior =
          o.spot_options->instance_interruption_behavior.value_or("terminate");
      m.max_price = o.spot_options->max_price.value_or("");
    }
    s.market = m;
  }
  return s;
}

LaunchSpec launch_spec_of(const wire::RequestSpotLaunchSpecification& d, std::string_view scope) {
  lt_refuse_if(d.addressing_type.has_value(), scope, {"AddressingType"});
  lt_refuse_if(!d.security_groups.empty(), scope, {"SecurityGroup", "1"});
  lt_refuse_if(d.kernel_id.has_value(), scope, {"KernelId"});
  lt_refuse_if(d.ramdisk_id.has_value(), scope, {"RamdiskId"});
  lt_refuse_if(d.placement && d.placement->group_name, scope, {"Placement", "GroupName"});
  lt_refuse_block_device_members(d.block_device_mappings, scope);
  for (std::size_t i = 0; i < d.network_interfaces.size(); ++i) {
    lt_refuse_interface_members(d.network_interfaces[i], scope, i + 1);
  }
  refuse_instance_level_with_interfaces({!d.network_interfaces.empty(), d.subnet_id.has_value(),
                                         !d.security_group_ids.empty(), false});
  LaunchSpec s;
  s.image_id = d.image_id;
  s.instance_type = d.instance_type;
  s.key_name = d.key_name;
  s.subnet_id = d.subnet_id;
  lt_decode_primary_interface(d.network_interfaces, s);
  if (d.placement) {
    s.availability_zone = d.placement->availability_zone;
    s.availability_zone_id = d.placement->availability_zone_id;
    s.tenancy = d.placement->tenancy;
  }
  s.user_data = d.user_data;
  for (const std::string& g : d.security_group_ids) s.security_group_ids.push_back(g);
  s.block_devices = block_devices_of(d.block_device_mappings);
  s.ebs_optimized = d.ebs_optimized;
  if (d.monitoring) s.monitoring = d.monitoring->enabled;
  s.iam_profile = lt_iam_profile_of(d.iam_instance_profile);
  return s;
}

void write_launch_template_data(wire::ResponseLaunchTemplateDataWriter& w, const LaunchSpec& d) {
  if (d.ebs_optimized) w.ebs_optimized(*d.ebs_optimized);
  if (!d.block_devices.empty()) {
    w.block_device_mappings(d.block_devices, [](wire::LaunchTemplateBlockDeviceMappingWriter& m,
                                                const BlockDeviceSpec& bd) {
      m.device_name(bd.device_name);
      if (!bd.virtual_name.empty()) m.virtual_name(bd.virtual_name);
      if (bd.no_device) m.no_device("");
      if (!bd.ebs) return;
      m.ebs([&](wire::LaunchTemplateEbsBlockDeviceWriter& x) {
        const EbsSpec& e = *bd.ebs;
        if (e.encrypted) x.encrypted(*e.encrypted);
        if (e.delete_on_termination) x.delete_on_termination(*e.delete_on_termination);
        if (e.iops) x.iops(*e.iops);
        if (e.snapshot_id) x.snapshot_id(*e.snapshot_id);
        if (e.volume_size) x.volume_size(*e.volume_size);
        if (e.volume_type) x.volume_type(*e.volume_type);
        if (e.throughput) x.throughput(*e.throughput);
      });
    });
  }
  if (d.subnet_id || d.associate_public_ip || d.private_ip || d.network_interface_id ||
      d.interface_description || d.interface_delete_on_termination) {
    w.network_interfaces(
        [&](wire::LaunchTemplateInstanceNetworkInterfaceSpecificationListWriter& l) {
          l.item([&](wire::LaunchTemplateInstanceNetworkInterfaceSpecificationWriter& ni) {
            if (d.associate_public_ip) ni.associate_public_ip_address(*d.associate_public_ip);
            if (d.interface_delete_on_termination) {
              ni.delete_on_termination(*d.interface_delete_on_termination);
            }
            if (d.interface_description) ni.description(*d.interface_description);
            ni.device_index(0);
            if (d.network_interface_id) ni.network_interface_id(*d.network_interface_id);
            if (d.private_ip) ni.private_ip_address(*d.private_ip);
            if (d.subnet_id) ni.subnet_id(*d.subnet_id);
          });
        });
  }
  if (d.image_id) w.image_id(*d.image_id);
  if (d.instance_type) w.instance_type(*d.instance_type);
  if (d.key_name) w.key_name(*d.key_name);
  if (d.iam_profile) {
    w.iam_instance_profile([&](wire::LaunchTemplateIamInstanceProfileSpecificationWriter& p) {
      if (d.iam_profile->arn) p.arn(*d.iam_profile->arn);
      if (d.iam_profile->name) p.name(*d.iam_profile->name);
    });
  }
  if (d.monitoring) {
    w.monitoring([&](wire::LaunchTemplatesMonitoringWriter& m) { m.enabled(*d.monitoring); });
  }
  if (d.availability_zone || d.availability_zone_id || d.tenancy || d.host_id) {
    w.placement([&](wire::LaunchTemplatePlacementWriter& p) {
      if (d.availability_zone) p.availability_zone(*d.availability_zone);
      if (d.availability_zone_id) p.availability_zone_id(*d.availability_zone_id);
      if (d.tenancy) p.tenancy(*d.tenancy);
      if (d.host_id) p.host_id(*d.host_id);
    });
  }
  if (d.disable_api_termination) w.disable_api_termination(*d.disable_api_termination);
  if (d.shutdown_behavior) w.instance_initiated_shutdown_behavior(*d.shutdown_behavior);
  if (d.user_data) w.user_data(*d.user_data);
  if (!d.tag_specifications.empty()) {
    w.tag_specifications(d.tag_specifications, [](wire::LaunchTemplateTagSpecificationWriter& x,
                                                  const TagSpecification& ts) {
      x.resource_type(ts.resource_type);
      x.tags(ts.tags, [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
    });
  }
  if (!d.security_group_ids.empty()) w.security_group_ids(d.security_group_ids);
  if (!d.security_group_names.empty()) w.security_groups(d.security_group_names);
  if (d.market) {
    w.instance_market_options([&](wire::LaunchTemplateInstanceMarketOptionsWriter& o) {
      o.market_type(d.market->market_type);
      o.spot_options([&](wire::LaunchTemplateSpotMarketOptionsWriter& x) {
        if (!d.market->max_price.empty()) x.max_price(d.market->max_price);
        x.spot_instance_type(d.market->spot_instance_type);
        x.instance_interruption_behavior(d.market->interruption_behavior);
      });
    });
  }
  if (d.hibernation_configured) {
    w.hibernation_options([&](wire::LaunchTemplateHibernationOptionsWriter& h) {
      h.configured(*d.hibernation_configured);
    });
  }
  if (d.disable_api_stop) w.disable_api_stop(*d.disable_api_stop);
  if (d.cpu_credits) {
    w.credit_specification(
        [&](wire::CreditSpecificationWriter& c) { c.cpu_credits(*d.cpu_credits); });
  }
  if (d.auto_recovery) {
    w.maintenance_options([&](wire::LaunchTemplateInstanceMaintenanceOptionsWriter& m) {
      m.auto_recovery(*d.auto_recovery);
    });
  }
  if (!d.metadata_options.empty()) {
    // A template's options are stored, not applied to anything: their state is always "applied".
    const MetadataOptionsSpec& m = d.metadata_options;
    w.metadata_options([&](wire::LaunchTemplateInstanceMetadataOptionsWriter& x) {
      x.state("applied");
      if (m.http_tokens) x.http_tokens(*m.http_tokens);
      if (m.http_put_response_hop_limit) {
        x.http_put_response_hop_limit(*m.http_put_response_hop_limit);
      }
      if (m.http_endpoint) x.http_endpoint(*m.http_endpoint);
      if (m.http_protocol_ipv6) x.http_protocol_ipv6(*m.http_protocol_ipv6);
      if (m.instance_metadata_tags) x.instance_metadata_tags(*m.instance_metadata_tags);
    });
  }
}

}  // namespace cloudlife::ec2::api
