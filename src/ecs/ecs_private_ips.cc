// Secondary private IPv4 addresses of an ENI: AssignPrivateIpAddresses and
// UnassignPrivateIpAddresses. Rules (ECS API reference; docs/ecs.md, "Elastic network
// interfaces"): the ENI is Available or InUse; a primary ENI's instance is Running or Stopped; an
// Available ENI holds at most 49 secondary addresses, an attached one what its instance type
// allows per ENI less the primary address; named addresses come from the ENI's vSwitch and are
// free; every refusal changes nothing. Addresses are taken from and given back to the vSwitch.
#include <algorithm>
#include <set>

#include "ecs/cidr.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"

namespace cloudlife::ecs {
namespace {

using core::ServiceError;

// The HTTP statuses are those of the two actions' error tables (400 for the state refusals).
ServiceError eni_state() {
  return ServiceError("InvalidOperation.InvalidEniState",
                      "The operation is not allowed in the current ENI state.", 400);
}

ServiceError ecs_state() {
  return ServiceError("InvalidOperation.InvalidEcsState",
                      "The operation is not allowed in the current ECS state.", 400);
}

ServiceError ip_repeated() {
  return ServiceError("InvalidIp.IpRepeated", "The specified IP address is repeated.", 403);
}

constexpr int kAvailableEniSecondaryIps = 49;

}  // namespace

int secondary_ip_limit(const InstanceTypeInfo* type, bool attached) {
  if (!attached || !type || type->eni_private_ips < 1) return kAvailableEniSecondaryIps;
  return type->eni_private_ips - 1;
}

namespace {

// The instance an ENI is attached to must be Running or Stopped when the ENI is its primary one.
void check_eni_usable(const NetworkInterface& view, const InstanceRecord* owner, core::TimeMs now) {
  if (view.status != "Available" && view.status != "InUse") throw eni_state();
  if (view.type == "Primary") {
    const std::string status = owner ? EcsModel::status_of(*owner, now) : "";
    if (status != "Running" && status != "Stopped") throw ecs_state();
  }
}

// Exactly one of PrivateIpAddress.N and SecondaryPrivateIpAddressCount, within bounds.
void check_assignment_shape(const PrivateIpAssignment& req) {
  if (!req.ips.empty() && req.count) {
    throw errors::invalid_parameter(
        "SecondaryPrivateIpAddressCount",
        "PrivateIpAddress.N and SecondaryPrivateIpAddressCount cannot be specified together.");
  }
  if (req.ips.empty() && !req.count) throw errors::missing_parameter("PrivateIpAddress.N");
  if (req.count && (*req.count < 1 || *req.count > kAvailableEniSecondaryIps)) {
    throw errors::invalid_parameter("SecondaryPrivateIpAddressCount");
  }
  if (req.ips.size() > static_cast<std::size_t>(kAvailableEniSecondaryIps)) {
    throw errors::invalid_parameter("PrivateIpAddress.N");
  }
}

// The asked addresses are free host addresses of `vsw`, each asked once, and the vSwitch has
// `wanted` free addresses.
void check_assignable_ips(const std::vector<std::string>& ips, std::size_t wanted,
                          const VSwitch& vsw) {
  const Cidr block = *parse_cidr(vsw.cidr_block);
  std::set<std::uint32_t> seen;
  for (const std::string& text : ips) {
    const auto ip = parse_ipv4(text);
    if (!ip || !is_vswitch_host(block, *ip)) {
      throw ServiceError("InvalidVSwitchId.IpInvalid",
                         "The specified private IP address is not in the CIDR block of the "
                         "vSwitch.",
                         403);
    }
    if (!seen.insert(*ip).second) throw ip_repeated();
    if (vsw.used_ips.contains(*ip)) {
      throw ServiceError("InvalidIp.IpAssigned", "The specified IP address is already assigned.",
                         403);
    }
  }
  if (vswitch_host_count(block) - vsw.used_ips.size() < wanted) {
    throw ServiceError("InvalidVSwitchId.IpNotEnough",
                       "The vSwitch does not have enough free private IP addresses.", 403);
  }
}

}  // namespace

std::vector<std::string> EcsModel::assign_private_ips(EcsPartition& scope,
                                                      const PrivateIpAssignment& req,
                                                      core::TimeMs now) {
  NetworkInterface& eni = require_eni(scope, req.network_interface_id);
  if (!req.region_id.empty() && eni.region_id != req.region_id) {
    throw ServiceError("InvalidEniId.NotFound", "The specified NetworkInterfaceId does not exist.",
                       404);
  }
  check_assignment_shape(req);
  EcsPartition& p = *home_of(scope, req.network_interface_id);
  const NetworkInterface view = eni_view(p, eni, now);
  InstanceRecord* owner =
      view.instance_id.empty() ? nullptr : find_instance(scope, view.instance_id);
  check_eni_usable(view, owner, now);
  const std::size_t wanted = req.count ? static_cast<std::size_t>(*req.count) : req.ips.size();
  const InstanceTypeInfo* type =
      owner ? instance_catalog().find_type(owner->data.instance_type) : nullptr;
  const int limit = secondary_ip_limit(type, owner != nullptr);
  if (eni.secondary_ips.size() + wanted > static_cast<std::size_t>(limit)) {
    throw ServiceError("InvalidOperation.Ipv4CountExceeded",
                       "The maximum number of IPv4 addresses of the ENI is exceeded.", 403);
  }
  auto vsw_it = p.vswitches.find(view.vswitch_id);
  if (vsw_it == p.vswitches.end()) {
    throw ServiceError("InvalidVSwitchId.NotFound", "The specified VSwitchId does not exist.", 404);
  }
  VSwitch& vsw = vsw_it->second;
  check_assignable_ips(req.ips, wanted, vsw);
  std::vector<std::string> assigned;
  for (const std::string& ip : req.ips) {
    vsw.used_ips.insert(*parse_ipv4(ip));
    assigned.push_back(format_ipv4(*parse_ipv4(ip)));
  }
  if (req.count) {
    for (int n = 0; n < *req.count; ++n) assigned.push_back(take_vswitch_ip(vsw, ""));
  }
  eni.secondary_ips.insert(eni.secondary_ips.end(), assigned.begin(), assigned.end());
  sync_instance_nic(p, eni);
  return assigned;
}

void EcsModel::unassign_private_ips(EcsPartition& scope, const std::string& eni_id,
                                    const std::vector<std::string>& ips, core::TimeMs now) {
  NetworkInterface& eni = require_eni(scope, eni_id);
  const std::string& region_id = scope.key.region;
  if (!region_id.empty() && eni.region_id != region_id) {
    throw ServiceError("InvalidEniId.NotFound", "The specified NetworkInterfaceId does not exist.",
                       404);
  }
  if (ips.empty()) throw errors::missing_parameter("PrivateIpAddress.N");
  if (ips.size() > static_cast<std::size_t>(kAvailableEniSecondaryIps)) {
    throw errors::invalid_parameter("PrivateIpAddress.N");
  }
  EcsPartition& p = *home_of(scope, eni_id);
  const NetworkInterface view = eni_view(p, eni, now);
  InstanceRecord* owner =
      view.instance_id.empty() ? nullptr : find_instance(scope, view.instance_id);
  check_eni_usable(view, owner, now);
  std::set<std::string> seen;
  for (const std::string& ip : ips) {
    if (!seen.insert(ip).second) throw ip_repeated();
    if (std::find(eni.secondary_ips.begin(), eni.secondary_ips.end(), ip) ==
        eni.secondary_ips.end()) {
      throw ServiceError("InvalidIp.IpUnassigned",
                         "The specified IP address is not a secondary private IP address of the "
                         "ENI.",
                         403);
    }
  }
  auto vsw = p.vswitches.find(view.vswitch_id);
  for (const std::string& text : ips) {
    if (vsw != p.vswitches.end()) {
      if (const auto ip = parse_ipv4(text)) vsw->second.used_ips.erase(*ip);
    }
    eni.secondary_ips.erase(std::find(eni.secondary_ips.begin(), eni.secondary_ips.end(), text));
  }
  sync_instance_nic(p, eni);
}

}  // namespace cloudlife::ecs
