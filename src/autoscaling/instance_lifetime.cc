#include "autoscaling/instance_lifetime.h"

#include "core/service_error.h"

namespace cloudlife::autoscaling {

void validate_max_instance_lifetime(long long seconds) {
  if (seconds != 0 && (seconds < 86400 || seconds > 31536000)) {
    throw core::ServiceError("ValidationError",
                             "The value of MaxInstanceLifetime must be 0 or between 86400 and "
                             "31536000 seconds.",
                             400);
  }
}

std::optional<std::string> next_expired(const std::vector<LifetimeCandidate>& members,
                                        long long lifetime_seconds, core::TimeMs now) {
  const LifetimeCandidate* oldest = nullptr;
  for (const LifetimeCandidate& m : members) {
    if (!m.eligible || m.launched_at + lifetime_seconds * core::kSecond > now) continue;
    if (!oldest || m.launched_at < oldest->launched_at) oldest = &m;
  }
  if (!oldest) return std::nullopt;
  return oldest->instance_id;
}

std::optional<core::TimeMs> next_expiry(const std::vector<LifetimeCandidate>& members,
                                        long long lifetime_seconds, core::TimeMs now) {
  std::optional<core::TimeMs> earliest;
  for (const LifetimeCandidate& m : members) {
    if (!m.eligible) continue;
    const core::TimeMs due = m.launched_at + lifetime_seconds * core::kSecond;
    if (due > now && (!earliest || due < *earliest)) earliest = due;
  }
  return earliest;
}

}  // namespace cloudlife::autoscaling
