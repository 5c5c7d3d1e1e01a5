#include "ec2/api/ec2_decode.h"

#include <algorithm>

#include "core/glob.h"
#include "core/service_error.h"
#include "ec2/launch_addressing.h"

namespace cloudlife::ec2::api {

using core::ServiceError;
using protocol::QueryParams;

std::string required(const QueryParams& params, const std::string& name) {
  const std::string* v = params.find(name);
  if (!v || v->empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter " + name);
  }
  return *v;
}

std::vector<std::string> required_list(const QueryParams& params, const std::string& name,
                                       const std::string& label) {
  std::vector<std::string> values = params.list(name);
  if (values.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter " + label);
  }
  return values;
}

std::vector<Filter> decode_filters(const QueryParams& params) {
  std::vector<Filter> filters;
  for (const QueryParams& f : params.structs("Filter")) {
    Filter filter;
    filter.name = f.str_or("Name", "");
    filter.values = f.list("Value");
    if (filter.name.empty()) {
      throw ServiceError("InvalidParameterValue", "The filter 'null' is invalid");
    }
    filters.push_back(std::move(filter));
  }
  if (filters.size() > 200) {
    throw ServiceError("FilterLimitExceeded", "The maximum number of filters per request is 200.");
  }
  return filters;
}

std::vector<Tag> decode_tags(const QueryParams& params, const std::string& list_name) {
  std::vector<Tag> tags;
  for (const QueryParams& t : params.structs(list_name)) {
    tags.push_back({t.str_or("Key", ""), t.str_or("Value", "")});
  }
  return tags;
}

std::vector<TagSpecification> decode_tag_specifications(const QueryParams& params) {
  std::vector<TagSpecification> specs;
  for (const QueryParams& s : params.structs("TagSpecification")) {
    TagSpecification spec;
    spec.resource_type = s.str_or("ResourceType", "");
    spec.tags = decode_tags(s, "Tag");
    specs.push_back(std::move(spec));
  }
  return specs;
}

std::vector<BlockDeviceSpec> decode_block_devices(const QueryParams& params) {
  std::vector<BlockDeviceSpec> devices;
  for (const QueryParams& b : params.structs("BlockDeviceMapping")) {
    BlockDeviceSpec d;
    d.device_name = b.str_or("DeviceName", "");
    d.virtual_name = b.str_or("VirtualName", "");
    d.no_device = b.has("NoDevice");
    if (b.has_any("Ebs")) {
      EbsSpec e;
      if (auto v = b.integer("Ebs.VolumeSize")) e.volume_size = static_cast<int>(*v);
      e.volume_type = b.str("Ebs.VolumeType");
      e.delete_on_termination = b.boolean("Ebs.DeleteOnTermination");
      if (auto v = b.integer("Ebs.Iops")) e.iops = static_cast<int>(*v);
      if (auto v = b.integer("Ebs.Throughput")) e.throughput = static_cast<int>(*v);
      e.encrypted = b.boolean("Ebs.Encrypted");
      e.snapshot_id = b.str("Ebs.SnapshotId");
      d.ebs = e;
    }
    if (d.device_name.empty()) {
      throw ServiceError("MissingParameter",
                         "The request must contain the parameter BlockDeviceMapping.DeviceName");
    }
    devices.push_back(std::move(d));
  }
  return devices;
}

std::optional<IamProfileSpec> decode_iam_profile(const QueryParams& p) {
  if (!p.has_any("IamInstanceProfile")) return std::nullopt;
  return IamProfileSpec{p.str("IamInstanceProfile.Arn"), p.str("IamInstanceProfile.Name")};
}

namespace {

// NetworkInterface.N at device index 0 into the spec (launch templates carry the subnet there).
void decode_primary_interface(const QueryParams& ni, LaunchSpec& s) {
  // Secondary addresses have no model here: a PrivateIpAddresses entry must be the primary.
  std::optional<std::string> listed_primary;
  for (const QueryParams& a : ni.structs("PrivateIpAddresses")) {
    if (!a.boolean("Primary").value_or(false)) {
      throw ServiceError("Unsupported",
                         "The requested configuration is currently not supported: cloudlife "
                         "implements only the primary private IP address of an interface.");
    }
    if (listed_primary) {
      throw ServiceError("InvalidParameterValue",
                         "Only one primary private IP address can be specified");
    }
    listed_primary = a.str_or("PrivateIpAddress", "");
  }
  s.private_ip = ni.str("PrivateIpAddress");
  if (listed_primary && !listed_primary->empty()) {
    if (s.private_ip && *s.private_ip != *listed_primary) {
      throw ServiceError("InvalidParameterValue",
                         "Only one primary private IP address can be specified");
    }
    s.private_ip = listed_primary;
  }
  s.subnet_id = ni.str("SubnetId");
  s.associate_public_ip = ni.boolean("AssociatePublicIpAddress");
  for (const std::string& g : ni.list("SecurityGroupId")) s.security_group_ids.push_back(g);
  s.network_interface_id = ni.str("NetworkInterfaceId");
  s.interface_description = ni.str("Description");
  s.interface_delete_on_termination = ni.boolean("DeleteOnTermination");
  if (s.network_interface_id) {
    refuse_settings_of_existing_interface({ni.has("SubnetId"), ni.has_any("SecurityGroupId"),
                                           s.private_ip.has_value(),
                                           ni.has("AssociatePublicIpAddress")});
  }
}

}  // namespace

LaunchSpec decode_launch_spec(const QueryParams& p) {
  // Launch parameters (of RunInstances and of launch template data) with no model here.
  refuse_unimplemented(p, {"KernelId",
                           "RamdiskId",
                           "RamDiskId",
                           "AdditionalInfo",
                           "Ipv6AddressCount",
                           "Ipv6Address.*",
                           "ElasticGpuSpecification.*",
                           "ElasticInferenceAccelerator.*",
                           "CpuOptions.*",
                           "CapacityReservationSpecification.*",
                           "LicenseSpecification.*",
                           "EnclaveOptions.*",
                           "PrivateDnsNameOptions.*",
                           "InstanceRequirements.*",
                           "Placement.Affinity",
                           "Placement.GroupName",
                           "Placement.GroupId",
                           "Placement.PartitionNumber",
                           "Placement.SpreadDomain",
                           "Placement.HostResourceGroupArn",
                           "BlockDeviceMapping.*.Ebs.KmsKeyId",
                           "BlockDeviceMapping.*.Ebs.OutpostArn",
                           "InstanceMarketOptions.SpotOptions.BlockDurationMinutes",
                           "InstanceMarketOptions.SpotOptions.ValidUntil",
                           "NetworkInterface.*.AssociateCarrierIpAddress",
                           "NetworkInterface.*.Ipv6AddressCount",
                           "NetworkInterface.*.Ipv6Addresses.*",
                           "NetworkInterface.*.SecondaryPrivateIpAddressCount",
                           "NetworkInterface.*.InterfaceType",
                           "NetworkInterface.*.NetworkCardIndex",
                           "NetworkInterface.*.Ipv4Prefix.*",
                           "NetworkInterface.*.Ipv4PrefixCount",
                           "NetworkInterface.*.Ipv6Prefix.*",
                           "NetworkInterface.*.Ipv6PrefixCount"});
  // The one interface this model launches with: the primary one (device index 0).
  const std::vector<QueryParams> interfaces = p.structs("NetworkInterface");
  refuse_instance_level_with_interfaces({!interfaces.empty(), p.has("SubnetId"),
                                         p.has_any("SecurityGroupId") || p.has_any("SecurityGroup"),
                                         p.has("PrivateIpAddress")});
  for (const QueryParams& ni : interfaces) {
    if (interfaces.size() > 1 || ni.str_or("DeviceIndex", "0") != "0") {
      throw ServiceError("Unsupported",
                         "The requested configuration is currently not supported: cloudlife "
                         "implements one network interface per instance, at device index 0.");
    }
  }
  LaunchSpec s;
  s.image_id = p.str("ImageId");
  s.instance_type = p.str("InstanceType");
  s.key_name = p.str("KeyName");
  s.subnet_id = p.str("SubnetId");
  s.private_ip = p.str("PrivateIpAddress");
  for (const QueryParams& ni : interfaces) decode_primary_interface(ni, s);
  s.availability_zone = p.str("Placement.AvailabilityZone");
  s.tenancy = p.str("Placement.Tenancy");
  s.host_id = p.str("Placement.HostId");
  s.user_data = p.str("UserData");
  s.shutdown_behavior = p.str("InstanceInitiatedShutdownBehavior");
  for (const std::string& g : p.list("SecurityGroupId")) s.security_group_ids.push_back(g);
  s.security_group_names = p.list("SecurityGroup");
  s.block_devices = decode_block_devices(p);
  s.tag_specifications = decode_tag_specifications(p);
  s.disable_api_termination = p.boolean("DisableApiTermination");
  s.disable_api_stop = p.boolean("DisableApiStop");
  s.hibernation_configured = p.boolean("HibernationOptions.Configured");
  s.ebs_optimized = p.boolean("EbsOptimized");
  s.monitoring = p.boolean("Monitoring.Enabled");
  s.metadata_options.http_tokens = p.str("MetadataOptions.HttpTokens");
  if (auto v = p.integer("MetadataOptions.HttpPutResponseHopLimit")) {
    s.metadata_options.http_put_response_hop_limit = static_cast<int>(*v);
  }
  s.metadata_options.http_endpoint = p.str("MetadataOptions.HttpEndpoint");
  s.metadata_options.http_protocol_ipv6 = p.str("MetadataOptions.HttpProtocolIpv6");
  s.metadata_options.instance_metadata_tags = p.str("MetadataOptions.InstanceMetadataTags");
  s.iam_profile = decode_iam_profile(p);
  s.cpu_credits = p.str("CreditSpecification.CpuCredits");
  s.auto_recovery = p.str("MaintenanceOptions.AutoRecovery");
  if (p.has_any("InstanceMarketOptions")) {
    MarketOptions m;
    m.market_type = p.str_or("InstanceMarketOptions.MarketType", "spot");
    m.spot_instance_type =
        p.str_or("InstanceMarketOptions.SpotOptions.SpotInstanceType", "one-time");
    m.interruption_behavior =
        p.str_or("InstanceMarketOptions.SpotOptions.InstanceInterruptionBehavior", "terminate");
    m.max_price = p.str_or("InstanceMarketOptions.SpotOptions.MaxPrice", "");
    s.market = m;
  }
  return s;
}

std::optional<bool> attribute_bool(const QueryParams& params, const std::string& name) {
  return params.boolean(name + ".Value");
}

std::optional<std::string> attribute_value(const QueryParams& params, const std::string& name) {
  return params.str(name + ".Value");
}

bool dry_run(const QueryParams& params) {
  return params.boolean("DryRun").value_or(false);
}

void refuse_unimplemented(const QueryParams& params, std::initializer_list<const char*> patterns) {
  for (const auto& [key, value] : params.entries()) {
    const std::string_view inside = std::string_view(key).substr(params.prefix().size());
    for (const char* pattern : patterns) {
      if (!core::glob_match(pattern, inside)) continue;
      throw ServiceError("Unsupported",
                         "The requested configuration is currently not supported: cloudlife does "
                         "not implement the parameter " +
                             key + ".");
    }
  }
}

std::string fingerprint(const QueryParams& params, const std::vector<std::string>& excluded) {
  std::string out;
  for (const auto& [k, v] : params.entries()) {
    if (std::find(excluded.begin(), excluded.end(), k) != excluded.end()) continue;
    out += k;
    out += '=';
    out += v;
    out += '\n';
  }
  return out;
}

}  // namespace cloudlife::ec2::api
