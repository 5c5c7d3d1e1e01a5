// Launch configurations and groups: Create/Describe/Delete LaunchConfiguration(s),
// Create/Update/Delete/DescribeAutoScalingGroup(s), SetDesiredCapacity.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/api/paging.h"
#include "autoscaling/group_metrics.h"
#include "core/time.h"

namespace cloudlife::autoscaling::api {
namespace {

using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

std::optional<long long> opt_int(const QueryParams& p, std::string_view key) {
  auto v = p.integer(key);
  return v ? std::optional<long long>(*v) : std::nullopt;
}

TemplateRef decode_template(const QueryParams& p) {
  TemplateRef ref;
  ref.id = p.str_or("LaunchTemplateId", "");
  ref.name = p.str_or("LaunchTemplateName", "");
  ref.version = p.str_or("Version", "");
  return ref;
}

std::vector<GroupTag> decode_tags(const QueryParams& p) {
  std::vector<GroupTag> tags;
  for (const QueryParams& t : p.structs("Tags.member")) {
    GroupTag tag;
    tag.key = t.str_or("Key", "");
    tag.value = t.str_or("Value", "");
    tag.propagate_at_launch = t.boolean("PropagateAtLaunch").value_or(false);
    tags.push_back(tag);
  }
  return tags;
}

std::optional<double> opt_double(const QueryParams& p, std::string_view key) {
  const auto text = p.str(key);
  if (!text) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !std::isfinite(v)) {
    throw core::ServiceError("ValidationError", "Invalid value '" + *text + "' for " +
                                                    p.full_name(key) + ": not a number.");
  }
  return v;
}

std::optional<ec2::IntRange> int_range(const QueryParams& p, const char* name) {
  if (!p.has_any(name)) return std::nullopt;
  const QueryParams r = p.scope(std::string(name) + ".");
  return ec2::IntRange{opt_int(r, "Min"), opt_int(r, "Max")};
}

std::optional<ec2::DoubleRange> double_range(const QueryParams& p, const char* name) {
  if (!p.has_any(name)) return std::nullopt;
  const QueryParams r = p.scope(std::string(name) + ".");
  return ec2::DoubleRange{opt_double(r, "Min"), opt_double(r, "Max")};
}

// LaunchTemplateOverrides.InstanceRequirements, every member of the botocore shape.
ec2::InstanceRequirements decode_requirements(const QueryParams& q) {
  ec2::InstanceRequirements r;
  r.vcpu_count = int_range(q, "VCpuCount");
  r.memory_mib = int_range(q, "MemoryMiB");
  r.cpu_manufacturers = q.list("CpuManufacturers.member");
  r.memory_gib_per_vcpu = double_range(q, "MemoryGiBPerVCpu");
  r.excluded_instance_types = q.list("ExcludedInstanceTypes.member");
  r.instance_generations = q.list("InstanceGenerations.member");
  r.spot_max_price_percentage_over_lowest_price =
      opt_int(q, "SpotMaxPricePercentageOverLowestPrice");
  r.on_demand_max_price_percentage_over_lowest_price =
      opt_int(q, "OnDemandMaxPricePercentageOverLowestPrice");
  r.bare_metal = q.str("BareMetal");
  r.burstable_performance = q.str("BurstablePerformance");
  r.require_hibernate_support = q.boolean("RequireHibernateSupport");
  r.network_interface_count = int_range(q, "NetworkInterfaceCount");
  r.local_storage = q.str("LocalStorage");
  r.local_storage_types = q.list("LocalStorageTypes.member");
  r.total_local_storage_gb = double_range(q, "TotalLocalStorageGB");
  r.baseline_ebs_bandwidth_mbps = int_range(q, "BaselineEbsBandwidthMbps");
  r.accelerator_types = q.list("AcceleratorTypes.member");
  r.accelerator_count = int_range(q, "AcceleratorCount");
  r.accelerator_manufacturers = q.list("AcceleratorManufacturers.member");
  r.accelerator_names = q.list("AcceleratorNames.member");
  r.accelerator_total_memory_mib = int_range(q, "AcceleratorTotalMemoryMiB");
  r.network_bandwidth_gbps = double_range(q, "NetworkBandwidthGbps");
  r.allowed_instance_types = q.list("AllowedInstanceTypes.member");
  return r;
}

// A required member of the n-th (1-based) structure of a list, named in the error as AWS's
// validation names it ("lifecycleHookSpecificationList.1.member.lifecycleTransition").
std::string required_member(const QueryParams& item, const char* list, int n, const char* member) {
  auto v = item.str(member);
  if (!v || v->empty()) {
    auto lower = [](std::string s) {
      if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
      return s;
    };
    throw core::ServiceError("ValidationError",
                             "1 validation error detected: Value null at '" + lower(list) + "." +
                                 std::to_string(n) + ".member." + lower(member) +
                                 "' failed to satisfy constraint: Member must not be null");
  }
  return *v;
}

GroupSettings decode_settings(const QueryParams& p) {
  GroupSettings s;
  if (auto lc = p.str("LaunchConfigurationName"); lc && !lc->empty()) s.launch_configuration = lc;
  if (p.has_any("LaunchTemplate")) s.launch_template = decode_template(p.scope("LaunchTemplate."));
  if (p.has_any("MixedInstancesPolicy")) {
    const QueryParams mip = p.scope("MixedInstancesPolicy.LaunchTemplate.");
    if (s.launch_template) {
      throw core::ServiceError(
          "ValidationError",
          "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId "
          "or MixedInstancesPolicy parameter.");
    }
    // LaunchTemplate is required to create a policy, not to update one (UpdateAutoScalingGroup
    // may change only the InstancesDistribution of a mixed instances group).
    if (p.has_any("MixedInstancesPolicy.LaunchTemplate")) {
      s.launch_template = decode_template(mip.scope("LaunchTemplateSpecification."));
    }
    s.mixed_instances = true;
    for (const QueryParams& o : mip.structs("Overrides.member")) {
      LaunchOverride ov;
      ov.instance_type = o.str_or("InstanceType", "");
      if (o.has_any("InstanceRequirements")) {
        ov.requirements = decode_requirements(o.scope("InstanceRequirements."));
      }
      ov.weighted_capacity = o.str_or("WeightedCapacity", "");
      if (o.has_any("LaunchTemplateSpecification")) {
        ov.launch_template = decode_template(o.scope("LaunchTemplateSpecification."));
      }
      s.overrides.push_back(std::move(ov));
    }
    const QueryParams d = p.scope("MixedInstancesPolicy.InstancesDistribution.");
    InstancesDistribution dist;
    auto given = [&](const char* field) {
      if (!d.has_any(field)) return false;
      s.distribution_fields.insert(field);
      return true;
    };
    if (given("OnDemandAllocationStrategy")) {
      dist.on_demand_allocation_strategy = d.str_or("OnDemandAllocationStrategy", "");
    }
    if (given("OnDemandBaseCapacity")) {
      dist.on_demand_base_capacity = d.integer("OnDemandBaseCapacity").value_or(0);
    }
    if (given("OnDemandPercentageAboveBaseCapacity")) {
      dist.on_demand_percentage_above_base =
          d.integer("OnDemandPercentageAboveBaseCapacity").value_or(100);
    }
    if (given("SpotAllocationStrategy")) {
      dist.spot_allocation_strategy = d.str_or("SpotAllocationStrategy", "");
    }
    if (given("SpotInstancePools")) {
      dist.spot_instance_pools = d.integer("SpotInstancePools").value_or(2);
    }
    if (given("SpotMaxPrice")) dist.spot_max_price = d.str_or("SpotMaxPrice", "");
    s.distribution = dist;
  }
  if (auto v = p.str("Context")) s.context = v;
  if (auto v = p.str("DesiredCapacityType")) s.desired_capacity_type = v;
  if (auto id = p.str("InstanceId"); id && !id->empty()) s.from_instance_id = id;
  s.min_size = opt_int(p, "MinSize");
  s.max_size = opt_int(p, "MaxSize");
  s.desired = opt_int(p, "DesiredCapacity");
  s.default_cooldown = opt_int(p, "DefaultCooldown");
  if (p.has_any("AvailabilityZones")) s.zones = p.list("AvailabilityZones.member");
  if (auto v = p.str("VPCZoneIdentifier")) s.vpc_zone_identifier = v;
  s.load_balancers = p.list("LoadBalancerNames.member");
  s.target_groups = p.list("TargetGroupARNs.member");
  for (const QueryParams& ts : p.structs("TrafficSources.member")) {
    const std::string id = ts.str_or("Identifier", "");
    if (id.rfind("arn:", 0) == 0) {
      s.target_groups.push_back(id);
    } else if (!id.empty()) {
      s.load_balancers.push_back(id);
    }
  }
  if (auto v = p.str("HealthCheckType")) s.health_check_type = v;
  s.health_check_grace_period = opt_int(p, "HealthCheckGracePeriod");
  if (p.has_any("TerminationPolicies"))
    s.termination_policies = p.list("TerminationPolicies.member");
  if (auto v = p.boolean("NewInstancesProtectedFromScaleIn")) s.new_instances_protected = v;
  if (auto v = p.boolean("CapacityRebalance")) s.capacity_rebalance = v;
  s.max_instance_lifetime = opt_int(p, "MaxInstanceLifetime");
  s.default_instance_warmup = opt_int(p, "DefaultInstanceWarmup");
  if (auto v = p.str("PlacementGroup")) s.placement_group = v;
  if (auto v = p.str("ServiceLinkedRoleARN")) s.service_linked_role_arn = v;
  s.tags = decode_tags(p);
  int n = 0;
  for (const QueryParams& h : p.structs("LifecycleHookSpecificationList.member")) {
    ++n;
    LifecycleHook hook;
    hook.name = required_member(h, "LifecycleHookSpecificationList", n, "LifecycleHookName");
    hook.transition =
        required_member(h, "LifecycleHookSpecificationList", n, "LifecycleTransition");
    hook.notification_metadata = h.str_or("NotificationMetadata", "");
    hook.heartbeat_timeout = h.integer("HeartbeatTimeout").value_or(3600);
    hook.default_result = h.str_or("DefaultResult", "ABANDON");
    hook.notification_target_arn = h.str_or("NotificationTargetARN", "");
    hook.role_arn = h.str_or("RoleARN", "");
    s.hooks.push_back(std::move(hook));
  }
  return s;
}

// --- launch configurations ---------------------------------------------------------------------

HttpResponse create_launch_configuration(AsgCall& call) {
  const QueryParams& p = call.params;
  LaunchConfiguration lc;
  lc.name = call.required("LaunchConfigurationName");
  lc.image_id = p.str_or("ImageId", "");
  lc.instance_type = p.str_or("InstanceType", "");
  lc.key_name = p.str_or("KeyName", "");
  lc.security_groups = p.list("SecurityGroups.member");
  lc.user_data = p.str_or("UserData", "");
  lc.iam_instance_profile = p.str_or("IamInstanceProfile", "");
  lc.associate_public_ip = p.boolean("AssociatePublicIpAddress");
  lc.ebs_optimized = p.boolean("EbsOptimized");
  lc.instance_monitoring = p.boolean("InstanceMonitoring.Enabled").value_or(true);
  lc.spot_price = p.str_or("SpotPrice", "");
  lc.placement_tenancy = p.str_or("PlacementTenancy", "");
  for (const QueryParams& b : p.structs("BlockDeviceMappings.member")) {
    ec2::BlockDeviceSpec bd;
    bd.device_name = b.str_or("DeviceName", "");
    bd.virtual_name = b.str_or("VirtualName", "");
    bd.no_device = b.boolean("NoDevice").value_or(false);
    if (b.has_any("Ebs")) {
      ec2::EbsSpec ebs;
      if (auto v = b.integer("Ebs.VolumeSize")) ebs.volume_size = static_cast<int>(*v);
      if (auto v = b.str("Ebs.VolumeType")) ebs.volume_type = v;
      ebs.delete_on_termination = b.boolean("Ebs.DeleteOnTermination");
      ebs.encrypted = b.boolean("Ebs.Encrypted");
      if (auto v = b.str("Ebs.SnapshotId")) ebs.snapshot_id = v;
      bd.ebs = ebs;
    }
    lc.block_devices.push_back(bd);
  }
  lc.kernel_id = p.str_or("KernelId", "");
  lc.ramdisk_id = p.str_or("RamdiskId", "");
  if (p.has_any("MetadataOptions")) {
    MetadataOptions m;
    m.http_tokens = p.str("MetadataOptions.HttpTokens");
    m.hop_limit = opt_int(p, "MetadataOptions.HttpPutResponseHopLimit");
    m.endpoint = p.str("MetadataOptions.HttpEndpoint");
    lc.metadata_options = m;
  }
  if (p.has_any("ClassicLinkVPCId") || p.has_any("ClassicLinkVPCSecurityGroups")) {
    // EC2-Classic and ClassicLink are retired; no VPC can be linked any more.
    throw core::ServiceError("ValidationError",
                             "ClassicLink is not supported: EC2-Classic has been retired. Remove "
                             "ClassicLinkVPCId and ClassicLinkVPCSecurityGroups.");
  }
  const std::string from_instance = p.str_or("InstanceId", "");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.create_launch_configuration(part, lc, from_instance, now);
  });
  return call.empty();
}

