// Enable/DisableMetricsCollection rules: names, the one granularity, all-when-empty, order.
#include "autoscaling/group_metrics.h"

#include <gtest/gtest.h>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

using Names = std::vector<std::string>;

TEST(GroupMetrics, TwentyMetricsIncludingCapacityAndWarmPool) {
  const Names& all = group_metric_names();
  EXPECT_EQ(all.size(), 20u);
  EXPECT_EQ(all.front(), "GroupMinSize");
  EXPECT_EQ(all.back(), "GroupAndWarmPoolTotalCapacity");
  EXPECT_NE(std::find(all.begin(), all.end(), "GroupTotalCapacity"), all.end());
  EXPECT_NE(std::find(all.begin(), all.end(), "WarmPoolWarmedCapacity"), all.end());
}

TEST(GroupMetrics, EnablingAddsInOrderOnceAndEmptyMeansAll) {
  EXPECT_EQ(with_metrics_enabled({"GroupMaxSize"}, {"GroupMinSize", "GroupMaxSize"}),
            (Names{"GroupMaxSize", "GroupMinSize"}));
  EXPECT_EQ(with_metrics_enabled({}, {}), group_metric_names());
  EXPECT_EQ(with_metrics_enabled({"GroupMaxSize"}, {}).size(), 20u);
}

TEST(GroupMetrics, DisablingRemovesAndEmptyMeansAll) {
  EXPECT_EQ(with_metrics_disabled({"GroupMinSize", "GroupMaxSize"},
                                  {"GroupMaxSize", "GroupTotalInstances"}),
            (Names{"GroupMinSize"}));
  EXPECT_EQ(with_metrics_disabled({"GroupMinSize", "GroupMaxSize"}, {}), Names{});
}

TEST(GroupMetrics, UnknownNamesAndGranularitiesAreValidationErrors) {
  try {
    with_metrics_enabled({}, {"GroupMinSize", "CPUUtilization"});
    FAIL() << "accepted an unknown metric";
  } catch (const core::ServiceError& e) {
    EXPECT_EQ(e.code(), "ValidationError");
    EXPECT_NE(e.message().find("CPUUtilization"), std::string::npos);
  }
  EXPECT_THROW(with_metrics_disabled({"GroupMinSize"}, {"Nope"}), core::ServiceError);
  EXPECT_NO_THROW(require_metrics_granularity("1Minute"));
  try {
    require_metrics_granularity("5Minute");
    FAIL() << "accepted 5Minute";
  } catch (const core::ServiceError& e) {
    EXPECT_EQ(e.message(), "Valid metrics granularity type is: [1Minute].");
  }
}

}  // namespace
}  // namespace cloudlife::autoscaling
