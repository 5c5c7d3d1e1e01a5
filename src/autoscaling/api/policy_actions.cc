// Scaling policies: PutScalingPolicy, DescribePolicies, DeletePolicy, ExecutePolicy,
// DescribeAdjustmentTypes (decoded and encoded by the generated codec:
// codegen/autoscaling/groups_policies.ops). AsgModel (asg_policies.cc) holds the rules.
#include "autoscaling/api/asg_call.h"
#include "autoscaling_codec.h"
#include "protocol/aws_errors.h"
#include "protocol/aws_paging.h"

namespace cloudlife::autoscaling::api {
namespace {

namespace wire = codec::autoscaling;
using protocol::HttpResponse;

// DescribePolicies: MaxRecords 1-100, 50 by default.
constexpr protocol::PageRule kPolicyDescribePages{
    protocol::PageStyle::kQuery, "maxRecords", 50, 1, 100, "InvalidNextToken", "NextToken"};

TargetTracking target_tracking_of(const wire::TargetTrackingConfiguration& given) {
  TargetTracking tt;
  if (const auto& predefined = given.predefined_metric_specification) {
    tt.predefined_type = predefined->predefined_metric_type;
    tt.resource_label = predefined->resource_label.value_or("");
  }
  const auto& custom = given.customized_metric_specification;
  if (custom && !custom->metrics.empty()) {
    throw protocol::aws_error("ValidationError",
                              {"CustomizedMetricSpecification.Metrics (metric math) is not "
                               "supported by cloudlife; give MetricName, Namespace and "
                               "Dimensions."});
  }
  if (custom && custom->period.value_or(60) != 60) {
    throw protocol::aws_error(
        "ValidationError", {"cloudlife metrics have one datapoint per minute: Period must be 60."});
  }
  if (!tt.predefined_type.empty() && custom) {
    throw protocol::aws_error("ValidationError",
                              {"Only one of PredefinedMetricSpecification or "
                               "CustomizedMetricSpecification may be specified."});
  }
  if (custom) {
    tt.metric.name = custom->metric_name.value_or("");
    tt.metric.name_space = custom->namespace_.value_or("");
    for (const wire::MetricDimension& d : custom->dimensions)
      tt.metric.dimensions[d.name] = d.value;
    tt.unit = custom->unit.value_or("");
  }
  if (tt.predefined_type.empty()) {
    tt.statistic = custom ? custom->statistic.value_or("Average") : "Average";
  }
  tt.target = given.target_value;
  tt.disable_scale_in = given.disable_scale_in.value_or(false);
  return tt;
}

ScalingPolicy scaling_policy_of(const wire::PutScalingPolicyRequest& req) {
  ScalingPolicy s;
  s.name = req.policy_name;
  s.type = req.policy_type.value_or("SimpleScaling");
  s.adjustment_type = req.adjustment_type.value_or("");
  // MinAdjustmentStep is the older name of MinAdjustmentMagnitude (still in the model).
  s.min_adjustment_magnitude =
      req.min_adjustment_magnitude ? req.min_adjustment_magnitude : req.min_adjustment_step;
  s.scaling_adjustment = req.scaling_adjustment;
  s.cooldown = req.cooldown;
  s.estimated_warmup = req.estimated_instance_warmup;
  s.metric_aggregation = req.metric_aggregation_type.value_or("");
  for (const wire::StepAdjustment& step : req.step_adjustments) {
    s.steps.push_back(StepAdjustment{step.metric_interval_lower_bound,
                                     step.metric_interval_upper_bound, step.scaling_adjustment});
  }
  if (req.target_tracking_configuration) {
    s.target_tracking = target_tracking_of(*req.target_tracking_configuration);
  }
  if (req.predictive_scaling_configuration) s.type = "PredictiveScaling";
  s.enabled = req.enabled.value_or(true);
  return s;
}

using PolicyAlarms = std::vector<std::pair<std::string, std::string>>;  // name, ARN

void put_policy_alarm(wire::AlarmWriter& w, const PolicyAlarms::value_type& alarm) {
  w.alarm_name(alarm.first).alarm_arn(alarm.second);
}

void put_target_tracking(wire::TargetTrackingConfigurationWriter& w, const TargetTracking& tt) {
  if (!tt.predefined_type.empty()) {
    w.predefined_metric_specification([&](wire::PredefinedMetricSpecificationWriter& p) {
      p.predefined_metric_type(tt.predefined_type);
      if (!tt.resource_label.empty()) p.resource_label(tt.resource_label);
    });
  } else {
    w.customized_metric_specification([&](wire::CustomizedMetricSpecificationWriter& c) {
      c.metric_name(tt.metric.name)
          .namespace_(tt.metric.name_space)
          .dimensions(tt.metric.dimensions,
                      [](wire::MetricDimensionWriter& d, const auto& entry) {
                        d.name(entry.first).value(entry.second);
                      })
          .statistic(tt.statistic);
      if (!tt.unit.empty()) c.unit(tt.unit);
    });
  }
  w.target_value(tt.target).disable_scale_in(tt.disable_scale_in);
}

void put_step(wire::StepAdjustmentWriter& w, const StepAdjustment& a) {
  if (a.lower) w.metric_interval_lower_bound(*a.lower);
  if (a.upper) w.metric_interval_upper_bound(*a.upper);
  w.scaling_adjustment(a.adjustment);
}

void put_policy(wire::ScalingPolicyWriter& w, const PolicyView& row) {
  const ScalingPolicy& s = row.policy;
  w.auto_scaling_group_name(row.group).policy_name(s.name).policy_arn(s.arn).policy_type(s.type);
  if (!s.adjustment_type.empty()) w.adjustment_type(s.adjustment_type);
  if (s.min_adjustment_magnitude) {
    w.min_adjustment_step(*s.min_adjustment_magnitude)
        .min_adjustment_magnitude(*s.min_adjustment_magnitude);
  }
  if (s.scaling_adjustment) w.scaling_adjustment(*s.scaling_adjustment);
  if (s.cooldown) w.cooldown(*s.cooldown);
  if (!s.steps.empty()) w.step_adjustments(s.steps, put_step);
  if (!s.metric_aggregation.empty()) w.metric_aggregation_type(s.metric_aggregation);
  if (s.estimated_warmup) w.estimated_instance_warmup(*s.estimated_warmup);
  w.alarms(row.alarms, put_policy_alarm);
  if (s.target_tracking) {
    w.target_tracking_configuration([&](wire::TargetTrackingConfigurationWriter& t) {
      put_target_tracking(t, *s.target_tracking);
    });
  }
  w.enabled(s.enabled);
}

HttpResponse put_scaling_policy(AsgCall& call) {
  const auto req = wire::PutScalingPolicyRequest::decode(call.params);
  ScalingPolicy policy = scaling_policy_of(req);
  const PolicyView stored = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.put_scaling_policy(part, req.auto_scaling_group_name, std::move(policy), now);
  });
  wire::PutScalingPolicyResponse out(call.ctx.request_id);
  out.policy_arn(stored.policy.arn).alarms(stored.alarms, put_policy_alarm);
  return out.finish();
}