HttpResponse describe_launch_configurations(AsgCall& call) {
  const std::vector<std::string> names = call.params.list("LaunchConfigurationNames.member");
  std::vector<LaunchConfiguration> lcs = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<LaunchConfiguration> out;
    for (const auto& [name, lc] : part.launch_configurations) {
      if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
        out.push_back(lc);
      }
    }
    return out;
  });
  const Page page = page_of(call.params, lcs.size(), 50, 100);
  XmlWriter xml = call.begin();
  xml.open("LaunchConfigurations");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const LaunchConfiguration& lc = lcs[i];
    xml.open("member");
    xml.leaf("LaunchConfigurationName", lc.name);
    xml.leaf("LaunchConfigurationARN", lc.arn);
    xml.leaf("ImageId", lc.image_id);
    xml.leaf("KeyName", lc.key_name);
    xml.open("SecurityGroups");
    for (const std::string& sg : lc.security_groups) xml.leaf("member", sg);
    xml.close();
    xml.empty("ClassicLinkVPCSecurityGroups");
    xml.leaf("UserData", lc.user_data);
    xml.leaf("InstanceType", lc.instance_type);
    xml.leaf("KernelId", lc.kernel_id);
    xml.leaf("RamdiskId", lc.ramdisk_id);
    xml.open("BlockDeviceMappings");
    for (const ec2::BlockDeviceSpec& bd : lc.block_devices) {
      xml.open("member");
      xml.leaf_if("VirtualName", bd.virtual_name);
      xml.leaf("DeviceName", bd.device_name);
      if (bd.ebs) {
        xml.open("Ebs");
        if (bd.ebs->snapshot_id) xml.leaf("SnapshotId", *bd.ebs->snapshot_id);
        if (bd.ebs->volume_size) xml.leaf("VolumeSize", *bd.ebs->volume_size);
        if (bd.ebs->volume_type) xml.leaf("VolumeType", *bd.ebs->volume_type);
        if (bd.ebs->delete_on_termination) {
          xml.leaf("DeleteOnTermination", *bd.ebs->delete_on_termination);
        }
        if (bd.ebs->encrypted) xml.leaf("Encrypted", *bd.ebs->encrypted);
        xml.close();
      }
      if (bd.no_device) xml.leaf("NoDevice", true);
      xml.close();
    }
    xml.close();
    xml.open("InstanceMonitoring").leaf("Enabled", lc.instance_monitoring).close();
    xml.leaf_if("SpotPrice", lc.spot_price);
    xml.leaf_if("IamInstanceProfile", lc.iam_instance_profile);
    xml.leaf("CreatedTime", core::format_iso8601_ms(lc.created));
    xml.leaf("EbsOptimized", lc.ebs_optimized.value_or(false));
    if (lc.associate_public_ip) xml.leaf("AssociatePublicIpAddress", *lc.associate_public_ip);
    xml.leaf_if("PlacementTenancy", lc.placement_tenancy);
    if (lc.metadata_options) {
      const MetadataOptions& m = *lc.metadata_options;
      xml.open("MetadataOptions");
      if (m.http_tokens) xml.leaf("HttpTokens", *m.http_tokens);
      if (m.hop_limit) xml.leaf("HttpPutResponseHopLimit", *m.hop_limit);
      if (m.endpoint) xml.leaf("HttpEndpoint", *m.endpoint);
      xml.close();
    }
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

