// Where a group launches next, and whether it is out of balance.
// Contract: pure. launch_zone() is the zone with the fewest members (ties: the group's zone
// order); imbalance() names the (shortest, longest) zones when their counts differ by more than
// one, which is when AZRebalance acts.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cloudlife::autoscaling {

std::string launch_zone(const std::vector<std::string>& zones,
                        const std::map<std::string, int>& counts);

std::optional<std::pair<std::string, std::string>> imbalance(
    const std::vector<std::string>& zones, const std::map<std::string, int>& counts);

}  // namespace cloudlife::autoscaling
