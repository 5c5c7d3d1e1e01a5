#include "autoscaling/traffic_source_type.h"

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

core::ServiceError traffic_source_invalid(const std::string& message) {
  return core::ServiceError("ValidationError", message, 400);
}

bool is_elbv2_target_group_arn(const std::string& id) {
  return id.starts_with("arn:") && id.find(":elasticloadbalancing:") != std::string::npos &&
         id.find(":targetgroup/") != std::string::npos;
}

}  // namespace

TrafficSourceKind traffic_source_kind(const std::string& identifier,
                                      const std::optional<std::string>& type) {
  if (!type) {
    if (identifier.starts_with("arn:") && identifier.find(":vpc-lattice:") != std::string::npos) {
      throw traffic_source_invalid("cloudlife does not support VPC Lattice traffic sources: " +
                                   identifier);
    }
    return identifier.starts_with("arn:") ? TrafficSourceKind::kTargetGroup
                                          : TrafficSourceKind::kClassicLoadBalancer;
  }
  if (*type == "elb") {
    if (identifier.starts_with("arn:")) {
      throw traffic_source_invalid("Traffic source " + identifier +
                                   " of type elb must be a Classic Load Balancer name");
    }
    return TrafficSourceKind::kClassicLoadBalancer;
  }
  if (*type == "elbv2") {
    if (!is_elbv2_target_group_arn(identifier)) {
      throw traffic_source_invalid("Traffic source " + identifier +
                                   " of type elbv2 must be an Elastic Load Balancing target group "
                                   "ARN");
    }
    return TrafficSourceKind::kTargetGroup;
  }
  if (*type == "vpc-lattice") {
    throw traffic_source_invalid("cloudlife does not support VPC Lattice traffic sources: " +
                                 identifier);
  }
  throw traffic_source_invalid("Invalid traffic source type: " + *type +
                               ". Valid types are elb, elbv2 and vpc-lattice");
}

}  // namespace cloudlife::autoscaling
