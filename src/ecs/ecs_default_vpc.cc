// The default network of a region: CreateDefaultVpc (one per region, 172.16.0.0/12) and
// CreateDefaultVSwitch (one per zone, the next free /20 of the default VPC), both listed with
// IsDefault true; and the default vSwitch a launch without VSwitchId goes into. The VPC API
// reference documents the operations; the refusals' codes are cloudlife's (docs/ecs.md, "The
// default network"). Both read Pending, then Available, as their non-default kin.
#include <algorithm>

#include "core/ids.h"
#include "ecs/cidr.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"

namespace cloudlife::ecs {
namespace {

using core::ServiceError;

const Vpc* default_vpc(const EcsPartition& p) {
  for (const auto& [id, v] : p.vpcs) {
    if (v.is_default) return &v;
  }
  return nullptr;
}

}  // namespace

// The next /20 of 172.16.0.0/12 that no vSwitch of the VPC overlaps ("" when all 256 are taken).
std::string next_default_vswitch_block(const std::vector<std::string>& taken) {
  for (std::uint32_t n = 0; n < 256; ++n) {
    const std::string text =
        "172." + std::to_string(16 + n / 16) + "." + std::to_string((n % 16) * 16) + ".0/20";
    const Cidr block = *parse_cidr(text);
    const bool free = std::none_of(taken.begin(), taken.end(), [&](const std::string& t) {
      const auto other = parse_cidr(t);
      return other && other->overlaps(block);
    });
    if (free) return text;
  }
  return "";
}

Vpc EcsModel::create_default_vpc(EcsPartition& scope, core::TimeMs now) {
  const std::string& region_id = scope.key.region;
  if (region_id.empty()) throw errors::missing_parameter("RegionId");
  if (!find_region(region_id)) throw errors::region_not_found(region_id);
  if (default_vpc(scope)) {
    throw ServiceError("OperationFailed.DefaultVpcExist",
                       "The default VPC already exists in the region.", 400);
  }
  CreateVpcRequest req;
  req.region_id = region_id;
  req.cidr_block = "172.16.0.0/12";
  const Vpc created = create_vpc(scope, req, now);
  EcsPartition& p = scope;
  p.vpcs.at(created.vpc_id).is_default = true;
  return vpc_view(p, p.vpcs.at(created.vpc_id), now);
}

VSwitch EcsModel::create_default_vswitch(EcsPartition& scope, const std::string& zone_id,
                                         core::TimeMs now) {
  const std::string& region_id = scope.key.region;
  if (region_id.empty()) throw errors::missing_parameter("RegionId");
  if (zone_id.empty()) throw errors::missing_parameter("ZoneId");
  EcsPartition& p = scope;
  const Vpc* vpc = default_vpc(p);
  if (!vpc) {
    throw ServiceError("OperationFailed.DefaultVpcNotExist",
                       "The default VPC does not exist in the region.", 400);
  }
  std::vector<std::string> taken;
  for (const auto& [id, v] : p.vswitches) {
    if (v.vpc_id != vpc->vpc_id) continue;
    if (v.is_default && v.zone_id == zone_id) {
      throw ServiceError("OperationFailed.DefaultVSwitchExist",
                         "The default vSwitch already exists in the zone.", 400);
    }
    taken.push_back(v.cidr_block);
  }
  CreateVSwitchRequest req;
  req.region_id = region_id;
  req.vpc_id = vpc->vpc_id;
  req.zone_id = zone_id;
  req.cidr_block = next_default_vswitch_block(taken);
  if (req.cidr_block.empty()) {
    throw ServiceError("QuotaExceeded.VSwitch", "Virtual switch quota exceeded.", 400);
  }
  const VSwitch created = create_vswitch(scope, req, now);
  VSwitch& stored = p.vswitches.at(created.vswitch_id);
  stored.is_default = true;
  return vswitch_view(p, stored, now);
}

std::string EcsModel::default_vswitch_for(const EcsPartition& scope, const LaunchRequest& req,
                                          core::TimeMs now) {
  const EcsPartition& p = scope;
  const Vpc* vpc = default_vpc(p);
  const RegionInfo* region = find_region(req.region_id);
  if (!vpc || !region) return "";
  auto in_zone = [&](const std::string& zone) -> std::string {
    for (const auto& [id, v] : p.vswitches) {
      if (v.is_default && v.vpc_id == vpc->vpc_id && v.zone_id == zone && now >= v.available_at) {
        return id;
      }
    }
    return "";
  };
  if (!req.zone_id.empty()) return in_zone(req.zone_id);
  const InstanceCatalog& catalog = instance_catalog();
  const InstanceTypeInfo* type = catalog.find_type(req.instance_type);
  for (const std::string& zone : region->zones) {
    if (type && !catalog.type_on_sale(*type, zone)) continue;
    if (std::string id = in_zone(zone); !id.empty()) return id;
  }
  return "";
}

}  // namespace cloudlife::ecs
