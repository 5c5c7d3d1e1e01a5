// VPCs and vSwitches (the VPC API, 2016-04-28), and the private addresses instances take from a
// vSwitch. Rules, codes and messages follow the VPC API reference; docs/ecs.md (VPC API) sums
// them up. A VPC or vSwitch reads Pending until the timing profile's "vpc-creating" /
// "vswitch-creating" duration has passed, then Available.
#include <algorithm>
#include <cctype>
#include <utility>

#include "core/ids.h"
#include "ecs/cidr.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"
#include "ecs/paging.h"
#include "ecs/resource_rules.h"

namespace cloudlife::ecs {
namespace {

using core::ServiceError;

ServiceError vpc_not_found() {
  return ServiceError("InvalidVpcId.NotFound", "Specified VPC does not exist.", 404);
}

ServiceError vswitch_not_found_vpc_api() {
  return ServiceError("InvalidVSwitchId.NotFound", "Specified virtual switch does not exist.", 404);
}

ServiceError incorrect_vpc_status() {
  return ServiceError("IncorrectVpcStatus", "Current VPC status does not support this operation.",
                      400);
}

ServiceError incorrect_vswitch_status() {
  return ServiceError("IncorrectVSwitchStatus",
                      "The current status of virtual switch does not support this operation.", 400);
}

// Names and descriptions: 2-128 (names) / 2-256 (descriptions) characters, starting with a
// letter or a Chinese character, not with http:// or https://.
bool listed_in(const std::vector<std::string>& ids, const std::string& id) {
  return ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end();
}

template <class T>
PageSlice page_by_creation(std::vector<std::pair<std::string, const T*>>& matches,
                           const PageRequest& page) {
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> keys;
  keys.reserve(matches.size());
  for (const auto& m : matches) keys.push_back(m.first);
  return select_page(keys, page);
}

}  // namespace

Vpc& EcsModel::require_vpc(const EcsPartition& scope, const std::string& id) {
  if (id.empty()) throw errors::missing_parameter("VpcId");
  if (EcsPartition* p = home_of(scope, id)) {
    auto it = p->vpcs.find(id);
    if (it != p->vpcs.end()) return it->second;
  }
  throw vpc_not_found();
}

VSwitch& EcsModel::require_vswitch(const EcsPartition& scope, const std::string& id) {
  if (id.empty()) throw errors::missing_parameter("VSwitchId");
  if (EcsPartition* p = home_of(scope, id)) {
    auto it = p->vswitches.find(id);
    if (it != p->vswitches.end()) return it->second;
  }
  throw vswitch_not_found_vpc_api();
}

Vpc EcsModel::vpc_view(const EcsPartition& p, const Vpc& vpc, core::TimeMs now) const {
  Vpc out = vpc;
  out.status = now < vpc.available_at ? "Pending" : "Available";
  for (const auto& [id, v] : p.vswitches) {
    if (v.vpc_id == vpc.vpc_id) out.vswitch_ids.push_back(id);
  }
  return out;
}

VSwitch EcsModel::vswitch_view(const EcsPartition& p, const VSwitch& vsw, core::TimeMs now) const {
  VSwitch out = vsw;
  out.status = now < vsw.available_at ? "Pending" : "Available";
  const Cidr block = *parse_cidr(vsw.cidr_block);
  out.available_ip_count = static_cast<long long>(vswitch_host_count(block)) -
                           static_cast<long long>(vsw.used_ips.size());
  for (const auto& [id, r] : std::as_const(p.instances)) {
    if (!r.releasing && r.data.vswitch_id == vsw.vswitch_id) ++out.instance_count;
  }
  return out;
}

Vpc EcsModel::create_vpc(EcsPartition& scope, const CreateVpcRequest& req, core::TimeMs now) {
  if (req.region_id.empty()) throw errors::missing_parameter("RegionId");
  const std::string cidr = req.cidr_block.empty() ? "172.16.0.0/12" : req.cidr_block;
  const auto block = parse_cidr(cidr);
  if (!block || block->prefix < 8 || block->prefix > 28 || !is_private_block(*block)) {
    throw ServiceError("InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.", 400);
  }
  if (!valid_text(req.vpc_name, 128)) {
    throw ServiceError("InvalidVpcName.Malformed", "Specified VPC name is not valid.", 400);
  }
  if (!valid_text(req.description, 256)) {
    throw ServiceError("InvalidVpcDiscription.Malformed", "Specified VPC description is not valid.",
                       400);
  }
  if (req.tags.size() > 20) throw errors::invalid_parameter("Tag");
  if (req.dry_run) {
    throw ServiceError("DryRunOperation",
                       "Request validation has been passed with DryRun flag set.", 400);
  }
  EcsPartition& p = scope;
  Vpc vpc;
  vpc.vpc_id = core::resource_id("vpc", 20);
  vpc.account = scope.key.account;
  vpc.region_id = req.region_id;
  vpc.cidr_block = block->str();
  vpc.vpc_name = req.vpc_name;
  vpc.description = req.description;
  vpc.vrouter_id = core::resource_id("vrt", 20);
  vpc.route_table_id = core::resource_id("vtb", 20);
  vpc.resource_group_id = req.resource_group_id;
  vpc.creation_time = now;
  vpc.available_at = now + engine_.timing().duration("vpc-creating");
  vpc.tags = req.tags;
  home_[vpc.vpc_id] = p.key;
  const Vpc& stored = p.vpcs.emplace(vpc.vpc_id, std::move(vpc)).first->second;
  return vpc_view(p, stored, now);
}

VpcPage EcsModel::describe_vpcs(EcsPartition& scope, const VpcFilter& f, const PageRequest& page,
                                core::TimeMs now) {
  if (f.region_id.empty()) throw errors::missing_parameter("RegionId");
  if (f.vpc_ids.size() > 20) throw errors::invalid_parameter("VpcId");
  VpcPage out;
  std::vector<std::pair<std::string, const Vpc*>> matches;
  const EcsPartition& p = scope;
  for (const auto& [id, v] : p.vpcs) {
    if (f.is_default && v.is_default != *f.is_default) continue;
    if (!listed_in(f.vpc_ids, id)) continue;
    if (!f.vpc_name.empty() && v.vpc_name != f.vpc_name) continue;
    if (!f.resource_group_id.empty() && v.resource_group_id != f.resource_group_id) continue;
    if (!tags_match(v.tags, f.tags)) continue;
    matches.emplace_back(sequence_key(static_cast<std::uint64_t>(v.creation_time), id), &v);
  }
  const PageSlice slice = page_by_creation(matches, page);
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i) {
    out.vpcs.push_back(vpc_view(p, *matches[i].second, now));
  }
  return out;
}

