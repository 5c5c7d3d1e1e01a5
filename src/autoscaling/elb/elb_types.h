// The ELB / ELBv2 state of one account and region: Classic load balancers and ELBv2 target
// groups. Bookkeeping only — no traffic is routed; health follows the EC2 instance state.
// Contract: plain data, read and changed only under the engine lock (by ElbModel, and by the
// Auto Scaling model, which registers its groups' instances: AsgPartition is an ElbPartition).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "autoscaling/elb/target_group_rules.h"
#include "core/partitions.h"
#include "core/time.h"

namespace cloudlife::autoscaling {

// Classic ELB load balancer.
struct ClassicLoadBalancer {
  std::string name;
  std::string dns_name;
  std::string scheme = "internet-facing";
  std::vector<std::string> zones;
  std::vector<std::string> subnets;
  std::vector<std::string> security_groups;
  std::string vpc_id;
  // SourceSecurityGroup: in a VPC the account and the name of the first security group (the
  // VPC's default group when none was given); outside one amazon-elb / amazon-elb-sg.
  std::string source_group_owner = "amazon-elb";
  std::string source_group_name = "amazon-elb-sg";
  struct Listener {
    std::string protocol;
    long long port = 0;
    std::string instance_protocol;
    long long instance_port = 0;
  };
  std::vector<Listener> listeners;
  std::vector<std::string> instances;  // registration order
  TagMap tags;                         // Tags on create, AddTags / RemoveTags / DescribeTags
  core::TimeMs created = 0;
};

// ELBv2 target group, with the health-check settings it was created with (echoed, not run),
// its tags and its attributes.
struct TargetGroup {
  std::string arn;
  std::string name;
  std::string protocol;
  long long port = 0;
  std::string vpc_id;
  std::string target_type = "instance";
  std::string health_check_protocol;
  std::string health_check_path;
  std::string health_check_port = "traffic-port";
  bool health_check_enabled = true;
  long long health_check_interval_seconds = 30;
  long long health_check_timeout_seconds = 5;
  long long healthy_threshold_count = 5;
  long long unhealthy_threshold_count = 2;
  std::string matcher_http_code = "200";
  struct Target {
    std::string id;
    long long port = 0;
  };
  std::vector<Target> targets;
  TagMap tags;        // AddTags / RemoveTags / DescribeTags, Tags on create
  TagMap attributes;  // Describe/ModifyTargetGroupAttributes: default_target_group_attributes
};

struct ElbPartition : core::LockedState {
  ElbPartition(core::LockProof held, const core::PartitionKey& partition_key)
      : core::LockedState(held), key(partition_key) {}

  core::PartitionKey key;
  std::map<std::string, ClassicLoadBalancer> load_balancers;  // by name
  std::map<std::string, TargetGroup> target_groups;           // by ARN
};

}  // namespace cloudlife::autoscaling
