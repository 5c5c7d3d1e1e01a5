#include "ecs/api/instance_reads.h"

#include <sstream>

#include "ecs/ecs_errors.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

std::vector<Instance> instances(EcsCall& c, const std::vector<std::string>& ids) {
  return c.transact([&](EcsPartition& scope, core::TimeMs now) {
    std::vector<Instance> out;
    for (const std::string& id : ids) out.push_back(c.model.describe_instance(scope, id, now));
    return out;
  });
}

json describe_user_data(EcsCall& c) {
  const std::string region = c.params.required("RegionId");
  const std::string id = c.params.required("InstanceId");
  const Instance i = instances(c, {id}).front();
  return json{{"InstanceId", i.instance_id}, {"RegionId", region}, {"UserData", i.user_data}};
}

// RAM roles are not modelled (RunInstances refuses RamRoleName), so no instance has one.
json describe_instance_ram_role(EcsCall& c) {
  const std::string region = c.params.required("RegionId");
  const auto ids = c.params.json_array("InstanceIds", "InvalidInstanceIds.Malformed");
  if (!ids || ids->empty()) throw errors::missing_parameter("InstanceIds");
  instances(c, *ids);
  return json{{"RegionId", region},
              {"TotalCount", 0},
              {"InstanceRamRoleSets", {{"InstanceRamRoleSet", json::array()}}}};
}

// The documented defaults: recover automatically, no notification, the 02:00–03:00 UTC window.
// cloudlife does not model changing them (ModifyInstanceMaintenanceAttributes is not served).
json describe_instance_maintenance_attributes(EcsCall& c) {
  c.params.required("RegionId");
  const auto ids = c.params.list("InstanceId");
  if (ids.empty()) throw errors::missing_parameter("InstanceId");
  json list = json::array();
  for (const Instance& i : instances(c, ids)) {
    list.push_back(
        {{"InstanceId", i.instance_id},
         {"NotifyOnMaintenance", false},
         {"ActionOnMaintenance",
          {{"Value", "AutoRecover"},
           {"DefaultValue", "AutoRecover"},
           {"SupportedValues",
            {{"SupportedValue", json::array({"Stop", "AutoRecover", "AutoRedeploy"})}}}}},
         {"MaintenanceWindows",
          {{"MaintenanceWindow",
            json::array({{{"StartTime", "02:00:00Z"}, {"EndTime", "03:00:00Z"}}})}}}});
  }
  return json{{"MaintenanceAttributes", {{"MaintenanceAttribute", list}}},
              {"TotalCount", static_cast<int>(list.size())},
              {"PageNumber", 1},
              {"PageSize", static_cast<int>(list.size())}};
}

json describe_instance_auto_renew_attribute(EcsCall& c) {
  c.params.required("RegionId");
  const auto ids = comma_list(c.params.required("InstanceId"));
  if (ids.size() > 100) throw errors::invalid_parameter("InstanceId");
  json list = json::array();
  for (const Instance& i : instances(c, ids)) {
    const bool prepaid = i.charge_type == ChargeType::kPrePaid;
    list.push_back({{"InstanceId", i.instance_id},
                    {"AutoRenewEnabled", prepaid && i.auto_renew},
                    {"Duration", prepaid ? i.auto_renew_period : 0},
                    {"PeriodUnit", prepaid ? i.period_unit : "Month"},
                    {"RenewalStatus", prepaid && i.auto_renew ? "AutoRenewal" : "Normal"}});
  }
  return json{{"InstanceRenewAttributes", {{"InstanceRenewAttribute", list}}},
              {"TotalCount", static_cast<int>(list.size())},
              {"PageNumber", 1},
              {"PageSize", static_cast<int>(list.size())}};
}

json modify_instance_auto_renew_attribute(EcsCall& c) {
  c.params.required("RegionId");
  const auto ids = comma_list(c.params.required("InstanceId"));
  std::optional<bool> auto_renew = c.params.boolean("AutoRenew");
  if (auto status = c.params.opt("RenewalStatus"); status && !status->empty()) {
    if (*status != "AutoRenewal" && *status != "Normal" && *status != "NotRenewal") {
      throw errors::invalid_parameter("RenewalStatus");
    }
    auto_renew = *status == "AutoRenewal";
  }
  if (!auto_renew) throw errors::missing_parameter("AutoRenew");
  std::optional<int> duration;
  if (auto d = c.params.integer("Duration")) duration = static_cast<int>(*d);
  const std::string unit = c.params.str("PeriodUnit", "Month");
  c.transact([&](EcsPartition& scope, core::TimeMs) {
    c.model.modify_auto_renew(scope, ids, *auto_renew, duration, unit);
  });
  return json::object();
}

}  // namespace

void add_instance_read_actions(std::map<std::string, ActionHandler, std::less<>>& actions) {
  actions.emplace("DescribeUserData", describe_user_data);
  actions.emplace("DescribeInstanceRamRole", describe_instance_ram_role);
  actions.emplace("DescribeInstanceMaintenanceAttributes",
                  describe_instance_maintenance_attributes);
  actions.emplace("DescribeInstanceAutoRenewAttribute", describe_instance_auto_renew_attribute);
  actions.emplace("ModifyInstanceAutoRenewAttribute", modify_instance_auto_renew_attribute);
}

}  // namespace cloudlife::ecs::api
