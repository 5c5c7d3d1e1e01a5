// The health of one ELBv2 target at a virtual time, as a pure function of what is known about it
// (docs/autoscaling.md "Target health over time"). AWS's states and reason codes:
//   not registered                      unused    Target.NotRegistered
//   deregistered while in use            draining  Target.DeregistrationInProgress (until the
//   delay) instance stopped / terminated        unused    Target.InvalidState no listener or rule
//   uses the group   unused    Target.NotInUse health checks disabled               unavailable
//   Target.HealthCheckDisabled first interval after it is in use    initial
//   Elb.RegistrationInProgress until HealthyThresholdCount checks   initial
//   Elb.InitialHealthChecking then                                 healthy failing (control plane)
//   for UnhealthyThresholdCount checks: unhealthy with the failure's reason; once it passes again,
//   healthy after HealthyThresholdCount checks.
// Under the instant timing profile the check interval counts as 0 s.
#pragma once

#include <optional>
#include <string>

#include "core/time.h"

namespace cloudlife::autoscaling {

enum class TargetInstanceState { kPending, kRunning, kStopped, kTerminated };

struct TargetHealthFacts {
  bool registered = false;
  bool draining = false;  // deregistered, drain not over
  TargetInstanceState instance = TargetInstanceState::kRunning;
  core::TimeMs running_since = 0;
  core::TimeMs registered_at = 0;
  bool in_use = false;
  core::TimeMs in_use_since = 0;  // with the load balancer active
  bool health_check_enabled = true;
  core::TimeMs interval = 30 * core::kSecond;  // 0 under the instant profile
  long long healthy_threshold = 5;
  long long unhealthy_threshold = 2;
  struct Failure {
    std::string reason;
    core::TimeMs since = 0;
    core::TimeMs recovered_at = 0;  // 0: still failing
  };
  std::optional<Failure> failure;
};

struct TargetHealthState {
  std::string state, reason, description;  // reason and description empty when healthy
  bool operator==(const TargetHealthState&) const = default;
};

TargetHealthState target_health_at(const TargetHealthFacts& facts, core::TimeMs now);

// When health checking of the target starts: the latest of registration, the group coming into
// use and the instance running.
core::TimeMs target_checks_start(const TargetHealthFacts& facts);

// The description AWS gives an unhealthy reason code.
std::string unhealthy_description(const std::string& reason);

}  // namespace cloudlife::autoscaling
