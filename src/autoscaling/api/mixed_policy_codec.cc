// MixedInstancesPolicy and launch template references on the Auto Scaling wire (the contract is
// in mixed_policy_codec.h).
#include "autoscaling/api/mixed_policy_codec.h"

#include "protocol/aws_errors.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;

// A Min/Max *Request structure of InstanceRequirements as given.
template <class Range, class Given>
Range mixed_range_of(const Given& given) {
  return Range{given.min, given.max};
}

template <class Range, class Given>
std::optional<Range> mixed_range_of(const std::optional<Given>& given) {
  if (!given) return std::nullopt;
  return mixed_range_of<Range>(*given);
}

// LaunchTemplateOverrides.InstanceRequirements, every member the model layer knows.
ec2::InstanceRequirements mixed_requirements_of(const wire::InstanceRequirements& q) {
  ec2::InstanceRequirements r;
  r.vcpu_count = mixed_range_of<ec2::IntRange>(q.v_cpu_count);
  r.memory_mib = mixed_range_of<ec2::IntRange>(q.memory_mi_b);
  r.cpu_manufacturers = q.cpu_manufacturers;
  r.memory_gib_per_vcpu = mixed_range_of<ec2::DoubleRange>(q.memory_gi_b_per_v_cpu);
  r.excluded_instance_types = q.excluded_instance_types;
  r.instance_generations = q.instance_generations;
  r.spot_max_price_percentage_over_lowest_price = q.spot_max_price_percentage_over_lowest_price;
  r.on_demand_max_price_percentage_over_lowest_price =
      q.on_demand_max_price_percentage_over_lowest_price;
  r.bare_metal = q.bare_metal;
  r.burstable_performance = q.burstable_performance;
  r.require_hibernate_support = q.require_hibernate_support;
  r.network_interface_count = mixed_range_of<ec2::IntRange>(q.network_interface_count);
  r.local_storage = q.local_storage;
  r.local_storage_types = q.local_storage_types;
  r.total_local_storage_gb = mixed_range_of<ec2::DoubleRange>(q.total_local_storage_gb);
  r.baseline_ebs_bandwidth_mbps = mixed_range_of<ec2::IntRange>(q.baseline_ebs_bandwidth_mbps);
  r.accelerator_types = q.accelerator_types;
  r.accelerator_count = mixed_range_of<ec2::IntRange>(q.accelerator_count);
  r.accelerator_manufacturers = q.accelerator_manufacturers;
  r.accelerator_names = q.accelerator_names;
  r.accelerator_total_memory_mib = mixed_range_of<ec2::IntRange>(q.accelerator_total_memory_mi_b);
  r.network_bandwidth_gbps = mixed_range_of<ec2::DoubleRange>(q.network_bandwidth_gbps);
  r.allowed_instance_types = q.allowed_instance_types;
  // Members the matcher does not model are refused by name, never dropped (docs/supported.md).
  if (q.max_spot_price_as_percentage_of_optimal_on_demand_price) {
    throw protocol::aws_error(
        "ValidationError", {"InstanceRequirements.MaxSpotPriceAsPercentageOfOptimalOnDemandPrice "
                            "is not supported by cloudlife."});
  }
  if (q.baseline_performance_factors) {
    throw protocol::aws_error("ValidationError",
                              {"InstanceRequirements.BaselinePerformanceFactors is not supported "
                               "by cloudlife."});
  }
  return r;
}

LaunchOverride mixed_override_of(const wire::LaunchTemplateOverrides& o) {
  LaunchOverride ov;
  ov.instance_type = o.instance_type.value_or("");
  if (o.instance_requirements) ov.requirements = mixed_requirements_of(*o.instance_requirements);
  ov.weighted_capacity = o.weighted_capacity.value_or("");
  if (o.launch_template_specification) {
    ov.launch_template = template_ref_of(o.launch_template_specification);
  }
  return ov;
}

