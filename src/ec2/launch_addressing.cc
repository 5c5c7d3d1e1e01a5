#include "ec2/launch_addressing.h"

#include <algorithm>

#include "core/service_error.h"

namespace cloudlife::ec2 {

using core::ServiceError;

void refuse_instance_level_with_interfaces(const InstanceLevelAddressing& given) {
  if (!given.has_interfaces) return;
  const char* what = given.subnet       ? "subnet ID"
                     : given.groups     ? "security groups"
                     : given.private_ip ? "private IP address"
                                        : nullptr;
  if (!what) return;
  throw ServiceError("InvalidParameterCombination", std::string("Network interfaces and an "
                                                                "instance-level ") +
                                                        what +
                                                        " may not be specified on the same "
                                                        "request");
}

void refuse_settings_of_existing_interface(const ExistingInterfaceSettings& given) {
  if (given.associate_public_ip) {
    throw ServiceError("InvalidParameterCombination",
                       "The associatePublicIPAddress parameter cannot be specified for a network "
                       "interface with an ID.");
  }
  const char* what = given.subnet       ? "a subnet"
                     : given.groups     ? "security groups"
                     : given.private_ip ? "a private IP address"
                                        : nullptr;
  if (!what) return;
  throw ServiceError("InvalidParameterCombination",
                     std::string("A network interface may not specify both a network interface "
                                 "ID and ") +
                         what);
}

void refuse_chosen_address_for_many(const LaunchSpec& spec, long long max_count) {
  if (max_count <= 1) return;
  if (spec.network_interface_id) {
    throw ServiceError("InvalidParameterCombination",
                       "Network interface ID " + *spec.network_interface_id +
                           " may not be specified when launching more than one instance");
  }
  if (spec.private_ip) {
    throw ServiceError("InvalidParameterCombination",
                       "Private IP address " + *spec.private_ip +
                           " may not be specified when launching more than one instance");
  }
}

void require_dedicated_host(const std::optional<std::string>& host_id) {
  if (!host_id) return;
  const std::string& id = *host_id;
  const std::size_t digits = id.size() > 2 ? id.size() - 2 : 0;
  const bool well_formed = id.rfind("h-", 0) == 0 && (digits == 8 || digits == 17) &&
                           std::all_of(id.begin() + 2, id.end(), [](char c) {
                             return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                           });
  if (!well_formed) {
    throw ServiceError("InvalidHostId.Malformed",
                       "Invalid id: \"" + id + "\" (expecting \"h-...\")");
  }
  throw ServiceError("InvalidHostID.NotFound", "The host ID '" + id + "' does not exist");
}

}  // namespace cloudlife::ec2
