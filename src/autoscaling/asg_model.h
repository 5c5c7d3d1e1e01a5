// The Auto Scaling model: groups and their rules, and the engine that converges them.
// Contract: every method runs with the engine lock held (inside Engine::transact) and either throws
// core::ServiceError before changing anything or applies its change whole. Convergence is never
// done inline: a change schedules a reconcile pass on the virtual clock (at `now`), and instance
// transitions (EC2 settles, hook timeouts) schedule further passes at their own due times. Launches
// and terminations go through Ec2Model, so EC2 describes the same instances. Results are copies.
// Every timed event is data (core/timed_event.h) of a kind the constructor defines
// ("autoscaling.*"): its partition is the group's account and region, its subject the group's
// name (an EC2 state change's: the instance's ID; the alarm tick's: none), its arguments the rest
// as text; a handler finds the partition and the group again by them, and leaves a group that is
// gone alone.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "autoscaling/asg_types.h"
#include "core/engine.h"
#include "ec2/ec2_model.h"

namespace cloudlife::autoscaling {

inline core::ServiceError validation_error(const std::string& message) {
  return core::ServiceError("ValidationError", message, 400);
}

struct GroupSettings {  // CreateAutoScalingGroup / UpdateAutoScalingGroup parameters
  std::optional<std::string> launch_configuration;
  std::optional<TemplateRef> launch_template;
  bool mixed_instances = false;
  std::vector<LaunchOverride> overrides;
  std::optional<long long> min_size, max_size, desired;
  std::optional<long long> default_cooldown;
  std::optional<std::vector<std::string>> zones;
  std::optional<std::string> vpc_zone_identifier;
  std::vector<std::string> load_balancers;
  std::vector<std::string> target_groups;
  std::optional<std::string> health_check_type;
  std::optional<long long> health_check_grace_period;
  std::optional<std::vector<std::string>> termination_policies;
  std::optional<bool> new_instances_protected;
  std::optional<bool> capacity_rebalance;
  std::optional<long long> max_instance_lifetime;
  std::optional<long long> default_instance_warmup;
  std::optional<std::string> placement_group;
  std::optional<std::string> service_linked_role_arn;
  std::vector<GroupTag> tags;
  std::optional<std::string> from_instance_id;        // InstanceId: take the configuration from it
  std::optional<InstancesDistribution> distribution;  // MixedInstancesPolicy
  std::set<std::string> distribution_fields;          // the members of it the caller gave
  std::optional<std::string> context;
  std::optional<std::string> desired_capacity_type;
  std::vector<LifecycleHook> hooks;  // LifecycleHookSpecificationList (CreateAutoScalingGroup)
  std::optional<std::vector<std::string>> zone_ids;  // AvailabilityZoneIds
  std::optional<std::string> deletion_protection;
  std::optional<MaintenancePolicy> maintenance;      // InstanceMaintenancePolicy
  std::optional<std::string> capacity_distribution;  // AvailabilityZoneDistribution
};

struct ScheduledActionInput {  // PutScheduledUpdateGroupAction / one BatchPut entry
  std::string name;
  std::optional<core::TimeMs> start_time;  // StartTime, else Time
  std::optional<core::TimeMs> end_time;
  std::optional<std::string> recurrence;
  std::optional<std::string> time_zone;
  std::optional<long long> min_size, max_size, desired;
};

struct ScheduledActionView {
  std::string group;
  ScheduledAction action;
};

struct PolicyView {  // DescribePolicies
  std::string group;
  ScalingPolicy policy;
  std::vector<std::pair<std::string, std::string>> alarms;  // name, ARN
};

struct RefreshStart {  // StartInstanceRefresh
  std::string strategy = "Rolling";
  RefreshPreferences prefs;
  // Preferences.Min/MaxHealthyPercentage as given: absent ones come from the group's instance
  // maintenance policy, else 90 / 100.
  std::optional<long long> given_min_healthy, given_max_healthy;
  std::optional<TemplateRef> desired_template;  // DesiredConfiguration.LaunchTemplate
  std::optional<GroupSettings> desired_mixed;   // DesiredConfiguration.MixedInstancesPolicy
};

struct TagFilter {
  std::string
      name;  // auto-scaling-group | key | value | propagate-at-launch | tag-key | tag-value | tag:K
  std::vector<std::string> values;
};

struct InstanceView {  // DescribeAutoScalingInstances
  std::string group;
  Member member;
};

class AsgModel {
 public:
  AsgModel(core::Engine& engine, ec2::Ec2Model& ec2);

