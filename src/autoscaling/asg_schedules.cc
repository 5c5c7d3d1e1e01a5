// Scheduled actions: PutScheduledUpdateGroupAction validation and storage, and their runs on the
// virtual clock. One scheduler event per action at its next run; a run sets the group's
// Min/Max/Desired (the desired capacity kept within the new bounds), leaves its cause on the
// activities that follow, and arms the next recurrence or deletes a one-time action. Runs that fall
// while ScheduledActions is suspended are skipped. Nothing runs after EndTime: the action goes
// away.
#include <algorithm>

#include "autoscaling/activity_text.h"
#include "autoscaling/asg_model.h"
#include "autoscaling/cron_schedule.h"
#include "core/ids.h"

namespace cloudlife::autoscaling {
namespace {

std::shared_ptr<const TimeZone> zone_of(const std::string& name) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") {
    static const auto utc = std::make_shared<const TimeZone>(TimeZone::utc());
    return utc;
  }
  return TimeZone::load(name);
}

// The first run at or after `after` (a one-time action: its start time; a recurring one: the start
// time when given and still ahead, then each cron match), nullopt when none is left.
std::optional<core::TimeMs> next_run(const ScheduledAction& a, core::TimeMs after,
                                     bool include_start) {
  std::optional<core::TimeMs> next;
  if (a.recurrence.empty()) {
    if (include_start && a.start_time && *a.start_time >= after) next = a.start_time;
  } else {
    const auto cron = CronSchedule::parse(a.recurrence);
    const auto zone = zone_of(a.time_zone);
    if (!cron || !zone) return std::nullopt;
    if (include_start && a.start_time && *a.start_time >= after) {
      next = a.start_time;
    } else {
      const core::TimeMs from = a.start_time ? std::max(after - 1, *a.start_time) : after - 1;
      next = cron->next_after(from, *zone);
    }
  }
  if (next && a.end_time && *next > *a.end_time) return std::nullopt;
  return next;
}

void validate(const ScheduledActionInput& in, const ScheduledAction& merged, core::TimeMs now) {
  if (in.name.empty()) {
    throw validation_error(
        "1 validation error detected: Value null at 'scheduledActionName' failed to satisfy "
        "constraint: Member must not be null");
  }
  if (!merged.min_size && !merged.max_size && !merged.desired) {
    throw validation_error(
        "At least one of the following parameters must be specified: MinSize, MaxSize, "
        "DesiredCapacity.");
  }
  for (const auto& v : {merged.min_size, merged.max_size, merged.desired}) {
    if (v && *v < 0) throw validation_error("Sizes must be greater than or equal to 0.");
  }
  if (merged.min_size && merged.max_size && *merged.min_size > *merged.max_size) {
    throw validation_error("Max bound, " + std::to_string(*merged.max_size) +
                           ", must be greater than or equal to min bound, " +
                           std::to_string(*merged.min_size));
  }
  if (merged.desired && merged.max_size && *merged.desired > *merged.max_size) {
    throw validation_error(
        "Desired capacity:" + std::to_string(*merged.desired) +
        " must be between the specified min size:" + std::to_string(merged.min_size.value_or(0)) +
        " and max size:" + std::to_string(*merged.max_size));
  }
  if (merged.desired && merged.min_size && *merged.desired < *merged.min_size) {
    throw validation_error(
        "Desired capacity:" + std::to_string(*merged.desired) +
        " must be between the specified min size:" + std::to_string(*merged.min_size) +
        " and max size:" + std::to_string(merged.max_size.value_or(*merged.desired)));
  }
  if (in.start_time && *in.start_time < now) {
    throw validation_error("Given start time is in the past");
  }
  if (!merged.recurrence.empty() && !CronSchedule::parse(merged.recurrence)) {
    throw validation_error("Given recurrence string is invalid: " + merged.recurrence);
  }
  if (!merged.time_zone.empty() && !zone_of(merged.time_zone)) {
    throw validation_error("Invalid time zone: " + merged.time_zone);
  }
  if (merged.end_time && *merged.end_time < now) {
    throw validation_error("Given end time is in the past");
  }
  if (merged.end_time && merged.start_time && *merged.end_time < *merged.start_time) {
    throw validation_error("Start time cannot be after end time");
  }
  if (merged.recurrence.empty() && !merged.start_time) {
    throw validation_error("Either a start time or a recurrence must be specified.");
  }
}

}  // namespace

