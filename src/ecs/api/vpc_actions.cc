#include "ecs/api/vpc_actions.h"

#include <sstream>

#include "ecs/api/ecs_encode.h"
#include "ecs/api/eip_association_actions.h"
#include "ecs/ecs_errors.h"

namespace cloudlife::ecs::api {
namespace {

using nlohmann::json;

// "vpc-1,vpc-2": the VPC API's comma-separated ID lists.
NameChange name_change(const Params& p, const char* name_param) {
  return NameChange{p.opt(name_param), p.opt("Description")};
}

void add_vpc_page(json& body, const PageInfo& page) {
  body["TotalCount"] = page.total_count;
  body["PageNumber"] = page.page_number;
  body["PageSize"] = page.page_size;
}

json create_vpc(EcsCall& c) {
  CreateVpcRequest req;
  req.region_id = c.params.required("RegionId");
  req.cidr_block = c.params.str("CidrBlock");
  req.vpc_name = c.params.str("VpcName");
  req.description = c.params.str("Description");
  req.resource_group_id = c.params.str("ResourceGroupId");
  req.tags = c.params.tags();
  req.dry_run = c.params.flag("DryRun");
  const Vpc vpc = c.transact(
      [&](EcsPartition& scope, core::TimeMs now) { return c.model.create_vpc(scope, req, now); });
  c.created_ids.push_back(vpc.vpc_id);
  return json{{"VpcId", vpc.vpc_id},
              {"VRouterId", vpc.vrouter_id},
              {"RouteTableId", vpc.route_table_id},
              {"ResourceGroupId", vpc.resource_group_id}};
}

json describe_vpcs(EcsCall& c) {
  VpcFilter f;
  f.region_id = c.params.required("RegionId");
  f.vpc_ids = comma_list(c.params.str("VpcId"));
  f.vpc_name = c.params.str("VpcName");
  f.is_default = c.params.boolean("IsDefault");
  f.resource_group_id = c.params.str("ResourceGroupId");
  f.tags = c.params.tags();
  const PageRequest page = c.params.page(10, 50, false);
  const VpcPage result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.describe_vpcs(scope, f, page, now);
  });
  json list = json::array();
  for (const Vpc& v : result.vpcs) list.push_back(vpc_json(v));
  json body{{"Vpcs", {{"Vpc", list}}}};
  add_vpc_page(body, result.page);
  return body;
}

json describe_vpc_attribute(EcsCall& c) {
  const std::string id = c.params.required("VpcId");
  const Vpc v = c.transact(
      [&](EcsPartition& scope, core::TimeMs now) { return c.model.describe_vpc(scope, id, now); });
  json body = vpc_json(v);
  // DescribeVpcs' members DescribeVpcAttribute does not have.
  for (const char* listed_only : {"CenStatus", "NatGatewayIds", "RouterTableIds"}) {
    body.erase(listed_only);
  }
  body["ClassicLinkEnabled"] = false;
  body["CloudResources"] = {
      {"CloudResourceSetType",
       json::array({{{"ResourceType", "VSwitch"},
                     {"ResourceCount", static_cast<int>(v.vswitch_ids.size())}}})}};
  return body;
}

json modify_vpc_attribute(EcsCall& c) {
  const std::string id = c.params.required("VpcId");
  const NameChange change = name_change(c.params, "VpcName");
  c.transact([&](EcsPartition& scope, core::TimeMs) { c.model.modify_vpc(scope, id, change); });
  return json::object();
}

json delete_vpc(EcsCall& c) {
  const std::string id = c.params.required("VpcId");
  const bool dry_run = c.params.flag("DryRun");
  c.transact([&](EcsPartition& scope, core::TimeMs now) {
    if (dry_run) {
      c.model.describe_vpc(scope, id, now);
      throw errors::dry_run_operation();
    }
    c.model.delete_vpc(scope, id, now);
  });
  return json::object();
}

json create_default_vpc(EcsCall& c) {
  c.params.required("RegionId");
  const Vpc vpc = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.create_default_vpc(scope, now);
  });
  c.created_ids.push_back(vpc.vpc_id);
  return json{
      {"VpcId", vpc.vpc_id}, {"VRouterId", vpc.vrouter_id}, {"RouteTableId", vpc.route_table_id}};
}