  // The doors to the model's state take the engine lock's proof (core/engine_lock.h).
  AsgPartition& partition(core::LockProof held, const core::PartitionKey& key) {
    return partitions_.get(held, key);
  }
  void clear(core::LockProof held) { partitions_.clear(held); }
  // IMDS autoscaling/target-lifecycle-state of a group member ("" when it is none): the state the
  // member is heading for (src/autoscaling/target_lifecycle_state.cc).
  std::string target_lifecycle_state(core::LockProof held, const core::PartitionKey& key,
                                     const std::string& instance_id);
  template <class F>
  void for_each_partition(core::LockProof held, F&& f) {
    partitions_.for_each(held, std::forward<F>(f));
  }
  // Snapshots only (autoscaling/asg_snapshot.h): the model-wide counters, and putting them back.
  std::uint64_t schedule_serial(core::LockProof /*held*/) const { return schedule_serial_; }
  const std::string& last_launch_error(core::LockProof /*held*/) const {
    return last_launch_error_;
  }
  void restore_counters(core::LockProof /*held*/, std::uint64_t schedule_serial,
                        std::string last_launch_error) {
    schedule_serial_ = schedule_serial;
    last_launch_error_ = std::move(last_launch_error);
  }

  // --- launch configurations ---
  void create_launch_configuration(AsgPartition& p, LaunchConfiguration lc,
                                   const std::string& from_instance, core::TimeMs now);
  void delete_launch_configuration(AsgPartition& p, const std::string& name);

  // --- groups ---
  void create_group(AsgPartition& p, const std::string& name, const GroupSettings& s,
                    core::TimeMs now);
  void update_group(AsgPartition& p, const std::string& name, const GroupSettings& s,
                    core::TimeMs now);
  void delete_group(AsgPartition& p, const std::string& name, bool force, core::TimeMs now);
  void set_desired_capacity(AsgPartition& p, const std::string& name, long long desired,
                            bool honor_cooldown, core::TimeMs now);
  Group& require_group(AsgPartition& p, const std::string& name);

  // --- members ---
  Activity terminate_instance(AsgPartition& p, const std::string& instance_id, bool decrement,
                              core::TimeMs now);
  std::vector<Activity> detach_instances(AsgPartition& p, const std::string& group,
                                         const std::vector<std::string>& ids, bool decrement,
                                         core::TimeMs now);
  void attach_instances(AsgPartition& p, const std::string& group,
                        const std::vector<std::string>& ids, core::TimeMs now);
  std::vector<Activity> enter_standby(AsgPartition& p, const std::string& group,
                                      const std::vector<std::string>& ids, bool decrement,
                                      core::TimeMs now);
  std::vector<Activity> exit_standby(AsgPartition& p, const std::string& group,
                                     const std::vector<std::string>& ids, core::TimeMs now);
  // Removing protection from members of a group above its desired capacity lets the next pass
  // (scheduled at `now`) terminate them.
  void set_instance_protection(AsgPartition& p, const std::string& group,
                               const std::vector<std::string>& ids, bool protect, core::TimeMs now);
  void set_instance_health(AsgPartition& p, const std::string& instance_id,
                           const std::string& status, bool respect_grace, core::TimeMs now);
  std::vector<InstanceView> describe_instances(AsgPartition& p,
                                               const std::vector<std::string>& ids);

