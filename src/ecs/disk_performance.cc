#include "ecs/disk_performance.h"

#include <algorithm>

namespace cloudlife::ecs {
namespace {

int capped_iops(int per_gib, int size_gib, int cap) {
  return static_cast<int>(std::min<long long>(1800LL + 1LL * per_gib * size_gib, cap));
}

}  // namespace

std::optional<int> disk_iops(std::string_view category, std::string_view performance_level,
                             int size_gib) {
  if (category == "cloud_essd") {
    if (performance_level == "PL0") return capped_iops(12, size_gib, 10000);
    if (performance_level == "PL2") return capped_iops(50, size_gib, 100000);
    if (performance_level == "PL3") return capped_iops(50, size_gib, 1000000);
    return capped_iops(50, size_gib, 50000);  // PL1, the default
  }
  if (category == "cloud_auto") return capped_iops(50, size_gib, 50000);
  if (category == "cloud_essd_entry") return capped_iops(8, size_gib, 6000);
  if (category == "cloud_ssd") return capped_iops(30, size_gib, 25000);
  if (category == "cloud_efficiency") return capped_iops(8, size_gib, 5000);
  return std::nullopt;
}

}  // namespace cloudlife::ecs