json create_default_vswitch(EcsCall& c) {
  c.params.required("RegionId");
  const std::string zone = c.params.required("ZoneId");
  const VSwitch v = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.create_default_vswitch(scope, zone, now);
  });
  c.created_ids.push_back(v.vswitch_id);
  return json{{"VSwitchId", v.vswitch_id}};
}

json create_vswitch(EcsCall& c) {
  CreateVSwitchRequest req;
  req.region_id = c.params.required("RegionId");
  req.vpc_id = c.params.required("VpcId");
  req.zone_id = c.params.required("ZoneId");
  req.cidr_block = c.params.required("CidrBlock");
  req.vswitch_name = c.params.str("VSwitchName");
  req.description = c.params.str("Description");
  req.tags = c.params.tags();
  const VSwitch v = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.create_vswitch(scope, req, now);
  });
  c.created_ids.push_back(v.vswitch_id);
  return json{{"VSwitchId", v.vswitch_id}};
}

json describe_vswitches(EcsCall& c) {
  VSwitchFilter f;
  f.region_id = c.params.required("RegionId");
  f.vpc_id = c.params.str("VpcId");
  f.zone_id = c.params.str("ZoneId");
  f.vswitch_ids = comma_list(c.params.str("VSwitchId"));
  f.vswitch_name = c.params.str("VSwitchName");
  f.is_default = c.params.boolean("IsDefault");
  f.tags = c.params.tags();
  const PageRequest page = c.params.page(10, 50, false);
  const VSwitchPage result = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.describe_vswitches(scope, f, page, now);
  });
  json list = json::array();
  for (const VSwitch& v : result.vswitches) list.push_back(vswitch_json(v));
  json body{{"VSwitches", {{"VSwitch", list}}}};
  add_vpc_page(body, result.page);
  return body;
}

json describe_vswitch_attributes(EcsCall& c) {
  const std::string id = c.params.required("VSwitchId");
  const VSwitch v = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.describe_vswitch(scope, id, now);
  });
  json body = vswitch_json(v);
  body["CloudResources"] = {
      {"CloudResourceSetType",
       json::array({{{"ResourceType", "ECS"}, {"ResourceCount", v.instance_count}}})}};
  return body;
}

json modify_vswitch_attribute(EcsCall& c) {
  const std::string id = c.params.required("VSwitchId");
  const NameChange change = name_change(c.params, "VSwitchName");
  c.transact([&](EcsPartition& scope, core::TimeMs) { c.model.modify_vswitch(scope, id, change); });
  return json::object();
}

json delete_vswitch(EcsCall& c) {
  const std::string id = c.params.required("VSwitchId");
  c.transact(
      [&](EcsPartition& scope, core::TimeMs now) { c.model.delete_vswitch(scope, id, now); });
  return json::object();
}

// --- EIPs (the VPC API's defaults: PayByBandwidth, 5 Mbit/s)
// ---------------------------------------

int bandwidth_param(const Params& p, int fallback) {
  const auto v = p.integer("Bandwidth");
  if (!v) return fallback;
  if (*v < 1 || *v > 500) {
    throw core::ServiceError("InvalidBandwidth", "Specified bandwidth is not valid.", 400);
  }
  return static_cast<int>(*v);
}

json vpc_allocate_eip_address(EcsCall& c) {
  c.params.required("RegionId");
  const int bandwidth = bandwidth_param(c.params, 5);
  const std::string charge = c.params.str("InternetChargeType", "PayByBandwidth");
  const NameChange names = name_change(c.params, "Name");
  const EipAddress eip = c.transact([&](EcsPartition& scope, core::TimeMs now) {
    return c.model.allocate_eip(scope, bandwidth, charge, now, names);
  });
  c.created_ids.push_back(eip.allocation_id);
  return json{
      {"AllocationId", eip.allocation_id}, {"EipAddress", eip.ip_address}, {"ResourceGroupId", ""}};
}

json modify_eip_address_attribute(EcsCall& c) {
  const std::string allocation = c.params.required("AllocationId");
  const auto bandwidth = c.params.opt("Bandwidth");
  const std::optional<int> bw = bandwidth && !bandwidth->empty()
                                    ? std::optional<int>(bandwidth_param(c.params, 5))
                                    : std::nullopt;
  const NameChange names = name_change(c.params, "Name");
  c.transact(
      [&](EcsPartition& scope, core::TimeMs) { c.model.modify_eip(scope, allocation, bw, names); });
  return json::object();
}

