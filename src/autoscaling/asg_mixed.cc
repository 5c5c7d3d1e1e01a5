// Mixed instances groups: which purchase option and which instance type the next launch uses
// (docs/autoscaling.md, "Mixed instances" and "Attribute-based instance type selection"). The
// split is instances_distribution.h's arithmetic over the members' capacity units; the candidates
// are the InstanceType overrides, or the catalogue types an override's InstanceRequirements select
// (architecture of the template's AMI, offered in the zone, within price protection); their order
// is launch_overrides.h's strategy over the price model (ec2/spot_price.h) and the capacity pools
// (ec2/capacity.h).
#include "autoscaling/asg_model.h"
#include "autoscaling/launch_overrides.h"
#include "ec2/images.h"
#include "ec2/instance_requirements.h"
#include "ec2/regions.h"
#include "ec2/spot_price.h"

namespace cloudlife::autoscaling {
namespace {

// The architecture of the AMI a launch template version names ("" when it cannot be told: the
// launch then fails on the image itself).
std::string template_architecture(ec2::Ec2Partition& ep, const TemplateRef& ref) {
  const ec2::LaunchTemplate* lt = nullptr;
  if (!ref.id.empty()) {
    auto it = ep.launch_templates.find(ref.id);
    if (it != ep.launch_templates.end()) lt = &it->second;
  } else {
    lt = ep.find_template_by_name(ref.name);
  }
  const ec2::LaunchTemplateVersion* v = lt ? lt->resolve(ref.version) : nullptr;
  if (!v || !v->data.image_id) return "";
  if (auto own = ep.images.find(*v->data.image_id); own != ep.images.end()) {
    return own->second.architecture;
  }
  const std::optional<ec2::LaunchImage> image = ec2::image_for_launch(*v->data.image_id);
  return image ? (*image)->architecture : "";
}

int zone_number(const std::string& region, const std::string& zone) {
  for (const ec2::ZoneInfo& z : ec2::zones_of(region)) {
    if (z.name == zone) return z.number;
  }
  return 0;
}

// Capacity units one instance of `type` counts for under DesiredCapacityType.
long long capacity_units(const Group& g, const ec2::InstanceTypeInfo& type,
                         const LaunchOverride& o) {
  if (g.desired_capacity_type == "vcpu") return type.vcpus;
  if (g.desired_capacity_type == "memory-mib") return type.memory_mib;
  return o.weight;
}

}  // namespace

std::vector<AsgModel::LaunchChoice> AsgModel::launch_candidates(AsgPartition& p, const Group& g,
                                                                const std::string& zone, bool spot,
                                                                core::TimeMs now) {
  std::vector<LaunchChoice> out;
  ec2::Ec2Partition& ep = ec2_partition(p);
  const int number = zone_number(p.key.region, zone);
  for (std::size_t i = 0; i < g.overrides.size(); ++i) {
    const LaunchOverride& o = g.overrides[i];
    if (!o.requirements) {
      out.push_back({i, o.instance_type, o.weight, o.weighted_capacity});
      continue;
    }
    const std::string arch =
        template_architecture(ep, o.launch_template ? *o.launch_template : *g.launch_template);
    std::vector<ec2::PricedType> priced;
    for (const ec2::InstanceTypeInfo* t : ec2::matching_instance_types(
             *o.requirements, arch.empty() ? std::vector<std::string>{} : std::vector{arch}, {})) {
      if (!ec2::is_offered(t->name, p.key.region, number)) continue;
      const double price =
          spot ? ec2::spot_price(t->name, zone, "Linux/UNIX", now) : ec2::on_demand_price(t->name);
      // Price protection is per capacity unit when the group counts vCPUs or memory.
      const double units =
          static_cast<double>(g.desired_capacity_type == "vcpu"         ? t->vcpus
                              : g.desired_capacity_type == "memory-mib" ? t->memory_mib
                                                                        : 1);
      priced.push_back({t, price / units});
    }
    const long long percent =
        spot ? o.requirements->spot_max_price_percentage_over_lowest_price.value_or(
                   ec2::kDefaultSpotPriceProtection)
             : o.requirements->on_demand_max_price_percentage_over_lowest_price.value_or(
                   ec2::kDefaultOnDemandPriceProtection);
    for (std::size_t k : ec2::price_protected(priced, percent)) {
      const ec2::InstanceTypeInfo& t = *priced[k].type;
      const long long units = capacity_units(g, t, o);
      const bool described = g.desired_capacity_type == "vcpu" ||
                             g.desired_capacity_type == "memory-mib" ||
                             !o.weighted_capacity.empty();
      out.push_back({i, t.name, units, described ? std::to_string(units) : ""});
    }
  }
  return out;
}

AsgModel::LaunchPlan AsgModel::plan_launch(AsgPartition& p, const Group& g, const std::string& zone,
                                           core::TimeMs now) {
  LaunchPlan plan;
  if (!g.mixed_instances) {
    plan.choices.emplace_back();
    return plan;
  }
  long long on_demand = 0, spot = 0;
  for (const Member& m : g.members) {
    if (counts_toward_capacity(m)) (m.spot ? spot : on_demand) += m.weight;
  }
  plan.spot = next_launch_is_spot(g.distribution, on_demand, spot, g.desired + g.refresh_surge);
  if (g.overrides.empty()) {
    plan.choices.emplace_back();
    return plan;
  }
  const std::vector<LaunchChoice> candidates = launch_candidates(p, g, zone, plan.spot, now);
  if (candidates.empty()) {
    plan.no_match = "No instance type offered in " + zone +
                    " meets the InstanceRequirements of the mixed instances policy";
    return plan;
  }
  const std::string& strategy = plan.spot ? g.distribution.spot_allocation_strategy
                                          : g.distribution.on_demand_allocation_strategy;
  const bool wants_capacity = strategy.find("capacity") != std::string::npos;
  const ec2::Market market = plan.spot ? ec2::Market::kSpot : ec2::Market::kOnDemand;
  std::vector<PoolOffer> offers;
  for (const LaunchChoice& c : candidates) {
    PoolOffer offer;
    offer.weight = c.weight;
    offer.price = plan.spot ? ec2::spot_price(c.instance_type, zone, "Linux/UNIX", now)
                            : ec2::on_demand_price(c.instance_type);
    if (wants_capacity) {
      offer.remaining = ec2_.capacity_remaining(p, p.key.region, zone, c.instance_type, market);
    }
    for (const Member& m : g.members) {
      if (counts_toward_capacity(m) && m.spot == plan.spot && m.zone == zone &&
          m.instance_type == c.instance_type) {
        ++offer.members;
      }
    }
    offers.push_back(offer);
  }
  for (std::size_t i :
       launch_order(offers, strategy, plan.spot, g.distribution.spot_instance_pools)) {
    plan.choices.push_back(candidates[i]);
  }
  return plan;
}

}  // namespace cloudlife::autoscaling
