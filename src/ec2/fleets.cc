// EC2 Fleet: CreateFleet (instant / request / maintain), its fulfilment across the launch template
// overrides by allocation strategy and capacity pools, replacement of interrupted instances by
// maintain fleets, DeleteFleets and the fleet's history (docs/fleet.md).
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/ids.h"
#include "ec2/ec2_model.h"
#include "ec2/regions.h"
#include "ec2/spot_price.h"

namespace cloudlife::ec2 {
namespace {

using core::InstanceState;
using core::ServiceError;

constexpr core::TimeMs kFleetRetry = core::kMinute;
constexpr long long kMaxFleetTarget = 10000;

bool is_one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return v == a; });
}

void refuse_value(const std::string& name, const std::string& value) {
  throw ServiceError("InvalidParameterValue",
                     "The value '" + value + "' is not valid for " + name + ".");
}

void validate_fleet(Ec2Partition& p, const Fleet& f) {
  if (!is_one_of(f.type, {"instant", "request", "maintain"})) refuse_value("Type", f.type);
  if (!is_one_of(f.default_target_type, {"spot", "on-demand"})) {
    refuse_value("DefaultTargetCapacityType", f.default_target_type);
  }
  if (!is_one_of(f.spot_strategy, {"lowest-price", "diversified", "capacity-optimized",
                                   "capacity-optimized-prioritized", "price-capacity-optimized"})) {
    refuse_value("SpotOptions.AllocationStrategy", f.spot_strategy);
  }
  if (!is_one_of(f.on_demand_strategy, {"lowest-price", "prioritized"})) {
    refuse_value("OnDemandOptions.AllocationStrategy", f.on_demand_strategy);
  }
  if (!is_one_of(f.spot_interruption_behavior, {"terminate", "stop", "hibernate"})) {
    refuse_value("SpotOptions.InstanceInterruptionBehavior", f.spot_interruption_behavior);
  }
  if (f.total_target < 0 || f.total_target > kMaxFleetTarget || f.on_demand_target < 0 ||
      f.spot_target < 0) {
    throw ServiceError(
        "InvalidTargetCapacitySpecification",
        "TotalTargetCapacity must be between 0 and " + std::to_string(kMaxFleetTarget) + ".");
  }
  if (f.on_demand_target + f.spot_target > f.total_target) {
    throw ServiceError("InvalidTargetCapacitySpecification",
                       "TotalTargetCapacity should not be less than the sum of "
                       "OnDemandTargetCapacity and SpotTargetCapacity.");
  }
  if (f.pools.empty()) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter LaunchTemplateConfigs");
  }
  for (const FleetPool& pool : f.pools) {
    const LaunchTemplate* lt = nullptr;
    if (!pool.template_id.empty()) {
      auto it = p.launch_templates.find(pool.template_id);
      if (it == p.launch_templates.end()) {
        throw ServiceError("InvalidLaunchTemplateId.NotFound",
                           "The specified launch template, with template ID " + pool.template_id +
                               ", does not exist.");
      }
      lt = &it->second;
    } else if (!pool.template_name.empty()) {
      lt = p.find_template_by_name(pool.template_name);
      if (!lt) {
        throw ServiceError("InvalidLaunchTemplateName.NotFoundException",
                           "The specified launch template, with template name " +
                               pool.template_name + ", does not exist.");
      }
    } else {
      throw ServiceError("MissingParameter",
                         "The request must contain the parameter "
                         "LaunchTemplateSpecification.LaunchTemplateId or LaunchTemplateName");
    }
    if (!lt->resolve(pool.template_version)) {
      throw ServiceError("InvalidLaunchTemplateId.VersionNotFound",
                         "Could not find launch template version " + pool.template_version +
                             " for launch template " + lt->id + ".");
    }
    if (!pool.instance_type.empty() && !Ec2Model::is_valid_instance_type(pool.instance_type)) {
      throw ServiceError("InvalidParameterValue",
                         "Invalid value '" + pool.instance_type + "' for InstanceType.");
    }
    if (!pool.zone.empty() && !is_zone_of(p.key.region, pool.zone)) {
      throw ServiceError("InvalidParameterValue", "Invalid availability zone: [" + pool.zone + "]");
    }
    if (!pool.subnet_id.empty() && !p.network.find_subnet(pool.subnet_id)) {
      throw ServiceError("InvalidSubnetID.NotFound",
                         "The subnet ID '" + pool.subnet_id + "' does not exist");
    }
    if (pool.weight <= 0) refuse_value("WeightedCapacity", std::to_string(pool.weight));
  }
}

