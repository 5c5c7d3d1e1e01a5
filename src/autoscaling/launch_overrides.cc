#include "autoscaling/launch_overrides.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

core::ServiceError override_error(const std::string& message) {
  return core::ServiceError("ValidationError", message, 400);
}

double unit_price(const PoolOffer& o) {
  return o.price / static_cast<double>(std::max<long long>(o.weight, 1));
}

long long depth(const PoolOffer& o) {
  return o.remaining ? *o.remaining : std::numeric_limits<long long>::max();
}

}  // namespace

long long parse_weight(const std::string& text) {
  const bool digits =
      !text.empty() && text.size() <= 3 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const long long v = digits ? std::stoll(text) : 0;
  if (v < 1 || v > kMaxWeight) {
    throw override_error("Invalid value for WeightedCapacity: " + text +
                         ". WeightedCapacity must be an integer between 1 and 999.");
  }
  return v;
}

void validate_overrides(const std::vector<LaunchOverride>& overrides) {
  if (overrides.size() > kMaxOverrides) {
    throw override_error("The number of overrides (" + std::to_string(overrides.size()) +
                         ") exceeds the maximum of " + std::to_string(kMaxOverrides) +
                         " instance types per Auto Scaling group.");
  }
  std::size_t weighted = 0, with_requirements = 0;
  for (const LaunchOverride& o : overrides) {
    if (!o.instance_type.empty() && o.requirements) {
      throw override_error(
          "You can specify either InstanceType or InstanceRequirements in a launch template "
          "override, but not both.");
    }
    if (o.instance_type.empty() && !o.requirements) {
      throw override_error(
          "InstanceType or InstanceRequirements is required for each launch template "
          "override.");
    }
    if (o.requirements) {
      if (const std::string problem = ec2::requirements_problem(*o.requirements);
          !problem.empty()) {
        throw override_error(problem);
      }
      ++with_requirements;
    }
    if (!o.weighted_capacity.empty()) {
      parse_weight(o.weighted_capacity);
      ++weighted;
    }
  }
  if (with_requirements != 0 && with_requirements != overrides.size()) {
    throw override_error(
        "A mixed instances policy can use either InstanceType or InstanceRequirements in its "
        "launch template overrides, not both.");
  }
  if (with_requirements > kMaxRequirementSets) {
    throw override_error("You can specify up to " + std::to_string(kMaxRequirementSets) +
                         " sets of InstanceRequirements per Auto Scaling group.");
  }
  if (weighted != 0 && weighted != overrides.size()) {
    throw override_error(
        "If you specify a value for WeightedCapacity for one instance type, you must specify a "
        "value for WeightedCapacity for all of them.");
  }
}

bool uses_requirements(const std::vector<LaunchOverride>& overrides) {
  return std::any_of(overrides.begin(), overrides.end(),
                     [](const LaunchOverride& o) { return o.requirements.has_value(); });
}

void validate_requirements_distribution(const InstancesDistribution& d) {
  if (d.on_demand_allocation_strategy == "prioritized") {
    throw override_error(
        "The specified OnDemandAllocationStrategy is not valid. The prioritized allocation "
        "strategy is not compatible with instance requirements. Valid options are "
        "[lowest-price].");
  }
  if (d.spot_allocation_strategy == "capacity-optimized-prioritized") {
    throw override_error(
        "The specified SpotAllocationStrategy is not valid. The capacity-optimized-prioritized "
        "allocation strategy is not compatible with instance requirements. Valid options are "
        "[lowest-price, capacity-optimized, price-capacity-optimized].");
  }
}

std::vector<std::size_t> launch_order(const std::vector<PoolOffer>& offers,
                                      const std::string& strategy, bool spot,
                                      long long spot_instance_pools) {
  std::vector<std::size_t> order(offers.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto by_price = [&](std::size_t a, std::size_t b) {
    return unit_price(offers[a]) < unit_price(offers[b]);
  };
  if (strategy == "prioritized") return order;
  if (strategy == "lowest-price") {
    std::stable_sort(order.begin(), order.end(), by_price);
    if (spot && spot_instance_pools > 0) {
      // Spread over the N cheapest pools: the one holding fewest members goes first.
      const auto n =
          std::min<std::size_t>(order.size(), static_cast<std::size_t>(spot_instance_pools));
      std::stable_sort(
          order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n),
          [&](std::size_t a, std::size_t b) { return offers[a].members < offers[b].members; });
    }
    return order;
  }
  if (strategy == "price-capacity-optimized") {
    std::stable_sort(order.begin(), order.end(), by_price);
  }
  // capacity-optimized, capacity-optimized-prioritized, price-capacity-optimized
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return depth(offers[a]) > depth(offers[b]);
  });
  return order;
}

}  // namespace cloudlife::autoscaling
