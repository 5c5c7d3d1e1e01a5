// Changing what an instance is and where it sits: ModifyInstanceSpec (pay-as-you-go: a new type
// while Stopped, public bandwidth while Running or Stopped), ModifyPrepayInstanceSpec
// (subscription: upgrade while Running or Stopped, optionally rebooting to apply it; downgrade
// while Stopped) and ModifyInstanceVpcAttribute (a Stopped instance moves to another vSwitch, and
// another VPC with new security groups). docs/ecs.md ("Changing an instance") sums up the rules.
#include <algorithm>

#include "ecs/cidr.h"
#include "ecs/ecs_errors.h"
#include "ecs/ecs_model.h"

namespace cloudlife::ecs {
namespace {

using core::ServiceError;

// The catalogue's verdict on `type` for an instance in `zone`: known, and on sale there.
const InstanceTypeInfo& require_type_in_zone(const std::string& type, const std::string& zone) {
  if (type.empty()) throw errors::missing_parameter("InstanceType");
  const Availability a = instance_catalog().launch_availability(type, zone);
  if (a != Availability::kOk) throw errors::unavailable(a);
  return *instance_catalog().find_type(type);
}

bool has_lock(const Instance& d, std::string_view reason) {
  return std::any_of(d.operation_locks.begin(), d.operation_locks.end(),
                     [&](const OperationLock& l) { return l.reason == reason; });
}

void check_unlocked(const Instance& d) {
  if (has_lock(d, "security")) throw errors::instance_locked_for_security();
  if (has_lock(d, "financial")) throw errors::instance_expired_or_in_arrears();
}

void apply_type(Instance& d, const InstanceTypeInfo& t) {
  d.instance_type = t.instance_type;
  d.cpu = t.cpu;
  d.memory_mib = static_cast<int>(t.memory_gib * 1024);
}

// ModifyInstanceVpcAttribute into another VPC names it (matching the vSwitch's) and its groups,
// and takes no secondary ENI along.
void check_vpc_move_network(const InstanceVpcChange& c, const Instance& d, const VSwitch& vsw) {
  if (!c.vpc_id.empty() && c.vpc_id != vsw.vpc_id) {
    throw ServiceError("InvalidParameter.Mismatch",
                       "The specified VpcId is not the VPC of the specified vSwitch.", 400);
  }
  if (vsw.vpc_id == d.vpc_id) return;
  if (c.vpc_id.empty()) throw errors::missing_parameter("VpcId");
  if (!c.security_group_ids || c.security_group_ids->empty()) {
    throw errors::missing_parameter("SecurityGroupId.N");
  }
  if (d.network_interfaces.size() > 1) {
    throw ServiceError("InvalidOperation.InvalidEniState",
                       "The operation is not allowed in the current ENI state.", 403);
  }
}

// The primary ENI holds no secondary address (they belong to the old vSwitch: unassign them
// first), and the new address is a free host address of `vsw` (or one is free).
void check_vpc_move_address(const InstanceVpcChange& c, const Instance& d, const VSwitch& vsw) {
  for (const InstanceNic& nic : d.network_interfaces) {
    if (nic.type == "Primary" && !nic.secondary_ips.empty()) {
      throw ServiceError("InvalidOperation.InvalidEniState",
                         "The operation is not allowed in the current ENI state.", 403);
    }
  }
  const Cidr block = *parse_cidr(vsw.cidr_block);
  if (!c.private_ip.empty()) {
    const auto ip = parse_ipv4(c.private_ip);
    if (!ip || !is_vswitch_host(block, *ip)) {
      throw ServiceError("InvalidPrivateIpAddress",
                         "Specified private IP address is not in the CIDR block of virtual switch.",
                         400);
    }
    if (vsw.used_ips.contains(*ip) && c.private_ip != d.private_ip) {
      throw ServiceError("InvalidPrivateIpAddress.Duplicated",
                         "Specified private IP address is duplicated.", 400);
    }
  } else if (vswitch_host_count(block) <= vsw.used_ips.size()) {
    throw ServiceError("QuotaExceeded.PrivateIpAddress",
                       "Don't have enough private IPs in this switch.", 400);
  }
}

}  // namespace

bool is_downgrade(const InstanceTypeInfo& from, const InstanceTypeInfo& to) {
  return to.cpu < from.cpu || to.memory_gib < from.memory_gib;
}

void EcsModel::modify_instance_spec(EcsPartition& scope, const InstanceSpecChange& c,
                                    core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, c.instance_id);
  Instance& d = r.data;
  if (c.instance_type.empty() && !c.internet_max_bandwidth_out && !c.internet_max_bandwidth_in) {
    throw errors::missing_parameter("InstanceType");
  }
  if (d.charge_type != ChargeType::kPostPaid) throw errors::charge_type_violation();
  check_unlocked(d);
  const std::string status = status_of(r, now);
  const InstanceTypeInfo* type = nullptr;
  if (!c.instance_type.empty()) {
    type = &require_type_in_zone(c.instance_type, d.zone_id);
    if (status != "Stopped") throw errors::incorrect_instance_status();
    if (static_cast<int>(d.network_interfaces.size()) > eni_quota(type)) {
      throw errors::unavailable(Availability::kUnknownType);
    }
  }
  if (c.internet_max_bandwidth_out || c.internet_max_bandwidth_in) {
    if (status != "Running" && status != "Stopped") throw errors::incorrect_instance_status();
    if (c.internet_max_bandwidth_out &&
        (*c.internet_max_bandwidth_out < 0 || *c.internet_max_bandwidth_out > 100)) {
      throw errors::invalid_parameter("InternetMaxBandwidthOut");
    }
    if (c.internet_max_bandwidth_in &&
        (*c.internet_max_bandwidth_in < 1 || *c.internet_max_bandwidth_in > 200)) {
      throw errors::invalid_parameter("InternetMaxBandwidthIn");
    }
  }
  if (c.dry_run) throw errors::dry_run_operation();
  if (type) apply_type(d, *type);
  if (c.internet_max_bandwidth_out) d.internet_max_bandwidth_out = *c.internet_max_bandwidth_out;
  if (c.internet_max_bandwidth_in) d.internet_max_bandwidth_in = *c.internet_max_bandwidth_in;
}

