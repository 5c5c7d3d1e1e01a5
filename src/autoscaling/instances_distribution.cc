#include "autoscaling/instances_distribution.h"

#include <algorithm>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

core::ServiceError distribution_error(const std::string& message) {
  return core::ServiceError("ValidationError", message, 400);
}

}  // namespace

void validate(const InstancesDistribution& d) {
  if (d.on_demand_allocation_strategy != "prioritized" &&
      d.on_demand_allocation_strategy != "lowest-price") {
    throw distribution_error(
        "Invalid value for OnDemandAllocationStrategy: " + d.on_demand_allocation_strategy +
        ". Valid values are prioritized and lowest-price.");
  }
  if (d.spot_allocation_strategy != "lowest-price" &&
      d.spot_allocation_strategy != "capacity-optimized" &&
      d.spot_allocation_strategy != "capacity-optimized-prioritized" &&
      d.spot_allocation_strategy != "price-capacity-optimized") {
    throw distribution_error(
        "Invalid value for SpotAllocationStrategy: " + d.spot_allocation_strategy +
        ". Valid values are lowest-price, capacity-optimized, "
        "capacity-optimized-prioritized and price-capacity-optimized.");
  }
  if (d.on_demand_base_capacity < 0) {
    throw distribution_error("OnDemandBaseCapacity must be greater than or equal to 0.");
  }
  if (d.on_demand_percentage_above_base < 0 || d.on_demand_percentage_above_base > 100) {
    throw distribution_error("OnDemandPercentageAboveBaseCapacity must be between 0 and 100.");
  }
  if (d.spot_instance_pools < 1 || d.spot_instance_pools > 20) {
    throw distribution_error("SpotInstancePools must be between 1 and 20.");
  }
}

long long on_demand_target(const InstancesDistribution& d, long long capacity) {
  if (capacity <= d.on_demand_base_capacity) return capacity;
  const long long above = capacity - d.on_demand_base_capacity;
  return d.on_demand_base_capacity + (above * d.on_demand_percentage_above_base + 99) / 100;
}

bool next_launch_is_spot(const InstancesDistribution& d, long long on_demand, long long spot,
                         long long target) {
  // A launch beyond the target (an overshoot, a replacement) counts as one more unit.
  const long long goal = std::max(target, on_demand + spot + 1);
  return on_demand >= on_demand_target(d, goal);
}

bool scale_in_takes_spot(const InstancesDistribution& d, long long on_demand, long long spot,
                         long long target) {
  const long long od_share = on_demand_target(d, target);
  return spot - (target - od_share) >= on_demand - od_share;
}

}  // namespace cloudlife::autoscaling