HttpResponse delete_launch_configuration(AsgCall& call) {
  const std::string name = call.required("LaunchConfigurationName");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.delete_launch_configuration(part, name);
  });
  return call.empty();
}

// --- groups ------------------------------------------------------------------------------------

HttpResponse create_group(AsgCall& call) {
  const std::string name = call.required("AutoScalingGroupName");
  const GroupSettings s = decode_settings(call.params);
  call.run(
      [&](AsgPartition& part, core::TimeMs now) { call.model.create_group(part, name, s, now); });
  return call.empty();
}

HttpResponse update_group(AsgCall& call) {
  const std::string name = call.required("AutoScalingGroupName");
  const GroupSettings s = decode_settings(call.params);
  call.run(
      [&](AsgPartition& part, core::TimeMs now) { call.model.update_group(part, name, s, now); });
  return call.empty();
}

HttpResponse delete_group(AsgCall& call) {
  const std::string name = call.required("AutoScalingGroupName");
  const bool force = call.params.boolean("ForceDelete").value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.delete_group(part, name, force, now);
  });
  return call.empty();
}

HttpResponse set_desired_capacity(AsgCall& call) {
  const std::string name = call.required("AutoScalingGroupName");
  const auto desired = call.params.integer("DesiredCapacity");
  if (!desired) call.required("DesiredCapacity");
  const bool honor = call.params.boolean("HonorCooldown").value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.set_desired_capacity(part, name, *desired, honor, now);
  });
  return call.empty();
}