Vpc EcsModel::describe_vpc(EcsPartition& scope, const std::string& vpc_id, core::TimeMs now) {
  const Vpc& v = require_vpc(scope, vpc_id);
  return vpc_view(*home_of(scope, vpc_id), v, now);
}

void EcsModel::modify_vpc(EcsPartition& scope, const std::string& vpc_id,
                          const NameChange& change) {
  Vpc& v = require_vpc(scope, vpc_id);
  if (change.name && !valid_text(*change.name, 128)) {
    throw ServiceError("InvalidVpcName.Malformed", "Specified VPC name is not valid.", 400);
  }
  if (change.description && !valid_text(*change.description, 256)) {
    throw ServiceError("InvalidVpcDiscription.Malformed", "Specified VPC description is not valid.",
                       400);
  }
  if (change.name) v.vpc_name = *change.name;
  if (change.description) v.description = *change.description;
}

void EcsModel::delete_vpc(EcsPartition& scope, const std::string& vpc_id, core::TimeMs now) {
  const Vpc& v = require_vpc(scope, vpc_id);
  EcsPartition& p = *home_of(scope, vpc_id);
  if (now < v.available_at) throw incorrect_vpc_status();
  for (const auto& [id, vsw] : p.vswitches) {
    if (vsw.vpc_id == vpc_id) {
      throw ServiceError("DependencyViolation.VSwitch", "Specified object has dependent resources",
                         400);
    }
  }
  for (const auto& [id, g] : p.security_groups) {
    if (g.vpc_id == vpc_id) {
      throw ServiceError("DependencyViolation.SecurityGroup",
                         "Specified object has dependent resources SecurityGroup.", 400);
    }
  }
  home_.erase(vpc_id);
  p.vpcs.erase(vpc_id);
}

