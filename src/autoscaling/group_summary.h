// A group's state on one line, for the internal-error log the engine writes when a group exhausts
// its PassBudget (pass_budget.h): sizes, zones, suspended processes, and each member's ID, zone,
// lifecycle state, health, protection and whether it is a rebalancing launch or in the warm pool.
// Contract: pure; the format is for people reading logs, not for parsing.
#pragma once

#include <string>

#include "autoscaling/asg_types.h"

namespace cloudlife::autoscaling {

std::string group_state_summary(const Group& g);

}  // namespace cloudlife::autoscaling
