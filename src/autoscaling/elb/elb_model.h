// The ELB / ELBv2 model: Classic load balancers and their instances, ELBv2 target groups and
// their targets, in one account and region (ElbPartition). No traffic is routed: an instance's
// or target's health follows its EC2 instance state.
// Contract: every method runs under the engine lock (inside Engine::transact), takes the
// partition and (where time matters) the virtual time, and either throws core::ServiceError
// (the ELB / ELBv2 codes of the AWS error catalogue) before changing anything or applies its
// change whole. Results are copies. Never touches HTTP or XML (src/autoscaling/elb/elb_actions.cc
// is the front end).
#pragma once

#include <string>
#include <vector>

#include "autoscaling/elb/elb_types.h"
#include "ec2/ec2_model.h"

namespace cloudlife::autoscaling {

struct InstanceHealth {  // DescribeInstanceHealth
  std::string instance_id, state, reason_code, description;
};

struct TargetHealth {  // DescribeTargetHealth
  TargetGroup::Target target;
  std::string state, reason, description;  // reason and description empty when healthy
};

class ElbModel {
 public:
  explicit ElbModel(ec2::Ec2Model& ec2) : ec2_(ec2) {}

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
                        const std::vector<TargetGroup::Target>& targets);
  void deregister_targets(ElbPartition& p, const std::string& arn,
                          const std::vector<TargetGroup::Target>& targets);
  // healthy while running; unused (Target.InvalidState / Target.NotRegistered) otherwise.
  std::vector<TargetHealth> describe_target_health(
      const ElbPartition& p, const std::string& arn,
      const std::vector<TargetGroup::Target>& asked) const;
  // The group's attributes; Modify applies them all or none (apply_target_group_attributes) and
  // answers the whole set.
  TagMap describe_target_group_attributes(const ElbPartition& p, const std::string& arn) const;
  TagMap modify_target_group_attributes(ElbPartition& p, const std::string& arn,
                                        const TagList& changes);
  // Tags of ELBv2 resources by ARN. cloudlife models target groups only: a load balancer,
  // listener or rule ARN is that kind's NotFound, any other ARN TargetGroupNotFound. Every
  // resource is checked (and TooManyTags computed) before any is changed.
  void add_tags(ElbPartition& p, const std::vector<std::string>& arns, const TagList& tags);
  void remove_tags(ElbPartition& p, const std::vector<std::string>& arns,
                   const std::vector<std::string>& keys);
  std::vector<std::pair<std::string, TagMap>> describe_tags(
      const ElbPartition& p, const std::vector<std::string>& arns) const;
  // `in_use`: an Auto Scaling group has it attached (ResourceInUse). Absent: no error.
  void delete_target_group(ElbPartition& p, const std::string& arn, bool in_use);

 private:
  bool running(const ElbPartition& p, const std::string& instance_id) const;
  void require_live_instances(const ElbPartition& p, const std::vector<std::string>& ids,
                              bool v2) const;

  ec2::Ec2Model& ec2_;
};

}  // namespace cloudlife::autoscaling
