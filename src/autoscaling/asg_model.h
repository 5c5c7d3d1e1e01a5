// The Auto Scaling model: groups and their rules, and the engine that converges them.
// Contract: every method runs with the engine lock held (inside Engine::transact) and either throws
// core::ServiceError before changing anything or applies its change whole. Convergence is never
// done inline: a change schedules a reconcile pass on the virtual clock (at `now`), and instance
// transitions (EC2 settles, hook timeouts) schedule further passes at their own due times. Launches
// and terminations go through Ec2Model, so EC2 describes the same instances. Results are copies.
#pragma once

#include <optional>
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
  std::vector<std::string> override_types;
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
  std::optional<std::string> context;
  std::optional<std::string> desired_capacity_type;
  std::vector<LifecycleHook> hooks;  // LifecycleHookSpecificationList (CreateAutoScalingGroup)
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

  AsgPartition& partition(const core::PartitionKey& key) { return partitions_.get(key); }
  void clear() { partitions_.clear(); }
  // IMDS autoscaling/target-lifecycle-state of a group member ("" when it is none): the state the
  // member is heading for (src/autoscaling/target_lifecycle_state.cc).
  std::string target_lifecycle_state(const core::PartitionKey& key, const std::string& instance_id);
  template <class F>
  void for_each_partition(F&& f) {
    partitions_.for_each(std::forward<F>(f));
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

  // --- lifecycle hooks ---
  void put_lifecycle_hook(AsgPartition& p, const std::string& group, LifecycleHook hook,
                          bool is_new_fields_given);
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

  // The engine's entry points (also used by tests).
  void request_reconcile(AsgPartition& p, const std::string& group, core::TimeMs at);
  void reconcile(AsgPartition& p, Group& g, core::TimeMs now);

 private:
  ec2::Ec2Partition& ec2_partition(AsgPartition& p) { return ec2_.partition(p.key); }
  Activity& new_activity(AsgPartition& p, const Group& g, std::string description,
                         std::string cause, const Member* member, core::TimeMs now);
  void finish_activity(AsgPartition& p, const std::string& id, const std::string& status,
                       core::TimeMs now, const std::string& message = "");
  std::vector<std::string> group_zones(AsgPartition& p, const Group& g);
  std::vector<std::string> resolve_subnets(AsgPartition& p, const std::string& identifier);
  ec2::RunInstancesRequest launch_request(AsgPartition& p, const Group& g, Member& m,
                                          const std::string& zone);
  void validate_launch_source(AsgPartition& p, const GroupSettings& s, bool creating);

  // Engine steps.
  Member* launch_member(AsgPartition& p, Group& g, const std::string& zone, bool warm,
                        const std::string& cause, core::TimeMs now);
  void begin_termination(AsgPartition& p, Group& g, Member& m, const std::string& cause,
                         core::TimeMs now);
  void replace_expired(AsgPartition& p, const std::string& name, core::TimeMs now);
  // Scale-in with a warm pool's ReuseOnScaleIn: the member goes back to the pool instead of
  // terminating (stopped, hibernated or left running per the pool state).
  void return_to_warm_pool(AsgPartition& p, Group& g, Member& m, const std::string& cause,
                           core::TimeMs now);
  void proceed_termination(AsgPartition& p, Group& g, const std::string& instance_id,
                           core::TimeMs now);
  void enter_service(AsgPartition& p, Group& g, Member& m, core::TimeMs now);
  // aws.autoscaling events on the service-event log (src/autoscaling/asg_service_events.cc):
  // "EC2 Instance Launch/Terminate Successful/Unsuccessful" when an activity ends, and the
  // "EC2 Instance-launch/terminate Lifecycle Action" when a member enters a wait state.
  void publish_activity_event(const AsgPartition& p, const Activity& a, core::TimeMs at);
  void publish_lifecycle_event(const AsgPartition& p, const Group& g, const Member& m,
                               const LifecycleHook& hook, const std::string& token,
                               core::TimeMs at);
  void start_hooks(AsgPartition& p, Group& g, Member& m, const std::string& transition,
                   core::TimeMs now);
  void hook_timeout(AsgPartition& p, const std::string& group, const std::string& instance_id,
                    const std::string& hook, core::TimeMs at);
  void finish_hook(AsgPartition& p, Group& g, Member& m, const std::string& hook,
                   const std::string& result, core::TimeMs now);
  void on_ec2_state(const core::PartitionKey& key, const std::string& instance_id,
                    core::InstanceState previous, core::InstanceState current, core::TimeMs at);
  void remove_member(AsgPartition& p, Group& g, const std::string& instance_id);
  void register_with_load_balancers(AsgPartition& p, const Group& g, const std::string& id);
  void deregister_from_load_balancers(AsgPartition& p, const Group& g, const std::string& id);
  std::map<std::string, int> zone_counts(const Group& g, bool include_pending_rebalance) const;
  long long warm_pool_target(const Group& g) const;
  void maybe_finish_group_deletion(AsgPartition& p, const std::string& name, core::TimeMs now);

  core::Engine& engine_;
  ec2::Ec2Model& ec2_;
  std::string last_launch_error_;  // the error code of the latest failed launch_member()
  core::Partitions<AsgPartition> partitions_;
};

// PutLifecycleHook's checks of one hook (transition, heartbeat range, default result).
void validate_lifecycle_hook(const LifecycleHook& hook);

// Lifecycle states that count toward the desired capacity.
bool counts_toward_capacity(const Member& m);

}  // namespace cloudlife::autoscaling