void AsgModel::put_scheduled_action(AsgPartition& p, const std::string& group,
                                    const ScheduledActionInput& in, core::TimeMs now) {
  Group& g = require_group(p, group);
  auto existing = g.scheduled.find(in.name);
  ScheduledAction merged = existing != g.scheduled.end() ? existing->second : ScheduledAction{};
  merged.name = in.name;
  if (in.start_time) merged.start_time = in.start_time;
  if (in.end_time) merged.end_time = in.end_time;
  if (in.recurrence) merged.recurrence = *in.recurrence;
  if (in.time_zone) merged.time_zone = *in.time_zone;
  if (in.min_size) merged.min_size = in.min_size;
  if (in.max_size) merged.max_size = in.max_size;
  if (in.desired) merged.desired = in.desired;
  validate(in, merged, now);
  if (!next_run(merged, now, true)) {
    throw validation_error("The scheduled action " + in.name + " would never run.");
  }
  if (merged.arn.empty()) {
    merged.arn = "arn:aws:autoscaling:" + p.key.region + ":" + p.key.account +
                 ":scheduledUpdateGroupAction:" + core::uuid() + ":autoScalingGroupName/" + group +
                 ":scheduledActionName/" + in.name;
  }
  if (merged.event) engine_.scheduler().cancel(merged.event);
  ScheduledAction& stored = g.scheduled[in.name] = std::move(merged);
  stored.next_run = 0;
  arm_scheduled_action(p, group, stored, now);
}

void AsgModel::arm_scheduled_action(AsgPartition& p, const std::string& group, ScheduledAction& a,
                                    core::TimeMs after) {
  const auto due = next_run(a, after, a.next_run == 0);
  a.event = 0;
  if (!due) return;
  a.next_run = *due;
  a.serial = ++schedule_serial_;
  a.event = engine_.scheduler().schedule(
      *due,
      core::TimedEvent{scheduled_action_kind_, p.key, group, {a.name, std::to_string(a.serial)}});
}

void AsgModel::run_scheduled_action(core::LockProof held, const core::PartitionKey& key,
                                    const std::string& group, const std::string& name,
                                    std::uint64_t serial, core::TimeMs due) {
  AsgPartition* p = partitions_.find(held, key);
  Group* g = p ? p->find_group(group) : nullptr;
  auto it = g ? g->scheduled.find(name) : decltype(g->scheduled.end()){};
  if (!g || it == g->scheduled.end() || it->second.serial != serial) return;
  ScheduledAction& a = it->second;
  a.event = 0;
  if (!g->deleting && !g->is_suspended("ScheduledActions")) {
    const long long min = a.min_size.value_or(g->min_size);
    const long long max = std::max(min, a.max_size.value_or(g->max_size));
    const long long desired = std::clamp(a.desired.value_or(g->desired), min, max);
    if (desired != g->desired) {
      g->cause_prefix = text::scheduled_update(due, min, max, desired, g->desired, desired);
    }
    g->min_size = min;
    g->max_size = max;
    g->desired = desired;
    request_reconcile(*p, group, due);
  }
  arm_scheduled_action(*p, group, a, due + 1);
  if (!a.event) g->scheduled.erase(it);  // one-time, or past its EndTime
}

void AsgModel::delete_scheduled_action(AsgPartition& p, const std::string& group,
                                       const std::string& name) {
  Group& g = require_group(p, group);
  auto it = g.scheduled.find(name);
  if (it == g.scheduled.end()) {
    throw validation_error(
        "Scheduled Update Group Action name not found - Could not find "
        "scheduled action: " +
        name);
  }
  if (it->second.event) engine_.scheduler().cancel(it->second.event);
  g.scheduled.erase(it);
}

void AsgModel::cancel_scheduled_actions(Group& g) {
  for (auto& [name, a] : g.scheduled) {
    if (a.event) engine_.scheduler().cancel(a.event);
  }
  g.scheduled.clear();
}

std::vector<ScheduledActionView> AsgModel::describe_scheduled_actions(
    AsgPartition& p, const std::string& group, const std::vector<std::string>& names,
    std::optional<core::TimeMs> start, std::optional<core::TimeMs> end) {
  std::vector<const Group*> groups;
  if (!group.empty()) {
    groups.push_back(&require_group(p, group));
  } else {
    for (const auto& [n, g] : p.groups) groups.push_back(&g);
  }
  std::vector<ScheduledActionView> out;
  for (const Group* g : groups) {
    for (const auto& [n, a] : g->scheduled) {
      if (!names.empty() && std::find(names.begin(), names.end(), n) == names.end()) continue;
      if (start && a.next_run < *start) continue;
      if (end && a.next_run > *end) continue;
      out.push_back({g->name, a});
    }
  }
  return out;
}

}  // namespace cloudlife::autoscaling