  // --- processes ---
  void suspend_processes(AsgPartition& p, const std::string& group,
                         const std::vector<std::string>& processes, core::TimeMs now);
  void resume_processes(AsgPartition& p, const std::string& group,
                        const std::vector<std::string>& processes, core::TimeMs now);
  static const std::vector<std::string>& process_names();

  // --- metrics collection (group_metrics.h; empty `metrics` = all) ---
  void enable_metrics_collection(AsgPartition& p, const std::string& group,
                                 const std::vector<std::string>& metrics,
                                 const std::string& granularity);
  void disable_metrics_collection(AsgPartition& p, const std::string& group,
                                  const std::vector<std::string>& metrics);

  // --- scheduled actions (asg_schedules.cc) ---
  void put_scheduled_action(AsgPartition& p, const std::string& group,
                            const ScheduledActionInput& in, core::TimeMs now);
  void delete_scheduled_action(AsgPartition& p, const std::string& group, const std::string& name);
  // Ordered by group, then name; `group` empty = every group. Actions whose next run falls outside
  // [start, end] are left out.
  std::vector<ScheduledActionView> describe_scheduled_actions(AsgPartition& p,
                                                              const std::string& group,
                                                              const std::vector<std::string>& names,
                                                              std::optional<core::TimeMs> start,
                                                              std::optional<core::TimeMs> end);

  // --- scaling policies, metrics and alarms (asg_policies.cc) ---
  // Creates or replaces the policy; a target tracking policy gets (new) AlarmHigh / AlarmLow
  // alarms. Returns the stored policy with the alarms it has.
  PolicyView put_scaling_policy(AsgPartition& p, const std::string& group, ScalingPolicy in,
                                core::TimeMs now);
  void delete_policy(AsgPartition& p, const std::string& group, const std::string& name_or_arn);
  void execute_policy(AsgPartition& p, const std::string& group, const std::string& name_or_arn,
                      bool honor_cooldown, std::optional<double> metric_value,
                      std::optional<double> breach_threshold, core::TimeMs now);
  std::vector<PolicyView> describe_policies(AsgPartition& p, const std::string& group,
                                            const std::vector<std::string>& names,
                                            const std::vector<std::string>& types);
  // Control plane: a metric's current value (one datapoint per virtual minute from now on) and
  // metric alarms whose actions are policy ARNs.
  void put_metric(AsgPartition& p, const MetricKey& key, double value, core::TimeMs now);
  MetricAlarm put_alarm(AsgPartition& p, MetricAlarm alarm, core::TimeMs now);
  bool delete_alarm(AsgPartition& p, const std::string& name);

  // --- instance refresh (asg_refresh.cc); each returns the refresh ID ---
  std::string start_instance_refresh(AsgPartition& p, const std::string& group,
                                     const RefreshStart& in, core::TimeMs now);
  // WaitForTransitioningInstances false: Cancelled at once, without waiting for the launches and
  // terminations in flight.
  std::string cancel_instance_refresh(AsgPartition& p, const std::string& group,
                                      bool wait_for_transitioning, core::TimeMs now);
  std::string rollback_instance_refresh(AsgPartition& p, const std::string& group,
                                        core::TimeMs now);
  std::vector<InstanceRefresh> describe_instance_refreshes(AsgPartition& p,
                                                           const std::string& group,
                                                           const std::vector<std::string>& ids);

  // --- notification configurations and account limits (asg_notifications.cc) ---
  static const std::vector<std::string>& notification_types();
  void put_notification_configuration(AsgPartition& p, const std::string& group,
                                      const std::string& topic,
                                      const std::vector<std::string>& types, core::TimeMs now);
  void delete_notification_configuration(AsgPartition& p, const std::string& group,
                                         const std::string& topic);
  static constexpr long long kMaxGroups = 500;                // per account and region
  static constexpr long long kMaxLaunchConfigurations = 200;  // per account and region

