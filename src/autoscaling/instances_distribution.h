// A mixed instances group's On-Demand / Spot split (MixedInstancesPolicy.InstancesDistribution).
// Contract: pure; every amount is in capacity units (instances, or WeightedCapacity units).
// on_demand_target(): of a group of `capacity` units, the first OnDemandBaseCapacity are
// On-Demand; above the base, OnDemandPercentageAboveBaseCapacity percent are On-Demand, rounded up
// (toward On-Demand), the rest Spot at SpotMaxPrice (empty: up to the On-Demand price).
// next_launch_is_spot() decides the purchase option of the next launch of a group converging to
// `target` units from the On-Demand and Spot units it has; scale_in_takes_spot() which option a
// scale-in toward `target` takes from first (the one further above its share). validate() throws
// the ValidationError for values outside the API's enums and ranges (docs/autoscaling.md, "Mixed
// instances"; the allocation strategies are in launch_overrides.h).
#pragma once

#include <optional>
#include <string>

namespace cloudlife::autoscaling {

struct InstancesDistribution {
  std::string on_demand_allocation_strategy = "prioritized";
  long long on_demand_base_capacity = 0;
  long long on_demand_percentage_above_base = 100;
  std::string spot_allocation_strategy = "lowest-price";
  long long spot_instance_pools = 2;
  std::string spot_max_price;  // "" = the On-Demand price
};

void validate(const InstancesDistribution& d);

long long on_demand_target(const InstancesDistribution& d, long long capacity);

bool next_launch_is_spot(const InstancesDistribution& d, long long on_demand, long long spot,
                         long long target);

bool scale_in_takes_spot(const InstancesDistribution& d, long long on_demand, long long spot,
                         long long target);

}  // namespace cloudlife::autoscaling
