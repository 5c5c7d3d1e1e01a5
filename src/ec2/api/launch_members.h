// Members of a launch that RunInstances and launch template data both carry, as two codec types
// with the same members (so these are templates): the block-device mappings, and the primary
// network interface (NetworkInterface.N at device index 0) with its subnet, primary private
// address, security groups, public-IP choice, an existing interface's ID, description and
// DeleteOnTermination.
// Contract: a mapping without DeviceName is MissingParameter; an interface's PrivateIpAddresses
// give its primary and secondary addresses (two primaries, or a primary that differs from
// PrivateIpAddress, are InvalidParameterValue); NetworkCardIndex other than 0 is Unsupported;
// settings that would change an existing interface are refused as launch_addressing.h says.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ec2/launch_addressing.h"
#include "ec2/launch_spec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {

template <class Mapping>
std::vector<BlockDeviceSpec> block_devices_of(const std::vector<Mapping>& mappings) {
  const auto as_int = [](const std::optional<std::int64_t>& v) {
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  };
  std::vector<BlockDeviceSpec> devices;
  devices.reserve(mappings.size());
  for (const Mapping& b : mappings) {
    BlockDeviceSpec d;
    d.device_name = b.device_name.value_or("");
    d.virtual_name = b.virtual_name.value_or("");
    d.no_device = b.no_device.has_value();
    if (b.ebs) {
      EbsSpec e;
      e.volume_size = as_int(b.ebs->volume_size);
      e.volume_type = b.ebs->volume_type;
      e.delete_on_termination = b.ebs->delete_on_termination;
      e.iops = as_int(b.ebs->iops);
      e.throughput = as_int(b.ebs->throughput);
      e.encrypted = b.ebs->encrypted;
      e.snapshot_id = b.ebs->snapshot_id;
      d.ebs = e;
    }
    if (d.device_name.empty()) {
      throw protocol::aws_error("MissingParameter", {"BlockDeviceMapping.DeviceName"});
    }
    devices.push_back(std::move(d));
  }
  return devices;
}

// An interface's PrivateIpAddresses: the one marked Primary (at most one, else
// InvalidParameterValue) and the others, its secondary addresses.
template <class Interface>
std::optional<std::string> split_interface_addresses(const Interface& ni,
                                                     std::vector<std::string>& secondaries) {
  std::optional<std::string> listed_primary;
  for (const auto& a : ni.private_ip_addresses) {
    if (!a.primary.value_or(false)) {
      if (!a.private_ip_address || a.private_ip_address->empty()) {
        throw protocol::aws_error("MissingParameter", {"PrivateIpAddresses.PrivateIpAddress"});
      }
      secondaries.push_back(*a.private_ip_address);
      continue;
    }
    if (listed_primary) {
      throw protocol::aws_error("InvalidParameterValue",
                                {"Only one primary private IP address can be specified"});
    }
    listed_primary = a.private_ip_address.value_or("");
  }
  std::optional<std::string> primary = ni.private_ip_address;
  if (listed_primary && !listed_primary->empty()) {
    if (primary && *primary != *listed_primary) {
      throw protocol::aws_error("InvalidParameterValue",
                                {"Only one primary private IP address can be specified"});
    }
    primary = listed_primary;
  }
  return primary;
}

template <class Interface>
std::optional<int> interface_secondary_count(const Interface& ni) {
  if (!ni.secondary_private_ip_address_count) return std::nullopt;
  const std::int64_t n = *ni.secondary_private_ip_address_count;
  if (n < 1) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"Value (" + std::to_string(n) +
                               ") for parameter secondaryPrivateIpAddressCount is invalid. "
                               "Expected a positive integer."});
  }
  return static_cast<int>(std::min<std::int64_t>(n, 1000));
}

