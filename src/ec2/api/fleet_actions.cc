// EC2 Fleet actions: CreateFleet, DescribeFleets, DescribeFleetInstances, DescribeFleetHistory,
// DeleteFleets (docs/fleet.md).
#include <algorithm>

#include "core/service_error.h"
#include "ec2/api/ec2_call.h"
#include "ec2/api/ec2_decode.h"
#include "ec2/api/ec2_encode.h"
#include "ec2/spot_price.h"
#include "protocol/aws_query_envelope.h"

namespace cloudlife::ec2::api {
namespace {

using core::ServiceError;
using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

std::optional<core::TimeMs> time_param(const QueryParams& p, const std::string& name) {
  const auto text = p.str(name);
  if (!text) return std::nullopt;
  const auto t = core::parse_iso8601(*text);
  if (!t) {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *text + ") for parameter " + name + " is invalid.");
  }
  return t;
}

std::optional<double> number(const QueryParams& p, const std::string& name) {
  const auto text = p.str(name);
  if (!text) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0') {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + *text + ") for parameter " + name + " is invalid.");
  }
  return v;
}

std::vector<FleetPool> decode_pools(const QueryParams& p) {
  std::vector<FleetPool> pools;
  for (const QueryParams& config : p.structs("LaunchTemplateConfigs")) {
    FleetPool base;
    const QueryParams spec = config.scope("LaunchTemplateSpecification.");
    base.template_id = spec.str_or("LaunchTemplateId", "");
    base.template_name = spec.str_or("LaunchTemplateName", "");
    base.template_version = spec.str_or("Version", "");
    const std::vector<QueryParams> overrides = config.structs("Overrides");
    if (overrides.empty()) pools.push_back(base);
    for (const QueryParams& o : overrides) {
      refuse_unimplemented(o, {"InstanceRequirements.*", "Placement.*", "BlockDeviceMapping.*",
                               "AvailabilityZoneId"});
      FleetPool pool = base;
      pool.instance_type = o.str_or("InstanceType", "");
      pool.zone = o.str_or("AvailabilityZone", "");
      pool.subnet_id = o.str_or("SubnetId", "");
      pool.image_id = o.str_or("ImageId", "");
      if (const auto max = o.str("MaxPrice")) {
        pool.max_price = parse_price(*max);
        if (!pool.max_price) {
          throw ServiceError("InvalidParameterValue",
                             "Value (" + *max + ") for parameter MaxPrice is invalid.");
        }
      }
      pool.priority = number(o, "Priority");
      pool.weight = number(o, "WeightedCapacity").value_or(1);
      pools.push_back(pool);
    }
  }
  return pools;
}

Fleet decode_fleet(const QueryParams& p) {
  refuse_unimplemented(
      p, {"ClientToken", "ExcessCapacityTerminationPolicy", "Context",
          "SpotOptions.MaintenanceStrategies.*", "SpotOptions.InstancePoolsToUseCount",
          "SpotOptions.SingleInstanceType", "SpotOptions.SingleAvailabilityZone",
          "SpotOptions.MinTargetCapacity", "SpotOptions.MaxTotalPrice",
          "OnDemandOptions.*Reservation*", "OnDemandOptions.SingleInstanceType",
          "OnDemandOptions.SingleAvailabilityZone", "OnDemandOptions.MinTargetCapacity",
          "OnDemandOptions.MaxTotalPrice", "TargetCapacitySpecification.TargetCapacityUnitType",
          "ReservedCapacityOptions.*"});
  Fleet f;
  f.type = p.str_or("Type", "maintain");
  f.pools = decode_pools(p);
  const QueryParams target = p.scope("TargetCapacitySpecification.");
  const auto total = target.integer("TotalTargetCapacity");
  if (!total) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter "
                       "TargetCapacitySpecification.TotalTargetCapacity");
  }
  f.total_target = *total;
  f.on_demand_target = target.integer("OnDemandTargetCapacity").value_or(0);
  f.spot_target = target.integer("SpotTargetCapacity").value_or(0);
  f.default_target_type = target.str_or("DefaultTargetCapacityType", "on-demand");
  f.spot_strategy = p.str_or("SpotOptions.AllocationStrategy", "lowest-price");
  f.spot_interruption_behavior = p.str_or("SpotOptions.InstanceInterruptionBehavior", "terminate");
  f.on_demand_strategy = p.str_or("OnDemandOptions.AllocationStrategy", "lowest-price");
  f.replace_unhealthy = p.boolean("ReplaceUnhealthyInstances").value_or(false);
  f.terminate_with_expiration = p.boolean("TerminateInstancesWithExpiration").value_or(false);
  f.valid_from = time_param(p, "ValidFrom");
  f.valid_until = time_param(p, "ValidUntil");
  for (const TagSpecification& ts : decode_tag_specifications(p)) {
    if (ts.resource_type == "fleet") {
      for (const Tag& t : ts.tags) f.tags.set(t.key, t.value);
    } else if (ts.resource_type == "instance" || ts.resource_type == "volume") {
      f.launch_tags.push_back(ts);
    } else {
      throw ServiceError(
          "InvalidParameterValue",
          "'" + ts.resource_type + "' is not a valid taggable resource type for this operation.");
    }
  }
  return f;
}