  // --- lifecycle hooks ---
  // A NotificationTargetARN (SNS topic or SQS queue) gets AWS's test notification at once.
  void put_lifecycle_hook(AsgPartition& p, const std::string& group, LifecycleHook hook,
                          bool is_new_fields_given, core::TimeMs now);
  void delete_lifecycle_hook(AsgPartition& p, const std::string& group, const std::string& name);
  void complete_lifecycle_action(AsgPartition& p, const std::string& group, const std::string& hook,
                                 const std::string& instance_id, const std::string& token,
                                 const std::string& result, core::TimeMs now);
  void record_heartbeat(AsgPartition& p, const std::string& group, const std::string& hook,
                        const std::string& instance_id, const std::string& token, core::TimeMs now);

  // --- warm pools ---
  void put_warm_pool(AsgPartition& p, const std::string& group, WarmPool pool, core::TimeMs now);
  void delete_warm_pool(AsgPartition& p, const std::string& group, bool force, core::TimeMs now);

  // --- tags ---
  void create_or_update_tags(AsgPartition& p,
                             const std::vector<std::pair<std::string, GroupTag>>& tags);
  void delete_tags(AsgPartition& p, const std::vector<std::pair<std::string, GroupTag>>& tags);

  // --- load balancers / target groups attached to groups ---
  // Throw the ValidationError AWS returns when any named load balancer / target group is unknown.
  static void require_known_load_balancers(const AsgPartition& p,
                                           const std::vector<std::string>& names);
  static void require_known_target_groups(const AsgPartition& p,
                                          const std::vector<std::string>& arns);
  void attach_load_balancers(AsgPartition& p, const std::string& group,
                             const std::vector<std::string>& names, core::TimeMs now);
  void detach_load_balancers(AsgPartition& p, const std::string& group,
                             const std::vector<std::string>& names);
  void attach_target_groups(AsgPartition& p, const std::string& group,
                            const std::vector<std::string>& arns, core::TimeMs now);
  void detach_target_groups(AsgPartition& p, const std::string& group,
                            const std::vector<std::string>& arns);

  // EC2 recommended rebalancing a Spot instance: a member of a group with CapacityRebalance is
  // replaced (its replacement launched and in service first, then it terminates).
  void on_rebalance_recommendation(core::LockProof held, const core::PartitionKey& key,
                                   const std::string& instance_id, core::TimeMs now);

  // The control plane changed what the load balancers will see of `instance_id` (PUT
  // /_cloudlife/target-health): its group runs a pass at each of `due`.
  void target_health_changes(AsgPartition& p, const std::string& instance_id,
                             const std::vector<core::TimeMs>& due);

  // The engine's entry points (also used by tests).
  void request_reconcile(AsgPartition& p, const std::string& group, core::TimeMs at);
  void reconcile(AsgPartition& p, Group& g, core::TimeMs now);