bool tag_filter_matches(const Group& g, const QueryParams& f) {
  const std::string name = f.str_or("Name", "");
  const std::vector<std::string> values = f.list("Values.member");
  auto any_value = [&](const std::string& v) {
    return std::find(values.begin(), values.end(), v) != values.end();
  };
  if (name == "tag-key") {
    return std::any_of(g.tags.begin(), g.tags.end(),
                       [&](const GroupTag& t) { return any_value(t.key); });
  }
  if (name == "tag-value") {
    return std::any_of(g.tags.begin(), g.tags.end(),
                       [&](const GroupTag& t) { return any_value(t.value); });
  }
  if (name.rfind("tag:", 0) == 0) {
    const std::string key = name.substr(4);
    return std::any_of(g.tags.begin(), g.tags.end(),
                       [&](const GroupTag& t) { return t.key == key && any_value(t.value); });
  }
  throw core::ServiceError("ValidationError",
                           "Filter type " + name +
                               " is not correct. Allowed "
                               "Filter types are: tag-key, tag-value and tag:<key>");
}

template <class Range>
void write_range(XmlWriter& xml, const char* name, const std::optional<Range>& r) {
  if (!r) return;
  auto number = [](auto v) {
    if constexpr (std::is_floating_point_v<decltype(v)>) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%g", v);
      return std::string(buf);
    } else {
      return std::to_string(v);
    }
  };
  xml.open(name);
  if (r->min) xml.leaf("Min", number(*r->min));
  if (r->max) xml.leaf("Max", number(*r->max));
  xml.close();
}