// NetworkCardIndex: only card 0 exists here (every type in the catalogue has it).
template <class Interface>
void require_network_card_zero(const Interface& ni) {
  if (ni.network_card_index.value_or(0) != 0) {
    throw protocol::aws_error("Unsupported",
                              {"cloudlife implements network card 0 only (NetworkCardIndex " +
                               std::to_string(*ni.network_card_index) + ")."});
  }
}

template <class Interface>
void apply_primary_interface(const Interface& ni, LaunchSpec& s) {
  require_network_card_zero(ni);
  s.secondary_private_ips.clear();
  s.private_ip = split_interface_addresses(ni, s.secondary_private_ips);
  s.secondary_private_ip_count = interface_secondary_count(ni);
  if (s.secondary_private_ip_count && !s.secondary_private_ips.empty()) {
    throw protocol::aws_error("InvalidParameterCombination",
                              {"You may specify secondary private IP addresses or a secondary "
                               "private IP address count, but not both"});
  }
  s.subnet_id = ni.subnet_id;
  s.associate_public_ip = ni.associate_public_ip_address;
  for (const std::string& g : ni.groups) s.security_group_ids.push_back(g);
  s.network_interface_id = ni.network_interface_id;
  s.interface_description = ni.description;
  s.interface_delete_on_termination = ni.delete_on_termination;
  if (s.network_interface_id) {
    refuse_settings_of_existing_interface({ni.subnet_id.has_value(), !ni.groups.empty(),
                                           s.private_ip.has_value() ||
                                               !s.secondary_private_ips.empty() ||
                                               s.secondary_private_ip_count.has_value(),
                                           ni.associate_public_ip_address.has_value()});
  }
}

// NetworkInterface.N at device index 1 and above.
template <class Interface>
LaunchInterfaceSpec more_interface_of(const Interface& ni) {
  require_network_card_zero(ni);
  LaunchInterfaceSpec m;
  m.device_index = static_cast<int>(ni.device_index.value_or(0));
  m.network_interface_id = ni.network_interface_id;
  m.subnet_id = ni.subnet_id;
  m.group_ids = ni.groups;
  m.private_ip = split_interface_addresses(ni, m.secondary_private_ips);
  m.secondary_private_ip_count = interface_secondary_count(ni);
  if (m.secondary_private_ip_count && !m.secondary_private_ips.empty()) {
    throw protocol::aws_error("InvalidParameterCombination",
                              {"You may specify secondary private IP addresses or a secondary "
                               "private IP address count, but not both"});
  }
  m.description = ni.description;
  m.delete_on_termination = ni.delete_on_termination;
  if (ni.associate_public_ip_address) {
    throw protocol::aws_error("InvalidParameterCombination",
                              {"The associatePublicIPAddress parameter cannot be specified when "
                               "launching with multiple network interfaces."});
  }
  if (m.network_interface_id) {
    refuse_settings_of_existing_interface({ni.subnet_id.has_value(), !ni.groups.empty(),
                                           m.private_ip.has_value() ||
                                               !m.secondary_private_ips.empty() ||
                                               m.secondary_private_ip_count.has_value(),
                                           false});
  }
  return m;
}

// Every NetworkInterface.N into the spec: the one at device index 0 (required when any is given:
// InvalidParameterValue) is the primary, the others more_interfaces.
template <class Interface>
void apply_launch_interfaces(const std::vector<Interface>& interfaces, LaunchSpec& s) {
  if (interfaces.empty()) return;
  const Interface* primary = nullptr;
  for (const Interface& ni : interfaces) {
    if (ni.device_index.value_or(0) == 0 && !primary) primary = &ni;
  }
  if (!primary) {
    throw protocol::aws_error("InvalidParameterValue",
                              {"When specifying network interfaces, you must include a device at "
                               "index 0."});
  }
  apply_primary_interface(*primary, s);
  s.more_interfaces.clear();
  for (const Interface& ni : interfaces) {
    if (&ni != primary) s.more_interfaces.push_back(more_interface_of(ni));
  }
}

}  // namespace cloudlife::ec2::api
