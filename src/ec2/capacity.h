// Capacity pools: how many instances of one type one zone can hold, per market
// (docs/control-plane.md "Capacity pools"). A pool nobody listed is unlimited. Contract:
// CapacityPools is plain data set whole by the control plane (replace / clear); what a pool has
// left is `available` minus the instances that hold it (pending, running, stopping, shutting-down:
// a stopped or terminated instance gives its unit back), counted by the model. The rules — what a
// launch may take, AWS's refusal text — are pure functions below with their own unit test. Used
// under the engine lock like the rest of the model.
//
//   CapacityPools pools;
//   pools.replace({{"us-east-1", "us-east-1a", "c5.large", Market::kOnDemand, 2}});
#pragma once

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/instance_state.h"

namespace cloudlife::ec2 {

enum class Market { kOnDemand, kSpot };
const char* market_name(Market market);
std::optional<Market> parse_market(const std::string& name);

struct CapacityPool {
  std::string region, zone, instance_type;
  Market market = Market::kOnDemand;
  long long available = 0;
};

class CapacityPools {
 public:
  // Checks every pool (known zone of its region, well-formed type, available >= 0, no pool twice)
  // and replaces the whole set; throws std::invalid_argument naming the first bad pool, and then
  // changes nothing.
  void replace(std::vector<CapacityPool> pools);
  void clear() { pools_.clear(); }
  const std::vector<CapacityPool>& list() const { return pools_; }
  // The pool for (region, zone, type, market), or nullptr when it is unlimited.
  const CapacityPool* find(const std::string& region, const std::string& zone,
                           const std::string& instance_type, Market market) const;
  bool empty() const { return pools_.empty(); }

  // Snapshots reach the private members (scripts/gen_state_reflection.py).
  template <class V>
  friend void reflect(V& v, CapacityPools& x);

 private:
  std::vector<CapacityPool> pools_;  // in the order given
};

// Whether an instance in this state holds a unit of its pool.
bool holds_capacity(core::InstanceState state);

// How many of a launch asking for [min_count, max_count] fit in `remaining` (nullopt: unlimited):
// max_count capped by what is left, or nullopt when fewer than min_count fit (none launch).
std::optional<long long> launchable(std::optional<long long> remaining, long long min_count,
                                    long long max_count);

// EC2's InsufficientInstanceCapacity message for an on-demand launch refused in `zone`, naming
// the zones that could take it (`other_zones`, in the region's order).
std::string insufficient_capacity_message(const std::string& instance_type, const std::string& zone,
                                          const std::vector<std::string>& other_zones);
// The message for a Spot launch (RunInstances with InstanceMarketOptions) refused for capacity.
std::string insufficient_spot_capacity_message();

}  // namespace cloudlife::ec2
