// The ELB / ELBv2 model: Classic load balancers and their instances; ELBv2 load balancers,
// listeners, rules, target groups and their targets, in one account and region (ElbPartition).
// No traffic is routed: a target's health follows its EC2 instance state, the group's health-check
// settings on the virtual clock and the control plane's failures (target_health.h).
// Contract: every method runs under the engine lock (inside Engine::transact), takes the
// partition and (where time matters) the virtual time, and either throws core::ServiceError
// (the ELB / ELBv2 codes of the AWS error catalogue) before changing anything or applies its
// change whole. Results are copies. Never touches HTTP or XML (src/autoscaling/elb/elb_actions.cc
// is the front end).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "autoscaling/elb/elb_types.h"
#include "autoscaling/elb/target_health.h"
#include "ec2/ec2_model.h"

namespace cloudlife::autoscaling {

struct InstanceHealth {  // DescribeInstanceHealth
  std::string instance_id, state, reason_code, description;
};

struct TargetHealth {  // DescribeTargetHealth
  TargetGroup::Target target;
  std::string state, reason, description;  // reason and description empty when healthy
};

// CreateLoadBalancer (ELBv2) as the request gives it.
struct LoadBalancerV2Spec {
  std::string name, type = "application", scheme = "internet-facing", ip_address_type = "ipv4";
  std::vector<LoadBalancerV2::Zone> subnet_mappings;  // Subnets or SubnetMappings
  bool subnets_given_as_mappings = false;
  std::vector<std::string> security_groups;
  TagList tags;
};

struct ListenerSpec {  // CreateListener / ModifyListener (empty optional = unchanged)
  std::optional<std::string> protocol;
  std::optional<long long> port;
  std::optional<std::string> ssl_policy;
  std::optional<std::vector<std::string>> certificates;
  std::optional<std::vector<std::string>> alpn_policy;
  std::optional<std::vector<ElbAction>> default_actions;
  TagList tags;
};

class ElbModel {
 public:
  // `instant_checks`: the instant timing profile (health-check intervals and the deregistration
  // delay count as 0 s).
  explicit ElbModel(ec2::Ec2Model& ec2, bool instant_checks = false)
      : ec2_(ec2), instant_(instant_checks) {}

  // --- Classic ELB ---
  // The load balancer's DNS name. Idempotent for an existing name; subnets give the VPC and
  // zones (SubnetNotFound); listeners and zones or subnets are required (ValidationError); tags
  // follow target_group_rules.h (check_tag_list, merge_tags).
  std::string create_load_balancer(ElbPartition& p, const ClassicLoadBalancer& spec,
                                   core::TimeMs now, const TagList& tags = {});
  // Classic ELB tags by load balancer name (LoadBalancerNotFound), all or nothing.
  void add_load_balancer_tags(ElbPartition& p, const std::vector<std::string>& names,
                              const TagList& tags);
  void remove_load_balancer_tags(ElbPartition& p, const std::vector<std::string>& names,
                                 const std::vector<std::string>& keys);
  std::vector<std::pair<std::string, TagMap>> describe_load_balancer_tags(
      const ElbPartition& p, const std::vector<std::string>& names) const;
  // The named load balancers (LoadBalancerNotFound for an unknown one), or all by name.
  std::vector<ClassicLoadBalancer> describe_load_balancers(
      const ElbPartition& p, const std::vector<std::string>& names) const;
  // The registered instances after the change (InvalidInstance for an unknown or terminated
  // instance; for deregistering, one that is not registered).
  std::vector<std::string> register_instances(ElbPartition& p, const std::string& name,
                                              const std::vector<std::string>& ids);
  std::vector<std::string> deregister_instances(ElbPartition& p, const std::string& name,
                                                const std::vector<std::string>& ids);
  // InService when the instance runs, OutOfService otherwise; `ids` empty: every registered one.
  std::vector<InstanceHealth> describe_instance_health(const ElbPartition& p,
                                                       const std::string& name,
                                                       const std::vector<std::string>& ids) const;
  void delete_load_balancer(ElbPartition& p, const std::string& name);  // absent: no error