 private:
  ec2::Ec2Partition& ec2_partition(AsgPartition& p) { return ec2_.partition(p, p.key); }
  Activity& new_activity(AsgPartition& p, const Group& g, std::string description,
                         std::string cause, const Member* member, core::TimeMs now);
  void finish_activity(AsgPartition& p, const std::string& id, const std::string& status,
                       core::TimeMs now, const std::string& message = "");
  std::vector<std::string> group_zones(AsgPartition& p, const Group& g);
  std::vector<std::string> resolve_subnets(AsgPartition& p, const std::string& identifier);
  // One candidate for a mixed instances group's launch: an override (nullopt: the template as
  // is) and the instance type it launches (an InstanceType override's, or one type its
  // InstanceRequirements select), with the capacity units that type counts for.
  struct LaunchChoice {
    std::optional<std::size_t> override_index;
    std::string instance_type;  // "" = the template's
    long long weight = 1;
    std::string weighted_capacity;  // as described ("" = none)
  };
  // The RunInstances request for one member: the group's launch source, or for a mixed instances
  // group `choice`, bought Spot when `spot`.
  ec2::RunInstancesRequest launch_request(AsgPartition& p, const Group& g, Member& m,
                                          const std::string& zone, const LaunchChoice& choice,
                                          bool spot);
  // A mixed instances group's next launch in `zone`: its purchase option (AWS's On-Demand / Spot
  // split in capacity units) and the candidates in the allocation strategy's order.
  // `no_match` explains an empty list (no instance type meets the InstanceRequirements).
  struct LaunchPlan {
    bool spot = false;
    std::vector<LaunchChoice> choices;  // tried in order until one has capacity
    std::string no_match;
  };
  // The candidates of a mixed instances group in `zone` (asg_mixed.cc).
  std::vector<LaunchChoice> launch_candidates(AsgPartition& p, const Group& g,
                                              const std::string& zone, bool spot, core::TimeMs now);
  LaunchPlan plan_launch(AsgPartition& p, const Group& g, const std::string& zone,
                         core::TimeMs now);
  void validate_launch_source(AsgPartition& p, const GroupSettings& s, bool creating);
  // A MixedInstancesPolicy given whole (instance refresh's DesiredConfiguration): validated like
  // CreateAutoScalingGroup's, with AWS's defaults; the template reference is completed.
  MixedPolicy resolve_mixed_policy(AsgPartition& p, const GroupSettings& s);
  // Steps of CreateAutoScalingGroup (asg_groups.cc).
  static void require_creatable(AsgPartition& p, const std::string& name, const GroupSettings& s);
  LaunchConfiguration configuration_from_instance(AsgPartition& p, Group& g, const GroupSettings& s,
                                                  core::TimeMs now);
  void place_new_group(AsgPartition& p, Group& g, const GroupSettings& s);
  static void attach_new_group_balancers(AsgPartition& p, Group& g, const GroupSettings& s);
  static void apply_new_group_options(AsgPartition& p, Group& g, const GroupSettings& s);
  static void apply_new_group_tags(Group& g, const std::vector<GroupTag>& tags);