// The launch template version a pool uses, for the instance type and zone it launches.
const LaunchTemplateVersion* template_version(Ec2Partition& p, const FleetPool& pool) {
  const LaunchTemplate* lt = !pool.template_id.empty()
                                 ? &p.launch_templates.at(pool.template_id)
                                 : p.find_template_by_name(pool.template_name);
  return lt ? lt->resolve(pool.template_version) : nullptr;
}

std::string pool_type(Ec2Partition& p, const FleetPool& pool) {
  if (!pool.instance_type.empty()) return pool.instance_type;
  const LaunchTemplateVersion* v = template_version(p, pool);
  return v && v->data.instance_type ? *v->data.instance_type : "m1.small";
}

std::string pool_zone(Ec2Partition& p, const FleetPool& pool) {
  if (!pool.subnet_id.empty()) {
    if (const Subnet* s = p.network.find_subnet(pool.subnet_id)) return s->availability_zone;
  }
  if (!pool.zone.empty()) return pool.zone;
  const LaunchTemplateVersion* v = template_version(p, pool);
  if (v && v->data.availability_zone) return *v->data.availability_zone;
  return zones_of(p.key.region).front().name;
}

void record(Fleet& f, core::TimeMs at, std::string type, std::string sub_type,
            std::string instance_id = "", std::string description = "") {
  f.history.push_back(
      {at, std::move(type), std::move(sub_type), std::move(instance_id), std::move(description)});
}

double fulfilled(const Fleet& f, const std::string& lifecycle) {
  double units = 0;
  for (const FleetInstance& i : f.instances) {
    if (i.lifecycle == lifecycle) units += f.pools[i.pool].weight;
  }
  return units;
}

}  // namespace

std::vector<std::size_t> order_pools(const std::vector<FleetPool>& pools,
                                     const std::string& strategy) {
  std::vector<std::size_t> order(pools.size());
  std::iota(order.begin(), order.end(), 0);
  auto by_price = [&](std::size_t a, std::size_t b) { return pools[a].price < pools[b].price; };
  if (strategy == "prioritized" || strategy == "capacity-optimized-prioritized") {
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double pa = pools[a].priority.value_or(std::numeric_limits<double>::max());
      const double pb = pools[b].priority.value_or(std::numeric_limits<double>::max());
      return pa != pb ? pa < pb : pools[a].price < pools[b].price;
    });
  } else if (strategy == "capacity-optimized") {
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return pools[a].room > pools[b].room; });
  } else if (strategy == "price-capacity-optimized") {
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const bool ra = pools[a].room > 0, rb = pools[b].room > 0;
      return ra != rb ? ra : pools[a].price < pools[b].price;
    });
  } else {  // lowest-price, diversified
    std::stable_sort(order.begin(), order.end(), by_price);
  }
  return order;
}

Fleet Ec2Model::create_fleet(Ec2Partition& p, Fleet f, bool dry_run, core::TimeMs now) {
  validate_fleet(p, f);
  if (dry_run) throw dry_run_succeeded();
  // What neither target names goes to the default target capacity type.
  const long long rest = f.total_target - f.on_demand_target - f.spot_target;
  if (f.default_target_type == "spot") {
    f.spot_target += rest;
  } else {
    f.on_demand_target += rest;
  }
  f.id = "fleet-" + core::uuid();
  f.create_time = now;
  record(f, now, "fleetRequestChange", "submitted");
  const std::string id = f.id;
  p.fleets.emplace(id, std::move(f));
  fulfil_fleet(p, id, now);
  return p.fleets.at(id);
}