// The InstancesDistribution members given, over the model's defaults; each given member's name
// goes into `given` (UpdateAutoScalingGroup changes only those).
InstancesDistribution mixed_distribution_of(const std::optional<wire::InstancesDistribution>& in,
                                            std::set<std::string>& given) {
  InstancesDistribution d;
  if (!in) return d;
  if (in->on_demand_allocation_strategy) {
    d.on_demand_allocation_strategy = *in->on_demand_allocation_strategy;
    given.insert("OnDemandAllocationStrategy");
  }
  if (in->on_demand_base_capacity) {
    d.on_demand_base_capacity = *in->on_demand_base_capacity;
    given.insert("OnDemandBaseCapacity");
  }
  if (in->on_demand_percentage_above_base_capacity) {
    d.on_demand_percentage_above_base = *in->on_demand_percentage_above_base_capacity;
    given.insert("OnDemandPercentageAboveBaseCapacity");
  }
  if (in->spot_allocation_strategy) {
    d.spot_allocation_strategy = *in->spot_allocation_strategy;
    given.insert("SpotAllocationStrategy");
  }
  if (in->spot_instance_pools) {
    d.spot_instance_pools = *in->spot_instance_pools;
    given.insert("SpotInstancePools");
  }
  if (in->spot_max_price) {
    d.spot_max_price = *in->spot_max_price;
    given.insert("SpotMaxPrice");
  }
  return d;
}

template <class Writer, class Range>
void put_mixed_range(Writer& w, const Range& r) {
  if (r.min) w.min(*r.min);
  if (r.max) w.max(*r.max);
}

// InstanceRequirements as given (members never given are not described).
void put_mixed_requirements(wire::InstanceRequirementsWriter& w,
                            const ec2::InstanceRequirements& r) {
  auto range = [](const auto& given) { return [&given](auto& x) { put_mixed_range(x, *given); }; };
  if (r.vcpu_count) w.v_cpu_count(range(r.vcpu_count));
  if (r.memory_mib) w.memory_mi_b(range(r.memory_mib));
  if (!r.cpu_manufacturers.empty()) w.cpu_manufacturers(r.cpu_manufacturers);
  if (r.memory_gib_per_vcpu) w.memory_gi_b_per_v_cpu(range(r.memory_gib_per_vcpu));
  if (!r.excluded_instance_types.empty()) w.excluded_instance_types(r.excluded_instance_types);
  if (!r.instance_generations.empty()) w.instance_generations(r.instance_generations);
  if (r.spot_max_price_percentage_over_lowest_price) {
    w.spot_max_price_percentage_over_lowest_price(*r.spot_max_price_percentage_over_lowest_price);
  }
  if (r.on_demand_max_price_percentage_over_lowest_price) {
    w.on_demand_max_price_percentage_over_lowest_price(
        *r.on_demand_max_price_percentage_over_lowest_price);
  }
  if (r.bare_metal) w.bare_metal(*r.bare_metal);
  if (r.burstable_performance) w.burstable_performance(*r.burstable_performance);
  if (r.require_hibernate_support) w.require_hibernate_support(*r.require_hibernate_support);
  if (r.network_interface_count) w.network_interface_count(range(r.network_interface_count));
  if (r.local_storage) w.local_storage(*r.local_storage);
  if (!r.local_storage_types.empty()) w.local_storage_types(r.local_storage_types);
  if (r.total_local_storage_gb) w.total_local_storage_gb(range(r.total_local_storage_gb));
  if (r.baseline_ebs_bandwidth_mbps) {
    w.baseline_ebs_bandwidth_mbps(range(r.baseline_ebs_bandwidth_mbps));
  }
  if (!r.accelerator_types.empty()) w.accelerator_types(r.accelerator_types);
  if (r.accelerator_count) w.accelerator_count(range(r.accelerator_count));
  if (!r.accelerator_manufacturers.empty())
    w.accelerator_manufacturers(r.accelerator_manufacturers);
  if (!r.accelerator_names.empty()) w.accelerator_names(r.accelerator_names);
  if (r.accelerator_total_memory_mib) {
    w.accelerator_total_memory_mi_b(range(r.accelerator_total_memory_mib));
  }
  if (r.network_bandwidth_gbps) w.network_bandwidth_gbps(range(r.network_bandwidth_gbps));
  if (!r.allowed_instance_types.empty()) w.allowed_instance_types(r.allowed_instance_types);
}