  // Engine steps.
  Member* launch_member(AsgPartition& p, Group& g, const std::string& zone, bool warm,
                        const std::string& cause, core::TimeMs now);
  void begin_termination(AsgPartition& p, Group& g, Member& m, const std::string& cause,
                         core::TimeMs now);
  // What follows the load balancers' connection draining: the terminating hooks, then EC2.
  void terminate_after_draining(AsgPartition& p, Group& g, const std::string& instance_id,
                                core::TimeMs now);
  void replace_expired(AsgPartition& p, const std::string& name, core::TimeMs now);
  // Steps of one reconcile pass, in order (asg_engine.cc).
  void defer_unsettled_pass(AsgPartition& p, Group& g, core::TimeMs now);
  void mark_unhealthy(AsgPartition& p, Group& g, core::TimeMs now);
  void check_ec2_health(AsgPartition& p, Group& g, core::TimeMs now);
  void check_elb_health(AsgPartition& p, Group& g, core::TimeMs now);
  // HealthCheckType ELB: one of the group's target groups reports the member `unhealthy`.
  bool elb_reports_unhealthy(const AsgPartition& p, const Group& g, const Member& m,
                             core::TimeMs now) const;
  // A reconcile pass of `group` at `at` whatever else is pending (a health change falls due).
  void schedule_health_pass(AsgPartition& p, const std::string& group, core::TimeMs at);
  void replace_unhealthy(AsgPartition& p, Group& g, core::TimeMs now);
  void converge_capacity(AsgPartition& p, Group& g, core::TimeMs now);
  bool launch_in_other_zones(AsgPartition& p, Group& g, const std::string& failed_zone,
                             const std::string& cause, core::TimeMs now);
  void scale_out(AsgPartition& p, Group& g, long long capacity, long long target,
                 const std::string& prefix, core::TimeMs now);
  static Member* ready_warm_member(Group& g, const std::string& zone);
  void take_from_warm_pool(AsgPartition& p, Group& g, Member& m, const std::string& cause,
                           core::TimeMs now);
  void scale_in(AsgPartition& p, Group& g, long long capacity, long long target,
                const std::string& prefix, core::TimeMs now);
  void rebalance_zones(AsgPartition& p, Group& g, long long capacity, core::TimeMs now);
  void size_warm_pool(AsgPartition& p, Group& g, core::TimeMs now);
  // Scale-in with a warm pool's ReuseOnScaleIn: the member goes back to the pool instead of
  // terminating (stopped, hibernated or left running per the pool state).
  void return_to_warm_pool(AsgPartition& p, Group& g, Member& m, const std::string& cause,
                           core::TimeMs now);
  void proceed_termination(AsgPartition& p, Group& g, const std::string& instance_id,
                           core::TimeMs now);
  void enter_service(AsgPartition& p, Group& g, Member& m, core::TimeMs now);
  // aws.autoscaling events on the service-event log (src/autoscaling/asg_service_events.cc):
  // "EC2 Instance Launch/Terminate Successful/Unsuccessful" when an activity ends, and the
  // "EC2 Instance-launch/terminate Lifecycle Action" when a member enters a wait state. An ended
  // launch / termination activity also sends its SNS notification to each topic of the group
  // configured for that type (src/autoscaling/sns_notification.h).
  void publish_activity_event(const AsgPartition& p, const Activity& a, core::TimeMs at);
  // PutLifecycleHook with a NotificationTargetARN: AWS's TEST_NOTIFICATION to that target.
  void publish_hook_test_notification(const AsgPartition& p, const Group& g,
                                      const LifecycleHook& hook, core::TimeMs at);
  void publish_lifecycle_event(const AsgPartition& p, const Group& g, const Member& m,
                               const LifecycleHook& hook, const std::string& token,
                               core::TimeMs at);
  void start_hooks(AsgPartition& p, Group& g, Member& m, const std::string& transition,
                   core::TimeMs now);
  void hook_timeout(AsgPartition& p, const std::string& group, const std::string& instance_id,
                    const std::string& hook, core::TimeMs at);
  void finish_hook(AsgPartition& p, Group& g, Member& m, const std::string& hook,
                   const std::string& result, core::TimeMs now);
  void on_ec2_state(core::LockProof held, const core::PartitionKey& key,
                    const std::string& instance_id, core::InstanceState previous,
                    core::InstanceState current, core::TimeMs at);
  void remove_member(AsgPartition& p, Group& g, const std::string& instance_id);
  void register_with_load_balancers(AsgPartition& p, const Group& g, const std::string& id,
                                    core::TimeMs now);
  // Classic load balancers drop the instance at once; a target group in use keeps it draining for
  // its deregistration delay (ElbModel::deregister_targets). Returns when the last drain ends
  // (`now` when nothing drains).
  core::TimeMs deregister_from_load_balancers(AsgPartition& p, const Group& g,
                                              const std::string& id, core::TimeMs now);
  std::map<std::string, int> zone_counts(const Group& g, bool include_pending_rebalance) const;
  long long warm_pool_target(const Group& g) const;
  void arm_scheduled_action(AsgPartition& p, const std::string& group, ScheduledAction& a,
                            core::TimeMs after);
  void run_scheduled_action(core::LockProof held, const core::PartitionKey& key,
                            const std::string& group, const std::string& name, std::uint64_t serial,
                            core::TimeMs due);
  void cancel_scheduled_actions(Group& g);
  void arm_alarm_tick(AsgPartition& p, core::TimeMs now);
  void evaluate_alarms(core::LockProof held, const core::PartitionKey& key, core::TimeMs at);
  void invoke_from_alarm(AsgPartition& p, const std::string& policy_arn, const MetricAlarm& alarm,
                         double value, core::TimeMs now);
  // Applies the policy's adjustment (warm-up, cooldown, Min/Max) and records its cause.
  void apply_policy(AsgPartition& p, Group& g, ScalingPolicy& policy, double value,
                    double threshold, bool scale_out_alarm, const std::string& cause_head,
                    bool honor_cooldown, core::TimeMs now);
  void delete_policy_alarms(AsgPartition& p, const ScalingPolicy& policy);
  InstanceRefresh* active_refresh(Group& g);
  void arm_refresh(AsgPartition& p, const Group& g, InstanceRefresh& r, core::TimeMs at);
  void step_refresh(core::LockProof held, const core::PartitionKey& key, const std::string& group,
                    core::TimeMs now);
  void step_refresh_phase(AsgPartition& p, Group& g, InstanceRefresh& r, core::TimeMs now);
  void replace_batch(AsgPartition& p, Group& g, InstanceRefresh& r, core::TimeMs now);
  void finish_refresh(Group& g, InstanceRefresh& r, const std::string& status,
                      const std::string& reason, core::TimeMs now);
  void refresh_launch_failed(AsgPartition& p, Group& g, const std::string& reason,
                             core::TimeMs now);
  void begin_rollback(AsgPartition& p, Group& g, InstanceRefresh& r, const std::string& reason,
                      core::TimeMs now);
  std::set<std::string> refresh_targets(AsgPartition& p, Group& g, const RefreshPreferences& prefs,
                                        bool skip_matching);
  bool matches_group_configuration(AsgPartition& p, const Group& g, const Member& m);
  ScalingPolicy* find_policy(AsgPartition& p, const std::string& group,
                             const std::string& name_or_arn, Group** owner);
  void maybe_finish_group_deletion(AsgPartition& p, const std::string& name, core::TimeMs now);

