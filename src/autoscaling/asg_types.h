// Auto Scaling state of one account/region: launch configurations, groups and their members,
// lifecycle hooks, warm pools, scaling activities, and the load balancers groups register with.
// Contract: plain data; AsgModel enforces every rule. Members keep launch order; activities keep
// start order (describes list them newest first). Load balancer state lives here too, because
// group membership and registration change together under the same lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "autoscaling/activity_log.h"
#include "autoscaling/elb/elb_types.h"
#include "autoscaling/group_options.h"
#include "autoscaling/instance_refresh.h"
#include "autoscaling/instances_distribution.h"
#include "autoscaling/pass_budget.h"
#include "autoscaling/scaling_types.h"
#include "core/partitions.h"
#include "core/scheduler.h"
#include "core/time.h"
#include "ec2/instance_requirements.h"
#include "ec2/launch_spec.h"

namespace cloudlife::autoscaling {

struct MetadataOptions {                   // LaunchConfiguration MetadataOptions, as given
  std::optional<std::string> http_tokens;  // optional | required
  std::optional<long long> hop_limit;      // 1..64
  std::optional<std::string> endpoint;     // enabled | disabled
};

struct LaunchConfiguration {
  std::string name;
  std::string arn;
  std::string image_id;
  std::string instance_type;
  std::string key_name;
  std::vector<std::string> security_groups;
  std::string user_data;
  std::string iam_instance_profile;
  std::optional<bool> associate_public_ip;
  std::optional<bool> ebs_optimized;
  bool instance_monitoring = true;
  std::string spot_price;
  std::string placement_tenancy;
  std::string kernel_id;
  std::string ramdisk_id;
  std::optional<MetadataOptions> metadata_options;
  std::vector<ec2::BlockDeviceSpec> block_devices;
  core::TimeMs created = 0;
};

struct TemplateRef {
  std::string id;
  std::string name;
  std::string version;  // as given: "$Latest", "$Default", a number, or ""
};

// One MixedInstancesPolicy.LaunchTemplate.Overrides entry, as given. `weight` is WeightedCapacity
// parsed (1 when none is given); `weighted_capacity` is the text described back ("" = not given).
// An override names either an InstanceType or InstanceRequirements (attribute-based selection:
// every catalogue type that meets them, docs/autoscaling.md).
struct LaunchOverride {
  std::string instance_type;
  std::optional<ec2::InstanceRequirements> requirements;
  std::string weighted_capacity;
  long long weight = 1;
  std::optional<TemplateRef> launch_template;  // LaunchTemplateSpecification of this override
};

// A mixed instances policy whole: its launch template, overrides and distribution (instance
// refresh's DesiredConfiguration, and what a rollback restores).
struct MixedPolicy {
  TemplateRef launch_template;
  std::vector<LaunchOverride> overrides;
  InstancesDistribution distribution;
};

struct GroupTag {
  std::string key;
  std::string value;
  bool propagate_at_launch = false;
};

struct LifecycleHook {
  std::string name;
  std::string
      transition;  // autoscaling:EC2_INSTANCE_LAUNCHING | autoscaling:EC2_INSTANCE_TERMINATING
  std::string notification_target_arn;
  std::string role_arn;
  std::string notification_metadata;
  long long heartbeat_timeout = 3600;  // seconds
  std::string default_result = "ABANDON";
};

struct WarmPool {
  std::optional<long long> max_group_prepared_capacity;
  long long min_size = 0;
  std::string pool_state = "Stopped";  // Stopped | Running | Hibernated
  bool reuse_on_scale_in = false;
  bool pending_delete = false;
};

// A lifecycle action an instance is waiting on (one per hook of the transition).
struct PendingAction {
  std::string hook_name;
  std::string token;
  core::TimeMs deadline = 0;
  core::TimeMs global_deadline = 0;
  core::EventId timeout_event = 0;
};

// The member states and health every reconcile pass compares, as string_views: a comparison with
// one looks at the length before the characters (the pass compares every member's state).
namespace member_state {
inline constexpr std::string_view kPending = "Pending";
inline constexpr std::string_view kPendingWait = "Pending:Wait";
inline constexpr std::string_view kPendingProceed = "Pending:Proceed";
inline constexpr std::string_view kInService = "InService";
inline constexpr std::string_view kStandby = "Standby";
inline constexpr std::string_view kUnhealthy = "Unhealthy";
}  // namespace member_state

struct Member {
  std::string instance_id;
  std::string zone;
  std::string subnet_id;
  std::string instance_type;
  std::string state;               // LifecycleState
  std::string health = "Healthy";  // Healthy | Unhealthy
  bool protected_from_scale_in = false;
  std::string launch_configuration;
  std::optional<TemplateRef> launch_template;  // Version = the resolved number
  long long config_age = 0;
  core::TimeMs launched_at = 0;
  core::TimeMs in_service_at = 0;    // when it last entered service (instance refresh warm-up)
  core::TimeMs unhealthy_since = 0;  // replacement not before (grace period)
  std::string health_cause;          // the Cause of the replacement termination
  std::string activity_id;           // the activity in progress for this member
  bool rebalance_launch = false;
  bool spot = false;                  // launched as a Spot instance
  long long weight = 1;               // capacity units it counts for (WeightedCapacity)
  std::string weighted_capacity;      // WeightedCapacity as described ("" = group unweighted)
  bool lifetime_replacement = false;  // terminating because MaxInstanceLifetime ran out
  bool rebalance_at_risk = false;     // Spot member with a rebalance recommendation (replaced
                                      // first, then terminated: CapacityRebalance)
  bool warm = false;                  // lives in the warm pool (Warmed:* states)
  bool decrement_on_exit = false;     // leaving shrinks the desired capacity (already applied)
  std::vector<PendingAction> actions;
};

// A scheduled action (PutScheduledUpdateGroupAction). StartTime as described is the next time it
// runs; `recurrence` empty means one-time (deleted once it ran).
struct ScheduledAction {
  std::string name;
  std::string arn;
  std::optional<core::TimeMs> start_time;  // as given (UTC)
  std::optional<core::TimeMs> end_time;
  std::string recurrence;
  std::string time_zone;  // "" = UTC
  std::optional<long long> min_size, max_size, desired;
  core::TimeMs next_run = 0;
  core::EventId event = 0;
  std::uint64_t serial = 0;  // the armed event's ticket; a stale event finds another one
};

struct Group {
  std::string name;
  std::string arn;
  std::string launch_configuration;
  std::optional<TemplateRef> launch_template;
  bool mixed_instances = false;           // LaunchTemplate came from MixedInstancesPolicy
  std::vector<LaunchOverride> overrides;  // MixedInstancesPolicy.LaunchTemplate.Overrides
  InstancesDistribution distribution;     // meaningful when mixed_instances
  std::string context;
  std::string desired_capacity_type;  // "" (not given) or "units"
  long long min_size = 0;
  long long max_size = 0;
  long long desired = 0;
  long long default_cooldown = 300;
  std::vector<std::string> zones;
  std::vector<std::string> subnets;  // parallel to nothing: zone of each resolved from EC2
  std::string vpc_zone_identifier;
  std::vector<std::string> load_balancers;
  std::vector<std::string> target_groups;
  std::string health_check_type = "EC2";
  long long health_check_grace_period = 0;
  core::TimeMs created = 0;
  std::vector<std::string> termination_policies = {"Default"};
  bool new_instances_protected = false;
  bool capacity_rebalance = false;
  std::optional<long long> max_instance_lifetime;
  std::optional<long long> default_instance_warmup;
  std::string placement_group;
  std::string service_linked_role_arn;
  std::string deletion_protection = kNoDeletionProtection;  // DeletionProtection
  std::optional<MaintenancePolicy> maintenance;             // InstanceMaintenancePolicy
  std::string capacity_distribution = kBalancedBestEffort;  // AvailabilityZoneDistribution
  std::vector<GroupTag> tags;
  std::map<std::string, std::string> suspended;  // process -> reason
  std::vector<std::string> enabled_metrics;      // granularity 1Minute; in enabling order
  std::vector<Member> members;  // launch order; add_member / erase_member change it
  // Instance ID -> its index in `members` when it was last found. Erasures only move members
  // towards the front, so the member is at that index or a little before it.
  std::unordered_map<std::string, std::size_t> member_slots;
  std::map<std::string, LifecycleHook> hooks;
  std::optional<WarmPool> warm_pool;
  std::map<std::string, ScheduledAction> scheduled;               // by name
  std::map<std::string, ScalingPolicy> policies;                  // by name
  core::TimeMs policy_cooldown_until = 0;                         // simple scaling's cooldown
  std::vector<InstanceRefresh> refreshes;                         // start order
  std::map<std::string, std::vector<std::string>> notifications;  // topic ARN -> types
  long long refresh_surge = 0;  // instances an instance refresh runs beyond the desired capacity
  bool deleting = false;
  core::TimeMs cooldown_until = 0;
  std::string cause_prefix;  // "At … a user request … changing the desired capacity from a to b."
  core::EventId reconcile_event = 0;
  PassBudget pass_budget;  // reconcile passes at the current virtual instant
  // The EC2 health check (AsgModel::check_ec2_health) looks only at what may have changed since it
  // last ran: the members that came into service or were set Healthy since, unless some instance
  // began to leave running since (Ec2Model::departures_from_running), which makes it look at all.
  std::vector<std::string> ec2_health_due;
  std::uint64_t ec2_health_departures = 0;  // the departure count the last check saw

