// Which members a scale-in terminates: the group's TerminationPolicies applied after AZ balance.
// Contract: pure. choose_for_termination() picks `count` candidates one at a time: each pick first
// narrows to the Availability Zones holding the most members (counting every member in `zones`)
// that still have an unprotected candidate, then applies the policies in order (Default =
// OldestLaunchTemplate/OldestLaunchConfiguration then ClosestToNextInstanceHour; AllocationStrategy
// behaves as Default), and breaks remaining ties by candidate order. Protected candidates are never
// chosen; fewer than `count` indices come back when too few are eligible.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/time.h"

namespace cloudlife::autoscaling {

struct TerminationCandidate {
  std::string instance_id;
  std::string zone;
  core::TimeMs launched_at = 0;
  bool protected_from_scale_in = false;
  bool uses_current_config = true;  // launched from the group's current LC / template version
  long long config_age = 0;         // smaller = older configuration (LC creation time / LT version)
};

bool is_known_termination_policy(const std::string& policy);

// Indices into `candidates` in the order they are chosen.
std::vector<std::size_t> choose_for_termination(const std::vector<TerminationCandidate>& candidates,
                                                const std::map<std::string, int>& zone_counts,
                                                const std::vector<std::string>& policies,
                                                std::size_t count, core::TimeMs now);

}  // namespace cloudlife::autoscaling
