// A disk's maximum IOPS as Alibaba publishes it for its category and performance level (the
// "Block storage performance" formulas: a base of 1,800 plus a per-GiB rate, capped).
// Contract: pure; std::nullopt for a category without a published formula (basic `cloud` disks).
//
//   disk_iops("cloud_essd", "PL1", 40);  // 3800 = min(1800 + 50 * 40, 50000)
#pragma once

#include <optional>
#include <string_view>

namespace cloudlife::ecs {

std::optional<int> disk_iops(std::string_view category, std::string_view performance_level,
                             int size_gib);

}  // namespace cloudlife::ecs
