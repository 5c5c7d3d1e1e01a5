#include "ec2/launch_interfaces.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "core/ids.h"
#include "core/service_error.h"
#include "ec2/ec2_partition.h"
#include "ec2/interface_limits.h"
#include "ec2/network_interfaces.h"
#include "ec2/security_groups.h"

namespace cloudlife::ec2 {
namespace {

using core::ServiceError;

Subnet& launch_interface_subnet(Ec2Partition& p, const std::optional<std::string>& subnet_id) {
  if (!subnet_id || subnet_id->empty()) {
    throw ServiceError("MissingParameter", "The request must contain the parameter subnetId");
  }
  Subnet* s = p.network.find_subnet(*subnet_id);
  if (!s) {
    throw ServiceError("InvalidSubnetID.NotFound",
                       "The subnet ID '" + *subnet_id + "' does not exist");
  }
  return *s;
}

void require_same_zone(const std::string& interface_zone, const std::string& zone) {
  if (interface_zone == zone) return;
  throw ServiceError("InvalidParameterCombination",
                     "You may not attach a network interface to an instance if they are not in "
                     "the same availability zone");
}

// Chosen addresses must be free in the subnet and named once in the whole request.
void check_chosen_addresses(Ec2Partition& p, Subnet& subnet,
                            const std::vector<std::string>& addresses,
                            std::set<std::string>& seen) {
  for (const std::string& ip : addresses) {
    p.network.claim_private_ip(subnet, ip, false);
    if (!seen.insert(subnet.subnet_id + "/" + ip).second) {
      throw ServiceError("InvalidIPAddress.InUse", "Address " + ip + " is in use.");
    }
  }
}

// Takes the chosen addresses and `count` more from the subnet.
std::vector<std::string> take_launch_addresses(Ec2Partition& p, Subnet& subnet,
                                               const std::vector<std::string>& chosen, int count) {
  std::vector<std::string> out;
  for (const std::string& ip : chosen) {
    p.network.claim_private_ip(subnet, ip, true);
    out.push_back(ip);
  }
  for (int k = 0; k < count; ++k) out.push_back(p.network.allocate_private_ip(subnet));
  return out;
}

std::string derived_mac(const std::string& key) {
  const std::string hex = core::derived_id("mac", key, 10).substr(4);
  std::string mac = "0e";
  for (std::size_t k = 0; k < hex.size(); k += 2) mac += ":" + hex.substr(k, 2);
  return mac;
}

std::vector<const LaunchInterfaceSpec*> by_device_index(const LaunchSpec& spec) {
  std::vector<const LaunchInterfaceSpec*> out;
  for (const LaunchInterfaceSpec& ni : spec.more_interfaces) out.push_back(&ni);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return a->device_index < b->device_index; });
  return out;
}

}  // namespace

void check_launch_interface_rules(const LaunchSpec& spec, long long max_count) {
  std::set<int> indices{0};
  for (const LaunchInterfaceSpec& ni : spec.more_interfaces) {
    if (ni.device_index < 0 || !indices.insert(ni.device_index).second) {
      throw ServiceError("InvalidParameterValue",
                         "Each network interface requires a unique device index.");
    }
  }
  if (!spec.more_interfaces.empty() && spec.associate_public_ip) {
    throw ServiceError("InvalidParameterCombination",
                       "The associatePublicIPAddress parameter cannot be specified when launching "
                       "with multiple network interfaces.");
  }
  if (max_count <= 1) return;
  bool chosen = !spec.secondary_private_ips.empty();
  for (const LaunchInterfaceSpec& ni : spec.more_interfaces) {
    if (ni.network_interface_id) {
      throw ServiceError("InvalidParameterCombination",
                         "Network interface ID " + *ni.network_interface_id +
                             " may not be specified when launching more than one instance");
    }
    chosen |= ni.private_ip.has_value() || !ni.secondary_private_ips.empty();
  }
  if (chosen) {
    throw ServiceError("InvalidParameterCombination",
                       "Private IP addresses may not be specified when launching more than one "
                       "instance");
  }
}

