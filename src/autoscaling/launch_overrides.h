// MixedInstancesPolicy launch template overrides: their validation and the order in which an
// allocation strategy tries them (docs/autoscaling.md, "Mixed instances").
// Contract: pure. validate_overrides() throws the ValidationError for more than 40 overrides, a
// WeightedCapacity that is not a whole number in 1–999, and weights given for some overrides but
// not all. launch_order() ranks the overrides for one launch in one zone; the engine tries them in
// that order and falls back to the next when a pool has no capacity:
//   prioritized (On-Demand)        override order
//   lowest-price (On-Demand)       lowest price per unit (price / weight), ties by override order
//   lowest-price (Spot)            the SpotInstancePools cheapest pools per unit; among them the
//                                  one holding fewest of the group's Spot members, then the rest
//                                  by price
//   capacity-optimized(-prioritized) most capacity left first (an unlimited pool is deepest), ties
//                                  by override order
//   price-capacity-optimized       most capacity left first, ties by lowest price per unit
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "autoscaling/asg_types.h"
#include "autoscaling/instances_distribution.h"

namespace cloudlife::autoscaling {

inline constexpr std::size_t kMaxOverrides = 40;
inline constexpr long long kMaxWeight = 999;
inline constexpr std::size_t kMaxRequirementSets = 4;

// Also: an override names InstanceType or InstanceRequirements (not both, not neither), one
// policy uses one kind for all its overrides, at most four sets of requirements, and each set
// passes ec2::requirements_problem().
void validate_overrides(const std::vector<LaunchOverride>& overrides);

// Whether the overrides select instance types by attributes (InstanceRequirements).
bool uses_requirements(const std::vector<LaunchOverride>& overrides);

// With InstanceRequirements the On-Demand strategy cannot be prioritized (its default there is
// lowest-price) and the Spot strategy cannot be capacity-optimized-prioritized.
void validate_requirements_distribution(const InstancesDistribution& d);

// WeightedCapacity text to units (throws the ValidationError for anything but 1–999).
long long parse_weight(const std::string& text);

// What one override offers for the next launch in one zone and purchase option.
struct PoolOffer {
  double price = 0;                    // the hourly price of one instance
  long long weight = 1;                // units it counts for
  std::optional<long long> remaining;  // capacity left in the pool; nullopt = unlimited
  long long members = 0;               // the group's members already in this pool
};

// Indices into `offers` in the order to try them. `spot` chooses between the On-Demand and Spot
// meaning of lowest-price.
std::vector<std::size_t> launch_order(const std::vector<PoolOffer>& offers,
                                      const std::string& strategy, bool spot,
                                      long long spot_instance_pools);

}  // namespace cloudlife::autoscaling
