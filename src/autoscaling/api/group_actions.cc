// Launch configurations and groups: Create/Describe/Delete LaunchConfiguration(s),
// Create/Update/Delete/DescribeAutoScalingGroup(s), SetDesiredCapacity, Enable/Disable
// MetricsCollection, DescribeMetricCollectionTypes (decoded and encoded by the generated codec:
// codegen/autoscaling/groups_policies.ops; MixedInstancesPolicy in mixed_policy_codec.h).
#include <algorithm>
#include <type_traits>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/api/mixed_policy_codec.h"
#include "autoscaling/group_metrics.h"
#include "autoscaling/group_options.h"
#include "autoscaling/traffic_source_type.h"
#include "autoscaling_codec.h"
#include "protocol/aws_errors.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// DescribeAutoScalingGroups / DescribeLaunchConfigurations: MaxRecords 1-100, 50 by default.
constexpr protocol::PageRule kGroupDescribePages{
    protocol::PageStyle::kQuery, "maxRecords", 50, 1, 100, "InvalidNextToken", "NextToken"};

template <class T>
std::optional<long long> group_opt_int(const T& v) {
  if constexpr (std::is_integral_v<T>) {
    return static_cast<long long>(v);
  } else {
    return v ? std::optional<long long>(*v) : std::nullopt;
  }
}

std::vector<GroupTag> group_tags_of(const std::vector<wire::Tag>& given) {
  std::vector<GroupTag> tags;
  for (const wire::Tag& t : given) {
    tags.push_back(GroupTag{t.key, t.value.value_or(""), t.propagate_at_launch.value_or(false)});
  }
  return tags;
}

std::vector<LifecycleHook> group_hooks_of(
    const std::vector<wire::LifecycleHookSpecification>& given) {
  std::vector<LifecycleHook> hooks;
  for (const wire::LifecycleHookSpecification& h : given) {
    LifecycleHook hook;
    hook.name = h.lifecycle_hook_name;
    hook.transition = h.lifecycle_transition;
    hook.notification_metadata = h.notification_metadata.value_or("");
    hook.heartbeat_timeout = h.heartbeat_timeout.value_or(3600);
    hook.default_result = h.default_result.value_or("ABANDON");
    hook.notification_target_arn = h.notification_target_arn.value_or("");
    hook.role_arn = h.role_arn.value_or("");
    hooks.push_back(std::move(hook));
  }
  return hooks;
}

void refuse_group_member(const char* member) {
  throw protocol::aws_error(
      "ValidationError",
      {std::string(member) + " is not supported by cloudlife (docs/supported.md, "
                             "\"Parameters refused rather than ignored\")."});
}

// Members of Create/UpdateAutoScalingGroup cloudlife has no model for: zonal shift, Capacity
// Reservations, instance retention and group operators are refused, never dropped.
template <class Request>
void refuse_unmodelled_group_members(const Request& q) {
  if (q.availability_zone_impairment_policy)
    refuse_group_member("AvailabilityZoneImpairmentPolicy");
  if (q.skip_zonal_shift_validation.value_or(false))
    refuse_group_member("SkipZonalShiftValidation");
  if (q.capacity_reservation_specification) refuse_group_member("CapacityReservationSpecification");
  if (q.instance_lifecycle_policy) refuse_group_member("InstanceLifecyclePolicy");
  if constexpr (std::is_same_v<Request, wire::CreateAutoScalingGroupType>) {
    if (q.operator_) refuse_group_member("Operator");
  }
}

