#include "ecs/api/network_interface_actions.h"

#include "core/ids.h"
#include "ecs/api/ecs_encode.h"
#include "ecs/ecs_errors.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

// SecurityGroupId (one) and SecurityGroupIds.N (several), as CreateNetworkInterface takes them.
std::vector<std::string> security_groups(const Params& p, const char* list_name) {
  std::vector<std::string> ids;
  if (auto one = p.opt("SecurityGroupId"); one && !one->empty()) ids.push_back(*one);
  for (const std::string& id : p.list(list_name)) ids.push_back(id);
  return ids;
}

std::optional<int> small_int(const Params& p, const std::string& name) {
  const auto v = p.integer(name);
  if (!v) return std::nullopt;
  if (*v < -1000000 || *v > 1000000) throw errors::invalid_parameter(name);
  return static_cast<int>(*v);
}

json create_network_interface(EcsCall& c) {
  CreateNetworkInterfaceRequest req;
  req.region_id = c.params.required("RegionId");
  req.vswitch_id = c.params.required("VSwitchId");
  req.security_group_ids = security_groups(c.params, "SecurityGroupIds");
  req.name = c.params.str("NetworkInterfaceName");
  req.description = c.params.str("Description");
  req.primary_ip = c.params.str("PrimaryIpAddress");
  req.secondary_ips = c.params.list("PrivateIpAddress");
  req.secondary_count = small_int(c.params, "SecondaryPrivateIpAddressCount").value_or(0);
  req.resource_group_id = c.params.str("ResourceGroupId");
  req.tags = c.params.tags();
  req.dry_run = c.params.flag("DryRun");
  const NetworkInterface eni = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.create_network_interface(scope, req, now);
  });
  c.created_ids.push_back(eni.network_interface_id);
  // The answer carries the new ENI's attributes, as the API reference documents it.
  json body = network_interface_json(eni);
  json out{{"NetworkInterfaceId", eni.network_interface_id}};
  for (const char* field :
       {"Status", "Type", "VpcId", "VSwitchId", "ZoneId", "PrivateIpAddress", "MacAddress",
        "NetworkInterfaceName", "Description", "ResourceGroupId", "OwnerId", "SecurityGroupIds",
        "PrivateIpSets", "Ipv6Sets", "Ipv4PrefixSets", "Ipv6PrefixSets", "Tags"}) {
    out[field] = body[field];
  }
  out["ServiceManaged"] = false;
  return out;
}

json describe_network_interfaces(EcsCall& c) {
  NetworkInterfaceFilter f;
  f.region_id = c.params.required("RegionId");
  f.ids = c.params.list("NetworkInterfaceId");
  f.vswitch_id = c.params.str("VSwitchId");
  f.vpc_id = c.params.str("VpcId");
  f.instance_id = c.params.str("InstanceId");
  f.type = c.params.str("Type");
  f.status = c.params.str("Status");
  f.name = c.params.str("NetworkInterfaceName");
  f.primary_ip = c.params.str("PrimaryIpAddress");
  f.security_group_id = c.params.str("SecurityGroupId");
  f.resource_group_id = c.params.str("ResourceGroupId");
  f.private_ips = c.params.list("PrivateIpAddress");
  f.tags = c.params.tags();
  const PageRequest page = c.params.page(10, 500, true);
  const NetworkInterfacePage result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.describe_network_interfaces(scope, f, page, now);
  });
  json list = json::array();
  for (const NetworkInterface& e : result.enis) list.push_back(network_interface_json(e));
  json body{{"NetworkInterfaceSets", {{"NetworkInterfaceSet", list}}}};
  add_page_fields(body, result.page);
  return body;
}

json attach_network_interface(EcsCall& c) {
  const std::string eni = c.params.required("NetworkInterfaceId");
  const std::string instance = c.params.required("InstanceId");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.attach_network_interface(scope, eni, instance, now);
  });
  return json::object();
}

json detach_network_interface(EcsCall& c) {
  const std::string eni = c.params.required("NetworkInterfaceId");
  const std::string instance = c.params.required("InstanceId");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.detach_network_interface(scope, eni, instance, now);
  });
  return json::object();
}

