// Members of a launch that RunInstances and launch template data both carry, as two codec types
// with the same members (so these are templates): the block-device mappings, and the primary
// network interface (NetworkInterface.N at device index 0) with its subnet, primary private
// address, security groups, public-IP choice, an existing interface's ID, description and
// DeleteOnTermination.
// Contract: a mapping without DeviceName is MissingParameter; secondary private addresses are
// refused (Unsupported: cloudlife models only the primary); two primaries, or a primary that
// differs from PrivateIpAddress, are InvalidParameterValue; settings that would change an existing
// interface are refused as launch_addressing.h says.
#pragma once

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

template <class Interface>
void apply_primary_interface(const Interface& ni, LaunchSpec& s) {
  std::optional<std::string> listed_primary;
  for (const auto& a : ni.private_ip_addresses) {
    if (!a.primary.value_or(false)) {
      throw protocol::aws_error("Unsupported",
                                {"cloudlife implements only the primary private IP address of an "
                                 "interface."});
    }
    if (listed_primary) {
      throw protocol::aws_error("InvalidParameterValue",
                                {"Only one primary private IP address can be specified"});
    }
    listed_primary = a.private_ip_address.value_or("");
  }
  s.private_ip = ni.private_ip_address;
  if (listed_primary && !listed_primary->empty()) {
    if (s.private_ip && *s.private_ip != *listed_primary) {
      throw protocol::aws_error("InvalidParameterValue",
                                {"Only one primary private IP address can be specified"});
    }
    s.private_ip = listed_primary;
  }
  s.subnet_id = ni.subnet_id;
  s.associate_public_ip = ni.associate_public_ip_address;
  for (const std::string& g : ni.groups) s.security_group_ids.push_back(g);
  s.network_interface_id = ni.network_interface_id;
  s.interface_description = ni.description;
  s.interface_delete_on_termination = ni.delete_on_termination;
  if (s.network_interface_id) {
    refuse_settings_of_existing_interface({ni.subnet_id.has_value(), !ni.groups.empty(),
                                           s.private_ip.has_value(),
                                           ni.associate_public_ip_address.has_value()});
  }
}

}  // namespace cloudlife::ec2::api
