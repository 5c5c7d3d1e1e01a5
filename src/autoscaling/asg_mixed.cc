// Mixed instances groups: which purchase option and which override the next launch uses
// (docs/autoscaling.md, "Mixed instances"). The split is instances_distribution.h's arithmetic
// over the members' capacity units; the override order is launch_overrides.h's strategy over the
// price model (ec2/spot_price.h) and the capacity pools (ec2/capacity.h).
#include "autoscaling/asg_model.h"
#include "autoscaling/launch_overrides.h"
#include "ec2/spot_price.h"

namespace cloudlife::autoscaling {

AsgModel::LaunchPlan AsgModel::plan_launch(AsgPartition& p, const Group& g, const std::string& zone,
                                           core::TimeMs now) {
  LaunchPlan plan;
  if (!g.mixed_instances) {
    plan.choices.push_back(std::nullopt);
    return plan;
  }
  long long on_demand = 0, spot = 0;
  for (const Member& m : g.members) {
    if (counts_toward_capacity(m)) (m.spot ? spot : on_demand) += m.weight;
  }
  plan.spot = next_launch_is_spot(g.distribution, on_demand, spot, g.desired + g.refresh_surge);
  if (g.overrides.empty()) {
    plan.choices.push_back(std::nullopt);
    return plan;
  }
  const std::string& strategy = plan.spot ? g.distribution.spot_allocation_strategy
                                          : g.distribution.on_demand_allocation_strategy;
  const bool wants_capacity = strategy.find("capacity") != std::string::npos;
  const ec2::Market market = plan.spot ? ec2::Market::kSpot : ec2::Market::kOnDemand;
  std::vector<PoolOffer> offers;
  for (const LaunchOverride& o : g.overrides) {
    PoolOffer offer;
    offer.weight = o.weight;
    offer.price = plan.spot ? ec2::spot_price(o.instance_type, zone, "Linux/UNIX", now)
                            : ec2::on_demand_price(o.instance_type);
    if (wants_capacity) {
      offer.remaining = ec2_.capacity_remaining(p.key.region, zone, o.instance_type, market);
    }
    for (const Member& m : g.members) {
      if (counts_toward_capacity(m) && m.spot == plan.spot && m.zone == zone &&
          m.instance_type == o.instance_type) {
        ++offer.members;
      }
    }
    offers.push_back(offer);
  }
  for (std::size_t i :
       launch_order(offers, strategy, plan.spot, g.distribution.spot_instance_pools)) {
    plan.choices.emplace_back(i);
  }
  return plan;
}

}  // namespace cloudlife::autoscaling
