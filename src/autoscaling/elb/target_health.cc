#include "autoscaling/elb/target_health.h"

#include <algorithm>

namespace cloudlife::autoscaling {

std::string unhealthy_description(const std::string& reason) {
  if (reason == "Target.ResponseCodeMismatch")
    return "Health checks failed with these codes: [500]";
  if (reason == "Target.Timeout") return "Request timed out";
  if (reason == "Elb.InternalError") return "Health checks failed due to an internal error";
  return "Health checks failed";
}

core::TimeMs target_checks_start(const TargetHealthFacts& facts) {
  return std::max({facts.registered_at, facts.in_use_since, facts.running_since});
}

TargetHealthState target_health_at(const TargetHealthFacts& facts, core::TimeMs now) {
  if (!facts.registered) {
    return {"unused", "Target.NotRegistered", "Target is not registered to the target group"};
  }
  if (facts.draining) {
    return {"draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"};
  }
  if (facts.instance == TargetInstanceState::kStopped) {
    return {"unused", "Target.InvalidState", "Target is in the stopped state"};
  }
  if (facts.instance == TargetInstanceState::kTerminated) {
    return {"unused", "Target.InvalidState", "Target is in the terminated state"};
  }
  if (!facts.in_use) {
    return {"unused", "Target.NotInUse",
            "Target group is not configured to receive traffic from the load balancer"};
  }
  if (!facts.health_check_enabled) {
    return {"unavailable", "Target.HealthCheckDisabled", "Health checks disabled"};
  }
  const TargetHealthState registering{"initial", "Elb.RegistrationInProgress",
                                      "Target registration is in progress"};
  if (facts.instance == TargetInstanceState::kPending) return registering;
  const core::TimeMs start = target_checks_start(facts);
  if (now < start) return registering;
  if (facts.failure) {
    const core::TimeMs failing_from = std::max(facts.failure->since, start);
    const core::TimeMs unhealthy_at = failing_from + facts.unhealthy_threshold * facts.interval;
    const core::TimeMs recovered = facts.failure->recovered_at;
    const bool still_failing = recovered == 0 || recovered > now;
    const TargetHealthState unhealthy{"unhealthy", facts.failure->reason,
                                      unhealthy_description(facts.failure->reason)};
    if (still_failing && now >= unhealthy_at) return unhealthy;
    if (!still_failing && recovered >= unhealthy_at) {
      // It went unhealthy, then passed again: healthy after HealthyThresholdCount checks.
      if (now < recovered + facts.healthy_threshold * facts.interval) return unhealthy;
      return {"healthy", "", ""};
    }
  }
  if (now < start + facts.interval) return registering;
  if (now < start + facts.healthy_threshold * facts.interval) {
    return {"initial", "Elb.InitialHealthChecking", "Initial health checks in progress"};
  }
  return {"healthy", "", ""};
}

}  // namespace cloudlife::autoscaling
