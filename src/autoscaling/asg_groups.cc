// Launch configurations, groups (create/update/delete/desired capacity), processes, tags and the
// load balancers attached to groups.
#include <algorithm>
#include <set>

#include "autoscaling/activity_text.h"
#include "autoscaling/asg_model.h"
#include "autoscaling/elb/elb_model.h"
#include "autoscaling/group_metrics.h"
#include "autoscaling/instance_lifetime.h"
#include "autoscaling/launch_overrides.h"
#include "autoscaling/termination_policy.h"
#include "core/ids.h"
#include "ec2/regions.h"

namespace cloudlife::autoscaling {
namespace {

constexpr const char* kAutoScalingRequester = "940372691376";

void check_bounds(long long min, long long max, long long desired) {
  if (min < 0)
    throw validation_error("Min bound, " + std::to_string(min) +
                           ", must be greater than or equal to 0");
  if (min > max) {
    throw validation_error("Max bound, " + std::to_string(max) +
                           ", must be greater than or equal to min bound, " + std::to_string(min));
  }
  if (desired < min || desired > max) {
    throw validation_error("Desired capacity:" + std::to_string(desired) +
                           " must be between the specified min size:" + std::to_string(min) +
                           " and max size:" + std::to_string(max));
  }
}

TemplateRef completed(ec2::Ec2Partition& ep, TemplateRef r) {
  if (r.id.empty()) {
    if (const ec2::LaunchTemplate* lt = ep.find_template_by_name(r.name)) r.id = lt->id;
  } else if (auto it = ep.launch_templates.find(r.id); it != ep.launch_templates.end()) {
    r.name = it->second.name;
  }
  return r;  // Version stays as given: none means $Default at launch, and none is described
}

// The overrides as given, with each WeightedCapacity parsed (validate_overrides() ran first).
std::vector<LaunchOverride> with_weights(std::vector<LaunchOverride> overrides) {
  for (LaunchOverride& o : overrides) {
    if (!o.weighted_capacity.empty()) o.weight = parse_weight(o.weighted_capacity);
  }
  return overrides;
}

// UpdateAutoScalingGroup changes only the InstancesDistribution members the caller gave.
InstancesDistribution merged_distribution(InstancesDistribution current, const GroupSettings& s) {
  if (!s.distribution) return current;
  const InstancesDistribution& d = *s.distribution;
  auto given = [&](const char* field) { return s.distribution_fields.contains(field); };
  if (given("OnDemandAllocationStrategy")) {
    current.on_demand_allocation_strategy = d.on_demand_allocation_strategy;
  }
  if (given("OnDemandBaseCapacity")) current.on_demand_base_capacity = d.on_demand_base_capacity;
  if (given("OnDemandPercentageAboveBaseCapacity")) {
    current.on_demand_percentage_above_base = d.on_demand_percentage_above_base;
  }
  if (given("SpotAllocationStrategy"))
    current.spot_allocation_strategy = d.spot_allocation_strategy;
  if (given("SpotInstancePools")) current.spot_instance_pools = d.spot_instance_pools;
  if (given("SpotMaxPrice")) current.spot_max_price = d.spot_max_price;
  return current;
}

// New weights apply to the members of those instance types; a member whose type left the overrides
// keeps its last weight (the User Guide, "Configure an Auto Scaling group to use instance
// weights").
void reweigh_members(Group& g) {
  for (Member& m : g.members) {
    for (const LaunchOverride& o : g.overrides) {
      if (o.instance_type == m.instance_type) {
        m.weight = o.weight;
        m.weighted_capacity = o.weighted_capacity;
        break;
      }
    }
  }
}

}  // namespace

Group& AsgModel::require_group(AsgPartition& p, const std::string& name) {
  Group* g = p.find_group(name);
  if (!g || g->deleting) {
    throw validation_error("AutoScalingGroup name not found - AutoScalingGroup " + name +
                           " not found");
  }
  return *g;
}

// --- launch configurations -------------------------------------------------------------------

namespace {

// The enum and range constraints of InstanceMetadataOptions (botocore's model), worded as AWS's
// request validation words them.
void validate_metadata_options(const MetadataOptions& m) {
  if (m.http_tokens && *m.http_tokens != "optional" && *m.http_tokens != "required") {
    throw validation_error("1 validation error detected: Value '" + *m.http_tokens +
                           "' at 'metadataOptions.httpTokens' failed to satisfy constraint: "
                           "Member must satisfy enum value set: [optional, required]");
  }
  if (m.hop_limit && (*m.hop_limit < 1 || *m.hop_limit > 64)) {
    throw validation_error("1 validation error detected: Value '" + std::to_string(*m.hop_limit) +
                           "' at 'metadataOptions.httpPutResponseHopLimit' failed to satisfy "
                           "constraint: Member must have value between 1 and 64");
  }
  if (m.endpoint && *m.endpoint != "enabled" && *m.endpoint != "disabled") {
    throw validation_error("1 validation error detected: Value '" + *m.endpoint +
                           "' at 'metadataOptions.httpEndpoint' failed to satisfy constraint: "
                           "Member must satisfy enum value set: [disabled, enabled]");
  }
}

// DesiredCapacityType: units always; vcpu and memory-mib only with attribute-based instance type
// selection (InstanceRequirements in the overrides in effect).
void validate_capacity_type(const std::string& type, bool attribute_based) {
  if (type == "units") return;
  if (type == "vcpu" || type == "memory-mib") {
    if (attribute_based) return;
    throw validation_error("DesiredCapacityType " + type +
                           " is supported only for Auto Scaling groups that use attribute-based "
                           "instance type selection (InstanceRequirements).");
  }
  throw validation_error("1 validation error detected: Value '" + type +
                         "' at 'desiredCapacityType' failed to satisfy constraint: Member must "
                         "satisfy enum value set: [units, vcpu, memory-mib]");
}

void validate_health_check_type(const std::string& type) {
  static const std::set<std::string> types = {"EC2", "ELB", "VPC_LATTICE", "EBS"};
  if (!types.contains(type)) throw validation_error("Invalid health check type: " + type);
}

// AvailabilityZoneIds become the zone names EC2 pairs them with (AvailabilityZones and
// AvailabilityZoneIds together are refused, as the API reference says).
GroupSettings with_zone_names(const AsgPartition& p, GroupSettings s) {
  if (!s.zone_ids || s.zone_ids->empty()) return s;
  if (s.zones && !s.zones->empty()) {
    throw validation_error(
        "You cannot specify both AvailabilityZones and AvailabilityZoneIds in the same request.");
  }
  ZoneIdMapping mapped = zones_for_ids(p.key.region, *s.zone_ids);
  if (!mapped.problem.empty()) throw validation_error(mapped.problem);
  s.zones = std::move(mapped.zones);
  return s;
}

// DeletionProtection, InstanceMaintenancePolicy and AvailabilityZoneDistribution as given.
void validate_group_options(const GroupSettings& s) {
  if (s.deletion_protection) {
    if (std::string problem = deletion_protection_problem(*s.deletion_protection);
        !problem.empty()) {
      throw validation_error(problem);
    }
  }
  if (s.maintenance) {
    if (std::string problem = maintenance_policy_problem(*s.maintenance); !problem.empty()) {
      throw validation_error(problem);
    }
  }
  if (s.capacity_distribution) {
    if (std::string problem = capacity_distribution_problem(*s.capacity_distribution);
        !problem.empty()) {
      throw validation_error(problem);
    }
  }
}

void apply_group_options(Group& g, const GroupSettings& s) {
  if (s.deletion_protection) g.deletion_protection = *s.deletion_protection;
  if (s.maintenance) g.maintenance = applied_maintenance_policy(*s.maintenance);
  if (s.capacity_distribution) g.capacity_distribution = *s.capacity_distribution;
}

}  // namespace

void AsgModel::create_launch_configuration(AsgPartition& p, LaunchConfiguration lc,
                                           const std::string& from_instance, core::TimeMs now) {
  if (lc.name.empty()) {
    throw validation_error(
        "1 validation error detected: Value null at 'launchConfigurationName' failed to satisfy "
        "constraint: Member must not be null");
  }
  if (p.launch_configurations.contains(lc.name)) {
    throw core::ServiceError("AlreadyExists",
                             "Launch Configuration by this name already exists - A launch "
                             "configuration already exists with the name " +
                                 lc.name);
  }
  if (static_cast<long long>(p.launch_configurations.size()) >= kMaxLaunchConfigurations) {
    throw core::ServiceError("LimitExceeded", "Max number of launch configurations reached (" +
                                                  std::to_string(kMaxLaunchConfigurations) + ").");
  }
  if (!from_instance.empty()) {
    ec2::Instance* inst = ec2_partition(p).find_instance(from_instance);
    if (!inst) throw validation_error("Invalid instance id " + from_instance);
    if (lc.image_id.empty()) lc.image_id = inst->image_id;
    if (lc.instance_type.empty()) lc.instance_type = inst->instance_type;
    if (lc.key_name.empty()) lc.key_name = inst->key_name;
    if (lc.security_groups.empty()) lc.security_groups = core::texts_of(inst->security_group_ids);
  }
  if (lc.image_id.empty()) {
    throw validation_error(
        "Valid requests must contain either the InstanceID parameter or both "
        "the ImageId and InstanceType parameters.");
  }
  if (lc.instance_type.empty()) {
    throw validation_error(
        "Valid requests must contain either the InstanceID parameter or both "
        "the ImageId and InstanceType parameters.");
  }
  if (!ec2::Ec2Model::is_valid_instance_type(lc.instance_type)) {
    throw validation_error("Invalid instance type: " + lc.instance_type);
  }
  if (lc.image_id.rfind("ami-", 0) != 0) {
    throw validation_error("AMI ID " + lc.image_id + " is invalid");
  }
  if (!lc.placement_tenancy.empty() && lc.placement_tenancy != "default" &&
      lc.placement_tenancy != "dedicated") {
    throw validation_error("Invalid value for PlacementTenancy: " + lc.placement_tenancy +
                           ". Valid values are default and dedicated.");
  }
  if (lc.metadata_options) validate_metadata_options(*lc.metadata_options);
  lc.arn = "arn:aws:autoscaling:" + p.key.region + ":" + p.key.account +
           ":launchConfiguration:" + core::uuid() + ":launchConfigurationName/" + lc.name;
  lc.created = now;
  p.launch_configurations.emplace(lc.name, std::move(lc));
}

void AsgModel::delete_launch_configuration(AsgPartition& p, const std::string& name) {
  if (!p.launch_configurations.contains(name)) {
    throw validation_error("Launch configuration name not found - Launch configuration " + name +
                           " not found");
  }
  for (const auto& [gname, g] : p.groups) {
    if (g.launch_configuration == name) {
      throw core::ServiceError("ResourceInUse", "Cannot delete launch configuration " + name +
                                                    " because it is attached to AutoScalingGroup " +
                                                    gname);
    }
  }
  p.launch_configurations.erase(name);
}

// --- launch sources ----------------------------------------------------------------------------

namespace {

// A launch template reference must name one existing template and an existing version.
void validate_template_ref(ec2::Ec2Partition& ep, const TemplateRef& ref) {
  const ec2::LaunchTemplate* lt = nullptr;
  if (!ref.id.empty() && !ref.name.empty()) {
    throw validation_error(
        "Valid requests must contain either launchTemplateId or LaunchTemplateName, but not "
        "both.");
  }
  if (!ref.id.empty()) {
    auto it = ep.launch_templates.find(ref.id);
    if (it != ep.launch_templates.end()) lt = &it->second;
    if (!lt) {
      throw validation_error(
          "You must use a valid fully-formed launch template. The specified launch template, "
          "with template ID " +
          ref.id + ", does not exist.");
    }
  } else if (!ref.name.empty()) {
    lt = ep.find_template_by_name(ref.name);
    if (!lt) {
      throw validation_error(
          "You must use a valid fully-formed launch template. The specified launch template, "
          "with template name " +
          ref.name + ", does not exist.");
    }
  } else {
    throw validation_error(
        "Valid requests must contain either launchTemplateId or LaunchTemplateName.");
  }
  if (!lt->resolve(ref.version)) {
    throw validation_error(
        "You must use a valid fully-formed launch template. The specified launch template, with "
        "template ID " +
        lt->id + ", and version " + ref.version + ", does not exist.");
  }
}

}  // namespace

void AsgModel::validate_launch_source(AsgPartition& p, const GroupSettings& s, bool creating) {
  const int sources =
      (s.launch_configuration ? 1 : 0) + (s.launch_template ? 1 : 0) + (s.from_instance_id ? 1 : 0);
  if (creating && sources != 1) {
    throw validation_error(
        "Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId or "
        "MixedInstancesPolicy parameter.");
  }
  if (!creating && sources > 1) {
    throw validation_error(
        "Valid requests must contain either LaunchTemplate, LaunchConfigurationName or "
        "MixedInstancesPolicy parameter.");
  }
  if (s.launch_configuration && !p.launch_configurations.contains(*s.launch_configuration)) {
    throw validation_error("Launch configuration name not found - Launch configuration " +
                           *s.launch_configuration + " not found");
  }
  if (s.launch_template) validate_template_ref(ec2_partition(p), *s.launch_template);
  for (const LaunchOverride& o : s.overrides) {
    if (o.launch_template) validate_template_ref(ec2_partition(p), *o.launch_template);
  }
}

std::vector<std::string> AsgModel::resolve_subnets(AsgPartition& p, const std::string& identifier) {
  std::vector<std::string> subnets;
  std::size_t start = 0;
  while (start <= identifier.size()) {
    std::size_t comma = identifier.find(',', start);
    if (comma == std::string::npos) comma = identifier.size();
    std::string id = identifier.substr(start, comma - start);
    id.erase(0, id.find_first_not_of(' '));
    id.erase(id.find_last_not_of(' ') + 1);
    if (!id.empty()) {
      if (!ec2_partition(p).network.find_subnet(id)) {
        throw validation_error("The subnet ID '" + id + "' does not exist");
      }
      subnets.push_back(id);
    }
    start = comma + 1;
  }
  return subnets;
}

ec2::RunInstancesRequest AsgModel::launch_request(AsgPartition& p, const Group& g, Member& m,
                                                  const std::string& zone,
                                                  const LaunchChoice& choice, bool spot) {
  ec2::RunInstancesRequest r;
  r.requester_id = kAutoScalingRequester;
  ec2::LaunchSpec& spec = r.spec;
  ec2::Ec2Partition& ep = ec2_partition(p);
  if (!g.launch_configuration.empty()) {
    auto it = p.launch_configurations.find(g.launch_configuration);
    if (it == p.launch_configurations.end()) {
      throw core::ServiceError("ValidationError",
                               "Launch configuration " + g.launch_configuration + " not found");
    }
    const LaunchConfiguration& lc = it->second;
    spec.image_id = lc.image_id;
    spec.instance_type = lc.instance_type;
    if (!lc.key_name.empty()) spec.key_name = lc.key_name;
    for (const std::string& sg : lc.security_groups) {
      (sg.rfind("sg-", 0) == 0 ? spec.security_group_ids : spec.security_group_names).push_back(sg);
    }
    if (!lc.user_data.empty()) spec.user_data = lc.user_data;
    spec.ebs_optimized = lc.ebs_optimized;
    spec.monitoring = lc.instance_monitoring;
    if (!lc.placement_tenancy.empty()) spec.tenancy = lc.placement_tenancy;
    if (!lc.spot_price.empty()) {  // a launch configuration with SpotPrice launches Spot
      ec2::MarketOptions market;
      market.max_price = lc.spot_price;
      spec.market = market;
    }
    spec.block_devices = lc.block_devices;
    m.launch_configuration = lc.name;
    m.config_age = lc.created;
  } else if (g.launch_template) {
    const LaunchOverride* ov = choice.override_index && *choice.override_index < g.overrides.size()
                                   ? &g.overrides[*choice.override_index]
                                   : nullptr;
    const TemplateRef source =
        ov && ov->launch_template ? completed(ep, *ov->launch_template) : *g.launch_template;
    ec2::LaunchTemplateRef ref;
    ref.id = source.id;
    ref.name = ref.id.empty() ? source.name : "";
    ref.version = source.version.empty() ? "$Default" : source.version;
    r.launch_template = ref;
    if (ov) {
      spec.instance_type = choice.instance_type;
      m.weight = choice.weight;
      m.weighted_capacity = choice.weighted_capacity;
    }
    if (g.mixed_instances && spot) {
      ec2::MarketOptions market;
      market.max_price = g.distribution.spot_max_price;
      spec.market = market;
    }
    m.launch_template = source;
  }
  // Subnet: the group's subnet in that zone, else the zone's default subnet.
  for (const std::string& s : g.subnets) {
    const ec2::Subnet* subnet = ep.network.find_subnet(s);
    if (subnet && subnet->availability_zone == zone) {
      spec.subnet_id = s;
      break;
    }
  }
  if (!spec.subnet_id) {
    if (const ec2::Subnet* def = ep.network.default_subnet_for(zone))
      spec.subnet_id = def->subnet_id;
  }
  ec2::TagSpecification tags;
  tags.resource_type = "instance";
  for (const GroupTag& t : g.tags) {
    if (t.propagate_at_launch) tags.tags.push_back({t.key, t.value});
  }
  if (!tags.tags.empty()) spec.tag_specifications.push_back(tags);
  return r;
}

std::vector<std::string> AsgModel::group_zones(AsgPartition& p, const Group& g) {
  std::vector<std::string> zones;
  for (const std::string& s : g.subnets) {
    const ec2::Subnet* subnet = ec2_partition(p).network.find_subnet(s);
    if (subnet && std::find(zones.begin(), zones.end(), subnet->availability_zone) == zones.end()) {
      zones.push_back(subnet->availability_zone);
    }
  }
  return zones;
}

MixedPolicy AsgModel::resolve_mixed_policy(AsgPartition& p, const GroupSettings& s) {
  if (!s.launch_template) {
    throw validation_error(
        "MixedInstancesPolicy.LaunchTemplate is required in a desired configuration.");
  }
  validate_template_ref(ec2_partition(p), *s.launch_template);
  for (const LaunchOverride& o : s.overrides) {
    if (o.launch_template) validate_template_ref(ec2_partition(p), *o.launch_template);
  }
  validate_overrides(s.overrides);
  MixedPolicy out;
  out.distribution = merged_distribution(InstancesDistribution{}, s);
  validate(out.distribution);
  if (uses_requirements(s.overrides)) {
    if (!s.distribution_fields.contains("OnDemandAllocationStrategy")) {
      out.distribution.on_demand_allocation_strategy = "lowest-price";
    }
    validate_requirements_distribution(out.distribution);
  }
  out.launch_template = completed(ec2_partition(p), *s.launch_template);
  out.overrides = with_weights(s.overrides);
  return out;
}

// --- groups --------------------------------------------------------------------------------------

// CreateAutoScalingGroup runs its steps on a group under construction; any step may throw, and
// the group is only added to the partition once every step passed (all or nothing).
void AsgModel::create_group(AsgPartition& p, const std::string& name, const GroupSettings& given,
                            core::TimeMs now) {
  const GroupSettings s = with_zone_names(p, given);
  require_creatable(p, name, s);
  validate_group_options(s);
  validate_launch_source(p, s, true);
  Group g;
  g.name = name;
  g.arn = "arn:aws:autoscaling:" + p.key.region + ":" + p.key.account +
          ":autoScalingGroup:" + core::uuid() + ":autoScalingGroupName/" + name;
  g.min_size = *s.min_size;
  g.max_size = *s.max_size;
  g.desired = s.desired.value_or(g.min_size);
  check_bounds(g.min_size, g.max_size, g.desired);
  std::optional<LaunchConfiguration> from_instance;
  if (s.from_instance_id) from_instance = configuration_from_instance(p, g, s, now);
  if (s.launch_configuration) g.launch_configuration = *s.launch_configuration;
  if (s.launch_template) g.launch_template = completed(ec2_partition(p), *s.launch_template);
  g.mixed_instances = s.mixed_instances;
  g.overrides = with_weights(s.overrides);
  place_new_group(p, g, s);
  attach_new_group_balancers(p, g, s);
  apply_new_group_options(p, g, s);
  apply_new_group_tags(g, s.tags);
  apply_group_options(g, s);
  g.created = now;
  if (g.desired > 0) g.cause_prefix = text::created_group(now, 0, g.desired);
  if (from_instance) p.launch_configurations[name] = std::move(*from_instance);
  p.groups.emplace(name, std::move(g));
  request_reconcile(p, name, now);
}

void AsgModel::require_creatable(AsgPartition& p, const std::string& name, const GroupSettings& s) {
  if (name.empty()) {
    throw validation_error(
        "1 validation error detected: Value null at 'autoScalingGroupName' failed to satisfy "
        "constraint: Member must not be null");
  }
  if (p.find_group(name)) {
    throw core::ServiceError("AlreadyExists",
                             "AutoScalingGroup by this name already exists - A group with the "
                             "name " +
                                 name + " already exists");
  }
  if (static_cast<long long>(p.groups.size()) >= kMaxGroups) {
    throw core::ServiceError("LimitExceeded", "Max number of Auto Scaling groups reached (" +
                                                  std::to_string(kMaxGroups) + ").");
  }
  if (!s.min_size) {
    throw validation_error(
        "1 validation error detected: Value null at 'minSize' failed to satisfy constraint: "
        "Member must not be null");
  }
  if (!s.max_size) {
    throw validation_error(
        "1 validation error detected: Value null at 'maxSize' failed to satisfy constraint: "
        "Member must not be null");
  }
}

// InstanceId: the group launches what the instance is (a launch configuration named after the
// group), and lives in the instance's subnet unless zones or subnets were given.
LaunchConfiguration AsgModel::configuration_from_instance(AsgPartition& p, Group& g,
                                                          const GroupSettings& s,
                                                          core::TimeMs now) {
  ec2::Instance* inst = ec2_partition(p).find_instance(*s.from_instance_id);
  if (!inst) throw validation_error("Instance " + *s.from_instance_id + " is not in a valid state");
  LaunchConfiguration lc;
  lc.name = g.name;
  lc.image_id = inst->image_id;
  lc.instance_type = inst->instance_type;
  lc.key_name = inst->key_name;
  lc.security_groups = core::texts_of(inst->security_group_ids);
  lc.arn = "arn:aws:autoscaling:" + p.key.region + ":" + p.key.account +
           ":launchConfiguration:" + core::uuid() + ":launchConfigurationName/" + g.name;
  lc.created = now;
  g.launch_configuration = g.name;
  if (!s.zones && !s.vpc_zone_identifier) {
    g.subnets = {inst->subnet_id};
    g.vpc_zone_identifier = inst->subnet_id;
  }
  return lc;
}

// Subnets (VPCZoneIdentifier) decide the zones; otherwise AvailabilityZones, each of the region.
void AsgModel::place_new_group(AsgPartition& p, Group& g, const GroupSettings& s) {
  if (s.vpc_zone_identifier && !s.vpc_zone_identifier->empty()) {
    g.subnets = resolve_subnets(p, *s.vpc_zone_identifier);
    g.vpc_zone_identifier = *s.vpc_zone_identifier;
  }
  if (!g.subnets.empty()) {
    g.zones = group_zones(p, g);
  } else if (s.zones && !s.zones->empty()) {
    for (const std::string& z : *s.zones) {
      if (!ec2::is_zone_of(p.key.region, z)) {
        throw validation_error("The availability zone " + z + " is not legal");
      }
      if (std::find(g.zones.begin(), g.zones.end(), z) == g.zones.end()) g.zones.push_back(z);
    }
  }
  if (g.zones.empty()) {
    throw validation_error("At least one Availability Zone or VPC Subnet is required.");
  }
}

void AsgModel::attach_new_group_balancers(AsgPartition& p, Group& g, const GroupSettings& s) {
  for (const std::string& lb : s.load_balancers) {
    if (!p.load_balancers.contains(lb)) {
      throw validation_error(
          "Provided Load Balancers may not be valid. Please ensure they exist and try again.");
    }
  }
  for (const std::string& tg : s.target_groups) {
    if (!p.target_groups.contains(tg)) {
      throw validation_error(
          "Provided Target Groups may not be valid. Please ensure they exist and try again.");
    }
  }
  g.load_balancers = s.load_balancers;
  g.target_groups = s.target_groups;
}

// Health checks, distribution, cooldown, termination policies, hooks, lifetime and the rest.
void AsgModel::apply_new_group_options(AsgPartition& p, Group& g, const GroupSettings& s) {
  if (s.health_check_type) {
    validate_health_check_type(*s.health_check_type);
    g.health_check_type = *s.health_check_type;
  }
  if (s.distribution) {
    validate(*s.distribution);
    g.distribution = *s.distribution;
  }
  if (s.mixed_instances) validate_overrides(s.overrides);
  const bool attribute_based = s.mixed_instances && uses_requirements(s.overrides);
  if (attribute_based) {
    // lowest-price is the On-Demand default of a group with InstanceRequirements.
    if (!s.distribution_fields.contains("OnDemandAllocationStrategy")) {
      g.distribution.on_demand_allocation_strategy = "lowest-price";
    }
    validate_requirements_distribution(g.distribution);
  }
  if (s.desired_capacity_type) {
    validate_capacity_type(*s.desired_capacity_type, attribute_based);
    g.desired_capacity_type = *s.desired_capacity_type;
  }
  g.context = s.context.value_or("");
  g.health_check_grace_period = s.health_check_grace_period.value_or(0);
  g.default_cooldown = s.default_cooldown.value_or(300);
  if (s.termination_policies && !s.termination_policies->empty()) {
    for (const std::string& tp : *s.termination_policies) {
      if (!is_known_termination_policy(tp) && tp.rfind("arn:", 0) != 0) {
        throw validation_error("Invalid termination policy: " + tp);
      }
    }
    g.termination_policies = *s.termination_policies;
  }
  for (const LifecycleHook& hook : s.hooks) {
    validate_lifecycle_hook(hook);
    if (!g.hooks.emplace(hook.name, hook).second) {
      throw validation_error("Lifecycle hook names must be unique within the group: " + hook.name);
    }
  }
  g.new_instances_protected = s.new_instances_protected.value_or(false);
  g.capacity_rebalance = s.capacity_rebalance.value_or(false);
  if (s.max_instance_lifetime) {
    validate_max_instance_lifetime(*s.max_instance_lifetime);
    if (*s.max_instance_lifetime > 0) g.max_instance_lifetime = s.max_instance_lifetime;
  }
  g.default_instance_warmup = s.default_instance_warmup;
  g.placement_group = s.placement_group.value_or("");
  g.service_linked_role_arn = s.service_linked_role_arn.value_or(
      "arn:aws:iam::" + p.key.account +
      ":role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling");
}

// Tags: reserved `aws:` keys refused; a repeated key keeps its last value.
void AsgModel::apply_new_group_tags(Group& g, const std::vector<GroupTag>& tags) {
  for (const GroupTag& t : tags) {
    if (t.key.empty()) throw validation_error("Tag key cannot be empty");
    if (t.key.rfind("aws:", 0) == 0) {
      throw validation_error("Tag keys starting with 'aws:' are reserved for internal use");
    }
    auto it = std::find_if(g.tags.begin(), g.tags.end(),
                           [&](const GroupTag& x) { return x.key == t.key; });
    if (it != g.tags.end()) {
      *it = t;
    } else {
      g.tags.push_back(t);
    }
  }
}

void AsgModel::update_group(AsgPartition& p, const std::string& name, const GroupSettings& given,
                            core::TimeMs now) {
  Group& g = require_group(p, name);
  const GroupSettings s = with_zone_names(p, given);
  validate_launch_source(p, s, false);
  validate_group_options(s);
  long long min = s.min_size.value_or(g.min_size);
  long long max = s.max_size.value_or(g.max_size);
  long long desired = g.desired;
  if (s.desired) {
    desired = *s.desired;
  } else {
    desired = std::clamp(desired, std::min(min, max), std::max(min, max));
  }
  check_bounds(min, max, desired);
  std::vector<std::string> subnets = g.subnets;
  if (s.vpc_zone_identifier) subnets = resolve_subnets(p, *s.vpc_zone_identifier);
  if (s.zones) {
    for (const std::string& z : *s.zones) {
      if (!ec2::is_zone_of(p.key.region, z)) {
        throw validation_error("The availability zone " + z + " is not legal");
      }
    }
  }
  if (s.termination_policies) {
    for (const std::string& tp : *s.termination_policies) {
      if (!is_known_termination_policy(tp) && tp.rfind("arn:", 0) != 0) {
        throw validation_error("Invalid termination policy: " + tp);
      }
    }
  }
  if (s.health_check_type) validate_health_check_type(*s.health_check_type);
  if (s.max_instance_lifetime) validate_max_instance_lifetime(*s.max_instance_lifetime);
  if (s.mixed_instances && !s.launch_template && !g.mixed_instances) {
    throw validation_error(
        "MixedInstancesPolicy.LaunchTemplate is required to add a mixed instances policy to a "
        "group.");
  }
  InstancesDistribution distribution =
      merged_distribution(g.mixed_instances ? g.distribution : InstancesDistribution{}, s);
  if (s.mixed_instances) validate(distribution);
  if (s.mixed_instances && s.launch_template) validate_overrides(s.overrides);
  // The overrides in effect after this update decide whether the group is attribute-based.
  const bool stays_mixed = s.launch_template ? s.mixed_instances : g.mixed_instances;
  const bool attribute_based =
      stays_mixed && uses_requirements(s.launch_template ? s.overrides : g.overrides);
  if (attribute_based) {
    if (!s.distribution_fields.contains("OnDemandAllocationStrategy") &&
        distribution.on_demand_allocation_strategy == "prioritized") {
      distribution.on_demand_allocation_strategy = "lowest-price";
    }
    validate_requirements_distribution(distribution);
  }
  if (s.desired_capacity_type) {
    validate_capacity_type(*s.desired_capacity_type, attribute_based);
  } else if (!attribute_based &&
             (g.desired_capacity_type == "vcpu" || g.desired_capacity_type == "memory-mib")) {
    validate_capacity_type(g.desired_capacity_type, false);
  }
  // Apply.
  if (s.launch_configuration) {
    g.launch_configuration = *s.launch_configuration;
    g.launch_template.reset();
  }
  if (s.launch_template) {
    g.launch_template = completed(ec2_partition(p), *s.launch_template);
    g.launch_configuration.clear();
    g.mixed_instances = s.mixed_instances;
    g.overrides = with_weights(s.overrides);
    reweigh_members(g);
  }
  if (s.mixed_instances || attribute_based) g.distribution = distribution;
  if (s.context) g.context = *s.context;
  if (s.desired_capacity_type) g.desired_capacity_type = *s.desired_capacity_type;
  if (s.service_linked_role_arn) g.service_linked_role_arn = *s.service_linked_role_arn;
  if (desired != g.desired) {
    g.cause_prefix = text::updated_group(now, min, max, desired, g.desired, desired);
  }
  g.min_size = min;
  g.max_size = max;
  g.desired = desired;
  if (s.vpc_zone_identifier) {
    g.subnets = subnets;
    g.vpc_zone_identifier = *s.vpc_zone_identifier;
    g.zones = group_zones(p, g);
  } else if (s.zones && !s.zones->empty() && g.subnets.empty()) {
    g.zones = *s.zones;
  }
  if (s.default_cooldown) g.default_cooldown = *s.default_cooldown;
  if (s.health_check_type) g.health_check_type = *s.health_check_type;
  if (s.health_check_grace_period) g.health_check_grace_period = *s.health_check_grace_period;
  if (s.termination_policies && !s.termination_policies->empty()) {
    g.termination_policies = *s.termination_policies;
  }
  if (s.new_instances_protected) g.new_instances_protected = *s.new_instances_protected;
  if (s.capacity_rebalance) g.capacity_rebalance = *s.capacity_rebalance;
  if (s.max_instance_lifetime) {  // 0 clears it
    g.max_instance_lifetime = *s.max_instance_lifetime > 0 ? s.max_instance_lifetime : std::nullopt;
  }
  if (s.default_instance_warmup) g.default_instance_warmup = *s.default_instance_warmup;
  if (s.placement_group) g.placement_group = *s.placement_group;
  apply_group_options(g, s);
  request_reconcile(p, name, now);
}

void AsgModel::delete_group(AsgPartition& p, const std::string& name, bool force,
                            core::TimeMs now) {
  Group& g = require_group(p, name);
  if (std::string refusal = deletion_refusal(name, g.deletion_protection, force);
      !refusal.empty()) {
    throw validation_error(refusal);
  }
  if (!force) {
    for (const Activity& a : p.activities) {
      if (a.group == name && !a.end) {
        throw core::ServiceError("ScalingActivityInProgress",
                                 "You cannot delete an AutoScalingGroup while there are scaling "
                                 "activities in progress for that group.");
      }
    }
    if (!g.members.empty()) {
      throw core::ServiceError("ResourceInUse",
                               "You cannot delete an AutoScalingGroup while there are instances "
                               "or pending Spot instance request(s) still in the group.");
    }
  }
  g.deleting = true;
  g.min_size = g.max_size = g.desired = 0;
  cancel_scheduled_actions(g);
  for (const auto& [policy_name, policy] : g.policies) delete_policy_alarms(p, policy);
  g.policies.clear();
  std::vector<std::string> ids;
  for (const Member& m : g.members) {
    if (!m.state.starts_with("Terminating")) ids.push_back(m.instance_id);
  }
  for (const std::string& id : ids) {
    Group* cur = p.find_group(name);
    Member* m = cur ? cur->find_member(id) : nullptr;
    if (m) begin_termination(p, *cur, *m, text::group_deleted(now, id), now);
  }
  maybe_finish_group_deletion(p, name, now);
}

void AsgModel::set_desired_capacity(AsgPartition& p, const std::string& name, long long desired,
                                    bool honor_cooldown, core::TimeMs now) {
  Group& g = require_group(p, name);
  if (desired > g.max_size) {
    throw validation_error("New SetDesiredCapacity value " + std::to_string(desired) +
                           " is above max value " + std::to_string(g.max_size) +
                           " for the AutoScalingGroup.");
  }
  if (desired < g.min_size) {
    throw validation_error("New SetDesiredCapacity value " + std::to_string(desired) +
                           " is below min value " + std::to_string(g.min_size) +
                           " for the AutoScalingGroup.");
  }
  if (honor_cooldown && now < g.cooldown_until) {
    throw core::ServiceError("ScalingActivityInProgress",
                             "Scaling activity is in progress and blocks this action");
  }
  if (desired != g.desired) g.cause_prefix = text::set_desired(now, g.desired, desired);
  g.desired = desired;
  request_reconcile(p, name, now);
}

// --- processes -----------------------------------------------------------------------------------

const std::vector<std::string>& AsgModel::process_names() {
  static const std::vector<std::string> names = {
      "Launch",      "Terminate",       "AddToLoadBalancer", "AlarmNotification", "AZRebalance",
      "HealthCheck", "InstanceRefresh", "ReplaceUnhealthy",  "ScheduledActions"};
  return names;
}

void AsgModel::suspend_processes(AsgPartition& p, const std::string& group,
                                 const std::vector<std::string>& processes, core::TimeMs now) {
  Group& g = require_group(p, group);
  const auto& known = process_names();
  for (const std::string& proc : processes) {
    if (std::find(known.begin(), known.end(), proc) == known.end()) {
      throw validation_error("Process name not recognized - " + proc);
    }
  }
  const std::string reason = "User suspended at " + core::format_iso8601_s(now);
  for (const std::string& proc : processes.empty() ? known : processes) {
    g.suspended.emplace(proc, reason);
  }
}

void AsgModel::resume_processes(AsgPartition& p, const std::string& group,
                                const std::vector<std::string>& processes, core::TimeMs now) {
  Group& g = require_group(p, group);
  const auto& known = process_names();
  for (const std::string& proc : processes) {
    if (std::find(known.begin(), known.end(), proc) == known.end()) {
      throw validation_error("Process name not recognized - " + proc);
    }
  }
  if (processes.empty()) {
    g.suspended.clear();
  } else {
    for (const std::string& proc : processes) g.suspended.erase(proc);
  }
  request_reconcile(p, group, now);
}

// --- tags ----------------------------------------------------------------------------------------

// --- metrics collection --------------------------------------------------------------------

void AsgModel::enable_metrics_collection(AsgPartition& p, const std::string& group,
                                         const std::vector<std::string>& metrics,
                                         const std::string& granularity) {
  require_metrics_granularity(granularity);
  Group& g = require_group(p, group);
  g.enabled_metrics = with_metrics_enabled(g.enabled_metrics, metrics);
}

void AsgModel::disable_metrics_collection(AsgPartition& p, const std::string& group,
                                          const std::vector<std::string>& metrics) {
  Group& g = require_group(p, group);
  g.enabled_metrics = with_metrics_disabled(g.enabled_metrics, metrics);
}

void AsgModel::create_or_update_tags(AsgPartition& p,
                                     const std::vector<std::pair<std::string, GroupTag>>& tags) {
  for (const auto& [group, tag] : tags) {
    require_group(p, group);
    if (tag.key.empty()) throw validation_error("Tag key cannot be empty");
    if (tag.key.rfind("aws:", 0) == 0) {
      throw validation_error("Tag keys starting with 'aws:' are reserved for internal use");
    }
  }
  for (const auto& [group, tag] : tags) {
    Group& g = require_group(p, group);
    auto it = std::find_if(g.tags.begin(), g.tags.end(),
                           [&key = tag.key](const GroupTag& t) { return t.key == key; });
    if (it != g.tags.end()) {
      *it = tag;
    } else {
      g.tags.push_back(tag);
    }
  }
}

void AsgModel::delete_tags(AsgPartition& p,
                           const std::vector<std::pair<std::string, GroupTag>>& tags) {
  for (const auto& [group, tag] : tags) require_group(p, group);
  for (const auto& [group, tag] : tags) {
    Group& g = require_group(p, group);
    // Init-capture: clang < 16 cannot capture a structured binding.
    std::erase_if(g.tags, [&key = tag.key](const GroupTag& t) { return t.key == key; });
  }
}

// --- load balancers attached to groups -----------------------------------------------------------

void AsgModel::register_with_load_balancers(AsgPartition& p, const Group& g, const std::string& id,
                                            core::TimeMs now) {
  for (const std::string& name : g.load_balancers) {
    auto it = p.load_balancers.find(name);
    if (it == p.load_balancers.end()) continue;
    auto& ids = it->second.instances;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  for (const std::string& arn : g.target_groups) {
    auto it = p.target_groups.find(arn);
    if (it == p.target_groups.end()) continue;
    auto& targets = it->second.targets;
    auto found = std::find_if(targets.begin(), targets.end(),
                              [&](const TargetGroup::Target& t) { return t.id == id; });
    if (found != targets.end() && !found->draining) continue;
    if (found != targets.end()) targets.erase(found);  // registered again while draining
    targets.push_back({id, it->second.port, now});
  }
}

void AsgModel::target_health_changes(AsgPartition& p, const std::string& instance_id,
                                     const std::vector<core::TimeMs>& due) {
  auto owner = p.instance_group.find(instance_id);
  if (owner == p.instance_group.end()) return;
  for (core::TimeMs at : due) schedule_health_pass(p, owner->second, at);
}

void AsgModel::schedule_health_pass(AsgPartition& p, const std::string& group, core::TimeMs at) {
  // A pass of its own: request_reconcile keeps an already pending pass, which may come later.
  engine_.scheduler().schedule(at, core::TimedEvent{health_pass_kind_, p.key, group, {}});
}

void AsgModel::on_health_pass(core::LockProof held, core::TimeMs due,
                              const core::TimedEvent& event) {
  AsgPartition* part = partitions_.find(held, event.part);
  if (!part) return;
  if (Group* g = part->find_group(event.subject)) reconcile(*part, *g, due);
}

core::TimeMs AsgModel::deregister_from_load_balancers(AsgPartition& p, const Group& g,
                                                      const std::string& id, core::TimeMs now) {
  for (const std::string& name : g.load_balancers) {
    auto it = p.load_balancers.find(name);
    if (it != p.load_balancers.end()) std::erase(it->second.instances, id);
  }
  ElbModel elb(ec2_, engine_.timing().kind() == core::TimingProfileKind::kInstant);
  core::TimeMs drained_at = now;
  for (const std::string& arn : g.target_groups) {
    auto it = p.target_groups.find(arn);
    if (it == p.target_groups.end()) continue;
    elb.deregister_targets(p, arn, {{id, 0}}, now);
    for (const TargetGroup::Target& t : it->second.targets) {
      if (t.id == id && t.draining) drained_at = std::max(drained_at, t.drain_until);
    }
  }
  return drained_at;
}

namespace {

// Throws `message` as a ValidationError unless every name is a key of `registry`.
template <typename Registry>
void require_all_registered(const Registry& registry, const std::vector<std::string>& names,
                            const char* message) {
  for (const std::string& name : names) {
    if (!registry.contains(name)) throw validation_error(message);
  }
}

// Appends the names not yet in `attached`, in request order.
void append_unattached(std::vector<std::string>& attached, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    if (std::find(attached.begin(), attached.end(), name) == attached.end()) {
      attached.push_back(name);
    }
  }
}

}  // namespace

void AsgModel::require_known_load_balancers(const AsgPartition& p,
                                            const std::vector<std::string>& names) {
  require_all_registered(
      p.load_balancers, names,
      "Provided Load Balancers may not be valid. Please ensure they exist and try again.");
}

void AsgModel::require_known_target_groups(const AsgPartition& p,
                                           const std::vector<std::string>& arns) {
  require_all_registered(
      p.target_groups, arns,
      "Provided Target Groups may not be valid. Please ensure they exist and try again.");
}

void AsgModel::attach_load_balancers(AsgPartition& p, const std::string& group,
                                     const std::vector<std::string>& names, core::TimeMs now) {
  Group& g = require_group(p, group);
  require_known_load_balancers(p, names);
  append_unattached(g.load_balancers, names);
  for (const Member& m : g.members) {
    if (m.state == "InService") register_with_load_balancers(p, g, m.instance_id, now);
  }
  request_reconcile(p, group, now);
}

void AsgModel::detach_load_balancers(AsgPartition& p, const std::string& group,
                                     const std::vector<std::string>& names) {
  Group& g = require_group(p, group);
  for (const std::string& lb : names) {
    auto it = p.load_balancers.find(lb);
    if (it != p.load_balancers.end()) {
      for (const Member& m : g.members) std::erase(it->second.instances, m.instance_id);
    }
    std::erase(g.load_balancers, lb);
  }
}

void AsgModel::attach_target_groups(AsgPartition& p, const std::string& group,
                                    const std::vector<std::string>& arns, core::TimeMs now) {
  Group& g = require_group(p, group);
  require_known_target_groups(p, arns);
  append_unattached(g.target_groups, arns);
  for (const Member& m : g.members) {
    if (m.state == "InService") register_with_load_balancers(p, g, m.instance_id, now);
  }
  request_reconcile(p, group, now);
}

void AsgModel::detach_target_groups(AsgPartition& p, const std::string& group,
                                    const std::vector<std::string>& arns) {
  Group& g = require_group(p, group);
  for (const std::string& arn : arns) {
    auto it = p.target_groups.find(arn);
    if (it != p.target_groups.end()) {
      for (const Member& m : g.members) {
        std::erase_if(it->second.targets,
                      [&](const TargetGroup::Target& t) { return t.id == m.instance_id; });
      }
    }
    std::erase(g.target_groups, arn);
  }
}

}  // namespace cloudlife::autoscaling