void Ec2Model::fulfil_fleet(Ec2Partition& p, const std::string& id, core::TimeMs at) {
  auto found = p.fleets.find(id);
  if (found == p.fleets.end()) return;
  if (found->second.state != "submitted" && found->second.state != "active") return;
  if (found->second.valid_until && at >= *found->second.valid_until) return;
  found->second.errors.clear();
  bool short_of_target = false;
  for (const std::string lifecycle : {"on-demand", "spot"}) {
    Fleet& f = p.fleets.at(id);
    const bool spot = lifecycle == "spot";
    const double target = static_cast<double>(spot ? f.spot_target : f.on_demand_target);
    double need = target - fulfilled(f, lifecycle);
    if (need <= 0) continue;
    std::vector<FleetPool> priced = f.pools;
    for (FleetPool& pool : priced) {
      const std::string type = pool_type(p, pool);
      const std::string zone = pool_zone(p, pool);
      pool.price = spot ? spot_price(type, zone, "Linux/UNIX", at) : on_demand_price(type);
      const auto left =
          capacity_remaining(p, p.key.region, zone, type, spot ? Market::kSpot : Market::kOnDemand);
      pool.room = left.value_or(std::numeric_limits<long long>::max());
    }
    const std::string strategy = spot ? f.spot_strategy : f.on_demand_strategy;
    const std::vector<std::size_t> order = order_pools(priced, strategy);
    const std::string interruption = f.spot_interruption_behavior;
    std::vector<bool> failed(priced.size(), false);
    bool progress = true;
    while (need > 0 && progress) {
      progress = false;
      for (std::size_t k : order) {
        if (need <= 0) break;
        if (failed[k]) continue;
        const FleetPool& pool = priced[k];
        if (spot && pool.max_price && pool.price > *pool.max_price) {
          failed[k] = true;
          p.fleets.at(id).errors.push_back(
              {k, lifecycle, "SpotMaxPriceTooLow",
               "Your Spot request price of " + format_price(*pool.max_price) +
                   " is lower than the minimum required Spot request fulfillment price of " +
                   format_price(pool.price) + "."});
          continue;
        }
        // Diversified spreads one instance per pool per round; the others fill a pool first.
        const long long wanted = static_cast<long long>(std::ceil(need / pool.weight));
        const long long count = strategy == "diversified" ? 1 : wanted;
        RunInstancesRequest run;
        run.launch_template =
            LaunchTemplateRef{pool.template_id, pool.template_name, pool.template_version};
        if (!pool.instance_type.empty()) run.spec.instance_type = pool.instance_type;
        if (!pool.image_id.empty()) run.spec.image_id = pool.image_id;
        run.spec.tag_specifications = p.fleets.at(id).launch_tags;
        if (!pool.subnet_id.empty()) {
          run.spec.subnet_id = pool.subnet_id;
        } else if (!pool.zone.empty()) {
          run.spec.availability_zone = pool.zone;
        }
        if (spot) {
          MarketOptions market;
          market.interruption_behavior = interruption;
          market.spot_instance_type = interruption == "terminate" ? "one-time" : "persistent";
          if (pool.max_price) market.max_price = format_price(*pool.max_price);
          run.spec.market = market;
        }
        run.min_count = 1;
        run.max_count = count;
        ReservationView view;
        try {
          view = run_instances(p, run, at);
        } catch (const ServiceError& e) {
          failed[k] = true;
          Fleet& again = p.fleets.at(id);
          again.errors.push_back({k, lifecycle, e.code(), e.message()});
          record(again, at, "error", e.code(), "", e.message());
          continue;
        }
        Fleet& cur = p.fleets.at(id);
        for (const Instance& inst : view.instances) {
          if (Instance* stored = p.find_instance(inst.instance_id)) {
            stored->extras_mut().fleet_id = id;
            stored->tags.set("aws:ec2:fleet-id", id);
          }
          cur.instances.push_back({inst.instance_id.str(), k, lifecycle});
          record(cur, at, "instanceChange", "launched", inst.instance_id.str());
          need -= pool.weight;
        }
        progress = true;
      }
    }
    if (need > 0) {
      short_of_target = true;
      Fleet& cur = p.fleets.at(id);
      const bool any_launched = fulfilled(cur, lifecycle) > 0;
      if (!any_launched) {
        cur.errors.push_back({order.front(), lifecycle, "UnfulfillableCapacity",
                              "Unable to fulfill capacity due to your request configuration. "
                              "Please adjust your request and try again."});
      }
    }
  }
  Fleet& f = p.fleets.at(id);
  if (f.state == "submitted") {
    f.state = "active";
    record(f, at, "fleetRequestChange", "active");
  }
  f.activity_status =
      short_of_target ? (f.instances.empty() ? "error" : "pending_fulfillment") : "fulfilled";
  if (short_of_target && f.type != "instant") {
    if (f.retry_event) engine_.scheduler().cancel(f.retry_event);
    f.retry_event = engine_.scheduler().schedule(
        at + kFleetRetry, core::TimedEvent{instance_events_.fleet_retry, p.key, id, {}});
  }
}

// "ec2.fleet-retry" (subject: the fleet): fulfil_fleet() tries again for what it lacked.
void Ec2Model::on_fleet_retry_due(const core::EngineLock& held, core::TimeMs t,
                                  const core::TimedEvent& event) {
  Ec2Partition* part = partitions_.find(held, event.part);
  if (!part) return;
  const std::string& id = event.subject;
  auto it = part->fleets.find(id);
  if (it == part->fleets.end()) return;
  it->second.retry_event = 0;
  fulfil_fleet(*part, id, t);
}