  // Timed events (asg_engine.cc defines the kinds; each handler sits by the code that schedules
  // its kind).
  void define_events();
  void on_reconcile_due(core::LockProof held, core::TimeMs due, const core::TimedEvent& event);
  void on_drained(core::LockProof held, core::TimeMs due, const core::TimedEvent& event);
  void on_detached(core::LockProof held, core::TimeMs due, const core::TimedEvent& event);
  void on_entered_standby(core::LockProof held, core::TimeMs due, const core::TimedEvent& event);
  void on_health_pass(core::LockProof held, core::TimeMs due, const core::TimedEvent& event);

  core::Engine& engine_;
  ec2::Ec2Model& ec2_;
  core::EventKind ec2_state_kind_ = 0;         // subject instance ID; args previous, current state
  core::EventKind reconcile_kind_ = 0;         // request_reconcile's pass
  core::EventKind drained_kind_ = 0;           // args: instance ID
  core::EventKind hook_timeout_kind_ = 0;      // args: instance ID, hook name
  core::EventKind detached_kind_ = 0;          // args: instance ID, activity ID
  core::EventKind entered_standby_kind_ = 0;   // args: instance ID, activity ID
  core::EventKind health_pass_kind_ = 0;       // schedule_health_pass's pass
  core::EventKind refresh_step_kind_ = 0;      // the group's active instance refresh steps
  core::EventKind scheduled_action_kind_ = 0;  // args: action name, serial
  core::EventKind alarm_tick_kind_ = 0;        // no subject: the partition's alarms
  std::string last_launch_error_;  // the error code of the latest failed launch_member()
  core::Partitions<AsgPartition> partitions_;
  std::uint64_t schedule_serial_ = 0;  // tickets of armed scheduled-action events
};

// PutLifecycleHook's checks of one hook (transition, heartbeat range, default result).
void validate_lifecycle_hook(const LifecycleHook& hook);

// Lifecycle states that count toward the desired capacity.
bool counts_toward_capacity(const Member& m);

}  // namespace cloudlife::autoscaling