// The settings of CreateAutoScalingGroup / UpdateAutoScalingGroup as given (Update's request
// lacks the members only a new group takes: InstanceId, load balancers, tags, hooks …).
template <class Request>
GroupSettings group_settings_of(const Request& q) {
  GroupSettings s;
  if (q.launch_configuration_name && !q.launch_configuration_name->empty()) {
    s.launch_configuration = q.launch_configuration_name;
  }
  if (q.launch_template) s.launch_template = template_ref_of(q.launch_template);
  if (q.mixed_instances_policy) apply_mixed_policy(*q.mixed_instances_policy, s);
  s.context = q.context;
  s.desired_capacity_type = q.desired_capacity_type;
  s.min_size = group_opt_int(q.min_size);
  s.max_size = group_opt_int(q.max_size);
  s.desired = group_opt_int(q.desired_capacity);
  s.default_cooldown = group_opt_int(q.default_cooldown);
  // An empty list ("AvailabilityZones=") is as good as none to the model.
  if (!q.availability_zones.empty()) s.zones = q.availability_zones;
  s.vpc_zone_identifier = q.vpc_zone_identifier;
  s.health_check_type = q.health_check_type;
  s.health_check_grace_period = group_opt_int(q.health_check_grace_period);
  if (!q.termination_policies.empty()) s.termination_policies = q.termination_policies;
  s.new_instances_protected = q.new_instances_protected_from_scale_in;
  s.capacity_rebalance = q.capacity_rebalance;
  s.max_instance_lifetime = group_opt_int(q.max_instance_lifetime);
  s.default_instance_warmup = group_opt_int(q.default_instance_warmup);
  s.placement_group = q.placement_group;
  s.service_linked_role_arn = q.service_linked_role_arn;
  if (!q.availability_zone_ids.empty()) s.zone_ids = q.availability_zone_ids;
  s.deletion_protection = q.deletion_protection;
  if (const auto& m = q.instance_maintenance_policy) {
    s.maintenance = MaintenancePolicy{m->min_healthy_percentage, m->max_healthy_percentage};
  }
  if (const auto& d = q.availability_zone_distribution) {
    s.capacity_distribution = d->capacity_distribution_strategy.value_or(kBalancedBestEffort);
  }
  refuse_unmodelled_group_members(q);
  if constexpr (std::is_same_v<Request, wire::CreateAutoScalingGroupType>) {
    if (q.instance_id && !q.instance_id->empty()) s.from_instance_id = q.instance_id;
    s.load_balancers = q.load_balancer_names;
    s.target_groups = q.target_group_ar_ns;
    for (const wire::TrafficSourceIdentifier& ts : q.traffic_sources) {
      if (traffic_source_kind(ts.identifier, ts.type) == TrafficSourceKind::kTargetGroup) {
        s.target_groups.push_back(ts.identifier);
      } else {
        s.load_balancers.push_back(ts.identifier);
      }
    }
    s.tags = group_tags_of(q.tags);
    s.hooks = group_hooks_of(q.lifecycle_hook_specification_list);
  }
  return s;
}

// --- launch configurations ---------------------------------------------------------------------

ec2::BlockDeviceSpec lc_block_device_of(const wire::BlockDeviceMapping& b) {
  ec2::BlockDeviceSpec bd;
  bd.device_name = b.device_name;
  bd.virtual_name = b.virtual_name.value_or("");
  bd.no_device = b.no_device.value_or(false);
  if (b.ebs) {
    ec2::EbsSpec ebs;
    if (b.ebs->volume_size) ebs.volume_size = static_cast<int>(*b.ebs->volume_size);
    ebs.volume_type = b.ebs->volume_type;
    ebs.delete_on_termination = b.ebs->delete_on_termination;
    ebs.encrypted = b.ebs->encrypted;
    ebs.snapshot_id = b.ebs->snapshot_id;
    if (b.ebs->iops) ebs.iops = static_cast<int>(*b.ebs->iops);
    if (b.ebs->throughput) ebs.throughput = static_cast<int>(*b.ebs->throughput);
    bd.ebs = ebs;
  }
  return bd;
}

