// The rules of a group's newer options (group_options.h).
#include "autoscaling/group_options.h"

#include <algorithm>

#include "ec2/regions.h"

namespace cloudlife::autoscaling {

ZoneIdMapping zones_for_ids(std::string_view region, const std::vector<std::string>& ids) {
  const std::vector<ec2::ZoneInfo> zones = ec2::zones_of(region);
  ZoneIdMapping out;
  for (const std::string& id : ids) {
    auto it = std::find_if(zones.begin(), zones.end(),
                           [&](const ec2::ZoneInfo& z) { return z.zone_id == id; });
    if (it == zones.end()) {
      out.zones.clear();
      out.problem = "The availability zone ID " + id + " is not legal";
      return out;
    }
    if (std::find(out.zones.begin(), out.zones.end(), it->name) == out.zones.end()) {
      out.zones.push_back(it->name);
    }
  }
  return out;
}

std::string zone_id_for(std::string_view region, std::string_view zone) {
  for (const ec2::ZoneInfo& z : ec2::zones_of(region)) {
    if (z.name == zone) return z.zone_id;
  }
  return "";
}

std::vector<std::string> zone_ids_for(std::string_view region,
                                      const std::vector<std::string>& zones) {
  const std::vector<ec2::ZoneInfo> known = ec2::zones_of(region);
  std::vector<std::string> ids;
  for (const std::string& name : zones) {
    auto it = std::find_if(known.begin(), known.end(),
                           [&](const ec2::ZoneInfo& z) { return z.name == name; });
    ids.push_back(it == known.end() ? "" : it->zone_id);
  }
  return ids;
}

std::string deletion_protection_problem(const std::string& value) {
  if (value == "none" || value == "prevent-force-deletion" || value == "prevent-all-deletion") {
    return "";
  }
  return "1 validation error detected: Value '" + value +
         "' at 'deletionProtection' failed to satisfy constraint: Member must satisfy enum value "
         "set: [none, prevent-force-deletion, prevent-all-deletion]";
}

std::string deletion_refusal(const std::string& group, const std::string& protection, bool force) {
  if (protection == "prevent-all-deletion") {
    return "Deletion protection (prevent-all-deletion) is enabled for AutoScalingGroup " + group +
           ". Update DeletionProtection to a less restrictive level before deleting it.";
  }
  if (protection == "prevent-force-deletion" && force) {
    return "Deletion protection (prevent-force-deletion) is enabled for AutoScalingGroup " + group +
           ": it cannot be deleted with ForceDelete. Delete it without ForceDelete once it has no "
           "instances, or update DeletionProtection.";
  }
  return "";
}

namespace {

std::string maintenance_range_problem(const char* member, long long value, long long max) {
  if (value < -1) {
    return "1 validation error detected: Value '" + std::to_string(value) +
           "' at 'instanceMaintenancePolicy." + member +
           "' failed to satisfy constraint: Member must have value greater than or equal to -1";
  }
  if (value > max) {
    return "1 validation error detected: Value '" + std::to_string(value) +
           "' at 'instanceMaintenancePolicy." + member +
           "' failed to satisfy constraint: Member must have value less than or equal to " +
           std::to_string(max);
  }
  return "";
}

}  // namespace

std::string maintenance_policy_problem(const MaintenancePolicy& given) {
  if (given.min_healthy) {
    std::string p = maintenance_range_problem("minHealthyPercentage", *given.min_healthy, 100);
    if (!p.empty()) return p;
  }
  if (given.max_healthy) {
    std::string p = maintenance_range_problem("maxHealthyPercentage", *given.max_healthy, 200);
    if (!p.empty()) return p;
  }
  const long long min = given.min_healthy.value_or(-1);
  const long long max = given.max_healthy.value_or(-1);
  if (min == -1 && max == -1) return "";  // clears the policy
  if (min == -1 || max == -1) {
    return "Both MinHealthyPercentage and MaxHealthyPercentage must be specified in the instance "
           "maintenance policy (or both set to -1 to clear it).";
  }
  if (max < 100) return "MaxHealthyPercentage must be between 100 and 200.";
  if (max - min > 100) {
    return "The difference between MaxHealthyPercentage and MinHealthyPercentage cannot be greater "
           "than 100.";
  }
  if (min == 100 && max == 100) {
    return "MinHealthyPercentage and MaxHealthyPercentage cannot both be 100.";
  }
  return "";
}

std::optional<MaintenancePolicy> applied_maintenance_policy(const MaintenancePolicy& given) {
  if (given.min_healthy.value_or(-1) == -1 && given.max_healthy.value_or(-1) == -1) {
    return std::nullopt;
  }
  return given;
}

std::string capacity_distribution_problem(const std::string& strategy) {
  if (strategy == kBalancedOnly || strategy == kBalancedBestEffort) return "";
  if (strategy == "reservations-then-balanced") {
    return "CapacityDistributionStrategy reservations-then-balanced is not supported by "
           "cloudlife: it models no Capacity Reservations.";
  }
  return "1 validation error detected: Value '" + strategy +
         "' at 'availabilityZoneDistribution.capacityDistributionStrategy' failed to satisfy "
         "constraint: Member must satisfy enum value set: [balanced-only, balanced-best-effort, "
         "reservations-then-balanced]";
}

}  // namespace cloudlife::autoscaling
