#include "autoscaling/group_metrics.h"

#include <algorithm>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// The request, or every metric when it names none; throws on the first unknown name.
const std::vector<std::string>& checked(const std::vector<std::string>& requested) {
  for (const std::string& m : requested) {
    if (!contains(group_metric_names(), m)) {
      throw core::ServiceError("ValidationError",
                               "Invalid metric name: " + m +
                                   ". Valid metrics are those DescribeMetricCollectionTypes lists.",
                               400);
    }
  }
  return requested.empty() ? group_metric_names() : requested;
}

}  // namespace

const std::vector<std::string>& group_metric_names() {
  static const std::vector<std::string> names = {
      "GroupMinSize",
      "GroupMaxSize",
      "GroupDesiredCapacity",
      "GroupInServiceInstances",
      "GroupPendingInstances",
      "GroupStandbyInstances",
      "GroupTerminatingInstances",
      "GroupTotalInstances",
      "GroupInServiceCapacity",
      "GroupPendingCapacity",
      "GroupStandbyCapacity",
      "GroupTerminatingCapacity",
      "GroupTotalCapacity",
      "WarmPoolDesiredCapacity",
      "WarmPoolWarmedCapacity",
      "WarmPoolPendingCapacity",
      "WarmPoolTerminatingCapacity",
      "WarmPoolTotalCapacity",
      "GroupAndWarmPoolDesiredCapacity",
      "GroupAndWarmPoolTotalCapacity",
  };
  return names;
}

void require_metrics_granularity(const std::string& granularity) {
  if (granularity != kMetricsGranularity) {
    throw core::ServiceError("ValidationError", "Valid metrics granularity type is: [1Minute].",
                             400);
  }
}

std::vector<std::string> with_metrics_enabled(const std::vector<std::string>& enabled,
                                              const std::vector<std::string>& requested) {
  std::vector<std::string> out = enabled;
  for (const std::string& m : checked(requested)) {
    if (!contains(out, m)) out.push_back(m);
  }
  return out;
}

std::vector<std::string> with_metrics_disabled(const std::vector<std::string>& enabled,
                                               const std::vector<std::string>& requested) {
  const std::vector<std::string>& off = checked(requested);
  std::vector<std::string> out;
  for (const std::string& m : enabled) {
    if (!contains(off, m)) out.push_back(m);
  }
  return out;
}

}  // namespace cloudlife::autoscaling