void write_template_and_overrides(XmlWriter& xml, const char* element, const FleetPool& pool) {
  xml.open(element);
  xml.open("launchTemplateSpecification");
  if (!pool.template_id.empty()) xml.leaf("launchTemplateId", pool.template_id);
  if (!pool.template_name.empty()) xml.leaf("launchTemplateName", pool.template_name);
  if (!pool.template_version.empty()) xml.leaf("version", pool.template_version);
  xml.close();
  xml.open("overrides");
  if (!pool.instance_type.empty()) xml.leaf("instanceType", pool.instance_type);
  if (pool.max_price) xml.leaf("maxPrice", format_price(*pool.max_price));
  if (!pool.subnet_id.empty()) xml.leaf("subnetId", pool.subnet_id);
  if (!pool.zone.empty()) xml.leaf("availabilityZone", pool.zone);
  if (pool.weight != 1) xml.leaf("weightedCapacity", format_price(pool.weight));
  if (pool.priority) xml.leaf("priority", format_price(*pool.priority));
  if (!pool.image_id.empty()) xml.leaf("imageId", pool.image_id);
  xml.close();
  xml.close();
}

void write_errors(XmlWriter& xml, const Fleet& f) {
  xml.open("errorSet");
  for (const FleetError& e : f.errors) {
    xml.open("item");
    write_template_and_overrides(xml, "launchTemplateAndOverrides", f.pools[e.pool]);
    xml.leaf("lifecycle", e.lifecycle == "spot" ? "spot" : "on-demand");
    xml.leaf("errorCode", e.code).leaf("errorMessage", e.message);
    xml.close();
  }
  xml.close();
}

void write_instances(XmlWriter& xml, const Fleet& f, Ec2Partition& part) {
  xml.open("fleetInstanceSet");
  // One entry per (pool, lifecycle), as EC2 groups them.
  std::vector<std::pair<std::size_t, std::string>> groups;
  for (const FleetInstance& i : f.instances) {
    const std::pair<std::size_t, std::string> key{i.pool, i.lifecycle};
    if (std::find(groups.begin(), groups.end(), key) == groups.end()) groups.push_back(key);
  }
  for (const auto& [pool, lifecycle] : groups) {
    xml.open("item");
    write_template_and_overrides(xml, "launchTemplateAndOverrides", f.pools[pool]);
    xml.leaf("lifecycle", lifecycle);
    xml.open("instanceIds");
    std::string type;
    for (const FleetInstance& i : f.instances) {
      if (i.pool != pool || i.lifecycle != lifecycle) continue;
      xml.leaf("item", i.instance_id);
      if (const Instance* inst = part.find_instance(i.instance_id)) type = inst->instance_type;
    }
    xml.close();
    if (!type.empty()) xml.leaf("instanceType", type);
    xml.close();
  }
  xml.close();
}

HttpResponse create_fleet(Ec2Call& call) {
  Fleet request = decode_fleet(call.params);
  const bool dry = dry_run(call.params);
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    const Fleet f = call.model.create_fleet(part, std::move(request), dry, now);
    xml.leaf("fleetId", f.id);
    if (f.type == "instant") {
      write_errors(xml, f);
      write_instances(xml, f, part);
    }
    return 0;
  });
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

