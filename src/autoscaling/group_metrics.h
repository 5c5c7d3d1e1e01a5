// Group metrics collection: the metric names Auto Scaling can publish for a group, its single
// granularity, and how Enable/DisableMetricsCollection change a group's enabled set.
// Contract: pure. An empty request means every metric (AWS: "If you omit Metrics, all metrics are
// enabled / disabled"). Enabling keeps the order metrics were first enabled in and ignores ones
// already enabled; disabling one that is not enabled is no error. An unknown name or granularity
// throws the ValidationError before anything changes (docs/autoscaling.md, "Metrics collection").
#pragma once

#include <string>
#include <vector>

namespace cloudlife::autoscaling {

inline constexpr const char* kMetricsGranularity = "1Minute";

// Every metric, in the API reference's order (DescribeMetricCollectionTypes lists them so).
const std::vector<std::string>& group_metric_names();

void require_metrics_granularity(const std::string& granularity);

std::vector<std::string> with_metrics_enabled(const std::vector<std::string>& enabled,
                                              const std::vector<std::string>& requested);
std::vector<std::string> with_metrics_disabled(const std::vector<std::string>& enabled,
                                               const std::vector<std::string>& requested);

}  // namespace cloudlife::autoscaling