  // Members are added and removed only through these two, which keep member_slots, so that
  // find_member costs a lookup, not a scan of the group.
  Member& add_member(Member m);
  void erase_member(const std::string& instance_id);
  Member* find_member(const std::string& id);
  // Asks the next EC2 health check to look at this member. Bounded: once more are due than the
  // group has members, the check looks at all of them anyway.
  void ec2_health_check_due(const std::string& instance_id) {
    if (ec2_health_due.size() <= members.size()) ec2_health_due.push_back(instance_id);
  }
  bool is_suspended(const std::string& process) const { return suspended.contains(process); }
};

// The Auto Scaling state of one account and region. It is also that partition's ELB / ELBv2 state
// (ElbPartition, with the key): groups register their instances with the load balancers and
// target groups of their own partition under the same engine lock; ElbModel sees only that part.
struct AsgPartition : ElbPartition {
  AsgPartition(core::LockProof held, const core::PartitionKey& partition_key)
      : ElbPartition(held, partition_key) {}

  std::map<std::string, LaunchConfiguration> launch_configurations;
  std::map<std::string, Group> groups;
  ActivityLog activities;                             // the last 5,000, oldest first
  std::map<std::string, std::string> instance_group;  // instance ID -> group name
  std::map<MetricKey, MetricValue> metrics;           // PUT /_cloudlife/metrics
  std::map<std::string, MetricAlarm> alarms;          // by name
  core::EventId alarm_event = 0;                      // the next minute's evaluation

  Group* find_group(const std::string& name);
  Activity* find_activity(const std::string& id);
};

}  // namespace cloudlife::autoscaling
