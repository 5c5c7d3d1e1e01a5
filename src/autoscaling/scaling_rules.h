// The arithmetic of scaling policies, as the Amazon EC2 Auto Scaling User Guide describes it.
// Contract: pure functions, no state; capacities are instance counts (or weight units).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cloudlife::autoscaling {

struct StepAdjustment {
  std::optional<double> lower;  // MetricIntervalLowerBound (relative to the alarm threshold)
  std::optional<double> upper;  // MetricIntervalUpperBound
  long long adjustment = 0;     // ScalingAdjustment
};

bool is_adjustment_type(const std::string& type);  // ChangeInCapacity | ExactCapacity | Percent…

// The new desired capacity for an adjustment from `current`, before Min/Max clamping:
// ChangeInCapacity adds, ExactCapacity sets, PercentChangeInCapacity adds the percentage of the
// current capacity rounded toward zero except that a change between -1 and 1 counts as ±1, and at
// least MinAdjustmentMagnitude when given.
long long adjusted_capacity(const std::string& type, long long adjustment, long long current,
                            std::optional<long long> min_magnitude);

// The step whose interval holds `breach` (metric value minus threshold): above the threshold the
// lower bound is inclusive and the upper exclusive; below it the lower is exclusive and the upper
// inclusive. nullopt when no step holds it.
std::optional<std::size_t> step_for(const std::vector<StepAdjustment>& steps, double breach);

// Step adjustments as AWS accepts them: no two overlapping, at most one unbounded at each end,
// lower < upper, no gap between intervals on the same side, a null lower bound only below the
// threshold and a null upper only above it. Empty when valid, else AWS-style message.
std::string step_adjustments_problem(const std::vector<StepAdjustment>& steps);

// Target tracking: the capacity that brings `metric` to `target` when `capacity` instances
// produce it, rounded up (never below 1 when the metric is above zero).
long long target_tracking_capacity(long long capacity, double metric, double target);

// A metric alarm's comparison: GreaterThanOrEqualToThreshold | GreaterThanThreshold |
// LessThanThreshold | LessThanOrEqualToThreshold.
bool is_comparison(const std::string& op);
bool breaches(const std::string& op, double value, double threshold);

}  // namespace cloudlife::autoscaling