json vpc_describe_eip_addresses(EcsCall& c) {
  EipFilter f;
  f.region_id = c.params.required("RegionId");
  const auto ids = comma_list(c.params.str("AllocationId"));
  if (ids.size() > 1) throw errors::invalid_parameter("AllocationId");
  f.allocation_id = ids.empty() ? "" : ids.front();
  f.ip_address = c.params.str("EipAddress");
  f.status = c.params.str("Status");
  f.associated_instance_id = c.params.str("AssociatedInstanceId");
  const PageRequest page = c.params.page(10, 100, false);
  const EipPage result = c.transact(
      [&](EcsPartition& scope, core::TimeMs) { return c.model.describe_eips(scope, f, page); });
  json list = json::array();
  for (const EipAddress& e : result.eips) list.push_back(eip_json(e));
  json body{{"EipAddresses", {{"EipAddress", list}}}};
  add_vpc_page(body, result.page);
  return body;
}

}  // namespace

// --- tags (both APIs)
// -----------------------------------------------------------------------------

json tag_resources(EcsCall& c) {
  c.params.required("RegionId");
  const std::string type = c.params.required("ResourceType");
  const auto ids = c.params.list("ResourceId");
  const auto tags = c.params.tags();
  c.transact(
      [&](EcsPartition& scope, core::TimeMs) { c.model.tag_resources(scope, type, ids, tags); });
  return json::object();
}

json untag_resources(EcsCall& c) {
  c.params.required("RegionId");
  const std::string type = c.params.required("ResourceType");
  const auto ids = c.params.list("ResourceId");
  const auto keys = c.params.list("TagKey");
  const bool all = c.params.flag("All");
  if (keys.empty() && !all) throw errors::missing_parameter("TagKey");
  c.transact([&](EcsPartition& scope, core::TimeMs) {
    c.model.untag_resources(scope, type, ids, keys, all);
  });
  return json::object();
}

json list_tag_resources(EcsCall& c) {
  c.params.required("RegionId");
  const std::string type = c.params.required("ResourceType");
  const auto ids = c.params.list("ResourceId");
  const auto tags = c.params.tags();
  const auto found = c.transact([&](EcsPartition& scope, core::TimeMs) {
    return c.model.list_tag_resources(scope, type, ids, tags);
  });
  json list = json::array();
  for (const auto& t : found) {
    list.push_back({{"ResourceId", t.resource_id},
                    {"ResourceType", t.resource_type},
                    {"TagKey", t.tag.key},
                    {"TagValue", t.tag.value}});
  }
  return json{{"TagResources", {{"TagResource", list}}}, {"NextToken", ""}};
}

const std::map<std::string, ActionHandler, std::less<>>& vpc_actions() {
  static const std::map<std::string, ActionHandler, std::less<>> kActions = [] {
    std::map<std::string, ActionHandler, std::less<>> actions = {
        {"CreateVpc", create_vpc},
        {"DescribeVpcs", describe_vpcs},
        {"DescribeVpcAttribute", describe_vpc_attribute},
        {"ModifyVpcAttribute", modify_vpc_attribute},
        {"DeleteVpc", delete_vpc},
        {"CreateVSwitch", create_vswitch},
        {"CreateDefaultVpc", create_default_vpc},
        {"CreateDefaultVSwitch", create_default_vswitch},
        {"DescribeVSwitches", describe_vswitches},
        {"DescribeVSwitchAttributes", describe_vswitch_attributes},
        {"ModifyVSwitchAttribute", modify_vswitch_attribute},
        {"DeleteVSwitch", delete_vswitch},
        {"AllocateEipAddress", vpc_allocate_eip_address},
        {"ModifyEipAddressAttribute", modify_eip_address_attribute},
        {"DescribeEipAddresses", vpc_describe_eip_addresses},
        {"TagResources", tag_resources},
        {"UnTagResources", untag_resources},
        {"ListTagResources", list_tag_resources},
    };
    add_eip_association_actions(actions);
    return actions;
  }();
  return kActions;
}

}  // namespace cloudlife::ecs::api