void EcsModel::modify_prepay_instance_spec(EcsPartition& scope, const PrepaySpecChange& c,
                                           core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, c.instance_id);
  Instance& d = r.data;
  if (c.operator_type != "upgrade" && c.operator_type != "downgrade") {
    throw errors::invalid_parameter("OperatorType");
  }
  if (d.charge_type != ChargeType::kPrePaid) throw errors::charge_type_violation();
  check_unlocked(d);
  const InstanceTypeInfo& to = require_type_in_zone(c.instance_type, d.zone_id);
  const InstanceTypeInfo* from = instance_catalog().find_type(d.instance_type);
  const bool down = from && is_downgrade(*from, to);
  // The operator type must say what the change is: a smaller type is a downgrade.
  if (down != (c.operator_type == "downgrade")) throw errors::invalid_parameter("OperatorType");
  if (static_cast<int>(d.network_interfaces.size()) > eni_quota(&to)) {
    throw errors::unavailable(Availability::kUnknownType);
  }
  const std::string status = status_of(r, now);
  if (down ? status != "Stopped" : (status != "Running" && status != "Stopped")) {
    throw errors::incorrect_instance_status();
  }
  apply_type(d, to);
  if (status == "Running" && c.reboot_when_finished) {
    // Applied by a restart: the instance reads Stopping, then Starting, as RebootInstance does.
    const core::TimeMs dur = engine_.timing().duration("rebooting");
    r.reboot_started = now;
    r.reboot_until = now + dur;
    home_of(scope, c.instance_id)->index.touch(r);
    d.start_time = now + dur;
  }
}

void EcsModel::modify_instance_vpc_attribute(EcsPartition& scope, const InstanceVpcChange& c,
                                             core::TimeMs now) {
  InstanceRecord& r = require_instance(scope, c.instance_id);
  Instance& d = r.data;
  if (c.vswitch_id.empty()) throw errors::missing_parameter("VSwitchId");
  EcsPartition& p = *home_of(scope, c.instance_id);
  auto it = p.vswitches.find(c.vswitch_id);
  if (it == p.vswitches.end()) {
    throw ServiceError("InvalidVSwitchId.NotFound", "The specified VSwitchId does not exist.", 404);
  }
  VSwitch& vsw = it->second;
  if (status_of(r, now) != "Stopped") throw errors::incorrect_instance_status();
  if (vsw.zone_id != d.zone_id) {
    throw ServiceError("InvalidVSwitchId.ZoneMismatch",
                       "The specified vSwitch is not in the zone of the instance.", 403);
  }
  check_vpc_move_network(c, d, vsw);
  if (c.security_group_ids) {
    check_security_groups(scope, d.region_id, vsw.vpc_id, *c.security_group_ids);
  }
  check_vpc_move_address(c, d, vsw);
  // Validated: move the address, then the network membership.
  free_private_ip(p, d);
  d.private_ip = take_vswitch_ip(vsw, c.private_ip);
  d.vswitch_id = vsw.vswitch_id;
  d.vpc_id = vsw.vpc_id;
  if (c.security_group_ids) d.security_group_ids = *c.security_group_ids;
  for (InstanceNic& nic : d.network_interfaces) {
    if (nic.type == "Primary") nic.primary_ip = d.private_ip;
  }
  if (d.network_interfaces.empty()) add_primary_eni(p, r, now);  // its first vSwitch
}

}  // namespace cloudlife::ecs
