// Whether an instance may be released, and by whom (seed 004, "Release an instance").
// Contract: manual_release_refusal() is the whole decision for DeleteInstance/DeleteInstances on
// one instance: it returns the error the cloud answers with, or nothing when the release may go
// ahead. Checks, in order: release protection (InvalidOperation.DeletionProtection), charge type
// (an unexpired subscription is refused; an expired one needs TerminateSubscription=true:
// ChargeTypeViolation), then status (Pending: IncorrectInstanceStatus.Initializing; Running
// without Force, Starting, Stopping: IncorrectInstanceStatus). System-initiated releases (the
// automatic release time, subscription reclaim, overdue or security reclaim, Auto Scaling
// scale-in) are never refused: release protection restricts manual release only.
#pragma once

#include <optional>

#include "core/service_error.h"
#include "core/time.h"
#include "ecs/ecs_types.h"

namespace cloudlife::ecs {

struct ManualReleaseOptions {
  bool force = false;
  bool terminate_subscription = false;
};

// `instance.status` must be the status at `now`.
std::optional<core::ServiceError> manual_release_refusal(const Instance& instance,
                                                         const ManualReleaseOptions& options,
                                                         core::TimeMs now);

// True when a PrePaid instance's subscription has run out at `now` (PostPaid: never).
bool subscription_expired(const Instance& instance, core::TimeMs now);

}  // namespace cloudlife::ecs
