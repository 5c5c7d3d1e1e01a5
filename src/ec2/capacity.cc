#include "ec2/capacity.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "ec2/ec2_model.h"
#include "ec2/regions.h"

namespace cloudlife::ec2 {

const char* market_name(Market market) {
  return market == Market::kSpot ? "spot" : "on-demand";
}

std::optional<Market> parse_market(const std::string& name) {
  if (name == "on-demand") return Market::kOnDemand;
  if (name == "spot") return Market::kSpot;
  return std::nullopt;
}

void CapacityPools::replace(std::vector<CapacityPool> pools) {
  std::set<std::tuple<std::string, std::string, std::string, Market>> seen;
  for (std::size_t i = 0; i < pools.size(); ++i) {
    const CapacityPool& pool = pools[i];
    const std::string where = "pools[" + std::to_string(i) + "]: ";
    if (!is_zone_of(pool.region, pool.zone)) {
      throw std::invalid_argument(where + "\"" + pool.zone + "\" is not an Availability Zone of " +
                                  "region \"" + pool.region + "\"");
    }
    if (!Ec2Model::is_valid_instance_type(pool.instance_type)) {
      throw std::invalid_argument(where + "\"" + pool.instance_type + "\" is not an instance type");
    }
    if (pool.available < 0) throw std::invalid_argument(where + "\"available\" must be >= 0");
    if (!seen.emplace(pool.region, pool.zone, pool.instance_type, pool.market).second) {
      throw std::invalid_argument(where + "the pool " + pool.zone + " / " + pool.instance_type +
                                  " / " + market_name(pool.market) + " is listed twice");
    }
  }
  pools_ = std::move(pools);
}

const CapacityPool* CapacityPools::find(const std::string& region, const std::string& zone,
                                        const std::string& instance_type, Market market) const {
  for (const CapacityPool& pool : pools_) {
    if (pool.market == market && pool.zone == zone && pool.instance_type == instance_type &&
        pool.region == region) {
      return &pool;
    }
  }
  return nullptr;
}

bool holds_capacity(core::InstanceState state) {
  return state == core::InstanceState::kPending || state == core::InstanceState::kRunning ||
         state == core::InstanceState::kStopping || state == core::InstanceState::kShuttingDown;
}

std::optional<long long> launchable(std::optional<long long> remaining, long long min_count,
                                    long long max_count) {
  if (!remaining) return max_count;
  if (*remaining < min_count) return std::nullopt;
  return std::min(max_count, *remaining);
}

std::string insufficient_capacity_message(const std::string& instance_type, const std::string& zone,
                                          const std::vector<std::string>& other_zones) {
  std::string message = "We currently do not have sufficient " + instance_type +
                        " capacity in the Availability Zone you requested (" + zone +
                        "). Our system will be working on provisioning additional capacity.";
  if (other_zones.empty()) return message;
  message += " You can currently get " + instance_type +
             " capacity by not specifying an Availability Zone in your request or choosing ";
  for (std::size_t i = 0; i < other_zones.size(); ++i) {
    message += (i ? ", " : "") + other_zones[i];
  }
  return message + ".";
}

std::string insufficient_spot_capacity_message() {
  return "There is no Spot capacity available that matches your request.";
}

}  // namespace cloudlife::ec2
