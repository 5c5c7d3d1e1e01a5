// Scaling policies (simple, step, target tracking), the metrics the control plane sets, and the
// metric alarms that invoke policies on the virtual clock.
// Alarms of a partition are evaluated together once per virtual minute (one scheduler event,
// armed while any alarm exists): each takes the datapoint of the minute just ended (the metric's
// value then; no value yet = no datapoint), keeps its latest EvaluationPeriods datapoints, and is
// in ALARM when DatapointsToAlarm of them breach, OK when they are all in and fewer breach. While
// in ALARM it invokes its policies every minute, as Auto Scaling alarms do; warm-up and cooldown
// decide whether an invocation changes anything.
#include <algorithm>
#include <cmath>

#include "autoscaling/activity_text.h"
#include "autoscaling/asg_model.h"
#include "core/ids.h"

namespace cloudlife::autoscaling {
namespace {

constexpr core::TimeMs kMinute = 60 * core::kSecond;

std::string policy_arn(const core::PartitionKey& key, const std::string& group,
                       const std::string& name) {
  return "arn:aws:autoscaling:" + key.region + ":" + key.account +
         ":scalingPolicy:" + core::uuid() + ":autoScalingGroupName/" + group + ":policyName/" +
         name;
}

std::string alarm_arn(const core::PartitionKey& key, const std::string& name) {
  return "arn:aws:cloudwatch:" + key.region + ":" + key.account + ":alarm:" + name;
}

// The group named in a policy ARN ("…:autoScalingGroupName/G:policyName/P"), else "".
std::string group_of_arn(const std::string& arn) {
  const std::string g = ":autoScalingGroupName/", pn = ":policyName/";
  const auto a = arn.find(g), b = arn.rfind(pn);
  if (a == std::string::npos || b == std::string::npos || b < a) return "";
  return arn.substr(a + g.size(), b - a - g.size());
}

// What a predefined metric type reads (docs/autoscaling.md, "Scaling policies").
MetricKey predefined_metric(const std::string& type, const std::string& group,
                            const std::string& label, std::string& statistic) {
  statistic = "Average";
  if (type == "ASGAverageCPUUtilization") {
    return {"AWS/EC2", "CPUUtilization", {{"AutoScalingGroupName", group}}};
  }
  if (type == "ASGAverageNetworkIn")
    return {"AWS/EC2", "NetworkIn", {{"AutoScalingGroupName", group}}};
  if (type == "ASGAverageNetworkOut") {
    return {"AWS/EC2", "NetworkOut", {{"AutoScalingGroupName", group}}};
  }
  if (type == "ALBRequestCountPerTarget") {
    const auto at = label.find("targetgroup/");
    if (label.rfind("app/", 0) != 0 || at == std::string::npos) {
      throw validation_error("Invalid ResourceLabel for ALBRequestCountPerTarget: '" + label +
                             "'. The format is app/<load-balancer-name>/<load-balancer-id>/"
                             "targetgroup/<target-group-name>/<target-group-id>.");
    }
    statistic = "Sum";
    return {"AWS/ApplicationELB", "RequestCountPerTarget", {{"TargetGroup", label.substr(at)}}};
  }
  throw validation_error("Unsupported predefined metric type: " + type);
}

void validate_policy(ScalingPolicy& in, const std::string& group) {
  if (in.name.empty()) {
    throw validation_error(
        "1 validation error detected: Value null at 'policyName' failed to satisfy constraint: "
        "Member must not be null");
  }
  const std::string& t = in.type;
  if (t == "PredictiveScaling") {
    throw validation_error("PredictiveScaling policies are not supported by cloudlife.");
  }
  if (t != "SimpleScaling" && t != "StepScaling" && t != "TargetTrackingScaling") {
    throw validation_error("Invalid policy type: " + t);
  }
  const bool adjusts = t != "TargetTrackingScaling";
  if (adjusts) {
    if (in.adjustment_type.empty()) {
      throw validation_error("AdjustmentType is required for policy type " + t + ".");
    }
    if (!is_adjustment_type(in.adjustment_type)) {
      throw validation_error("Invalid adjustment type: " + in.adjustment_type);
    }
    if (in.min_adjustment_magnitude && in.adjustment_type != "PercentChangeInCapacity") {
      throw validation_error(
          "MinAdjustmentMagnitude may only be specified with PercentChangeInCapacity.");
    }
  } else if (!in.adjustment_type.empty() || in.min_adjustment_magnitude) {
    throw validation_error(
        "AdjustmentType and MinAdjustmentMagnitude are not supported for "
        "policy type TargetTrackingScaling.");
  }
  if (in.cooldown && *in.cooldown != 0 && t != "SimpleScaling") {
    throw validation_error("Cooldown is only supported for policy type SimpleScaling.");
  }
  if (t != "SimpleScaling") in.cooldown.reset();  // 0 as a placeholder (Terraform sends it)
  if (in.estimated_warmup && t == "SimpleScaling") {
    throw validation_error(
        "EstimatedInstanceWarmup is not supported for policy type SimpleScaling.");
  }
  if (t == "SimpleScaling") {
    if (!in.scaling_adjustment) {
      throw validation_error("ScalingAdjustment is required for policy type SimpleScaling.");
    }
    if (!in.steps.empty()) {
      throw validation_error("StepAdjustments are not supported for policy type SimpleScaling.");
    }
  }
  if (t == "StepScaling") {
    if (in.steps.empty()) {
      throw validation_error("StepAdjustments are required for policy type StepScaling.");
    }
    if (in.scaling_adjustment) {
      throw validation_error("ScalingAdjustment is not supported for policy type StepScaling.");
    }
    if (const std::string problem = step_adjustments_problem(in.steps); !problem.empty()) {
      throw validation_error(problem);
    }
    if (in.metric_aggregation.empty()) in.metric_aggregation = "Average";
    if (in.metric_aggregation != "Average" && in.metric_aggregation != "Minimum" &&
        in.metric_aggregation != "Maximum") {
      throw validation_error("Invalid metric aggregation type: " + in.metric_aggregation);
    }
  } else if (!in.metric_aggregation.empty()) {
    throw validation_error("MetricAggregationType is only supported for policy type StepScaling.");
  }
  if (t == "TargetTrackingScaling") {
    if (!in.target_tracking) {
      throw validation_error(
          "TargetTrackingConfiguration is required for policy type TargetTrackingScaling.");
    }
    TargetTracking& tt = *in.target_tracking;
    if (!tt.predefined_type.empty()) {
      tt.metric = predefined_metric(tt.predefined_type, group, tt.resource_label, tt.statistic);
    } else if (tt.metric.name.empty() || tt.metric.name_space.empty()) {
      throw validation_error(
          "Either PredefinedMetricSpecification or CustomizedMetricSpecification must be "
          "specified.");
    }
    if (!(tt.target > 0)) throw validation_error("TargetValue must be greater than 0.");
  } else if (in.target_tracking) {
    throw validation_error(
        "TargetTrackingConfiguration is only supported for policy type TargetTrackingScaling.");
  }
}

}  // namespace

// --- policies ------------------------------------------------------------------------------------

ScalingPolicy* AsgModel::find_policy(AsgPartition& p, const std::string& group,
                                     const std::string& name_or_arn, Group** owner) {
  const bool arn = name_or_arn.rfind("arn:", 0) == 0;
  const std::string group_name = arn ? group_of_arn(name_or_arn) : group;
  Group* g = group_name.empty() ? nullptr : p.find_group(group_name);
  if (!g || g->deleting) return nullptr;
  for (auto& [name, policy] : g->policies) {
    if (arn ? policy.arn == name_or_arn : name == name_or_arn) {
      if (owner) *owner = g;
      return &policy;
    }
  }
  return nullptr;
}

PolicyView AsgModel::put_scaling_policy(AsgPartition& p, const std::string& group, ScalingPolicy in,
                                        core::TimeMs now) {
  Group& g = require_group(p, group);
  validate_policy(in, group);
  auto existing = g.policies.find(in.name);
  in.arn = existing != g.policies.end() ? existing->second.arn : policy_arn(p.key, group, in.name);
  if (existing != g.policies.end()) delete_policy_alarms(p, existing->second);
  if (in.target_tracking) {
    const TargetTracking& tt = *in.target_tracking;
    auto make = [&](const char* which, const std::string& op, double threshold, int periods) {
      MetricAlarm a;
      a.name = "TargetTracking-" + group + "-" + which + "-" + core::uuid();
      a.arn = alarm_arn(p.key, a.name);
      a.metric = tt.metric;
      a.statistic = tt.statistic;
      a.threshold = threshold;
      a.comparison = op;
      a.evaluation_periods = a.datapoints_to_alarm = periods;
      a.actions = {in.arn};
      a.managed_by = in.arn;
      a.state_since = now;
      in.managed_alarms.push_back(a.name);
      p.alarms[a.name] = std::move(a);
    };
    make("AlarmHigh", "GreaterThanThreshold", tt.target, 3);
    if (!tt.disable_scale_in) make("AlarmLow", "LessThanThreshold", tt.target * 0.9, 15);
    arm_alarm_tick(p, now);
  }
  g.policies[in.name] = in;
  return describe_policies(p, group, {in.name}, {}).front();
}

void AsgModel::delete_policy_alarms(AsgPartition& p, const ScalingPolicy& policy) {
  for (const std::string& name : policy.managed_alarms) p.alarms.erase(name);
}

void AsgModel::delete_policy(AsgPartition& p, const std::string& group,
                             const std::string& name_or_arn) {
  if (name_or_arn.rfind("arn:", 0) != 0) require_group(p, group);
  Group* owner = nullptr;
  ScalingPolicy* policy = find_policy(p, group, name_or_arn, &owner);
  if (!policy) {
    throw validation_error("Policy " + name_or_arn + " not found for Auto Scaling group " + group +
                           ".");
  }
  delete_policy_alarms(p, *policy);
  owner->policies.erase(policy->name);
}

std::vector<PolicyView> AsgModel::describe_policies(AsgPartition& p, const std::string& group,
                                                    const std::vector<std::string>& names,
                                                    const std::vector<std::string>& types) {
  std::vector<Group*> groups;
  if (!group.empty()) {
    groups.push_back(&require_group(p, group));
  } else {
    for (auto& [n, g] : p.groups) {
      if (!g.deleting) groups.push_back(&g);
    }
  }
  auto listed = [](const std::vector<std::string>& list, const std::string& v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  std::vector<PolicyView> out;
  for (Group* g : groups) {
    for (const auto& [name, policy] : g->policies) {
      const bool named = names.empty() || listed(names, name) || listed(names, policy.arn);
      if (!named || !listed(types, policy.type)) continue;
      PolicyView v{g->name, policy, {}};
      for (const auto& [alarm_name, alarm] : p.alarms) {
        if (std::find(alarm.actions.begin(), alarm.actions.end(), policy.arn) !=
            alarm.actions.end()) {
          v.alarms.emplace_back(alarm_name, alarm.arn);
        }
      }
      out.push_back(std::move(v));
    }
  }
  return out;
}

void AsgModel::execute_policy(AsgPartition& p, const std::string& group,
                              const std::string& name_or_arn, bool honor_cooldown,
                              std::optional<double> metric_value,
                              std::optional<double> breach_threshold, core::TimeMs now) {
  if (name_or_arn.rfind("arn:", 0) != 0) require_group(p, group);
  Group* g = nullptr;
  ScalingPolicy* policy = find_policy(p, group, name_or_arn, &g);
  if (!policy) {
    throw validation_error("Policy " + name_or_arn + " not found for Auto Scaling group " + group +
                           ".");
  }
  if (policy->type == "TargetTrackingScaling") {
    throw validation_error("ExecutePolicy is not supported for policies of type " + policy->type +
                           ".");
  }
  if (policy->type == "StepScaling" && (!metric_value || !breach_threshold)) {
    throw validation_error(
        "MetricValue and BreachThreshold are required for policy type StepScaling.");
  }
  if (policy->type == "SimpleScaling" && (metric_value || breach_threshold)) {
    throw validation_error(
        "MetricValue and BreachThreshold are only supported for policy type StepScaling.");
  }
  if (honor_cooldown && now < std::max(g->cooldown_until, g->policy_cooldown_until)) {
    throw core::ServiceError("ScalingActivityInProgress",
                             "Scaling activity is in progress and blocks this action");
  }
  const double value = metric_value.value_or(0), threshold = breach_threshold.value_or(0);
  apply_policy(p, *g, *policy, value, threshold, value >= threshold, "", false, now);
}

void AsgModel::apply_policy(AsgPartition& p, Group& g, ScalingPolicy& policy, double value,
                            double threshold, bool scale_out_alarm, const std::string& cause_head,
                            bool honor_cooldown, core::TimeMs now) {
  const long long warmup =
      policy.estimated_warmup.value_or(g.default_instance_warmup.value_or(g.default_cooldown));
  long long warming = 0;
  for (const Member& m : g.members) {
    if (counts_toward_capacity(m) && now < m.launched_at + warmup * core::kSecond) ++warming;
  }
  const long long from = g.desired;
  long long to = from;
  if (policy.type == "SimpleScaling") {
    if (honor_cooldown && now < g.policy_cooldown_until) return;
    to = adjusted_capacity(policy.adjustment_type, *policy.scaling_adjustment, from,
                           policy.min_adjustment_magnitude);
    g.policy_cooldown_until = now + policy.cooldown.value_or(g.default_cooldown) * core::kSecond;
  } else if (policy.type == "StepScaling") {
    const auto step = step_for(policy.steps, value - threshold);
    if (!step) return;
    const long long adjustment = policy.steps[*step].adjustment;
    // Instances still warming up count as already added: a breach in the same step adds
    // nothing more, a larger step adds the difference; no scale-in while any warms up.
    to = adjusted_capacity(policy.adjustment_type, adjustment, from - warming,
                           policy.min_adjustment_magnitude);
    if (warming > 0) to = std::max(to, from);
  } else {
    const TargetTracking& tt = *policy.target_tracking;
    const long long computed = target_tracking_capacity(from - warming, value, tt.target);
    if (scale_out_alarm) {
      to = std::max(from, computed);
    } else {
      if (tt.disable_scale_in || warming > 0) return;
      to = std::min(from, computed);
    }
  }
  to = std::clamp(to, g.min_size, g.max_size);
  if (to == from) return;
  g.cause_prefix = cause_head.empty()
                       ? text::policy_by_user(now, policy.name, from, to)
                       : text::policy_by_alarm(now, cause_head, policy.name, from, to);
  g.desired = to;
  request_reconcile(p, g.name, now);
}

// --- metrics and alarms --------------------------------------------------------------------------

void AsgModel::put_metric(AsgPartition& p, const MetricKey& key, double value, core::TimeMs now) {
  if (key.name_space.empty() || key.name.empty()) {
    throw validation_error("namespace and metric are required");
  }
  if (!std::isfinite(value)) throw validation_error("value must be a finite number");
  p.metrics[key] = MetricValue{value, now};
}

MetricAlarm AsgModel::put_alarm(AsgPartition& p, MetricAlarm alarm, core::TimeMs now) {
  if (alarm.name.empty()) throw validation_error("name is required");
  if (alarm.name.rfind("TargetTracking-", 0) == 0) {
    throw validation_error(
        "alarm names starting with TargetTracking- belong to target tracking "
        "policies");
  }
  if (alarm.metric.name_space.empty() || alarm.metric.name.empty()) {
    throw validation_error("namespace and metric are required");
  }
  if (!is_comparison(alarm.comparison)) {
    throw validation_error(
        "comparison must be GreaterThanOrEqualToThreshold, "
        "GreaterThanThreshold, LessThanThreshold or LessThanOrEqualToThreshold");
  }
  if (alarm.evaluation_periods < 1 || alarm.evaluation_periods > 1440) {
    throw validation_error("evaluation_periods must be between 1 and 1440");
  }
  if (alarm.datapoints_to_alarm < 1 || alarm.datapoints_to_alarm > alarm.evaluation_periods) {
    throw validation_error("datapoints_to_alarm must be between 1 and evaluation_periods");
  }
  for (const std::string& arn : alarm.actions) {
    ScalingPolicy* policy = find_policy(p, "", arn, nullptr);
    if (!policy) throw validation_error("no scaling policy has the ARN " + arn);
    if (policy->type == "TargetTrackingScaling") {
      throw validation_error("target tracking policies manage their own alarms: " + arn);
    }
  }
  alarm.arn = alarm_arn(p.key, alarm.name);
  alarm.state = "INSUFFICIENT_DATA";
  alarm.state_since = now;
  alarm.managed_by.clear();
  alarm.recent.clear();
  p.alarms[alarm.name] = alarm;
  arm_alarm_tick(p, now);
  return alarm;
}

bool AsgModel::delete_alarm(AsgPartition& p, const std::string& name) {
  auto it = p.alarms.find(name);
  if (it == p.alarms.end()) return false;
  if (!it->second.managed_by.empty()) {
    throw validation_error("the alarm belongs to the target tracking policy " +
                           it->second.managed_by + "; delete the policy instead");
  }
  p.alarms.erase(it);
  return true;
}

void AsgModel::arm_alarm_tick(AsgPartition& p, core::TimeMs now) {
  if (p.alarms.empty()) return;
  if (p.alarm_event && engine_.scheduler().is_pending(p.alarm_event)) return;
  const core::TimeMs next = (now / kMinute + 1) * kMinute;
  p.alarm_event =
      engine_.scheduler().schedule(next, core::TimedEvent{alarm_tick_kind_, p.key, "", {}});
}

void AsgModel::evaluate_alarms(core::LockProof held, const core::PartitionKey& key,
                               core::TimeMs at) {
  AsgPartition* p = partitions_.find(held, key);
  if (!p) return;
  p->alarm_event = 0;
  std::vector<std::pair<std::string, double>> firing;
  for (auto& [name, entry] : p->alarms) {
    auto& alarm = entry;  // a lambda below captures it (clang 14: no bindings)
    auto metric = p->metrics.find(alarm.metric);
    if (metric == p->metrics.end() || metric->second.since >= at) continue;  // no datapoint
    const double value = metric->second.value;
    alarm.recent.push_back(value);
    while (static_cast<int>(alarm.recent.size()) > alarm.evaluation_periods) {
      alarm.recent.pop_front();
    }
    const auto breaching = std::count_if(alarm.recent.begin(), alarm.recent.end(), [&](double v) {
      return breaches(alarm.comparison, v, alarm.threshold);
    });
    std::string state = alarm.state;
    if (breaching >= alarm.datapoints_to_alarm) {
      state = "ALARM";
    } else if (static_cast<int>(alarm.recent.size()) == alarm.evaluation_periods ||
               alarm.state == "ALARM") {
      state = "OK";
    }
    if (state != alarm.state) {
      alarm.state = state;
      alarm.state_since = at;
      alarm.state_reason = "Threshold Crossed: " + std::to_string(breaching) +
                           " datapoint(s) of the latest " + std::to_string(alarm.recent.size()) +
                           " breached the threshold (" + std::to_string(alarm.threshold) + ").";
    }
    if (alarm.state == "ALARM") firing.emplace_back(name, value);
  }
  for (const auto& [name, value] : firing) {
    auto it = p->alarms.find(name);
    if (it == p->alarms.end()) continue;
    const MetricAlarm alarm = it->second;  // a policy change may erase it
    for (const std::string& arn : alarm.actions) invoke_from_alarm(*p, arn, alarm, value, at);
  }
  arm_alarm_tick(*p, at);
}

void AsgModel::invoke_from_alarm(AsgPartition& p, const std::string& policy_arn,
                                 const MetricAlarm& alarm, double value, core::TimeMs now) {
  Group* g = nullptr;
  ScalingPolicy* policy = find_policy(p, "", policy_arn, &g);
  if (!policy || !policy->enabled || g->is_suspended("AlarmNotification")) return;
  const bool out = alarm.comparison.rfind("Greater", 0) == 0;
  apply_policy(p, *g, *policy, value, alarm.threshold, out, alarm.name, true, now);
}

}  // namespace cloudlife::autoscaling