void put_mixed_override(wire::LaunchTemplateOverridesWriter& w, const LaunchOverride& o) {
  if (!o.instance_type.empty()) w.instance_type(o.instance_type);
  if (o.requirements) {
    w.instance_requirements(
        [&](wire::InstanceRequirementsWriter& r) { put_mixed_requirements(r, *o.requirements); });
  }
  if (o.launch_template) {
    w.launch_template_specification([&](wire::LaunchTemplateSpecificationWriter& t) {
      put_template_ref(t, *o.launch_template);
    });
  }
  if (!o.weighted_capacity.empty()) w.weighted_capacity(o.weighted_capacity);
}

}  // namespace

TemplateRef template_ref_of(const std::optional<wire::LaunchTemplateSpecification>& spec) {
  TemplateRef ref;
  if (!spec) return ref;
  ref.id = spec->launch_template_id.value_or("");
  ref.name = spec->launch_template_name.value_or("");
  ref.version = spec->version.value_or("");
  return ref;
}

void put_template_ref(wire::LaunchTemplateSpecificationWriter& w, const TemplateRef& ref) {
  if (!ref.id.empty()) w.launch_template_id(ref.id);
  if (!ref.name.empty()) w.launch_template_name(ref.name);
  if (!ref.version.empty()) w.version(ref.version);
}

void apply_mixed_policy(const wire::MixedInstancesPolicy& policy, GroupSettings& s) {
  if (s.launch_template) {
    throw protocol::aws_error(
        "ValidationError",
        {"Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId "
         "or MixedInstancesPolicy parameter."});
  }
  // LaunchTemplate is required to create a policy, not to update one (UpdateAutoScalingGroup
  // may change only the InstancesDistribution of a mixed instances group).
  if (policy.launch_template) {
    s.launch_template = template_ref_of(policy.launch_template->launch_template_specification);
    for (const wire::LaunchTemplateOverrides& o : policy.launch_template->overrides) {
      s.overrides.push_back(mixed_override_of(o));
    }
  }
  s.mixed_instances = true;
  s.distribution = mixed_distribution_of(policy.instances_distribution, s.distribution_fields);
}

void put_mixed_policy(wire::MixedInstancesPolicyWriter& w, const MixedPolicy& policy) {
  w.launch_template([&](wire::LaunchTemplateWriter& lt) {
    lt.launch_template_specification([&](wire::LaunchTemplateSpecificationWriter& t) {
      put_template_ref(t, policy.launch_template);
    });
    lt.overrides(policy.overrides, put_mixed_override);
  });
  const InstancesDistribution& d = policy.distribution;
  w.instances_distribution([&](wire::InstancesDistributionWriter& x) {
    x.on_demand_allocation_strategy(d.on_demand_allocation_strategy)
        .on_demand_base_capacity(d.on_demand_base_capacity)
        .on_demand_percentage_above_base_capacity(d.on_demand_percentage_above_base)
        .spot_allocation_strategy(d.spot_allocation_strategy);
    // SpotInstancePools only means something to lowest-price, and AWS describes it only then.
    if (d.spot_allocation_strategy == "lowest-price") x.spot_instance_pools(d.spot_instance_pools);
    if (!d.spot_max_price.empty()) x.spot_max_price(d.spot_max_price);
  });
}

}  // namespace cloudlife::autoscaling::api
