// The primary network interface of a launch (NetworkInterface.N at device index 0) into the
// LaunchSpec: its subnet, primary private address, security groups, public-IP choice, an existing
// interface's ID, description and DeleteOnTermination. RunInstances' and launch template data's
// interface specifications are two codec types with the same members, so this is a template.
// Contract: secondary private addresses are refused (Unsupported: cloudlife models only the
// primary); two primaries, or a primary that differs from PrivateIpAddress, are
// InvalidParameterValue; settings that would change an existing interface are refused as
// launch_addressing.h says.
#pragma once

#include <optional>
#include <string>

#include "ec2/launch_addressing.h"
#include "ec2/launch_spec.h"
#include "protocol/aws_errors.h"

namespace cloudlife::ec2::api {

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
