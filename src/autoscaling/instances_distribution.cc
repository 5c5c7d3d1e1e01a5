#include "autoscaling/instances_distribution.h"

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

core::ServiceError invalid(const std::string& message) {
  return core::ServiceError("ValidationError", message, 400);
}

}  // namespace

void validate(const InstancesDistribution& d) {
  if (d.on_demand_allocation_strategy != "prioritized" &&
      d.on_demand_allocation_strategy != "lowest-price") {
    throw invalid(
        "Invalid value for OnDemandAllocationStrategy: " + d.on_demand_allocation_strategy +
        ". Valid values are prioritized and lowest-price.");
  }
  if (d.spot_allocation_strategy != "lowest-price" &&
      d.spot_allocation_strategy != "capacity-optimized" &&
      d.spot_allocation_strategy != "capacity-optimized-prioritized" &&
      d.spot_allocation_strategy != "price-capacity-optimized") {
    throw invalid("Invalid value for SpotAllocationStrategy: " + d.spot_allocation_strategy +
                  ". Valid values are lowest-price, capacity-optimized, "
                  "capacity-optimized-prioritized and price-capacity-optimized.");
  }
  if (d.on_demand_base_capacity < 0) {
    throw invalid("OnDemandBaseCapacity must be greater than or equal to 0.");
  }
  if (d.on_demand_percentage_above_base < 0 || d.on_demand_percentage_above_base > 100) {
    throw invalid("OnDemandPercentageAboveBaseCapacity must be between 0 and 100.");
  }
  if (d.spot_instance_pools < 1 || d.spot_instance_pools > 20) {
    throw invalid("SpotInstancePools must be between 1 and 20.");
  }
}

bool next_launch_is_spot(const InstancesDistribution& d, long long on_demand, long long spot) {
  if (on_demand < d.on_demand_base_capacity) return false;
  const long long od_above = on_demand - d.on_demand_base_capacity;
  const long long above_after = od_above + spot + 1;
  const long long od_wanted = (above_after * d.on_demand_percentage_above_base + 99) / 100;
  return od_above >= od_wanted;
}

}  // namespace cloudlife::autoscaling
