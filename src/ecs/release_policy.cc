#include "ecs/release_policy.h"

#include "ecs/ecs_errors.h"

namespace cloudlife::ecs {

bool subscription_expired(const Instance& instance, core::TimeMs now) {
  return instance.charge_type == ChargeType::kPrePaid && instance.expired_time &&
         *instance.expired_time <= now;
}

std::optional<core::ServiceError> manual_release_refusal(const Instance& instance,
                                                         const ManualReleaseOptions& options,
                                                         core::TimeMs now) {
  if (instance.deletion_protection) return errors::deletion_protection(instance.instance_id);
  if (instance.charge_type == ChargeType::kPrePaid) {
    // Only an expired subscription can be released, and only when the caller says so.
    if (!subscription_expired(instance, now) || !options.terminate_subscription) {
      return errors::charge_type_violation();
    }
  }
  if (instance.status == "Pending") return errors::incorrect_instance_status_initializing();
  if (instance.status == "Stopped") return std::nullopt;
  if (instance.status == "Running" && options.force) return std::nullopt;
  return errors::incorrect_instance_status();
}

}  // namespace cloudlife::ecs