void Ec2Model::on_fleet_instance_settled(Ec2Partition& p, Instance& inst, core::TimeMs at) {
  if (inst.extras().fleet_id.empty()) return;
  auto it = p.fleets.find(inst.extras().fleet_id);
  if (it == p.fleets.end()) return;
  Fleet& f = it->second;
  const auto before = f.instances.size();
  std::erase_if(f.instances,
                [&](const FleetInstance& i) { return i.instance_id == inst.instance_id; });
  if (f.instances.size() == before) return;
  record(f, at, "instanceChange", "terminated", inst.instance_id.str());
  if (f.state == "deleted_terminating" && f.instances.empty()) {
    f.state = "deleted";
    record(f, at, "fleetRequestChange", "deleted");
    return;
  }
  if (f.type == "maintain" && f.state == "active") {
    // A maintain fleet replaces what it lost (once the listener returns, at the same time).
    f.activity_status = "pending_fulfillment";
    // "ec2.fleet-replacement" (subject: the fleet): fulfil_fleet() at `at`.
    engine_.scheduler().schedule(
        at, core::TimedEvent{instance_events_.fleet_replacement, p.key, f.id, {}});
  }
}

Fleet& Ec2Model::require_fleet(Ec2Partition& p, const std::string& id) {
  auto it = p.fleets.find(id);
  if (it == p.fleets.end()) {
    throw ServiceError("InvalidFleetId.NotFound", "The fleet ID '" + id + "' does not exist");
  }
  return it->second;
}

std::vector<Fleet> Ec2Model::describe_fleets(Ec2Partition& p, const std::vector<std::string>& ids,
                                             const std::vector<Filter>& filters) {
  for (const std::string& id : ids) require_fleet(p, id);
  auto values = [](const Fleet& f) {
    return [&f](const std::string& name) -> std::optional<std::vector<std::string>> {
      if (name == "activity-status") return std::vector<std::string>{f.activity_status};
      if (name == "fleet-state") return std::vector<std::string>{f.state};
      if (name == "type") return std::vector<std::string>{f.type};
      if (name == "replace-unhealthy-instances") {
        return std::vector<std::string>{f.replace_unhealthy ? "true" : "false"};
      }
      if (name == "excess-capacity-termination-policy") {
        return std::vector<std::string>{"termination"};
      }
      return tag_filter_values(f.tags, name);
    };
  };
  Fleet probe;
  require_known_filters(filters, values(probe));
  std::vector<Fleet> out;
  for (const auto& [id, f] : p.fleets) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    if (matches_all(filters, values(f))) out.push_back(f);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Fleet& a, const Fleet& b) { return a.create_time < b.create_time; });
  return out;
}

std::vector<Ec2Model::FleetDeletion> Ec2Model::delete_fleets(Ec2Partition& p,
                                                             const std::vector<std::string>& ids,
                                                             bool terminate, bool dry_run,
                                                             core::TimeMs now) {
  if (ids.empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter FleetId");
  }
  if (dry_run) throw dry_run_succeeded();
  std::vector<FleetDeletion> out;
  for (const std::string& id : ids) {
    auto it = p.fleets.find(id);
    if (it == p.fleets.end()) {
      out.push_back(
          {id, "", "", "fleetIdDoesNotExist", "The fleet ID '" + id + "' does not exist"});
      continue;
    }
    Fleet& f = it->second;
    if (f.state.rfind("deleted", 0) == 0) {
      out.push_back({id, "", "", "fleetNotInDeletableState",
                     "The fleet '" + id + "' is in state " + f.state + "."});
      continue;
    }
    const std::string previous = f.state;
    if (f.retry_event) engine_.scheduler().cancel(f.retry_event);
    f.retry_event = 0;
    if (terminate && !f.instances.empty()) {
      f.state = "deleted_terminating";
      record(f, now, "fleetRequestChange", "deleted_terminating");
      std::vector<std::string> instance_ids;
      for (const FleetInstance& i : f.instances) instance_ids.push_back(i.instance_id);
      terminate_instances(p, instance_ids, false, false, now, /*ignore_protection=*/true);
    } else {
      f.state = terminate || f.instances.empty() ? "deleted" : "deleted_running";
      record(f, now, "fleetRequestChange", f.state);
    }
    out.push_back({id, previous, p.fleets.at(id).state, "", ""});
  }
  return out;
}

}  // namespace cloudlife::ec2
