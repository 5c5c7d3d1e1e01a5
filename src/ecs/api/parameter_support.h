// Which request parameters cloudlife's ECS models, per action: the rule that no documented
// parameter is accepted and then ignored.
// Contract: unsupported_parameter() looks at every parameter of a request for `action` and returns
// the first one (in wire order) that the ECS API reference documents for that action but cloudlife
// does not model, unless its value is one cloudlife's behaviour already matches
// (SpotStrategy=NoSpot, IoOptimized=optimized, DataDisk.N.Encrypted=false, …). Parameters the API
// does not document are ignored, as Alibaba ignores them; common parameters (signature, Format,
// ClientToken, OwnerId, …) are always allowed; an empty value counts as absent. The documented
// names per action are those the official SDK (@alicloud/ecs20140526) sends; docs/ecs.md lists what
// is refused.
//
//   if (auto name = unsupported_parameter("RunInstances", pairs)) refuse(*name);
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudlife::ecs::api {

// "DataDisk.3.Size" -> "DataDisk.N.Size": every all-digit segment becomes N.
std::string parameter_pattern(std::string_view wire_name);

std::optional<std::string> unsupported_parameter(
    std::string_view action, const std::vector<std::pair<std::string, std::string>>& params);

// The same rule for the VPC API (Version=2016-04-28), from its own table.
std::optional<std::string> unsupported_vpc_parameter(
    std::string_view action, const std::vector<std::pair<std::string, std::string>>& params);

}  // namespace cloudlife::ecs::api
