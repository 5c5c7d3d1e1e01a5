// MixedInstancesPolicy and launch template references on the Auto Scaling wire, through the
// generated codec (codegen/autoscaling/groups_policies.ops): CreateAutoScalingGroup and
// UpdateAutoScalingGroup read a policy, StartInstanceRefresh reads one as its
// DesiredConfiguration, DescribeAutoScalingGroups and DescribeInstanceRefreshes write one.
// Contract: the readers copy what was given into the model's types without judging it (AsgModel
// validates); the writers describe a policy as AWS does (members never given are absent,
// SpotInstancePools only for lowest-price).
#pragma once

#include <optional>

#include "autoscaling/asg_model.h"
#include "autoscaling_codec.h"

namespace cloudlife::autoscaling::api {

// A LaunchTemplateSpecification as given ("" for each member not given; all "" when absent).
TemplateRef template_ref_of(
    const std::optional<codec::autoscaling::LaunchTemplateSpecification>& spec);
void put_template_ref(codec::autoscaling::LaunchTemplateSpecificationWriter& w,
                      const TemplateRef& ref);

// Adds a decoded MixedInstancesPolicy to `s`: its launch template, overrides and the
// InstancesDistribution members given (s.distribution_fields). ValidationError when `s` already
// has a top-level LaunchTemplate.
void apply_mixed_policy(const codec::autoscaling::MixedInstancesPolicy& policy, GroupSettings& s);
void put_mixed_policy(codec::autoscaling::MixedInstancesPolicyWriter& w, const MixedPolicy& policy);

}  // namespace cloudlife::autoscaling::api
