// Which kind of traffic source an Auto Scaling TrafficSourceIdentifier names, from its Type and
// Identifier (docs/autoscaling.md "Traffic sources"): `elb` a Classic Load Balancer by name,
// `elbv2` an ELBv2 target group by ARN, `vpc-lattice` a VPC Lattice target group by ARN. Without a
// Type the identifier decides (a target group ARN, else a Classic name).
// Contract: pure; throws core::ServiceError ValidationError for an identifier that does not match
// its Type, an unknown Type, and for vpc-lattice (cloudlife has no VPC Lattice: refused, never
// ignored).
#pragma once

#include <optional>
#include <string>

namespace cloudlife::autoscaling {

enum class TrafficSourceKind { kClassicLoadBalancer, kTargetGroup };

TrafficSourceKind traffic_source_kind(const std::string& identifier,
                                      const std::optional<std::string>& type);

}  // namespace cloudlife::autoscaling