void write_list(XmlWriter& xml, const char* name, const std::vector<std::string>& values) {
  if (values.empty()) return;
  xml.open(name);
  for (const std::string& v : values) xml.leaf("member", v);
  xml.close();
}

// InstanceRequirements as given (members never given are not described).
void write_requirements(XmlWriter& xml, const ec2::InstanceRequirements& r) {
  xml.open("InstanceRequirements");
  write_range(xml, "VCpuCount", r.vcpu_count);
  write_range(xml, "MemoryMiB", r.memory_mib);
  write_list(xml, "CpuManufacturers", r.cpu_manufacturers);
  write_range(xml, "MemoryGiBPerVCpu", r.memory_gib_per_vcpu);
  write_list(xml, "ExcludedInstanceTypes", r.excluded_instance_types);
  write_list(xml, "InstanceGenerations", r.instance_generations);
  if (r.spot_max_price_percentage_over_lowest_price) {
    xml.leaf("SpotMaxPricePercentageOverLowestPrice",
             *r.spot_max_price_percentage_over_lowest_price);
  }
  if (r.on_demand_max_price_percentage_over_lowest_price) {
    xml.leaf("OnDemandMaxPricePercentageOverLowestPrice",
             *r.on_demand_max_price_percentage_over_lowest_price);
  }
  if (r.bare_metal) xml.leaf("BareMetal", *r.bare_metal);
  if (r.burstable_performance) xml.leaf("BurstablePerformance", *r.burstable_performance);
  if (r.require_hibernate_support) {
    xml.leaf("RequireHibernateSupport", *r.require_hibernate_support);
  }
  write_range(xml, "NetworkInterfaceCount", r.network_interface_count);
  if (r.local_storage) xml.leaf("LocalStorage", *r.local_storage);
  write_list(xml, "LocalStorageTypes", r.local_storage_types);
  write_range(xml, "TotalLocalStorageGB", r.total_local_storage_gb);
  write_range(xml, "BaselineEbsBandwidthMbps", r.baseline_ebs_bandwidth_mbps);
  write_list(xml, "AcceleratorTypes", r.accelerator_types);
  write_range(xml, "AcceleratorCount", r.accelerator_count);
  write_list(xml, "AcceleratorManufacturers", r.accelerator_manufacturers);
  write_list(xml, "AcceleratorNames", r.accelerator_names);
  write_range(xml, "AcceleratorTotalMemoryMiB", r.accelerator_total_memory_mib);
  write_range(xml, "NetworkBandwidthGbps", r.network_bandwidth_gbps);
  write_list(xml, "AllowedInstanceTypes", r.allowed_instance_types);
  xml.close();
}