HttpResponse create_launch_configuration(AsgCall& call) {
  const auto req = wire::CreateLaunchConfigurationRequest::decode(call.params);
  LaunchConfiguration lc;
  lc.name = req.launch_configuration_name;
  lc.image_id = req.image_id.value_or("");
  lc.instance_type = req.instance_type.value_or("");
  lc.key_name = req.key_name.value_or("");
  lc.security_groups = req.security_groups;
  lc.user_data = req.user_data.value_or("");
  lc.iam_instance_profile = req.iam_instance_profile.value_or("");
  lc.associate_public_ip = req.associate_public_ip_address;
  lc.ebs_optimized = req.ebs_optimized;
  lc.instance_monitoring =
      req.instance_monitoring ? req.instance_monitoring->enabled.value_or(true) : true;
  lc.spot_price = req.spot_price.value_or("");
  lc.placement_tenancy = req.placement_tenancy.value_or("");
  for (const wire::BlockDeviceMapping& b : req.block_device_mappings) {
    lc.block_devices.push_back(lc_block_device_of(b));
  }
  lc.kernel_id = req.kernel_id.value_or("");
  lc.ramdisk_id = req.ramdisk_id.value_or("");
  if (const auto& m = req.metadata_options) {
    lc.metadata_options = MetadataOptions{
        m->http_tokens, group_opt_int(m->http_put_response_hop_limit), m->http_endpoint};
  }
  if (req.classic_link_vpc_id || !req.classic_link_vpc_security_groups.empty()) {
    // EC2-Classic and ClassicLink are retired; no VPC can be linked any more.
    throw protocol::aws_error("ValidationError",
                              {"ClassicLink is not supported: EC2-Classic has been retired. Remove "
                               "ClassicLinkVPCId and ClassicLinkVPCSecurityGroups."});
  }
  const std::string from_instance = req.instance_id.value_or("");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.create_launch_configuration(part, lc, from_instance, now);
  });
  return wire::CreateLaunchConfigurationResponse(call.ctx.request_id).finish();
}

void put_lc_block_device(wire::BlockDeviceMappingWriter& w, const ec2::BlockDeviceSpec& bd) {
  if (!bd.virtual_name.empty()) w.virtual_name(bd.virtual_name);
  w.device_name(bd.device_name);
  if (const auto& ebs = bd.ebs) {
    w.ebs([&](wire::EbsWriter& e) {
      if (ebs->snapshot_id) e.snapshot_id(*ebs->snapshot_id);
      if (ebs->volume_size) e.volume_size(*ebs->volume_size);
      if (ebs->volume_type) e.volume_type(*ebs->volume_type);
      if (ebs->delete_on_termination) e.delete_on_termination(*ebs->delete_on_termination);
      if (ebs->encrypted) e.encrypted(*ebs->encrypted);
      if (ebs->iops) e.iops(*ebs->iops);
      if (ebs->throughput) e.throughput(*ebs->throughput);
    });
  }
  if (bd.no_device) w.no_device(true);
}

void put_launch_configuration(wire::LaunchConfigurationWriter& w, const LaunchConfiguration& lc) {
  w.launch_configuration_name(lc.name)
      .launch_configuration_arn(lc.arn)
      .image_id(lc.image_id)
      .key_name(lc.key_name)
      .security_groups(lc.security_groups)
      .classic_link_vpc_security_groups([](auto&) {})
      .user_data(lc.user_data)
      .instance_type(lc.instance_type)
      .kernel_id(lc.kernel_id)
      .ramdisk_id(lc.ramdisk_id)
      .block_device_mappings(lc.block_devices, put_lc_block_device)
      .instance_monitoring(
          [&](wire::InstanceMonitoringWriter& m) { m.enabled(lc.instance_monitoring); });
  if (!lc.spot_price.empty()) w.spot_price(lc.spot_price);
  if (!lc.iam_instance_profile.empty()) w.iam_instance_profile(lc.iam_instance_profile);
  w.created_time(lc.created).ebs_optimized(lc.ebs_optimized.value_or(false));
  if (lc.associate_public_ip) w.associate_public_ip_address(*lc.associate_public_ip);
  if (!lc.placement_tenancy.empty()) w.placement_tenancy(lc.placement_tenancy);
  if (const auto& m = lc.metadata_options) {
    w.metadata_options([&](wire::InstanceMetadataOptionsWriter& o) {
      if (m->http_tokens) o.http_tokens(*m->http_tokens);
      if (m->hop_limit) o.http_put_response_hop_limit(*m->hop_limit);
      if (m->endpoint) o.http_endpoint(*m->endpoint);
    });
  }
}

