#include "autoscaling/placement.h"

#include <algorithm>

namespace cloudlife::autoscaling {
namespace {

int count_of(const std::map<std::string, int>& counts, const std::string& zone) {
  auto it = counts.find(zone);
  return it == counts.end() ? 0 : it->second;
}

}  // namespace

std::string launch_zone(const std::vector<std::string>& zones,
                        const std::map<std::string, int>& counts) {
  std::string best;
  int best_count = 0;
  for (const std::string& z : zones) {
    const int c = count_of(counts, z);
    if (best.empty() || c < best_count) {
      best = z;
      best_count = c;
    }
  }
  return best;
}

std::optional<std::pair<std::string, std::string>> imbalance(
    const std::vector<std::string>& zones, const std::map<std::string, int>& counts,
    const std::map<std::string, int>& movable) {
  if (zones.size() < 2) return std::nullopt;
  const std::string shortest = launch_zone(zones, counts);
  std::string from;
  for (const std::string& z : zones) {
    if (count_of(movable, z) == 0) continue;
    if (from.empty() || count_of(counts, z) > count_of(counts, from)) from = z;
  }
  if (!from.empty() && count_of(counts, from) - count_of(counts, shortest) > 1) {
    return std::make_pair(shortest, from);
  }
  return std::nullopt;
}

long long rebalance_allowance(long long max_size) {
  return std::max<long long>(1, max_size / 10);
}

}  // namespace cloudlife::autoscaling
