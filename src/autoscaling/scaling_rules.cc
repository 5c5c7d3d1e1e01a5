#include "autoscaling/scaling_rules.h"

#include <algorithm>
#include <cmath>

namespace cloudlife::autoscaling {

bool is_adjustment_type(const std::string& type) {
  return type == "ChangeInCapacity" || type == "ExactCapacity" || type == "PercentChangeInCapacity";
}

long long adjusted_capacity(const std::string& type, long long adjustment, long long current,
                            std::optional<long long> min_magnitude) {
  if (type == "ExactCapacity") return adjustment;
  if (type == "ChangeInCapacity") return current + adjustment;
  const double raw = static_cast<double>(current) * static_cast<double>(adjustment) / 100.0;
  long long change = 0;
  if (raw > 0 && raw < 1) {
    change = 1;
  } else if (raw < 0 && raw > -1) {
    change = -1;
  } else {
    change = static_cast<long long>(std::trunc(raw));
  }
  if (min_magnitude && std::llabs(change) < *min_magnitude && change != 0) {
    change = change > 0 ? *min_magnitude : -*min_magnitude;
  }
  return current + change;
}

std::optional<std::size_t> step_for(const std::vector<StepAdjustment>& steps, double breach) {
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const StepAdjustment& s = steps[i];
    const double lo = s.lower.value_or(-INFINITY);
    const double hi = s.upper.value_or(INFINITY);
    const bool above = lo >= 0;  // the step lies on the upper side of the threshold
    const bool inside = above ? (breach >= lo && breach < hi) : (breach > lo && breach <= hi);
    if (inside) return i;
  }
  return std::nullopt;
}

std::string step_adjustments_problem(const std::vector<StepAdjustment>& steps) {
  std::vector<StepAdjustment> sorted = steps;
  std::sort(sorted.begin(), sorted.end(), [](const StepAdjustment& a, const StepAdjustment& b) {
    return a.lower.value_or(-INFINITY) < b.lower.value_or(-INFINITY);
  });
  int no_lower = 0, no_upper = 0;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const StepAdjustment& s = sorted[i];
    no_lower += s.lower ? 0 : 1;
    no_upper += s.upper ? 0 : 1;
    if (!s.lower && !s.upper && sorted.size() > 1) {
      return "Step adjustment with no bounds must be the only step adjustment.";
    }
    if (s.lower && s.upper && *s.lower >= *s.upper) {
      return "Lower bound must be less than upper bound.";
    }
    if (i > 0) {
      const double prev_hi = sorted[i - 1].upper.value_or(INFINITY);
      const double lo = s.lower.value_or(-INFINITY);
      if (prev_hi > lo) return "Step adjustment intervals cannot overlap.";
      if (prev_hi < lo) return "Step adjustment intervals must be contiguous (no gaps).";
    }
  }
  if (no_lower > 1) return "Only one step adjustment can have a null lower bound.";
  if (no_upper > 1) return "Only one step adjustment can have a null upper bound.";
  return "";
}

long long target_tracking_capacity(long long capacity, double metric, double target) {
  if (capacity <= 0) return metric > target ? 1 : 0;
  const double wanted = static_cast<double>(capacity) * metric / target;
  long long out = static_cast<long long>(std::ceil(wanted - 1e-9));
  if (metric > 0 && out < 1) out = 1;
  return out;
}

bool is_comparison(const std::string& op) {
  return op == "GreaterThanOrEqualToThreshold" || op == "GreaterThanThreshold" ||
         op == "LessThanThreshold" || op == "LessThanOrEqualToThreshold";
}

bool breaches(const std::string& op, double value, double threshold) {
  if (op == "GreaterThanOrEqualToThreshold") return value >= threshold;
  if (op == "GreaterThanThreshold") return value > threshold;
  if (op == "LessThanThreshold") return value < threshold;
  return value <= threshold;
}

}  // namespace cloudlife::autoscaling
