#include "autoscaling/placement.h"

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
    const std::vector<std::string>& zones, const std::map<std::string, int>& counts) {
  if (zones.size() < 2) return std::nullopt;
  std::string shortest = zones.front(), longest = zones.front();
  for (const std::string& z : zones) {
    if (count_of(counts, z) < count_of(counts, shortest)) shortest = z;
    if (count_of(counts, z) > count_of(counts, longest)) longest = z;
  }
  if (count_of(counts, longest) - count_of(counts, shortest) > 1) {
    return std::make_pair(shortest, longest);
  }
  return std::nullopt;
}

}  // namespace cloudlife::autoscaling
