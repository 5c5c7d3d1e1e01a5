// MaxInstanceLifetime: which values a group accepts and which member is replaced next.
// Contract: pure. A lifetime is 0 (clears the setting) or at least 86,400 s (one day), at most
// 31,536,000 s (one year). next_expired() names the in-service, unprotected member whose lifetime
// ran out earliest (launch time + lifetime <= now), or none; members are replaced one at a time, so
// the engine asks again when that replacement is done (docs/autoscaling.md, "Maximum instance
// lifetime"). next_expiry() is when the next member reaches its lifetime, for scheduling.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace cloudlife::autoscaling {

struct LifetimeCandidate {
  std::string instance_id;
  core::TimeMs launched_at = 0;
  bool eligible = true;  // in service, not protected, not in the warm pool
};

void validate_max_instance_lifetime(long long seconds);

std::optional<std::string> next_expired(const std::vector<LifetimeCandidate>& members,
                                        long long lifetime_seconds, core::TimeMs now);

std::optional<core::TimeMs> next_expiry(const std::vector<LifetimeCandidate>& members,
                                        long long lifetime_seconds, core::TimeMs now);

}  // namespace cloudlife::autoscaling