long long check_launch_interfaces(Ec2Partition& p, const LaunchSpec& spec, Subnet& primary_subnet,
                                  const std::string& zone, const std::string& instance_type,
                                  long long min_count) {
  require_interface_count(instance_type, 1 + static_cast<long long>(spec.more_interfaces.size()));
  std::map<std::string, long long> need;  // addresses one instance takes, per subnet
  std::set<std::string> seen;
  if (spec.private_ip) seen.insert(primary_subnet.subnet_id + "/" + *spec.private_ip);
  long long primary_count = 1 + spec.secondary_private_ip_count.value_or(0) +
                            static_cast<long long>(spec.secondary_private_ips.size());
  if (spec.network_interface_id) {
    primary_count += static_cast<long long>(
        require_network_interface(p, *spec.network_interface_id).secondary_private_ips.size());
  } else {
    need[primary_subnet.subnet_id] += 1;
  }
  require_addresses_per_interface(instance_type, primary_count);
  check_chosen_addresses(p, primary_subnet, spec.secondary_private_ips, seen);
  need[primary_subnet.subnet_id] += spec.secondary_private_ip_count.value_or(0) +
                                    static_cast<long long>(spec.secondary_private_ips.size());
  for (const LaunchInterfaceSpec& ni : spec.more_interfaces) {
    const long long secondaries = ni.secondary_private_ip_count.value_or(0) +
                                  static_cast<long long>(ni.secondary_private_ips.size());
    if (ni.network_interface_id) {
      const NetworkInterface& eni = require_network_interface(p, *ni.network_interface_id);
      if (eni.attachment || *ni.network_interface_id == spec.network_interface_id.value_or("")) {
        throw ServiceError("InvalidParameterValue",
                           "Interface: [" + eni.interface_id.str() + "] in use.");
      }
      require_same_zone(eni.availability_zone, zone);
      require_addresses_per_interface(instance_type,
                                      1 + static_cast<long long>(eni.secondary_private_ips.size()));
      continue;
    }
    Subnet& subnet = launch_interface_subnet(p, ni.subnet_id);
    require_same_zone(subnet.availability_zone, zone);
    resolve_security_groups(p, subnet.vpc_id, ni.group_ids, {});
    require_addresses_per_interface(instance_type, 1 + secondaries);
    if (ni.private_ip) check_chosen_addresses(p, subnet, {*ni.private_ip}, seen);
    check_chosen_addresses(p, subnet, ni.secondary_private_ips, seen);
    need[subnet.subnet_id] += 1 + secondaries;
  }
  long long allowed = std::numeric_limits<long long>::max();
  for (const auto& [subnet_id, per_instance] : need) {
    if (per_instance <= 0) continue;
    const Subnet* s = p.network.find_subnet(subnet_id);
    allowed = std::min(allowed, static_cast<long long>(s->available_ips) / per_instance);
  }
  if (allowed < min_count) {
    throw ServiceError("InsufficientFreeAddressesInSubnet",
                       "There are not enough free addresses in subnet '" +
                           primary_subnet.subnet_id +
                           "' to satisfy the requested number of instances.");
  }
  return allowed;
}

void add_launch_interfaces(Ec2Partition& p, Instance& inst, const LaunchSpec& spec,
                           core::TimeMs now) {
  const std::string scope = p.key.account + "/" + p.key.region + "/" + inst.instance_id.str();
  if (auto it = p.network_interfaces.find(inst.network_interface_id);
      it != p.network_interfaces.end()) {
    NetworkInterface& primary = it->second;
    if (Subnet* subnet = p.network.find_subnet(primary.subnet_id)) {
      const std::vector<std::string> more = take_launch_addresses(
          p, *subnet, spec.secondary_private_ips, spec.secondary_private_ip_count.value_or(0));
      primary.secondary_private_ips.insert(primary.secondary_private_ips.end(), more.begin(),
                                           more.end());
    }
  }
  for (const LaunchInterfaceSpec* ni : by_device_index(spec)) {
    const std::string key = scope + "/" + std::to_string(ni->device_index);
    InterfaceAttachment attachment{.attachment_id = core::derived_id("eni-attach", key),
                                   .instance_id = inst.instance_id,
                                   .status = "attaching",
                                   .attach_time = now,
                                   .device_index = ni->device_index,
                                   .delete_on_termination = true};
    if (ni->network_interface_id) {
      NetworkInterface& eni = p.network_interfaces.at(*ni->network_interface_id);
      attachment.delete_on_termination = ni->delete_on_termination.value_or(false);
      if (ni->description) eni.description = *ni->description;
      eni.attachment = attachment;
      inst.extras_mut().secondary_interface_ids.push_back(eni.interface_id.str());
      continue;
    }
    Subnet& subnet = *p.network.find_subnet(*ni->subnet_id);
    NetworkInterface eni;
    eni.interface_id = core::derived_id("eni", key);
    eni.subnet_id = subnet.subnet_id;
    eni.vpc_id = subnet.vpc_id;
    eni.availability_zone = subnet.availability_zone;
    eni.zone_id = subnet.zone_id;
    eni.description = ni->description.value_or("");
    eni.private_ip = ni->private_ip ? take_launch_addresses(p, subnet, {*ni->private_ip}, 0)[0]
                                    : p.network.allocate_private_ip(subnet);
    eni.secondary_private_ips = take_launch_addresses(p, subnet, ni->secondary_private_ips,
                                                      ni->secondary_private_ip_count.value_or(0));
    eni.mac_address = derived_mac(key);
    eni.group_ids = core::symbols_of(resolve_security_groups(p, subnet.vpc_id, ni->group_ids, {}));
    attachment.delete_on_termination = ni->delete_on_termination.value_or(true);
    eni.attachment = attachment;
    inst.extras_mut().secondary_interface_ids.push_back(eni.interface_id.str());
    p.network_interfaces.emplace(eni.interface_id, std::move(eni));
  }
}

}  // namespace cloudlife::ec2