  // --- ELBv2 target groups ---
  // The new (or, same name and settings, the existing) target group; its VPC defaults to the
  // default VPC (ValidationError for an unknown one; DuplicateTargetGroupName). The name,
  // protocol, port and tags follow target_group_rules.h; attributes take their defaults.
  TargetGroup create_target_group(ElbPartition& p, const TargetGroup& spec,
                                  const TagList& tags = {});
  // By ARN, then by name (TargetGroupNotFound), or all by ARN.
  std::vector<TargetGroup> describe_target_groups(const ElbPartition& p,
                                                  const std::vector<std::string>& arns,
                                                  const std::vector<std::string>& names) const;
  // InvalidTarget for an unknown or terminated instance; a target without a port takes the
  // group's; registering twice is a no-op.
  void register_targets(ElbPartition& p, const std::string& arn,
                        const std::vector<TargetGroup::Target>& targets, core::TimeMs now);
  // A target of a group in use drains for the deregistration delay; otherwise it goes at once.
  void deregister_targets(ElbPartition& p, const std::string& arn,
                          const std::vector<TargetGroup::Target>& targets, core::TimeMs now);
  // Each target's health now (target_health.h).
  std::vector<TargetHealth> describe_target_health(const ElbPartition& p, const std::string& arn,
                                                   const std::vector<TargetGroup::Target>& asked,
                                                   core::TimeMs now) const;
  // The group's attributes; Modify applies them all or none (apply_target_group_attributes) and
  // answers the whole set.
  TagMap describe_target_group_attributes(const ElbPartition& p, const std::string& arn) const;
  TagMap modify_target_group_attributes(ElbPartition& p, const std::string& arn,
                                        const TagList& changes);
  // Tags of ELBv2 resources by ARN (target groups, load balancers, listeners, rules); an unknown
  // ARN is its kind's NotFound. Every resource is checked (and TooManyTags computed) before any
  // is changed.
  void add_tags(ElbPartition& p, const std::vector<std::string>& arns, const TagList& tags);
  void remove_tags(ElbPartition& p, const std::vector<std::string>& arns,
                   const std::vector<std::string>& keys);
  std::vector<std::pair<std::string, TagMap>> describe_tags(
      const ElbPartition& p, const std::vector<std::string>& arns) const;
  // `in_use`: an Auto Scaling group has it attached (ResourceInUse); so is one a listener or rule
  // forwards to. Absent: no error.
  void delete_target_group(ElbPartition& p, const std::string& arn, bool in_use);
  // ModifyTargetGroup: the health-check settings given (ValidationError for a value out of range).
  TargetGroup modify_target_group(ElbPartition& p, const TargetGroup& changes,
                                  const std::set<std::string>& given);

  // --- ELBv2 load balancers (elbv2_load_balancers.cc) ---
  // The new load balancer, provisioning for `provisioning` ms; the same name with the same
  // settings answers the existing one (DuplicateLoadBalancerName otherwise). Subnets must exist
  // (SubnetNotFound) in one VPC (InvalidSubnet), one per zone, two zones at least for an
  // application load balancer (InvalidConfigurationRequest); security groups of that VPC
  // (InvalidSecurityGroup; an application load balancer without any gets the VPC's default).
  LoadBalancerV2 create_load_balancer_v2(ElbPartition& p, const LoadBalancerV2Spec& spec,
                                         core::TimeMs now, core::TimeMs provisioning);
  // By ARN (LoadBalancerNotFound), by name, or all by name.
  std::vector<LoadBalancerV2> describe_load_balancers_v2(
      const ElbPartition& p, const std::vector<std::string>& arns,
      const std::vector<std::string>& names) const;
  // Deletes its listeners and rules; deletion protection refuses (OperationNotPermitted).
  // Absent: no error.
  void delete_load_balancer_v2(ElbPartition& p, const std::string& arn, core::TimeMs now);
  TagMap describe_load_balancer_attributes(const ElbPartition& p, const std::string& arn) const;
  TagMap modify_load_balancer_attributes(ElbPartition& p, const std::string& arn,
                                         const TagList& changes);
  LoadBalancerV2 set_security_groups(ElbPartition& p, const std::string& arn,
                                     const std::vector<std::string>& groups,
                                     const std::optional<std::string>& enforce_private_link);
  LoadBalancerV2 set_subnets(ElbPartition& p, const std::string& arn,
                             const std::vector<LoadBalancerV2::Zone>& mappings,
                             const std::optional<std::string>& ip_address_type);
  LoadBalancerV2 set_ip_address_type(ElbPartition& p, const std::string& arn,
                                     const std::string& type);
  std::string load_balancer_state(const LoadBalancerV2& lb, core::TimeMs now) const;

