// Scaling policies: PutScalingPolicy, DescribePolicies, DeletePolicy, ExecutePolicy,
// DescribeAdjustmentTypes. Decoding and encoding only; AsgModel (asg_policies.cc) holds the rules.
#include <charconv>
#include <cmath>

#include "autoscaling/api/asg_call.h"
#include "autoscaling/api/paging.h"

namespace cloudlife::autoscaling::api {
namespace {

using protocol::HttpResponse;
using protocol::QueryParams;
using protocol::XmlWriter;

std::optional<double> number(const QueryParams& p, std::string_view name) {
  auto text = p.str(name);
  if (!text) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(v)) {
    throw core::ServiceError("ValidationError", "Invalid value '" + *text + "' for parameter " +
                                                    p.full_name(name) + ".");
  }
  return v;
}

std::string text_of(double v) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, ec == std::errc() ? end : buf);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

TargetTracking decode_target_tracking(const QueryParams& p) {
  TargetTracking tt;
  const std::string pre = "TargetTrackingConfiguration.";
  tt.predefined_type = p.str_or(pre + "PredefinedMetricSpecification.PredefinedMetricType", "");
  tt.resource_label = p.str_or(pre + "PredefinedMetricSpecification.ResourceLabel", "");
  const std::string c = pre + "CustomizedMetricSpecification.";
  if (p.has_any(c + "Metrics")) {
    throw core::ServiceError("ValidationError",
                             "CustomizedMetricSpecification.Metrics (metric math) is not "
                             "supported by cloudlife; give MetricName, Namespace and Dimensions.");
  }
  if (p.has_any(c + "Period") && p.integer(c + "Period").value_or(60) != 60) {
    throw core::ServiceError("ValidationError",
                             "cloudlife metrics have one datapoint per minute: Period must be 60.");
  }
  if (!tt.predefined_type.empty() && p.has_any(pre + "CustomizedMetricSpecification")) {
    throw core::ServiceError("ValidationError",
                             "Only one of PredefinedMetricSpecification or "
                             "CustomizedMetricSpecification may be specified.");
  }
  tt.metric.name = p.str_or(c + "MetricName", "");
  tt.metric.name_space = p.str_or(c + "Namespace", "");
  for (const QueryParams& d : p.structs(c + "Dimensions.member")) {
    tt.metric.dimensions[d.str_or("Name", "")] = d.str_or("Value", "");
  }
  if (tt.predefined_type.empty()) tt.statistic = p.str_or(c + "Statistic", "Average");
  tt.unit = p.str_or(c + "Unit", "");
  tt.target = number(p, pre + "TargetValue").value_or(0);
  tt.disable_scale_in = p.boolean(pre + "DisableScaleIn").value_or(false);
  return tt;
}

ScalingPolicy decode_policy(const QueryParams& p) {
  ScalingPolicy s;
  s.name = p.str_or("PolicyName", "");
  s.type = p.str_or("PolicyType", "SimpleScaling");
  s.adjustment_type = p.str_or("AdjustmentType", "");
  s.min_adjustment_magnitude = p.integer("MinAdjustmentMagnitude");
  if (!s.min_adjustment_magnitude) s.min_adjustment_magnitude = p.integer("MinAdjustmentStep");
  s.scaling_adjustment = p.integer("ScalingAdjustment");
  s.cooldown = p.integer("Cooldown");
  s.estimated_warmup = p.integer("EstimatedInstanceWarmup");
  s.metric_aggregation = p.str_or("MetricAggregationType", "");
  for (const QueryParams& step : p.structs("StepAdjustments.member")) {
    StepAdjustment a;
    a.lower = number(step, "MetricIntervalLowerBound");
    a.upper = number(step, "MetricIntervalUpperBound");
    auto adj = step.integer("ScalingAdjustment");
    if (!adj) {
      throw core::ServiceError("ValidationError",
                               "1 validation error detected: Value null at "
                               "'stepAdjustments.member.scalingAdjustment' failed to satisfy "
                               "constraint: Member must not be null");
    }
    a.adjustment = *adj;
    s.steps.push_back(a);
  }
  if (p.has_any("TargetTrackingConfiguration")) s.target_tracking = decode_target_tracking(p);
  if (p.has_any("PredictiveScalingConfiguration")) s.type = "PredictiveScaling";
  s.enabled = p.boolean("Enabled").value_or(true);
  return s;
}

void write_alarms(XmlWriter& xml, const std::vector<std::pair<std::string, std::string>>& alarms) {
  xml.open("Alarms");
  for (const auto& [name, arn] : alarms) {
    xml.open("member").leaf("AlarmName", name).leaf("AlarmARN", arn).close();
  }
  xml.close();
}