void write_group(XmlWriter& xml, const Group& g) {
  xml.leaf("AutoScalingGroupName", g.name);
  xml.leaf("AutoScalingGroupARN", g.arn);
  xml.leaf_if("LaunchConfigurationName", g.launch_configuration);
  if (g.launch_template && !g.mixed_instances) {
    write_template_ref(xml, "LaunchTemplate", *g.launch_template);
  }
  if (g.launch_template && g.mixed_instances) {
    write_mixed_policy(xml, MixedPolicy{*g.launch_template, g.overrides, g.distribution});
  }
  xml.leaf("MinSize", g.min_size);
  xml.leaf("MaxSize", g.max_size);
  xml.leaf("DesiredCapacity", g.desired);
  xml.leaf("DefaultCooldown", g.default_cooldown);
  xml.open("AvailabilityZones");
  for (const std::string& z : g.zones) xml.leaf("member", z);
  xml.close();
  xml.open("LoadBalancerNames");
  for (const std::string& lb : g.load_balancers) xml.leaf("member", lb);
  xml.close();
  xml.open("TargetGroupARNs");
  for (const std::string& tg : g.target_groups) xml.leaf("member", tg);
  xml.close();
  xml.leaf("HealthCheckType", g.health_check_type);
  xml.leaf("HealthCheckGracePeriod", g.health_check_grace_period);
  xml.open("Instances");
  for (const Member& m : g.members) {
    if (m.warm) continue;
    xml.open("member");
    xml.leaf("InstanceId", m.instance_id);
    xml.leaf("InstanceType", m.instance_type);
    xml.leaf("AvailabilityZone", m.zone);
    xml.leaf("LifecycleState", m.state);
    xml.leaf("HealthStatus", m.health);
    xml.leaf_if("LaunchConfigurationName", m.launch_configuration);
    if (m.launch_template) write_template_ref(xml, "LaunchTemplate", *m.launch_template);
    xml.leaf("ProtectedFromScaleIn", m.protected_from_scale_in);
    xml.leaf_if("WeightedCapacity", m.weighted_capacity);
    xml.close();
  }
  xml.close();
  xml.leaf("CreatedTime", core::format_iso8601_ms(g.created));
  xml.open("SuspendedProcesses");
  for (const auto& [proc, reason] : g.suspended) {
    xml.open("member").leaf("ProcessName", proc).leaf("SuspensionReason", reason).close();
  }
  xml.close();
  xml.leaf_if("PlacementGroup", g.placement_group);
  xml.leaf("VPCZoneIdentifier", g.vpc_zone_identifier);
  xml.open("EnabledMetrics");
  for (const std::string& m : g.enabled_metrics) {
    xml.open("member").leaf("Metric", m).leaf("Granularity", kMetricsGranularity).close();
  }
  xml.close();
  if (g.deleting) xml.leaf("Status", "Delete in progress");
  xml.open("Tags");
  for (const GroupTag& t : g.tags) {
    xml.open("member");
    xml.leaf("ResourceId", g.name).leaf("ResourceType", "auto-scaling-group");
    xml.leaf("Key", t.key).leaf("Value", t.value).leaf("PropagateAtLaunch", t.propagate_at_launch);
    xml.close();
  }
  xml.close();
  xml.open("TerminationPolicies");
  for (const std::string& tp : g.termination_policies) xml.leaf("member", tp);
  xml.close();
  xml.leaf("NewInstancesProtectedFromScaleIn", g.new_instances_protected);
  xml.leaf("ServiceLinkedRoleARN", g.service_linked_role_arn);
  if (g.max_instance_lifetime) xml.leaf("MaxInstanceLifetime", *g.max_instance_lifetime);
  xml.leaf("CapacityRebalance", g.capacity_rebalance);
  if (g.warm_pool) {
    xml.open("WarmPoolConfiguration");
    if (g.warm_pool->max_group_prepared_capacity) {
      xml.leaf("MaxGroupPreparedCapacity", *g.warm_pool->max_group_prepared_capacity);
    }
    xml.leaf("MinSize", g.warm_pool->min_size);
    xml.leaf("PoolState", g.warm_pool->pool_state);
    if (g.warm_pool->pending_delete) xml.leaf("Status", "PendingDelete");
    xml.open("InstanceReusePolicy").leaf("ReuseOnScaleIn", g.warm_pool->reuse_on_scale_in).close();
    xml.close();
    long long size = 0;
    for (const Member& m : g.members) size += m.warm ? 1 : 0;
    xml.leaf("WarmPoolSize", size);
  }
  xml.leaf_if("Context", g.context);
  xml.leaf_if("DesiredCapacityType", g.desired_capacity_type);
  if (g.default_instance_warmup) xml.leaf("DefaultInstanceWarmup", *g.default_instance_warmup);
  xml.open("TrafficSources");
  for (const std::string& lb : g.load_balancers) {
    xml.open("member").leaf("Identifier", lb).leaf("Type", "elb").close();
  }
  for (const std::string& tg : g.target_groups) {
    xml.open("member").leaf("Identifier", tg).leaf("Type", "elbv2").close();
  }
  xml.close();
}

