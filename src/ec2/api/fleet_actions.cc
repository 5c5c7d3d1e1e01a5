// EC2 Fleet actions: CreateFleet, DescribeFleets, DescribeFleetInstances, DescribeFleetHistory,
// DeleteFleets (docs/fleet.md). Decoded and encoded by the generated codec
// (codegen/ec2/templates_spot_fleets.ops); what the fleet model has no rule for is refused with
// Unsupported (docs/fleet.md, "Not modelled").
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/launch_template_data.h"
#include "ec2/spot_price.h"
#include "ec2_codec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {
namespace {

using protocol::HttpResponse;
namespace wire = codec::ec2;

// Req::decode, with a timestamp or a decimal that does not parse worded as before ("Value (x) for
// parameter Priority is invalid.").
template <class Req>
Req fleet_decode(const protocol::QueryParams& params) {
  try {
    return Req::decode(params);
  } catch (const protocol::ParamError& e) {
    throw_as_parameter_value_error(e);
  }
}

void fleet_refuse_if(bool given, const std::string& name) {
  if (given) refuse_unimplemented_parameter(name);
}

// The parameters of CreateFleet with no model here (docs/fleet.md "Not modelled").
void refuse_unmodelled_fleet_parameters(const wire::CreateFleetRequest& r) {
  fleet_refuse_if(r.client_token.has_value(), "ClientToken");
  fleet_refuse_if(r.context.has_value(), "Context");
  fleet_refuse_if(r.excess_capacity_termination_policy.has_value(),
                  "ExcessCapacityTerminationPolicy");
  fleet_refuse_if(r.reserved_capacity_options.has_value(), "ReservedCapacityOptions");
  if (r.on_demand_options) {
    const auto& o = *r.on_demand_options;
    const std::string at = "OnDemandOptions.";
    fleet_refuse_if(o.capacity_reservation_options.has_value(), at + "CapacityReservationOptions");
    fleet_refuse_if(o.max_total_price.has_value(), at + "MaxTotalPrice");
    fleet_refuse_if(o.min_target_capacity.has_value(), at + "MinTargetCapacity");
    fleet_refuse_if(o.single_availability_zone.has_value(), at + "SingleAvailabilityZone");
    fleet_refuse_if(o.single_instance_type.has_value(), at + "SingleInstanceType");
  }
  if (r.spot_options) {
    const auto& o = *r.spot_options;
    const std::string at = "SpotOptions.";
    fleet_refuse_if(o.instance_pools_to_use_count.has_value(), at + "InstancePoolsToUseCount");
    fleet_refuse_if(o.maintenance_strategies.has_value(), at + "MaintenanceStrategies");
    fleet_refuse_if(o.max_total_price.has_value(), at + "MaxTotalPrice");
    fleet_refuse_if(o.min_target_capacity.has_value(), at + "MinTargetCapacity");
    fleet_refuse_if(o.single_availability_zone.has_value(), at + "SingleAvailabilityZone");
    fleet_refuse_if(o.single_instance_type.has_value(), at + "SingleInstanceType");
  }
  fleet_refuse_if(r.target_capacity_specification.target_capacity_unit_type.has_value(),
                  "TargetCapacitySpecification.TargetCapacityUnitType");
}

std::vector<FleetPool> fleet_pools_of(
    const std::vector<wire::FleetLaunchTemplateConfigRequest>& in) {
  std::vector<FleetPool> pools;
  for (std::size_t c = 0; c < in.size(); ++c) {
    const wire::FleetLaunchTemplateConfigRequest& config = in[c];
    FleetPool base;
    if (const auto& spec = config.launch_template_specification) {
      fleet_refuse_if(spec->launch_template_specification_user_data.has_value(),
                      "LaunchTemplateConfigs." + std::to_string(c + 1) +
                          ".LaunchTemplateSpecification.LaunchTemplateSpecificationUserData");
      base.template_id = spec->launch_template_id.value_or("");
      base.template_name = spec->launch_template_name.value_or("");
      base.template_version = spec->version.value_or("");
    }
    if (config.overrides.empty()) pools.push_back(base);
    for (std::size_t k = 0; k < config.overrides.size(); ++k) {
      const wire::FleetLaunchTemplateOverridesRequest& o = config.overrides[k];
      const std::string at = "LaunchTemplateConfigs." + std::to_string(c + 1) + ".Overrides." +
                             std::to_string(k + 1) + ".";
      fleet_refuse_if(o.availability_zone_id.has_value(), at + "AvailabilityZoneId");
      fleet_refuse_if(!o.block_device_mappings.empty(), at + "BlockDeviceMapping");
      fleet_refuse_if(o.instance_requirements.has_value(), at + "InstanceRequirements");
      fleet_refuse_if(o.placement.has_value(), at + "Placement");
      FleetPool pool = base;
      pool.instance_type = o.instance_type.value_or("");
      pool.zone = o.availability_zone.value_or("");
      pool.subnet_id = o.subnet_id.value_or("");
      pool.image_id = o.image_id.value_or("");
      if (o.max_price) {
        pool.max_price = parse_price(*o.max_price);
        if (!pool.max_price) {
          throw protocol::aws_error(
              "InvalidParameterValue",
              {"Value (" + *o.max_price + ") for parameter MaxPrice is invalid."});
        }
      }
      pool.priority = o.priority;
      pool.weight = o.weighted_capacity.value_or(1);
      pools.push_back(pool);
    }
  }
  return pools;
}

Fleet fleet_of(const wire::CreateFleetRequest& r) {
  refuse_unmodelled_fleet_parameters(r);
  Fleet f;
  f.type = r.type.value_or("maintain");
  f.pools = fleet_pools_of(r.launch_template_configs);
  const wire::TargetCapacitySpecificationRequest& target = r.target_capacity_specification;
  f.total_target = target.total_target_capacity;
  f.on_demand_target = target.on_demand_target_capacity.value_or(0);
  f.spot_target = target.spot_target_capacity.value_or(0);
  f.default_target_type = target.default_target_capacity_type.value_or("on-demand");
  f.spot_strategy = "lowest-price";
  f.spot_interruption_behavior = "terminate";
  if (r.spot_options) {
    f.spot_strategy = r.spot_options->allocation_strategy.value_or("lowest-price");
    f.spot_interruption_behavior =
        r.spot_options->instance_interruption_behavior.value_or("terminate");
  }
  f.on_demand_strategy = "lowest-price";
  if (r.on_demand_options) {
    f.on_demand_strategy = r.on_demand_options->allocation_strategy.value_or("lowest-price");
  }
  f.replace_unhealthy = r.replace_unhealthy_instances.value_or(false);
  f.terminate_with_expiration = r.terminate_instances_with_expiration.value_or(false);
  f.valid_from = r.valid_from;
  f.valid_until = r.valid_until;
  for (const TagSpecification& ts : to_tag_specifications(r.tag_specifications)) {
    if (ts.resource_type == "fleet") {
      for (const Tag& t : ts.tags) f.tags.set(t.key, t.value);
    } else if (ts.resource_type == "instance" || ts.resource_type == "volume") {
      f.launch_tags.push_back(ts);
    } else {
      throw protocol::aws_error(
          "InvalidParameterValue",
          {"'" + ts.resource_type + "' is not a valid taggable resource type for this operation."});
    }
  }
  return f;
}

void write_fleet_template_spec(wire::FleetLaunchTemplateSpecificationWriter& w,
                               const FleetPool& pool) {
  if (!pool.template_id.empty()) w.launch_template_id(pool.template_id);
  if (!pool.template_name.empty()) w.launch_template_name(pool.template_name);
  if (!pool.template_version.empty()) w.version(pool.template_version);
}

void write_fleet_overrides(wire::FleetLaunchTemplateOverridesWriter& w, const FleetPool& pool,
                           bool with_image) {
  if (!pool.instance_type.empty()) w.instance_type(pool.instance_type);
  if (pool.max_price) w.max_price(format_price(*pool.max_price));
  if (!pool.subnet_id.empty()) w.subnet_id(pool.subnet_id);
  if (!pool.zone.empty()) w.availability_zone(pool.zone);
  if (pool.weight != 1) w.weighted_capacity(pool.weight);
  if (pool.priority) w.priority(*pool.priority);
  if (with_image && !pool.image_id.empty()) w.image_id(pool.image_id);
}

void write_fleet_template_and_overrides(wire::LaunchTemplateAndOverridesResponseWriter& w,
                                        const FleetPool& pool) {
  w.launch_template_specification(
      [&](wire::FleetLaunchTemplateSpecificationWriter& s) { write_fleet_template_spec(s, pool); });
  w.overrides(
      [&](wire::FleetLaunchTemplateOverridesWriter& o) { write_fleet_overrides(o, pool, true); });
}

// The errors of the latest attempt (CreateFleetError and DescribeFleetError share the members).
template <class ErrorWriter, class SetWriter>
void write_fleet_errors(SetWriter& set, const Fleet& f) {
  for (const FleetError& e : f.errors) {
    set.item([&](ErrorWriter& w) {
      w.launch_template_and_overrides([&](wire::LaunchTemplateAndOverridesResponseWriter& x) {
        write_fleet_template_and_overrides(x, f.pools[e.pool]);
      });
      w.lifecycle(e.lifecycle == "spot" ? "spot" : "on-demand");
      w.error_code(e.code).error_message(e.message);
    });
  }
}

// One entry per (pool, lifecycle), as EC2 groups them (CreateFleetInstance and
// DescribeFleetsInstances share the members).
template <class InstanceWriter, class SetWriter>
void write_fleet_instances(SetWriter& set, const Fleet& f, Ec2Partition& part) {
  std::vector<std::pair<std::size_t, std::string>> groups;
  for (const FleetInstance& i : f.instances) {
    const std::pair<std::size_t, std::string> key{i.pool, i.lifecycle};
    if (std::find(groups.begin(), groups.end(), key) == groups.end()) groups.push_back(key);
  }
  for (const auto& group : groups) {
    const std::size_t pool = group.first;  // lambdas below capture these (clang 14: no bindings)
    const std::string& lifecycle = group.second;
    set.item([&](InstanceWriter& w) {
      w.launch_template_and_overrides([&](wire::LaunchTemplateAndOverridesResponseWriter& x) {
        write_fleet_template_and_overrides(x, f.pools[pool]);
      });
      w.lifecycle(lifecycle);
      std::string type;
      w.instance_ids([&](wire::InstanceIdsSetWriter& ids) {
        for (const FleetInstance& i : f.instances) {
          if (i.pool != pool || i.lifecycle != lifecycle) continue;
          ids.item(i.instance_id);
          if (const Instance* inst = part.find_instance(i.instance_id)) type = inst->instance_type;
        }
      });
      if (!type.empty()) w.instance_type(type);
    });
  }
}

HttpResponse create_fleet(Ec2Call& call) {
  const auto req = fleet_decode<wire::CreateFleetRequest>(call.params);
  Fleet request = fleet_of(req);
  const bool dry = req.dry_run.value_or(false);
  wire::CreateFleetResponse out(call.ctx.request_id);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    const Fleet f = call.model.create_fleet(part, std::move(request), dry, now);
    out.fleet_id(f.id);
    if (f.type == "instant") {
      out.errors([&](wire::CreateFleetErrorsSetWriter& set) {
        write_fleet_errors<wire::CreateFleetErrorWriter>(set, f);
      });
      out.instances([&](wire::CreateFleetInstancesSetWriter& set) {
        write_fleet_instances<wire::CreateFleetInstanceWriter>(set, f, part);
      });
    }
    return 0;
  });
  return out.finish();
}

