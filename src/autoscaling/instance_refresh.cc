#include "autoscaling/instance_refresh.h"

#include <algorithm>

namespace cloudlife::autoscaling {

long long refresh_percentage(long long total, long long remaining) {
  if (total <= 0) return 100;
  return std::clamp<long long>((total - remaining) * 100 / total, 0, 100);
}

long long refresh_batch(long long desired, long long healthy, long long min_healthy,
                        long long max_healthy, long long remaining) {
  long long batch = 1;
  if (max_healthy > 100) {
    batch = desired * (max_healthy - 100) / 100;
  } else {
    const long long floor = (desired * min_healthy + 99) / 100;
    batch = healthy - floor;
  }
  return std::clamp<long long>(batch, 1, std::max<long long>(1, remaining));
}

std::string refresh_preferences_problem(const RefreshPreferences& p) {
  if (p.min_healthy < 0 || p.min_healthy > 100) {
    return "MinHealthyPercentage must be between 0 and 100.";
  }
  if (p.max_healthy < 100 || p.max_healthy > 200) {
    return "MaxHealthyPercentage must be between 100 and 200.";
  }
  if (p.max_healthy - p.min_healthy > 100) {
    return "The difference between MaxHealthyPercentage and MinHealthyPercentage cannot be "
           "greater than 100.";
  }
  if (p.max_healthy == 100 && p.min_healthy == 100) {
    return "MinHealthyPercentage and MaxHealthyPercentage cannot both be 100.";
  }
  if (p.instance_warmup && *p.instance_warmup < 0) return "InstanceWarmup must be at least 0.";
  long long previous = 0;
  for (long long c : p.checkpoints) {
    if (c < 1 || c > 100) return "CheckpointPercentages must be between 1 and 100.";
    if (c <= previous) return "CheckpointPercentages must be in ascending order.";
    previous = c;
  }
  if (p.checkpoint_delay && (*p.checkpoint_delay < 0 || *p.checkpoint_delay > 172800)) {
    return "CheckpointDelay must be between 0 and 172800.";
  }
  if (p.checkpoint_delay && p.checkpoints.empty()) {
    return "CheckpointDelay requires CheckpointPercentages.";
  }
  for (const auto& [value, allowed] : {std::pair{p.scale_in_protected, "Refresh Ignore Wait"},
                                       std::pair{p.standby, "Terminate Ignore Wait"}}) {
    const std::string list = allowed;
    if (value.empty() || list.find(value) == std::string::npos ||
        value.find(' ') != std::string::npos) {
      return "Invalid value " + value + ": expected one of " + list + ".";
    }
  }
  return "";
}

}  // namespace cloudlife::autoscaling