HttpResponse describe_launch_configurations(AsgCall& call) {
  const auto req = wire::DescribeLaunchConfigurationsRequest::decode(call.params);
  const std::vector<std::string>& names = req.launch_configuration_names;
  std::vector<LaunchConfiguration> lcs = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<LaunchConfiguration> out;
    for (const auto& [name, lc] : part.launch_configurations) {
      if (names.empty() || std::find(names.begin(), names.end(), name) != names.end()) {
        out.push_back(lc);
      }
    }
    return out;
  });
  const protocol::Page page =
      protocol::aws_page(kGroupDescribePages, req.max_records, req.next_token, lcs.size());
  wire::DescribeLaunchConfigurationsResponse out(call.ctx.request_id);
  out.launch_configurations([&](auto& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::LaunchConfigurationWriter& w) { put_launch_configuration(w, lcs[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

HttpResponse delete_launch_configuration(AsgCall& call) {
  const auto req = wire::DeleteLaunchConfigurationRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.delete_launch_configuration(part, req.launch_configuration_name);
  });
  return wire::DeleteLaunchConfigurationResponse(call.ctx.request_id).finish();
}

// --- groups ------------------------------------------------------------------------------------

HttpResponse create_group(AsgCall& call) {
  const auto req = wire::CreateAutoScalingGroupRequest::decode(call.params);
  const GroupSettings s = group_settings_of(req);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.create_group(part, req.auto_scaling_group_name, s, now);
  });
  return wire::CreateAutoScalingGroupResponse(call.ctx.request_id).finish();
}

HttpResponse update_group(AsgCall& call) {
  const auto req = wire::UpdateAutoScalingGroupRequest::decode(call.params);
  const GroupSettings s = group_settings_of(req);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.update_group(part, req.auto_scaling_group_name, s, now);
  });
  return wire::UpdateAutoScalingGroupResponse(call.ctx.request_id).finish();
}

HttpResponse delete_group(AsgCall& call) {
  const auto req = wire::DeleteAutoScalingGroupRequest::decode(call.params);
  const bool force = req.force_delete.value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.delete_group(part, req.auto_scaling_group_name, force, now);
  });
  return wire::DeleteAutoScalingGroupResponse(call.ctx.request_id).finish();
}

HttpResponse set_desired_capacity(AsgCall& call) {
  const auto req = wire::SetDesiredCapacityRequest::decode(call.params);
  const bool honor = req.honor_cooldown.value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.set_desired_capacity(part, req.auto_scaling_group_name, req.desired_capacity, honor,
                                    now);
  });
  return wire::SetDesiredCapacityResponse(call.ctx.request_id).finish();
}