void write_fleet(wire::FleetDataWriter& w, const Fleet& f, Ec2Partition& part) {
  w.activity_status(f.activity_status).create_time(f.create_time).fleet_id(f.id);
  w.fleet_state(f.state).excess_capacity_termination_policy("termination");
  double spot = 0, on_demand = 0;
  for (const FleetInstance& i : f.instances) {
    (i.lifecycle == "spot" ? spot : on_demand) += f.pools[i.pool].weight;
  }
  w.fulfilled_capacity(spot + on_demand).fulfilled_on_demand_capacity(on_demand);
  w.launch_template_configs(
      f.pools, [](wire::FleetLaunchTemplateConfigWriter& c, const FleetPool& pool) {
        c.launch_template_specification([&](wire::FleetLaunchTemplateSpecificationWriter& s) {
          write_fleet_template_spec(s, pool);
        });
        c.overrides([&](wire::FleetLaunchTemplateOverridesListWriter& list) {
          list.item([&](wire::FleetLaunchTemplateOverridesWriter& o) {
            write_fleet_overrides(o, pool, false);
          });
        });
      });
  w.target_capacity_specification([&](wire::TargetCapacitySpecificationWriter& t) {
    t.total_target_capacity(f.total_target)
        .on_demand_target_capacity(f.on_demand_target)
        .spot_target_capacity(f.spot_target)
        .default_target_capacity_type(f.default_target_type);
  });
  w.terminate_instances_with_expiration(f.terminate_with_expiration).type(f.type);
  if (f.valid_from) w.valid_from(*f.valid_from);
  if (f.valid_until) w.valid_until(*f.valid_until);
  w.replace_unhealthy_instances(f.replace_unhealthy);
  w.spot_options([&](wire::SpotOptionsWriter& o) {
    o.allocation_strategy(f.spot_strategy)
        .instance_interruption_behavior(f.spot_interruption_behavior);
  });
  w.on_demand_options(
      [&](wire::OnDemandOptionsWriter& o) { o.allocation_strategy(f.on_demand_strategy); });
  if (!f.tags.empty()) {
    w.tags(f.tags.items(),
           [](wire::TagWriter& t, const Tag& tag) { t.key(tag.key).value(tag.value); });
  }
  if (f.type == "instant") {
    w.errors([&](wire::DescribeFleetsErrorSetWriter& set) {
      write_fleet_errors<wire::DescribeFleetErrorWriter>(set, f);
    });
    w.instances([&](wire::DescribeFleetsInstancesSetWriter& set) {
      write_fleet_instances<wire::DescribeFleetsInstancesWriter>(set, f, part);
    });
  }
}

