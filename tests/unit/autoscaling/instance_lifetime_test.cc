// MaxInstanceLifetime: accepted values, the next member to replace, the next expiry.
#include "autoscaling/instance_lifetime.h"

#include <gtest/gtest.h>

#include "core/service_error.h"

namespace cloudlife::autoscaling {
namespace {

constexpr long long kDay = 86400;

TEST(InstanceLifetime, ZeroOrOneDayToOneYear) {
  EXPECT_NO_THROW(validate_max_instance_lifetime(0));
  EXPECT_NO_THROW(validate_max_instance_lifetime(kDay));
  EXPECT_NO_THROW(validate_max_instance_lifetime(31536000));
  EXPECT_THROW(validate_max_instance_lifetime(3600), core::ServiceError);
  EXPECT_THROW(validate_max_instance_lifetime(31536001), core::ServiceError);
  EXPECT_THROW(validate_max_instance_lifetime(-1), core::ServiceError);
}

TEST(InstanceLifetime, OldestExpiredEligibleMemberFirst) {
  const core::TimeMs now = 3 * kDay * core::kSecond;
  std::vector<LifetimeCandidate> m = {{"i-new", 2 * kDay * core::kSecond + 1, true},
                                      {"i-old-protected", 0, false},
                                      {"i-old", 1000, true},
                                      {"i-older", 500, true}};
  EXPECT_EQ(next_expired(m, kDay, now), "i-older");
  m[3].eligible = false;
  EXPECT_EQ(next_expired(m, kDay, now), "i-old");
  m[2].eligible = false;
  EXPECT_EQ(next_expired(m, kDay, now), std::nullopt);  // i-new has not reached it yet
  EXPECT_EQ(next_expiry(m, kDay, now), 3 * kDay * core::kSecond + 1);
}

}  // namespace
}  // namespace cloudlife::autoscaling