void write_fleet(XmlWriter& xml, const Fleet& f, Ec2Partition& part) {
  xml.open("item");
  xml.leaf("activityStatus", f.activity_status);
  xml.leaf("createTime", core::format_iso8601_ms(f.create_time));
  xml.leaf("fleetId", f.id);
  xml.leaf("fleetState", f.state);
  xml.leaf("excessCapacityTerminationPolicy", "termination");
  double spot = 0, on_demand = 0;
  for (const FleetInstance& i : f.instances) {
    (i.lifecycle == "spot" ? spot : on_demand) += f.pools[i.pool].weight;
  }
  xml.leaf("fulfilledCapacity", format_price(spot + on_demand));
  xml.leaf("fulfilledOnDemandCapacity", format_price(on_demand));
  xml.open("launchTemplateConfigs");
  for (const FleetPool& pool : f.pools) {
    xml.open("item");
    xml.open("launchTemplateSpecification");
    if (!pool.template_id.empty()) xml.leaf("launchTemplateId", pool.template_id);
    if (!pool.template_name.empty()) xml.leaf("launchTemplateName", pool.template_name);
    if (!pool.template_version.empty()) xml.leaf("version", pool.template_version);
    xml.close();
    xml.open("overrides").open("item");
    if (!pool.instance_type.empty()) xml.leaf("instanceType", pool.instance_type);
    if (pool.max_price) xml.leaf("maxPrice", format_price(*pool.max_price));
    if (!pool.subnet_id.empty()) xml.leaf("subnetId", pool.subnet_id);
    if (!pool.zone.empty()) xml.leaf("availabilityZone", pool.zone);
    if (pool.weight != 1) xml.leaf("weightedCapacity", format_price(pool.weight));
    if (pool.priority) xml.leaf("priority", format_price(*pool.priority));
    xml.close().close();
    xml.close();
  }
  xml.close();
  xml.open("targetCapacitySpecification")
      .leaf("totalTargetCapacity", f.total_target)
      .leaf("onDemandTargetCapacity", f.on_demand_target)
      .leaf("spotTargetCapacity", f.spot_target)
      .leaf("defaultTargetCapacityType", f.default_target_type)
      .close();
  xml.leaf("terminateInstancesWithExpiration", f.terminate_with_expiration);
  xml.leaf("type", f.type);
  if (f.valid_from) xml.leaf("validFrom", core::format_iso8601_ms(*f.valid_from));
  if (f.valid_until) xml.leaf("validUntil", core::format_iso8601_ms(*f.valid_until));
  xml.leaf("replaceUnhealthyInstances", f.replace_unhealthy);
  xml.open("spotOptions")
      .leaf("allocationStrategy", f.spot_strategy)
      .leaf("instanceInterruptionBehavior", f.spot_interruption_behavior)
      .close();
  xml.open("onDemandOptions").leaf("allocationStrategy", f.on_demand_strategy).close();
  write_tag_set(xml, f.tags);
  if (f.type == "instant") {
    write_errors(xml, f);
    write_instances(xml, f, part);
  }
  xml.close();
}