// DescribeFleets, DescribeFleetInstances and DescribeFleetHistory do not page here.
template <class Req>
void refuse_fleet_paging(const Req& req) {
  fleet_refuse_if(req.max_results.has_value(), "MaxResults");
  fleet_refuse_if(req.next_token.has_value(), "NextToken");
}

HttpResponse describe_fleets(Ec2Call& call) {
  const auto req = wire::DescribeFleetsRequest::decode(call.params);
  const std::vector<Filter> filters = to_filters(req.filters);
  refuse_fleet_paging(req);
  const bool dry = req.dry_run.value_or(false);
  wire::DescribeFleetsResponse out(call.ctx.request_id);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    const auto fleets = call.model.describe_fleets(part, req.fleet_ids, filters);
    if (dry) throw dry_run_succeeded();
    out.fleets(fleets, [&](wire::FleetDataWriter& w, const Fleet& f) { write_fleet(w, f, part); });
    return 0;
  });
  return out.finish();
}

HttpResponse describe_fleet_instances(Ec2Call& call) {
  const auto req = wire::DescribeFleetInstancesRequest::decode(call.params);
  refuse_fleet_paging(req);
  // The one filter the API documents: instance-type.
  const std::vector<Filter> filters = to_filters(req.filters);
  for (const Filter& f : filters) {
    if (f.name != "instance-type") {
      throw protocol::aws_error("InvalidParameterValue",
                                {"The filter '" + f.name + "' is invalid"});
    }
  }
  const bool dry = req.dry_run.value_or(false);
  wire::DescribeFleetInstancesResponse out(call.ctx.request_id);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    const Fleet& f = call.model.require_fleet(part, req.fleet_id);
    if (dry) throw dry_run_succeeded();
    out.active_instances([&](wire::ActiveInstanceSetWriter& set) {
      for (const FleetInstance& i : f.instances) {
        const Instance* inst = part.find_instance(i.instance_id);
        if (!inst) continue;
        const bool wanted = std::all_of(filters.begin(), filters.end(), [&](const Filter& filter) {
          return matches_any(filter.values, inst->instance_type);
        });
        if (!wanted) continue;
        set.item([&](wire::ActiveInstanceWriter& w) {
          w.instance_id(i.instance_id).instance_type(inst->instance_type);
          if (inst->spot) w.spot_instance_request_id(inst->extras().spot_request_id);
          w.instance_health("healthy");
        });
      }
    });
    out.fleet_id(req.fleet_id);
    return 0;
  });
  return out.finish();
}

