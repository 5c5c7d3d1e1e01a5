// Small rules the ENI files share: name and description checks, the MAC an ENI made inside
// RunInstances gets (derived from its ID, so it draws nothing from the state-ID sequence), and the
// ENI refusals both AttachNetworkInterface and RunInstances' NetworkInterface.N answer.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "core/service_error.h"
#include "ecs/cidr.h"

namespace cloudlife::ecs {

// InvalidEniId.NotFound (404).
core::ServiceError eni_not_found();
// InvalidOperation.InvalidEniState (403): the ENI is not in a state that allows the operation.
core::ServiceError invalid_eni_state();

// NetworkInterfaceName: 2-128 characters starting with a letter; Description: 2-256; neither
// starting with http(s)://. Empty values pass. Throws InvalidParameter naming `name_param`.
void check_eni_names(const std::optional<std::string>& name,
                     const std::optional<std::string>& description,
                     const std::string& name_param = "NetworkInterfaceName",
                     const std::string& description_param = "Description");

// 00:16:3e:xx:xx:xx from an FNV-1a hash of the ENI's ID.
std::string derived_mac(const std::string& eni_id);

// A requested private address: a host address of `block` (InvalidPrivateIpAddress), not used by
// the vSwitch (`used`) and not asked before in the same request (`asked`, which it joins;
// InvalidPrivateIpAddress.Duplicated).
void require_free_vswitch_address(const Cidr& block, const std::set<std::uint32_t>& used,
                                  const std::string& text, std::set<std::uint32_t>& asked);

}  // namespace cloudlife::ecs