VSwitch EcsModel::create_vswitch(EcsPartition& scope, const CreateVSwitchRequest& req,
                                 core::TimeMs now) {
  if (req.region_id.empty()) throw errors::missing_parameter("RegionId");
  if (req.zone_id.empty()) throw errors::missing_parameter("ZoneId");
  if (req.cidr_block.empty()) throw errors::missing_parameter("CidrBlock");
  const Vpc& vpc = require_vpc(scope, req.vpc_id);
  if (vpc.region_id != req.region_id) throw vpc_not_found();
  const RegionInfo* region = find_region(req.region_id);
  if (!region || !region->has_zone(req.zone_id)) {
    throw ServiceError("InvalidZoneId.NotFound", "Specified zone does not exist.", 404);
  }
  const auto block = parse_cidr(req.cidr_block);
  if (!block) {
    throw ServiceError("InvalidCidrBlock.Malformed", "Specified CIDR block is not valid.", 400);
  }
  if (block->prefix < 16 || block->prefix > 29) {
    throw ServiceError("InvalidCirdrBlock.MaskLength", "Specified CIDR block is not valid .", 400);
  }
  if (!parse_cidr(vpc.cidr_block)->contains(*block)) {
    throw ServiceError("InvalidParameter", "Specified CIDR block is not valid in VPC.", 400);
  }
  if (!valid_text(req.vswitch_name, 128)) {
    throw ServiceError("InvalidVSwitchName.Malformed",
                       "Specified virtual switch name is not valid.", 400);
  }
  if (!valid_text(req.description, 256)) {
    throw ServiceError("InvalidVSwitchDiscription.Malformed",
                       "Specified virtual switch description is not valid.", 400);
  }
  if (now < vpc.available_at) throw incorrect_vpc_status();
  EcsPartition& p = *home_of(scope, req.vpc_id);
  int in_vpc = 0;
  for (const auto& [id, other] : p.vswitches) {
    if (other.vpc_id != req.vpc_id) continue;
    ++in_vpc;
    if (parse_cidr(other.cidr_block)->overlaps(*block)) {
      throw ServiceError("InvalidCidrBlock.Overlapped",
                         "Specified CIDR block overlapped with other subnets.", 400);
    }
  }
  if (in_vpc >= 150) {
    throw ServiceError("QuotaExceeded.VSwitch", "Virtual switch quota exceeded.", 400);
  }
  VSwitch vsw;
  vsw.vswitch_id = core::resource_id("vsw", 20);
  vsw.account = scope.key.account;
  vsw.region_id = req.region_id;
  vsw.vpc_id = req.vpc_id;
  vsw.zone_id = req.zone_id;
  vsw.cidr_block = block->str();
  vsw.vswitch_name = req.vswitch_name;
  vsw.description = req.description;
  vsw.route_table_id = vpc.route_table_id;
  vsw.creation_time = now;
  vsw.available_at = now + engine_.timing().duration("vswitch-creating");
  vsw.tags = req.tags;
  home_[vsw.vswitch_id] = p.key;
  const VSwitch& stored = p.vswitches.emplace(vsw.vswitch_id, std::move(vsw)).first->second;
  return vswitch_view(p, stored, now);
}

VSwitchPage EcsModel::describe_vswitches(EcsPartition& scope, const VSwitchFilter& f,
                                         const PageRequest& page, core::TimeMs now) {
  if (f.region_id.empty()) throw errors::missing_parameter("RegionId");
  VSwitchPage out;
  std::vector<std::pair<std::string, const VSwitch*>> matches;
  const EcsPartition& p = scope;
  for (const auto& [id, v] : p.vswitches) {
    if (f.is_default && v.is_default != *f.is_default) continue;
    if (!listed_in(f.vswitch_ids, id)) continue;
    if (!f.vpc_id.empty() && v.vpc_id != f.vpc_id) continue;
    if (!f.zone_id.empty() && v.zone_id != f.zone_id) continue;
    if (!f.vswitch_name.empty() && v.vswitch_name != f.vswitch_name) continue;
    if (!tags_match(v.tags, f.tags)) continue;
    matches.emplace_back(sequence_key(static_cast<std::uint64_t>(v.creation_time), id), &v);
  }
  const PageSlice slice = page_by_creation(matches, page);
  out.page = slice.info;
  for (std::size_t i = slice.begin; i < slice.end; ++i) {
    out.vswitches.push_back(vswitch_view(p, *matches[i].second, now));
  }
  return out;
}

VSwitch EcsModel::describe_vswitch(EcsPartition& scope, const std::string& vswitch_id,
                                   core::TimeMs now) {
  const VSwitch& v = require_vswitch(scope, vswitch_id);
  return vswitch_view(*home_of(scope, vswitch_id), v, now);
}