bool is_fleet_event_type(const std::string& t) {
  return t == "instanceChange" || t == "fleetRequestChange" || t == "error" || t == "information";
}

HttpResponse describe_fleet_history(Ec2Call& call) {
  const auto req = fleet_decode<wire::DescribeFleetHistoryRequest>(call.params);
  const std::string event_type = req.event_type.value_or("");
  if (!event_type.empty() && !is_fleet_event_type(event_type)) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"Value (" + event_type + ") for parameter EventType is invalid."});
  }
  refuse_fleet_paging(req);
  const bool dry = req.dry_run.value_or(false);
  const core::TimeMs start = req.start_time;
  wire::DescribeFleetHistoryResponse out(call.ctx.request_id);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    const Fleet& f = call.model.require_fleet(part, req.fleet_id);
    if (dry) throw dry_run_succeeded();
    out.history_records([&](wire::HistoryRecordSetWriter& set) {
      for (const FleetHistoryRecord& r : f.history) {
        if (r.at < start || (!event_type.empty() && r.event_type != event_type)) continue;
        set.item([&](wire::HistoryRecordEntryWriter& w) {
          w.event_information([&](wire::EventInformationWriter& e) {
            if (!r.description.empty()) e.event_description(r.description);
            e.event_sub_type(r.sub_type);
            if (!r.instance_id.empty()) e.instance_id(r.instance_id);
          });
          w.event_type(r.event_type).timestamp(r.at);
        });
      }
    });
    out.last_evaluated_time(now).fleet_id(req.fleet_id).start_time(start);
    return 0;
  });
  return out.finish();
}

