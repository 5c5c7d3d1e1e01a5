#include "autoscaling/termination_policy.h"

#include <algorithm>
#include <functional>

namespace cloudlife::autoscaling {
namespace {

using Pool = std::vector<std::size_t>;
using Cands = std::vector<TerminationCandidate>;

// Keeps the members of `pool` for which key() is minimal.
Pool keep_min(const Pool& pool, const std::function<long long(std::size_t)>& key) {
  if (pool.empty()) return pool;
  long long best = key(pool.front());
  for (std::size_t i : pool) best = std::min(best, key(i));
  Pool out;
  for (std::size_t i : pool) {
    if (key(i) == best) out.push_back(i);
  }
  return out;
}

Pool oldest_config(const Cands& c, const Pool& pool) {
  // Instances from an outdated configuration go first; among them the oldest configuration.
  Pool outdated;
  for (std::size_t i : pool) {
    if (!c[i].uses_current_config) outdated.push_back(i);
  }
  if (outdated.empty()) return pool;
  return keep_min(outdated, [&](std::size_t i) { return c[i].config_age; });
}

Pool closest_to_hour(const Cands& c, const Pool& pool, core::TimeMs now) {
  // The instance whose next billing hour comes soonest: the largest (age mod hour).
  return keep_min(pool, [&](std::size_t i) {
    const core::TimeMs age = std::max<core::TimeMs>(0, now - c[i].launched_at);
    return -static_cast<long long>(age % core::kHour);
  });
}

Pool apply(const std::string& policy, const Cands& c, const Pool& pool, core::TimeMs now) {
  if (policy == "OldestInstance") {
    return keep_min(pool, [&](std::size_t i) { return c[i].launched_at; });
  }
  if (policy == "NewestInstance") {
    return keep_min(pool, [&](std::size_t i) { return -c[i].launched_at; });
  }
  if (policy == "OldestLaunchConfiguration" || policy == "OldestLaunchTemplate") {
    return oldest_config(c, pool);
  }
  if (policy == "ClosestToNextInstanceHour") return closest_to_hour(c, pool, now);
  // Default and AllocationStrategy.
  return closest_to_hour(c, oldest_config(c, pool), now);
}

}  // namespace

bool is_known_termination_policy(const std::string& policy) {
  static const std::vector<std::string> known = {"Default",
                                                 "OldestInstance",
                                                 "NewestInstance",
                                                 "OldestLaunchConfiguration",
                                                 "OldestLaunchTemplate",
                                                 "ClosestToNextInstanceHour",
                                                 "AllocationStrategy"};
  return std::find(known.begin(), known.end(), policy) != known.end();
}

std::vector<std::size_t> choose_for_termination(const std::vector<TerminationCandidate>& candidates,
                                                const std::map<std::string, int>& zone_counts,
                                                const std::vector<std::string>& policies,
                                                std::size_t count, core::TimeMs now) {
  std::map<std::string, int> counts = zone_counts;
  std::vector<bool> taken(candidates.size(), false);
  std::vector<std::size_t> chosen;
  while (chosen.size() < count) {
    // 1. Zones with the most members that still have an eligible candidate.
    int most = -1;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (taken[i] || candidates[i].protected_from_scale_in) continue;
      most = std::max(most, counts[candidates[i].zone]);
    }
    if (most < 0) break;
    Pool pool;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (taken[i] || candidates[i].protected_from_scale_in) continue;
      if (counts[candidates[i].zone] == most) pool.push_back(i);
    }
    // 2. The policies, in order, each narrowing the pool.
    std::vector<std::string> effective = policies;
    if (effective.empty()) effective.push_back("Default");
    for (const std::string& policy : effective) {
      if (pool.size() <= 1) break;
      pool = apply(policy, candidates, pool, now);
    }
    const std::size_t pick = pool.front();
    taken[pick] = true;
    chosen.push_back(pick);
    --counts[candidates[pick].zone];
  }
  return chosen;
}

}  // namespace cloudlife::autoscaling
