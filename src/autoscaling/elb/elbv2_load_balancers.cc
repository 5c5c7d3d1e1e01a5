// ElbModel: ELBv2 load balancers (create, describe, delete, attributes, security groups, subnets,
// IP address type). Rules of names, types, DNS names and attributes: load_balancer_rules.h.
#include <algorithm>
#include <set>

#include "autoscaling/elb/elb_model.h"
#include "autoscaling/elb/load_balancer_rules.h"
#include "core/ids.h"
#include "ec2/security_groups.h"
#include "protocol/aws_errors.h"

namespace cloudlife::autoscaling {
namespace {

using protocol::aws_error;

std::string lb_arn_partition(const std::string& region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

std::string lb_type_code(const std::string& type) {
  if (type == "network") return "net";
  if (type == "gateway") return "gwy";
  return "app";
}

LoadBalancerV2& require_lb_v2(ElbPartition& p, const std::string& arn) {
  auto it = p.v2_load_balancers.find(arn);
  if (it == p.v2_load_balancers.end()) {
    throw aws_error("LoadBalancerNotFound", {"One or more load balancers not found"});
  }
  return it->second;
}

const LoadBalancerV2& require_lb_v2(const ElbPartition& p, const std::string& arn) {
  return require_lb_v2(const_cast<ElbPartition&>(p), arn);
}

// The zones of `mappings` resolved against EC2's subnets: all in one VPC, one subnet per zone.
// Returns the VPC.
std::string resolve_lb_subnets(ec2::Ec2Partition& ep, const std::string& type,
                               std::vector<LoadBalancerV2::Zone>& mappings) {
  if (mappings.empty()) {
    if (type == "application") {
      throw aws_error("InvalidConfigurationRequest",
                      {"At least two subnets in two different Availability Zones must be "
                       "specified"});
    }
    throw aws_error("ValidationError", {"At least one subnet must be specified"});
  }
  std::string vpc;
  std::set<std::string> zones;
  for (LoadBalancerV2::Zone& z : mappings) {
    const ec2::Subnet* subnet = ep.network.find_subnet(z.subnet_id);
    if (!subnet) throw aws_error("SubnetNotFound");
    if (!vpc.empty() && subnet->vpc_id != vpc) {
      throw aws_error("InvalidSubnet", {"The subnets must all belong to the same VPC"});
    }
    vpc = subnet->vpc_id;
    if (!zones.insert(subnet->availability_zone).second) {
      throw aws_error("InvalidConfigurationRequest",
                      {"A load balancer cannot be attached to multiple subnets in the same "
                       "Availability Zone"});
    }
    z.zone = subnet->availability_zone;
    if (!z.allocation_id.empty()) {
      if (type != "network") {
        throw aws_error("InvalidConfigurationRequest",
                        {"Elastic IP addresses can only be assigned to network load balancers"});
      }
      if (!ep.addresses.contains(z.allocation_id)) {
        throw aws_error("InvalidConfigurationRequest",
                        {"The allocation ID '" + z.allocation_id + "' does not exist"});
      }
    }
    if (!z.private_ipv4.empty() && type != "network") {
      throw aws_error("InvalidConfigurationRequest",
                      {"Private IPv4 addresses can only be assigned to network load balancers"});
    }
  }
  if (type == "application" && zones.size() < 2) {
    throw aws_error("InvalidConfigurationRequest",
                    {"At least two subnets in two different Availability Zones must be specified"});
  }
  return vpc;
}

// The security groups, checked against the VPC (InvalidSecurityGroup).
void check_lb_security_groups(ec2::Ec2Partition& ep, const std::string& vpc,
                              const std::vector<std::string>& groups) {
  for (const std::string& g : groups) {
    const ec2::SecurityGroup* group = ec2::find_security_group(ep, g);
    if (!group || group->vpc_id != vpc) throw aws_error("InvalidSecurityGroup");
  }
}

bool same_lb_settings(const LoadBalancerV2& lb, const LoadBalancerV2Spec& spec) {
  if (lb.type != spec.type || lb.scheme != spec.scheme) return false;
  std::set<std::string> a, b;
  for (const auto& z : lb.zones) a.insert(z.subnet_id);
  for (const auto& z : spec.subnet_mappings) b.insert(z.subnet_id);
  return a == b;
}

}  // namespace

std::string ElbModel::load_balancer_state(const LoadBalancerV2& lb, core::TimeMs now) const {
  return now >= lb.active_at ? "active" : "provisioning";
}

LoadBalancerV2 ElbModel::create_load_balancer_v2(ElbPartition& p, const LoadBalancerV2Spec& spec,
                                                 core::TimeMs now, core::TimeMs provisioning) {
  check_load_balancer_name(spec.name);
  check_load_balancer_type(spec.type);
  check_load_balancer_scheme(spec.scheme);
  check_ip_address_type(spec.ip_address_type, spec.type);
  check_tag_list(spec.tags);
  const TagMap tags = merge_tags({}, spec.tags);
  if (spec.type == "gateway" && !spec.security_groups.empty()) {
    throw aws_error("InvalidConfigurationRequest",
                    {"Security groups are not supported for load balancers with type 'gateway'"});
  }
  for (const auto& [arn, existing] : p.v2_load_balancers) {
    if (existing.name != spec.name) continue;
    if (!same_lb_settings(existing, spec)) {
      throw aws_error("DuplicateLoadBalancerName", {spec.name});
    }
    return existing;  // CreateLoadBalancer is idempotent for the same settings
  }
  ec2::Ec2Partition& ep = ec2_.partition(p, p.key);
  LoadBalancerV2 lb;
  lb.zones = spec.subnet_mappings;
  lb.vpc_id = resolve_lb_subnets(ep, spec.type, lb.zones);
  check_lb_security_groups(ep, lb.vpc_id, spec.security_groups);
  lb.security_groups = spec.security_groups;
  if (lb.security_groups.empty() && spec.type == "application") {
    if (const ec2::SecurityGroup* def = ec2::default_group_of_vpc(ep, lb.vpc_id)) {
      lb.security_groups.push_back(def->group_id);
    }
  }
  if (spec.type == "network" && !lb.security_groups.empty()) lb.enforce_private_link_inbound = "on";
  lb.name = spec.name;
  lb.type = spec.type;
  lb.scheme = spec.scheme;
  lb.ip_address_type = spec.ip_address_type;
  const std::string id = core::random_hex(16);
  lb.arn = "arn:" + lb_arn_partition(p.key.region) + ":elasticloadbalancing:" + p.key.region + ":" +
           p.key.account + ":loadbalancer/" + lb_type_code(lb.type) + "/" + lb.name + "/" + id;
  const std::string unique =
      lb.type == "network" ? id : std::to_string(1000000000 + core::random_between(0, 899999999));
  lb.dns_name = load_balancer_dns_name(lb.name, lb.type, lb.scheme, p.key.region, unique);
  lb.canonical_hosted_zone_id = canonical_hosted_zone_id(p.key.region, lb.type);
  lb.tags = tags;
  lb.attributes = default_load_balancer_attributes(lb.type, lb.scheme);
  lb.created = now;
  lb.active_at = now + provisioning;
  p.v2_load_balancers.emplace(lb.arn, lb);
  return lb;
}

std::vector<LoadBalancerV2> ElbModel::describe_load_balancers_v2(
    const ElbPartition& p, const std::vector<std::string>& arns,
    const std::vector<std::string>& names) const {
  if (!arns.empty() && !names.empty()) {
    throw aws_error("ValidationError",
                    {"Load balancer names and load balancer ARNs cannot be specified at the same "
                     "time"});
  }
  std::vector<LoadBalancerV2> out;
  for (const std::string& arn : arns) out.push_back(require_lb_v2(p, arn));
  std::vector<std::string> missing;
  for (const std::string& n : names) {
    auto it = std::find_if(p.v2_load_balancers.begin(), p.v2_load_balancers.end(),
                           [&](const auto& kv) { return kv.second.name == n; });
    if (it == p.v2_load_balancers.end()) {
      missing.push_back(n);
    } else {
      out.push_back(it->second);
    }
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& n : missing) list += (list.empty() ? "" : ", ") + n;
    throw aws_error("LoadBalancerNotFound", {"Load balancers '[" + list + "]' not found"});
  }
  if (arns.empty() && names.empty()) {
    for (const auto& [arn, lb] : p.v2_load_balancers) out.push_back(lb);
    std::sort(out.begin(), out.end(),
              [](const LoadBalancerV2& a, const LoadBalancerV2& b) { return a.name < b.name; });
  }
  return out;
}

void ElbModel::delete_load_balancer_v2(ElbPartition& p, const std::string& arn, core::TimeMs now) {
  auto it = p.v2_load_balancers.find(arn);
  if (it == p.v2_load_balancers.end()) return;  // deleting a deleted load balancer succeeds
  if (it->second.attributes["deletion_protection.enabled"] == "true") {
    throw aws_error(
        "OperationNotPermitted",
        {"Load balancer '" + arn + "' cannot be deleted because deletion protection is enabled"});
  }
  std::vector<std::string> listeners;
  for (const auto& [larn, l] : p.listeners) {
    if (l.load_balancer_arn == arn) listeners.push_back(larn);
  }
  for (const std::string& larn : listeners) {
    std::erase_if(p.rules, [&](const auto& kv) { return kv.second.listener_arn == larn; });
    p.listeners.erase(larn);
  }
  p.v2_load_balancers.erase(it);
  refresh_target_group_use(p, now);
}

TagMap ElbModel::describe_load_balancer_attributes(const ElbPartition& p,
                                                   const std::string& arn) const {
  return require_lb_v2(p, arn).attributes;
}

TagMap ElbModel::modify_load_balancer_attributes(ElbPartition& p, const std::string& arn,
                                                 const TagList& changes) {
  LoadBalancerV2& lb = require_lb_v2(p, arn);
  lb.attributes = apply_load_balancer_attributes(lb.attributes, lb.type, changes);
  return lb.attributes;
}

LoadBalancerV2 ElbModel::set_security_groups(ElbPartition& p, const std::string& arn,
                                             const std::vector<std::string>& groups,
                                             const std::optional<std::string>& enforce) {
  LoadBalancerV2& lb = require_lb_v2(p, arn);
  if (lb.type == "gateway") {
    throw aws_error("InvalidConfigurationRequest",
                    {"Security groups are not supported for load balancers with type 'gateway'"});
  }
  if (lb.type == "network" && lb.security_groups.empty() && !groups.empty()) {
    throw aws_error("InvalidConfigurationRequest",
                    {"You cannot set security groups on a Network Load Balancer which was created "
                     "without any security groups."});
  }
  if (lb.type == "application" && groups.empty()) {
    throw aws_error("ValidationError",
                    {"At least one security group must be specified for an application load "
                     "balancer"});
  }
  if (enforce) {
    if (lb.type != "network") {
      throw aws_error("InvalidConfigurationRequest",
                      {"EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic is only supported "
                       "for network load balancers"});
    }
    if (*enforce != "on" && *enforce != "off") {
      throw aws_error("ValidationError",
                      {"1 validation error detected: Value '" + *enforce +
                       "' at 'enforceSecurityGroupInboundRulesOnPrivateLinkTraffic' failed to "
                       "satisfy constraint: Member must satisfy enum value set: [on, off]"});
    }
  }
  check_lb_security_groups(ec2_.partition(p, p.key), lb.vpc_id, groups);
  lb.security_groups = groups;
  if (enforce) lb.enforce_private_link_inbound = *enforce;
  return lb;
}

LoadBalancerV2 ElbModel::set_subnets(ElbPartition& p, const std::string& arn,
                                     const std::vector<LoadBalancerV2::Zone>& mappings,
                                     const std::optional<std::string>& ip_address_type) {
  LoadBalancerV2& lb = require_lb_v2(p, arn);
  if (ip_address_type) check_ip_address_type(*ip_address_type, lb.type);
  std::vector<LoadBalancerV2::Zone> zones = mappings;
  const std::string vpc = resolve_lb_subnets(ec2_.partition(p, p.key), lb.type, zones);
  if (vpc != lb.vpc_id) {
    throw aws_error("InvalidSubnet",
                    {"The subnets must belong to the load balancer's VPC '" + lb.vpc_id + "'"});
  }
  if (lb.type != "application") {
    // Network and gateway load balancers can add zones but never remove one.
    for (const LoadBalancerV2::Zone& old : lb.zones) {
      const bool kept = std::any_of(zones.begin(), zones.end(), [&](const LoadBalancerV2::Zone& z) {
        return z.zone == old.zone;
      });
      if (!kept) {
        throw aws_error("InvalidConfigurationRequest",
                        {"Availability Zones cannot be removed from a load balancer of type '" +
                         lb.type + "'"});
      }
    }
  }
  lb.zones = std::move(zones);
  if (ip_address_type) lb.ip_address_type = *ip_address_type;
  return lb;
}

LoadBalancerV2 ElbModel::set_ip_address_type(ElbPartition& p, const std::string& arn,
                                             const std::string& type) {
  LoadBalancerV2& lb = require_lb_v2(p, arn);
  check_ip_address_type(type, lb.type);
  if (type == "dualstack-without-public-ipv4" && lb.scheme != "internet-facing") {
    throw aws_error("InvalidConfigurationRequest",
                    {"IP address type 'dualstack-without-public-ipv4' requires an internet-facing "
                     "load balancer"});
  }
  lb.ip_address_type = type;
  return lb;
}

}  // namespace cloudlife::autoscaling
