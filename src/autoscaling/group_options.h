// The rules of a group's newer options (docs/autoscaling.md "Group options"): Availability Zone
// IDs, deletion protection, the instance maintenance policy and the zone distribution strategy.
// Contract: pure functions; each `*_problem` returns "" when the input is valid, else AWS's
// ValidationError message. AsgModel throws them before changing anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudlife::autoscaling {

// --- AvailabilityZoneIds ---------------------------------------------------------------------

struct ZoneIdMapping {
  std::vector<std::string> zones;  // the zone names, in the order given (duplicates dropped)
  std::string problem;             // "" when every ID is a zone ID of the region
};

// Maps zone IDs (use1-az1) to the zone names EC2's DescribeAvailabilityZones pairs them with.
ZoneIdMapping zones_for_ids(std::string_view region, const std::vector<std::string>& ids);
// The zone ID of each zone name ("" for a name the region does not have).
std::vector<std::string> zone_ids_for(std::string_view region,
                                      const std::vector<std::string>& zones);
std::string zone_id_for(std::string_view region, std::string_view zone);

// --- DeletionProtection ----------------------------------------------------------------------

inline constexpr const char* kNoDeletionProtection = "none";
std::string deletion_protection_problem(const std::string& value);
// Why DeleteAutoScalingGroup (with ForceDelete `force`) is refused under `protection`; "" when
// it may go ahead.
std::string deletion_refusal(const std::string& group, const std::string& protection, bool force);

// --- InstanceMaintenancePolicy ---------------------------------------------------------------

struct MaintenancePolicy {  // as given: -1 clears a value
  std::optional<long long> min_healthy;
  std::optional<long long> max_healthy;
};

std::string maintenance_policy_problem(const MaintenancePolicy& given);
// The policy a group has after `given` (validated): both -1 (or neither given) clears it.
std::optional<MaintenancePolicy> applied_maintenance_policy(const MaintenancePolicy& given);

// --- AvailabilityZoneDistribution ------------------------------------------------------------

inline constexpr const char* kBalancedBestEffort = "balanced-best-effort";
inline constexpr const char* kBalancedOnly = "balanced-only";
std::string capacity_distribution_problem(const std::string& strategy);

}  // namespace cloudlife::autoscaling
