// A mixed instances group's On-Demand / Spot split (MixedInstancesPolicy.InstancesDistribution).
// Contract: pure. next_launch_is_spot() decides the purchase option of the next launch from the
// group's current On-Demand and Spot members: the first OnDemandBaseCapacity are On-Demand; above
// the base, OnDemandPercentageAboveBaseCapacity percent are On-Demand, rounded up (toward
// On-Demand), the rest Spot at SpotMaxPrice (empty: up to the On-Demand price). validate() throws
// the ValidationError for values outside the API's enums and ranges. The allocation strategies
// and SpotInstancePools are kept and described; instance types still rotate through the
// overrides in order (docs/autoscaling.md, "Mixed instances").
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

bool next_launch_is_spot(const InstancesDistribution& d, long long on_demand, long long spot);

}  // namespace cloudlife::autoscaling
