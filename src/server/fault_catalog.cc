#include "server/fault_catalog.h"

namespace cloudlife::server {

core::FaultCatalog cloud_fault_catalog() {
  core::FaultCatalog catalog;
  catalog.clouds = {"ec2", "autoscaling", "ecs", "elb", "elbv2", "sts"};
  catalog.known_errors = {
      // EC2
      {"RequestLimitExceeded", "Request limit exceeded.", 503},
      {"InsufficientInstanceCapacity",
       "We currently do not have sufficient capacity in the Availability Zone you requested. Our "
       "system will be working on provisioning additional capacity. You can currently get "
       "capacity by not specifying an Availability Zone in your request or choosing a different "
       "Availability Zone.",
       500},
      {"InternalError", "An internal error has occurred", 500},
      {"Unavailable", "The server is overloaded and can't handle the request.", 503},
      // Auto Scaling
      {"Throttling", "Rate exceeded", 400},
      {"ResourceContention",
       "You already have a pending update to an Auto Scaling resource (for example, a group, "
       "instance, or load balancer).",
       500},
      {"ScalingActivityInProgress", "Scaling activity is in progress and blocks this action.", 400},
      // Alibaba ECS
      {"Throttling.User", "Request was denied due to user flow control.", 400},
      {"ServiceUnavailable", "The request has failed due to a temporary failure of the server.",
       503},
  };
  return catalog;
}

}  // namespace cloudlife::server
