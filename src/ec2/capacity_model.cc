// Ec2Model's side of the capacity pools: counting what each pool holds and refusing launches that
// do not fit (RunInstances, StartInstances, Spot requests and fleets all come through here).
#include <map>
#include <tuple>
#include <utility>

#include "core/service_error.h"
#include "ec2/capacity.h"
#include "ec2/ec2_model.h"
#include "ec2/regions.h"

namespace cloudlife::ec2 {

std::optional<long long> Ec2Model::capacity_remaining(core::LockProof held,
                                                      const std::string& region,
                                                      const std::string& zone,
                                                      const std::string& instance_type,
                                                      Market market) {
  const CapacityPool* pool = capacity_.find(region, zone, instance_type, market);
  if (!pool) return std::nullopt;
  long long taken = 0;
  partitions_.for_each(held, [&](const core::PartitionKey& key, Ec2Partition& p) {
    if (key.region != region) return;
    for (const auto& [id, inst] : std::as_const(p.instances)) {
      if (inst.availability_zone == zone && inst.instance_type == instance_type &&
          inst.spot == (market == Market::kSpot) && holds_capacity(inst.lifecycle.state())) {
        ++taken;
      }
    }
  });
  return std::max(0LL, pool->available - taken);
}

long long Ec2Model::take_capacity(core::LockProof held, const std::string& region,
                                  const std::string& zone, const std::string& instance_type,
                                  Market market, long long min_count, long long max_count) {
  if (capacity_.empty()) return max_count;
  if (auto n = launchable(capacity_remaining(held, region, zone, instance_type, market), min_count,
                          max_count)) {
    return *n;
  }
  if (market == Market::kSpot) {
    throw core::ServiceError("InsufficientInstanceCapacity", insufficient_spot_capacity_message(),
                             500);
  }
  std::vector<std::string> others;
  for (const ZoneInfo& z : zones_of(region)) {
    if (z.name == zone) continue;
    if (launchable(capacity_remaining(held, region, z.name, instance_type, market), min_count,
                   max_count)) {
      others.push_back(z.name);
    }
  }
  throw core::ServiceError("InsufficientInstanceCapacity",
                           insufficient_capacity_message(instance_type, zone, others), 500);
}

}  // namespace cloudlife::ec2

namespace cloudlife::ec2 {

void Ec2Model::require_start_capacity(Ec2Partition& p, const std::vector<Instance*>& instances) {
  if (capacity_.empty()) return;
  std::map<std::tuple<std::string, std::string, bool>, long long> wanted;
  for (const Instance* inst : instances) {
    if (inst->lifecycle.state() == core::InstanceState::kStopped) {
      ++wanted[{inst->availability_zone, inst->instance_type, inst->spot}];
    }
  }
  for (const auto& [pool, count] : wanted) {
    const auto& [zone, type, spot] = pool;
    const auto left =
        capacity_remaining(p, p.key.region, zone, type, spot ? Market::kSpot : Market::kOnDemand);
    if (left && *left < count) {
      throw core::ServiceError("InsufficientInstanceCapacity", "Insufficient capacity.", 500);
    }
  }
}

}  // namespace cloudlife::ec2
