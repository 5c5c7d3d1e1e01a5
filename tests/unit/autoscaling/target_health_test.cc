// target_health_at (src/autoscaling/elb/target_health.h): AWS's target states over virtual time.
#include "autoscaling/elb/target_health.h"

#include <gtest/gtest.h>

namespace cloudlife::autoscaling {
namespace {

using core::kSecond;

TargetHealthFacts in_use_target() {
  TargetHealthFacts f;
  f.registered = true;
  f.instance = TargetInstanceState::kRunning;
  f.running_since = 0;
  f.registered_at = 100 * kSecond;
  f.in_use = true;
  f.in_use_since = 160 * kSecond;  // a listener starts forwarding later
  f.interval = 30 * kSecond;
  f.healthy_threshold = 5;
  f.unhealthy_threshold = 2;
  return f;
}

TEST(TargetHealth, ANotRegisteredOrUnusedTargetSaysWhy) {
  TargetHealthFacts f;
  EXPECT_EQ(target_health_at(f, 0).reason, "Target.NotRegistered");
  f = in_use_target();
  f.in_use = false;
  EXPECT_EQ(target_health_at(f, 0),
            (TargetHealthState{"unused", "Target.NotInUse",
                               "Target group is not configured to receive traffic from the load "
                               "balancer"}));
  f.instance = TargetInstanceState::kStopped;
  EXPECT_EQ(target_health_at(f, 0),
            (TargetHealthState{"unused", "Target.InvalidState", "Target is in the stopped state"}));
  f.instance = TargetInstanceState::kTerminated;
  EXPECT_EQ(target_health_at(f, 0).description, "Target is in the terminated state");
}

TEST(TargetHealth, InitialThenHealthyAfterTheHealthyThresholdOfIntervals) {
  const TargetHealthFacts f = in_use_target();  // checks start at 160 s
  EXPECT_EQ(target_health_at(f, 170 * kSecond).reason, "Elb.RegistrationInProgress");
  EXPECT_EQ(target_health_at(f, 190 * kSecond).reason, "Elb.InitialHealthChecking");
  EXPECT_EQ(target_health_at(f, 309 * kSecond).state, "initial");
  EXPECT_EQ(target_health_at(f, 310 * kSecond), (TargetHealthState{"healthy", "", ""}));
}

TEST(TargetHealth, InstantProfileIsHealthyAtOnce) {
  TargetHealthFacts f = in_use_target();
  f.interval = 0;
  EXPECT_EQ(target_health_at(f, 160 * kSecond).state, "healthy");
}

TEST(TargetHealth, AFailingTargetTurnsUnhealthyAfterTheUnhealthyThresholdAndRecovers) {
  TargetHealthFacts f = in_use_target();
  f.failure = TargetHealthFacts::Failure{"Target.Timeout", 400 * kSecond, 0};
  EXPECT_EQ(target_health_at(f, 459 * kSecond).state, "healthy");
  EXPECT_EQ(target_health_at(f, 460 * kSecond),
            (TargetHealthState{"unhealthy", "Target.Timeout", "Request timed out"}));
  f.failure->recovered_at = 500 * kSecond;
  EXPECT_EQ(target_health_at(f, 649 * kSecond).state, "unhealthy");
  EXPECT_EQ(target_health_at(f, 650 * kSecond).state, "healthy");
}

TEST(TargetHealth, DrainingAndDisabledChecks) {
  TargetHealthFacts f = in_use_target();
  f.draining = true;
  EXPECT_EQ(target_health_at(f, 0),
            (TargetHealthState{"draining", "Target.DeregistrationInProgress",
                               "Target deregistration is in progress"}));
  f.draining = false;
  f.health_check_enabled = false;
  EXPECT_EQ(target_health_at(f, 1000 * kSecond).state, "unavailable");
}

}  // namespace
}  // namespace cloudlife::autoscaling