HttpResponse describe_groups(AsgCall& call) {
  const std::vector<std::string> names = call.params.list("AutoScalingGroupNames.member");
  const std::vector<QueryParams> filters = call.params.structs("Filters.member");
  std::vector<Group> groups = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<Group> out;
    for (const auto& [name, g] : part.groups) {
      if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
      bool ok = true;
      for (const QueryParams& f : filters) ok = ok && tag_filter_matches(g, f);
      if (ok) out.push_back(g);
    }
    return out;
  });
  const Page page = page_of(call.params, groups.size(), 50, 100);
  XmlWriter xml = call.begin();
  xml.open("AutoScalingGroups");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    xml.open("member");
    write_group(xml, groups[i]);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

// --- metrics collection ------------------------------------------------------------------------

HttpResponse enable_metrics_collection(AsgCall& call) {
  const std::string name = call.required("AutoScalingGroupName");
  const std::string granularity = call.required("Granularity");
  const std::vector<std::string> metrics = call.params.list("Metrics.member");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.enable_metrics_collection(part, name, metrics, granularity);
  });
  return call.empty();
}

HttpResponse disable_metrics_collection(AsgCall& call) {
  const std::string name = call.required("AutoScalingGroupName");
  const std::vector<std::string> metrics = call.params.list("Metrics.member");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.disable_metrics_collection(part, name, metrics);
  });
  return call.empty();
}