bool group_tag_filter_matches(const Group& g, const wire::Filter& f) {
  const std::string name = f.name.value_or("");
  auto any_value = [&](const std::string& v) {
    return std::find(f.values.begin(), f.values.end(), v) != f.values.end();
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
  throw protocol::aws_error("ValidationError",
                            {"Filter type " + name +
                             " is not correct. Allowed "
                             "Filter types are: tag-key, tag-value and tag:<key>"});
}

void put_group_instance(wire::InstanceWriter& w, const Member& m, const std::string& region) {
  w.instance_id(m.instance_id)
      .instance_type(m.instance_type)
      .availability_zone(m.zone)
      .availability_zone_id(zone_id_for(region, m.zone))
      .lifecycle_state(m.state)
      .health_status(m.health);
  if (!m.launch_configuration.empty()) w.launch_configuration_name(m.launch_configuration);
  if (m.launch_template) {
    w.launch_template([&](wire::LaunchTemplateSpecificationWriter& t) {
      put_template_ref(t, *m.launch_template);
    });
  }
  w.protected_from_scale_in(m.protected_from_scale_in);
  if (!m.weighted_capacity.empty()) w.weighted_capacity(m.weighted_capacity);
}

void put_group_options(wire::AutoScalingGroupWriter& w, const Group& g) {
  if (const auto& m = g.maintenance) {
    w.instance_maintenance_policy([&](wire::InstanceMaintenancePolicyWriter& x) {
      if (m->min_healthy) x.min_healthy_percentage(*m->min_healthy);
      if (m->max_healthy) x.max_healthy_percentage(*m->max_healthy);
    });
  }
  w.deletion_protection(g.deletion_protection);
  w.availability_zone_distribution([&](wire::AvailabilityZoneDistributionWriter& x) {
    x.capacity_distribution_strategy(g.capacity_distribution);
  });
}

void put_group_warm_pool(wire::AutoScalingGroupWriter& w, const Group& g) {
  const WarmPool& pool = *g.warm_pool;
  w.warm_pool_configuration([&](wire::WarmPoolConfigurationWriter& c) {
    if (pool.max_group_prepared_capacity) {
      c.max_group_prepared_capacity(*pool.max_group_prepared_capacity);
    }
    c.min_size(pool.min_size).pool_state(pool.pool_state);
    if (pool.pending_delete) c.status("PendingDelete");
    c.instance_reuse_policy(
        [&](wire::InstanceReusePolicyWriter& r) { r.reuse_on_scale_in(pool.reuse_on_scale_in); });
  });
  long long size = 0;
  for (const Member& m : g.members) size += m.warm ? 1 : 0;
  w.warm_pool_size(size);
}

// DescribeAutoScalingGroups IncludeInstances false leaves the Instances member out.
void put_group(wire::AutoScalingGroupWriter& w, const Group& g, const std::string& region,
               bool include_instances) {
  w.auto_scaling_group_name(g.name).auto_scaling_group_arn(g.arn);
  if (!g.launch_configuration.empty()) w.launch_configuration_name(g.launch_configuration);
  if (g.launch_template && !g.mixed_instances) {
    w.launch_template([&](wire::LaunchTemplateSpecificationWriter& t) {
      put_template_ref(t, *g.launch_template);
    });
  }
  if (g.launch_template && g.mixed_instances) {
    w.mixed_instances_policy([&](wire::MixedInstancesPolicyWriter& p) {
      put_mixed_policy(p, MixedPolicy{*g.launch_template, g.overrides, g.distribution});
    });
  }
  w.min_size(g.min_size)
      .max_size(g.max_size)
      .desired_capacity(g.desired)
      .default_cooldown(g.default_cooldown)
      .availability_zones(g.zones)
      .availability_zone_ids(zone_ids_for(region, g.zones))
      .load_balancer_names(g.load_balancers)
      .target_group_ar_ns(g.target_groups)
      .health_check_type(g.health_check_type)
      .health_check_grace_period(g.health_check_grace_period);
  if (include_instances) {
    w.instances([&](auto& list) {
      for (const Member& m : g.members) {
        if (!m.warm) list.item([&](wire::InstanceWriter& x) { put_group_instance(x, m, region); });
      }
    });
  }
  w.created_time(g.created);
  w.suspended_processes(g.suspended, [](wire::SuspendedProcessWriter& x, const auto& entry) {
    x.process_name(entry.first).suspension_reason(entry.second);
  });
  if (!g.placement_group.empty()) w.placement_group(g.placement_group);
  w.vpc_zone_identifier(g.vpc_zone_identifier);
  w.enabled_metrics(g.enabled_metrics, [](wire::EnabledMetricWriter& x, const std::string& m) {
    x.metric(m).granularity(kMetricsGranularity);
  });
  if (g.deleting) w.status("Delete in progress");
  w.tags(g.tags, [&](wire::TagDescriptionWriter& x, const GroupTag& t) {
    x.resource_id(g.name)
        .resource_type("auto-scaling-group")
        .key(t.key)
        .value(t.value)
        .propagate_at_launch(t.propagate_at_launch);
  });
  w.termination_policies(g.termination_policies)
      .new_instances_protected_from_scale_in(g.new_instances_protected)
      .service_linked_role_arn(g.service_linked_role_arn);
  if (g.max_instance_lifetime) w.max_instance_lifetime(*g.max_instance_lifetime);
  w.capacity_rebalance(g.capacity_rebalance);
  if (g.warm_pool) put_group_warm_pool(w, g);
  if (!g.context.empty()) w.context(g.context);
  if (!g.desired_capacity_type.empty()) w.desired_capacity_type(g.desired_capacity_type);
  if (g.default_instance_warmup) w.default_instance_warmup(*g.default_instance_warmup);
  put_group_options(w, g);
  w.traffic_sources([&](auto& list) {
    for (const std::string& lb : g.load_balancers) {
      list.item([&](wire::TrafficSourceIdentifierWriter& x) { x.identifier(lb).type("elb"); });
    }
    for (const std::string& tg : g.target_groups) {
      list.item([&](wire::TrafficSourceIdentifierWriter& x) { x.identifier(tg).type("elbv2"); });
    }
  });
}

HttpResponse describe_groups(AsgCall& call) {
  const auto req = wire::DescribeAutoScalingGroupsRequest::decode(call.params);
  const std::vector<std::string>& names = req.auto_scaling_group_names;
  const bool include_instances = req.include_instances.value_or(true);
  std::vector<Group> groups = call.run([&](AsgPartition& part, core::TimeMs) {
    std::vector<Group> out;
    for (const auto& [name, g] : part.groups) {
      if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
      bool ok = true;
      for (const wire::Filter& f : req.filters) ok = ok && group_tag_filter_matches(g, f);
      if (ok) out.push_back(g);
    }
    return out;
  });
  const protocol::Page page =
      protocol::aws_page(kGroupDescribePages, req.max_records, req.next_token, groups.size());
  wire::DescribeAutoScalingGroupsResponse out(call.ctx.request_id);
  out.auto_scaling_groups([&](auto& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::AutoScalingGroupWriter& w) {
        put_group(w, groups[i], call.ctx.region, include_instances);
      });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

// --- metrics collection ------------------------------------------------------------------------

HttpResponse enable_metrics_collection(AsgCall& call) {
  const auto req = wire::EnableMetricsCollectionRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.enable_metrics_collection(part, req.auto_scaling_group_name, req.metrics,
                                         req.granularity);
  });
  return wire::EnableMetricsCollectionResponse(call.ctx.request_id).finish();
}

HttpResponse disable_metrics_collection(AsgCall& call) {
  const auto req = wire::DisableMetricsCollectionRequest::decode(call.params);
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.disable_metrics_collection(part, req.auto_scaling_group_name, req.metrics);
  });
  return wire::DisableMetricsCollectionResponse(call.ctx.request_id).finish();
}

HttpResponse describe_metric_collection_types(AsgCall& call) {
  wire::DescribeMetricCollectionTypesResponse out(call.ctx.request_id);
  out.metrics(group_metric_names(),
              [](wire::MetricCollectionTypeWriter& w, const std::string& m) { w.metric(m); });
  out.granularities([](auto& list) {
    list.item([](wire::MetricGranularityTypeWriter& w) { w.granularity(kMetricsGranularity); });
  });
  return out.finish();
}

}  // namespace

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