HttpResponse delete_fleets(Ec2Call& call) {
  const auto req = wire::DeleteFleetsRequest::decode(call.params);
  const bool dry = req.dry_run.value_or(false);
  const auto results = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.delete_fleets(part, req.fleet_ids, req.terminate_instances, dry, now);
  });
  wire::DeleteFleetsResponse out(call.ctx.request_id);
  out.successful_fleet_deletions([&](wire::DeleteFleetSuccessSetWriter& set) {
    for (const auto& r : results) {
      if (!r.error_code.empty()) continue;
      set.item([&](wire::DeleteFleetSuccessItemWriter& w) {
        w.current_fleet_state(r.current_state)
            .previous_fleet_state(r.previous_state)
            .fleet_id(r.fleet_id);
      });
    }
  });
  out.unsuccessful_fleet_deletions([&](wire::DeleteFleetErrorSetWriter& set) {
    for (const auto& r : results) {
      if (r.error_code.empty()) continue;
      set.item([&](wire::DeleteFleetErrorItemWriter& w) {
        w.error([&](wire::DeleteFleetErrorWriter& e) {
          e.code(r.error_code).message(r.error_message);
        });
        w.fleet_id(r.fleet_id);
      });
    }
  });
  return out.finish();
}

}  // namespace

void register_fleet_actions(Ec2ActionTable& table) {
  table["CreateFleet"] = create_fleet;
  table["DescribeFleets"] = describe_fleets;
  table["DescribeFleetInstances"] = describe_fleet_instances;
  table["DescribeFleetHistory"] = describe_fleet_history;
  table["DeleteFleets"] = delete_fleets;
}

}  // namespace cloudlife::ec2::api