HttpResponse describe_metric_collection_types(AsgCall& call) {
  XmlWriter xml = call.begin();
  xml.open("Metrics");
  for (const std::string& m : group_metric_names()) xml.open("member").leaf("Metric", m).close();
  xml.close();
  xml.open("Granularities");
  xml.open("member").leaf("Granularity", kMetricsGranularity).close();
  xml.close();
  return call.finish(xml);
}

}  // namespace

GroupSettings decode_group_settings(const QueryParams& p) {
  return decode_settings(p);
}

void write_mixed_policy(XmlWriter& xml, const MixedPolicy& policy) {
  xml.open("MixedInstancesPolicy").open("LaunchTemplate");
  write_template_ref(xml, "LaunchTemplateSpecification", policy.launch_template);
  xml.open("Overrides");
  for (const LaunchOverride& o : policy.overrides) {
    xml.open("member").leaf_if("InstanceType", o.instance_type);
    if (o.requirements) write_requirements(xml, *o.requirements);
    if (o.launch_template)
      write_template_ref(xml, "LaunchTemplateSpecification", *o.launch_template);
    xml.leaf_if("WeightedCapacity", o.weighted_capacity);
    xml.close();
  }
  xml.close().close();
  const InstancesDistribution& d = policy.distribution;
  xml.open("InstancesDistribution");
  xml.leaf("OnDemandAllocationStrategy", d.on_demand_allocation_strategy);
  xml.leaf("OnDemandBaseCapacity", d.on_demand_base_capacity);
  xml.leaf("OnDemandPercentageAboveBaseCapacity", d.on_demand_percentage_above_base);
  xml.leaf("SpotAllocationStrategy", d.spot_allocation_strategy);
  // SpotInstancePools only means something to lowest-price, and AWS describes it only then.
  if (d.spot_allocation_strategy == "lowest-price") {
    xml.leaf("SpotInstancePools", d.spot_instance_pools);
  }
  xml.leaf_if("SpotMaxPrice", d.spot_max_price);
  xml.close().close();
}

void register_group_actions(AsgActionTable& t) {
  t["CreateLaunchConfiguration"] = create_launch_configuration;
  t["DescribeLaunchConfigurations"] = describe_launch_configurations;
  t["DeleteLaunchConfiguration"] = delete_launch_configuration;
  t["CreateAutoScalingGroup"] = create_group;
  t["UpdateAutoScalingGroup"] = update_group;
  t["DeleteAutoScalingGroup"] = delete_group;
  t["DescribeAutoScalingGroups"] = describe_groups;
  t["SetDesiredCapacity"] = set_desired_capacity;
  t["EnableMetricsCollection"] = enable_metrics_collection;
  t["DisableMetricsCollection"] = disable_metrics_collection;
  t["DescribeMetricCollectionTypes"] = describe_metric_collection_types;
}

}  // namespace cloudlife::autoscaling::api