void EcsModel::modify_vswitch(EcsPartition& scope, const std::string& vswitch_id,
                              const NameChange& change) {
  VSwitch& v = require_vswitch(scope, vswitch_id);
  if (change.name && !valid_text(*change.name, 128)) {
    throw ServiceError("InvalidVSwitchName.Malformed",
                       "Specified virtual switch name is not valid.", 400);
  }
  if (change.description && !valid_text(*change.description, 256)) {
    throw ServiceError("InvalidVSwitchDiscription.Malformed",
                       "Specified virtual switch description is not valid.", 400);
  }
  if (change.name) v.vswitch_name = *change.name;
  if (change.description) v.description = *change.description;
}

void EcsModel::delete_vswitch(EcsPartition& scope, const std::string& vswitch_id,
                              core::TimeMs now) {
  const VSwitch& v = require_vswitch(scope, vswitch_id);
  EcsPartition& p = *home_of(scope, vswitch_id);
  if (now < v.available_at) throw incorrect_vswitch_status();
  if (!v.used_ips.empty()) {
    throw ServiceError("DependencyViolation", "Specified object has dependent resources.", 400);
  }
  home_.erase(vswitch_id);
  p.vswitches.erase(vswitch_id);
}

void EcsModel::modify_eip(EcsPartition& scope, const std::string& allocation_id,
                          std::optional<int> bandwidth, const NameChange& change) {
  EipAddress& eip = require_eip(scope, allocation_id);
  if (bandwidth && (*bandwidth < 1 || *bandwidth > 500)) {
    throw ServiceError("InvalidBandwidth", "Specified bandwidth is not valid.", 400);
  }
  if (change.name && !valid_text(*change.name, 128)) {
    throw ServiceError("InvalidName.Malformed", "Specified name is not valid.", 400);
  }
  if (change.description && !valid_text(*change.description, 256)) {
    throw ServiceError("InvalidDescription.Malformed", "Specified description is not valid.", 400);
  }
  if (bandwidth) eip.bandwidth = *bandwidth;
  if (change.name) eip.name = *change.name;
  if (change.description) eip.description = *change.description;
}

// --- the network of a launch
// ----------------------------------------------------------------------

const VSwitch* EcsModel::check_launch_network(const EcsPartition& scope, const LaunchRequest& req,
                                              core::TimeMs now) {
  const VSwitch* vsw = nullptr;
  if (!req.vswitch_id.empty()) {
    EcsPartition* p = home_of(scope, req.vswitch_id);
    auto it = p ? p->vswitches.find(req.vswitch_id) : decltype(p->vswitches.end()){};
    if (!p || it == p->vswitches.end() || it->second.region_id != req.region_id) {
      throw ServiceError("InvalidVSwitchId.NotFound",
                         "The VSwitchId provided does not exist in our records.", 403);
    }
    vsw = &it->second;
    if (now < vsw->available_at) throw incorrect_vswitch_status();
    const Cidr block = *parse_cidr(vsw->cidr_block);
    if (!req.private_ip_address.empty()) {
      const auto ip = parse_ipv4(req.private_ip_address);
      if (!ip || !is_vswitch_host(block, *ip)) {
        throw ServiceError("InvalidPrivateIpAddress",
                           "Specified private IP address is not in the CIDR block of virtual "
                           "switch.",
                           400);
      }
      if (vsw->used_ips.contains(*ip)) {
        throw ServiceError("InvalidPrivateIpAddress.Duplicated",
                           "Specified private IP address is duplicated.", 400);
      }
    }
    if (vswitch_host_count(block) - vsw->used_ips.size() < static_cast<std::uint64_t>(req.amount)) {
      throw ServiceError("QuotaExceeded.PrivateIpAddress",
                         "Don't have enough private IPs in this switch.", 400);
    }
  }
  check_security_groups(scope, req.region_id, vsw ? vsw->vpc_id : "", req.security_group_ids);
  return vsw;
}

std::string EcsModel::allocate_private_ip(EcsPartition& p, const Instance& d,
                                          const std::string& wanted) {
  auto it = p.vswitches.find(d.vswitch_id);
  if (d.vswitch_id.empty() || it == p.vswitches.end()) {
    return wanted.empty() ? new_private_ip() : wanted;
  }
  return take_vswitch_ip(it->second, wanted);
}

void EcsModel::free_private_ip(EcsPartition& p, const Instance& d) {
  auto it = p.vswitches.find(d.vswitch_id);
  if (it == p.vswitches.end()) return;
  if (const auto ip = parse_ipv4(d.private_ip)) it->second.used_ips.erase(*ip);
}

}  // namespace cloudlife::ecs