  // --- listeners and rules (elbv2_listeners.cc) ---
  // A listener gets its default rule; its actions' target groups come into use.
  ElbListener create_listener(ElbPartition& p, const std::string& lb_arn, const ListenerSpec& spec,
                              core::TimeMs now);
  ElbListener modify_listener(ElbPartition& p, const std::string& arn, const ListenerSpec& spec,
                              core::TimeMs now);
  void delete_listener(ElbPartition& p, const std::string& arn, core::TimeMs now);
  std::vector<ElbListener> describe_listeners(const ElbPartition& p,
                                              const std::optional<std::string>& lb_arn,
                                              const std::vector<std::string>& arns) const;
  TagMap describe_listener_attributes(const ElbPartition& p, const std::string& arn) const;
  TagMap modify_listener_attributes(ElbPartition& p, const std::string& arn,
                                    const TagList& changes);
  ElbRule create_rule(ElbPartition& p, const std::string& listener_arn, long long priority,
                      const std::vector<ElbRuleCondition>& conditions,
                      const std::vector<ElbAction>& actions, const TagList& tags, core::TimeMs now);
  ElbRule modify_rule(ElbPartition& p, const std::string& arn,
                      const std::optional<std::vector<ElbRuleCondition>>& conditions,
                      const std::optional<std::vector<ElbAction>>& actions, core::TimeMs now);
  void delete_rule(ElbPartition& p, const std::string& arn, core::TimeMs now);
  // Listener's rules by priority, the default rule last.
  std::vector<ElbRule> describe_rules(const ElbPartition& p,
                                      const std::optional<std::string>& listener_arn,
                                      const std::vector<std::string>& arns) const;
  std::vector<ElbRule> set_rule_priorities(
      ElbPartition& p, const std::vector<std::pair<std::string, long long>>& set);
  // The load balancers whose listeners or rules forward to the target group.
  std::vector<std::string> load_balancers_using(const ElbPartition& p,
                                                const std::string& tg_arn) const;

  // --- target health (control plane) ---
  // The target's application fails (or, `failing` false, passes again) its health checks from
  // `now`; answers when each target group holding it will see it unhealthy (or healthy).
  std::vector<core::TimeMs> set_target_failure(ElbPartition& p, const std::string& target_id,
                                               bool failing, const std::string& reason,
                                               core::TimeMs now);
  // One target's health in a group (state "" when the group does not exist).
  TargetHealth target_health(const ElbPartition& p, const TargetGroup& tg,
                             const TargetGroup::Target& t, core::TimeMs now) const;

 private:
  bool running(const ElbPartition& p, const std::string& instance_id) const;
  // Recomputes which target groups listeners and rules forward to (in_use_since).
  void refresh_target_group_use(ElbPartition& p, core::TimeMs now);
  void check_actions(const ElbPartition& p, const LoadBalancerV2& lb,
                     const std::vector<ElbAction>& actions) const;
  core::TimeMs checks(core::TimeMs ms) const { return instant_ ? 0 : ms; }
  void require_live_instances(const ElbPartition& p, const std::vector<std::string>& ids,
                              bool v2) const;

  ec2::Ec2Model& ec2_;
  bool instant_ = false;
};

}  // namespace cloudlife::autoscaling
