// RunInstances' NetworkInterface.N: the primary ENI's settings and the secondary ENIs made and
// attached at launch. Rules (ECS API reference, RunInstances; docs/ecs.md, "Elastic network
// interfaces"): at most one Primary, which names the instance's vSwitch and security groups (and
// may name its address) instead of the top-level parameters; each Secondary one is in the
// instance's VPC and zone (its vSwitch and groups default to the instance's), counts against the
// instance type's ENI quota, and goes with the instance when it is released unless
// DeleteOnRelease=false. Secondary ENIs' IDs and MACs derive from the instance's ID and N: a launch
// draws nothing more from the state-ID sequence for them. A Secondary one may instead name an
// existing ENI (NetworkInterfaceId, Amount=1, no creation parameters): it must be Available, in the
// instance's VPC and zone, and is attached at launch (InUse at once); at release it is deleted only
// when DeleteOnRelease=true was given with it, else detached.
#include <algorithm>
#include <map>
#include <set>

#include "core/ids.h"
#include "ecs/cidr.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"
#include "ecs/eni_rules.h"

namespace cloudlife::ecs {
namespace {

using core::ServiceError;

ServiceError invalid_nic(const std::string& detail) {
  return ServiceError("InvalidParam.NetworkInterface", detail, 400);
}

ServiceError conflict(const std::string& a, const std::string& b) {
  return ServiceError("InvalidParameter.Conflict",
                      "The parameters " + a + " and " + b + " cannot be specified together.", 400);
}

std::string field(const LaunchNic& nic, const char* name) {
  return "NetworkInterface." + std::to_string(nic.index) + "." + name;
}

// NetworkInterface.N.NetworkInterfaceId: only on a Secondary one, with no creation parameter.
void check_existing_eni_nic(const LaunchNic& nic) {
  if (nic.network_interface_id.empty()) return;
  if (nic.type != "Secondary") {
    throw invalid_nic(field(nic, "NetworkInterfaceId") + " takes effect only for secondary ENIs.");
  }
  const bool creates = !nic.vswitch_id.empty() || !nic.security_group_ids.empty() ||
                       !nic.primary_ip.empty() || !nic.name.empty() || !nic.description.empty() ||
                       nic.traffic_mode != "Standard" || nic.secondary_count != 0;
  if (creates) {
    throw invalid_nic("No ENI creation parameter can be specified with " +
                      field(nic, "NetworkInterfaceId") + ".");
  }
}

// A requested address of a new secondary ENI: a free host address of its vSwitch, asked once.
void check_launch_nic_address(const LaunchNic& nic, const VSwitch& vsw, int amount,
                              std::set<std::uint32_t>& asked) {
  if (nic.primary_ip.empty()) return;
  if (amount > 1) throw errors::invalid_parameter(field(nic, "PrimaryIpAddress"));
  require_free_vswitch_address(*parse_cidr(vsw.cidr_block), vsw.used_ips, nic.primary_ip, asked);
}

// Every vSwitch has room for the addresses the whole launch takes from it.
void check_launch_nic_room(const std::map<const VSwitch*, std::uint64_t>& needed) {
  for (const auto& [vsw, count] : needed) {
    if (vswitch_host_count(*parse_cidr(vsw->cidr_block)) - vsw->used_ips.size() < count) {
      throw ServiceError("QuotaExceeded.PrivateIpAddress",
                         "Don't have enough private IPs in this switch.", 400);
    }
  }
}

ServiceError ipv4_count_exceeded() {
  return ServiceError("InvalidOperation.Ipv4CountExceeded",
                      "The maximum number of IPv4 addresses of the ENI is exceeded.", 403);
}

}  // namespace

void resolve_primary_nic(LaunchRequest& req) {
  std::vector<LaunchNic> secondary;
  const LaunchNic* primary = nullptr;
  for (const LaunchNic& nic : req.network_interfaces) {
    if (nic.type != "Primary" && nic.type != "Secondary") {
      throw invalid_nic("The specified " + field(nic, "InstanceType") +
                        " is not valid: Primary or Secondary.");
    }
    if (nic.traffic_mode != "Standard" && nic.traffic_mode != "HighPerformance") {
      throw invalid_nic("The specified " + field(nic, "NetworkInterfaceTrafficMode") +
                        " is not valid: Standard or HighPerformance.");
    }
    if (nic.secondary_count < 0 || nic.secondary_count > 49) {
      throw errors::invalid_parameter(field(nic, "SecondaryPrivateIpAddressCount"));
    }
    check_eni_names(nic.name, nic.description, field(nic, "NetworkInterfaceName"),
                    field(nic, "Description"));
    check_existing_eni_nic(nic);
    if (nic.type == "Secondary") {
      secondary.push_back(nic);
      continue;
    }
    if (primary) throw invalid_nic("Only one NetworkInterface.N.InstanceType can be Primary.");
    primary = &nic;
  }
  if (primary) {
    if (!req.vswitch_id.empty()) throw conflict("VSwitchId", field(*primary, "VSwitchId"));
    if (!req.security_group_ids.empty()) {
      throw conflict("SecurityGroupId", field(*primary, "SecurityGroupId"));
    }
    if (!req.private_ip_address.empty() && !primary->primary_ip.empty()) {
      throw conflict("PrivateIpAddress", field(*primary, "PrimaryIpAddress"));
    }
    if (primary->vswitch_id.empty()) throw errors::missing_parameter(field(*primary, "VSwitchId"));
    if (primary->security_group_ids.empty()) {
      throw errors::missing_parameter(field(*primary, "SecurityGroupId"));
    }
    req.vswitch_id = primary->vswitch_id;
    req.security_group_ids = primary->security_group_ids;
    if (!primary->primary_ip.empty()) req.private_ip_address = primary->primary_ip;
    req.primary_nic_name = primary->name;
    req.primary_nic_description = primary->description;
    req.primary_nic_traffic_mode = primary->traffic_mode;
    req.primary_nic_secondary_count = primary->secondary_count;
  }
  req.network_interfaces = std::move(secondary);
}

void EcsModel::check_launch_nics(const EcsPartition& scope, const LaunchRequest& req,
                                 const VSwitch* vswitch, core::TimeMs now) {
  if (req.network_interfaces.empty() && req.primary_nic_secondary_count == 0) return;
  if (!vswitch) throw errors::missing_parameter("VSwitchId");
  const InstanceTypeInfo* type = instance_catalog().find_type(req.instance_type);
  if (req.primary_nic_secondary_count > secondary_ip_limit(type, true)) {
    throw ipv4_count_exceeded();
  }
  if (1 + static_cast<int>(req.network_interfaces.size()) > eni_quota(type)) {
    throw ServiceError("EniPerInstanceLimitExceeded",
                       "The number of ENIs exceeds the quota of the instance type.", 403);
  }
  // Addresses each vSwitch must have free for the whole launch, and the addresses asked for.
  std::map<const VSwitch*, std::uint64_t> needed;
  std::set<std::uint32_t> asked;
  if (!req.private_ip_address.empty()) {
    if (const auto ip = parse_ipv4(req.private_ip_address)) asked.insert(*ip);
  }
  needed[vswitch] += static_cast<std::uint64_t>(req.amount) *
                     (1 + static_cast<std::uint64_t>(req.primary_nic_secondary_count));
  std::set<std::string> existing;
  for (const LaunchNic& nic : req.network_interfaces) {
    if (!nic.network_interface_id.empty()) {
      check_existing_launch_eni(scope, req, nic, *vswitch, now);
      if (!existing.insert(nic.network_interface_id).second) {
        throw invalid_nic("The ENI " + nic.network_interface_id + " is named twice.");
      }
      continue;
    }
    const VSwitch& vsw = launch_nic_vswitch(scope, req, nic, *vswitch, now);
    if (!nic.security_group_ids.empty()) {
      check_security_groups(scope, req.region_id, vsw.vpc_id, nic.security_group_ids);
    }
    if (nic.secondary_count > secondary_ip_limit(type, true)) throw ipv4_count_exceeded();
    check_launch_nic_address(nic, vsw, req.amount, asked);
    needed[&vsw] += static_cast<std::uint64_t>(req.amount) *
                    (1 + static_cast<std::uint64_t>(nic.secondary_count));
  }
  check_launch_nic_room(needed);
}

const VSwitch& EcsModel::launch_nic_vswitch(const EcsPartition& scope, const LaunchRequest& req,
                                            const LaunchNic& nic, const VSwitch& instance_vswitch,
                                            core::TimeMs now) {
  const VSwitch* vsw = &instance_vswitch;
  if (!nic.vswitch_id.empty() && nic.vswitch_id != instance_vswitch.vswitch_id) {
    EcsPartition* p = home_of(scope, nic.vswitch_id);
    auto it = p ? p->vswitches.find(nic.vswitch_id) : decltype(p->vswitches.end()){};
    if (!p || it == p->vswitches.end() || it->second.region_id != req.region_id) {
      throw ServiceError("InvalidVSwitchId.NotFound",
                         "The VSwitchId provided does not exist in our records.", 403);
    }
    vsw = &it->second;
  }
  if (vsw->vpc_id != instance_vswitch.vpc_id) {
    throw ServiceError(
        "InvalidOperation.VpcMismatch",
        "The vSwitch of " + field(nic, "VSwitchId") + " is not in the VPC of the instance.", 403);
  }
  if (vsw->zone_id != instance_vswitch.zone_id) {
    throw ServiceError(
        "InvalidOperation.AvailabilityZoneMismatch",
        "The vSwitch of " + field(nic, "VSwitchId") + " is not in the zone of the instance.", 403);
  }
  if (now < vsw->available_at) {
    throw ServiceError("IncorrectVSwitchStatus",
                       "The current status of virtual switch does not support this operation.",
                       400);
  }
  return *vsw;
}

void EcsModel::check_existing_launch_eni(const EcsPartition& scope, const LaunchRequest& req,
                                         const LaunchNic& nic, const VSwitch& instance_vswitch,
                                         core::TimeMs now) {
  if (req.amount != 1) throw errors::invalid_parameter("Amount");
  EcsPartition* p = home_of(scope, nic.network_interface_id);
  auto it = p ? p->enis.find(nic.network_interface_id) : decltype(p->enis.end()){};
  if (!p || it == p->enis.end() || it->second.region_id != req.region_id) {
    throw eni_not_found();
  }
  const NetworkInterface& eni = it->second;
  if (eni_view(*p, eni, now).status != "Available") throw invalid_eni_state();
  if (eni.vpc_id != instance_vswitch.vpc_id) {
    throw ServiceError("InvalidOperation.VpcMismatch",
                       "The specified ENI and instance are not in the same VPC.", 403);
  }
  if (eni.zone_id != instance_vswitch.zone_id) {
    throw ServiceError("InvalidOperation.AvailabilityZoneMismatch",
                       "The specified ENI and instance are not in the same zone.", 403);
  }
}

// Asked addresses are taken before any instance of the launch is given one.
void EcsModel::reserve_launch_nic_ips(EcsPartition& p, const LaunchRequest& req) {
  for (const LaunchNic& nic : req.network_interfaces) {
    if (nic.primary_ip.empty() || !nic.network_interface_id.empty()) continue;
    const std::string& vsw_id = nic.vswitch_id.empty() ? req.vswitch_id : nic.vswitch_id;
    auto it = p.vswitches.find(vsw_id);
    if (it != p.vswitches.end()) it->second.used_ips.insert(*parse_ipv4(nic.primary_ip));
  }
}

void EcsModel::add_launch_enis(EcsPartition& p, InstanceRecord& r, const LaunchRequest& req,
                               core::TimeMs now) {
  configure_launch_primary_eni(p, r.data, req);
  for (const LaunchNic& nic : req.network_interfaces) {
    if (nic.network_interface_id.empty()) {
      make_launch_eni(p, r.data, nic, now);
    } else {
      attach_launch_eni(p, r.data, nic, now);
    }
  }
}

// The primary ENI takes NetworkInterface.N's name, description, mode and secondary addresses.
void EcsModel::configure_launch_primary_eni(EcsPartition& p, Instance& d,
                                            const LaunchRequest& req) {
  if (d.network_interfaces.empty()) return;
  auto primary = p.enis.find(d.network_interfaces.front().network_interface_id);
  auto vsw = p.vswitches.find(d.vswitch_id);
  if (primary == p.enis.end() || vsw == p.vswitches.end()) return;
  NetworkInterface& eni = primary->second;
  eni.name = req.primary_nic_name;
  eni.description = req.primary_nic_description;
  eni.traffic_mode = req.primary_nic_traffic_mode;
  for (int n = 0; n < req.primary_nic_secondary_count; ++n) {
    eni.secondary_ips.push_back(take_vswitch_ip(vsw->second, ""));
  }
  d.network_interfaces.front().secondary_ips = eni.secondary_ips;
}

void EcsModel::make_launch_eni(EcsPartition& p, Instance& d, const LaunchNic& nic,
                               core::TimeMs now) {
  VSwitch& vsw = p.vswitches.at(nic.vswitch_id.empty() ? d.vswitch_id : nic.vswitch_id);
  NetworkInterface eni;
  eni.network_interface_id = core::derived_id(
      "eni", d.account + "/" + d.region_id + "/" + d.instance_id + "/" + std::to_string(nic.index),
      20);
  eni.account = d.account;
  eni.region_id = d.region_id;
  eni.zone_id = d.zone_id;
  eni.vpc_id = vsw.vpc_id;
  eni.vswitch_id = vsw.vswitch_id;
  eni.name = nic.name;
  eni.description = nic.description;
  eni.type = "Secondary";
  eni.mac_address = derived_mac(eni.network_interface_id);
  eni.private_ip =
      nic.primary_ip.empty() ? take_vswitch_ip(vsw, "") : format_ipv4(*parse_ipv4(nic.primary_ip));
  for (int n = 0; n < nic.secondary_count; ++n) {
    eni.secondary_ips.push_back(take_vswitch_ip(vsw, ""));
  }
  eni.security_group_ids =
      nic.security_group_ids.empty() ? d.security_group_ids : nic.security_group_ids;
  eni.resource_group_id = d.resource_group_id;
  eni.delete_on_release = nic.delete_on_release;
  eni.traffic_mode = nic.traffic_mode;
  eni.creation_time = now;
  eni.seq = next_seq_++;
  home_[eni.network_interface_id] = p.key;
  const std::string id = eni.network_interface_id;
  NetworkInterface& made = p.enis.emplace(id, std::move(eni)).first->second;
  attach_at_launch(d, made, now);
}

// NetworkInterface.N.NetworkInterfaceId: the existing ENI (checked Available) is attached now.
void EcsModel::attach_launch_eni(EcsPartition& p, Instance& d, const LaunchNic& nic,
                                 core::TimeMs now) {
  NetworkInterface& eni = p.enis.at(nic.network_interface_id);
  if (nic.delete_on_release_given) eni.delete_on_release = nic.delete_on_release;
  attach_at_launch(d, eni, now);
}

void EcsModel::attach_at_launch(Instance& d, NetworkInterface& eni, core::TimeMs now) {
  eni.instance_id = d.instance_id;
  eni.attached_time = now;
  eni.settled = "InUse";
  eni.transition.clear();
  eni.transition_until = 0;
  d.network_interfaces.push_back(
      {eni.network_interface_id, eni.mac_address, eni.private_ip, "Secondary", eni.secondary_ips});
}

}  // namespace cloudlife::ecs
