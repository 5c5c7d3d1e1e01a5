// The manual release decision (seed 004): protection, charge type, status — in that order.
#include "ecs/release_policy.h"

#include <gtest/gtest.h>

namespace cloudlife::ecs {
namespace {

constexpr core::TimeMs kNow = 1'800'000'000'000;

Instance instance(const std::string& status) {
  Instance i;
  i.instance_id = "i-test";
  i.status = status;
  return i;
}

std::string refusal(const Instance& i, bool force = false, bool terminate = false) {
  auto r = manual_release_refusal(i, {force, terminate}, kNow);
  return r ? r->code() : "";
}

TEST(ReleasePolicy, StoppedPayAsYouGoIsReleased) {
  EXPECT_EQ(refusal(instance("Stopped")), "");
}

TEST(ReleasePolicy, RunningNeedsForce) {
  EXPECT_EQ(refusal(instance("Running")), "IncorrectInstanceStatus");
  EXPECT_EQ(refusal(instance("Running"), true), "");
}

TEST(ReleasePolicy, TransitionalStatesAreRefusedEvenWithForce) {
  EXPECT_EQ(refusal(instance("Pending"), true), "IncorrectInstanceStatus.Initializing");
  EXPECT_EQ(refusal(instance("Starting"), true), "IncorrectInstanceStatus");
  EXPECT_EQ(refusal(instance("Stopping"), true), "IncorrectInstanceStatus");
}

TEST(ReleasePolicy, ProtectionBlocksAndComesFirst) {
  Instance i = instance("Stopped");
  i.deletion_protection = true;
  auto r = manual_release_refusal(i, {true, true}, kNow);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->code(), "InvalidOperation.DeletionProtection");
  EXPECT_EQ(r->http_status(), 403);
  i.status = "Pending";  // still protection, not the status
  EXPECT_EQ(refusal(i, true), "InvalidOperation.DeletionProtection");
}

TEST(ReleasePolicy, UnexpiredSubscriptionIsRefusedWhateverTheFlags) {
  Instance i = instance("Stopped");
  i.charge_type = ChargeType::kPrePaid;
  i.expired_time = kNow + core::kDay;
  EXPECT_EQ(refusal(i), "ChargeTypeViolation");
  EXPECT_EQ(refusal(i, true, true), "ChargeTypeViolation");
  EXPECT_FALSE(subscription_expired(i, kNow));
}

TEST(ReleasePolicy, ExpiredSubscriptionNeedsTerminateSubscription) {
  Instance i = instance("Stopped");
  i.charge_type = ChargeType::kPrePaid;
  i.expired_time = kNow;  // expires exactly now
  EXPECT_TRUE(subscription_expired(i, kNow));
  EXPECT_EQ(refusal(i), "ChargeTypeViolation");
  EXPECT_EQ(refusal(i, false, true), "");
}

TEST(ReleasePolicy, PayAsYouGoNeverExpires) {
  Instance i = instance("Stopped");
  i.expired_time = kNow - core::kDay;  // ignored for PostPaid
  EXPECT_FALSE(subscription_expired(i, kNow));
  EXPECT_EQ(refusal(i), "");
}

}  // namespace
}  // namespace cloudlife::ecs
