// Where a group launches next, and whether AZRebalance can move an instance between zones.
// Contract: pure. launch_zone() is the zone with the fewest members (ties: the group's zone
// order). imbalance() names the next rebalancing move (docs/autoscaling.md, "Rebalancing"): launch
// in `first`, the zone with the fewest members, then terminate in `second`, the zone with the most
// members among those holding a member rebalancing may terminate (`movable`: unprotected from
// scale in, in service), when it holds at least two more than `first`. Rebalancing never
// terminates a protected member, so a zone whose members are all protected is never shrunk, and no
// move is named that could not be completed. rebalance_allowance() is how far above MaxSize a
// group may go while a rebalancing launch is in flight: 10 % of MaxSize, at least one instance.
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
    const std::vector<std::string>& zones, const std::map<std::string, int>& counts,
    const std::map<std::string, int>& movable);

long long rebalance_allowance(long long max_size);

}  // namespace cloudlife::autoscaling