json delete_network_interface(EcsCall& c) {
  const std::string eni = c.params.required("NetworkInterfaceId");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.delete_network_interface(scope, eni, now);
  });
  return json::object();
}

json modify_network_interface_attribute(EcsCall& c) {
  NetworkInterfaceChange change;
  change.network_interface_id = c.params.required("NetworkInterfaceId");
  change.name = c.params.opt("NetworkInterfaceName");
  change.description = c.params.opt("Description");
  const auto groups = c.params.list("SecurityGroupId");
  if (!groups.empty()) change.security_group_ids = groups;
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.modify_network_interface(scope, change, now);
  });
  return json::object();
}

json assign_private_ip_addresses(EcsCall& c) {
  PrivateIpAssignment req;
  req.region_id = c.params.required("RegionId");
  req.network_interface_id = c.params.required("NetworkInterfaceId");
  req.ips = c.params.list("PrivateIpAddress");
  req.count = small_int(c.params, "SecondaryPrivateIpAddressCount");
  const std::vector<std::string> ips = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.assign_private_ips(scope, req, now);
  });
  return json{{"AssignedPrivateIpAddressesSet",
               {{"NetworkInterfaceId", req.network_interface_id},
                {"PrivateIpSet", {{"PrivateIpAddress", ips}}}}}};
}

json unassign_private_ip_addresses(EcsCall& c) {
  c.params.required("RegionId");
  const std::string eni = c.params.required("NetworkInterfaceId");
  const std::vector<std::string> ips = c.params.list("PrivateIpAddress");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.unassign_private_ips(scope, eni, ips, now);
  });
  return json::object();
}

json modify_instance_spec(EcsCall& c) {
  InstanceSpecChange change;
  change.instance_id = c.params.required("InstanceId");
  change.instance_type = c.params.str("InstanceType");
  change.internet_max_bandwidth_out = small_int(c.params, "InternetMaxBandwidthOut");
  change.internet_max_bandwidth_in = small_int(c.params, "InternetMaxBandwidthIn");
  change.dry_run = c.params.flag("DryRun");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.modify_instance_spec(scope, change, now);
  });
  return json::object();
}

json modify_prepay_instance_spec(EcsCall& c) {
  c.params.required("RegionId");
  PrepaySpecChange change;
  change.instance_id = c.params.required("InstanceId");
  change.instance_type = c.params.required("InstanceType");
  change.operator_type = c.params.str("OperatorType", "upgrade");
  change.reboot_when_finished = c.params.flag("RebootWhenFinished");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.modify_prepay_instance_spec(scope, change, now);
  });
  return json{
      {"OrderId", std::to_string(core::random_between(200000000000000LL, 299999999999999LL))}};
}

json modify_instance_vpc_attribute(EcsCall& c) {
  InstanceVpcChange change;
  change.instance_id = c.params.required("InstanceId");
  change.vswitch_id = c.params.required("VSwitchId");
  change.vpc_id = c.params.str("VpcId");
  change.private_ip = c.params.str("PrivateIpAddress");
  const auto groups = c.params.list("SecurityGroupId");
  if (!groups.empty()) change.security_group_ids = groups;
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    c.model.modify_instance_vpc_attribute(scope, change, now);
  });
  return json::object();
}

}  // namespace

void add_network_interface_actions(std::map<std::string, ActionHandler, std::less<>>& actions) {
  actions["CreateNetworkInterface"] = create_network_interface;
  actions["DescribeNetworkInterfaces"] = describe_network_interfaces;
  actions["AttachNetworkInterface"] = attach_network_interface;
  actions["DetachNetworkInterface"] = detach_network_interface;
  actions["DeleteNetworkInterface"] = delete_network_interface;
  actions["ModifyNetworkInterfaceAttribute"] = modify_network_interface_attribute;
  actions["AssignPrivateIpAddresses"] = assign_private_ip_addresses;
  actions["UnassignPrivateIpAddresses"] = unassign_private_ip_addresses;
  actions["ModifyInstanceSpec"] = modify_instance_spec;
  actions["ModifyPrepayInstanceSpec"] = modify_prepay_instance_spec;
  actions["ModifyInstanceVpcAttribute"] = modify_instance_vpc_attribute;
}

}  // namespace cloudlife::ecs::api
