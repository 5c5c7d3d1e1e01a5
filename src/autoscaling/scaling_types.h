// Scaling policies, the metrics that drive them, and the metric alarms that invoke them.
// Contract: plain data; AsgModel (asg_policies.cc) enforces every rule. A metric is identified by
// namespace, name and dimensions; its value holds from the virtual time it was set until set again
// and yields one datapoint per virtual minute (docs/control-plane.md).
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "autoscaling/scaling_rules.h"
#include "core/time.h"

namespace cloudlife::autoscaling {

struct MetricKey {
  std::string name_space;  // "AWS/EC2"
  std::string name;        // "CPUUtilization"
  std::map<std::string, std::string> dimensions;
  auto operator<=>(const MetricKey&) const = default;
};

struct MetricValue {
  double value = 0;
  core::TimeMs since = 0;
};

struct TargetTracking {
  std::string predefined_type;  // PredefinedMetricSpecification; "" = customized
  std::string resource_label;
  MetricKey metric;  // the metric either way
  std::string statistic = "Average";
  std::string unit;
  double target = 0;
  bool disable_scale_in = false;
};

struct ScalingPolicy {
  std::string name;
  std::string arn;
  std::string type = "SimpleScaling";  // SimpleScaling | StepScaling | TargetTrackingScaling
  std::string adjustment_type;
  std::optional<long long> min_adjustment_magnitude;
  std::optional<long long> scaling_adjustment;
  std::optional<long long> cooldown;
  std::optional<long long> estimated_warmup;
  std::string metric_aggregation;  // StepScaling: Average | Minimum | Maximum
  std::vector<StepAdjustment> steps;
  std::optional<TargetTracking> target_tracking;
  bool enabled = true;
  std::vector<std::string> managed_alarms;  // target tracking's AlarmHigh / AlarmLow names
};

struct MetricAlarm {
  std::string name;
  std::string arn;
  MetricKey metric;
  std::string statistic = "Average";
  double threshold = 0;
  std::string comparison;
  int evaluation_periods = 1;
  int datapoints_to_alarm = 1;
  std::vector<std::string> actions;  // policy ARNs
  std::string managed_by;            // the target tracking policy's ARN ("" for a test's alarm)
  std::string state = "INSUFFICIENT_DATA";
  std::string state_reason;
  core::TimeMs state_since = 0;
  std::deque<double> recent;  // the latest datapoints, newest last (at most evaluation_periods)
};

}  // namespace cloudlife::autoscaling