void write_target_tracking(XmlWriter& xml, const TargetTracking& tt) {
  xml.open("TargetTrackingConfiguration");
  if (!tt.predefined_type.empty()) {
    xml.open("PredefinedMetricSpecification");
    xml.leaf("PredefinedMetricType", tt.predefined_type);
    xml.leaf_if("ResourceLabel", tt.resource_label);
    xml.close();
  } else {
    xml.open("CustomizedMetricSpecification");
    xml.leaf("MetricName", tt.metric.name).leaf("Namespace", tt.metric.name_space);
    xml.open("Dimensions");
    for (const auto& [name, value] : tt.metric.dimensions) {
      xml.open("member").leaf("Name", name).leaf("Value", value).close();
    }
    xml.close();
    xml.leaf("Statistic", tt.statistic);
    xml.leaf_if("Unit", tt.unit);
    xml.close();
  }
  xml.leaf("TargetValue", text_of(tt.target));
  xml.leaf("DisableScaleIn", tt.disable_scale_in);
  xml.close();
}

HttpResponse put_scaling_policy(AsgCall& call) {
  const std::string group = call.required("AutoScalingGroupName");
  call.required("PolicyName");
  ScalingPolicy policy = decode_policy(call.params);
  const PolicyView stored = call.run([&](AsgPartition& part, core::TimeMs now) {
    return call.model.put_scaling_policy(part, group, std::move(policy), now);
  });
  XmlWriter xml = call.begin();
  xml.leaf("PolicyARN", stored.policy.arn);
  write_alarms(xml, stored.alarms);
  return call.finish(xml);
}

HttpResponse describe_policies(AsgCall& call) {
  const std::string group = call.params.str_or("AutoScalingGroupName", "");
  const auto names = call.params.list("PolicyNames.member");
  const auto types = call.params.list("PolicyTypes.member");
  const auto rows = call.run([&](AsgPartition& part, core::TimeMs) {
    return call.model.describe_policies(part, group, names, types);
  });
  const Page page = page_of(call.params, rows.size(), 50, 100);
  XmlWriter xml = call.begin();
  xml.open("ScalingPolicies");
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const ScalingPolicy& s = rows[i].policy;
    xml.open("member");
    xml.leaf("AutoScalingGroupName", rows[i].group);
    xml.leaf("PolicyName", s.name).leaf("PolicyARN", s.arn).leaf("PolicyType", s.type);
    xml.leaf_if("AdjustmentType", s.adjustment_type);
    if (s.min_adjustment_magnitude) {
      xml.leaf("MinAdjustmentStep", *s.min_adjustment_magnitude);
      xml.leaf("MinAdjustmentMagnitude", *s.min_adjustment_magnitude);
    }
    if (s.scaling_adjustment) xml.leaf("ScalingAdjustment", *s.scaling_adjustment);
    if (s.cooldown) xml.leaf("Cooldown", *s.cooldown);
    if (!s.steps.empty()) {
      xml.open("StepAdjustments");
      for (const StepAdjustment& a : s.steps) {
        xml.open("member");
        if (a.lower) xml.leaf("MetricIntervalLowerBound", text_of(*a.lower));
        if (a.upper) xml.leaf("MetricIntervalUpperBound", text_of(*a.upper));
        xml.leaf("ScalingAdjustment", a.adjustment);
        xml.close();
      }
      xml.close();
    }
    xml.leaf_if("MetricAggregationType", s.metric_aggregation);
    if (s.estimated_warmup) xml.leaf("EstimatedInstanceWarmup", *s.estimated_warmup);
    write_alarms(xml, rows[i].alarms);
    if (s.target_tracking) write_target_tracking(xml, *s.target_tracking);
    xml.leaf("Enabled", s.enabled);
    xml.close();
  }
  xml.close();
  xml.leaf_if("NextToken", page.next_token);
  return call.finish(xml);
}

HttpResponse delete_policy(AsgCall& call) {
  const std::string group = call.params.str_or("AutoScalingGroupName", "");
  const std::string policy = call.required("PolicyName");
  call.run(
      [&](AsgPartition& part, core::TimeMs) { call.model.delete_policy(part, group, policy); });
  return call.empty();
}

HttpResponse execute_policy(AsgCall& call) {
  const std::string group = call.params.str_or("AutoScalingGroupName", "");
  const std::string policy = call.required("PolicyName");
  const bool honor = call.params.boolean("HonorCooldown").value_or(false);
  const auto value = number(call.params, "MetricValue");
  const auto threshold = number(call.params, "BreachThreshold");
  call.run([&](AsgPartition& part, core::TimeMs now) {
    call.model.execute_policy(part, group, policy, honor, value, threshold, now);
  });
  return call.empty();
}

HttpResponse describe_adjustment_types(AsgCall& call) {
  XmlWriter xml = call.begin();
  xml.open("AdjustmentTypes");
  for (const char* t : {"ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity"}) {
    xml.open("member").leaf("AdjustmentType", t).close();
  }
  xml.close();
  return call.finish(xml);
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
