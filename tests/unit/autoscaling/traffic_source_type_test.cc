// traffic_source_kind (src/autoscaling/traffic_source_type.h): a TrafficSourceIdentifier's Type is
// honoured or refused, never ignored.
#include "autoscaling/traffic_source_type.h"

#include <gtest/gtest.h>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

const std::string kTg =
    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/app/0123456789abcdef";

bool refused(const std::string& id, const std::optional<std::string>& type) {
  try {
    traffic_source_kind(id, type);
  } catch (const core::ServiceError& e) {
    return e.code() == "ValidationError";
  }
  return false;
}

TEST(TrafficSourceType, TypeDecidesAndMustMatchTheIdentifier) {
  EXPECT_EQ(traffic_source_kind(kTg, "elbv2"), TrafficSourceKind::kTargetGroup);
  EXPECT_EQ(traffic_source_kind("classic", "elb"), TrafficSourceKind::kClassicLoadBalancer);
  EXPECT_EQ(traffic_source_kind(kTg, std::nullopt), TrafficSourceKind::kTargetGroup);
  EXPECT_EQ(traffic_source_kind("classic", std::nullopt), TrafficSourceKind::kClassicLoadBalancer);
  EXPECT_TRUE(refused(kTg, "elb"));
  EXPECT_TRUE(refused("classic", "elbv2"));
  EXPECT_TRUE(refused(kTg, "alb"));
  EXPECT_TRUE(
      refused("arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-1", "vpc-lattice"));
  EXPECT_TRUE(refused("arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-1", std::nullopt));
}

}  // namespace
}  // namespace cloudlife::autoscaling