HttpResponse describe_policies(AsgCall& call) {
  const auto req = wire::DescribePoliciesRequest::decode(call.params);
  const std::string group = req.auto_scaling_group_name.value_or("");
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return call.model.describe_policies(part, group, req.policy_names, req.policy_types);
  });
  const protocol::Page page =
      protocol::aws_page(kPolicyDescribePages, req.max_records, req.next_token, rows.size());
  wire::DescribePoliciesResponse out(call.ctx.request_id);
  out.scaling_policies([&](auto& list) {
    for (std::size_t i = page.begin; i < page.end; ++i) {
      list.item([&](wire::ScalingPolicyWriter& w) { put_policy(w, rows[i]); });
    }
  });
  if (!page.next_token.empty()) out.next_token(page.next_token);
  return out.finish();
}

HttpResponse delete_policy(AsgCall& call) {
  const auto req = wire::DeletePolicyRequest::decode(call.params);
  const std::string group = req.auto_scaling_group_name.value_or("");
  call.run([&](AsgPartition& part, core::TimeMs) {
    call.model.delete_policy(part, group, req.policy_name);
  });
  return wire::DeletePolicyResponse(call.ctx.request_id).finish();
}

HttpResponse execute_policy(AsgCall& call) {
  const auto req = wire::ExecutePolicyRequest::decode(call.params);
  const std::string group = req.auto_scaling_group_name.value_or("");
  const bool honor = req.honor_cooldown.value_or(false);
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.execute_policy(part, group, req.policy_name, honor, req.metric_value,
                              req.breach_threshold, now);
  });
  return wire::ExecutePolicyResponse(call.ctx.request_id).finish();
}

HttpResponse describe_adjustment_types(AsgCall& call) {
  static const std::vector<std::string> kTypes = {"ChangeInCapacity", "ExactCapacity",
                                                  "PercentChangeInCapacity"};
  wire::DescribeAdjustmentTypesResponse out(call.ctx.request_id);
  out.adjustment_types(kTypes, [](wire::AdjustmentTypeWriter& w, const std::string& type) {
    w.adjustment_type(type);
  });
  return out.finish();
}

}  // namespace

void register_policy_actions(AsgActionTable& t) {
  t["PutScalingPolicy"] = put_scaling_policy;
  t["DescribePolicies"] = describe_policies;
  t["DeletePolicy"] = delete_policy;
  t["ExecutePolicy"] = execute_policy;
  t["DescribeAdjustmentTypes"] = describe_adjustment_types;
}

}  // namespace cloudlife::autoscaling::api
