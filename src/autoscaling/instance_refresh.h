// Instance refresh: its record and the pure rules of a rolling replacement (issue 11 §2,
// docs/autoscaling.md "Instance refresh").
// Contract: plain data plus pure functions; AsgModel (asg_refresh.cc) runs the refresh as events
// on the virtual clock.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/scheduler.h"
#include "core/time.h"

namespace cloudlife::autoscaling {

struct TemplateRef;

struct RefreshPreferences {  // as given (DescribeInstanceRefreshes echoes them with defaults)
  long long min_healthy = 90;
  long long max_healthy = 100;
  std::optional<long long> instance_warmup;
  std::vector<long long> checkpoints;
  std::optional<long long> checkpoint_delay;
  bool skip_matching = false;
  bool auto_rollback = false;
  std::string scale_in_protected = "Ignore";  // Refresh | Ignore | Wait
  std::string standby = "Ignore";             // Terminate | Ignore | Wait
};

struct MixedPolicy;  // asg_types.h

struct InstanceRefresh {
  std::string id;
  std::string status = "Pending";  // Pending | InProgress | Successful | Failed | Cancelling |
                                   // Cancelled | RollbackInProgress | RollbackSuccessful |
                                   // RollbackFailed
  std::string status_reason;
  core::TimeMs start = 0;
  std::optional<core::TimeMs> end;
  RefreshPreferences prefs;
  bool has_desired_configuration = false;
  std::string desired_template_id, desired_template_name, desired_template_version;
  // The group's configuration before the refresh (what a rollback restores).
  std::string previous_launch_configuration;
  std::string previous_template_id, previous_template_name, previous_template_version;
  bool had_previous_template = false;
  // DesiredConfiguration.MixedInstancesPolicy as given, and the group's mixed instances policy
  // before the refresh (null: the group had none) that a rollback restores.
  std::shared_ptr<const MixedPolicy> desired_mixed;
  std::shared_ptr<const MixedPolicy> previous_mixed;
  std::set<std::string> to_replace;  // instance IDs still to replace
  long long total = 0;               // instances to replace when the (rollback) phase began
  bool surged = false;               // MaxHealthyPercentage > 100: replacements launched first
  std::size_t next_checkpoint = 0;
  std::optional<core::TimeMs> checkpoint_until;
  core::EventId event = 0;
  // RollbackDetails
  std::string rollback_reason;
  std::optional<core::TimeMs> rollback_start;
  long long percentage_on_rollback = 0;
  long long to_update_on_rollback = 0;

  bool active() const {
    return status == "Pending" || status == "InProgress" || status == "Cancelling" ||
           status == "RollbackInProgress";
  }
};

// Percentage of `total` replaced when `remaining` are left (100 when there was nothing to do).
long long refresh_percentage(long long total, long long remaining);

// How many instances one rolling step replaces: with MaxHealthyPercentage 100, as many as may be
// out of service while keeping MinHealthyPercentage of the desired capacity healthy (rounded up);
// above 100, as many as may run beyond the desired capacity. At least one, at most `remaining`.
long long refresh_batch(long long desired, long long healthy, long long min_healthy,
                        long long max_healthy, long long remaining);

// StartInstanceRefresh's checks of the preferences; empty when valid, else the message.
std::string refresh_preferences_problem(const RefreshPreferences& p);

}  // namespace cloudlife::autoscaling