HttpResponse describe_fleets(Ec2Call& call) {
  const std::vector<std::string> ids = call.params.list("FleetId");
  const std::vector<Filter> filters = decode_filters(call.params);
  refuse_unimplemented(call.params, {"MaxResults", "NextToken"});
  const bool dry = dry_run(call.params);
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    const auto fleets = call.model.describe_fleets(part, ids, filters);
    if (dry) throw dry_run_succeeded();
    xml.open("fleetSet");
    for (const Fleet& f : fleets) write_fleet(xml, f, part);
    xml.close();
    return 0;
  });
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_fleet_instances(Ec2Call& call) {
  const std::string id = required(call.params, "FleetId");
  refuse_unimplemented(call.params, {"MaxResults", "NextToken"});
  // The one filter the API documents: instance-type.
  const std::vector<Filter> filters = decode_filters(call.params);
  for (const Filter& f : filters) {
    if (f.name != "instance-type") {
      throw ServiceError("InvalidParameterValue", "The filter '" + f.name + "' is invalid");
    }
  }
  const bool dry = dry_run(call.params);
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  call.run([&](Ec2Partition& part, core::TimeMs) {
    const Fleet& f = call.model.require_fleet(part, id);
    if (dry) throw dry_run_succeeded();
    xml.open("activeInstanceSet");
    for (const FleetInstance& i : f.instances) {
      const Instance* inst = part.find_instance(i.instance_id);
      if (!inst) continue;
      const bool wanted = std::all_of(filters.begin(), filters.end(), [&](const Filter& filter) {
        return matches_any(filter.values, inst->instance_type);
      });
      if (!wanted) continue;
      xml.open("item").leaf("instanceId", i.instance_id).leaf("instanceType", inst->instance_type);
      if (inst->spot) xml.leaf("spotInstanceRequestId", inst->spot_request_id);
      xml.leaf("instanceHealth", "healthy");
      xml.close();
    }
    xml.close();
    xml.leaf("fleetId", id);
    return 0;
  });
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse describe_fleet_history(Ec2Call& call) {
  const std::string id = required(call.params, "FleetId");
  const auto start = time_param(call.params, "StartTime");
  if (!start) {
    throw ServiceError("MissingParameter", "The request must contain the parameter StartTime");
  }
  const std::string event_type = call.params.str_or("EventType", "");
  if (!event_type.empty() && event_type != "instanceChange" && event_type != "fleetRequestChange" &&
      event_type != "error" && event_type != "information") {
    throw ServiceError("InvalidParameterValue",
                       "Value (" + event_type + ") for parameter EventType is invalid.");
  }
  refuse_unimplemented(call.params, {"MaxResults", "NextToken"});
  const bool dry = dry_run(call.params);
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  call.run([&](Ec2Partition& part, core::TimeMs now) {
    const Fleet& f = call.model.require_fleet(part, id);
    if (dry) throw dry_run_succeeded();
    xml.open("historyRecordSet");
    for (const FleetHistoryRecord& r : f.history) {
      if (r.at < *start || (!event_type.empty() && r.event_type != event_type)) continue;
      xml.open("item");
      xml.open("eventInformation");
      if (!r.description.empty()) xml.leaf("eventDescription", r.description);
      xml.leaf("eventSubType", r.sub_type);
      if (!r.instance_id.empty()) xml.leaf("instanceId", r.instance_id);
      xml.close();
      xml.leaf("eventType", r.event_type);
      xml.leaf("timestamp", core::format_iso8601_ms(r.at));
      xml.close();
    }
    xml.close();
    xml.leaf("lastEvaluatedTime", core::format_iso8601_ms(now));
    xml.leaf("fleetId", id);
    xml.leaf("startTime", core::format_iso8601_ms(*start));
    return 0;
  });
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
}

HttpResponse delete_fleets(Ec2Call& call) {
  const std::vector<std::string> ids = required_list(call.params, "FleetId", "FleetId");
  const auto terminate = call.params.boolean("TerminateInstances");
  if (!terminate) {
    throw ServiceError("MissingParameter",
                       "The request must contain the parameter TerminateInstances");
  }
  const bool dry = dry_run(call.params);
  const auto results = call.run([&](Ec2Partition& part, core::TimeMs now) {
    return call.model.delete_fleets(part, ids, *terminate, dry, now);
  });
  XmlWriter xml = protocol::begin_ec2_response(call.ctx.action, call.ctx.request_id);
  xml.open("successfulFleetDeletionSet");
  for (const auto& r : results) {
    if (!r.error_code.empty()) continue;
    xml.open("item")
        .leaf("currentFleetState", r.current_state)
        .leaf("previousFleetState", r.previous_state)
        .leaf("fleetId", r.fleet_id)
        .close();
  }
  xml.close();
  xml.open("unsuccessfulFleetDeletionSet");
  for (const auto& r : results) {
    if (r.error_code.empty()) continue;
    xml.open("item");
    xml.open("error").leaf("code", r.error_code).leaf("message", r.error_message).close();
    xml.leaf("fleetId", r.fleet_id);
    xml.close();
  }
  xml.close();
  return protocol::finish_ec2_response(xml, call.ctx.request_id);
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
